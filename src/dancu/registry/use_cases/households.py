"""Households (items 22–23): every change answers with the household, so every member shown is a
person the officer may see, and each one shown is logged as read."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.actions import lock_chains
from dancu.enums.registry import HouseholdRelation
from dancu.registry import policies, queries
from dancu.registry.actions import households
from dancu.registry.actions.core import Provenance
from dancu.registry.models import Citizen, Household
from dancu.registry.schemas import HeadChangeIn, MemberMoveIn, NewHouseholdIn, SplitIn
from dancu.registry.use_cases.subjects import log_reads, person
from dancu.registry.views import SUMMARY_FIELDS

Members = list[tuple[Citizen, HouseholdRelation]]
HOUSEHOLD_FIELDS = (*SUMMARY_FIELDS, "household")


async def household_in_territory(
    session: AsyncSession, number: str, *, actor: Actor
) -> tuple[Household, Members]:
    """The household and its members; 403 unless every member is inside the actor's territory.

    A household has no address of its own: it is where its members are registered, and naming it
    reveals them all, so one member outside the territory puts the household outside it.
    """
    household = await queries.household_by_number(session, number)
    members = await queries.household_members(session, household.id)
    for citizen, _ in members:
        policies.ensure_citizen_in_territory(actor, citizen)
    return household, members


async def _shown(session: AsyncSession, household: Household, *, actor: Actor) -> Members:
    """The household as it now stands; every member in the answer is logged as read."""
    members = await queries.household_members(session, household.id)
    await log_reads(session, [(c, HOUSEHOLD_FIELDS) for c, _ in members], actor=actor)
    return members


async def read_household(session: AsyncSession, number: str, *, actor: Actor) -> tuple[Household, Members]:
    household, _ = await household_in_territory(session, number, actor=actor)
    return household, await _shown(session, household, actor=actor)


async def _lock(session: AsyncSession, people: list[Citizen], members: Members, *, actor: Actor) -> None:
    # The writes and the reads of the answer log entries about all of them: one order (ADR 0004).
    await lock_chains(session, subject_ids=[p.id for p in people] + [c.id for c, _ in members], actor=actor)


async def create_household(
    session: AsyncSession, body: NewHouseholdIn, *, provenance: Provenance, actor: Actor
) -> tuple[Household, Members]:
    head = await person(session, body.head_pin, actor=actor, field="head_pin")
    await _lock(session, [head], [], actor=actor)
    household = await households.create(session, head, on=body.on, provenance=provenance, actor=actor)
    return household, await _shown(session, household, actor=actor)


async def move_member(
    session: AsyncSession, number: str, body: MemberMoveIn, *, provenance: Provenance, actor: Actor
) -> tuple[Household, Members]:
    """Add or move a person into a household the officer may see, and answer with it."""
    household, members = await household_in_territory(session, number, actor=actor)
    citizen = await person(session, body.pin, actor=actor, field="pin")
    await _lock(session, [citizen], members, actor=actor)
    await households.join(
        session,
        household,
        citizen,
        relation=body.relation_to_head,
        on=body.on,
        provenance=provenance,
        actor=actor,
    )
    return household, await _shown(session, household, actor=actor)


async def change_head(
    session: AsyncSession, number: str, body: HeadChangeIn, *, provenance: Provenance, actor: Actor
) -> tuple[Household, Members]:
    household, members = await household_in_territory(session, number, actor=actor)
    new_head = await person(session, body.new_head_pin, actor=actor, field="new_head_pin")
    await _lock(session, [new_head], members, actor=actor)
    await households.change_head(
        session,
        household,
        new_head,
        old_head_relation=body.old_head_relation,
        on=body.on,
        provenance=provenance,
        actor=actor,
    )
    return household, await _shown(session, household, actor=actor)


async def split(
    session: AsyncSession, number: str, body: SplitIn, *, provenance: Provenance, actor: Actor
) -> tuple[Household, Members]:
    """Tách hộ: answers with the new household."""
    household, members = await household_in_territory(session, number, actor=actor)
    new_head = await person(session, body.new_head_pin, actor=actor, field="new_head_pin")
    leaving = {
        await person(session, pin, actor=actor, field=f"members.{pin}"): relation
        for pin, relation in body.members.items()
    }
    await _lock(session, [new_head, *leaving], members, actor=actor)
    created = await households.split(
        session, household, new_head, leaving, on=body.on, provenance=provenance, actor=actor
    )
    return created, await _shown(session, created, actor=actor)
