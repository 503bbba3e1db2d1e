"""The entries' keyed MAC: ``entry_mac = HMAC-SHA256(key, "dancu-audit-mac-v1\\n" + entry_hash)``.

The entry hash stays a public SHA-256 (a citizen checks a proof with nothing but public keys); the
MAC, over that hash, needs a secret the database does not hold, so whoever can write the database
but not read the key file cannot append an entry that verifies. The key file (JSON, mode 0600)::

    {"version": 1, "unkeyed_before_event_id": 1234,
     "keys": [{"id": "…", "secret": "<64 hex>", "created_at": "…"}, …]}

The last key is the one in use; earlier keys stay to verify the entries they keyed. Entries with an
id below ``unkeyed_before_event_id`` were written before the first key (by older code) and may carry
no MAC; every later one must. The file is created on the first append if it does not exist (the
first entry's id is the boundary) and re-read whenever it changes on disk, so a rotation
(``dancu audit rotate-mac-key``) reaches every process at its next append.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

MAC_VERSION = "dancu-audit-mac-v1"


@dataclass(frozen=True)
class MacKey:
    id: str
    secret: bytes
    created_at: str


@dataclass(frozen=True)
class MacKeys:
    keys: tuple[MacKey, ...]
    unkeyed_before_event_id: int

    @property
    def active(self) -> MacKey:
        return self.keys[-1]

    def position(self, key_id: str) -> int | None:
        return next((i for i, key in enumerate(self.keys) if key.id == key_id), None)

    def sign(self, entry_hash: str) -> tuple[str, str]:
        """(key id, MAC) of an entry hash, with the key in use."""
        active = self.keys[-1]
        return active.id, entry_mac(active.secret, entry_hash)


def entry_mac(secret: bytes, entry_hash: str) -> str:
    return hmac.new(secret, f"{MAC_VERSION}\n{entry_hash}".encode(), hashlib.sha256).hexdigest()


def mac_valid(secret: bytes, entry_hash: str, mac: str) -> bool:
    return hmac.compare_digest(entry_mac(secret, entry_hash), mac)


class MacKeyFileError(ValueError):
    """The key file exists but cannot be read as a key file."""


def _parse(text: str, path: Path) -> MacKeys:
    try:
        raw = json.loads(text)
        keys = tuple(
            MacKey(str(k["id"]), bytes.fromhex(k["secret"]), str(k.get("created_at", "")))
            for k in raw["keys"]
        )
        boundary = int(raw["unkeyed_before_event_id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise MacKeyFileError(f"{path}: not a dancu audit MAC key file ({exc})") from exc
    if not keys or any(len(k.secret) < 32 for k in keys):
        raise MacKeyFileError(f"{path}: no key, or a key shorter than 32 bytes")
    return MacKeys(keys, boundary)


def _render(keys: MacKeys) -> bytes:
    body = {
        "version": 1,
        "unkeyed_before_event_id": keys.unkeyed_before_event_id,
        "keys": [{"id": k.id, "secret": k.secret.hex(), "created_at": k.created_at} for k in keys.keys],
    }
    return (json.dumps(body, indent=2) + "\n").encode()


def _new_key() -> MacKey:
    created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return MacKey(secrets.token_hex(8), secrets.token_bytes(32), created)


_cache: dict[Path, tuple[tuple[int, int, int], MacKeys]] = {}


def load(path: Path) -> MacKeys | None:
    """The keys in ``path`` (None when it does not exist), re-read only when the file changed."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(path)
    if cached is not None and cached[0] == signature:
        return cached[1]
    keys = _parse(path.read_text(), path)
    _cache[path] = (signature, keys)
    return keys


def _write_new(path: Path, content: bytes, *, replace: bool) -> bool:
    """Write ``content`` to a private temporary file beside ``path`` and move it into place:
    atomically replacing (``replace``) or only if ``path`` does not exist yet (False if it did)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(temporary, path)
            return True
        try:
            os.link(temporary, path)  # fails if another process created it first
        except FileExistsError:
            return False
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def ensure(path: Path, *, first_event_id: int) -> MacKeys:
    """The keys, creating the file with one key if there is none: entries from ``first_event_id``
    on are keyed. Several processes racing here all end up with the one file that won."""
    keys = load(path)
    if keys is not None:
        return keys
    _write_new(path, _render(MacKeys((_new_key(),), first_event_id)), replace=False)
    keys = load(path)
    assert keys is not None
    return keys


def rotate(path: Path) -> MacKeys:
    """Add a new key and make it the one in use; the earlier keys stay to verify old entries."""
    keys = load(path)
    if keys is None:
        raise MacKeyFileError(f"{path}: no MAC key file to rotate (the first append creates it)")
    rotated = MacKeys((*keys.keys, _new_key()), keys.unkeyed_before_event_id)
    _write_new(path, _render(rotated), replace=True)
    _cache.pop(path, None)
    fresh = load(path)
    assert fresh is not None
    return fresh
