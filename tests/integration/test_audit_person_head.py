"""Each append reads its people's latest entries without reading their earlier ones: on SQLite from
the (person, id) index (migration 0030); on PostgreSQL from the table of each person's latest entry
that the log's trigger keeps (migration 0043), whatever the number of months online."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit import actions as audit
from dancu.audit.append import person_heads
from dancu.audit.models import Event
from dancu.registry.models import Citizen
from dancu.seed import seed_population
from tests.support.person_heads import assert_heads_follow_the_log

ACTOR = Actor.system("person head test")
EARLIER = 300  # the person's entries before the probe
# Tuples taken from the log's months, by scans of their tables or of any of their indexes, as the
# transaction's statistics count them (PostgreSQL).
FROM_MONTHS = text(
    "SELECT coalesce(sum(pg_stat_get_xact_tuples_returned(r) + pg_stat_get_xact_tuples_fetched(r)), 0) "
    "FROM (SELECT inhrelid AS r FROM pg_inherits WHERE inhparent = 'event'::regclass "
    "UNION ALL SELECT x.indexrelid FROM pg_inherits i JOIN pg_index x ON x.indrelid = i.inhrelid "
    "WHERE i.inhparent = 'event'::regclass) AS months"
)


@pytest.fixture
async def busy_person(session: AsyncSession) -> int:
    """A person with 300 entries, followed by as many about two other people (so that the person's
    latest entry is neither the log's latest nor found by walking the log backwards). The log's
    statistics are taken before, when everyone had one entry: as on a national log, where most
    people have few, the planner expects a person to have about one."""
    await seed_population(session, citizens=12, seed=11, actor=ACTOR)
    everyone = list(await session.scalars(select(Citizen.id).order_by(Citizen.id)))
    await audit.record_reads(session, actor=ACTOR, citizen_ids=everyone, fields=["pin"], purpose="Kiểm tra")
    if session.get_bind().dialect.name == "postgresql":
        # Those statistics must stay: the server's own ANALYZE would otherwise refresh them once the
        # entries below are in (it did on a loaded CI machine). The test's transaction undoes it.
        months = await session.scalars(
            text("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'event'::regclass")
        )
        for month in list(months):
            await session.execute(text(f"ALTER TABLE {month} SET (autovacuum_enabled = false)"))
    await session.execute(text("ANALYZE event"))
    person, *others = everyone[:3]
    for who in (person, *others):
        for _ in range(EARLIER // 100):
            await audit.record_reads(
                session, actor=ACTOR, citizen_ids=[who] * 100, fields=["pin"], purpose="Kiểm tra"
            )
    await session.commit()
    return person


async def test_a_persons_latest_entry_is_the_last_appended(session: AsyncSession, busy_person: int) -> None:
    latest = await session.scalar(
        select(Event.entry_hash)
        .where(Event.subject_citizen_id == busy_person)
        .order_by(Event.id.desc())
        .limit(1)
    )
    assert (await person_heads(session, [busy_person]))[busy_person] == latest


async def test_the_latest_entry_is_read_without_the_earlier_ones(
    session: AsyncSession, busy_person: int
) -> None:
    probe = "SELECT entry_hash FROM event WHERE subject_citizen_id = :p ORDER BY id DESC LIMIT 1"
    if session.get_bind().dialect.name != "postgresql":
        # One table: the (person, id) index walked backwards, no sort of the person's entries.
        steps = [
            row[-1] for row in await session.execute(text(f"EXPLAIN QUERY PLAN {probe}"), {"p": busy_person})
        ]
        assert any("ix_event_subject_latest" in step for step in steps), steps
        assert not any("TEMP B-TREE" in step for step in steps), steps
        return
    # On PostgreSQL the person's latest entry is kept in a table of its own by the log's trigger
    # (migration 0043): the function reads one row of it, and no month of the log, however many.
    settings = await session.scalar(
        text("SELECT proconfig FROM pg_proc WHERE proname = 'audit_person_heads'")
    )
    # It keeps one generic plan per connection (migration 0032).
    assert "plan_cache_mode=force_generic_plan" in list(settings or [])
    language = await session.scalar(
        text("SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE proname = :f"),
        {"f": "audit_person_heads"},
    )
    assert language == "plpgsql"  # a SQL function with SET clauses is planned on every call
    # Tuples the function's read takes from the heads' table, as this transaction's statistics count them.
    from_heads = text("SELECT pg_stat_get_xact_tuples_returned('audit_person_head_pkey'::regclass)")
    for _ in range(8):  # the first calls and those on the kept plan alike
        months_before = int(await session.scalar(FROM_MONTHS) or 0)
        heads_before = int(await session.scalar(from_heads) or 0)
        await session.execute(
            text("SELECT * FROM audit_person_heads(ARRAY[:p]::integer[])"), {"p": busy_person}
        )
        assert int(await session.scalar(FROM_MONTHS) or 0) == months_before
        assert int(await session.scalar(from_heads) or 0) - heads_before == 1
    assert (await person_heads(session, [busy_person]))[busy_person] == await session.scalar(
        text("SELECT entry_hash FROM event WHERE subject_citizen_id = :p ORDER BY id DESC LIMIT 1"),
        {"p": busy_person},
    )


async def test_each_persons_latest_entry_is_kept_by_the_logs_trigger(
    session: AsyncSession, busy_person: int, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite keeps the log in one table and reads the person's latest entry from it")
    assert await assert_heads_follow_the_log(session) == 12


async def test_more_months_online_do_not_change_the_read(
    session: AsyncSession, busy_person: int, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite keeps the log in one table")
    # Two years of earlier months, as a log keeps them online until they are archived.
    made = []
    for month in range(24):
        start = dt.date(2001 + month // 12, month % 12 + 1, 1)
        end = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        name = f"event_{start:%Y_%m}"
        await session.execute(
            text(f"CREATE TABLE {name} PARTITION OF event FOR VALUES FROM ('{start}') TO ('{end}')")
        )
        made.append(name)
    try:
        before = int(await session.scalar(FROM_MONTHS) or 0)
        heads = await person_heads(session, [busy_person])
        assert int(await session.scalar(FROM_MONTHS) or 0) == before
        assert heads[busy_person] == await session.scalar(
            text("SELECT entry_hash FROM audit_person_head WHERE citizen_id = :p"), {"p": busy_person}
        )
    finally:
        for name in made:
            await session.execute(text(f"DROP TABLE {name}"))
        await session.commit()


async def test_the_person_and_id_index_is_kept_only_where_it_is_read(
    session: AsyncSession, backend: str
) -> None:
    # SQLite reads a person's latest entry through it; PostgreSQL keeps that entry in a table of its
    # own (migration 0043), so no entry writes the index there (migration 0044), in any month.
    if backend == "postgresql":
        kept = await session.scalars(
            text(
                "SELECT indexrelid::regclass::text FROM pg_index x "
                "JOIN pg_inherits i ON i.inhrelid = x.indrelid WHERE i.inhparent = 'event'::regclass "
                "AND pg_get_indexdef(x.indexrelid) LIKE '%(subject_citizen_id, id)' UNION ALL "
                "SELECT indexname FROM pg_indexes WHERE indexname = 'ix_event_subject_latest'"
            )
        )
        assert list(kept) == []
    else:
        made = await session.scalar(
            text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'ix_event_subject_latest'")
        )
        assert made is not None and "subject_citizen_id" in made
