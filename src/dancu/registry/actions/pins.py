"""PIN assignment (at birth registration or DC01 collection), cancellation and re-establishment."""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.positions import DecisionKind
from dancu.audit.models import EventType
from dancu.clock import now_utc
from dancu.competence.actions import authorise
from dancu.enums.registry import ChangeKind, Item, PinChangeReason, Sex, Source
from dancu.errors import Conflict, DomainError, invalid
from dancu.geo.enums import CodeTable
from dancu.geo.queries import get_unit
from dancu.pin import rules
from dancu.registry.actions.core import Change, Provenance, write
from dancu.registry.models import Citizen, PinRecord
from dancu.registry.partial_date import PartialDate

# Random parts are drawn until one is free; with a million numbers per (prefix, sex, year) a
# collision is rare, and this many in a row means the range is exhausted.
MAX_ATTEMPTS = 50


def prefix_for_registration_place(place: dict[str, str]) -> str:
    """PPP: the province of birth registration (pre-2025 codes) or the foreign country (≥ 101).

    A unit in the 2025 table gives "0" + its 2025 province code: every 2025 code is also a pre-2025
    code, and which of the two the ministry uses after the merger is an open question (domain §9 q3),
    so this is the documented default [M] in docs/adr/0003-pin-prefix-after-2025.md.
    """
    if place.get("country_pin_code"):
        return place["country_pin_code"]
    unit = get_unit(place["unit_code"], CodeTable(place["unit_version"]))
    if unit is None:
        raise invalid("birth_registration_place.unit_code", "geo.unknown_unit", code=place["unit_code"])
    return rules.prefix_for_province(unit.province_code)


def _compose(prefix: str, sex: Sex, birth_year: int) -> str:
    return rules.compose(
        prefix=prefix, sex=sex, birth_year=birth_year, random_part=secrets.randbelow(1_000_000)
    )


async def create_citizen_with_pin(
    session: AsyncSession, *, prefix: str, sex: Sex, birth_year: int, placeholder_name: str
) -> Citizen:
    """Insert the person and a never-used PIN together; a clash (even with a concurrent
    registration) rolls back only the savepoint and draws again."""
    for _ in range(MAX_ATTEMPTS):
        pin = _compose(prefix, sex, birth_year)
        now = now_utc()
        citizen = Citizen(
            pin=pin,
            family_name="",
            given_name="",
            full_name=placeholder_name,
            name_search="",
            dob="",
            sex=sex,
            created_at=now,
            refreshed_at=now,
        )
        try:
            async with session.begin_nested():
                session.add(citizen)
                # inside the savepoint: a PIN collision must fail here, where the loop retries
                await session.flush()
                session.add(PinRecord(pin=pin, citizen_id=citizen.id, assigned_at=now))
                # inside the savepoint: a PIN collision must fail here, where the loop retries
                await session.flush()
        except IntegrityError:
            continue
        return citizen
    raise Conflict("pin.range_exhausted", prefix=prefix, year=birth_year)


async def reserve_pin(
    session: AsyncSession, citizen: Citizen, *, prefix: str, sex: Sex, birth_year: int
) -> str:
    for _ in range(MAX_ATTEMPTS):
        pin = _compose(prefix, sex, birth_year)
        try:
            async with session.begin_nested():
                session.add(PinRecord(pin=pin, citizen_id=citizen.id, assigned_at=now_utc()))
                # inside the savepoint: a PIN collision must fail here, where the loop retries
                await session.flush()
        except IntegrityError:
            continue
        return pin
    raise Conflict("pin.range_exhausted", prefix=prefix, year=birth_year)


async def cancel_and_reestablish(
    session: AsyncSession,
    citizen: Citizen,
    *,
    reason: PinChangeReason,
    legal_basis: str,
    dossier_number: str,
    note: str | None,
    actor: Actor,
) -> str:
    """NĐ 70 Điều 11 khoản 7: cancel the PIN and establish a new one from the corrected record.

    The old number stays in ``pin_record`` (never reused) and resolves to this person.
    """
    from dancu.registry.queries import record_as_of  # local: queries import projection, not actions

    # Only the head, or a deputy under a written delegation, decides (TT 117/2026 Điều 3 khoản 6).
    approval = await authorise(session, actor, DecisionKind.PIN, ref=citizen.pin)
    view = await record_as_of(session, citizen.id)
    place = view.get(Item.BIRTH_REGISTRATION_PLACE)
    if place is None or not view.get(Item.DATE_OF_BIRTH):
        raise DomainError("pin.record_incomplete", status=409)
    birth_year = PartialDate.parse(view.get(Item.DATE_OF_BIRTH)).year
    old_pin = citizen.pin
    new_pin = await reserve_pin(
        session,
        citizen,
        prefix=prefix_for_registration_place(place),
        sex=Sex(view.get(Item.SEX)),
        birth_year=birth_year,
    )
    provenance = Provenance(
        source=Source.DC02,
        legal_basis=legal_basis,
        dossier_number=dossier_number,
        reason=note or reason.value,
    )
    await write(
        session,
        citizen,
        [Change(Item.PIN, new_pin)],
        kind=ChangeKind.ADJUSTMENT,
        provenance=provenance,
        actor=actor,
        event_type=EventType.PIN_REESTABLISHED,
        event_data={"old_pin": old_pin, "new_pin": new_pin, "ground": reason.value, **approval.event_data()},
    )
    return new_pin
