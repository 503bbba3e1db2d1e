"""Periodic sweeps the worker runs between jobs: work that is due by the clock, not queued.

A sweep is ``async (session, now) -> int`` (how much it did). Each runs in its own unit of work
(:func:`dancu.db.unit_of_work.unit_of_work` commits it; a sweep never commits, rule 1), at most
once per its interval per worker. Features register theirs in their own module, listed in
:data:`SWEEP_MODULES` (as job handlers are), so the worker does not import the features it serves.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dancu.clock import now_utc
from dancu.db.unit_of_work import unit_of_work

log = logging.getLogger(__name__)

SWEEP_MODULES = (
    "dancu.audit.sweeps",
    "dancu.sharing.feed.sweeps",
    "dancu.exploitation.requests.sweeps",
    "dancu.privacy.sweeps",
    "dancu.corrections.sweeps",
    "dancu.undetermined.sweeps",
)

SweepFn = Callable[[AsyncSession, dt.datetime], Awaitable[int]]


@dataclass(frozen=True)
class Sweep:
    name: str
    every: dt.timedelta
    run: SweepFn


_SWEEPS: dict[str, Sweep] = {}


def register(sweep: Sweep) -> None:
    _SWEEPS[sweep.name] = sweep


def sweeps() -> list[Sweep]:
    for module in SWEEP_MODULES:
        importlib.import_module(module)
    return sorted(_SWEEPS.values(), key=lambda s: s.name)


@dataclass
class SweepClock:
    """When each sweep last ran in this worker."""

    last: dict[str, dt.datetime] = field(default_factory=dict)

    def due(self, sweep: Sweep, now: dt.datetime) -> bool:
        last = self.last.get(sweep.name)
        return last is None or now - last >= sweep.every


async def run_due(sessionmaker: async_sessionmaker[AsyncSession], clock: SweepClock) -> dict[str, int]:
    """Run every sweep whose interval has passed; a failing sweep is logged and retried next time."""
    done: dict[str, int] = {}
    for sweep in sweeps():
        now = now_utc()
        if not clock.due(sweep, now):
            continue
        clock.last[sweep.name] = now
        try:
            async with unit_of_work(sessionmaker) as session:
                done[sweep.name] = await sweep.run(session, now)
        except Exception:  # one broken sweep must not stop the queue or the other sweeps
            log.exception("sweep %s failed", sweep.name)
    return done
