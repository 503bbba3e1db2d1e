"""The group commit's held connection (db/engine.py ``HeldDriver``; docs/adr/0017, "session 14"):
uses close together share one pooled connection; a use after the pool's idle time checks one out
again (so the pool's ping applies); a use that fails hands it back; one that finds it lost throws it
away, and the next use connects again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from dancu.db import engine as engines
from dancu.db.engine import HeldDriver, make_engine
from dancu.db.faults import is_unavailable


@pytest.fixture
async def pg_engine(backend: str, database_urls: dict[str, str]) -> AsyncIterator[AsyncEngine]:
    if backend != "postgresql":
        pytest.skip(
            "the group commit holds a driver connection on PostgreSQL only; SQLite's groups use sessions"
        )
    engine = make_engine(database_urls[backend])
    yield engine
    await engine.dispose()


def checkouts(engine: AsyncEngine) -> list[int]:
    """One item per checkout of ``engine``'s pool from here on."""
    seen: list[int] = []
    event.listen(engine.sync_engine.pool, "checkout", lambda *_: seen.append(1))
    return seen


async def _backend(held: HeldDriver) -> Any:
    async with held.use() as driver:
        return (await driver.fetch("SELECT pg_backend_pid() AS pid"))[0]["pid"]


async def test_uses_close_together_share_one_connection_and_an_idle_one_is_checked_out_again(
    pg_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    held, taken = HeldDriver(pg_engine), checkouts(pg_engine)
    pids = [await _backend(held) for _ in range(5)]
    assert len(set(pids)) == 1 and len(taken) == 1
    assert pg_engine.sync_engine.pool.checkedout() == 1  # held between uses
    monkeypatch.setattr(engines, "PING_AFTER_IDLE_SECONDS", 0.0)  # every use now comes after idleness
    await _backend(held)
    await _backend(held)
    assert len(taken) == 3  # handed back and checked out again: the pool's checkout (and ping) ran
    held.release()
    assert pg_engine.sync_engine.pool.checkedout() == 0


async def test_a_use_that_fails_hands_the_connection_back(pg_engine: AsyncEngine) -> None:
    held = HeldDriver(pg_engine)
    await _backend(held)
    with pytest.raises(Exception, match="division by zero"):
        async with held.use() as driver:
            await driver.fetch("SELECT 1 / 0")
    assert pg_engine.sync_engine.pool.checkedout() == 0
    assert await _backend(held)  # the next use checks one out and works
    held.release()


async def test_a_lost_connection_is_thrown_away_and_the_next_use_connects_again(
    pg_engine: AsyncEngine,
) -> None:
    held = HeldDriver(pg_engine)
    lost = await _backend(held)
    async with pg_engine.connect() as other:
        await other.exec_driver_sql(f"SELECT pg_terminate_backend({int(lost)})")
    await asyncio.sleep(0.2)  # the server's notice reaches the driver (well within the idle time)
    with pytest.raises(Exception) as failed:  # whatever the driver raises for a closed connection
        await _backend(held)
    assert is_unavailable(failed.value)  # so the connection was thrown away and the pool renewed
    assert pg_engine.sync_engine.pool.checkedout() == 0
    again = await _backend(held)
    assert again != lost
    held.release()
