"""Pure hashing rules of the log: canonical entry content, entry hashes, Merkle trees.

Nothing here touches the database, so the same code computes hashes when writing, when verifying
the whole log and when a citizen checks a proof on their own machine.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from enum import Enum
from json.encoder import encode_basestring as _string
from typing import Any

GENESIS = "0" * 64
HASH_VERSION = "dancu-audit-v1"

# The columns an entry's hash covers, in a fixed list: adding a column is a new HASH_VERSION.
CONTENT_COLUMNS = (
    "id", "chain", "seq", "occurred_at", "event_type", "actor_account_id", "actor_label",
    "subject_citizen_id", "reason", "data", "actor_group", "channel", "organisation_id",
    "organisation_label", "legal_basis", "purpose", "fields", "request_ref", "permit_ref",
    "consent_ref", "disclosure_after",
)  # fmt: skip


# Values the hash takes as they are; their exact type (an enum is a subclass of str, a datetime of
# date), so a dictionary lookup replaces the checks below for most of an entry's 21 columns.
_AS_IS = frozenset({str, int, bool, float, dict, list, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:
        return value
    if isinstance(value, Enum):  # its value read directly: the enum's property costs more
        inner = value._value_
        return inner if isinstance(inner, str) else value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime in an audit entry")
        if value.tzinfo is dt.UTC and value.year >= 1000:  # the clock's own: the same text, sooner
            parts = (
                value.year,
                value.month,
                value.day,
                value.hour,
                value.minute,
                value.second,
                value.microsecond,
            )
            return "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ" % parts  # noqa: UP031 (faster than an f-string)
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


def plain(value: Any) -> Any:
    """A column value as the hash covers it (timestamps in UTC ISO 8601, enums by value)."""
    return _plain(value)


# The canonical form's encoder, made once (``json.dumps`` with options makes one a call).
_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
# Each column's key as it opens its member ("key":), in the sorted order the JSON text keeps.
_MEMBERS = tuple((column, f'"{column}":') for column in sorted(CONTENT_COLUMNS))


def canonical(content: Mapping[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8, timestamps as UTC ISO 8601 with microseconds.

    Exactly the text of ``json.dumps(…, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``
    of the columns' plain values, written member by member: the keys are fixed, so their order and
    text are made once, and the usual values (none, text, whole numbers) are written here directly
    (an entry's hash spent more time in the encoder's set-up and its sort than in the encoding)."""
    get, members = content.get, []
    for column, key in _MEMBERS:
        value = get(column)
        kind = type(value)
        if value is None:
            members.append(key + "null")
        elif kind is str:
            members.append(key + _string(value))
        elif kind is int:
            members.append(key + int.__repr__(value))
        else:
            members.append(key + _other(value, kind))
    return ("{" + ",".join(members) + "}").encode()


def _other(value: Any, kind: type) -> str:
    """Any other value's text; a list of texts (the fields read) and an empty document (most
    entries' data) without the encoder."""
    if kind is list:
        try:  # the encoder writes a text in a list as it writes it alone; anything else raises here
            return "[" + ",".join(map(_string, value)) + "]"
        except TypeError:
            return _encode(value)
    if kind is dict and not value:
        return "{}"
    return _encode(_plain(value))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_digest(content: Mapping[str, Any]) -> str:
    return sha256_hex(canonical(content))


def link_hash(digest: str, *, subject_prev_hash: str | None, prev_hash: str) -> str:
    """An entry's hash from its content digest and its two links (chain and person).

    Hashing the digest rather than the content lets a proof redact a deferred entry's content and
    still show that the entry is there and where."""
    line = f"{HASH_VERSION}\n{digest}\n{subject_prev_hash or ''}\n{prev_hash}"
    return sha256_hex(line.encode())


def entry_hash(content: Mapping[str, Any], *, subject_prev_hash: str | None, prev_hash: str) -> str:
    return link_hash(content_digest(content), subject_prev_hash=subject_prev_hash, prev_hash=prev_hash)


def chain_for(subject_citizen_id: int | None, actor_account_id: int | None, chains: int) -> int:
    """All entries about one person share a chain; entries without a person spread by actor."""
    key = subject_citizen_id if subject_citizen_id is not None else (actor_account_id or 0)
    return key % chains


# --- Merkle tree over per-person heads (RFC 6962 leaf/node prefixes) ------------------------------


def leaf_hash(subject_citizen_id: int, count: int, head_hash: str) -> str:
    return sha256_hex(b"\x00" + f"{subject_citizen_id}:{count}:{head_hash}".encode())


def _node(left: str, right: str) -> str:
    return sha256_hex(b"\x01" + bytes.fromhex(left) + bytes.fromhex(right))


def _up(level: list[str]) -> list[str]:
    """One level up; an odd last node is promoted unchanged."""
    return [
        _node(level[i], level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)
    ]


def merkle_root(leaves: Sequence[str]) -> str:
    if not leaves:
        return sha256_hex(b"")
    level = list(leaves)
    while len(level) > 1:
        level = [
            _node(*level[i : i + 2]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)
        ]
    return level[0]


def merkle_path(leaves: Sequence[str], index: int) -> list[tuple[str, str]]:
    """Siblings from leaf to root as ("L"|"R", hash): the side the sibling sits on."""
    path: list[tuple[str, str]] = []
    level = list(leaves)
    while len(level) > 1:
        sibling = index ^ 1
        if sibling < len(level):
            path.append(("L" if sibling < index else "R", level[sibling]))
        level = [
            _node(*level[i : i + 2]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)
        ]
        index //= 2
    return path


def root_from_path(leaf: str, path: Sequence[Sequence[str]]) -> str:
    node = leaf
    for side, sibling in path:
        node = _node(sibling, node) if side == "L" else _node(node, sibling)
    return node


# --- Checkpoints ------------------------------------------------------------------------------


def checkpoint_body(
    *,
    checkpoint_id: int,
    created_at: dt.datetime,
    key_id: str,
    last_event_id: int,
    heads: Mapping[str, Any],
    subject_root: str,
    subject_count: int,
    prev_checkpoint_hash: str,
) -> bytes:
    """The exact bytes a checkpoint signature covers."""
    body = {
        "version": HASH_VERSION,
        "id": checkpoint_id,
        "created_at": _plain(created_at),
        "key_id": key_id,
        "last_event_id": last_event_id,
        "heads": {str(k): list(v) for k, v in sorted(heads.items(), key=lambda kv: int(kv[0]))},
        "subject_root": subject_root,
        "subject_count": subject_count,
        "prev_checkpoint_hash": prev_checkpoint_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
