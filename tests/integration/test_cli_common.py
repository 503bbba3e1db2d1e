"""The CLI boundary owns the transaction: one commit when the work returns, none when it raises."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.cli.common import in_session
from dancu.jobs.actions import enqueue
from dancu.jobs.models import Job, JobKind


class _Refused(Exception):
    pass


async def _count(url: str, marker: str) -> int:
    async def count(session: AsyncSession) -> int:
        return int(
            await session.scalar(
                select(func.count()).select_from(Job).where(Job.payload["m"].as_string() == marker)
            )
            or 0
        )

    return await in_session(count, url=url)


async def test_work_that_returns_is_committed_once_and_work_that_raises_leaves_nothing(
    database_urls: dict[str, str], backend: str
) -> None:
    url = database_urls[backend]
    marker = secrets.token_hex(4)

    async def enqueue_then_refuse(session: AsyncSession) -> None:
        await enqueue(session, JobKind.RECONCILE, payload={"m": marker})
        raise _Refused

    with pytest.raises(_Refused):
        await in_session(enqueue_then_refuse, url=url)
    assert await _count(url, marker) == 0

    async def enqueue_one(session: AsyncSession) -> int:
        return (await enqueue(session, JobKind.RECONCILE, payload={"m": marker})).id

    job_id = await in_session(enqueue_one, url=url)
    assert await _count(url, marker) == 1

    async def remove(session: AsyncSession) -> None:
        await session.execute(delete(Job).where(Job.id == job_id))

    await in_session(remove, url=url)
    assert await _count(url, marker) == 0
