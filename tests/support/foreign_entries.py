"""Entries of an event type this code does not know, as another version of dancu leaves them.

A newer dancu appends entries of its new types; rolled back to this version, the log holds them. They
are chained, hashed and keyed by the real append machinery (:mod:`dancu.audit.append`): only the
insert goes through a view of the table whose ``event_type`` is a plain string, as that version's own
enum would have let it through. Their hash covers the stored string, so they verify.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import String, column, insert, table
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit import append, config, mac
from dancu.audit.actions import entry
from dancu.audit.models import Event, EventType

# A type a later version could add (this one has no such word).
FUTURE_TYPE = "registry.overseas_residence_recorded"

_EVENT_AS_STRINGS = table(
    "event",
    *(column(c.name, String() if c.name == "event_type" else c.type) for c in Event.__table__.columns),
)


def future_entry(*, actor: Actor, citizen_id: int | None, event_type: str = FUTURE_TYPE) -> dict[str, Any]:
    """An entry's content as a later version builds it: a known entry's columns, an unknown type."""
    content = entry(EventType.ITEM_UPDATED, actor=actor, subject_citizen_id=citizen_id, purpose="later")
    return content | {"event_type": event_type, "data": {"from": "a later dancu"}}


async def append_foreign(session: AsyncSession, content: Mapping[str, Any]) -> int:
    """Chain, hash, key and insert one entry whose type may be any string; its id. Same steps as
    :func:`dancu.audit.append.append_many` for a batch of one."""
    chain = append.chain_of(content, append.chain_count())
    heads = await append.take_heads(session, {chain: 1})
    subject = content.get("subject_citizen_id")
    people = await append.person_heads(session, [subject] if subject is not None else [])
    url = config.url_of(session)
    keys = mac.ensure(config.mac_key_file(url), first_event_id=heads[chain].ids[0])
    rows, tips = append.chain_rows([content], [chain], heads=heads, people=people, keys=keys)
    await session.execute(insert(_EVENT_AS_STRINGS), rows)
    await append._set_tips(session, tips)
    if config.anchor_file(url) is not None:
        append.note_heads(session, {chain: (rows[0]["seq"], rows[0]["entry_hash"])})
    return int(rows[0]["id"])
