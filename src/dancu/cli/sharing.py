"""``dancu sharing``: the change-feed worker (sequence the feed, deliver webhooks)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from dancu.clock import now_utc
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.settings import get_settings
from dancu.sharing.feed.sequencer import sequence_all
from dancu.sharing.feed.webhooks import deliver_due_webhooks

from .output import emit

app = typer.Typer(help="Sharing with other databases (change feed, webhooks)", no_args_is_help=True)
IDLE_SECONDS = 5.0


async def _round() -> tuple[int, int]:
    """Sequence, commit, then deliver and commit: webhooks leave only for committed entries."""
    engine = make_engine(get_settings().database_url)
    try:
        sessions = make_sessionmaker(engine)
        async with sessions() as session:
            sequenced = await sequence_all(session)
            await session.commit()
        async with sessions() as session:
            attempts = await deliver_due_webhooks(session, now=now_utc())
            await session.commit()
        return sequenced, attempts
    finally:
        await engine.dispose()


@app.command("sequence-feed")
def sequence_feed() -> None:
    """Give newly committed register events their feed positions (one pass until caught up)."""
    sequenced, _ = asyncio.run(_sequence_only())
    emit({"sequenced": sequenced})


async def _sequence_only() -> tuple[int, int]:
    engine = make_engine(get_settings().database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            sequenced = await sequence_all(session)
            await session.commit()
        return sequenced, 0
    finally:
        await engine.dispose()


@app.command("deliver-webhooks")
def deliver_webhooks(
    once: Annotated[bool, typer.Option("--once", help="One round, then exit (for cron and tests)")] = False,
) -> None:
    """Sequence the feed and send due webhooks; without --once, keep going until interrupted."""
    while True:
        sequenced, attempts = asyncio.run(_round())
        if once:
            emit({"sequenced": sequenced, "attempts": attempts})
            return
        if not sequenced and not attempts:
            asyncio.run(asyncio.sleep(IDLE_SECONDS))
