"""Ed25519 keys for checkpoints: create, rotate, load; public keys stay forever for verification.

The private key lives only in the database, as PKCS#8 PEM encrypted with DANCU_AUDIT_KEY_PASSPHRASE
when that variable is set (production must set it, so a copy of the database alone cannot sign).
``verify`` does not trust the public keys stored here: it takes them from the trusted-keys file
(:mod:`dancu.audit.trust`), to which every key created here is added.
"""

from __future__ import annotations

import os
import secrets

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit import config
from dancu.audit.models import AuditSigningKey
from dancu.audit.trust import add_trusted, read_trusted
from dancu.clock import now_utc
from dancu.errors import DomainError

PASSPHRASE_ENV = "DANCU_AUDIT_KEY_PASSPHRASE"  # noqa: S105 (a variable name, not a secret)


def _passphrase() -> bytes | None:
    value = os.environ.get(PASSPHRASE_ENV)
    return value.encode() if value else None


def _encryption() -> serialization.KeySerializationEncryption:
    passphrase = _passphrase()
    if passphrase is None:
        return serialization.NoEncryption()
    return serialization.BestAvailableEncryption(passphrase)


def public_hex(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


async def active_key(session: AsyncSession) -> AuditSigningKey | None:
    query = select(AuditSigningKey).where(AuditSigningKey.retired_at.is_(None)).limit(1)
    return await session.scalar(query)


async def rotate_key(session: AsyncSession) -> AuditSigningKey:
    """Retire the active key (erasing its private half) and create a new one."""
    old = await active_key(session)
    if old is not None:
        old.retired_at = now_utc()
        old.private_key = None
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, _encryption())
    row = AuditSigningKey(
        key_id=secrets.token_hex(8),
        created_at=now_utc(),
        public_key=public_hex(key),
        private_key=pem.decode(),
    )
    session.add(row)
    await session.flush()  # the caller gets the row with its id
    add_trusted(config.trusted_keys_file(config.url_of(session)), {row.key_id: row.public_key})
    return row


async def signing_key(session: AsyncSession) -> tuple[str, Ed25519PrivateKey]:
    """The active key (created on first use)."""
    row = await active_key(session) or await rotate_key(session)
    assert row.private_key is not None
    try:
        key = serialization.load_pem_private_key(row.private_key.encode(), password=_passphrase())
    except (TypeError, ValueError) as exc:
        raise DomainError("audit.signing_key_unreadable", status=500, key_id=row.key_id) from exc
    assert isinstance(key, Ed25519PrivateKey)
    return row.key_id, key


async def public_keys(session: AsyncSession) -> dict[str, str]:
    rows = await session.execute(select(AuditSigningKey.key_id, AuditSigningKey.public_key))
    return {key_id: public for key_id, public in rows}


async def trusted_public_keys(session: AsyncSession) -> dict[str, str] | None:
    """The keys the configuration trusts (None when no trusted-keys file exists)."""
    return read_trusted(config.trusted_keys_file(config.url_of(session)))


def signature_valid(public_key_hex: str, signature_hex: str, body: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(
            bytes.fromhex(signature_hex), body
        )
    except (InvalidSignature, ValueError):
        return False
    return True
