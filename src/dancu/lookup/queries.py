"""Reads of the lookup hot path: a fixed number of queries whatever the batch size.

One query finds the people by current PIN, one more only for numbers not found (cancelled PINs),
and one loads the facts of the matched people; each record is then resolved in memory exactly as
:func:`dancu.registry.queries.record_as_of` does.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from sqlalchemy import Select, String, and_, any_, bindparam, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.db.base import UTCDateTime
from dancu.db.routing import stale_ok
from dancu.enums.registry import Item
from dancu.lookup.models import AskStatus, VerificationAsk, VerificationQuestion
from dancu.registry import queries as registry_queries
from dancu.registry.driver_sets import FactRow, fetch_coalesced, values_list, view_rows
from dancu.registry.history import RecordView, record_view
from dancu.registry.models import Citizen, Fact, PinRecord

# The hot paths' view of an asyncpg connection, one definition for the lookup's and the search's.
from dancu.registry.queries import DriverConnection as DriverConnection
from dancu.registry.queries import as_of_bounds


async def people_by_pins(session: AsyncSession, pins: Collection[str]) -> dict[str, Citizen]:
    """Each presented PIN (current or cancelled) mapped to its owner; unknown numbers are absent."""
    wanted = set(pins)
    if not wanted:
        return {}
    found = {
        c.pin: c for c in await session.scalars(stale_ok(select(Citizen).where(Citizen.pin.in_(wanted))))
    }
    rest = wanted - found.keys()
    if rest:
        rows = await session.execute(
            stale_ok(
                select(PinRecord.pin, Citizen)
                .join(Citizen, Citizen.id == PinRecord.citizen_id)
                .where(PinRecord.pin.in_(rest))
            )
        )
        found.update({pin: citizen for pin, citizen in rows.all()})
    return found


async def records_now(
    session: AsyncSession, citizen_ids: Collection[int], *, items: Collection[str] | None = None
) -> dict[int, RecordView]:
    """:func:`dancu.registry.queries.records_now`, read where a replica may answer (db.routing)."""
    return await registry_queries.records_now(session, citizen_ids, items=items, stale=True)


@dataclass(frozen=True)
class Person:
    """What a lookup needs of the holder of a PIN: who (the receipt's subject) and the name and date
    of birth the caller's key is matched against."""

    id: int
    full_name: str
    dob: str


@functools.cache
def _people_and_facts(dialect: str) -> Select[Any]:
    """THE read of the lookup hot path, in one statement: the people by current PIN outer-joined to
    their facts of the released items recorded by now (binds ``pins``, ``instant``, ``items``).
    Both the session path (:func:`person_and_record`) and the driver path (:func:`people_on_driver`)
    run this statement, so a change of the facts' physical form is made here once. PostgreSQL takes
    the PINs and items as arrays (one statement shape whatever their number, prepared once per
    connection); SQLite as expanding IN lists."""
    if dialect == "postgresql":
        pins_match = Citizen.pin == any_(bindparam("pins", type_=ARRAY(String)))
        items_match = Fact.item == any_(bindparam("items", type_=ARRAY(String)))
    else:
        pins_match = Citizen.pin.in_(bindparam("pins", expanding=True))
        items_match = Fact.item.in_(bindparam("items", expanding=True))
    instant = bindparam("instant", type_=UTCDateTime())
    facts_of = and_(Fact.citizen_id == Citizen.id, Fact.recorded_at <= instant, items_match)
    columns = (Fact.id, Fact.item, Fact.key, Fact.value, Fact.valid_from, Fact.valid_to, Fact.recorded_at)
    return (
        select(Citizen.pin, Citizen.id, Citizen.full_name, Citizen.dob, *columns)
        .select_from(Citizen)
        .outerjoin(Fact, facts_of)
        .where(pins_match)
    )


def _people_and_views(
    rows: Sequence[Sequence[Any]], *, day: dt.date, instant: dt.datetime
) -> dict[str, tuple[Person, RecordView]]:
    """The rows of :func:`_people_and_facts` (one per fact, or one for a person without any) as each
    PIN's person and their record valid ``day`` as known at ``instant`` (the session path; the
    values come decoded by the ORM's column types)."""
    return _resolved(
        (
            (pin, cid, full_name, dob, ())
            if fid is None
            else (pin, cid, full_name, dob, (FactRow(int(fid), Item(item), key, value, frm, to, at),))
            for pin, cid, full_name, dob, fid, item, key, value, frm, to, at in rows
        ),
        day=day,
        instant=instant,
    )


def _resolved(
    rows: Iterable[tuple[str, Any, str, str, Iterable[FactRow]]], *, day: dt.date, instant: dt.datetime
) -> dict[str, tuple[Person, RecordView]]:
    """Rows of (PIN, person's id, name, date of birth, some of their facts) as each PIN's person and
    their record valid ``day`` as known at ``instant``: one resolution for both paths' reads."""
    people: dict[str, Person] = {}
    facts: dict[str, list[FactRow]] = defaultdict(list)
    for pin, cid, full_name, dob, found in rows:
        if pin not in people:
            people[pin] = Person(int(cid), full_name, dob)
        facts[pin].extend(found)
    return {
        pin: (person, record_view(facts[pin], valid_on=day, known_at=instant))
        for pin, person in people.items()
    }


def _binds(pins: Collection[str], items: Collection[str], instant: dt.datetime) -> dict[str, Any]:
    return {"pins": sorted(set(pins)), "instant": instant, "items": list(_item_values(tuple(items)))}


@functools.lru_cache(maxsize=256)
def _item_values(items: tuple[str, ...]) -> tuple[str, ...]:
    """Each item's value, checked to be an item (ValueError otherwise): a caller's fields are the
    same on every read, so they are checked once."""
    return tuple(Item(item).value for item in items)


async def person_and_record(
    session: AsyncSession, pin: str, *, items: Collection[str]
) -> tuple[Person, RecordView] | None:
    """The holder of ``pin`` and their record of ``items`` valid today as known now: one statement
    (the person joined to those facts) for a current PIN, as :func:`people_by_pins` and
    :func:`records_now` for a cancelled one. None: nobody holds or held it."""
    day, instant = as_of_bounds(None, None)
    wanted = _people_and_facts(session.get_bind().dialect.name)
    rows = (await session.execute(stale_ok(wanted), _binds([pin], items, instant))).all()
    if rows:
        return _people_and_views(rows, day=day, instant=instant)[pin]
    citizen = (await people_by_pins(session, [pin])).get(pin)
    if citizen is None:
        return None
    view = (await records_now(session, [citizen.id], items=items))[citizen.id]
    return Person(citizen.id, citizen.full_name, citizen.dob), view


async def people_and_records(
    session: AsyncSession, pins: Collection[str], *, items: Collection[str]
) -> dict[str, tuple[Person, RecordView]]:
    """Each presented PIN (current or cancelled) with its holder and their record of ``items``;
    unknown numbers are absent. One statement when every PIN is current (the batch lookup)."""
    day, instant = as_of_bounds(None, None)
    wanted = _people_and_facts(session.get_bind().dialect.name)
    rows = (await session.execute(stale_ok(wanted), _binds(pins, items, instant))).all()
    found = _people_and_views(rows, day=day, instant=instant)
    rest = set(pins) - found.keys()
    if rest:  # cancelled PINs: their holders by the PIN register, then those holders' facts
        holders = await people_by_pins(session, rest)
        views = await records_now(session, {c.id for c in holders.values()}, items=items)
        found |= {pin: (Person(c.id, c.full_name, c.dob), views[c.id]) for pin, c in holders.items()}
    return found


# The driver path reads the fact sets themselves rather than the ``fact`` view (docs/adr/0019):
# the view unpacks every set's JSON array on the server into one row per assertion, and each row's
# value and dates were then decoded one by one (about 17 rows for a seeded person). Here each set
# comes as one row whose array is parsed once, and its assertions become the view's rows in Python
# (:func:`dancu.registry.driver_sets.view_rows`); the record resolved from them is the same
# (tests/integration/test_lookup_fact_sets_read.py compares both reads person by person).
# Each person with their fact sets recorded by $2: the PIN asked, the person, one row per set.
_SETS_OF = (
    "SELECT {pin}, c.id, c.full_name, c.dob, s.id, s.recorded_at, s.assertions::text FROM {people} "
    "LEFT JOIN fact_set AS s ON s.citizen_id = c.id AND s.recorded_at <= $2 WHERE {pin} {match}"
)
_CURRENT = {"pin": "c.pin", "people": "citizen AS c"}
# The numbers not anyone's current one, by the PIN register (every number ever assigned): a cancelled
# PIN resolves to its holder (NĐ 70 Điều 11), as :func:`people_by_pins` does on the session path.
_FORMER = {"pin": "r.pin", "people": "pin_record AS r JOIN citizen AS c ON c.id = r.citizen_id"}
# One PIN (the single lookup, the yes/no question) is bound as a value, several as an array. The
# prepared statement's generic plan for an array of unknown length is estimated at many people, so
# PostgreSQL planned every execution anew; with a value it keeps one generic plan. Measured at 10 M
# with pg_stat_statements: the single lookup's read was planned on every call, 168 µs of planning
# beside 130 µs of execution (docs/adr/0017, "session 9"). A batch is planned once per 100 people.
_ONE, _MANY = "= $1::VARCHAR", "= ANY($1::VARCHAR[])"
_SETS_SQL = _SETS_OF.format(**_CURRENT, match=_MANY)
_SETS_ONE_SQL = _SETS_OF.format(**_CURRENT, match=_ONE)
_FORMER_SQL = _SETS_OF.format(**_FORMER, match=_MANY)
_FORMER_ONE_SQL = _SETS_OF.format(**_FORMER, match=_ONE)


# The single lookups that several requests asked at once are read together (lookup/read_group.py),
# by their current PINs as a list of values (driver_sets.fetch_coalesced: a list of 2 to 32 values,
# the last number repeated to fill it). Each length is a statement of its own, whose generic plan (an
# index probe per value) PostgreSQL keeps as it keeps the one-PIN statement's; an array would be
# planned at every call.


@functools.cache
def _current_of(length: int) -> str:
    return _SETS_OF.format(**_CURRENT, match=f"IN ({values_list(length, 'VARCHAR')})")


async def sets_of_current(
    connection: DriverConnection, pins: Sequence[str], instant: dt.datetime
) -> list[Any]:
    """The rows of :data:`_SETS_OF` for up to ``COALESCED[-1]`` current PINs, in one statement."""
    return await fetch_coalesced(connection, _SETS_ONE_SQL, _current_of, pins, instant)


async def _sets(
    connection: DriverConnection, pins: list[str], instant: dt.datetime, *, former: bool
) -> list[Any]:
    """The rows of :data:`_SETS_OF` for ``pins`` (by current PIN, or ``former``: by the register)."""
    if len(pins) == 1:
        return list(await connection.fetch(_FORMER_ONE_SQL if former else _SETS_ONE_SQL, pins[0], instant))
    return list(await connection.fetch(_FORMER_SQL if former else _SETS_SQL, pins, instant))


class SetsSource(Protocol):
    """Where the driver path reads people and their fact sets: a connection of its own
    (:class:`OnConnection`) or the process's coalescing reader (lookup/read_group.py)."""

    async def sets(self, pins: list[str], instant: dt.datetime, *, former: bool) -> list[Any]:
        """The rows of :data:`_SETS_OF` for ``pins`` recorded by ``instant`` (by current PIN, or
        ``former``: by the PIN register)."""
        ...


@dataclass(frozen=True)
class OnConnection:
    """Reads on one asyncpg connection, in the caller's order."""

    connection: DriverConnection

    async def sets(self, pins: list[str], instant: dt.datetime, *, former: bool) -> list[Any]:
        return await _sets(self.connection, pins, instant, former=former)


async def people_on_driver(
    source: SetsSource, pins: Collection[str], *, items: Collection[str]
) -> dict[str, tuple[Person, RecordView]]:
    """As :func:`people_and_records`, on asyncpg without SQLAlchemy (the lookup hot path,
    docs/adr/0017): one statement over the current holders and their fact sets, prepared once per
    connection by asyncpg's statement cache, and one more only for numbers that are nobody's current
    one (a cancelled PIN answers with its holder). Unknown numbers are absent."""
    day, instant = as_of_bounds(None, None)
    binds = _binds(pins, items, instant)
    wanted = frozenset(binds["items"])
    rows = await source.sets(binds["pins"], instant, former=False)
    found = {row[0] for row in rows}
    rest = [pin for pin in binds["pins"] if pin not in found]
    if rest:
        rows += await source.sets(rest, instant, former=True)
    return _resolved(
        (
            (pin, cid, full_name, dob, () if sid is None else view_rows(int(sid), at, assertions, wanted))
            for pin, cid, full_name, dob, sid, at, assertions in rows
        ),
        day=day,
        instant=instant,
    )


# The advisory lock a requester's questions are counted under (PostgreSQL; SQLite's write
# transaction holds the database's one write lock from its BEGIN). One 64-bit key per requester.
REQUESTER_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('verification:' || :key, 0))"


async def lock_requester(session: AsyncSession, requester_key: str) -> None:
    """Wait for, and hold until the transaction ends, the lock on ``requester_key``'s questions:
    the count, the refusal decision and the question's row are then atomic against the same
    requester's concurrent questions, on either path."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(REQUESTER_LOCK), {"key": requester_key})


# A requester's questions of the period, by their numbers (migration 0033): the last number less the
# first one asked since the period began, plus one. Numbers are drawn under the requester's lock with
# instants that never go back, so every question after the period's first is in the period too.
def _mine(requester_key: str) -> Any:
    return VerificationQuestion.requester_key == requester_key


# A requester's last question: its number and instant (None before their first question).
LastQuestion = tuple[int, dt.datetime] | None


class Counted(NamedTuple):
    """A requester's questions of the period, in all and about one PIN, and their last question's
    number and instant (None before their first): what the next question's row is numbered after."""

    total: int
    about: int
    last: LastQuestion


async def questions_since(
    session: AsyncSession, *, requester_key: str, since: dt.datetime, pin_digest: str, cap: int
) -> Counted:
    """Questions a requester asked since ``since``, in all and about one PIN (refused ones included),
    in one statement of index probes: the probing limits are checked on every question. The count
    about the PIN stops at ``cap`` (nothing above a limit matters). Read under the requester's lock,
    so the last question stays the last until the caller's own is written."""
    vq = VerificationQuestion
    latest = (
        select(vq.requester_seq, vq.asked_at).where(_mine(requester_key)).order_by(vq.requester_seq.desc())
    )
    first = (
        select(vq.requester_seq)
        .where(_mine(requester_key), vq.asked_at >= since)
        .order_by(vq.asked_at, vq.requester_seq)
        .limit(1)
    )
    about = select(vq.id).where(_mine(requester_key), vq.pin_digest == pin_digest, vq.asked_at >= since)
    wanted = select(
        latest.with_only_columns(vq.requester_seq).limit(1).scalar_subquery(),
        latest.with_only_columns(vq.asked_at).limit(1).scalar_subquery(),
        first.scalar_subquery(),
        select(func.count()).select_from(about.limit(cap).subquery()).scalar_subquery(),
    )
    last_seq, last_at, earliest, on_subject = (await session.execute(wanted)).one()
    total = 0 if earliest is None else int(last_seq) - int(earliest) + 1
    last = None if last_seq is None else (int(last_seq), last_at)
    return Counted(total, int(on_subject or 0), last)


async def ask_of_requester(session: AsyncSession, ref: str, requester_key: str) -> VerificationAsk | None:
    """A requester's own one-off consent ask; another requester's is None (not disclosed)."""
    found: VerificationAsk | None = await session.scalar(
        select(VerificationAsk).where(
            VerificationAsk.ref == ref, VerificationAsk.requester_key == requester_key
        )
    )
    return found


async def ask_of_subject(session: AsyncSession, ref: str, citizen_id: int) -> VerificationAsk | None:
    found: VerificationAsk | None = await session.scalar(
        select(VerificationAsk).where(VerificationAsk.ref == ref, VerificationAsk.citizen_id == citizen_id)
    )
    return found


async def asks_of_subject(session: AsyncSession, citizen_id: int) -> list[VerificationAsk]:
    """The open asks of one person, oldest first."""
    return list(
        await session.scalars(
            select(VerificationAsk)
            .where(VerificationAsk.citizen_id == citizen_id, VerificationAsk.status == AskStatus.PENDING)
            .order_by(VerificationAsk.id)
        )
    )
