"""The worker: claims jobs, runs the handler registered for their kind, records the outcome.

The job is the outer layer (rule 1), but handlers never commit: each unit of a job (a chunk)
runs in :meth:`JobContext.unit`, which commits when the unit ends. A long job advances its
checkpoint through :meth:`JobContext.advance` inside the unit, so the chunk and its checkpoint
commit together and a job taken over after a crash resumes from its last committed chunk.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Collection
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dancu.db.unit_of_work import unit_of_work
from dancu.jobs import actions, sweeps
from dancu.jobs.models import Job, JobKind

log = logging.getLogger(__name__)

Handler = Callable[["JobContext"], Awaitable[None]]
_HANDLERS: dict[JobKind, Handler] = {}


def register(kind: JobKind, handler: Handler) -> None:
    """Called by ``dancu.wiring`` for each kind: the queue knows no feature package."""
    _HANDLERS[kind] = handler


def handlers() -> dict[JobKind, Handler]:
    return dict(_HANDLERS)


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class JobContext:
    job_id: int
    kind: JobKind
    payload: dict[str, Any]
    attempt: int
    checkpoint: int
    worker_id: str
    sessionmaker: async_sessionmaker[AsyncSession]
    lease: dt.timedelta = actions.DEFAULT_LEASE

    def unit(self) -> AbstractAsyncContextManager[AsyncSession]:
        """One unit of the job's work: commits when the block ends, rolls back if it raises."""
        return unit_of_work(self.sessionmaker)

    async def advance(
        self, session: AsyncSession, *, checkpoint_from: int, checkpoint_to: int, done: int, total: int
    ) -> None:
        """Move the checkpoint in ``session``'s unit (it commits with the chunk); LeaseLost if taken over."""
        await actions.advance(
            session,
            self.job_id,
            worker_id=self.worker_id,
            checkpoint_from=checkpoint_from,
            checkpoint_to=checkpoint_to,
            done=done,
            total=total,
            lease=self.lease,
        )


async def _claim(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    worker_id: str,
    kinds: Collection[JobKind],
    lease: dt.timedelta,
) -> JobContext | None:
    async with unit_of_work(sessionmaker) as session:
        job_id = await actions.claim(session, worker_id=worker_id, kinds=kinds, lease=lease)
        if job_id is None:
            return None
        job = await session.get(Job, job_id, populate_existing=True)
        assert job is not None
        return JobContext(
            job_id=job.id,
            kind=job.kind,
            payload=dict(job.payload),
            attempt=job.attempts,
            checkpoint=job.checkpoint,
            worker_id=worker_id,
            sessionmaker=sessionmaker,
            lease=lease,
        )


async def _finish(ctx: JobContext, error: BaseException | None) -> None:
    async with ctx.unit() as session:
        if error is None:
            await actions.complete(session, ctx.job_id, worker_id=ctx.worker_id)
        else:
            await actions.fail(session, ctx.job_id, worker_id=ctx.worker_id, error=repr(error))


async def run_once(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    worker_id: str | None = None,
    kinds: Collection[JobKind] | None = None,
    lease: dt.timedelta = actions.DEFAULT_LEASE,
) -> int | None:
    """Claim and run one job; its id, or None when nothing was claimable."""
    registry = handlers()
    wanted = [k for k in (kinds or registry) if k in registry]
    ctx = await _claim(sessionmaker, worker_id=worker_id or new_worker_id(), kinds=wanted, lease=lease)
    if ctx is None:
        return None
    try:
        await registry[ctx.kind](ctx)
    except actions.LeaseLost:
        log.warning("job %s: lease lost to another worker; stopping", ctx.job_id)
        return ctx.job_id
    except Exception as exc:  # the job's failure is recorded on the job, not raised
        log.exception("job %s (%s) failed on attempt %s", ctx.job_id, ctx.kind, ctx.attempt)
        await _finish(ctx, exc)
        return ctx.job_id
    await _finish(ctx, None)
    return ctx.job_id


async def run(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    kinds: Collection[JobKind] | None = None,
    once: bool = False,
    idle_seconds: float = 2.0,
    stop: asyncio.Event | None = None,
    lease: dt.timedelta = actions.DEFAULT_LEASE,
) -> int:
    """Run jobs until ``stop`` is set (or, with ``once``, until none is claimable); how many ran.

    Between jobs the worker also runs the periodic sweeps that are due (feed sequencing, webhook
    delivery, deadline escalation), so one process keeps every background duty moving.
    """
    worker_id = new_worker_id()
    clock = sweeps.SweepClock()
    ran = 0
    while stop is None or not stop.is_set():
        await sweeps.run_due(sessionmaker, clock)
        job_id = await run_once(sessionmaker, worker_id=worker_id, kinds=kinds, lease=lease)
        if job_id is not None:
            ran += 1
            continue
        if once:
            break
        await asyncio.sleep(idle_seconds)
    return ran
