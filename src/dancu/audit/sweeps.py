"""The worker makes the log's monthly partitions ahead of time (docs/adr/0018), hourly: a month's
partition exists long before its first entry, and the default partition stays empty."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.partitions import ensure
from dancu.jobs.sweeps import Sweep, register

log = logging.getLogger("dancu.audit")


async def ensure_partitions(session: AsyncSession, now: dt.datetime) -> int:
    made = await ensure(session, now=now)
    if made:
        log.info("audit partitions made: %s", made)
    return len(made)


register(Sweep("audit.partitions", dt.timedelta(hours=1), ensure_partitions))
