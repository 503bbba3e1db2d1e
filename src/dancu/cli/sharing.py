"""``dancu sharing``: the change-feed worker (sequence the feed, deliver webhooks)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Annotated

import typer

from dancu.cli.common import emit, run_async, unit_of_work, with_sessions

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

app = typer.Typer(help="Sharing with other databases (change feed, webhooks)", no_args_is_help=True)
IDLE_SECONDS = 5.0


async def _rounds(sessions: async_sessionmaker[AsyncSession], *, deliver: bool, once: bool) -> dict[str, int]:
    """Sequence in one transaction, then deliver in another: webhooks leave only for committed entries."""
    from dancu.clock import now_utc
    from dancu.sharing.feed.sequencer import sequence_all
    from dancu.sharing.feed.webhooks import deliver_due_webhooks

    async def deliver_due(session: AsyncSession) -> int:
        return await deliver_due_webhooks(session, now=now_utc())

    while True:
        sequenced = await unit_of_work(sessions, sequence_all)
        attempts = await unit_of_work(sessions, deliver_due) if deliver else 0
        if once:
            return {"sequenced": sequenced, "attempts": attempts}
        if not sequenced and not attempts:
            await asyncio.sleep(IDLE_SECONDS)


@app.command("sequence-feed")
def sequence_feed() -> None:
    """Give newly committed register events their feed positions (passes until caught up)."""
    emit(run_async(with_sessions(lambda sessions: _rounds(sessions, deliver=False, once=True))))


@app.command("deliver-webhooks")
def deliver_webhooks(
    once: Annotated[bool, typer.Option("--once", help="One round, then exit (for cron and tests)")] = False,
) -> None:
    """Sequence the feed and send due webhooks; without --once, keep going until interrupted."""
    emit(run_async(with_sessions(lambda sessions: _rounds(sessions, deliver=True, once=once))))
