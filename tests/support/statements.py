"""Counting the SQL statements a piece of code sends, so a regression in a hot path fails a test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine.default import CACHE_HIT
from sqlalchemy.ext.asyncio import AsyncEngine

# The tests run each request inside a savepoint of one outer transaction (tests/conftest.py): the
# savepoints a commit becomes are the harness's, not the code's, so they are not counted.
HARNESS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@contextmanager
def statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """The statements sent through ``engine`` inside the block (the list fills as they run)."""
    seen: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(HARNESS):
            seen.append(" ".join(statement.split()))

    event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)


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
