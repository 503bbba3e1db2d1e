"""``dancu worker``: run background jobs (reconciliation batches) and the periodic sweeps.

Jobs own their transactions (a long job commits per chunk, see ``dancu.jobs.worker``), so the
command opens the engine and hands the worker its session factory rather than one unit of work.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from dancu.cli.common import emit, refuse_incomplete_production, run_async, with_sessions
from dancu.jobs import actions
from dancu.jobs.models import JobKind


def worker(
    once: Annotated[bool, typer.Option("--once", help="Stop when no job is left instead of waiting")] = False,
    kinds: Annotated[
        list[JobKind] | None, typer.Option("--kinds", help="Only these kinds (repeat the option)")
    ] = None,
    idle: Annotated[float, typer.Option(min=0.1, help="Seconds to wait when the queue is empty")] = 2.0,
    lease: Annotated[
        float,
        typer.Option(min=5, help="Seconds a claim lasts without progress before another worker takes it"),
    ] = actions.DEFAULT_LEASE.total_seconds(),
) -> None:
    """Claim and run queued jobs; several workers may run at once (PostgreSQL: SKIP LOCKED)."""
    from dancu.jobs import worker as job_worker

    refuse_incomplete_production()

    jobs_run = run_async(
        with_sessions(
            lambda sessions: job_worker.run(
                sessions, kinds=kinds or None, once=once, idle_seconds=idle, lease=dt.timedelta(seconds=lease)
            )
        )
    )
    emit({"jobs_run": jobs_run})
