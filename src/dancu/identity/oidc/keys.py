"""Signing keys: ES256 (P-256) JWKs, rotation with an overlap during which retired keys still verify."""

from __future__ import annotations

import datetime as dt

from joserfc.jwk import ECKey, KeySet
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.clock import now_utc
from dancu.identity.oidc.models import SigningKey

ALG = "ES256"
# Longer than any token we sign lives (access and ID tokens: minutes), so that a token signed just
# before a rotation still verifies until it expires.
RETIRED_OVERLAP = dt.timedelta(days=1)


def _new_key() -> SigningKey:
    key = ECKey.generate_key("P-256", private=True, auto_kid=True)
    public = dict(key.as_dict(private=False), use="sig", alg=ALG)
    return SigningKey(
        kid=key.kid,
        alg=ALG,
        private_jwk=dict(key.as_dict(private=True)),
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
        await session.flush()
    return key


async def rotate(session: AsyncSession) -> tuple[SigningKey, list[str]]:
    """Retire every current key and create a new one; returns the new key and the retired kids."""
    now = now_utc()
    retired = list(await session.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None))))
    for key in retired:
        key.retired_at = now
    new = _new_key()
    session.add(new)
    await session.flush()
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
    return ECKey.import_key(key.private_jwk)


async def verification_keys(session: AsyncSession) -> KeySet:
    return KeySet([ECKey.import_key(key.public_jwk) for key in await published_keys(session)])
