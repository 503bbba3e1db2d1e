"""The checkpoint public keys ``verify`` trusts: a file, not the database.

``trusted-keys.json`` (see :mod:`dancu.audit.config`) is ``{"keys": {"<key id>": "<public key hex>"}}``.
Creating a checkpoint key (the first checkpoint, ``dancu audit rotate-key``) adds its public half
here; an operator may instead keep the file read-only and managed elsewhere (then the command prints
the line to add). ``dancu audit trust-keys`` copies the database's public keys into it once, when an
installation made before this file existed is upgraded: that is the moment the operator vouches for
them. Whoever can rewrite the database but not this file cannot make ``verify`` accept a checkpoint
signed with a key of their own.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

log = logging.getLogger("dancu.audit")


class TrustFileError(ValueError):
    """The trusted-keys file exists but is not one."""


def read_trusted(path: Path) -> dict[str, str] | None:
    """Key id → Ed25519 public key (hex), or None when the file does not exist."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError as exc:
        raise TrustFileError(f"{path}: not JSON ({exc})") from exc
    keys = raw.get("keys") if isinstance(raw, dict) else None
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise TrustFileError(f'{path}: expected {{"keys": {{"<key id>": "<public key hex>"}}}}')
    return {str(k): v for k, v in keys.items()}


@contextlib.contextmanager
def _locked(lock: Path) -> Iterator[None]:
    fd = os.open(lock, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def add_trusted(path: Path, keys: Mapping[str, str]) -> bool:
    """Add keys to the file (created if missing); False, with a log line, if it cannot be written or
    already holds a different key under one of the ids."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(path.with_name(f".{path.name}.lock")):  # several processes may add at once
            current = read_trusted(path) or {}
            if any(current.get(k, v) != v for k, v in keys.items()):
                log.warning("audit: %s already trusts another key under an id of %s", path, sorted(keys))
                return False  # a trusted key is never replaced (that is the attack verify catches)
            merged = current | dict(keys)
            if merged == current:
                return True
            temporary = path.with_name(f".{path.name}.{os.getpid()}")
            text = json.dumps({"keys": merged}, indent=2, sort_keys=True) + "\n"
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, path)
    except (OSError, TrustFileError):
        log.warning("audit: could not add keys %s to %s; add them by hand", sorted(keys), path)
        return False
    return True
