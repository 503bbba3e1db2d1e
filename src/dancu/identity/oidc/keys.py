"""Signing keys: ES256 (P-256) and RS256 (RSA 2048), rotation with an overlap during which retired
keys still verify. Access tokens are signed ES256; ID tokens with the algorithm the client registered,
RS256 by default (OIDC Discovery 1.0 §3: RS256 MUST be supported; OIDC Registration §2: the default).

The private half is kept as PKCS#8 PEM encrypted with DANCU_OIDC_KEY_PASSPHRASE when that variable is
set (production must set it, so that a copy of the database alone cannot mint tokens), as the audit
log's checkpoint keys are (``audit.signing``). Keys written before that as a private JWK still load.
"""

from __future__ import annotations

import datetime as dt
import os

from cryptography.hazmat.primitives import serialization
from joserfc.jwk import ECKey, JWKRegistry, KeySet, RSAKey
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.clock import now_utc
from dancu.errors import DomainError
from dancu.identity.oidc.models import SigningKey

ALG = "ES256"  # access tokens
RS256 = "RS256"
ALGS = (ALG, RS256)  # every algorithm a current key exists for; ID tokens use either
RSA_BITS = 2048
# Longer than any token we sign lives (access and ID tokens: minutes), so that a token signed just
# before a rotation still verifies until it expires.
RETIRED_OVERLAP = dt.timedelta(days=1)
PASSPHRASE_ENV = "DANCU_OIDC_KEY_PASSPHRASE"  # noqa: S105 (a variable name, not a secret)


def passphrase() -> bytes | None:
    value = os.environ.get(PASSPHRASE_ENV)
    return value.encode() if value else None


def private_pem(key: ECKey | RSAKey) -> str:
    """The private key as PKCS#8 PEM, encrypted with the passphrase when one is set."""
    secret = passphrase()
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(secret) if secret else serialization.NoEncryption()
    )
    pem: bytes = key.private_key.private_bytes(  # type: ignore[union-attr]
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    return pem.decode()


def _new_key(alg: str = ALG) -> SigningKey:
    key: ECKey | RSAKey
    if alg == RS256:
        key = RSAKey.generate_key(RSA_BITS, private=True, auto_kid=True)
    else:
        key = ECKey.generate_key("P-256", private=True, auto_kid=True)
    public = dict(key.as_dict(private=False), use="sig", alg=alg)
    return SigningKey(
        kid=key.kid,
        alg=alg,
        private_jwk=None,
        private_pem=private_pem(key),
        public_jwk=public,
        created_at=now_utc(),
        retired_at=None,
    )


async def current_key(session: AsyncSession, alg: str = ALG) -> SigningKey:
    """The key that signs new tokens with ``alg``; the first one is created on first use."""
    key = await session.scalar(
        select(SigningKey)
        .where(SigningKey.retired_at.is_(None), SigningKey.alg == alg)
        .order_by(SigningKey.id.desc())
        .limit(1)
    )
    if key is None:
        key = _new_key(alg)
        session.add(key)
        await session.flush()  # the new key gets its id, and published_keys in this unit must list it
    return key


async def rotate(session: AsyncSession) -> tuple[SigningKey, list[str]]:
    """Retire every current key and create a new one for each algorithm; returns the new ES256 key
    (the RS256 one is published beside it) and the retired kids."""
    now = now_utc()
    retired = list(await session.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None))))
    for key in retired:
        key.retired_at = now
    new = [_new_key(alg) for alg in ALGS]
    session.add_all(new)
    await session.flush()  # published_keys in this unit must list the new keys
    return new[0], [key.kid for key in retired]


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


def private_key(key: SigningKey) -> ECKey | RSAKey:
    kind: type[ECKey] | type[RSAKey] = RSAKey if key.alg == RS256 else ECKey
    if key.private_pem is None:
        assert key.private_jwk is not None, "a signing key keeps its private half in one of the two columns"
        return kind.import_key(key.private_jwk)
    try:
        return kind.import_key(key.private_pem, {"kid": key.kid}, password=passphrase())
    except (TypeError, ValueError):
        # Wrong or missing passphrase: say so instead of failing with a bare 500 from the library.
        raise DomainError("oidc.key_passphrase", status=503, env=PASSPHRASE_ENV) from None


async def verification_keys(session: AsyncSession) -> KeySet:
    return KeySet([JWKRegistry.import_key(key.public_jwk) for key in await published_keys(session)])
