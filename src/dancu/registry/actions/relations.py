"""Family relations (item 15): reciprocal links between people in the register, no cycles."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.actions import lock_chains
from dancu.audit.models import EventType
from dancu.enums.registry import ChangeKind, Item, RelationRole
from dancu.errors import invalid
from dancu.registry.actions.core import Change, Provenance, write
from dancu.registry.models import Citizen
from dancu.registry.partial_date import PartialDate
from dancu.registry.policies import ensure_citizen_in_territory
from dancu.registry.queries import citizen_by_pin, record_as_of
from dancu.registry.schemas import ParentIn

PARENT_ROLES = (RelationRole.FATHER, RelationRole.MOTHER)
# Roles of which a person has at most one at a time: the key is the role itself.
SINGLE_SLOT = (RelationRole.FATHER, RelationRole.MOTHER)


def relation_key(role: RelationRole, *, citizen_id: int | None, full_name: str) -> str:
    if role in SINGLE_SLOT:
        return role.value
    if citizen_id is not None:
        return f"{role.value}:{citizen_id}"
    # Relatives outside the register are keyed by their name, so re-recording them is idempotent.
    return f"{role.value}:n{hashlib.sha256(full_name.encode()).hexdigest()[:10]}"


def _reciprocal(role: RelationRole, relative_sex: str) -> RelationRole:
    """The role the *other* person gets: my father has me as CHILD; my child has me as FATHER/MOTHER."""
    if role in PARENT_ROLES:
        return RelationRole.CHILD
    if role is RelationRole.CHILD:
        return RelationRole.FATHER if relative_sex == "1" else RelationRole.MOTHER
    return role.reciprocal_candidates[0]


async def resolve_parents(
    session: AsyncSession, parents: list[tuple[RelationRole, ParentIn]], *, actor: Actor
) -> list[tuple[RelationRole, ParentIn, Citizen | None]]:
    """The parents (and legal representative) a birth names, each inside the officer's territory.

    A birth is registered where the child resides (NĐ 70 Điều 11 khoản 2); naming a parent by PIN
    writes the reciprocal link (the child) into the parent's record, and a record outside the
    officer's territory is another commune's to change (NĐ 70 Điều 5). So a parent whose record is
    elsewhere is refused (403 naming ``father.pin``, ``mother.pin`` or ``legal_representative.pin``)
    rather than linked one way or written without authority: the officer registers the birth with
    the parent's name and nationality — all the civil-status data must carry — and the link to the
    parent's record is made by an officer whose territory holds both records.
    """
    resolved = []
    for role, parent in parents:
        relative = await citizen_by_pin(session, parent.pin) if parent.pin else None
        if relative is not None:
            ensure_citizen_in_territory(actor, relative, field=f"{role.value}.pin")
        resolved.append((role, parent, relative))
    return resolved


async def ancestors(session: AsyncSession, citizen_id: int, *, limit: int = 64) -> set[int]:
    """Ids of the person's registered ancestors (parents, their parents, …)."""
    seen: set[int] = set()
    frontier = [citizen_id]
    while frontier and len(seen) < limit:
        view = await record_as_of(session, frontier.pop())
        for role in PARENT_ROLES:
            parent = view.entries(Item.RELATION).get(role.value)
            if parent and parent.get("citizen_id") and parent["citizen_id"] not in seen:
                seen.add(parent["citizen_id"])
                frontier.append(parent["citizen_id"])
    return seen


async def _check_parentage(session: AsyncSession, child: Citizen, parent: Citizen) -> None:
    if parent.id == child.id or child.id in await ancestors(session, parent.id):
        raise invalid("relative_pin", "relation.own_ancestor")
    if (
        child.dob
        and parent.dob
        and PartialDate.parse(parent.dob).latest >= PartialDate.parse(child.dob).earliest
    ):
        raise invalid("relative_pin", "relation.parent_not_older")


def _value(
    role: RelationRole, relative: Citizen | None, full_name: str, nationality: str, cmnd9: str | None
) -> dict[str, object]:
    value: dict[str, object] = {
        "role": role.value,
        "full_name": relative.full_name if relative else full_name,
    }
    value["nationality"] = nationality
    if relative is not None:
        value |= {"citizen_id": relative.id, "pin": relative.pin}
    if cmnd9:
        value["cmnd9"] = cmnd9
    return value


async def add_relation(
    session: AsyncSession,
    citizen: Citizen,
    *,
    role: RelationRole,
    relative: Citizen | None,
    full_name: str | None,
    nationality: str = "VN",
    cmnd9: str | None = None,
    since: dt.date | None,
    provenance: Provenance,
    actor: Actor,
) -> None:
    """Record a relative; when the relative is in the register, write the reciprocal link too.

    The reciprocal link changes the relative's record, so the relative must be inside the actor's
    territory like the person (checked here, before any rule that would read the relative's record).
    """
    if relative is None and not full_name:
        raise invalid("full_name", "missing")
    if relative is not None:
        ensure_citizen_in_territory(actor, relative, field="relative_pin")
        if role in PARENT_ROLES:
            await _check_parentage(session, citizen, relative)
        elif role is RelationRole.CHILD:
            await _check_parentage(session, relative, citizen)
        elif relative.id == citizen.id:
            raise invalid("relative_pin", "relation.self")
    if relative is not None:  # both sides are logged: take their chains in one order (ADR 0004)
        await lock_chains(session, subject_ids=[citizen.id, relative.id], actor=actor)
    name = relative.full_name if relative else str(full_name)
    key = relation_key(role, citizen_id=relative.id if relative else None, full_name=name)
    change = Change(
        Item.RELATION,
        _value(role, relative, name, nationality, cmnd9),
        key=key,
        valid_from=since,
        ref_id=relative.id if relative else None,
    )
    await write(
        session,
        citizen,
        [change],
        kind=ChangeKind.UPDATE,
        provenance=provenance,
        actor=actor,
        event_type=EventType.RELATION_CHANGED,
        event_data={"role": role.value},
    )
    if relative is not None:
        back = _reciprocal(role, citizen.sex.value)
        back_key = relation_key(back, citizen_id=citizen.id, full_name=citizen.full_name)
        back_change = Change(
            Item.RELATION,
            _value(back, citizen, citizen.full_name, "VN", None),
            key=back_key,
            valid_from=since,
            ref_id=citizen.id,
        )
        await write(
            session,
            relative,
            [back_change],
            kind=ChangeKind.UPDATE,
            provenance=provenance,
            actor=actor,
            event_type=EventType.RELATION_CHANGED,
            event_data={"role": back.value, "reciprocal": True},
        )


async def link_parents(
    session: AsyncSession,
    child: Citizen,
    parents: list[tuple[RelationRole, ParentIn, Citizen | None]],
    *,
    since: dt.date,
    provenance: Provenance,
    actor: Actor,
) -> None:
    for role, parent, relative in parents:
        await add_relation(
            session,
            child,
            role=role,
            relative=relative,
            full_name=parent.full_name,
            nationality=parent.nationality,
            since=since,
            provenance=provenance,
            actor=actor,
        )


async def end_relation(
    session: AsyncSession, citizen: Citizen, *, key: str, on: dt.date, provenance: Provenance, actor: Actor
) -> None:
    """End a relation from a date (divorce, end of representation); history keeps the old link."""
    view = await record_as_of(session, citizen.id, valid_on=on)
    current = view.entries(Item.RELATION).get(key)
    if current is None:
        raise invalid("key", "relation.not_found")
    changes = [Change(Item.RELATION, None, key=key, valid_from=on)]
    await write(
        session,
        citizen,
        changes,
        kind=ChangeKind.UPDATE,
        provenance=provenance,
        actor=actor,
        event_type=EventType.RELATION_CHANGED,
        event_data={"ended": key},
    )
