"""``dancu worker``: run background jobs (reconciliation batches) and the periodic sweeps."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from dancu.cli.output import emit
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.jobs import worker as job_worker
from dancu.jobs.models import JobKind
from dancu.settings import get_settings


async def _run(kinds: list[JobKind] | None, once: bool, idle: float) -> int:
    engine = make_engine(get_settings().database_url)
    try:
        return await job_worker.run(make_sessionmaker(engine), kinds=kinds, once=once, idle_seconds=idle)
    finally:
        await engine.dispose()


def worker(
    once: Annotated[bool, typer.Option("--once", help="Stop when no job is left instead of waiting")] = False,
    kinds: Annotated[
        list[JobKind] | None, typer.Option("--kinds", help="Only these kinds (repeat the option)")
    ] = None,
    idle: Annotated[float, typer.Option(min=0.1, help="Seconds to wait when the queue is empty")] = 2.0,
) -> None:
    """Claim and run queued jobs; several workers may run at once (PostgreSQL: SKIP LOCKED)."""
    emit({"jobs_run": asyncio.run(_run(kinds or None, once, idle))})


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
