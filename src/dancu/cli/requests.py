"""``dancu requests escalate``: the decision clock's sweep (escalate near deadlines, close stale ones)."""

from __future__ import annotations

from typing import Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.cli.common import cli_actor, emit, run_in_session

app = typer.Typer(help="Exploitation requests: the decision clock", no_args_is_help=True)


@app.command("escalate")
def escalate() -> None:
    """Escalate requests due within the escalation window to the superior tier (notifying through the
    outbox) and expire requests and permits nobody acted on in time; prints what changed."""
    from dancu.clock import now_utc
    from dancu.exploitation.requests.actions.escalate import escalate_due

    async def work(session: AsyncSession) -> dict[str, Any]:
        result = await escalate_due(session, now=now_utc(), actor=cli_actor())
        return {"escalated": result.escalated, "routed": result.routed, "expired": result.expired}

    emit(run_in_session(work))
