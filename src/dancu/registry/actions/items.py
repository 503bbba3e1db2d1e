"""Update (the world changed) and adjustment (the register was wrong) of items; death; cards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.models import EventType
from dancu.enums.registry import ChangeKind, Item, LifeStatus, ResidenceRemovalReason, Source
from dancu.errors import invalid
from dancu.registry.actions import households, residence
from dancu.registry.actions.core import Change, Provenance, write
from dancu.registry.models import Citizen
from dancu.registry.partial_date import PartialDate
from dancu.registry.schemas import AdjustIn, CardIn, DeathIn, ItemChangeIn

# What a death changes outside the register (identity locks the e-ID, Luật Căn cước Điều 34):
# packages above the register register a hook at start-up (``dancu.wiring``) and it runs in the
# same transaction, so the register never imports them.
DeathHook = Callable[[AsyncSession, Citizen, Actor], Awaitable[None]]
_death_hooks: list[DeathHook] = []


def on_death(hook: DeathHook) -> None:
    if hook not in _death_hooks:
        _death_hooks.append(hook)


async def _run_death_hooks(session: AsyncSession, citizen: Citizen, actor: Actor) -> None:
    # No hook means the process was not wired: refusing beats leaving a dead person's e-ID open.
    if not _death_hooks:
        raise RuntimeError("no death hook is registered: the entry point must call dancu.wiring.wire")
    for hook in _death_hooks:
        await hook(session, citizen, actor)


# Items with procedures of their own (they keep other tables and other people consistent).
OWN_PROCEDURE = frozenset({Item.PIN, Item.HOUSEHOLD, Item.RELATION, Item.DEATH})


def _check_item(item: Item) -> None:
    if item in OWN_PROCEDURE:
        raise invalid("item", "item_has_own_procedure")


async def _write_item(
    session: AsyncSession,
    citizen: Citizen,
    body: ItemChangeIn,
    *,
    kind: ChangeKind,
    reason: str | None,
    actor: Actor,
    event_type: EventType,
    event_data: dict[str, str],
) -> None:
    _check_item(body.item)
    provenance = Provenance(
        source=body.source,
        legal_basis=body.legal_basis,
        dossier_number=body.dossier_number,
        reason=reason,
        verification=body.verification,
    )
    change = Change(body.item, body.value, key=body.key, valid_from=body.valid_from, valid_to=body.valid_to)
    await write(
        session,
        citizen,
        [change],
        kind=kind,
        provenance=provenance,
        actor=actor,
        event_type=event_type,
        event_data={"item": body.item.value, **event_data},
    )


async def update_item(session: AsyncSession, citizen: Citizen, body: ItemChangeIn, *, actor: Actor) -> None:
    """Cập nhật: a new value from ``valid_from`` on; the earlier value stays right for earlier dates."""
    await _write_item(
        session,
        citizen,
        body,
        kind=ChangeKind.UPDATE,
        reason=body.reason,
        actor=actor,
        event_type=EventType.ITEM_UPDATED,
        event_data={},
    )


async def adjust_item(session: AsyncSession, citizen: Citizen, body: AdjustIn, *, actor: Actor) -> None:
    """Điều chỉnh: the stored value was wrong. By default the correction covers all valid time
    (the value was never right); the wrong value stays in history, as known until now."""
    await _write_item(
        session,
        citizen,
        body,
        kind=ChangeKind.ADJUSTMENT,
        reason=f"{body.reason} — {body.proof}",
        actor=actor,
        event_type=EventType.ITEM_ADJUSTED,
        event_data={"proof": body.proof},
    )


async def record_death(session: AsyncSession, citizen: Citizen, body: DeathIn, *, actor: Actor) -> None:
    """Item 24. A death also removes permanent and temporary residence from that date (Luật Cư trú
    Điều 24 khoản 1 điểm a) and ends household membership."""
    if citizen.status is not LifeStatus.ALIVE and body.status is LifeStatus.MISSING:
        raise invalid("status", "death.already_recorded")
    when = PartialDate.parse(body.date)
    provenance = Provenance(
        source=body.source, legal_basis=body.legal_basis, dossier_number=body.dossier_number
    )
    event = EventType.DEATH_RECORDED if body.status is LifeStatus.DEAD else EventType.MISSING_RECORDED
    change = Change(Item.DEATH, {"status": body.status.value, "date": str(when)}, valid_from=when.earliest)
    await write(
        session,
        citizen,
        [change],
        kind=ChangeKind.UPDATE,
        provenance=provenance,
        actor=actor,
        event_type=event,
    )
    if body.status is LifeStatus.DEAD:
        await _after_death(session, citizen, when.earliest, provenance, actor)
        await _run_death_hooks(session, citizen, actor)


async def _after_death(
    session: AsyncSession, citizen: Citizen, on: dt.date, provenance: Provenance, actor: Actor
) -> None:
    from dancu.registry.queries import item_as_of

    for item in (Item.PERMANENT_RESIDENCE, Item.TEMPORARY_RESIDENCE):
        if await item_as_of(session, citizen.id, item, valid_on=on) is not None:
            await residence.remove(
                session,
                citizen,
                item=item,
                on=on,
                reason=ResidenceRemovalReason.DEATH,
                provenance=provenance,
                actor=actor,
            )
    await households.leave(session, citizen, on=on, provenance=provenance, actor=actor)


async def record_card(session: AsyncSession, citizen: Citizen, body: CardIn, *, actor: Actor) -> None:
    """Item 14: a card issued (thẻ căn cước, CCCD, CMND 12 số) — one history entry per card."""
    card = body.card
    provenance = Provenance(
        source=Source.CARD_PROCEDURE, legal_basis=body.legal_basis, dossier_number=body.dossier_number
    )
    change = Change(
        Item.CARD,
        card.model_dump(mode="json", exclude_none=True),
        key=card.number,
        valid_from=PartialDate.parse(card.issued_on).earliest,
    )
    await write(
        session,
        citizen,
        [change],
        kind=ChangeKind.UPDATE,
        provenance=provenance,
        actor=actor,
        event_type=EventType.CARD_RECORDED,
        event_data={"card_kind": card.kind.value},
    )
