"""Reads of the register. Callers check territory with :mod:`dancu.registry.policies` first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

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
    page starts strictly after that row's (name_search, id), so no one is skipped or repeated.
    """
    key = search_key(name)
    query = select(Citizen).where(Citizen.name_search >= key, Citizen.name_search < key + "\x7f")
    if dob:
        query = query.where(Citizen.dob == dob)
    if territory.province_code:
        query = query.where(Citizen.residence_province_code == territory.province_code)
    if territory.unit_code:
        query = query.where(Citizen.residence_unit_code == territory.unit_code)
    if after_id is not None:
        last_name = await session.scalar(stale_ok(select(Citizen.name_search).where(Citizen.id == after_id)))
        if last_name is not None:
            query = query.where(tuple_(Citizen.name_search, Citizen.id) > tuple_(last_name, after_id))
    return list(await session.scalars(stale_ok(query.order_by(Citizen.name_search, Citizen.id).limit(limit))))


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
