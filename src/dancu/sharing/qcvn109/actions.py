"""Export a citizen as a message (a logged read) and import a message through the register's actions.

Import never writes facts itself: a known PIN is *updated* through
:func:`dancu.registry.actions.core.write` (one event per citizen, versioned like any update), a
citizen without a PIN is *collected* through :func:`dancu.registry.actions.births.collect` (DC01,
the register assigns the PIN). Items with procedures of their own (relatives, household, death)
are compared, never written: a message that changes them is refused, naming the element.
An element missing from the message means "no information", never "clear the item".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.audit.actions import record_read
from dancu.audit.models import EventType
from dancu.clock import now_utc, today_vn
from dancu.enums.registry import ChangeKind, Item, RelationRole, Source, Verification
from dancu.errors import DomainError, FieldProblem, Forbidden
from dancu.registry import policies
from dancu.registry.actions import births
from dancu.registry.actions.core import Change, Provenance, write
from dancu.registry.actions.relations import relation_key
from dancu.registry.history import RecordView
from dancu.registry.models import Citizen, Household, PinRecord
from dancu.registry.partial_date import PartialDate
from dancu.registry.queries import record_as_of
from dancu.registry.schemas import CollectIn
from dancu.sharing.qcvn109 import codec, mapping, xmlio
from dancu.sharing.qcvn109.codec import MessageCitizen

EXPORT_PURPOSE = "Trao đổi thông điệp dữ liệu công dân (QCVN 109:2017/BTTTT, mô hình) [M]"
# Items an import compares but never writes: each has a procedure that keeps other people consistent.
OWN_PROCEDURE = frozenset({Item.HOUSEHOLD, Item.RELATION, Item.DEATH})
# What a DC01 collection takes as its own fields; every other single item goes to ``other_items``.
_COLLECT_FIELDS = {
    Item.FULL_NAME: "full_name",
    Item.DATE_OF_BIRTH: "date_of_birth",
    Item.SEX: "sex",
    Item.BIRTH_REGISTRATION_PLACE: "birth_registration_place",
    Item.PLACE_OF_BIRTH: "place_of_birth",
    Item.HOMETOWN: "hometown",
    Item.ETHNICITY: "ethnicity",
    Item.RELIGION: "religion",
    Item.NATIONALITY: "nationality",
    Item.CMND9: "cmnd9",
    Item.PERMANENT_RESIDENCE: "permanent_residence",
}


class Outcome(StrEnum):
    COLLECTED = "collected"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class Imported:
    index: int
    pin: str
    outcome: Outcome
    items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Resolved:
    """A message citizen in the register's own shape (row ids resolved, keys computed)."""

    single: dict[Item, Any]
    keyed: dict[Item, dict[str, Any]]


def exported_fields(view: RecordView) -> list[str]:
    return sorted({i.value for i in view.single} | {i.value for i in view.keyed})


async def export_citizen(session: AsyncSession, citizen: Citizen, *, actor: Actor) -> bytes:
    """The citizen's record today as a message; the read is logged with every item it carries."""
    policies.ensure_citizen_in_territory(actor, citizen)
    view = await record_as_of(session, citizen.id)
    await record_read(
        session, actor=actor, citizen_id=citizen.id, fields=exported_fields(view), purpose=EXPORT_PURPOSE
    )
    return codec.message([view], sent_at=now_utc())


def read(data: bytes) -> tuple[str, list[MessageCitizen]]:
    """Parse safely, validate against the schema, read every citizen (code lists checked)."""
    tree = xmlio.parse_and_validate(data)
    header = tree.getroot().find(f"{{{mapping.NAMESPACE}}}{mapping.HEADER}")
    message_id = ""
    if header is not None:
        message_id = header.findtext(f"{{{mapping.NAMESPACE}}}{mapping.MESSAGE_ID}") or ""
    return message_id, codec.read_message(tree)


async def _owner(session: AsyncSession, pin: str) -> Citizen | None:
    """The person a PIN belongs to, current or cancelled (a cancelled PIN still resolves)."""
    citizen = await session.scalar(select(Citizen).where(Citizen.pin == pin))
    if citizen is not None:
        return citizen
    return await session.scalar(
        select(Citizen).join(PinRecord, PinRecord.citizen_id == Citizen.id).where(PinRecord.pin == pin)
    )


async def resolve(session: AsyncSession, parsed: MessageCitizen) -> Resolved:
    """Row ids of households and relatives found again by number and PIN; keys as the register keys."""
    single = dict(parsed.single)
    membership = single.get(Item.HOUSEHOLD)
    if membership is not None:
        number = membership["household_number"]
        household_id = await session.scalar(select(Household.id).where(Household.number == number))
        if household_id is None:
            raise xmlio.refused("unknown_household", field=parsed.paths[Item.HOUSEHOLD.value], number=number)
        single[Item.HOUSEHOLD] = membership | {"household_id": household_id}
    keyed: dict[Item, dict[str, Any]] = {}
    for item, entries in parsed.keyed.items():
        for key, value in entries:
            if item is Item.RELATION:
                relative = await _owner(session, value["pin"]) if value.get("pin") else None
                if relative is not None:
                    value = value | {"citizen_id": relative.id}
                key = relation_key(
                    RelationRole(value["role"]),
                    citizen_id=relative.id if relative else None,
                    full_name=value["full_name"],
                )
            elif item is Item.CARD:
                key = value["number"]
            keyed.setdefault(item, {})[str(key)] = value
    return Resolved(single, keyed)


def differences(resolved: Resolved, view: RecordView) -> list[tuple[Item, str, Any]]:
    """(item, key, new value) for every value the message gives differently from the record."""
    changed: list[tuple[Item, str, Any]] = []
    for item, value in resolved.single.items():
        if item is not Item.PIN and view.get(item) != value:
            changed.append((item, "", value))
    for item, entries in resolved.keyed.items():
        for key, value in entries.items():
            if view.entries(item).get(key) != value:
                changed.append((item, key, value))
    return changed


def _refuse_own_procedure(parsed: MessageCitizen, item: Item) -> DomainError:
    return xmlio.refused("item_has_own_procedure", field=parsed.paths[item.value])


def _change(item: Item, key: str, value: Any, today: dt.date) -> Change:
    if item is Item.CARD:
        return Change(item, value, key=key, valid_from=PartialDate.parse(value["issued_on"]).earliest)
    return Change(item, value, key=key, valid_from=today)


def _require(actor: Actor, permission: Permission) -> None:
    if not actor.can(permission):
        raise Forbidden("auth.permission_denied", permission=permission.value)


async def _update(
    session: AsyncSession,
    citizen: Citizen,
    parsed: MessageCitizen,
    *,
    provenance: Provenance,
    actor: Actor,
    message_id: str,
) -> list[str]:
    policies.ensure_citizen_in_territory(actor, citizen)
    resolved = await resolve(session, parsed)
    view = await record_as_of(session, citizen.id)
    changed = differences(resolved, view)
    for item, _key, _value in changed:
        if item in OWN_PROCEDURE:
            raise _refuse_own_procedure(parsed, item)
    if any(item is Item.CARD for item, _, _ in changed):
        _require(actor, Permission.CARD_RECORD)
    if not changed:
        return []
    today = today_vn()
    await write(
        session,
        citizen,
        [_change(item, key, value, today) for item, key, value in changed],
        kind=ChangeKind.UPDATE,
        provenance=provenance,
        actor=actor,
        event_type=EventType.ITEM_UPDATED,
        event_data={"message_format": "qcvn109", "message_id": message_id[:64]},
    )
    return sorted({item.value for item, _, _ in changed})


def _collect_body(parsed: MessageCitizen, provenance: Provenance) -> CollectIn:
    fields: dict[str, Any] = {
        "legal_basis": provenance.legal_basis,
        "dossier_number": provenance.dossier_number,
    }
    other: dict[str, Any] = {}
    for item, value in parsed.single.items():
        if item in OWN_PROCEDURE:
            raise _refuse_own_procedure(parsed, item)
        if item in _COLLECT_FIELDS:
            fields[_COLLECT_FIELDS[item]] = value
        else:
            other[item.value] = value
    for item in parsed.keyed:
        if item in OWN_PROCEDURE:
            raise _refuse_own_procedure(parsed, item)
    fields["other_items"] = other
    try:
        return CollectIn.model_validate(fields)
    except ValidationError as exc:
        problems = [
            FieldProblem(f"{parsed.path} ({'.'.join(str(p) for p in err['loc'])})", str(err["type"]))
            for err in exc.errors()
        ]
        raise DomainError("qcvn109.invalid_message", status=422, problems=problems) from None


async def _collect(
    session: AsyncSession,
    parsed: MessageCitizen,
    *,
    provenance: Provenance,
    actor: Actor,
    message_id: str,
) -> tuple[Citizen, list[str]]:
    _require(actor, Permission.CITIZEN_COLLECT)
    citizen = await births.collect(session, _collect_body(parsed, provenance), actor=actor)
    written = sorted(i.value for i in parsed.single)
    if parsed.keyed:  # cards and item-26 attributes follow the collection, as any later update would
        written += await _update(
            session, citizen, parsed, provenance=provenance, actor=actor, message_id=message_id
        )
    return citizen, sorted(set(written) | {Item.PIN.value})


async def import_message(
    session: AsyncSession,
    data: bytes,
    *,
    legal_basis: str,
    dossier_number: str,
    actor: Actor,
) -> tuple[str, list[Imported]]:
    """Every citizen of the message, or none: the first refusal rolls the whole import back."""
    message_id, citizens = read(data)
    provenance = Provenance(
        source=Source.SHARED_DATABASE,
        legal_basis=legal_basis,
        dossier_number=dossier_number,
        verification=Verification.UNVERIFIED,
    )
    results = []
    for index, parsed in enumerate(citizens):
        pin = parsed.single.get(Item.PIN)
        if pin is None:
            citizen, written = await _collect(
                session, parsed, provenance=provenance, actor=actor, message_id=message_id
            )
            results.append(Imported(index, citizen.pin, Outcome.COLLECTED, written))
            continue
        owner = await _owner(session, pin)
        if owner is None:
            raise xmlio.refused("unknown_pin", field=parsed.paths[Item.PIN.value], pin=pin)
        written = await _update(
            session, owner, parsed, provenance=provenance, actor=actor, message_id=message_id
        )
        results.append(Imported(index, owner.pin, Outcome.UPDATED if written else Outcome.UNCHANGED, written))
    return message_id, results


def projection(view: RecordView) -> dict[str, Any]:
    """A record as plain data, for comparing what two registers hold."""
    return {
        "single": {i.value: v for i, v in sorted(view.single.items())},
        "keyed": {i.value: dict(sorted(v.items())) for i, v in sorted(view.keyed.items())},
    }
