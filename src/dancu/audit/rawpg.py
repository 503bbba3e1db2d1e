"""Appending to the log over a bare asyncpg connection (the COPY loader), with the same rules."""

from __future__ import annotations

import json
from typing import Any

from dancu.audit import chain as rules
from dancu.audit import config, mac
from dancu.audit.actions import chain_count

_LOCK = "UPDATE audit_chain SET seq = seq + 1 WHERE chain = $1 RETURNING seq, head_hash"
_CREATE = "INSERT INTO audit_chain (chain, seq, head_hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING"
_SUBJECT = "SELECT last FROM audit_person_heads(ARRAY[$1]::integer[])"  # migration 0031
_NEXT_ID = "SELECT nextval(pg_get_serial_sequence('event', 'id'))"
_HEAD = "UPDATE audit_chain SET head_hash = $2 WHERE chain = $1"
_JSON_COLUMNS = frozenset({"data", "fields"})


async def pg_append(
    conn: Any,
    content: dict[str, Any],
    *,
    url: str | None = None,
    moved: dict[int, tuple[int, str]] | None = None,
) -> int:
    """Chain and insert one entry (``content`` as for :func:`dancu.audit.actions.append`); its id.

    ``url`` names the database, hence where its MAC key file is (:mod:`dancu.audit.config`). The
    entry's chain and its new head go into ``moved``, which the caller writes to the anchor once its
    transaction commits (:func:`dancu.audit.anchor.record_heads`), as every other append's commit
    does: without that line ``dancu audit verify`` reads the log as ahead of its anchor."""
    chain = rules.chain_for(content.get("subject_citizen_id"), content.get("actor_account_id"), chain_count())
    row = await conn.fetchrow(_LOCK, chain)
    if row is None:
        await conn.execute(_CREATE, chain, rules.GENESIS)
        row = await conn.fetchrow(_LOCK, chain)
    seq, prev_hash = row["seq"], row["head_hash"]
    subject = content.get("subject_citizen_id")
    subject_prev = None if subject is None else (await conn.fetchval(_SUBJECT, subject) or rules.GENESIS)
    content = content | {"id": await conn.fetchval(_NEXT_ID), "chain": chain, "seq": seq}
    digest = rules.entry_hash(content, subject_prev_hash=subject_prev, prev_hash=prev_hash)
    keys = mac.ensure(config.mac_key_file(url), first_event_id=int(content["id"]))
    mac_key, entry_mac = keys.sign(digest)
    values = {k: content.get(k) for k in rules.CONTENT_COLUMNS} | {
        "prev_hash": prev_hash,
        "subject_prev_hash": subject_prev,
        "entry_hash": digest,
        "mac_key": mac_key,
        "entry_mac": entry_mac,
    }
    values = {k: _db_value(k, v) for k, v in values.items()}
    names = ", ".join(values)
    marks = ", ".join(f"${i}" for i in range(1, len(values) + 1))
    insert = f"INSERT INTO event ({names}) VALUES ({marks})"  # noqa: S608 (fixed column names)
    await conn.execute(insert, *values.values())
    await conn.execute(_HEAD, chain, digest)
    if moved is not None:
        moved[chain] = (seq, digest)
    return int(content["id"])


def _db_value(column: str, value: Any) -> Any:
    if column in _JSON_COLUMNS and value is not None:
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value
