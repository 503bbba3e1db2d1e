"""Reads of one person asked at once, made in one statement (docs/adr/0017, "session 12").

Under load a server process has many single lookups, yes/no questions and own-record reads in flight,
each reading one person and their fact sets. Read one by one, each paid a pool checkout, a round trip
and a statement's execution in its own right; the round trip (a system call each way, a wake-up of
the database's backend) was the largest single share of a lookup's CPU, in the worker and in the
database. A :class:`Coalescer` gathers them: a read waits while the previous read of its kind is in
flight, then every read waiting is made by one statement (at most ``COALESCED[-1]`` people: by
current PIN, :func:`dancu.lookup.queries.sets_of_current`; by id,
:func:`dancu.registry.driver_sets.records_of_ids`), and each request gets the rows of its own key.
Nobody waits for a timer: an idle process reads a request's person at once.

Each request still resolves, matches, checks and logs its own person exactly as before; only the
statement is shared. The read is made at an instant no earlier than any of its requests' (rows
recorded after a request's own instant are dropped by its resolution, which keeps only what was
recorded by then). Reads of several PINs (a batch) or by the PIN register (a cancelled number) are
made on a connection of their own, as before. A failed read fails every request it carried with
the same error (each answers it as its own read failing would).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Hashable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from dancu.db.drain import Drainer
from dancu.lookup.queries import OnConnection, sets_of_current
from dancu.registry.driver_sets import COALESCED, records_of_ids
from dancu.registry.queries import DriverConnection

K = TypeVar("K", bound=Hashable)
Connect = Callable[[], AbstractAsyncContextManager[DriverConnection]]
ReadMany = Callable[[DriverConnection, list[K], dt.datetime], Awaitable[list[Any]]]


def _loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


@dataclass
class _Waiting(Generic[K]):
    key: K
    instant: dt.datetime
    done: asyncio.Future[list[Any]] = field(default_factory=lambda: _loop().create_future())


class Coalescer(Drainer, Generic[K]):
    """One process's reads of one kind: ``read`` makes up to ``COALESCED[-1]`` keys' reads in one
    statement, and a row belongs to the key in its first column."""

    def __init__(self, connect: Connect, read: ReadMany[K]) -> None:
        super().__init__()
        self._connect = connect
        self._read_many = read
        self._queue: list[_Waiting[K]] = []
        self.reads = 0  # statements made, for the tests and the bench
        self.requests = 0

    async def rows(self, key: K, instant: dt.datetime) -> list[Any]:
        """The rows of ``key`` recorded by ``instant`` (or later), read with whoever else waits."""
        waiting = _Waiting(key, instant)
        self._queue.append(waiting)
        self._kick()
        return await waiting.done

    async def _drain(self) -> None:
        while self._queue:
            size = COALESCED[-1]
            group = [w for w in self._queue[:size] if not w.done.done()]
            del self._queue[:size]
            if group:
                await self._read(group)

    async def _read(self, group: list[_Waiting[K]]) -> None:
        keys = list(dict.fromkeys(w.key for w in group))
        try:
            async with self._connect() as connection:
                rows = await self._read_many(connection, keys, max(w.instant for w in group))
        except BaseException as exc:  # every request of the group fails as its own read would have
            for waiting in group:
                if not waiting.done.done():
                    waiting.done.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        self.reads += 1
        self.requests += len(group)
        by_key: dict[K, list[Any]] = {key: [] for key in keys}
        for row in rows:  # every row is an asked key's (the statement matches them exactly)
            by_key.setdefault(row[0], []).append(row)
        for waiting in group:
            if not waiting.done.done():  # a request cancelled meanwhile (client gone) needs no rows
                waiting.done.set_result(by_key[waiting.key])


class ReadGroup:
    """The process's reads of people by PIN (a :class:`dancu.lookup.queries.SetsSource`): one current
    PIN is read with the others in flight; several, or by the PIN register, on a connection of their own."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect
        self.current: Coalescer[str] = Coalescer(connect, sets_of_current)

    async def sets(self, pins: list[str], instant: dt.datetime, *, former: bool) -> list[Any]:
        if former or len(pins) != 1:
            async with self._connect() as connection:
                return await OnConnection(connection).sets(pins, instant, former=former)
        return await self.current.rows(pins[0], instant)

    async def close(self) -> None:
        await self.current.close()


def own_records(connect: Connect) -> Coalescer[int]:
    """The process's own-record reads by person id (a :class:`dancu.registry.driver_sets.RecordsSource`)."""
    return Coalescer(connect, records_of_ids)
