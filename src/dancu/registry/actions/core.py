"""The one path by which facts reach the register: validate all, log the event, append one set, re-project."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.actions import record_event
from dancu.audit.models import Event, EventType
from dancu.clock import now_utc
from dancu.enums.registry import ChangeKind, Item, Source, Verification
from dancu.errors import DomainError, FieldProblem
from dancu.registry import items, projection
from dancu.registry.catalogue import check_extra
from dancu.registry.models import ASSERTIONS_PER_SET, Citizen, FactSet


@dataclass(frozen=True)
class Provenance:
    """Why and on what basis a change is made (kept on every fact it writes)."""

    source: Source
    legal_basis: str | None = None
    dossier_number: str | None = None
    reason: str | None = None
    verification: Verification = Verification.VERIFIED


@dataclass(frozen=True)
class Change:
    item: Item
    value: Any
    key: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    ref_id: int | None = None


def _check_period(change: Change) -> None:
    if change.valid_from and change.valid_to and change.valid_to <= change.valid_from:
        raise DomainError(
            "validation.failed",
            status=422,
            problems=[FieldProblem(f"{change.item.value}.valid_to", "period_end_before_start")],
        )
    if change.item.multi_valued and not change.key:
        raise DomainError(
            "validation.failed", status=422, problems=[FieldProblem(change.item.value, "key_required")]
        )


def validated(changes: list[Change]) -> list[Change]:
    """Every change is checked before any is written, so a rejected request writes nothing."""
    if len(changes) > ASSERTIONS_PER_SET:  # one event's set; the view numbers its assertions in 8 bits
        raise DomainError("validation.failed", status=422, problems=[FieldProblem("items", "too_many")])
    result = []
    for change in changes:
        _check_period(change)
        checked = replace(change, value=items.validate(change.item, change.value))
        if checked.item is Item.EXTRA:
            check_extra(checked.key, checked.value)
        result.append(checked)
    return result


async def write(
    session: AsyncSession,
    citizen: Citizen,
    changes: list[Change],
    *,
    kind: ChangeKind,
    provenance: Provenance,
    actor: Actor,
    event_type: EventType,
    event_data: dict[str, Any] | None = None,
) -> Event:
    checked = validated(changes)
    data = {"items": sorted({c.item.value for c in checked}), "kind": kind.value} | (event_data or {})
    if provenance.dossier_number:
        data["dossier_number"] = provenance.dossier_number
    event = await record_event(
        session, event_type, actor=actor, subject_citizen_id=citizen.id, reason=provenance.reason, data=data
    )
    if checked:  # an event may record no change (the log still says it happened)
        session.add(_fact_set(citizen, checked, kind, provenance, actor, event, now_utc()))
    await session.flush()  # the projection below rebuilds the citizen from the facts in the database
    await projection.refresh(session, citizen)
    return event


def assertion(change: Change) -> dict[str, Any]:
    """One element of a set's ``assertions`` (registry.models.FactSet): absent members are "" or None."""
    out: dict[str, Any] = {"i": change.item.value}
    if change.key:
        out["k"] = change.key
    if change.value is not None:
        out["v"] = change.value
    if change.ref_id is not None:
        out["r"] = change.ref_id
    if change.valid_from is not None:
        out["f"] = change.valid_from.isoformat()
    if change.valid_to is not None:
        out["t"] = change.valid_to.isoformat()
    return out


def _fact_set(
    citizen: Citizen,
    changes: list[Change],
    kind: ChangeKind,
    provenance: Provenance,
    actor: Actor,
    event: Event,
    recorded_at: dt.datetime,
) -> FactSet:
    """The event's changes to one person as one row (each becomes a row of the ``fact`` view)."""
    return FactSet(
        citizen_id=citizen.id,
        assertions=[assertion(change) for change in changes],
        recorded_at=recorded_at,
        change_kind=kind,
        source=provenance.source,
        verification=provenance.verification,
        legal_basis=provenance.legal_basis,
        dossier_number=provenance.dossier_number,
        reason=provenance.reason,
        event_id=event.id,
        officer_account_id=actor.account_id,
    )
