"""Changes to one person's record that involve another person: family relations."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.registry.actions import relations
from dancu.registry.actions.core import Provenance
from dancu.registry.schemas import RelationIn
from dancu.registry.use_cases.subjects import person


async def relate(
    session: AsyncSession, pin: str, body: RelationIn, *, provenance: Provenance, actor: Actor
) -> None:
    """Record a relative of the person; a relative in the register gets the reciprocal link, so the
    relative's record is written too and must be inside the officer's territory as well."""
    citizen = await person(session, pin, actor=actor)
    relative = None
    if body.relative_pin:
        relative = await person(session, body.relative_pin, actor=actor, field="relative_pin")
    await relations.add_relation(
        session,
        citizen,
        role=body.role,
        relative=relative,
        full_name=body.full_name,
        nationality=body.nationality,
        cmnd9=body.cmnd9,
        since=body.valid_from,
        provenance=provenance,
        actor=actor,
    )
