"""The test app's unit of work: the test's savepoint session, and a check that no request leaves
writes uncommitted.

Tests hand the app one savepoint session (``join_transaction_mode="create_savepoint"``), so a
commit only releases a savepoint. That makes a forgotten commit invisible: the test goes on
reading its own uncommitted writes while the real app would have stored nothing. The same trap is
closed in communitiesuk/funding-service's integration conftest by tracking whether the session is
"clean"; here every request's session is tracked from the moment the app takes it, and the request
fails when it gives the session back with pending objects or with writes that were flushed or
executed but neither committed nor rolled back.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction
from sqlalchemy.sql.elements import TextClause

UNCOMMITTED = "uncommitted_writes"
_WRITE_SQL = re.compile(r"^\s*(insert|update|delete|copy|merge)\b", re.IGNORECASE)


class UncommittedWritesError(AssertionError):
    """A request ended with writes its boundary never committed: the real app would lose them."""


def _mark(session: Session) -> None:
    session.info[UNCOMMITTED] = True


def _before_flush(session: Session, _context: Any, _instances: object) -> None:
    if session.new or session.dirty or session.deleted:
        _mark(session)


def _on_execute(state: ORMExecuteState) -> None:
    statement = state.statement
    raw_write = isinstance(statement, TextClause) and bool(_WRITE_SQL.match(statement.text))
    if state.is_insert or state.is_update or state.is_delete or raw_write:
        _mark(state.session)


def _cursor_watcher(session: Session) -> Any:
    """Writes sent on the session's connection without the ORM (Core executemany, raw SQL)."""

    def watch(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if _WRITE_SQL.match(statement):
            _mark(session)

    return watch


def _clean(session: Session, *_args: SessionTransaction) -> None:
    session.info[UNCOMMITTED] = False


def track(session: AsyncSession) -> None:
    """Follow ``session``'s writes until they are committed or rolled back (idempotent)."""
    sync = session.sync_session
    if sync.info.get("uow_tracked"):
        return
    sync.info["uow_tracked"] = True
    event.listen(sync, "before_flush", _before_flush)
    event.listen(sync, "do_orm_execute", _on_execute)
    event.listen(sync, "after_commit", _clean)
    event.listen(sync, "after_soft_rollback", _clean)
    if isinstance(session.bind, AsyncConnection):
        event.listen(session.bind.sync_connection, "before_cursor_execute", _cursor_watcher(sync))


def start_request(session: AsyncSession) -> None:
    """What the test itself left in the session is not the request's doing."""
    track(session)
    session.info[UNCOMMITTED] = False


def check_request(session: AsyncSession) -> None:
    pending = len(session.new) + len(session.dirty) + len(session.deleted)
    if pending or session.info.get(UNCOMMITTED):
        session.info[UNCOMMITTED] = False
        raise UncommittedWritesError(
            f"a request left {'pending objects' if pending else 'flushed writes'} uncommitted: the "
            "route must run under the unit-of-work boundary (dancu.web.transaction.UnitOfWorkRoute)"
        )


class SharedSession:
    """Hands the test's savepoint session to the app as its sessionmaker, so each test sees and
    discards its own data, and fails any request that gives it back with uncommitted writes."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def __call__(self) -> SharedSession:
        return self

    async def __aenter__(self) -> AsyncSession:
        start_request(self.session)
        return self.session

    async def __aexit__(self, kind: object, *exc: object) -> None:
        if kind is None:
            check_request(self.session)
