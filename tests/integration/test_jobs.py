"""The job queue: claims, leases and take-over; on PostgreSQL two claimers never share a job."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from dancu.clock import now_utc
from dancu.jobs import actions
from dancu.jobs.models import Job, JobKind, JobStatus

KINDS = [JobKind.RECONCILE]


async def test_a_job_is_claimed_once_until_its_lease_expires(session: AsyncSession) -> None:
    job = await actions.enqueue(session, JobKind.RECONCILE, payload={"n": 1})
    assert await actions.claim(session, worker_id="A", kinds=KINDS) == job.id
    assert await actions.claim(session, worker_id="B", kinds=KINDS) is None
    lapsed = now_utc() + dt.timedelta(minutes=6)  # past the five-minute lease
    from dancu.clock import freeze

    with freeze(lapsed):
        assert await actions.claim(session, worker_id="B", kinds=KINDS) == job.id
        with pytest.raises(actions.LeaseLost):
            await actions.complete(session, job.id, worker_id="A")
        await actions.complete(session, job.id, worker_id="B")
    done = await session.get(Job, job.id, populate_existing=True)
    assert done is not None and (done.status, done.attempts) == (JobStatus.DONE, 2)


async def test_the_last_failed_attempt_marks_the_job_failed(session: AsyncSession) -> None:
    job = await actions.enqueue(session, JobKind.RECONCILE, payload={}, max_attempts=1)
    assert await actions.claim(session, worker_id="A", kinds=KINDS) == job.id
    assert await actions.fail(session, job.id, worker_id="A", error="boom") is JobStatus.FAILED
    assert await actions.claim(session, worker_id="A", kinds=KINDS) is None


async def _claim_and_hold(
    engine: AsyncEngine, worker_id: str, hold: asyncio.Event, held: asyncio.Event
) -> int | None:
    async with AsyncSession(engine) as session:
        job_id = await actions.claim(session, worker_id=worker_id, kinds=KINDS)
        held.set()
        await hold.wait()  # keep the row lock until the other claimer has tried
        await session.commit()
        return job_id


async def _claim(engine: AsyncEngine, worker_id: str) -> int | None:
    async with AsyncSession(engine) as session:
        job_id = await actions.claim(session, worker_id=worker_id, kinds=KINDS)
        await session.commit()
        return job_id


async def test_two_claimers_on_postgresql_never_take_the_same_job(engine: AsyncEngine, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite serialises writers")
    async with AsyncSession(engine) as session:
        ids = [(await actions.enqueue(session, JobKind.RECONCILE, payload={"n": n})).id for n in range(6)]
        await session.commit()
    try:
        hold, held = asyncio.Event(), asyncio.Event()
        first = asyncio.create_task(_claim_and_hold(engine, "A", hold, held))
        await held.wait()
        # A holds its row locked and uncommitted: B must pass over it, not wait for it or share it.
        second = await asyncio.wait_for(_claim(engine, "B"), timeout=10)
        hold.set()
        first_id = await first
        assert first_id is not None and second is not None and first_id != second
        rest = await asyncio.gather(*(_claim(engine, f"W{n}") for n in range(8)))
        claimed = [first_id, second, *[r for r in rest if r is not None]]
        assert sorted(claimed) == sorted(ids)  # every job once, none twice
        async with AsyncSession(engine) as session:
            owners = dict((await session.execute(select(Job.id, Job.locked_by).where(Job.id.in_(ids)))).all())
        assert len(set(owners.values())) == 6
    finally:
        async with AsyncSession(engine) as session:
            await session.execute(delete(Job).where(Job.id.in_(ids)))
            await session.commit()
