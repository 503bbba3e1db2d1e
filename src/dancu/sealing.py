"""Secrets at rest: AES-256-GCM sealing with key ids (rotation), and keyed digests of one-time codes.

A sealed text is ``s1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>``; sealed bytes are
``b"S1" ‖ len(key id) ‖ key id ‖ nonce ‖ ciphertext ‖ tag``. The key id names the key that sealed
the value, so a keys file may hold the new key first and the old ones after it while values are
resealed (``dancu sealing reseal``). Every value is sealed for a *purpose* (its table and column)
that is bound in as associated data: a sealed TOTP secret copied into a webhook's column does not
open.

Keys come from the file named by ``DANCU_SEALING_KEYS_FILE`` (one ``<key id> <base64 32 bytes>``
a line, the first sealing). Without one, development mode uses a built-in key that is *not
secret* (key id ``dev``), and production has none: sealing refuses, and the server refuses to start
(dancu.ops.startup). A value sealed with the development key never opens in production.

One-time codes and similar low-entropy values (a 6-digit code, a PIN) are never stored in clear
nor as a bare hash, which is recovered by trying every value: :func:`keyed_digest` is an HMAC
under a key derived from a sealing key, and :func:`digest_matches` accepts a digest made under any
key of the ring.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from dancu.errors import DomainError
from dancu.settings import DeploymentMode, Settings, get_settings

TEXT_PREFIX = "s1."
BYTES_PREFIX = b"S1"
NONCE_BYTES = 12
KEY_BYTES = 32
DEV_KEY_ID = "dev"
# Development only, and deliberately public: values sealed with it are as good as clear.
DEV_KEY = hashlib.sha256(b"dancu development sealing key - not secret").digest()
KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
_DIGEST_INFO = b"dancu keyed digest v1"


class SealingError(DomainError):
    """A value cannot be sealed or opened: no keys, an unknown key id, or altered ciphertext."""

    status = 503


@dataclass(frozen=True)
class Keyring:
    """Key ids to 32-byte keys; ``active`` seals, every key opens."""

    keys: dict[str, bytes]
    active: str

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise SealingError("sealing.unknown_key", key_id=key_id) from None

    def digest_keys(self) -> list[bytes]:
        """The HMAC keys, the active one first (derived, so a digest never reveals a sealing key)."""
        ordered = [self.active, *(k for k in self.keys if k != self.active)]
        return [_digest_key(self.keys[k]) for k in ordered]


@lru_cache(maxsize=16)
def _digest_key(key: bytes) -> bytes:
    """A sealing key's digest key: derived once per key, not on every digest (the yes/no question
    keys each asked PIN)."""
    return hmac.digest(key, _DIGEST_INFO, "sha256")


def parse_keys(text: str, *, source: str = "keys file") -> Keyring:
    """Lines of ``<key id> <base64 key>``; blank lines and ``#`` comments are skipped."""
    keys: dict[str, bytes] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or not KEY_ID.match(parts[0]) or parts[0] in keys:
            raise SealingError("sealing.bad_keys_file", source=source, line=number)
        try:
            key = base64.b64decode(parts[1], validate=True)
        except binascii.Error:
            key = b""
        if len(key) != KEY_BYTES:
            raise SealingError("sealing.bad_keys_file", source=source, line=number)
        keys[parts[0]] = key
    if not keys:
        raise SealingError("sealing.bad_keys_file", source=source, line=0)
    return Keyring(keys=keys, active=next(iter(keys)))


def new_key_line(key_id: str) -> str:
    if not KEY_ID.match(key_id):
        raise SealingError("sealing.bad_key_id", key_id=key_id)
    return f"{key_id} {base64.b64encode(os.urandom(KEY_BYTES)).decode()}"


def load_keyring(settings: Settings) -> Keyring:
    """The configured keys; the development key only in development mode without a file."""
    path = settings.sealing_keys_file
    if path is not None:
        return _read_keys(path)
    if settings.mode is DeploymentMode.DEVELOPMENT:
        return Keyring(keys={DEV_KEY_ID: DEV_KEY}, active=DEV_KEY_ID)
    raise SealingError("sealing.no_keys")


@lru_cache(maxsize=8)
def _read_keys(path: Path) -> Keyring:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise SealingError("sealing.keys_file_unreadable", path=str(path)) from None
    return parse_keys(text, source=str(path))


def current_keyring() -> Keyring:
    return load_keyring(get_settings())


def _aad(purpose: str, context: str) -> bytes:
    return f"{purpose}\x00{context}".encode()


def seal_bytes(plain: bytes, *, purpose: str, context: str = "", ring: Keyring | None = None) -> bytes:
    ring = ring or current_keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.key(ring.active)).encrypt(nonce, plain, _aad(purpose, context))
    kid = ring.active.encode()
    return BYTES_PREFIX + bytes([len(kid)]) + kid + nonce + sealed


def open_bytes(value: bytes, *, purpose: str, context: str = "", ring: Keyring | None = None) -> bytes:
    """The plaintext; SealingError when the value is not sealed, its key is unknown or it was altered."""
    if not value.startswith(BYTES_PREFIX) or len(value) < 3:
        raise SealingError("sealing.not_sealed", purpose=purpose)
    kid_end = 3 + value[2]
    return _open(value[3:kid_end].decode("ascii", "replace"), value[kid_end:], purpose, context, ring)


def seal_text(plain: str, *, purpose: str, context: str = "", ring: Keyring | None = None) -> str:
    ring = ring or current_keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.key(ring.active)).encrypt(nonce, plain.encode(), _aad(purpose, context))
    return f"{TEXT_PREFIX}{ring.active}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def open_text(value: str, *, purpose: str, context: str = "", ring: Keyring | None = None) -> str:
    parts = value.split(".")
    if len(parts) != 3 or f"{parts[0]}." != TEXT_PREFIX:
        raise SealingError("sealing.not_sealed", purpose=purpose)
    try:
        blob = base64.urlsafe_b64decode(parts[2])
    except (binascii.Error, ValueError):
        raise SealingError("sealing.altered", purpose=purpose) from None
    return _open(parts[1], blob, purpose, context, ring).decode()


def is_sealed_text(value: str) -> bool:
    return value.startswith(TEXT_PREFIX)


def key_id_of_text(value: str) -> str | None:
    parts = value.split(".")
    return parts[1] if len(parts) == 3 and is_sealed_text(value) else None


def _open(key_id: str, blob: bytes, purpose: str, context: str, ring: Keyring | None) -> bytes:
    ring = ring or current_keyring()
    key = ring.key(key_id)
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], _aad(purpose, context))
    except (InvalidTag, ValueError):
        raise SealingError("sealing.altered", purpose=purpose) from None


def keyed_digest(message: str, *, ring: Keyring | None = None) -> str:
    """HMAC-SHA256 (hex) of ``message`` under the active key's digest key."""
    ring = ring or current_keyring()
    return hmac.digest(_digest_key(ring.key(ring.active)), message.encode(), "sha256").hex()


def digest_matches(stored: str, message: str, *, ring: Keyring | None = None) -> bool:
    """Whether ``stored`` is the keyed digest of ``message`` under any key of the ring."""
    matched = False
    for key in (ring or current_keyring()).digest_keys():
        candidate = hmac.digest(key, message.encode(), "sha256").hex()
        matched = hmac.compare_digest(stored, candidate) or matched
    return matched
