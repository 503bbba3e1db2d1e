"""Reads of the register. Callers check territory with :mod:`dancu.registry.policies` first."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    bindparam,
    case,
    literal_column,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from dancu.clock import end_of_day_utc, now_utc, today_vn
from dancu.db.routing import stale_ok
from dancu.enums.registry import HouseholdRelation, Item
from dancu.errors import NotFound
from dancu.names import search_key
from dancu.registry.history import RecordView, record_view, resolve
from dancu.registry.models import Citizen, Fact, Household, PinRecord
from dancu.registry.policies import Territory


async def citizen_by_pin(session: AsyncSession, pin: str) -> Citizen:
    """The person a PIN belongs to, current or cancelled (a cancelled number resolves to its owner)."""
    citizen = await session.scalar(select(Citizen).where(Citizen.pin == pin))
    if citizen is None:
        citizen = await session.scalar(
            select(Citizen).join(PinRecord, PinRecord.citizen_id == Citizen.id).where(PinRecord.pin == pin)
        )
    if citizen is None:
        raise NotFound("citizen.not_found")
    return citizen


async def citizen_by_id(session: AsyncSession, citizen_id: int) -> Citizen:
    citizen = await session.get(Citizen, citizen_id)
    if citizen is None:
        raise NotFound("citizen.not_found")
    return citizen


async def citizens_by_ids(session: AsyncSession, citizen_ids: Collection[int]) -> list[Citizen]:
    """The people of ``citizen_ids`` who exist, in one statement (in no particular order)."""
    if not citizen_ids:
        return []
    return list(await session.scalars(select(Citizen).where(Citizen.id.in_(set(citizen_ids)))))


async def facts_of(
    session: AsyncSession, citizen_id: int, *, known_at: dt.datetime | None = None
) -> list[Fact]:
    query = select(Fact).where(Fact.citizen_id == citizen_id)
    if known_at is not None:
        query = query.where(Fact.recorded_at <= known_at)
    return list(await session.scalars(query.order_by(Fact.recorded_at, Fact.id)))


def as_of_bounds(
    valid_on: dt.date | None, known_at: dt.date | dt.datetime | None
) -> tuple[dt.date, dt.datetime]:
    """Defaults: valid today, known now. A known-at date means the end of that Vietnamese day."""
    day = valid_on or today_vn()
    if known_at is None:
        return day, now_utc()
    if isinstance(known_at, dt.datetime):
        return day, known_at
    return day, end_of_day_utc(known_at)


async def record_as_of(
    session: AsyncSession,
    citizen_id: int,
    *,
    valid_on: dt.date | None = None,
    known_at: dt.date | dt.datetime | None = None,
) -> RecordView:
    """What the register said about this person for ``valid_on``, as known at ``known_at``."""
    day, instant = as_of_bounds(valid_on, known_at)
    return record_view(await facts_of(session, citizen_id, known_at=instant), valid_on=day, known_at=instant)


async def records_now(
    session: AsyncSession,
    citizen_ids: Collection[int],
    *,
    items: Collection[str] | None = None,
    stale: bool = False,
) -> dict[int, RecordView]:
    """Each person's record valid today as known now, from one query over their facts; with
    ``items``, only those items (an item's value depends only on its own facts, so an answer that
    releases a few fields reads only theirs). ``stale``: a replica may answer (db.routing)."""
    day, instant = as_of_bounds(None, None)
    by_person: dict[int, list[Fact]] = defaultdict(list)
    if citizen_ids:
        wanted = select(Fact).where(Fact.citizen_id.in_(set(citizen_ids)), Fact.recorded_at <= instant)
        if items is not None:
            wanted = wanted.where(Fact.item.in_([Item(item) for item in items]))
        facts = await session.scalars(stale_ok(wanted) if stale else wanted)
        for fact in facts:
            by_person[fact.citizen_id].append(fact)
    return {cid: record_view(by_person[cid], valid_on=day, known_at=instant) for cid in citizen_ids}


async def item_as_of(
    session: AsyncSession,
    citizen_id: int,
    item: Item,
    *,
    key: str = "",
    valid_on: dt.date | None = None,
    known_at: dt.date | dt.datetime | None = None,
) -> Fact | None:
    day, instant = as_of_bounds(valid_on, known_at)
    facts = await session.scalars(
        select(Fact).where(
            Fact.citizen_id == citizen_id, Fact.item == item, Fact.key == key, Fact.recorded_at <= instant
        )
    )
    winner = resolve(facts, valid_on=day, known_at=instant).get((item, key))
    return winner if winner is not None and winner.value is not None else None


async def timeline(session: AsyncSession, citizen_id: int) -> Sequence[Fact]:
    """Every fact about the person, newest record first (the history an officer reviews)."""
    return list(
        await session.scalars(
            select(Fact)
            .where(Fact.citizen_id == citizen_id)
            .order_by(Fact.recorded_at.desc(), Fact.id.desc())
        )
    )


# What a search page shows of each person (views.summary), in the order the driver path reads it.
SUMMARY_COLUMNS = (
    Citizen.id,
    Citizen.pin,
    Citizen.full_name,
    Citizen.dob,
    Citizen.sex,
    Citizen.status,
    Citizen.residence_province_code,
)


def _after(after_id: Any, low: Any) -> ColumnElement[bool]:
    """Rows strictly after the cursor's row in the search's order, in the page's own statement.

    The cursor's key is read by a subquery of the same statement (it was a statement of its own). A
    cursor that names nobody starts the page at the range's start, as a page without one does; so
    does a cursor whose key sorts before the range (every row of the range is after it): comparing
    with ``(low, -1)`` then, rather than with that key, lets the index scan start at the range and not
    at the cursor's key, which may lie millions of entries before it."""
    cursor_row = aliased(Citizen, name="cursor_row")
    key = select(cursor_row.name_search).where(cursor_row.id == after_id).scalar_subquery()
    inside = key >= low
    before_every_id = literal_column("-1", Integer())
    start = tuple_(case((inside, key), else_=low), case((inside, after_id), else_=before_every_id))
    return tuple_(Citizen.name_search, Citizen.id) > start


def _search_page(
    columns: Sequence[Any],
    *,
    low: Any,
    high: Any,
    dob: Any = None,
    province: Any = None,
    unit: Any = None,
    after_id: Any = None,
    limit: Any,
) -> Select[Any]:
    """THE search statement, for both paths: the ORM one with values, the driver one
    (:func:`search_on_driver`) with bind parameters; None leaves a condition out."""
    query = select(*columns).where(Citizen.name_search >= low, Citizen.name_search < high)
    if dob is not None:
        query = query.where(Citizen.dob == dob)
    if province is not None:
        query = query.where(Citizen.residence_province_code == province)
    if unit is not None:
        query = query.where(Citizen.residence_unit_code == unit)
    if after_id is not None:
        query = query.where(_after(after_id, low))
    return query.order_by(Citizen.name_search, Citizen.id).limit(limit)


def _range(name: str) -> tuple[str, str]:
    key = search_key(name)
    return key, key + "\x7f"


async def search_citizens(
    session: AsyncSession,
    *,
    territory: Territory,
    name: str,
    dob: str | None = None,
    after_id: int | None = None,
    limit: int = 20,
) -> list[Citizen]:
    """Diacritic-insensitive name-prefix search, optionally by date of birth, scoped to a territory.

    Ordered by (name_search, id); ``after_id`` is the last id of the previous page, and the next
    page starts strictly after that row's (name_search, id), so no one is skipped or repeated (a
    cursor naming nobody is ignored). One statement, the next pages included.
    """
    low, high = _range(name)
    query = _search_page(
        (Citizen,),
        low=low,
        high=high,
        dob=dob or None,
        province=territory.province_code or None,
        unit=territory.unit_code or None,
        after_id=after_id,
        limit=limit,
    )
    return list(await session.scalars(stale_ok(query)))


class DriverConnection(Protocol):
    """What a driver-path read needs of an asyncpg connection (asyncpg ships no stubs)."""

    async def fetch(self, query: str, *args: Any) -> list[Any]: ...


@functools.cache
def _search_sql(*, dob: bool, province: bool, unit: bool, after: bool) -> tuple[str, tuple[str, ...]]:
    """:func:`_search_page` of one shape compiled once for asyncpg: its text and its binds' order.
    One statement per shape (at most 12), each prepared once per connection by asyncpg's cache."""
    text = String(300)
    statement = _search_page(
        SUMMARY_COLUMNS,
        low=bindparam("low", type_=text),
        high=bindparam("high", type_=text),
        dob=bindparam("dob", type_=String(10)) if dob else None,
        province=bindparam("province", type_=String(3)) if province else None,
        unit=bindparam("unit", type_=String(10)) if unit else None,
        after_id=bindparam("after_id", type_=Integer()) if after else None,
        limit=bindparam("limit", type_=Integer()),
    )
    compiled = statement.compile(dialect=asyncpg_dialect())  # type: ignore[no-untyped-call]
    assert compiled.positiontup is not None
    return str(compiled), tuple(compiled.positiontup)


async def search_on_driver(
    connection: DriverConnection,
    *,
    territory: Territory,
    name: str,
    dob: str | None = None,
    after_id: int | None = None,
    limit: int = 20,
) -> list[Any]:
    """As :func:`search_citizens` on an asyncpg connection without SQLAlchemy (the search's hot path,
    docs/adr/0017): the same statement, the rows of :data:`SUMMARY_COLUMNS` instead of citizens."""
    low, high = _range(name)
    binds: dict[str, Any] = {
        "low": low,
        "high": high,
        "dob": dob or None,
        "province": territory.province_code or None,
        "unit": territory.unit_code or None,
        "after_id": after_id,
        "limit": limit,
    }
    sql, order = _search_sql(
        dob=binds["dob"] is not None,
        province=binds["province"] is not None,
        unit=binds["unit"] is not None,
        after=after_id is not None,
    )
    return list(await connection.fetch(sql, *(binds[name] for name in order)))


async def household_members(
    session: AsyncSession, household_id: int
) -> list[tuple[Citizen, HouseholdRelation]]:
    """Current members of a household with their relation to the head (head first)."""
    candidates = await session.scalars(select(Citizen).where(Citizen.household_id == household_id))
    members: list[tuple[Citizen, HouseholdRelation]] = []
    for citizen in candidates:
        fact = await item_as_of(session, citizen.id, Item.HOUSEHOLD)
        if fact is not None and fact.value["household_id"] == household_id:
            members.append((citizen, HouseholdRelation(fact.value["relation_to_head"])))
    members.sort(key=lambda m: (m[1] is not HouseholdRelation.HEAD, m[0].id))
    return members


async def household_by_number(session: AsyncSession, number: str) -> Household:
    household = await session.scalar(select(Household).where(Household.number == number))
    if household is None:
        raise NotFound("household.not_found", number=number)
    return household


async def pins_of(session: AsyncSession, citizen_id: int) -> list[PinRecord]:
    return list(
        await session.scalars(
            select(PinRecord).where(PinRecord.citizen_id == citizen_id).order_by(PinRecord.assigned_at)
        )
    )
