"""Engine and session factories for both engines (SQLite embedded, PostgreSQL in production)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling defers BEGIN and breaks SAVEPOINT; SQLAlchemy emits
    # BEGIN itself (see _sqlite_begin), as its documentation recommends for pysqlite.
    dbapi_connection.isolation_level = None
    # Foreign keys are off by default in SQLite; WAL lets the web server read while a job writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    parsed = make_url(url)
    # Errors print their SQL with the bound values unless hidden, and those values are names, PINs
    # and dates of birth; a traceback in a log must not carry them.
    kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    else:
        kwargs |= {"pool_size": 10, "max_overflow": 10, "pool_pre_ping": True}
    engine = create_async_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Every model must be mapped before the first session, or foreign keys between packages
    # (account → organisation) cannot resolve; the CLI imports fewer modules than the app.
    from dancu.db import models  # noqa: F401

    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
