"""Writes to one person's record named by a path PIN: update, adjustment, death, a card, residence
and the PIN's re-establishment.

Each resolves the person with the territory check (except a residence registration, checked on the
new address by the action) and calls the action; the API route and the page both call these, so
neither resolves the person nor reaches the action on its own. Each returns the person written, which
the page needs for where to go next.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.enums.registry import Item, Source
from dancu.registry import queries
from dancu.registry.actions import items, pins, residence
from dancu.registry.actions.core import Provenance
from dancu.registry.models import Citizen
from dancu.registry.schemas import (
    AbsenceIn,
    AdjustIn,
    CardIn,
    DeathIn,
    ItemChangeIn,
    NationalityAcquiredIn,
    PinChangeIn,
    ResidenceIn,
    ResidenceRemovalIn,
)
from dancu.registry.use_cases.subjects import person


async def update_item(session: AsyncSession, pin: str, body: ItemChangeIn, *, actor: Actor) -> Citizen:
    """Cập nhật one item of the person."""
    citizen = await person(session, pin, actor=actor)
    await items.update_item(session, citizen, body, actor=actor)
    return citizen


async def adjust_item(session: AsyncSession, pin: str, body: AdjustIn, *, actor: Actor) -> Citizen:
    """Điều chỉnh one item of the person (the stored value was wrong)."""
    citizen = await person(session, pin, actor=actor)
    await items.adjust_item(session, citizen, body, actor=actor)
    return citizen


async def record_death(session: AsyncSession, pin: str, body: DeathIn, *, actor: Actor) -> Citizen:
    """Item 24: the person died or is declared missing."""
    citizen = await person(session, pin, actor=actor)
    await items.record_death(session, citizen, body, actor=actor)
    return citizen


async def record_card(session: AsyncSession, pin: str, body: CardIn, *, actor: Actor) -> Citizen:
    """Item 14: a card issued to the person."""
    citizen = await person(session, pin, actor=actor)
    await items.record_card(session, citizen, body, actor=actor)
    return citizen


def _residence_provenance(body: ResidenceIn | AbsenceIn) -> Provenance:
    return Provenance(
        source=Source.RESIDENCE_REGISTRATION, legal_basis=body.legal_basis, dossier_number=body.dossier_number
    )


async def register_residence(
    session: AsyncSession, pin: str, item: Item, body: ResidenceIn, *, actor: Actor
) -> Citizen:
    """A permanent, temporary or current place. The person may be moving in from elsewhere, so the
    action checks the territory on the new address, not on the person's present one."""
    citizen = await queries.citizen_by_pin(session, pin)
    await residence.register(
        session,
        citizen,
        item=item,
        address=body.address,
        start=body.start,
        end=body.end,
        file_number=body.residence_file_number,
        provenance=_residence_provenance(body),
        actor=actor,
    )
    return citizen


async def remove_residence(
    session: AsyncSession, pin: str, body: ResidenceRemovalIn, *, actor: Actor
) -> Citizen:
    """Xoá đăng ký thường trú / tạm trú, with its reason kept in the provenance."""
    citizen = await person(session, pin, actor=actor)
    provenance = Provenance(
        source=Source.RESIDENCE_REGISTRATION,
        legal_basis=body.legal_basis,
        dossier_number=body.dossier_number,
        reason=body.note or body.reason.value,
    )
    await residence.remove(
        session, citizen, item=body.kind, on=body.on, reason=body.reason, provenance=provenance, actor=actor
    )
    return citizen


async def declare_absence(session: AsyncSession, pin: str, body: AbsenceIn, *, actor: Actor) -> Citizen:
    """Khai báo tạm vắng."""
    citizen = await person(session, pin, actor=actor)
    await residence.declare_absence(
        session,
        citizen,
        start=body.start,
        end=body.end,
        destination=body.destination,
        reason=body.reason,
        subject_kind=body.subject_kind,
        provenance=_residence_provenance(body),
        actor=actor,
    )
    return citizen


async def reestablish_pin(
    session: AsyncSession, pin: str, body: PinChangeIn, *, actor: Actor
) -> tuple[Citizen, str]:
    """NĐ 70 Điều 11 khoản 7: the PIN cancelled and a new one established; returns the new PIN."""
    citizen = await person(session, pin, actor=actor)
    new_pin = await pins.cancel_and_reestablish(session, citizen, body, actor=actor)
    return citizen, new_pin


async def cancel_pin_on_nationality(
    session: AsyncSession, pin: str, body: NationalityAcquiredIn, *, actor: Actor
) -> tuple[Citizen, str | None]:
    """NĐ 70 Điều 36 khoản 4: the PIN of a person of undetermined nationality who acquires one."""
    citizen = await person(session, pin, actor=actor)
    new_pin = await pins.cancel_on_nationality(session, citizen, body, actor=actor)
    return citizen, new_pin


async def refused_subject(session: AsyncSession, pin: str, *, actor: Actor) -> Citizen:
    """The person a refused form is about, to show the form again after the rollback.

    Checked as the write checks them, so a form for an unknown PIN or a person outside the territory
    still answers 404 or 403, whatever else was wrong with it; showing the form again logs nothing.
    """
    return await person(session, pin, actor=actor)
