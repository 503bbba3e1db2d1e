"""The worker's periodic sweeps: each runs when its interval has passed, a failing one does not stop
the others, the change feed is sequenced by the worker without anyone reading it, and the log's
chain heads are vacuumed by the worker where autovacuum does not do it."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit import sweeps as audit_sweeps
from dancu.clock import freeze, now_utc
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.db.unit_of_work import unit_of_work
from dancu.jobs import sweeps
from dancu.jobs import worker as job_worker
from dancu.registry.actions.births import register_birth
from dancu.registry.schemas import BirthIn
from dancu.sharing.feed.models import FeedEntry
from tests.integration.test_sharing_feed_ordering import OFFICER
from tests.integration.test_verify_hot_path import own_database
from tests.support.builders import birth_body

__all__ = ["own_database"]  # the fixture: a database of its own, with real commits


class _Shared:
    """A sessionmaker that hands out the test's savepoint session (its commits become savepoints)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def __call__(self) -> _Shared:
        return self

    async def __aenter__(self) -> AsyncSession:
        return self.session

    async def __aexit__(self, *exc: object) -> None:
        return None


@pytest.fixture
def counted() -> Iterator[list[str]]:
    calls: list[str] = []

    async def ok(session: AsyncSession, now: dt.datetime) -> int:
        calls.append("ok")
        return 1

    async def broken(session: AsyncSession, now: dt.datetime) -> int:
        calls.append("broken")
        raise RuntimeError("this sweep always fails")

    sweeps.register(sweeps.Sweep("test.a-broken", dt.timedelta(minutes=1), broken))
    sweeps.register(sweeps.Sweep("test.b-ok", dt.timedelta(minutes=1), ok))
    yield calls
    for name in ("test.a-broken", "test.b-ok"):
        sweeps._SWEEPS.pop(name)


async def test_a_sweep_runs_again_only_after_its_interval(session: AsyncSession, counted: list[str]) -> None:
    clock = sweeps.SweepClock()
    start = now_utc()
    with freeze(start):
        first = await sweeps.run_due(_Shared(session), clock)  # type: ignore[arg-type]
        second = await sweeps.run_due(_Shared(session), clock)  # type: ignore[arg-type]
    with freeze(start + dt.timedelta(minutes=1)):
        third = await sweeps.run_due(_Shared(session), clock)  # type: ignore[arg-type]
    assert counted == ["broken", "ok", "broken", "ok"]
    assert first["test.b-ok"] == 1 and "test.b-ok" not in second and third["test.b-ok"] == 1
    assert "test.a-broken" not in first  # a failure is logged, not reported as done


async def test_the_worker_sequences_the_feed_without_a_reader(session: AsyncSession) -> None:
    body = BirthIn.model_validate(birth_body(full_name={"family": "Phạm", "middle": "", "given": "Sweep"}))
    await register_birth(session, body, actor=OFFICER)
    await session.commit()
    before = await session.scalar(select(func.count()).select_from(FeedEntry))
    assert await job_worker.run(_Shared(session), once=True) == 0  # type: ignore[arg-type]
    after = await session.scalar(select(func.count()).select_from(FeedEntry))
    assert (after or 0) > (before or 0)


def test_the_worker_runs_the_feed_and_the_decision_clock_sweeps() -> None:
    names = {sweep.name for sweep in sweeps.sweeps()}
    assert {"feed.sequence", "feed.webhooks", "requests.escalate"} <= names


VACUUMS = text("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'audit_chain'")
CLUSTER_AUTOVACUUM = text(
    "SELECT current_setting('autovacuum')::boolean AND current_setting('track_counts')::boolean"
)


async def test_the_worker_vacuums_the_heads_table_where_autovacuum_does_not(
    own_database: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Turned off for the table (as an operator may, or as a cluster without autovacuum leaves every
    table), the heads' table is vacuumed by the sweep, and the worker says so once; left to
    autovacuum, the sweep does nothing, unless the cluster itself runs without it."""
    engine = make_engine(own_database)
    sessions = make_sessionmaker(engine)
    audit_sweeps._WARNED.clear()
    try:
        async with engine.begin() as connection:
            await connection.execute(text("ALTER TABLE audit_chain SET (autovacuum_enabled = false)"))
        async with AsyncSession(engine) as session:
            before = int(await session.scalar(VACUUMS) or 0)
        with caplog.at_level(logging.WARNING, logger="dancu.audit"):
            for _ in range(2):
                async with unit_of_work(sessions) as session:
                    assert await audit_sweeps.vacuum_heads(session, now_utc()) == 1
        async with AsyncSession(engine) as session:
            assert int(await session.scalar(VACUUMS) or 0) == before + 2
        said = [r.getMessage() for r in caplog.records if "autovacuum does not run" in r.getMessage()]
        assert len(said) == 1 and "audit_chain" in said[0], said
        async with engine.begin() as connection:
            await connection.execute(text("ALTER TABLE audit_chain RESET (autovacuum_enabled)"))
            cluster = bool(await connection.scalar(CLUSTER_AUTOVACUUM))
        async with unit_of_work(sessions) as session:
            assert await audit_sweeps.vacuum_heads(session, now_utc()) == (0 if cluster else 1)
    finally:
        await engine.dispose()


async def test_sqlite_has_no_heads_table_to_vacuum(session: AsyncSession, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip(
            "SQLite only: on PostgreSQL the sweep runs VACUUM on a connection of its own, which the "
            "shared test transaction's locks could hold; the test above runs it on a database of its own"
        )
    assert await audit_sweeps.vacuum_heads(session, now_utc()) == 0
    assert "audit.heads_vacuum" in {sweep.name for sweep in sweeps.sweeps()}
