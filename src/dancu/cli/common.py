"""What every ``dancu`` command shares: JSON output, bilingual errors, the CLI actor, and the unit of work.

The CLI boundary owns the transaction: a command hands its work to ``run_in_session`` (or, for loops
over several transactions, ``unit_of_work``), which commits once on success and rolls back on any
error; commands and the actions they call never commit themselves.

This module is imported by every command, including ``dancu --help`` and ``dancu pin decode``, so it
imports SQLAlchemy, the settings and the engine only inside the functions that open a database.
"""

from __future__ import annotations

import asyncio
import getpass
import json
import os
import sys
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from dancu.access.actor import Actor
from dancu.errors import DomainError
from dancu.i18n import both

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

T = TypeVar("T")


def emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(exc: DomainError, *, exit_code: int = 1) -> NoReturn:
    body: dict[str, Any] = {"error": exc.code, "message": both(exc.code, **exc.params)}
    if exc.problems:
        body["errors"] = [
            {"field": p.field, "rule": p.rule, "message": both(f"rule.{p.rule}", field=p.field, **p.params)}
            for p in exc.problems
        ]
    sys.stderr.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(exit_code)


def cli_actor() -> Actor:
    """The system actor the access log names for a command: the operating-system user who ran it."""
    return Actor.system(f"cli:{os.environ.get('USER') or getpass.getuser()}")


async def unit_of_work(
    sessions: async_sessionmaker[AsyncSession], work: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    """One transaction: commit once if ``work`` returns, roll back if it raises."""
    async with sessions() as session:
        try:
            result = await work(session)
        except BaseException:
            await session.rollback()
            raise
        await session.commit()
        return result


async def with_sessions(
    work: Callable[[async_sessionmaker[AsyncSession]], Awaitable[T]],
    *,
    url: str | None = None,
    read_only: bool = False,
) -> T:
    """Open an engine on ``url`` (default: DANCU_DATABASE_URL) for ``work`` and dispose of it after.

    ``read_only``: on SQLite the transactions do not take the write lock, so a long read (``dancu
    audit verify``) does not hold up the server's writes.
    """
    from dancu.db.engine import SQLITE_READ_ONLY, make_engine, make_sessionmaker
    from dancu.settings import get_settings

    engine = make_engine(url or get_settings().database_url)
    try:
        bind = engine.execution_options(**SQLITE_READ_ONLY) if read_only else engine
        return await work(make_sessionmaker(bind))
    finally:
        await engine.dispose()


async def in_session(
    work: Callable[[AsyncSession], Awaitable[T]], *, url: str | None = None, read_only: bool = False
) -> T:
    """``work`` as one unit of work on a fresh engine."""
    return await with_sessions(lambda sessions: unit_of_work(sessions, work), url=url, read_only=read_only)


def run_async(work: Coroutine[Any, Any, T]) -> T:
    """Run a command's coroutine; a domain refusal or the database's state becomes a JSON error, exit 1."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return asyncio.run(work)
    except DomainError as exc:
        fail(exc)
    except SQLAlchemyError as exc:  # the database's state (not migrated, unreachable), not the input
        fail(DomainError("cli.database_error", status=503, detail=str(exc).splitlines()[0]))


def run_in_session(work: Callable[[AsyncSession], Awaitable[T]], *, read_only: bool = False) -> T:
    """The usual command body: ``work`` in one unit of work, errors reported as JSON."""
    return run_async(in_session(work, read_only=read_only))


def refuse_incomplete_production() -> None:
    """Say what production lacks before a server or worker starts, not in a worker's traceback."""
    from dancu.ops import startup
    from dancu.settings import get_settings

    try:
        startup.check(get_settings())
    except startup.StartupRefused as refused:
        typer.echo(str(refused), err=True)
        raise typer.Exit(2) from None
