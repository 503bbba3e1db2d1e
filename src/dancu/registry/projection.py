"""Rebuilds a person's current row (``citizen``) from their facts, in the writer's transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.clock import now_utc, today_vn
from dancu.enums.registry import Item, LifeStatus, Sex
from dancu.geo.enums import CodeTable
from dancu.geo.queries import current_province_code
from dancu.names import search_key
from dancu.registry.history import FactLike, RecordView, record_view
from dancu.registry.models import Citizen
from dancu.registry.queries import facts_of

RESIDENCE_ORDER = (Item.PERMANENT_RESIDENCE, Item.TEMPORARY_RESIDENCE, Item.CURRENT_PLACE)


def residence_of(view: RecordView) -> dict[str, Any] | None:
    """The residence that counts (permanent, else temporary, else current place — as on the card)."""
    for item in RESIDENCE_ORDER:
        value = view.get(item)
        if value is not None:
            return dict(value)
    return None


def responsible_unit(view: RecordView, history: Iterable[FactLike] = ()) -> dict[str, Any] | None:
    """The unit whose police hold the person's file: the residence that counts; when there is none
    (after a death, a removal, or a DC01 without residence), the last residence the register
    recorded; else the place of birth registration."""
    residence = residence_of(view)
    if residence is not None:
        return residence
    earlier = [f for f in history if f.item in RESIDENCE_ORDER and f.value is not None]
    if earlier:
        return dict(max(earlier, key=lambda f: (f.valid_from or dt.date.min, f.recorded_at, f.id)).value)
    place = view.get(Item.BIRTH_REGISTRATION_PLACE)
    if place and place.get("unit_code"):
        return dict(place)
    return None


def apply_view(citizen: Citizen, view: RecordView, history: Iterable[FactLike] = ()) -> None:
    name = view.get(Item.FULL_NAME) or {}
    citizen.family_name = name.get("family", "")
    citizen.middle_name = name.get("middle", "")
    citizen.given_name = name.get("given", "")
    citizen.full_name = " ".join(
        p for p in (citizen.family_name, citizen.middle_name, citizen.given_name) if p
    )
    citizen.name_search = search_key(citizen.full_name)
    citizen.dob = view.get(Item.DATE_OF_BIRTH) or ""
    citizen.sex = Sex(view.get(Item.SEX) or Sex.UNKNOWN)
    citizen.pin = view.get(Item.PIN) or citizen.pin
    death = view.get(Item.DEATH)
    citizen.status = LifeStatus(death["status"]) if death else LifeStatus.ALIVE
    residence = responsible_unit(view, history)
    citizen.residence_unit_code = residence["unit_code"] if residence else None
    citizen.residence_unit_version = residence["unit_version"] if residence else None
    citizen.residence_province_code = (
        current_province_code(residence["unit_code"], CodeTable(residence["unit_version"]))
        if residence
        else None
    )
    household = view.get(Item.HOUSEHOLD)
    citizen.household_id = household["household_id"] if household else None


async def refresh(session: AsyncSession, citizen: Citizen) -> RecordView:
    facts = await facts_of(session, citizen.id)
    view = record_view(facts, valid_on=today_vn(), known_at=now_utc())
    apply_view(citizen, view, facts)
    citizen.refreshed_at = now_utc()
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    return view
