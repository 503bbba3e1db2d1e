"""Single lookups asked at once, read in one statement (docs/adr/0017, "session 12").

Under load a server process has many single lookups (and yes/no questions) in flight, each reading
one person and their fact sets. Read one by one, each paid a pool checkout, a round trip and a
statement's execution in its own right; the round trip (a system call each way, a wake-up of the
database's backend) was the largest single share of a lookup's CPU, in the worker and in the
database. One :class:`ReadGroup` per process gathers them: a read of one current PIN waits while the
group's previous read is in flight, then every read waiting is made by one statement (at most
``COALESCED[-1]`` PINs, by :func:`dancu.lookup.queries.sets_of_current`), and each request gets the
rows of its own PIN. Nobody waits for a timer: an idle process reads a request's person at once.

Each request still resolves, matches, checks and logs its own person exactly as before; only the
statement is shared. The read is made at an instant no earlier than any of the group's requests'
(rows recorded after a request's own instant are dropped by its resolution, which keeps only what was
recorded by then). Reads of several PINs (a batch) or by the PIN register (a cancelled number) are
made on a connection of their own, as before. A failed read fails every request of its group with
the same error (each answers it as its own read failing would).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any

from dancu.lookup.queries import COALESCED, DriverConnection, OnConnection, sets_of_current

Connect = Callable[[], AbstractAsyncContextManager[DriverConnection]]


def _loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


@dataclass
class _Waiting:
    pin: str
    instant: dt.datetime
    done: asyncio.Future[list[Any]] = field(default_factory=lambda: _loop().create_future())


class ReadGroup:
    """The process's coalescing reader of single current PINs; a :class:`queries.SetsSource`."""

    def __init__(self, connect: Connect, *, max_pins: int = COALESCED[-1]) -> None:
        self._connect = connect
        self._max_pins = min(max_pins, COALESCED[-1])
        self._queue: list[_Waiting] = []
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.reads = 0  # statements made by the group, for the tests and the bench
        self.requests = 0

    async def sets(self, pins: list[str], instant: dt.datetime, *, former: bool) -> list[Any]:
        if former or len(pins) != 1:
            async with self._connect() as connection:
                return await OnConnection(connection).sets(pins, instant, former=former)
        waiting = _Waiting(pins[0], instant)
        self._queue.append(waiting)
        self._ensure_running().set()
        return await waiting.done

    def _ensure_running(self) -> asyncio.Event:
        if self._task is None or self._task.done():
            self._wake = asyncio.Event()
            self._task = _loop().create_task(self._run(self._wake))
        assert self._wake is not None
        return self._wake

    async def _run(self, wake: asyncio.Event) -> None:
        while True:
            await wake.wait()
            wake.clear()
            while self._queue:
                group = [w for w in self._queue[: self._max_pins] if not w.done.done()]
                del self._queue[: self._max_pins]
                if group:
                    await self._read(group)
            if self._closing:
                return

    async def _read(self, group: list[_Waiting]) -> None:
        pins = list(dict.fromkeys(w.pin for w in group))
        try:
            async with self._connect() as connection:
                rows = await sets_of_current(connection, pins, max(w.instant for w in group))
        except BaseException as exc:  # every request of the group fails as its own read would have
            for waiting in group:
                if not waiting.done.done():
                    waiting.done.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        self.reads += 1
        self.requests += len(group)
        by_pin: dict[str, list[Any]] = {pin: [] for pin in pins}
        for row in rows:
            by_pin[row[0]].append(row)
        for waiting in group:
            if not waiting.done.done():  # a request cancelled meanwhile (client gone) needs no rows
                waiting.done.set_result(by_pin[waiting.pin])

    async def close(self) -> None:
        """Stop the reader once every waiting read is made (server shutdown)."""
        if self._task is None or self._task.done() or self._wake is None:
            return
        self._closing = True
        self._wake.set()
        await self._task
        self._task = None
