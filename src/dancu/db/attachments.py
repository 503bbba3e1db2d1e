"""Files kept in the database (proofs, scans) are sealed at rest and checked on every read.

The stored bytes are AES-GCM sealed (dancu.sealing) under the table's purpose with the file's
SHA-256 bound in, and the opened file must hash to the recorded digest: a changed, truncated or
swapped copy is refused with ``attachment.altered`` (409), never served and never a 500.
"""

from __future__ import annotations

import hashlib
import hmac

from dancu import sealing
from dancu.errors import DomainError


def seal(table: str, content: bytes) -> tuple[str, bytes]:
    """(SHA-256 hex of the file, the sealed bytes to store)."""
    digest = hashlib.sha256(content).hexdigest()
    return digest, sealing.seal_bytes(content, purpose=f"{table}.content", context=digest)


def open_checked(table: str, stored: bytes, sha256: str, *, attachment_id: int) -> bytes:
    try:
        content = sealing.open_bytes(bytes(stored), purpose=f"{table}.content", context=sha256)
    except sealing.SealingError as exc:
        if exc.code in ("sealing.no_keys", "sealing.keys_file_unreadable", "sealing.unknown_key"):
            raise  # a configuration fault (503), not an altered file
        raise DomainError("attachment.altered", status=409, attachment_id=attachment_id) from None
    if not hmac.compare_digest(hashlib.sha256(content).hexdigest(), sha256):
        raise DomainError("attachment.altered", status=409, attachment_id=attachment_id)
    return content
