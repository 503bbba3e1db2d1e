"""Which errors mean "the database cannot serve right now" (down, restarting, failing over).

Those are answered 503 with Retry-After instead of 500: nothing the client sent is wrong, and the
same request succeeds once a primary is back (the pool reconnects by itself). Everything else stays
an internal error.
"""

from __future__ import annotations

import errno
import socket
import sqlite3
from collections.abc import Iterator

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# SQLSTATE classes and codes (PostgreSQL appendix A) that a failover or restart produces.
UNAVAILABLE_SQLSTATE_PREFIXES = ("08",)  # connection exception (PgBouncer reports its own as 08P01)
UNAVAILABLE_SQLSTATES = frozenset(
    {
        "57P01",  # admin_shutdown: the server is stopping (switchover, fast shutdown)
        "57P02",  # crash_shutdown: another backend crashed, the postmaster restarts
        "57P03",  # cannot_connect_now: starting up, or a standby not yet accepting connections
        "53300",  # too_many_connections
        "25006",  # read_only_sql_transaction: a write reached a node that is no longer the primary
    }
)
UNAVAILABLE_ERRNOS = frozenset(
    {errno.ECONNREFUSED, errno.ECONNRESET, errno.ECONNABORTED, errno.EHOSTUNREACH, errno.ENETUNREACH}
)
# SQLite: another process holds the write lock past busy_timeout, or the file is gone for a moment.
SQLITE_UNAVAILABLE = ("database is locked", "unable to open database file", "disk i/o error")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The error, what SQLAlchemy wrapped (``orig``) and the causes below it, each once."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend([getattr(current, "orig", None), current.__cause__, current.__context__])


def sqlstate(exc: BaseException) -> str | None:
    """The first SQLSTATE found in the error's chain (asyncpg names it ``sqlstate``)."""
    for link in _chain(exc):
        code = getattr(link, "sqlstate", None) or getattr(link, "pgcode", None)
        if isinstance(code, str):
            return code
    return None


def _link_unavailable(link: BaseException) -> bool:
    if isinstance(link, DBAPIError) and link.connection_invalidated:
        return True
    if isinstance(link, PoolTimeout | TimeoutError | ConnectionError | socket.gaierror):
        return True
    if isinstance(link, OSError) and link.errno in UNAVAILABLE_ERRNOS:
        return True
    # asyncpg raises this when the server goes away in the middle of a query.
    if type(link).__name__ in {"ConnectionDoesNotExistError", "InternalClientError"}:
        return "connection" in str(link).lower()
    # ... and this when a connection the server closed meanwhile (a failover, a terminated backend)
    # is used again: on the driver path (the hot reads, the log's held connection) nothing wraps it.
    if type(link).__name__ == "InterfaceError" and "connection is closed" in str(link).lower():
        return True
    if isinstance(link, sqlite3.OperationalError):
        return str(link).lower().startswith(SQLITE_UNAVAILABLE)
    return False


def is_unavailable(exc: BaseException) -> bool:
    """Does this error mean the database is unreachable or changing roles (answer 503)?"""
    code = sqlstate(exc)
    if code is not None and (code in UNAVAILABLE_SQLSTATES or code.startswith(UNAVAILABLE_SQLSTATE_PREFIXES)):
        return True
    if code == "40001" and any("conflict with recovery" in str(link) for link in _chain(exc)):
        return True  # a replica cancelled the query to replay WAL: retrying succeeds
    return any(_link_unavailable(link) for link in _chain(exc))


def describe(exc: BaseException) -> str:
    """A log-safe description: the error types and SQLSTATE, never messages (they may hold values)."""
    names = " <- ".join(type(link).__name__ for link in _chain(exc))
    code = sqlstate(exc)
    return f"{names} (sqlstate {code})" if code else names
