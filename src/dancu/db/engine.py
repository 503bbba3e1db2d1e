"""Engine and session factories for both engines (SQLite embedded, PostgreSQL in production)."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from dancu.db.faults import is_unavailable
from dancu.db.routing import ROUTER_KEY, ReadRouter, ReplicaState, RoutingSession, WriteMarks

# A read-only unit of work on SQLite: ``engine.execution_options(**SQLITE_READ_ONLY)`` (or the same on a
# connection) begins a deferred transaction, which never waits for the writer under WAL.
SQLITE_READ_ONLY = {"dancu_sqlite_read_only": True}
# How long a write waits for the one write lock before SQLite gives up with "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 30_000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling defers BEGIN and breaks SAVEPOINT; SQLAlchemy emits
    # BEGIN itself (see _sqlite_begin), as its documentation recommends for pysqlite.
    dbapi_connection.isolation_level = None
    # Foreign keys are off by default in SQLite; WAL lets readers go on while one writer writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    """Take the write lock when the transaction begins, not at its first write.

    A deferred transaction that has read and then writes must upgrade its snapshot; if another
    writer committed in between, SQLite refuses at once ("database is locked") without waiting
    for busy_timeout, since waiting could not help. Nearly every dancu transaction reads and then
    writes (the access log appends after reading its chain head), so the server and ``dancu
    worker`` would fail each other. BEGIN IMMEDIATE queues writers on the lock at the start,
    where busy_timeout applies; read-only units of work opt out and never wait.
    """
    if connection.get_execution_options().get("dancu_sqlite_read_only"):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _configure_sqlite(engine: AsyncEngine) -> None:
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    event.listen(engine.sync_engine, "begin", _sqlite_begin)


# A pooled PostgreSQL connection is tested at checkout only when it has been idle at least this long.
# SQLAlchemy's ``pool_pre_ping`` tests every checkout, which with asyncpg is three round trips
# (BEGIN, an empty statement, ROLLBACK): on the k1 lookup it was more than the lookup's own reads.
# A connection handed back within the last second has just answered its statements; one that breaks
# meanwhile (a failover) fails its request with 503 and invalidates the pool (``watch_failover``),
# as a connection that breaks during a request always did.
PING_AFTER_IDLE_SECONDS = 1.0
_CHECKED_IN = "dancu_checked_in"


def _ping_idle_connections(engine: AsyncEngine) -> None:
    def checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info[_CHECKED_IN] = time.monotonic()

    def checking_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_CHECKED_IN)
        if since is not None and time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # the pool drops this connection and checks out a fresh one
            raise DisconnectionError("connection failed its ping") from exc

    event.listen(engine.sync_engine.pool, "checkin", checked_in)
    event.listen(engine.sync_engine.pool, "checkout", checking_out)


def make_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    parsed = make_url(url)
    # Errors print their SQL with the bound values unless hidden, and those values are names, PINs
    # and dates of birth; a traceback in a log must not carry them.
    kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    else:
        kwargs |= {"pool_size": 10, "max_overflow": 10}
    engine = create_async_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        _configure_sqlite(engine)
    else:
        _ping_idle_connections(engine)
    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that flush only (``autoflush=False``, ADR 0012) and keep loaded values after commit.

    Every model must be mapped before the first session, or foreign keys between packages
    (account → organisation) cannot resolve: the entry points import ``dancu.models`` first."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def _role_change_is_disconnect(context: ExceptionContext) -> None:
    # A connection that answers "read-only transaction" or "shutting down" is to a node that stopped
    # being the primary: treating it as a disconnect empties the pool, so the next checkout goes
    # through the multi-host URL (or PgBouncer) to the new primary instead of failing until restart.
    if not context.is_disconnect and is_unavailable(context.original_exception):
        context.is_disconnect = True


@asynccontextmanager
async def pooled_driver(engine: AsyncEngine) -> AsyncIterator[Any]:
    """The asyncpg connection of one of ``engine``'s pooled connections (the pool's checkout rules
    and idle ping apply), for code that talks to the driver without an ORM session. A connection
    that fails as "database unavailable" is thrown away and the pool renewed, as
    :func:`watch_failover` does for sessions."""
    raw = await engine.raw_connection()
    try:
        yield raw.driver_connection
    except BaseException as exc:
        if is_unavailable(exc):
            raw.invalidate(exc)
            await engine.dispose(close=False)
        raise
    finally:
        raw.close()


class HeldDriver:
    """One pooled connection of ``engine`` held from one use to the next, for a single user that
    uses it again and again (the access log's group commit: one group at a time per process).

    Checking a connection out of the pool and back for every group cost about a fifth of the
    group's CPU (the pool's bookkeeping and events, docs/adr/0017 "session 14"). Held, it is still
    the pool's connection, with the pool's rules where they matter:

    - a use after more than :data:`PING_AFTER_IDLE_SECONDS` without one hands it back first and
      checks one out again, so the pool's ping after idleness still applies (a failover while idle
      does not fail the next group);
    - a use that raises hands it back (the transaction was rolled back; the pool resets it), and one
      that fails as "database unavailable" throws it away and renews the pool, as
      :func:`pooled_driver` does;
    - :meth:`release` hands it back (the app's shutdown, before the engine is disposed).

    Not for concurrent users: the caller serialises its uses."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._raw: Any = None
        self._last_used = 0.0

    @asynccontextmanager
    async def use(self) -> AsyncIterator[Any]:
        if self._raw is not None and time.monotonic() - self._last_used >= PING_AFTER_IDLE_SECONDS:
            self.release()
        if self._raw is None:
            self._raw = await self._engine.raw_connection()
        raw = self._raw
        try:
            yield raw.driver_connection
        except BaseException as exc:
            self._raw = None
            if is_unavailable(exc):
                raw.invalidate(exc)
                await self._engine.dispose(close=False)
            raw.close()
            raise
        finally:
            self._last_used = time.monotonic()

    def release(self) -> None:
        raw, self._raw = self._raw, None
        if raw is not None:
            raw.close()


def watch_failover(engine: AsyncEngine) -> AsyncEngine:
    if engine.dialect.name == "postgresql":
        event.listen(engine.sync_engine, "handle_error", _role_change_is_disconnect)
    return engine


def _unique_statement_name() -> str:
    return f"__asyncpg_{uuid.uuid4().hex}__"


# PgBouncer in transaction mode hands each transaction whichever server connection is free, so a
# statement prepared under asyncpg's numbered names may be missing or taken on the next one:
# no statement caches, and names that cannot collide (SQLAlchemy's asyncpg documentation).
PGBOUNCER_CONNECT_ARGS: dict[str, Any] = {
    "statement_cache_size": 0,
    "prepared_statement_cache_size": 0,
    "prepared_statement_name_func": _unique_statement_name,
}


def make_served_engine(url: str, *, echo: bool = False, pgbouncer: bool = False) -> AsyncEngine:
    """The engine the web app serves from: :func:`make_engine`, or one fit for PgBouncer."""
    if not pgbouncer or make_url(url).get_backend_name() != "postgresql":
        return make_engine(url, echo=echo)
    engine = create_async_engine(
        url, echo=echo, pool_size=10, max_overflow=10, connect_args=PGBOUNCER_CONNECT_ARGS
    )
    _ping_idle_connections(engine)
    return engine


def _replica_engine(url: str, *, echo: bool, pgbouncer: bool) -> AsyncEngine:
    engine = watch_failover(make_served_engine(url, echo=echo, pgbouncer=pgbouncer))
    if engine.dialect.name == "sqlite":
        # Replicas are only read: a deferred transaction never takes (or waits for) the write lock.
        return engine.execution_options(**SQLITE_READ_ONLY)
    return engine


def make_read_router(
    primary: AsyncEngine,
    replica_urls: list[str],
    *,
    max_lag_seconds: float,
    probe_seconds: float,
    read_your_writes_seconds: float,
    echo: bool = False,
    pgbouncer: bool = False,
) -> ReadRouter:
    replicas = [
        ReplicaState(name=f"replica-{n}", engine=_replica_engine(url, echo=echo, pgbouncer=pgbouncer))
        for n, url in enumerate(replica_urls, start=1)
    ]
    return ReadRouter(
        primary=watch_failover(primary),
        replicas=replicas,
        max_lag_seconds=max_lag_seconds,
        probe_seconds=probe_seconds,
        marks=WriteMarks(read_your_writes_seconds),
    )


def make_routing_sessionmaker(router: ReadRouter) -> async_sessionmaker[AsyncSession]:
    """Sessions whose :func:`~dancu.db.routing.stale_ok` reads may go to the router's replicas.
    Like :func:`make_sessionmaker`, it needs every model mapped first (the entry points wire that)."""
    return async_sessionmaker(
        router.primary,
        sync_session_class=RoutingSession,
        info={ROUTER_KEY: router},
        expire_on_commit=False,
        autoflush=False,
    )
