"""The sequencer against real concurrent transactions: an event id taken first but committed last is
neither lost nor repeated (the hazard of an ``event.id > cursor`` feed on PostgreSQL).

These tests commit, so they run on a database of their own rather than the shared test database.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from dancu.access.actor import Actor
from dancu.audit.models import Event
from dancu.db.engine import make_engine
from dancu.db.migrate import upgrade
from dancu.registry.actions.births import register_birth
from dancu.registry.schemas import BirthIn
from dancu.sharing.feed.models import FeedEntry, FeedGap
from dancu.sharing.feed.sequencer import sequence_feed
from tests.conftest import PG_ADMIN_URL, _pg_admin
from tests.support.builders import birth_body

OFFICER = Actor.system("test")


@pytest.fixture
async def scratch(backend: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[AsyncEngine]:
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('feed') / 'feed.sqlite3'}"
        name = None
    else:
        name = f"dancu_feed_{secrets.token_hex(4)}"
        await _pg_admin(f'CREATE DATABASE "{name}"')
        url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    await asyncio.to_thread(upgrade, url)
    engine = make_engine(url)
    yield engine
    await engine.dispose()
    if name is not None:
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
    # (xids are cluster-wide: other databases' transactions count too), then it is forgotten.
    for _ in range(40):
        async with AsyncSession(scratch) as session:
            if not list(await session.scalars(select(FeedGap.event_id))):
                break
        await asyncio.sleep(0.25)
        assert await _sequence(scratch) == 0
    else:
        pytest.fail("the gap of a rolled-back event was never forgotten")
    feed_seqs = await _seqs(scratch)
    assert feed_seqs == list(range(1, len(feed_seqs) + 1)), "positions are contiguous"


async def _seqs(engine: AsyncEngine) -> list[int]:
    async with AsyncSession(engine) as session:
        return list(await session.scalars(select(FeedEntry.seq).order_by(FeedEntry.seq)))
