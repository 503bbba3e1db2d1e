"""The retention sweep as a periodic job of the worker (``dancu.jobs.sweeps``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.jobs.sweeps import Sweep, register
from dancu.privacy.retention import sweep


async def _retention(session: AsyncSession, now: dt.datetime) -> int:
    return sum((await sweep(session, now)).values())


# Periods are counted in days: a sweep every hour is ample.
register(Sweep("privacy.retention", dt.timedelta(hours=1), _retention))
