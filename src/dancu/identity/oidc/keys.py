"""Signing keys: ES256 (P-256), rotation with an overlap during which retired keys still verify.

The private half is kept as PKCS#8 PEM encrypted with DANCU_OIDC_KEY_PASSPHRASE when that variable is
set (production must set it, so that a copy of the database alone cannot mint tokens), as the audit
log's checkpoint keys are (``audit.signing``). Keys written before that as a private JWK still load.
"""

from __future__ import annotations

import datetime as dt
import os

from cryptography.hazmat.primitives import serialization
from joserfc.jwk import ECKey, KeySet
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.clock import now_utc
from dancu.errors import DomainError
from dancu.identity.oidc.models import SigningKey

ALG = "ES256"
# Longer than any token we sign lives (access and ID tokens: minutes), so that a token signed just
# before a rotation still verifies until it expires.
RETIRED_OVERLAP = dt.timedelta(days=1)
PASSPHRASE_ENV = "DANCU_OIDC_KEY_PASSPHRASE"  # noqa: S105 (a variable name, not a secret)


def passphrase() -> bytes | None:
    value = os.environ.get(PASSPHRASE_ENV)
    return value.encode() if value else None


def private_pem(key: ECKey) -> str:
    """The private key as PKCS#8 PEM, encrypted with the passphrase when one is set."""
    secret = passphrase()
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(secret) if secret else serialization.NoEncryption()
    )
    pem: bytes = key.private_key.private_bytes(  # type: ignore[union-attr]
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    return pem.decode()


def _new_key() -> SigningKey:
    key = ECKey.generate_key("P-256", private=True, auto_kid=True)
    public = dict(key.as_dict(private=False), use="sig", alg=ALG)
    return SigningKey(
        kid=key.kid,
        alg=ALG,
        private_jwk=None,
        private_pem=private_pem(key),
        public_jwk=public,
        created_at=now_utc(),
        retired_at=None,
    )


async def current_key(session: AsyncSession) -> SigningKey:
    """The key that signs new tokens; the first one is created on first use."""
    key = await session.scalar(
        select(SigningKey).where(SigningKey.retired_at.is_(None)).order_by(SigningKey.id.desc()).limit(1)
    )
    if key is None:
        key = _new_key()
        session.add(key)
        await session.flush()  # the new key gets its id, and published_keys in this unit must list it
    return key


async def rotate(session: AsyncSession) -> tuple[SigningKey, list[str]]:
    """Retire every current key and create a new one; returns the new key and the retired kids."""
    now = now_utc()
    retired = list(await session.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None))))
    for key in retired:
        key.retired_at = now
    new = _new_key()
    session.add(new)
    await session.flush()  # published_keys in this unit must list the new key
    return new, [key.kid for key in retired]


async def published_keys(session: AsyncSession) -> list[SigningKey]:
    """Current keys and keys retired less than ``RETIRED_OVERLAP`` ago, newest first."""
    since = now_utc() - RETIRED_OVERLAP
    return list(
        await session.scalars(
            select(SigningKey)
            .where(or_(SigningKey.retired_at.is_(None), SigningKey.retired_at > since))
            .order_by(SigningKey.id.desc())
        )
    )


def private_key(key: SigningKey) -> ECKey:
    if key.private_pem is None:
        assert key.private_jwk is not None, "a signing key keeps its private half in one of the two columns"
        return ECKey.import_key(key.private_jwk)
    try:
        return ECKey.import_key(key.private_pem, {"kid": key.kid}, password=passphrase())
    except (TypeError, ValueError):
        # Wrong or missing passphrase: say so instead of failing with a bare 500 from the library.
        raise DomainError("oidc.key_passphrase", status=503, env=PASSPHRASE_ENV) from None


async def verification_keys(session: AsyncSession) -> KeySet:
    return KeySet([ECKey.import_key(key.public_jwk) for key in await published_keys(session)])
