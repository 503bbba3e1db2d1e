"""The route dependency on the process's group commit of the access log (docs/adr/0017)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.group import GroupCommit


async def log_group(request: Request) -> GroupCommit | None:
    """The process's group commit of the access log (docs/adr/0017), when the app has one (async:
    a plain function would be run in a thread on every request). For routes whose only write is
    their access-log entries, read in :data:`ReadSession`."""
    group: GroupCommit | None = getattr(request.app.state, "log_group", None)
    return group


LogGroup = Annotated[GroupCommit | None, Depends(log_group)]


def group_unless_sqlite(session: AsyncSession, group: GroupCommit | None) -> GroupCommit | None:
    """``group`` for a request whose only write is its entry, on PostgreSQL; None on SQLite, where
    the request's write session holds the database's one write lock from its first statement
    (BEGIN IMMEDIATE), which the group would wait for while the request waits for the group: the
    entry is then written in the request's own transaction."""
    return group if session.get_bind().dialect.name == "postgresql" else None
