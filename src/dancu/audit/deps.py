"""The route dependency on the process's group commit of the access log (docs/adr/0017)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from dancu.audit.group import GroupCommit


async def log_group(request: Request) -> GroupCommit | None:
    """The process's group commit of the access log (docs/adr/0017), when the app has one (async:
    a plain function would be run in a thread on every request). For routes whose only write is
    their access-log entries, read in :data:`ReadSession`."""
    group: GroupCommit | None = getattr(request.app.state, "log_group", None)
    return group


LogGroup = Annotated[GroupCommit | None, Depends(log_group)]
