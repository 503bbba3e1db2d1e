"""argon2id password hashing.

Production uses argon2-cffi's defaults (RFC 9106 low-memory profile: t=3, m=64 MiB, p=4). The test
suite selects the cheap ``test`` profile through ``DANCU_PASSWORD_HASH_PROFILE``; nothing is hashed
at import, so every ``dancu`` process starts without paying for a hash it may never use.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dancu.settings import PasswordHashProfile, get_settings


def _make_hasher(profile: PasswordHashProfile) -> PasswordHasher:
    if profile is PasswordHashProfile.TEST:
        # The smallest cost argon2 accepts: a test proves behaviour, not resistance to guessing.
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()


@cache
def _hasher() -> PasswordHasher:
    # Read once per process, on first use: the profile is chosen before anything hashes.
    return _make_hasher(get_settings().password_hash_profile)


@cache
def _unknown_user_hash() -> str:
    # Verifying against this keeps the time of a login for an unknown user equal to a known one.
    # Made on first use (not at import) and with the same hasher, so it costs what a real hash costs.
    return _hasher().hash("dancu-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher().verify(password_hash or _unknown_user_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
