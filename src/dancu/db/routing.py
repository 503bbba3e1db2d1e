"""Read routing: reads that may be slightly stale go to a streaming replica, the rest to the primary.

A query opts in with :func:`stale_ok` (lookups' subject read, search, the Data Tracker, the change
feed). Everything else — writes, the access-log entries, ``FOR UPDATE``, advisory locks, raw SQL —
goes to the primary, and so does every read in a unit of work after it has written.

Read-your-writes across requests: after a login commits a write, the primary's WAL position is
remembered for that login (in this process, and in the ``dancu_wal`` cookie so that another
worker knows it too). That login's stale-tolerant reads use a replica only once the replica has
replayed past that position; until then they go to the primary. On SQLite, which has no WAL
position to compare, they go to the primary for ``read_your_writes_seconds``.

A replica that cannot be reached, is no longer in recovery (promoted by a failover: it may now be
the primary, or a split-off node) or lags by more than ``replica_max_lag_seconds`` is passed over.
"""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import re
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Executable, Select, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session, SessionTransaction

from dancu.db.faults import describe

STALE_OK = "dancu_stale_ok"
ROUTER_KEY = "dancu_read_router"
WROTE_KEY = "dancu_wrote"
REPLICA_KEY = "dancu_replica"
COMMITTED_KEY = "dancu_committed"
PROBE_TIMEOUT_SECONDS = 2.0
WAL_COOKIE = "dancu_wal"
LSN_PATTERN = re.compile(r"^[0-9A-F]{1,8}/[0-9A-F]{1,8}$")

# Lag as PostgreSQL monitoring guides compute it: zero when everything received has been replayed
# (an idle primary sends nothing, so the last replay timestamp alone would look ever older).
REPLICA_PROBE = text(
    "SELECT pg_is_in_recovery() AS in_recovery, "
    "CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END AS lag"
)
# Has this node applied the WAL up to ``lsn``? A node out of recovery compares its own position.
# (The double cast makes asyncpg send the position as text; its pg_lsn codec wants an integer.)
CAUGHT_UP = text(
    "SELECT CASE WHEN pg_is_in_recovery() "
    "THEN pg_last_wal_replay_lsn() >= CAST(CAST(:lsn AS text) AS pg_lsn) "
    "ELSE pg_current_wal_lsn() >= CAST(CAST(:lsn AS text) AS pg_lsn) END"
)
CURRENT_LSN = text("SELECT pg_current_wal_lsn()::text")

S = TypeVar("S", bound=Executable)


def stale_ok(statement: S) -> S:
    """Mark a read that may be answered by a replica a moment behind the primary."""
    return statement.execution_options(**{STALE_OK: True})


@dataclass
class Caller:
    """The request's login (a hash of its token, never the token) and its write mark."""

    key: str | None
    cookie_lsn: str | None = None
    # Set when this request committed a write on PostgreSQL: the primary's WAL position after it.
    committed_lsn: str | None = None


_caller: contextvars.ContextVar[Caller | None] = contextvars.ContextVar("dancu_caller", default=None)


def caller_key(token: str | None) -> str | None:
    return hashlib.sha256(token.encode()).hexdigest() if token else None


def begin_request(key: str | None, cookie_lsn: str | None) -> tuple[Caller, contextvars.Token[Caller | None]]:
    lsn = cookie_lsn if cookie_lsn and LSN_PATTERN.match(cookie_lsn) else None
    caller = Caller(key=key, cookie_lsn=lsn)
    return caller, _caller.set(caller)


def end_request(token: contextvars.Token[Caller | None]) -> None:
    _caller.reset(token)


def lsn_value(lsn: str) -> int:
    high, low = lsn.split("/")
    return (int(high, 16) << 32) + int(low, 16)


@dataclass
class WriteMark:
    at: float  # time.monotonic() of the commit
    lsn: str | None  # the primary's WAL position after it (None on SQLite)


class WriteMarks:
    """The last write of each login, for a while; bounded so a flood of logins cannot grow it."""

    def __init__(self, ttl_seconds: float, max_entries: int = 50_000) -> None:
        self.ttl = ttl_seconds
        self.max_entries = max_entries
        self._marks: OrderedDict[str, WriteMark] = OrderedDict()

    def note(self, key: str, lsn: str | None) -> None:
        self._marks.pop(key, None)
        self._marks[key] = WriteMark(time.monotonic(), lsn)
        while len(self._marks) > self.max_entries:
            self._marks.popitem(last=False)

    def get(self, key: str) -> WriteMark | None:
        mark = self._marks.get(key)
        if mark is not None and time.monotonic() - mark.at > self.ttl:
            del self._marks[key]
            return None
        return mark


@dataclass
class ReplicaState:
    name: str
    engine: AsyncEngine
    reachable: bool = False
    in_recovery: bool = False
    lag_seconds: float | None = None
    error: str | None = None


@dataclass
class ReadRouter:
    """The primary, the replicas and what is known about them."""

    primary: AsyncEngine
    replicas: list[ReplicaState]
    max_lag_seconds: float = 5.0
    probe_seconds: float = 2.0
    marks: WriteMarks = field(default_factory=lambda: WriteMarks(60))
    probed_at: float = float("-inf")
    _probe_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def is_postgresql(self) -> bool:
        return self.primary.dialect.name == "postgresql"

    def usable_replicas(self) -> list[ReplicaState]:
        # A node out of recovery after a failover is the new primary: reading there is as fresh as
        # it gets, and the write-mark check below still applies.
        return [r for r in self.replicas if r.reachable and (r.lag_seconds or 0.0) <= self.max_lag_seconds]

    async def probe_if_due(self) -> None:
        if self.replicas and time.monotonic() - self.probed_at >= self.probe_seconds:
            async with self._probe_lock:
                if time.monotonic() - self.probed_at >= self.probe_seconds:
                    await self.probe()

    async def probe(self) -> None:
        await asyncio.gather(*(self._probe_one(r) for r in self.replicas))
        self.probed_at = time.monotonic()

    async def _probe_one(self, replica: ReplicaState) -> None:
        try:
            async with asyncio.timeout(PROBE_TIMEOUT_SECONDS), replica.engine.connect() as conn:
                if replica.engine.dialect.name == "postgresql":
                    row = (await conn.execute(REPLICA_PROBE)).one()
                    replica.in_recovery, replica.lag_seconds = bool(row.in_recovery), float(row.lag)
                else:
                    await conn.execute(text("SELECT 1"))
                    replica.in_recovery, replica.lag_seconds = False, 0.0
            replica.reachable, replica.error = True, None
        except Exception as exc:  # any failure means "do not read there"; the reason is kept for /health
            replica.reachable, replica.lag_seconds, replica.error = False, None, describe(exc)

    def mark_of(self, caller: Caller | None) -> WriteMark | None:
        """The caller's last write: in this process's memory or, from another worker, its cookie."""
        if caller is None:
            return None
        mark = self.marks.get(caller.key) if caller.key else None
        if caller.cookie_lsn is not None and self.is_postgresql:
            cookie = WriteMark(time.monotonic(), caller.cookie_lsn)
            if mark is None or mark.lsn is None or lsn_value(cookie.lsn or "0/0") > lsn_value(mark.lsn):
                return cookie
        return mark

    def note_commit(self, connection: Connection | None) -> None:
        """After a unit of work committed a write: remember where the primary's WAL stood."""
        caller = _caller.get()
        if caller is None or not self.replicas:
            return
        lsn = None
        if self.is_postgresql and connection is not None:
            lsn = connection.execute(CURRENT_LSN).scalar_one()
            caller.committed_lsn = lsn
        if caller.key is not None:
            self.marks.note(caller.key, lsn)


class RoutingSession(Session):
    """A session that sends statements marked :func:`stale_ok` to a replica when that is safe."""

    def get_bind(self, mapper: Any = None, *, clause: Any = None, **kw: Any) -> Engine | Connection:
        router: ReadRouter | None = self.info.get(ROUTER_KEY)
        if router is not None and router.replicas and self._stale_tolerant(clause):
            replica = self._replica_engine(router)
            if replica is not None:
                return replica
        return super().get_bind(mapper, clause=clause, **kw)

    def _stale_tolerant(self, clause: Any) -> bool:
        return (
            isinstance(clause, Select)
            and bool(clause.get_execution_options().get(STALE_OK))
            and clause._for_update_arg is None
            and not self.info.get(WROTE_KEY)
            and not self.new
            and not self.dirty
            and not self.deleted
        )

    def _replica_engine(self, router: ReadRouter) -> Engine | None:
        """The replica this unit of work reads from, chosen once; None means the primary."""
        if REPLICA_KEY not in self.info:
            self.info[REPLICA_KEY] = self._choose(router)
        chosen: Engine | None = self.info[REPLICA_KEY]
        return chosen

    def _choose(self, router: ReadRouter) -> Engine | None:
        usable = router.usable_replicas()
        if not usable:
            return None
        # Spread units of work over the replicas; one unit of work stays on one replica.
        engine = usable[id(self) % len(usable)].engine.sync_engine
        mark = router.mark_of(_caller.get())
        if mark is None:
            return engine
        if mark.lsn is None:
            return None  # SQLite: no position to compare, the primary answers within the window
        caught_up = self.connection(bind_arguments={"bind": engine}).execute(CAUGHT_UP, {"lsn": mark.lsn})
        return engine if caught_up.scalar_one() else None


def _wrote(session: Session, *_args: Any) -> None:
    session.info[WROTE_KEY] = True


def _statement_wrote(state: Any) -> None:
    # Conservative: anything but a SELECT (raw SQL included) counts as a write.
    if not state.is_select:
        state.session.info[WROTE_KEY] = True


def _committed(session: Session) -> None:
    session.info[COMMITTED_KEY] = True


def _transaction_end(session: Session, transaction: SessionTransaction) -> None:
    """When the outermost transaction ends: note a committed write, forget the replica choice."""
    if transaction.parent is not None:
        return
    wrote = session.info.pop(WROTE_KEY, False)
    committed = session.info.pop(COMMITTED_KEY, False)
    session.info.pop(REPLICA_KEY, None)
    router: ReadRouter | None = session.info.get(ROUTER_KEY)
    if not (wrote and committed) or router is None or not router.replicas:
        return
    if router.is_postgresql:
        with router.primary.sync_engine.connect() as conn:
            router.note_commit(conn)
    else:
        router.note_commit(None)


event.listen(RoutingSession, "after_flush", _wrote)
event.listen(RoutingSession, "do_orm_execute", _statement_wrote)
event.listen(RoutingSession, "after_commit", _committed)
event.listen(RoutingSession, "after_transaction_end", _transaction_end)
