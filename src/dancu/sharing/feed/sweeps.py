"""The change feed's periodic work for the worker: sequence committed events, deliver webhooks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.jobs.sweeps import Sweep, register
from dancu.sharing.feed.sequencer import sequence_all
from dancu.sharing.feed.webhooks import deliver_due_webhooks


async def _sequence(session: AsyncSession, now: dt.datetime) -> int:
    return await sequence_all(session)


async def _deliver(session: AsyncSession, now: dt.datetime) -> int:
    return await deliver_due_webhooks(session, now=now)


register(Sweep("feed.sequence", dt.timedelta(seconds=2), _sequence))
register(Sweep("feed.webhooks", dt.timedelta(seconds=5), _deliver))
