"""Officer API of the register: procedures of NĐ 70 Điều 5, 6, 11 and the bitemporal reads."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.audit.actions import record_read
from dancu.registry import policies, queries
from dancu.registry.actions import births, households, items, pins, relations, residence
from dancu.registry.actions.core import Provenance
from dancu.registry.enums import HouseholdRelation, Item, Source
from dancu.registry.models import Citizen, Household
from dancu.registry.schemas import (
    AbsenceIn,
    AdjustIn,
    BirthIn,
    CardIn,
    CollectIn,
    CreatedOut,
    DeathIn,
    FactOut,
    HeadChangeIn,
    HouseholdMemberOut,
    HouseholdOut,
    ItemChangeIn,
    ItemOut,
    MemberMoveIn,
    NewHouseholdIn,
    PartialDateText,
    PinChangeIn,
    RecordOut,
    RelationIn,
    ResidenceIn,
    ResidenceRemovalIn,
    SearchOut,
    SplitIn,
)
from dancu.registry.views import SUMMARY_FIELDS, record_out, summary
from dancu.web.deps import DbSession, Requires, language
from dancu.web.params import RowCursor

router = APIRouter(prefix="/api/v1/registry", tags=["registry"])

PinPath = Annotated[str, Path(pattern=r"^[0-9]{12}$", description="Số định danh cá nhân (12 chữ số)")]
HouseholdPath = Annotated[str, Path(min_length=1, max_length=20)]
PURPOSE = "Quản lý dân cư (NĐ 70/2024 Điều 5, 6)"


async def _citizen(session: DbSession, pin: str, actor: Actor) -> Citizen:
    citizen = await queries.citizen_by_pin(session, pin)
    policies.ensure_citizen_in_territory(actor, citizen)
    return citizen


def _provenance(body: object, source: Source) -> Provenance:
    return Provenance(
        source=source,
        legal_basis=getattr(body, "legal_basis", None),
        dossier_number=getattr(body, "dossier_number", None),
    )


@router.post("/births", status_code=201, response_model=CreatedOut)
async def register_birth(
    body: BirthIn, session: DbSession, actor: Annotated[Actor, Depends(Requires(Permission.BIRTH_REGISTER))]
) -> CreatedOut:
    citizen = await births.register_birth(session, body, actor=actor)
    await session.commit()
    return CreatedOut(citizen_id=citizen.id, pin=citizen.pin)


@router.post("/citizens/collect", status_code=201, response_model=CreatedOut)
async def collect(
    body: CollectIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_COLLECT))],
) -> CreatedOut:
    citizen = await births.collect(session, body, actor=actor)
    await session.commit()
    return CreatedOut(citizen_id=citizen.id, pin=citizen.pin)


@router.get("/citizens", response_model=SearchOut)
async def search(
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_SEARCH))],
    name: Annotated[str, Query(min_length=2, max_length=200)],
    dob: Annotated[PartialDateText | None, Query()] = None,
    after: Annotated[RowCursor | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchOut:
    found = await queries.search_citizens(
        session, name=name, dob=dob, after_id=after, limit=limit, **policies.search_scope(actor)
    )
    for citizen in found:
        await record_read(session, actor=actor, citizen_id=citizen.id, fields=SUMMARY_FIELDS, purpose=PURPOSE)
    await session.commit()
    next_after = found[-1].id if len(found) == limit else None
    return SearchOut(results=[summary(c) for c in found], next_after=next_after)


@router.get("/citizens/{pin}", response_model=RecordOut)
async def read_record(
    pin: PinPath,
    request: Request,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_READ))],
    as_of: Annotated[dt.date | None, Query(description="Valid date D (default today)")] = None,
    known_at: Annotated[dt.date | None, Query(description="As the register knew it on date K")] = None,
) -> RecordOut:
    """The whole record as it stood on ``as_of``, as the register knew it on ``known_at``."""
    citizen = await _citizen(session, pin, actor)
    view = await queries.record_as_of(session, citizen.id, valid_on=as_of, known_at=known_at)
    fields = [i.value for i in view.single] + [i.value for i in view.keyed]
    await record_read(session, actor=actor, citizen_id=citizen.id, fields=fields, purpose=PURPOSE)
    await session.commit()
    return record_out(citizen, view, language(request))


@router.get("/citizens/{pin}/items/{item}", response_model=ItemOut)
async def read_item(
    pin: PinPath,
    item: Item,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_READ))],
    key: Annotated[str, Query(max_length=80)] = "",
    as_of: Annotated[dt.date | None, Query(description="Valid date D (default today)")] = None,
    known_at: Annotated[dt.date | None, Query(description="As the register knew it on date K")] = None,
) -> ItemOut:
    """One item on ``as_of`` as known on ``known_at``, with the fact that says so."""
    citizen = await _citizen(session, pin, actor)
    fact = await queries.item_as_of(session, citizen.id, item, key=key, valid_on=as_of, known_at=known_at)
    day, instant = queries.as_of_bounds(as_of, known_at)
    await record_read(session, actor=actor, citizen_id=citizen.id, fields=[item.value], purpose=PURPOSE)
    await session.commit()
    return ItemOut(
        item=item,
        key=key,
        valid_on=day,
        known_at=instant,
        value=fact.value if fact else None,
        fact=FactOut.model_validate(fact, from_attributes=True) if fact else None,
    )


@router.get("/citizens/{pin}/history", response_model=list[FactOut])
async def history(
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_HISTORY))],
    item: Item | None = None,
) -> list[FactOut]:
    citizen = await _citizen(session, pin, actor)
    facts = [f for f in await queries.timeline(session, citizen.id) if item is None or f.item is item]
    await record_read(
        session,
        actor=actor,
        citizen_id=citizen.id,
        fields=sorted({f.item.value for f in facts}),
        purpose=PURPOSE,
    )
    await session.commit()
    return [FactOut.model_validate(f, from_attributes=True) for f in facts]


@router.post("/citizens/{pin}/updates", status_code=204)
async def update_item(
    pin: PinPath,
    body: ItemChangeIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_UPDATE))],
) -> None:
    await items.update_item(session, await _citizen(session, pin, actor), body, actor=actor)
    await session.commit()


@router.post("/citizens/{pin}/adjustments", status_code=204)
async def adjust_item(
    pin: PinPath,
    body: AdjustIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_ADJUST))],
) -> None:
    await items.adjust_item(session, await _citizen(session, pin, actor), body, actor=actor)
    await session.commit()


@router.post("/citizens/{pin}/death", status_code=204)
async def record_death(
    pin: PinPath,
    body: DeathIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.DEATH_RECORD))],
) -> None:
    await items.record_death(session, await _citizen(session, pin, actor), body, actor=actor)
    await session.commit()


@router.post("/citizens/{pin}/cards", status_code=204)
async def record_card(
    pin: PinPath,
    body: CardIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CARD_RECORD))],
) -> None:
    await items.record_card(session, await _citizen(session, pin, actor), body, actor=actor)
    await session.commit()


RESIDENCE_KINDS = {
    "permanent": Item.PERMANENT_RESIDENCE,
    "temporary": Item.TEMPORARY_RESIDENCE,
    "current": Item.CURRENT_PLACE,
}


@router.post("/citizens/{pin}/residence/{kind}", status_code=204)
async def register_residence(
    pin: PinPath,
    kind: Annotated[str, Path(pattern="^(permanent|temporary|current)$")],
    body: ResidenceIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.RESIDENCE_CHANGE))],
) -> None:
    # The person may be moving in from elsewhere: territory is checked on the new address.
    citizen = await queries.citizen_by_pin(session, pin)
    await residence.register(
        session,
        citizen,
        item=RESIDENCE_KINDS[kind],
        address=body.address,
        start=body.start,
        end=body.end,
        file_number=body.residence_file_number,
        provenance=_provenance(body, Source.RESIDENCE_REGISTRATION),
        actor=actor,
    )
    await session.commit()


@router.post("/citizens/{pin}/residence-removals", status_code=204)
async def remove_residence(
    pin: PinPath,
    body: ResidenceRemovalIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.RESIDENCE_CHANGE))],
) -> None:
    citizen = await _citizen(session, pin, actor)
    provenance = Provenance(
        source=Source.RESIDENCE_REGISTRATION,
        legal_basis=body.legal_basis,
        dossier_number=body.dossier_number,
        reason=body.note or body.reason.value,
    )
    await residence.remove(
        session, citizen, item=body.kind, on=body.on, reason=body.reason, provenance=provenance, actor=actor
    )
    await session.commit()


@router.post("/citizens/{pin}/absences", status_code=204)
async def declare_absence(
    pin: PinPath,
    body: AbsenceIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.RESIDENCE_CHANGE))],
) -> None:
    await residence.declare_absence(
        session,
        await _citizen(session, pin, actor),
        start=body.start,
        end=body.end,
        destination=body.destination,
        reason=body.reason,
        subject_kind=body.subject_kind,
        provenance=_provenance(body, Source.RESIDENCE_REGISTRATION),
        actor=actor,
    )
    await session.commit()


@router.post("/citizens/{pin}/relations", status_code=204)
async def add_relation(
    pin: PinPath,
    body: RelationIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.RELATION_CHANGE))],
) -> None:
    citizen = await _citizen(session, pin, actor)
    relative = await queries.citizen_by_pin(session, body.relative_pin) if body.relative_pin else None
    await relations.add_relation(
        session,
        citizen,
        role=body.role,
        relative=relative,
        full_name=body.full_name,
        nationality=body.nationality,
        cmnd9=body.cmnd9,
        since=body.valid_from,
        provenance=_provenance(body, Source.CIVIL_STATUS),
        actor=actor,
    )
    await session.commit()


@router.post("/citizens/{pin}/pin-reestablishment", response_model=CreatedOut)
async def reestablish_pin(
    pin: PinPath,
    body: PinChangeIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.PIN_MANAGE))],
) -> CreatedOut:
    citizen = await _citizen(session, pin, actor)
    new_pin = await pins.cancel_and_reestablish(
        session,
        citizen,
        reason=body.ground,
        legal_basis=body.legal_basis,
        dossier_number=body.dossier_number,
        note=body.note,
        actor=actor,
    )
    await session.commit()
    return CreatedOut(citizen_id=citizen.id, pin=new_pin)


@router.post("/households", status_code=201, response_model=HouseholdOut)
async def create_household(
    body: NewHouseholdIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.HOUSEHOLD_CHANGE))],
) -> HouseholdOut:
    head = await _citizen(session, body.head_pin, actor)
    household = await households.create(
        session, head, on=body.on, provenance=_provenance(body, Source.RESIDENCE_REGISTRATION), actor=actor
    )
    return await _committed(session, household)


def _household_view(household: Household, members: list[tuple[Citizen, HouseholdRelation]]) -> HouseholdOut:
    return HouseholdOut(
        number=household.number,
        members=[
            HouseholdMemberOut(pin=c.pin, full_name=c.full_name, relation_to_head=r) for c, r in members
        ],
    )


async def _committed(session: DbSession, household: Household) -> HouseholdOut:
    """The household as it now stands, then the one commit of the request."""
    out = _household_view(household, await queries.household_members(session, household.id))
    await session.commit()
    return out


@router.get("/households/{number}", response_model=HouseholdOut)
async def read_household(
    number: HouseholdPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_READ))],
) -> HouseholdOut:
    household = await queries.household_by_number(session, number)
    members = await queries.household_members(session, household.id)
    for citizen, _ in members:
        policies.ensure_citizen_in_territory(actor, citizen)
    for citizen, _ in members:
        await record_read(
            session,
            actor=actor,
            citizen_id=citizen.id,
            fields=[*SUMMARY_FIELDS, "household"],
            purpose=PURPOSE,
        )
    await session.commit()
    return _household_view(household, members)


@router.post("/households/{number}/members", response_model=HouseholdOut)
async def move_member(
    number: HouseholdPath,
    body: MemberMoveIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.HOUSEHOLD_CHANGE))],
) -> HouseholdOut:
    household = await queries.household_by_number(session, number)
    citizen = await _citizen(session, body.pin, actor)
    await households.join(
        session,
        household,
        citizen,
        relation=body.relation_to_head,
        on=body.on,
        provenance=_provenance(body, Source.RESIDENCE_REGISTRATION),
        actor=actor,
    )
    return await _committed(session, household)


@router.post("/households/{number}/head", response_model=HouseholdOut)
async def change_head(
    number: HouseholdPath,
    body: HeadChangeIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.HOUSEHOLD_CHANGE))],
) -> HouseholdOut:
    household = await queries.household_by_number(session, number)
    new_head = await _citizen(session, body.new_head_pin, actor)
    await households.change_head(
        session,
        household,
        new_head,
        old_head_relation=body.old_head_relation,
        on=body.on,
        provenance=_provenance(body, Source.RESIDENCE_REGISTRATION),
        actor=actor,
    )
    return await _committed(session, household)


@router.post("/households/{number}/split", status_code=201, response_model=HouseholdOut)
async def split_household(
    number: HouseholdPath,
    body: SplitIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.HOUSEHOLD_CHANGE))],
) -> HouseholdOut:
    household = await queries.household_by_number(session, number)
    new_head = await _citizen(session, body.new_head_pin, actor)
    members = {await _citizen(session, pin, actor): relation for pin, relation in body.members.items()}
    created = await households.split(
        session,
        household,
        new_head,
        members,
        on=body.on,
        provenance=_provenance(body, Source.RESIDENCE_REGISTRATION),
        actor=actor,
    )
    return await _committed(session, created)
