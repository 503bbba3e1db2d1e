"""The embedded database holds the server and ``dancu worker`` at once: no "database is locked".

Every writer here reads and then writes in one transaction, as dancu's own units of work do (the
access log reads its chain head, the worker reads the queue, then each writes). Each writer has its
own engine, so each is a separate SQLite connection, as the server's and the worker's processes are.
"""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from dancu.cli.common import in_session
from dancu.db.engine import SQLITE_READ_ONLY, make_engine
from dancu.db.migrate import upgrade
from dancu.jobs.actions import enqueue
from dancu.jobs.models import Job, JobKind

WRITERS = 6
WRITES_EACH = 15


async def _count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Job)) or 0)


async def _writer(url: str, number: int) -> None:
    engine = make_engine(url)
    try:
        for n in range(WRITES_EACH):
            async with AsyncSession(engine) as session:
                seen = await _count(session)
                await asyncio.sleep(0)  # let the others read too before anyone writes
                await enqueue(session, JobKind.RECONCILE, payload={"writer": number, "n": n, "seen": seen})
                await session.commit()
    finally:
        await engine.dispose()


async def _reader(engine: AsyncEngine, stop: asyncio.Event) -> list[int]:
    counts = []
    while not stop.is_set():
        async with AsyncSession(engine) as session:
            counts.append(await _count(session))
        await asyncio.sleep(0.005)
    return counts


async def test_concurrent_writers_through_separate_engines_never_meet_a_locked_database(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'busy.sqlite3'}"
    await asyncio.to_thread(upgrade, url)
    engine = make_engine(url)
    read_engine = engine.execution_options(**SQLITE_READ_ONLY)
    stop = asyncio.Event()
    try:
        reading = asyncio.create_task(_reader(read_engine, stop))
        outcomes = await asyncio.gather(*(_writer(url, w) for w in range(WRITERS)), return_exceptions=True)
        stop.set()
        counts = await reading
        async with AsyncSession(read_engine) as session:
            total = await _count(session)
    finally:
        await engine.dispose()

    assert [o for o in outcomes if o is not None] == []
    assert total == WRITERS * WRITES_EACH
    assert counts and all(a <= b for a, b in itertools.pairwise(counts)), "readers see committed rows only"


async def test_a_long_read_only_unit_of_work_does_not_hold_up_a_writer(tmp_path: Path) -> None:
    """``dancu audit verify`` reads the whole log in one transaction; the server must write meanwhile."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'verify.sqlite3'}"
    await asyncio.to_thread(upgrade, url)
    written = asyncio.Event()

    async def long_read(session: AsyncSession) -> int:
        before = await _count(session)
        await asyncio.wait_for(written.wait(), timeout=10)  # the writer commits while we read
        return before

    async def write() -> None:
        await asyncio.sleep(0.2)  # the reader's transaction is open by now

        async def add(session: AsyncSession) -> None:
            await enqueue(session, JobKind.RECONCILE, payload={"while": "reading"})

        await in_session(add, url=url)
        written.set()

    seen, _ = await asyncio.gather(in_session(long_read, url=url, read_only=True), write())
    assert seen == 0, "the reader keeps its snapshot"

    async def count(session: AsyncSession) -> int:
        return await _count(session)

    assert await in_session(count, url=url, read_only=True) == 1
