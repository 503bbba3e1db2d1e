"""Entries holding words this code does not know, as another version of dancu leaves them.

A newer dancu appends entries of its new event types, actor groups or channels; rolled back to this
version, the log holds them. They are chained, hashed and keyed by the real append machinery
(:mod:`dancu.audit.append`): only the insert goes through a view of the table whose ``event_type``,
``actor_group`` and ``channel`` are plain strings, as that version's own enums would have let them
through. Their hash covers the stored strings, so they verify.
"""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import String, column, insert, select, table
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit import append, config, mac
from dancu.audit.actions import entry
from dancu.audit.models import Event, EventType
from dancu.audit.partitions import add_months, month_start
from dancu.clock import freeze, now_utc
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.registry.models import Citizen
from dancu.seed import seed_population
from tests.support.audit_scratch import invoke, query

# A type, an actor group and a channel a later version could add (this one has no such words).
FUTURE_TYPE = "registry.overseas_residence_recorded"
FUTURE_GROUP = "k5"
FUTURE_CHANNEL = "commune_kiosk"


@pytest.fixture
async def people(session: AsyncSession, system_actor: Actor) -> list[int]:
    """Two people of a small seeded register, whom the foreign and known entries are about."""
    await seed_population(session, citizens=6, seed=5, actor=system_actor)
    return list(await session.scalars(select(Citizen.id).order_by(Citizen.id).limit(2)))


# The log's enum columns, as strings: what a later version may have stored in them.
_AS_STRINGS = frozenset({"event_type", "actor_group", "channel"})
_EVENT_AS_STRINGS = table(
    "event",
    *(column(c.name, String() if c.name in _AS_STRINGS else c.type) for c in Event.__table__.columns),
)


def future_entry(
    *,
    actor: Actor,
    citizen_id: int | None,
    event_type: str = FUTURE_TYPE,
    actor_group: str | None = None,
    channel: str | None = None,
) -> dict[str, Any]:
    """An entry's content as a later version builds it: a known entry's columns, the type given
    (an unknown one unless told), and the actor's group and channel unless others are given."""
    content = entry(EventType.ITEM_UPDATED, actor=actor, subject_citizen_id=citizen_id, purpose="later")
    stored = {"actor_group": actor_group, "channel": channel}
    return (
        content
        | {"event_type": event_type, "data": {"from": "a later dancu"}}
        | {name: word for name, word in stored.items() if word is not None}
    )


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


T = TypeVar("T")


def committed(url: str, write: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """``write`` in a session of its own on the database at ``url``, committed, as the later version's
    process would have; what it returned."""

    async def run() -> T:
        engine = make_engine(url)
        try:
            async with make_sessionmaker(engine)() as session:
                result = await write(session)
                await session.commit()
            return result
        finally:
            await engine.dispose()

    return asyncio.run(run())


def assert_cli_verifies_and_proves(url: str, person: int) -> None:
    """``dancu audit checkpoint``, ``verify`` and ``proof`` of ``person`` pass on the database at ``url``."""
    assert invoke("checkpoint")[0] == 0
    code, report = invoke("verify")
    assert code == 0 and report["ok"], report
    pin = query(url, f"SELECT pin FROM citizen WHERE id = {person}")[0][0]
    code, out = invoke("proof", str(pin))
    assert code == 0 and out["verified"]["sealed"], out


def archive_and_verify(write: Callable[[], T], into: Path) -> tuple[T, dict[int, dict[str, Any]]]:
    """``write``'s entries committed in a month a year ahead, that month archived into ``into`` after a
    checkpoint, and ``dancu audit verify`` passing without and with the archive (PostgreSQL): what
    ``write`` returned and the archived month's lines by entry id."""
    first = add_months(month_start(now_utc()), 12)
    second = add_months(first, 1)
    with freeze(first.replace(day=2, hour=9)):
        assert invoke("partitions", "ensure", "--ahead", "2")[0] == 0
        written = write()
    with freeze(second.replace(day=3, hour=9)):
        assert invoke("checkpoint")[0] == 0
        code, out = invoke("archive", "--before", f"{second:%Y-%m}", "--to", str(into))
    assert code == 0, out
    month = into / f"event_{first.year:04d}_{first.month:02d}.jsonl.gz"
    lines = [json.loads(line) for line in gzip.decompress(month.read_bytes()).splitlines()]
    for given in ([], sorted(into.glob("*.jsonl.gz"))):
        code, report = invoke("verify", *[arg for path in given for arg in ("--archive", str(path))])
        assert code == 0 and report["ok"], report.get("findings")
    return written, {line["id"]: line for line in lines if "id" in line}
