"""The unit of work of everything that is not a request: workers, sweeps, delivery passes.

Rule 1 of the house style: the outer layer owns the transaction. A request's boundary is
:mod:`dancu.web.transaction`; a worker, a sweep or a delivery pass opens one of these per unit
(a job's chunk, a sweep run, a claim) and never calls ``commit()`` inside it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession

# An ``async_sessionmaker``, or anything that opens a session the same way (the tests' shared one).
SessionFactory = Callable[[], AbstractAsyncContextManager[AsyncSession]]


@asynccontextmanager
async def unit_of_work(sessionmaker: SessionFactory) -> AsyncIterator[AsyncSession]:
    """A session whose work commits when the block ends normally and rolls back when it raises.

    The commit happens before the block's value reaches the caller, so a unit that returns a
    checkpoint has stored it; a failing commit raises here like any other error of the unit.
    """
    async with sessionmaker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        try:
            await session.commit()
        except BaseException:  # nothing of a unit whose commit failed stays in its session
            await session.rollback()
            raise
