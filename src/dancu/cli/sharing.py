"""``dancu sharing``: the change-feed worker (sequence the feed, deliver webhooks)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dancu.clock import now_utc
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.settings import get_settings
from dancu.sharing.feed.sequencer import sequence_all
from dancu.sharing.feed.webhooks import deliver_due_webhooks

from .output import emit

app = typer.Typer(help="Sharing with other databases (change feed, webhooks)", no_args_is_help=True)
IDLE_SECONDS = 5.0


async def _sequence(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        sequenced = await sequence_all(session)
        await session.commit()
        return sequenced


async def _deliver(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        attempts = await deliver_due_webhooks(session, now=now_utc())
        await session.commit()
        return attempts


async def _work(*, deliver: bool, once: bool) -> dict[str, int]:
    """Sequence and commit, then deliver and commit: webhooks leave only for committed entries."""
    engine = make_engine(get_settings().database_url)
    try:
        sessions = make_sessionmaker(engine)
        while True:
            sequenced = await _sequence(sessions)
            attempts = await _deliver(sessions) if deliver else 0
            if once:
                return {"sequenced": sequenced, "attempts": attempts}
            if not sequenced and not attempts:
                await asyncio.sleep(IDLE_SECONDS)
    finally:
        await engine.dispose()


@app.command("sequence-feed")
def sequence_feed() -> None:
    """Give newly committed register events their feed positions (passes until caught up)."""
    emit(asyncio.run(_work(deliver=False, once=True)))


@app.command("deliver-webhooks")
def deliver_webhooks(
    once: Annotated[bool, typer.Option("--once", help="One round, then exit (for cron and tests)")] = False,
) -> None:
    """Sequence the feed and send due webhooks; without --once, keep going until interrupted."""
    emit(asyncio.run(_work(deliver=True, once=once)))
