"""The anchor: what the log looked like, written outside the database as it happens.

``anchor.jsonl`` (see :mod:`dancu.audit.config`) is append-only, one JSON object a line:

- ``{"kind": "heads", "at": …, "heads": {"<chain>": [seq, hash], …}}`` after every commit that
  appended to the log, naming the chains it moved (written by whichever process committed);
- ``{"kind": "checkpoint", "id": …, "checkpoint_hash": …, "key_id": …, "signature": …, "body": …}``
  after every checkpoint is committed (and POSTed to ``DANCU_AUDIT_WITNESS_URL`` when set).

Several worker processes append at once: each line is one ``write`` on a descriptor opened with
``O_APPEND`` while holding an exclusive ``flock``, so lines never interleave. Nothing is fsynced per
line: a crash can lose the last lines (the database is then ahead of the anchor, which verify
accepts), never invent one. ``verify`` reads it back: a chain whose database head is behind the
anchor lost entries; a checkpoint the anchor names that the database lacks was deleted.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dancu.clock import now_utc

log = logging.getLogger("dancu.audit")


def _line(record: Mapping[str, Any]) -> bytes:
    return (json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


def append_record(path: Path, record: Mapping[str, Any]) -> None:
    """Append one line; safe with several processes writing the same file."""
    data = _line(record)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        written = os.write(fd, data)
        if written != len(data):  # a full disk: say so, the database is still right
            raise OSError(f"short write to {path}")
    finally:
        os.close(fd)  # releases the lock


def heads_record(heads: Mapping[int, tuple[int, str]]) -> dict[str, Any]:
    return {
        "kind": "heads",
        "at": now_utc().strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "heads": {str(chain): [seq, digest] for chain, (seq, digest) in sorted(heads.items())},
    }


def record_heads(path: Path | None, heads: Mapping[int, tuple[int, str]]) -> None:
    """After a commit: the chains it moved. A failure is logged, not raised (the commit stands)."""
    if path is None or not heads:
        return
    try:
        append_record(path, heads_record(heads))
    except OSError:
        log.exception("audit anchor %s: chain heads not recorded", path)


def checkpoint_record(
    *, checkpoint_id: int, checkpoint_hash: str, key_id: str, signature: str, body: bytes
) -> dict[str, Any]:
    return {
        "kind": "checkpoint",
        "id": checkpoint_id,
        "checkpoint_hash": checkpoint_hash,
        "key_id": key_id,
        "signature": signature,
        "body": body.decode(),
    }


def post_to_witness(url: str, record: Mapping[str, Any], *, timeout: float = 10.0) -> str:
    """POST the record as JSON; "ok" or what went wrong (the caller reports it)."""
    if not url.startswith(("https://", "http://")):
        return "refused: the witness URL must be http(s)"
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, data=_line(record), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            status = int(answer.status)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return f"failed: {exc}"
    return "ok" if 200 <= status < 300 else f"failed: HTTP {status}"


# --- Reading it back --------------------------------------------------------------------------------


@dataclass
class Anchor:
    """What the anchor says: the furthest head seen per chain, and every checkpoint anchored."""

    path: Path
    lines: int = 0
    heads: dict[int, tuple[int, str]] = field(default_factory=dict)
    first_seen: dict[int, int] = field(default_factory=dict)  # chain → lowest position anchored
    checkpoints: dict[int, dict[str, Any]] = field(default_factory=dict)
    unreadable: list[int] = field(default_factory=list)  # line numbers

    def saw(self, chain: int, seq: int, digest: str) -> None:
        if seq > self.heads.get(chain, (0, ""))[0]:
            self.heads[chain] = (seq, digest)
        self.first_seen[chain] = min(seq, self.first_seen.get(chain, seq))


def _when(stamp: str) -> dt.datetime:
    return dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


def read_anchor(path: Path, *, until: dt.datetime | None = None) -> Anchor | None:
    """The anchor's content, or None when the file does not exist. ``until``: only what was written
    up to that moment (to verify a copy of the database restored to it)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    anchor = Anchor(path)
    lines = text.splitlines()
    torn = len(lines) if lines and not text.endswith("\n") else None  # a crash mid-write
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        anchor.lines += 1
        try:
            record = json.loads(line)
            if record["kind"] == "heads":
                if until is not None and _when(record["at"]) > until:
                    continue
                for chain, (seq, digest) in record["heads"].items():
                    anchor.saw(int(chain), int(seq), str(digest))
            elif record["kind"] == "checkpoint":
                body = json.loads(record["body"])
                if until is not None and _when(body["created_at"]) > until:
                    continue
                anchor.checkpoints[int(record["id"])] = record
                for chain, (seq, digest) in body["heads"].items():
                    anchor.saw(int(chain), int(seq), str(digest))
            else:
                anchor.unreadable.append(number)
        except (ValueError, KeyError, TypeError):
            if number != torn:
                anchor.unreadable.append(number)  # an edit: a torn last line is a crash, not one
    return anchor
