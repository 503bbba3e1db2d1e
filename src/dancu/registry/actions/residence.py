"""Residence events (items 16–20): registration, temporary stay, absence, removal with reason."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.models import EventType
from dancu.enums.registry import ChangeKind, Item, ResidenceRemovalReason
from dancu.errors import invalid
from dancu.geo.enums import CodeTable
from dancu.geo.queries import validate_unit
from dancu.registry.actions.core import Change, Provenance, write
from dancu.registry.items import Address
from dancu.registry.models import Citizen
from dancu.registry.policies import ensure_unit_in_territory

RESIDENCE_ITEMS = (Item.PERMANENT_RESIDENCE, Item.TEMPORARY_RESIDENCE, Item.CURRENT_PLACE)


def _check(address: Address, actor: Actor) -> None:
    validate_unit(address.unit_code, CodeTable(address.unit_version), field="address.unit_code")
    # Registration happens at the police of the new place: the address must be in the officer's territory.
    ensure_unit_in_territory(actor, unit_code=address.unit_code, unit_version=address.unit_version)


async def register(
    session: AsyncSession,
    citizen: Citizen,
    *,
    item: Item,
    address: Address,
    start: dt.date,
    end: dt.date | None = None,
    file_number: str | None = None,
    provenance: Provenance,
    actor: Actor,
) -> None:
    """Đăng ký thường trú / tạm trú / khai báo nơi ở hiện tại, from ``start`` (to ``end`` inclusive)."""
    if item not in RESIDENCE_ITEMS:
        raise invalid("kind", "residence.kind")
    if item is Item.TEMPORARY_RESIDENCE and end is None:
        raise invalid("end", "residence.temporary_needs_end")
    _check(address, actor)
    valid_to = end + dt.timedelta(days=1) if end else None
    changes = [Change(item, address.model_dump(mode="json"), valid_from=start, valid_to=valid_to)]
    if file_number:
        changes.append(Change(Item.RESIDENCE_FILE_NUMBER, file_number, valid_from=start))
    await write(
        session,
        citizen,
        changes,
        kind=ChangeKind.UPDATE,
        provenance=provenance,
        actor=actor,
        event_type=EventType.RESIDENCE_CHANGED,
        event_data={"residence": item.value, "start": start.isoformat()},
    )


async def remove(
    session: AsyncSession,
    citizen: Citizen,
    *,
    item: Item,
    on: dt.date,
    reason: ResidenceRemovalReason,
    provenance: Provenance,
    actor: Actor,
) -> None:
    """Xóa đăng ký: the item has no value from ``on``; the reason is kept on the fact and the event."""
    if item not in (Item.PERMANENT_RESIDENCE, Item.TEMPORARY_RESIDENCE):
        raise invalid("kind", "residence.kind")
    await write(
        session,
        citizen,
        [Change(item, None, valid_from=on)],
        kind=ChangeKind.UPDATE,
        provenance=provenance,
        actor=actor,
        event_type=EventType.RESIDENCE_CHANGED,
        event_data={"removed": item.value, "removal_reason": reason.value, "on": on.isoformat()},
    )


async def declare_absence(
    session: AsyncSession,
    citizen: Citizen,
    *,
    start: dt.date,
    end: dt.date,
    destination: str,
    reason: str,
    subject_kind: str,
    provenance: Provenance,
    actor: Actor,
) -> None:
    """Khai báo tạm vắng (Luật Cư trú Điều 31): valid for the declared period."""
    value = {"destination": destination, "reason": reason, "subject_kind": subject_kind}
    change = Change(Item.TEMPORARY_ABSENCE, value, valid_from=start, valid_to=end + dt.timedelta(days=1))
    await write(
        session,
        citizen,
        [change],
        kind=ChangeKind.UPDATE,
        provenance=provenance,
        actor=actor,
        event_type=EventType.RESIDENCE_CHANGED,
        event_data={"residence": Item.TEMPORARY_ABSENCE.value},
    )
