"""Households (items 22–23): one head each, members with their relation to the head."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.actions import lock_chains
from dancu.audit.models import EventType
from dancu.clock import now_utc
from dancu.enums.registry import ChangeKind, HouseholdRelation, Item
from dancu.errors import Conflict, DomainError, invalid
from dancu.registry.actions.core import Change, Provenance, write
from dancu.registry.models import Citizen, Household
from dancu.registry.policies import ensure_citizen_in_territory
from dancu.registry.queries import household_by_number, household_members, item_as_of


async def new_household(session: AsyncSession) -> Household:
    for _ in range(20):
        household = Household(number=f"HO{secrets.randbelow(10**10):010d}", created_at=now_utc())
        try:
            async with session.begin_nested():
                session.add(household)
                # inside the savepoint: a number collision must fail here, where the loop retries
                await session.flush()
        except IntegrityError:
            continue
        return household
    raise Conflict("household.number_exhausted")


async def household_for_newborn(
    session: AsyncSession, number: str | None, *, actor: Actor
) -> Household | None:
    """The household a newborn joins: its members' records are shown with it, so all of them must be
    inside the officer's territory (403 naming ``household_number``)."""
    if number is None:
        return None
    try:
        household = await household_by_number(session, number)
    except DomainError:
        raise invalid("household_number", "household.not_found", number=number) from None
    for member, _ in await household_members(session, household.id):
        ensure_citizen_in_territory(actor, member, field="household_number")
    return household


def _membership(household: Household, relation: HouseholdRelation) -> dict[str, object]:
    return {
        "household_id": household.id,
        "household_number": household.number,
        "relation_to_head": relation.value,
    }


async def _set(
    session: AsyncSession,
    household: Household,
    citizen: Citizen,
    relation: HouseholdRelation,
    *,
    on: dt.date,
    provenance: Provenance,
    actor: Actor,
) -> None:
    change = Change(Item.HOUSEHOLD, _membership(household, relation), valid_from=on, ref_id=household.id)
    await write(
        session,
        citizen,
        [change],
        kind=ChangeKind.UPDATE,
        provenance=provenance,
        actor=actor,
        event_type=EventType.HOUSEHOLD_CHANGED,
        event_data={"household": household.number, "relation": relation.value},
    )


async def ensure_one_head(session: AsyncSession, household: Household) -> None:
    """A household with members has exactly one head (checked after every change)."""
    members = await household_members(session, household.id)
    heads = [c for c, relation in members if relation is HouseholdRelation.HEAD]
    if members and len(heads) != 1:
        raise DomainError("household.head_count", status=409, number=household.number, heads=len(heads))


async def join(
    session: AsyncSession,
    household: Household,
    citizen: Citizen,
    *,
    relation: HouseholdRelation,
    on: dt.date,
    provenance: Provenance,
    actor: Actor,
) -> None:
    """Add or move a person into a household (leaving any previous one on the same date)."""
    previous = await item_as_of(session, citizen.id, Item.HOUSEHOLD)
    if (
        previous is not None
        and previous.value["relation_to_head"] == HouseholdRelation.HEAD.value
        and (
            previous.value["household_id"] != household.id
            and len(await household_members(session, previous.value["household_id"])) > 1
        )
    ):
        raise DomainError("household.head_must_be_replaced_first", status=409)
    await _set(session, household, citizen, relation, on=on, provenance=provenance, actor=actor)
    await ensure_one_head(session, household)


async def create(
    session: AsyncSession, head: Citizen, *, on: dt.date, provenance: Provenance, actor: Actor
) -> Household:
    household = await new_household(session)
    await join(
        session, household, head, relation=HouseholdRelation.HEAD, on=on, provenance=provenance, actor=actor
    )
    return household


async def change_head(
    session: AsyncSession,
    household: Household,
    new_head: Citizen,
    *,
    old_head_relation: HouseholdRelation,
    on: dt.date,
    provenance: Provenance,
    actor: Actor,
) -> None:
    if old_head_relation is HouseholdRelation.HEAD:
        raise invalid("old_head_relation", "household.old_head_stays_head")
    members = await household_members(session, household.id)
    if new_head.id not in {c.id for c, _ in members}:
        raise invalid("new_head_pin", "household.not_a_member")
    await lock_chains(session, subject_ids=[c.id for c, _ in members], actor=actor)  # ADR 0004
    for member, relation in members:
        if relation is HouseholdRelation.HEAD:
            await _set(
                session, household, member, old_head_relation, on=on, provenance=provenance, actor=actor
            )
    await _set(
        session, household, new_head, HouseholdRelation.HEAD, on=on, provenance=provenance, actor=actor
    )
    await ensure_one_head(session, household)


async def split(
    session: AsyncSession,
    household: Household,
    new_head: Citizen,
    members: dict[Citizen, HouseholdRelation],
    *,
    on: dt.date,
    provenance: Provenance,
    actor: Actor,
) -> Household:
    """Tách hộ: the new head and the chosen members leave to a new household."""
    current = {c.id: relation for c, relation in await household_members(session, household.id)}
    for person in [new_head, *members]:
        if person.id not in current:
            raise invalid("members", "household.not_a_member")
        if current[person.id] is HouseholdRelation.HEAD:
            raise invalid("members", "household.head_cannot_split")
    await lock_chains(session, subject_ids=[new_head.id, *(p.id for p in members)], actor=actor)
    created = await new_household(session)
    await _set(session, created, new_head, HouseholdRelation.HEAD, on=on, provenance=provenance, actor=actor)
    for person, relation in members.items():
        await _set(session, created, person, relation, on=on, provenance=provenance, actor=actor)
    await ensure_one_head(session, created)
    await ensure_one_head(session, household)
    return created


async def leave(
    session: AsyncSession, citizen: Citizen, *, on: dt.date, provenance: Provenance, actor: Actor
) -> None:
    """End a person's membership (death, moving abroad) without joining another household."""
    previous = await item_as_of(session, citizen.id, Item.HOUSEHOLD)
    if previous is None:
        return
    await write(
        session,
        citizen,
        [Change(Item.HOUSEHOLD, None, valid_from=on, ref_id=previous.value["household_id"])],
        kind=ChangeKind.UPDATE,
        provenance=provenance,
        actor=actor,
        event_type=EventType.HOUSEHOLD_CHANGED,
        event_data={"left": previous.value["household_number"]},
    )
