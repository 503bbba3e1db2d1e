"""The login cookie's name and the hashing of bearer and session tokens: only hashes are stored."""

from __future__ import annotations

import hashlib

# The login session's cookie: set by identity, described by the OpenAPI document, read by the ops
# middleware for read-your-writes.
SESSION_COOKIE = "dancu_session"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
