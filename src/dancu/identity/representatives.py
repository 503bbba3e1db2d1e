"""Legal representatives (NĐ 69 Điều 14; Luật Căn cước Điều 5 khoản 4): a parent of a child under 14,
or a person's legal representative, acts for them in the identity app.

Representation is read from the register in both directions: the representative's record names the
person (``child:<id>`` or ``represented_person:<id>``) and the person's record names the
representative back (``father``/``mother`` or ``legal_representative:<id>``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.clock import today_vn
from dancu.enums.registry import Item, LifeStatus, RelationRole
from dancu.errors import Forbidden, NotFound
from dancu.registry.history import RecordView
from dancu.registry.models import Citizen
from dancu.registry.partial_date import PartialDate
from dancu.registry.queries import citizen_by_id, citizens_by_ids, record_as_of, records_now

CHILD_AGE_LIMIT = 14
_FORWARD = {RelationRole.CHILD.value, RelationRole.REPRESENTED_PERSON.value}
Basis = Literal["parent", "legal_representative"]  # why the representative may act for the person


@dataclass(frozen=True)
class Represented:
    citizen_id: int
    full_name: str
    basis: Basis


def _under(dob: str, years: int) -> bool:
    born = PartialDate.parse(dob).latest if dob else dt.date.min
    today = today_vn()
    return (today.year - born.year - ((today.month, today.day) < (born.month, born.day))) < years


async def _basis(session: AsyncSession, representative_id: int, person: Citizen) -> Basis | None:
    """Why ``representative_id`` may act for ``person``, or None."""
    if person.status is not LifeStatus.ALIVE:  # no read for whom nobody can act
        return None
    return _basis_in(representative_id, person, await record_as_of(session, person.id))


def _basis_in(representative_id: int, person: Citizen, record: RecordView) -> Basis | None:
    """Why ``representative_id`` may act for ``person`` by ``record``, the person's record now."""
    if person.status is not LifeStatus.ALIVE:
        return None
    for key, value in record.entries(Item.RELATION).items():
        if value.get("citizen_id") != representative_id:
            continue
        role = key.split(":")[0]
        if role == RelationRole.LEGAL_REPRESENTATIVE.value:
            return "legal_representative"
        if role in (RelationRole.FATHER.value, RelationRole.MOTHER.value) and _under(
            person.dob, CHILD_AGE_LIMIT
        ):
            return "parent"
    return None


async def _named_by(session: AsyncSession, representative_id: int) -> set[int]:
    """Ids of the people the representative's own record names as a child or a represented person."""
    return _named_in(await record_as_of(session, representative_id))


def _named_in(own: RecordView) -> set[int]:
    relations = own.entries(Item.RELATION)
    return {
        int(v["citizen_id"])
        for k, v in relations.items()
        if k.split(":")[0] in _FORWARD and v.get("citizen_id")
    }


async def represented_by(
    session: AsyncSession, representative_id: int, *, own: RecordView | None = None
) -> list[Represented]:
    """The people this citizen may act for, by id. ``own``: the representative's record now, when
    the caller has just read it (the identity app's home page). The people named are read at once,
    their records' relations in one statement, however many children a parent has."""
    named = sorted(_named_in(own) if own is not None else await _named_by(session, representative_id))
    if not named:
        return []
    people = {c.id: c for c in await citizens_by_ids(session, named)}
    records = await records_now(session, named, items=[Item.RELATION.value])
    result = []
    for person in (people[i] for i in named if i in people):  # a name without a person: nobody
        basis = _basis_in(representative_id, person, records[person.id])
        if basis is not None:
            result.append(Represented(person.id, person.full_name, basis))
    return result


async def ensure_represents(session: AsyncSession, representative_id: int, person_id: int) -> Citizen:
    """The represented person, or 403 — the same answer whether or not ``person_id`` exists.

    Both records must say so: the person's names the representative (``father``/``mother`` of a
    child under 14, or ``legal_representative``) and the representative's names the person back
    (``child`` or ``represented_person``). A link written into one record only — legacy data, or
    a relation recorded without authority over the other record — represents no one.
    """
    try:
        person = await citizen_by_id(session, person_id)
    except NotFound as exc:  # the same answer: do not tell a stranger whether the id exists
        raise Forbidden("eid.not_representative") from exc
    if person_id not in await _named_by(session, representative_id):
        raise Forbidden("eid.not_representative")
    if await _basis(session, representative_id, person) is None:
        raise Forbidden("eid.not_representative")
    return person


async def parent_in_both_records(session: AsyncSession, parent_id: int, person_id: int) -> bool:
    """Both records name the two as parent and child, whatever the child's age: a parent asking for
    something only a younger child may have is told the age rule, not "you are no representative"."""
    if person_id not in await _named_by(session, parent_id):
        return False
    parents = {RelationRole.FATHER.value, RelationRole.MOTHER.value}
    relations = (await record_as_of(session, person_id)).entries(Item.RELATION)
    return any(v.get("citizen_id") == parent_id and k.split(":")[0] in parents for k, v in relations.items())
