"""Birth registration (the PIN is assigned) and DC01 collection of a person without a PIN."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.positions import DecisionKind
from dancu.audit.models import EventType
from dancu.clock import today_vn
from dancu.competence.actions import authorise
from dancu.enums.registry import ChangeKind, Item, RelationRole, Source, Verification
from dancu.errors import Conflict, invalid
from dancu.geo.queries import validate_unit
from dancu.registry.actions import households, relations
from dancu.registry.actions.core import Change, Provenance, validated, write
from dancu.registry.actions.pins import create_citizen_with_pin, prefix_for_registration_place
from dancu.registry.models import Citizen
from dancu.registry.partial_date import PartialDate
from dancu.registry.policies import ensure_unit_in_territory
from dancu.registry.schemas import (
    UNDETERMINED_NATIONALITY,
    UNDETERMINED_PIN_DAYS,
    BirthIn,
    CollectIn,
    ParentIn,
)


def _check_registration_place(body: BirthIn | CollectIn, actor: Actor) -> None:
    place = body.birth_registration_place
    if place.country_pin_code:
        return
    if not place.unit_code or not place.unit_version:
        raise invalid("birth_registration_place.unit_code", "missing")
    validate_unit(place.unit_code, place.unit_version, field="birth_registration_place.unit_code")
    ensure_unit_in_territory(actor, unit_code=place.unit_code, unit_version=place.unit_version)


def _birth_changes(body: BirthIn) -> list[Change]:
    born = body.date_of_birth
    changes = [
        Change(Item.FULL_NAME, body.full_name.model_dump(), valid_from=born),
        Change(Item.DATE_OF_BIRTH, born.isoformat()),
        Change(Item.SEX, body.sex.value, valid_from=born),
        Change(Item.PLACE_OF_BIRTH, body.place_of_birth.model_dump(mode="json", exclude_none=True)),
        Change(
            Item.BIRTH_REGISTRATION_PLACE,
            body.birth_registration_place.model_dump(mode="json", exclude_none=True),
        ),
        Change(Item.HOMETOWN, body.hometown.model_dump(mode="json", exclude_none=True)),
        Change(Item.ETHNICITY, body.ethnicity),
        Change(Item.RELIGION, body.religion, valid_from=born),
        Change(Item.NATIONALITY, body.nationality, valid_from=born),
        Change(Item.MARITAL_STATUS, "single", valid_from=born),
    ]
    if body.permanent_residence is not None:
        changes.append(
            Change(
                Item.PERMANENT_RESIDENCE, body.permanent_residence.model_dump(mode="json"), valid_from=born
            )
        )
    return changes


async def register_birth(session: AsyncSession, body: BirthIn, *, actor: Actor) -> Citizen:
    """Đăng ký khai sinh: assign a PIN and collect the items NĐ 70 Điều 11 khoản 2 requires."""
    _check_registration_place(body, actor)
    changes = validated(_birth_changes(body))  # before the PIN is drawn: a bad request writes nothing
    parents = await relations.resolve_parents(session, _parents(body), actor=actor)
    household = await households.household_for_newborn(session, body.household_number, actor=actor)
    citizen = await create_citizen_with_pin(
        session,
        prefix=prefix_for_registration_place(body.birth_registration_place.model_dump(exclude_none=True)),
        sex=body.sex,
        birth_year=body.date_of_birth.year,
        placeholder_name=body.full_name.full,
    )
    provenance = Provenance(
        source=Source.CIVIL_STATUS, legal_basis=body.legal_basis, dossier_number=body.dossier_number
    )
    changes.insert(0, Change(Item.PIN, citizen.pin, valid_from=body.date_of_birth))
    await write(
        session,
        citizen,
        changes,
        kind=ChangeKind.COLLECTION,
        provenance=provenance,
        actor=actor,
        event_type=EventType.BIRTH_REGISTERED,
        event_data={"pin": citizen.pin},
    )
    await relations.link_parents(
        session, citizen, parents, since=body.date_of_birth, provenance=provenance, actor=actor
    )
    if household is not None and body.relation_to_head is not None:
        await households.join(
            session,
            household,
            citizen,
            relation=body.relation_to_head,
            on=body.date_of_birth,
            provenance=provenance,
            actor=actor,
        )
    return citizen


def _parents(body: BirthIn) -> list[tuple[RelationRole, ParentIn]]:
    pairs = [
        (RelationRole.FATHER, body.father),
        (RelationRole.MOTHER, body.mother),
        (RelationRole.LEGAL_REPRESENTATIVE, body.legal_representative),
    ]
    return [(role, parent) for role, parent in pairs if parent is not None]


def _collect_changes(body: CollectIn) -> list[Change]:
    changes = [
        Change(Item.FULL_NAME, body.full_name.model_dump()),
        Change(Item.DATE_OF_BIRTH, str(PartialDate.parse(body.date_of_birth))),
        Change(Item.SEX, body.sex.value),
        Change(
            Item.BIRTH_REGISTRATION_PLACE,
            body.birth_registration_place.model_dump(mode="json", exclude_none=True),
        ),
        Change(Item.ETHNICITY, body.ethnicity),
        Change(Item.RELIGION, body.religion),
        Change(Item.NATIONALITY, body.nationality),
    ]
    for item, field in ((Item.PLACE_OF_BIRTH, body.place_of_birth), (Item.HOMETOWN, body.hometown)):
        if field is not None:
            changes.append(Change(item, field.model_dump(mode="json", exclude_none=True)))
    if body.cmnd9:
        changes.append(Change(Item.CMND9, body.cmnd9))
    if body.permanent_residence is not None:
        changes.append(
            Change(
                Item.PERMANENT_RESIDENCE,
                body.permanent_residence.model_dump(mode="json"),
                valid_from=body.permanent_residence_since,
            )
        )
    for item, value in body.other_items.items():
        if item in (Item.PIN, Item.HOUSEHOLD, Item.RELATION, Item.DEATH) or item.multi_valued:
            raise invalid(f"other_items.{item.value}", "item_has_own_procedure")
        changes.append(Change(item, value))
    return changes


async def collect(session: AsyncSession, body: CollectIn, *, actor: Actor, verified: bool = False) -> Citizen:
    """DC01: collect a registered person who has no PIN yet; the register assigns one. The Trưởng
    Công an cấp xã (or a delegated deputy) approves the collection (TT 117/2026 Điều 5 khoản 3 a, 5).

    A person of undetermined nationality is collected only after the verification of NĐ 70 Điều 24
    khoản 4–6 (as amended by NĐ 58/2026): ``verified`` is set by that procedure's acceptance alone."""
    if UNDETERMINED_NATIONALITY in body.nationality and not verified:
        raise Conflict("collect.undetermined_needs_verification")
    _check_registration_place(body, actor)
    changes = validated(_collect_changes(body))
    approval = await authorise(session, actor, DecisionKind.COLLECTION, ref=body.dossier_number)
    citizen = await create_citizen_with_pin(
        session,
        prefix=prefix_for_registration_place(body.birth_registration_place.model_dump(exclude_none=True)),
        sex=body.sex,
        birth_year=PartialDate.parse(body.date_of_birth).year,
        placeholder_name=body.full_name.full,
    )
    changes.insert(0, Change(Item.PIN, citizen.pin))
    provenance = Provenance(
        source=Source.DC01,
        legal_basis=body.legal_basis,
        dossier_number=body.dossier_number,
        verification=Verification.UNVERIFIED,
    )
    await write(
        session,
        citizen,
        changes,
        kind=ChangeKind.COLLECTION,
        provenance=provenance,
        actor=actor,
        event_type=EventType.CITIZEN_COLLECTED,
        event_data={"pin": citizen.pin, **approval.event_data(), **_undetermined(body)},
    )
    return citizen


def _undetermined(body: CollectIn) -> dict[str, Any]:
    """For a person of undetermined nationality: the papers, and the PIN deadline (15 days from the
    update, NĐ 70 Điều 24 khoản 7) with the day it was met — at once, as the register establishes it."""
    if UNDETERMINED_NATIONALITY not in body.nationality:
        return {}
    today = today_vn()
    return {
        "undetermined_nationality": True,
        "papers": body.papers,
        "pin_due_on": (today + dt.timedelta(days=UNDETERMINED_PIN_DAYS)).isoformat(),
        "pin_established_on": today.isoformat(),
        "legal_basis_pin": "Nghị định 70/2024/NĐ-CP Điều 24 khoản 7 (sửa đổi bởi Nghị định 58/2026/NĐ-CP)",
    }
