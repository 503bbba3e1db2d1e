"""``dancu notify send``: one delivery pass over the outbox (run by cron or a loop)."""

from __future__ import annotations

import asyncio

import typer

from dancu.db.engine import make_engine, make_sessionmaker
from dancu.notify.settings import NotifySettings
from dancu.notify.transports import send_all
from dancu.settings import get_settings

app = typer.Typer(help="Notifications (outbox)", no_args_is_help=True)


async def _send() -> int:
    engine = make_engine(get_settings().database_url)
    try:
        return await send_all(make_sessionmaker(engine), NotifySettings())
    finally:
        await engine.dispose()


@app.command("send")
def send() -> None:
    """Deliver pending messages through the configured transport."""
    typer.echo(f"sent {asyncio.run(_send())}")
