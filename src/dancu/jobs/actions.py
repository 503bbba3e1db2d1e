"""Writes on the job table: enqueue (inside the caller's transaction), claim, advance, finish.

A job is enqueued in the same transaction as the change that needs it (an outbox row), so it
exists if and only if that change committed. A worker claims one job at a time with a lease; it
advances the job's checkpoint in the same transaction as the work the checkpoint covers, and every
write after the claim is conditional on still holding the lease (``locked_by``), so a worker that
lost its lease to another one cannot write over it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.clock import now_utc
from dancu.jobs.models import Job, JobKind, JobStatus

DEFAULT_LEASE = dt.timedelta(minutes=5)
MAX_BACKOFF = dt.timedelta(minutes=30)


class LeaseLost(Exception):
    """Another worker took the job over (our lease expired); this worker must stop writing."""


async def enqueue(
    session: AsyncSession, kind: JobKind, *, payload: dict[str, Any], total: int = 0, max_attempts: int = 5
) -> Job:
    at = now_utc()
    job = Job(
        kind=kind,
        payload=payload,
        status=JobStatus.QUEUED,
        attempts=0,
        max_attempts=max_attempts,
        run_after=at,
        checkpoint=0,
        progress_done=0,
        progress_total=total,
        created_at=at,
    )
    session.add(job)
    await session.flush()  # the caller gets the row with its id
    return job


def _claimable(kinds: Collection[JobKind], at: dt.datetime) -> Any:
    due = (Job.status == JobStatus.QUEUED) & (Job.run_after <= at)
    orphaned = (Job.status == JobStatus.RUNNING) & (Job.lease_until < at)
    return select(Job.id).where(Job.kind.in_(list(kinds)), or_(due, orphaned))


async def claim(
    session: AsyncSession, *, worker_id: str, kinds: Collection[JobKind], lease: dt.timedelta = DEFAULT_LEASE
) -> int | None:
    """Take the oldest claimable job of ``kinds``; its id, or None. The caller commits.

    On PostgreSQL the candidate row is locked with ``FOR UPDATE SKIP LOCKED``, so concurrent
    claimers pass over each other's rows instead of waiting or taking the same one; SQLite has one
    writer at a time, so the single ``UPDATE … WHERE id = (SELECT …)`` is already atomic there.
    """
    at = now_utc()
    candidate = _claimable(kinds, at).order_by(Job.id).limit(1).with_for_update(skip_locked=True)
    statement = (
        update(Job)
        .where(Job.id == candidate.scalar_subquery())
        .values(
            status=JobStatus.RUNNING,
            locked_by=worker_id,
            lease_until=at + lease,
            heartbeat_at=at,
            attempts=Job.attempts + 1,
        )
        .returning(Job.id)
        .execution_options(synchronize_session=False)
    )
    job_id = (await session.execute(statement)).scalar_one_or_none()
    if job_id is not None:
        await session.execute(
            update(Job)
            .where(Job.id == job_id, Job.started_at.is_(None))
            .values(started_at=at)
            .execution_options(synchronize_session=False)
        )
    return job_id


async def _owned_update(session: AsyncSession, job_id: int, worker_id: str, **values: Any) -> int:
    statement = (
        update(Job)
        .where(Job.id == job_id, Job.locked_by == worker_id, Job.status == JobStatus.RUNNING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(statement)
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


async def advance(
    session: AsyncSession,
    job_id: int,
    *,
    worker_id: str,
    checkpoint_from: int,
    checkpoint_to: int,
    done: int,
    total: int,
    lease: dt.timedelta = DEFAULT_LEASE,
) -> None:
    """Move the checkpoint from ``checkpoint_from`` to ``checkpoint_to`` and renew the lease.

    Raises :class:`LeaseLost` (the caller rolls back) unless this worker still holds the job and
    the checkpoint is where it started: the chunk is then committed exactly once.
    """
    at = now_utc()
    statement = (
        update(Job)
        .where(
            Job.id == job_id,
            Job.locked_by == worker_id,
            Job.status == JobStatus.RUNNING,
            Job.checkpoint == checkpoint_from,
        )
        .values(
            checkpoint=checkpoint_to,
            progress_done=done,
            progress_total=total,
            heartbeat_at=at,
            lease_until=at + lease,
        )
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(statement)
    assert isinstance(result, CursorResult)
    if result.rowcount != 1:
        raise LeaseLost(job_id)


async def complete(session: AsyncSession, job_id: int, *, worker_id: str) -> None:
    at = now_utc()
    changed = await _owned_update(
        session, job_id, worker_id, status=JobStatus.DONE, finished_at=at, lease_until=None, error=None
    )
    if changed != 1:
        raise LeaseLost(job_id)


def backoff(attempts: int) -> dt.timedelta:
    return min(dt.timedelta(seconds=2 ** min(attempts, 16)), MAX_BACKOFF)


async def fail(session: AsyncSession, job_id: int, *, worker_id: str, error: str) -> JobStatus | None:
    """Give the job back for a later retry, or mark it failed after its last attempt.

    Its checkpoint stays, so the retry resumes where the failed attempt stopped. Returns the new
    status, or None when this worker no longer held the job.
    """
    job = await session.scalar(
        select(Job)
        .where(Job.id == job_id, Job.locked_by == worker_id)
        .execution_options(populate_existing=True)
    )
    if job is None or job.status is not JobStatus.RUNNING:
        return None
    at = now_utc()
    final = job.attempts >= job.max_attempts
    status = JobStatus.FAILED if final else JobStatus.QUEUED
    await _owned_update(
        session,
        job_id,
        worker_id,
        status=status,
        error=error[:2000],
        lease_until=None,
        locked_by=None,
        run_after=at + backoff(job.attempts),
        finished_at=at if final else None,
    )
    return status
