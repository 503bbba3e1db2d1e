"""Group commit of the access log: many requests' entries appended and made durable in one commit.

A read whose only write is its access-log entry (the k1 lookup, one person or a batch) must not
answer before that entry is committed with fsync (Luật Căn cước Điều 8 khoản 3), but it need not
pay a transaction, four statements, a chain-head lock held across an fsync and an anchor line of
its own. One :class:`GroupCommit` per server process keeps a queue: a request hands over its
entries and waits; the appender takes everything that waits, appends it in **one** append
(:func:`dancu.audit.append.append_many`: four statements whatever the number, heads taken in
ascending chain order, so two processes' groups cannot deadlock), commits once (one fsync, one
anchor line for every chain the group moved), and only then releases each request with its own
entries' ids. While a group commits, the next one gathers (and waits for the requests on their way
to it, below); idle, a group holds one request and commits at once.

A failed group fails every request in it (each answers an error, none answers without its entry);
nothing of a failed group is kept (one transaction). The hash chain, the MAC and the anchor are
exactly those of an append in the request's own transaction (docs/adr/0017).

A request may bring, with its entries, work of a :class:`Step` that must be atomic with them (the
yes/no question: counted against the probing limits and its row written in the same transaction
as its entry). The group runs each step's work for all its requests in its own transaction: before
the append, and with it (in the append's own statement, once the entries' ids are known); a request
the step declines writes nothing and is told so (None).

A group also waits for the requests already on their way to it (docs/adr/0017, "session 22"). A
route that will log through the group says so as it starts (:meth:`GroupCommit.on_the_way`), and
the request counts as on its way until its entries join the queue or it ends without them. Before
taking its queue, a group waits until none is on its way, or at most ``gather_seconds``. Without
this, a process's requests settled into two cohorts (one reading its people while the other's group
committed) and each group held about half of them; with it they move as one, and the group's fixed
cost (four round trips, the heads' call, the commit's flush, the anchor line) is shared by twice as
many entries. Idle, a request is the only one on its way once it reads, so its group commits at once.

And a request starting while a group's transaction is open waits for that group to end before it
reads (:meth:`GroupCommit.after_open_group`; docs/adr/0017, "session 23"). It could not join that
group anyway. Each step of the group's transaction (its count, the heads' call, the insert, the
commit) resumes only after the event loop has run what is ahead of it, and new requests' reads
were ahead of it: ~0.5 ms a step, with the chains' heads and a requester's lock held, so the other
process's group waited as long for them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit import anchor, config
from dancu.audit.append import append_many
from dancu.audit.driver_append import (
    Also,
    Driver,
    Written,
    append_in_transaction,
    append_on_driver,
    chain_and_insert,
)
from dancu.db.drain import Drainer
from dancu.db.unit_of_work import SessionFactory, unit_of_work

log = logging.getLogger("dancu.audit")

# At most this many entries in one group: a k1 batch brings up to 100, so a group never waits for
# more than a few batches, and one INSERT stays well under PostgreSQL's 65,535 bound parameters.
MAX_ENTRIES = 1_000
# How long a group waits, at most, for requests on their way to it (DANCU_LOG_GATHER_MS).
GATHER_SECONDS = 0.003


def _loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


Entries = Sequence[Mapping[str, Any]]


class Step(Protocol):
    """Writes of one kind that share a group's transaction with its append (PostgreSQL only: the
    requests that bring them are the driver path's). ``items`` are the requests' own, in the order
    they arrived."""

    async def before(self, driver: Driver, items: Sequence[Any]) -> list[Entries | None]:
        """Before the append: for each item the entries to append (those it came with, never none),
        or None to decline it (nothing of it is written; its request is answered None)."""
        ...

    def with_append(self, items: Sequence[Any], ids: Sequence[list[int]]) -> Written:
        """For the items kept (each with entries), given their entries' ids: the statement that
        writes what they write once those are known, run in the append's own statement (no round
        trip of its own while the chain heads are locked)."""
        ...


@dataclass
class _Waiting:
    contents: Entries
    step: Step | None = None
    item: Any = None
    done: asyncio.Future[list[int] | None] = field(default_factory=lambda: _loop().create_future())


async def _append(session: AsyncSession, contents: Sequence[Mapping[str, Any]]) -> list[int]:
    """The group's append: on PostgreSQL the same four statements on the session's asyncpg
    connection, without building an ORM object per entry (:mod:`dancu.audit.driver_append`)."""
    if session.get_bind().dialect.name != "postgresql":
        return [event.id for event in await append_many(session, contents)]
    return await append_on_driver(session, await _driver(session), contents)


async def _driver(session: AsyncSession) -> Driver:
    """The asyncpg connection under the session's unit of work."""
    connection = await (await session.connection()).get_raw_connection()
    driver: Driver | None = connection.driver_connection
    assert driver is not None
    return driver


Append = Callable[[Driver, Entries, Also], Awaitable[list[int]]]


def _split(kept: Sequence[Entries | None], ids: Sequence[int]) -> list[list[int] | None]:
    """Each request's ids among ``ids`` (the kept entries' in order), None for one declined."""
    split: list[list[int] | None] = []
    start = 0
    for entries in kept:
        split.append(None if entries is None else list(ids[start : start + len(entries)]))
        start += len(entries or ())
    return split


async def _steps_and_append(driver: Driver, group: list[_Waiting], append: Append) -> list[list[int] | None]:
    """The group's writes inside the transaction its caller holds on ``driver``: each step's
    ``before`` (in the order the steps first arrived), then ``append`` of every entry kept with each
    step's statement for its kept items (:meth:`Step.with_append`). Each request's ids, or None for
    one a step declined."""
    steps: dict[int, tuple[Step, list[int]]] = {}
    for index, waiting in enumerate(group):
        if waiting.step is not None:
            steps.setdefault(id(waiting.step), (waiting.step, []))[1].append(index)
    kept: list[Entries | None] = [waiting.contents for waiting in group]
    for step, members in steps.values():
        decided = await step.before(driver, [group[i].item for i in members])
        for index, entries in zip(members, decided, strict=True):
            if entries is not None and not entries:
                # What a step writes rides in the append's statement, so an item it keeps brings
                # entries: one kept with none would have nothing to write it with.
                raise ValueError("a group step keeps an item only with its entries")
            kept[index] = entries

    def also(ids: list[int]) -> list[Written]:
        split = _split(kept, ids)
        written = []
        for step, members in steps.values():
            chosen = [i for i in members if split[i] is not None]
            if chosen:
                written.append(
                    step.with_append([group[i].item for i in chosen], [split[i] or [] for i in chosen])
                )
        return written

    ids = await append(driver, [c for entries in kept if entries for c in entries], also)
    return _split(kept, ids)


async def _append_with_steps(session: AsyncSession, group: list[_Waiting]) -> list[list[int] | None]:
    """:func:`_steps_and_append` in one transaction on the session's driver connection (the
    session path: the heads moved are noted in the session for its commit's anchor line)."""
    if session.get_bind().dialect.name != "postgresql":
        raise RuntimeError("a group step runs on PostgreSQL's driver path only")
    driver = await _driver(session)

    async def append(on: Driver, contents: Entries, also: Also) -> list[int]:
        return await append_in_transaction(session, on, contents, also)

    async with driver.transaction():
        return await _steps_and_append(driver, group, append)


@dataclass(frozen=True)
class DriverPath:
    """A group's own asyncpg connection (entered once per group) to the database at ``url``: the
    group then commits on it with no ORM session: no session, greenlet hops or commit bookkeeping
    per group (a group of 8 entries: ~1.45 -> ~1.25 ms of CPU, docs/adr/0017 "session 13")."""

    connection: AbstractAsyncContextManager[Driver]
    url: URL


async def _on_driver(
    path: DriverPath, group: list[_Waiting]
) -> tuple[list[list[int] | None], dict[int, Any]]:
    """The group's writes in one transaction on its own connection, committed: each request's ids
    (None: declined by its step) and the chains' new heads for the anchor."""
    moved: dict[int, Any] = {}

    async def append(driver: Driver, contents: Entries, also: Also) -> list[int]:
        if not contents:  # every item declined: a step's statement has nothing to write
            return []
        appended = await chain_and_insert(driver, contents, path.url, also)
        moved.update(appended.moved)
        return appended.ids

    async with path.connection as driver, driver.transaction():
        each = await _steps_and_append(driver, group, append)
    return each, moved


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _anchor(url: URL, moved: Mapping[int, Any]) -> None:
    """After the group's commit, its chains' new heads on the anchor (as the session path's commit
    writes them); the commit stands whatever happens here, and the log says so."""
    try:
        anchor.record_heads(config.anchor_file(url), moved)
    except Exception:
        log.exception("audit anchor: chain heads %s not recorded", sorted(moved))


class OnTheWay:
    """A request on its way to a group (:meth:`GroupCommit.on_the_way`): it arrives when its entries
    join the queue (``arrived=`` of :meth:`GroupCommit.append`) or when it leaves this context without
    them, whichever comes first; arriving twice counts once."""

    __slots__ = ("_group",)

    def __init__(self, group: GroupCommit) -> None:
        self._group: GroupCommit | None = group

    def arrived(self) -> None:
        group, self._group = self._group, None
        if group is not None:
            group._one_arrived()

    def __enter__(self) -> OnTheWay:
        return self

    def __exit__(self, *_: object) -> None:
        self.arrived()


class GroupCommit(Drainer):
    """One appender per process and event loop; :meth:`append` returns once the entries are durable."""

    def __init__(
        self,
        sessions: SessionFactory,
        *,
        driver: Callable[[], DriverPath | None] | None = None,
        max_entries: int = MAX_ENTRIES,
        gather_seconds: float = GATHER_SECONDS,
    ) -> None:
        """``driver``: the group's own connection when it may commit on one (else None, and
        ``sessions`` serve: SQLite, or sessions that are not the app's own such as the tests').
        ``gather_seconds``: how long a group waits, at most, for requests on their way (0: never)."""
        super().__init__()
        self._sessions = sessions
        self._driver_path = driver or (lambda: None)
        self._max_entries = max_entries
        self._gather_seconds = gather_seconds
        self._queue: list[_Waiting] = []
        self._coming = 0  # requests on their way (OnTheWay not yet arrived)
        self._gathering: asyncio.Future[None] | None = None
        self._open: asyncio.Future[None] | None = None  # ends with the transaction of the group committing
        self.groups = 0  # committed groups, for the bench and the tests
        self.entries = 0

    @property
    def on_their_way(self) -> int:
        """Requests on their way to this group now (for the tests and the bench)."""
        return self._coming

    def on_the_way(self) -> OnTheWay:
        """A request that will append through this group has started: the group waits for it (at
        most ``gather_seconds``) until it arrives. Use as a context manager around the request's
        way to :meth:`append`, passing it as ``arrived``."""
        self._coming += 1
        return OnTheWay(self)

    def _one_arrived(self) -> None:
        self._coming -= 1
        gathering = self._gathering
        if self._coming == 0 and gathering is not None and not gathering.done():
            gathering.set_result(None)

    async def _gather(self) -> None:
        """Wait until no request is on its way, or ``gather_seconds`` have passed."""
        if self._coming == 0 or self._gather_seconds <= 0:
            return
        loop = _loop()
        gathering = self._gathering = loop.create_future()
        timer = loop.call_later(self._gather_seconds, _settle, gathering)
        try:
            await gathering
        finally:
            timer.cancel()
            self._gathering = None

    async def after_open_group(self) -> None:
        """Return once no group's transaction is open: at once when none is, else when the group
        now committing has committed or failed. For a request about to read what it will log, so
        that the open group's steps are not queued behind its read (see the module's docstring)."""
        if self._open is not None:
            # Shielded: a request cancelled here (its client gone) must not cancel the others' wait.
            await asyncio.shield(self._open)

    async def append(
        self, contents: Sequence[Mapping[str, Any]], arrived: OnTheWay | None = None
    ) -> list[int]:
        """Append ``contents`` (entry columns, as :func:`dancu.audit.actions.entry` builds them) in
        order; their ids once committed. Raises what the group's append or commit raised.
        ``arrived``: the request's :meth:`on_the_way`, which arrives as the entries join the queue."""
        if not contents:
            if arrived is not None:
                arrived.arrived()
            return []
        ids = await self._wait(_Waiting(contents), arrived)
        assert ids is not None  # only a step declines
        return ids

    async def append_step(
        self, contents: Entries, step: Step, item: Any, arrived: OnTheWay | None = None
    ) -> list[int] | None:
        """As :meth:`append`, with ``step``'s work for ``item`` in the same transaction; None when
        the step declined it (then nothing of it was written)."""
        return await self._wait(_Waiting(contents, step, item), arrived)

    async def _wait(self, waiting: _Waiting, arrived: OnTheWay | None) -> list[int] | None:
        self._queue.append(waiting)
        if arrived is not None:
            arrived.arrived()
        self._kick()
        return await waiting.done

    def _take(self) -> list[_Waiting]:
        taken: list[_Waiting] = []
        size = 0
        while self._queue and (not taken or size + len(self._queue[0].contents) <= self._max_entries):
            waiting = self._queue.pop(0)
            taken.append(waiting)
            size += len(waiting.contents)
        return taken

    async def _drain(self) -> None:
        while self._queue:
            await self._gather()
            await self._commit(self._take())

    async def _commit(self, group: list[_Waiting]) -> None:
        """The group written and its requests answered; the requests that waited for it to end
        (:meth:`after_open_group`) go on after those answers."""
        opened = self._open = _loop().create_future()
        try:
            await self._write(group)
        finally:
            self._open = None
            _settle(opened)

    async def _write(self, group: list[_Waiting]) -> None:
        contents = [content for waiting in group for content in waiting.contents]
        try:
            path = self._driver_path()
            if path is not None:
                each, moved = await _on_driver(path, group)
            else:
                each = await self._on_session(group, contents)
        except Exception as exc:  # every request of the group answers an error, none without its entry
            log.exception("audit group commit of %d entries failed", len(contents))
            for waiting in group:
                if not waiting.done.done():
                    waiting.done.set_exception(exc)
            return
        if path is not None:
            _anchor(path.url, moved)
        self.groups += 1
        self.entries += sum(len(got) for got in each if got is not None)
        for waiting, got in zip(group, each, strict=True):
            if not waiting.done.done():  # a request cancelled meanwhile (client gone) needs no answer
                waiting.done.set_result(got)

    async def _on_session(self, group: list[_Waiting], contents: Entries) -> list[list[int] | None]:
        """The group's writes in a unit of work of ``sessions`` (its commit writes the anchor line)."""
        # The group's own boundary (like a job's): commits when the append succeeded, else rolls back.
        async with unit_of_work(self._sessions) as session:
            if any(waiting.step is not None for waiting in group):
                return await _append_with_steps(session, group)
            ids = await _append(session, contents)
        each: list[list[int] | None] = []
        start = 0
        for waiting in group:
            each.append(ids[start : start + len(waiting.contents)])
            start += len(waiting.contents)
        return each
