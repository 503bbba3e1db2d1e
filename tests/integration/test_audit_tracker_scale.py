"""The Data Tracker of a person with years of entries (docs/adr/0018): one statement a page, keyset by
time, and on PostgreSQL a plan that reads the person's index in the newest months only."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.audit.actions import chain_count, record_read
from dancu.audit.chain import chain_for
from dancu.audit.partitions import add_months, ensure, month_start, partitions
from dancu.audit.queries import cursor_of, tracker
from dancu.clock import freeze
from dancu.registry.models import Citizen
from dancu.seed import seed_population
from tests.support.statements import kinds, statements

BANK = Actor(label="nv.bank", group=ActorGroup.K2, channel=Channel.PORTAL, organisation_name="Ngân hàng A")
NOW = dt.datetime(2027, 3, 15, 8, tzinfo=dt.UTC)
MONTHS = 36
PER_PERSON = 60_000


@pytest.fixture
async def people(session: AsyncSession, system_actor: Actor) -> list[int]:
    await seed_population(session, citizens=4, seed=5, actor=system_actor)
    return list(await session.scalars(select(Citizen.id).order_by(Citizen.id)))


async def test_pages_follow_time_then_id_with_one_statement_each(
    session: AsyncSession, engine: AsyncEngine, people: list[int]
) -> None:
    """Entries stamped at the same instant keep id order; the cursor (time, id) continues exactly
    where the page ended; a page is one statement, the old id-only cursor two."""
    who = people[0]
    for day in (3, 3, 3, 9, 20):
        with freeze(dt.datetime(2027, 1, day, 2, tzinfo=dt.UTC)):
            await record_read(session, actor=BANK, citizen_id=who, fields=["dob"], purpose=f"d{day}")
    with freeze(dt.datetime(2026, 12, 31, 23, 59, 59, tzinfo=dt.UTC)):
        await record_read(session, actor=BANK, citizen_id=who, fields=["dob"], purpose="old")
    everything = await tracker(session, who, now=NOW, limit=200)
    mine = [e for e in everything if e.purpose is not None]
    assert [e.purpose for e in mine][:6] == ["d20", "d9", "d3", "d3", "d3", "old"]
    assert [(e.occurred_at, e.id) for e in everything] == sorted(
        ((e.occurred_at, e.id) for e in everything), reverse=True
    )
    with statements(engine) as seen:
        first = await tracker(session, who, now=NOW, limit=2)
        second = await tracker(session, who, now=NOW, limit=2, before=cursor_of(first[-1]))
    assert len(seen) == 2, kinds(seen)
    assert [e.id for e in first + second] == [e.id for e in everything[:4]]
    with statements(engine) as seen:
        by_id = await tracker(session, who, now=NOW, limit=2, before_id=first[-1].id)
    assert len(seen) == 2, kinds(seen)  # the id's time, then the page
    assert [e.id for e in by_id] == [e.id for e in second]


BULK = (
    "INSERT INTO event (occurred_at, event_type, actor_label, subject_citizen_id, data, chain, seq, "
    "prev_hash, entry_hash) SELECT CAST(:since AS timestamptz) + (g * CAST(:span AS bigint) / :n) "
    "* interval '1 second', 'registry.citizen_viewed', :label, CAST(:who AS integer), '{}'::jsonb, "
    ":chain, g, repeat('0', 64), md5(CAST(:who AS text) || '-' || g::text) "
    "FROM generate_series(1, CAST(:n AS integer)) AS g"
)


async def _bulk(session: AsyncSession, who: int, n: int, *, since: dt.datetime, label: str) -> None:
    """``n`` entries about ``who`` on their chain (the log refuses any other: migration 0041), with
    positions (seq) of their own; not linked to anything."""
    span = int((NOW - since).total_seconds())
    chain = chain_for(who, None, chain_count())
    params = {"since": since, "span": span, "n": n, "who": who, "label": label, "chain": chain}
    await session.execute(text(BULK), params)


def _plan_nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = [plan]
    for child in plan.get("Plans", []):
        nodes += _plan_nodes(child)
    return nodes


async def test_a_person_with_years_of_entries_reads_only_the_newest_months(
    session: AsyncSession, engine: AsyncEngine, backend: str, people: list[int]
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite keeps the log in one table: there are no partitions to plan over")
    who, others = people[0], people[1:]
    first_month = add_months(month_start(NOW), -MONTHS + 1)
    await ensure(session, now=first_month, ahead=MONTHS + 1)
    assert len(await partitions(session)) >= MONTHS
    # Years of entries, written the quick way (these rows are not chained: the plan is the point).
    await _bulk(session, who, PER_PERSON, since=first_month, label="nv.bank")
    for other in others:
        await _bulk(session, other, 20_000, since=first_month, label="x")
    # Entries about many people list them in event_subject (reconciliation chunks): many lists,
    # three of which name the person.
    await session.execute(
        text(
            "INSERT INTO event_subject (citizen_id, event_id) SELECT 1000000 + g, "
            "(SELECT min(id) FROM event WHERE subject_citizen_id = :other) + g % 1000 "
            "FROM generate_series(1, 50000) AS g"
        ),
        {"other": others[0]},
    )
    await session.execute(
        text(
            "INSERT INTO event_subject (citizen_id, event_id) SELECT :who, id FROM event "
            "WHERE subject_citizen_id = :other ORDER BY id DESC LIMIT 3"
        ),
        {"who": who, "other": others[0]},
    )
    await session.execute(text("ANALYZE event"))
    await session.execute(text("ANALYZE event_subject"))

    holding = set(
        await session.scalars(
            text(
                "SELECT relname FROM pg_class WHERE reltuples > 0 AND relkind = 'r' "
                "AND (relname LIKE 'event%' OR relname = 'event_subject')"
            )
        )
    )
    assert len(holding) >= MONTHS

    captured: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        captured.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", keep)
    try:
        page = await tracker(session, who, now=NOW, limit=50)
        later = await tracker(session, who, now=NOW, limit=50, before=cursor_of(page[-1]))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", keep)
    assert len(page) == 50 and len(later) == 50 and later[0].occurred_at <= page[-1].occurred_at
    assert {e.actor_label for e in page + later} == {"nv.bank", "x"}  # own entries and listings
    assert len(captured) == 2  # one statement a page

    connection = await session.connection()
    for statement, parameters in captured:
        result = await connection.exec_driver_sql(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", parameters)
        raw = result.scalar_one()
        plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
        nodes = _plan_nodes(plan)
        # Empty relations (the months to come, the default partition) may be scanned whole: nothing
        # that holds rows is.
        scanned = {n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"}
        assert not scanned & holding, scanned & holding
        own = [n for n in nodes if "subject_citizen_id" in n.get("Index Name", "")]
        assert {n["Relation Name"] for n in own} >= holding - {"event_subject"}  # every month, by index
        assert all(n["Scan Direction"] == "Backward" for n in own)  # newest first, no sort
        assert not [n for n in nodes if n["Node Type"] == "Sort" and n.get("Actual Rows", 0) > 100]
        # The default partition keeps PostgreSQL from appending the months in order, so it merges
        # them: each month gives its newest entry, the newest months the page. What a page reads is
        # bounded by the page and the number of months, not by the person's 60,000 entries.
        read = sum(n.get("Actual Rows", 0) * n.get("Actual Loops", 0) for n in own)
        assert read <= 2 * 50 + len(holding) + 2, read
