"""The fixtures isolate tests: what one test commits is gone before the next one starts.

Both halves are symmetric, so whichever test of a pair runs second fails if its twin's row leaked:
the shared database's savepoint session (tests/conftest.py ``session``) and the databases of their
own, copied from each worker's migrated template (tests/support/migrated.py). A probe row carries a
marker no other test writes, so other tests' rows (leaked or not) never decide these tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.db.engine import make_engine, make_sessionmaker
from dancu.jobs import actions
from dancu.jobs.models import Job, JobKind
from tests.conftest import _pg_admin
from tests.support.migrated import migrated_postgres, migrated_sqlite

PROBE = "fixture-isolation-probe"


async def _probes(session: AsyncSession) -> int:
    return int((await session.scalar(select(func.count()).where(Job.locked_by == PROBE))) or 0)


async def _write_probe(session: AsyncSession) -> None:
    job = await actions.enqueue(session, JobKind.RECONCILE, payload={})
    job.locked_by = PROBE
    await session.commit()


async def _the_shared_database_forgets_the_probe(session: AsyncSession) -> None:
    assert await _probes(session) == 0
    await _write_probe(session)  # commits: in the test session, only a savepoint is released
    assert await _probes(session) == 1


async def test_the_shared_database_forgets_what_a_test_committed(session: AsyncSession) -> None:
    await _the_shared_database_forgets_the_probe(session)


async def test_the_shared_database_forgets_what_its_twin_committed(session: AsyncSession) -> None:
    await _the_shared_database_forgets_the_probe(session)


@pytest.fixture
def own_url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield migrated_sqlite(tmp_path / "own.sqlite3")
        return
    url = migrated_postgres()
    yield url
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))


async def _a_copy_starts_without_the_probe(url: str) -> None:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            assert await _probes(session) == 0
            await _write_probe(session)  # a real commit: the copy keeps it, the template must not
        async with make_sessionmaker(engine)() as session:
            assert await _probes(session) == 1
    finally:
        await engine.dispose()


async def test_a_database_of_its_own_starts_from_the_template_only(own_url: str) -> None:
    await _a_copy_starts_without_the_probe(own_url)


async def test_a_database_of_its_own_never_sees_its_twins_rows(own_url: str) -> None:
    await _a_copy_starts_without_the_probe(own_url)
