"""Counting the SQL statements a piece of code sends, so a regression in a hot path fails a test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine.default import CACHE_HIT
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

# The tests run each request inside a savepoint of one outer transaction (tests/conftest.py): the
# savepoints a commit becomes are the harness's, not the code's, so they are not counted.
HARNESS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@contextmanager
def statements(engine: AsyncEngine, session: AsyncSession | None = None) -> Iterator[list[str]]:
    """The statements sent through ``engine`` inside the block (the list fills as they run). With
    ``session`` on PostgreSQL, also those sent on its asyncpg connection without SQLAlchemy (the
    lookup hot path, dancu.lookup.hot_route), through asyncpg's query logger: it sees the driver's
    own ``fetch``/``execute`` calls, not SQLAlchemy's prepared statements, so nothing counts twice."""
    seen: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(HARNESS):
            seen.append(" ".join(statement.split()))

    def logged(record: Any) -> None:
        note(None, None, record.query)

    driver = _driver(session)
    event.listen(engine.sync_engine, "before_cursor_execute", note)
    if driver is not None:
        driver.add_query_logger(logged)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)
        if driver is not None:
            driver.remove_query_logger(logged)


def _driver(session: AsyncSession | None) -> Any:
    if session is None or not isinstance(session.bind, AsyncConnection):
        return None
    if session.bind.dialect.name != "postgresql":
        return None
    return session.bind.sync_connection.connection.driver_connection  # type: ignore[union-attr]


def kinds(seen: list[str]) -> list[str]:
    """A short name per statement for assertion messages: its first words."""
    return [" ".join(s.split()[:4])[:60] for s in seen]


@contextmanager
def compilations(engine: AsyncEngine) -> Iterator[list[str]]:
    """The statements sent through ``engine`` inside the block that were compiled for the occasion
    (not found in the engine's compiled cache, or not cacheable at all), each with how it missed."""
    compiled: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith(HARNESS) or context is None:
            return
        if context.cache_hit is not CACHE_HIT:
            compiled.append(f"{context.cache_hit.name}: {' '.join(statement.split()[:6])[:80]}")

    event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        yield compiled
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)
