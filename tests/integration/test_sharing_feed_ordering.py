"""The sequencer against real concurrent transactions: an event id taken first but committed last is
neither lost nor repeated (the hazard of an ``event.id > cursor`` feed on PostgreSQL).

These tests commit, so they run on a database of their own rather than the shared test database.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from dancu.access.actor import Actor
from dancu.audit.models import Event
from dancu.db.engine import make_engine
from dancu.registry.actions.births import register_birth
from dancu.registry.schemas import BirthIn
from dancu.sharing.feed.models import FeedEntry, FeedGap
from dancu.sharing.feed.sequencer import sequence_feed
from tests.conftest import _pg_admin
from tests.support.builders import birth_body
from tests.support.migrated import migrated_postgres, migrated_sqlite

OFFICER = Actor.system("test")
# Seconds to wait for the cluster's transactions to pass a gap's horizon: under a loaded run the
# other worker's long transactions can hold it back for several seconds.
HORIZON_WAIT = 120


@pytest.fixture
async def scratch(backend: str, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A database of this test's own, copied from the worker's migrated template (no rows: the
    first two people born in it are citizens 1 and 2)."""
    if backend == "sqlite":
        url = await asyncio.to_thread(migrated_sqlite, tmp_path / "feed.sqlite3")
    else:
        url = await asyncio.to_thread(migrated_postgres)
    engine = make_engine(url)
    yield engine
    await engine.dispose()
    if backend == "postgresql":
        await _pg_admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


async def _birth(session: AsyncSession, given: str) -> list[int]:
    """The ids of the events a birth writes (the birth, and the links to the parents)."""
    body = BirthIn.model_validate(birth_body(full_name={"family": "Phạm", "middle": "", "given": given}))
    citizen = await register_birth(session, body, actor=OFFICER)
    query = select(Event.id).where(Event.subject_citizen_id == citizen.id).order_by(Event.id)
    return list(await session.scalars(query))


async def _feed(engine: AsyncEngine) -> list[int]:
    async with AsyncSession(engine) as session:
        return list(await session.scalars(select(FeedEntry.event_id).order_by(FeedEntry.seq)))


async def _sequence(engine: AsyncEngine) -> int:
    async with AsyncSession(engine) as session:
        appended = await sequence_feed(session)
        await session.commit()
        return appended


async def test_an_event_committed_after_a_later_id_is_sequenced_once_when_it_commits(
    backend: str, scratch: AsyncEngine
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite has one writer at a time: an id cannot be taken by a still-open transaction")
    # Two people in a fresh database: citizens 1 and 2 hash to different audit chains, so the two
    # writers do not wait for each other's chain lock.
    slow = AsyncSession(scratch)
    early = await _birth(slow, "Sớm")  # takes its event id first, commits last
    async with AsyncSession(scratch) as fast:
        late = await _birth(fast, "Muộn")
        await fast.commit()
    assert max(early) < min(late)

    assert await _sequence(scratch) == len(late)
    assert await _feed(scratch) == late, "a naive id cursor would now stand past the early ids"
    async with AsyncSession(scratch) as session:
        assert list(await session.scalars(select(FeedGap.event_id))) != []

    await slow.commit()
    await slow.close()
    assert await _sequence(scratch) == len(early)
    assert await _feed(scratch) == late + early
    assert await _sequence(scratch) == 0, "nothing is repeated"
    async with AsyncSession(scratch) as session:
        assert list(await session.scalars(select(FeedGap.event_id))) == []


async def test_a_rolled_back_event_leaves_no_entry_and_its_gap_is_forgotten(
    backend: str, scratch: AsyncEngine
) -> None:
    async with AsyncSession(scratch) as doomed:
        await _birth(doomed, "Hủy")
        await doomed.rollback()
    async with AsyncSession(scratch) as kept:
        kept_id = await _birth(kept, "Giữ")
        await kept.commit()
    assert await _sequence(scratch) == len(kept_id)
    assert await _sequence(scratch) == 0
    assert await _feed(scratch) == kept_id
    # On PostgreSQL the rolled-back id is a gap until every transaction of that time has ended
    # (xids are cluster-wide: other databases' transactions, the other test worker's too, count),
    # then it is forgotten. How long that takes depends on the cluster's load, not on the
    # sequencer: wait for the oldest running transaction to pass the gaps' horizon (nothing is
    # appended meanwhile), then the next pass must forget them.
    deadline = time.monotonic() + HORIZON_WAIT
    while (horizon := await _gap_horizon(scratch)) is not None and await _oldest_xid(scratch) < horizon:
        if time.monotonic() > deadline:
            running = await _old_transactions(scratch)
            pytest.fail(f"transactions older than the gap's horizon {horizon} still run: {running}")
        await asyncio.sleep(0.1)
        assert await _sequence(scratch) == 0
    assert await _sequence(scratch) == 0
    async with AsyncSession(scratch) as session:
        gaps = list(await session.scalars(select(FeedGap.event_id)))
    assert gaps == [], "the gap of a rolled-back event was not forgotten once its horizon passed"
    feed_seqs = await _seqs(scratch)
    assert feed_seqs == list(range(1, len(feed_seqs) + 1)), "positions are contiguous"


async def _seqs(engine: AsyncEngine) -> list[int]:
    async with AsyncSession(engine) as session:
        return list(await session.scalars(select(FeedEntry.seq).order_by(FeedEntry.seq)))


async def _gap_horizon(engine: AsyncEngine) -> int | None:
    """The newest horizon among the recorded gaps (None when there are none, as on SQLite)."""
    async with AsyncSession(engine) as session:
        horizons = list(await session.scalars(select(FeedGap.horizon)))
    return max((h or 0 for h in horizons), default=None)


async def _oldest_xid(engine: AsyncEngine) -> int:
    """The xmin of a new snapshot: every transaction with an older xid has ended."""
    async with AsyncSession(engine) as session:
        xmin = await session.scalar(text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"))
    return int(xmin)


async def _old_transactions(engine: AsyncEngine) -> list[tuple[object, ...]]:
    query = text(
        "SELECT datname, state, backend_xid::text, now() - xact_start, left(query, 80) FROM pg_stat_activity "
        "WHERE backend_xid IS NOT NULL OR backend_xmin IS NOT NULL"
    )
    async with AsyncSession(engine) as session:
        return [tuple(row) for row in (await session.execute(query)).all()]
