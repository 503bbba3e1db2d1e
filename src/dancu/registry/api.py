"""Officer API of the register: procedures of NĐ 70 Điều 5, 6, 11 and the bitemporal reads."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.audit.deps import LogGroup
from dancu.clock import today_vn
from dancu.competence.schemas import ProposalIn, ProposalOut, proposal_out
from dancu.enums.registry import HouseholdRelation, Item, Source
from dancu.registry import queries
from dancu.registry.actions import births
from dancu.registry.actions.core import Provenance
from dancu.registry.models import Citizen, Household
from dancu.registry.schemas import (
    UNDETERMINED_NATIONALITY,
    UNDETERMINED_PIN_DAYS,
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
    NationalityAcquiredIn,
    NewHouseholdIn,
    PartialDateText,
    PinCancelledOut,
    PinChangeIn,
    RecordOut,
    RelationIn,
    ResidenceIn,
    ResidenceRemovalIn,
    SearchOut,
    SplitIn,
)
from dancu.registry.use_cases import households, people, proposals, reads, writes
from dancu.registry.views import record_out, summary
from dancu.web.deps import DbSession, ReadSession, Requires, RequiresForRead, language
from dancu.web.params import RowCursor
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1/registry", tags=["registry"])

PinPath = Annotated[str, Path(pattern=r"^[0-9]{12}$", description="Số định danh cá nhân (12 chữ số)")]
DossierPath = Annotated[str, Path(min_length=1, max_length=60, pattern=r"^[^/\s][^/]*$")]
HouseholdPath = Annotated[str, Path(min_length=1, max_length=20)]


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
    return CreatedOut(citizen_id=citizen.id, pin=citizen.pin)


@router.post("/citizens/collect", status_code=201, response_model=CreatedOut)
async def collect(
    body: CollectIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_COLLECT))],
) -> CreatedOut:
    citizen = await births.collect(session, body, actor=actor)
    if UNDETERMINED_NATIONALITY in body.nationality:  # NĐ 70 Điều 24 khoản 7: due in 15 days, met now
        today = today_vn()
        return CreatedOut(
            citizen_id=citizen.id,
            pin=citizen.pin,
            pin_due_on=today + dt.timedelta(days=UNDETERMINED_PIN_DAYS),
            pin_established_on=today,
        )
    return CreatedOut(citizen_id=citizen.id, pin=citizen.pin)


# A search writes nothing but its access-log entries: it reads in a read-only unit of work and the
# group commit makes the entries durable before the page is answered (docs/adr/0017).
@router.get("/citizens", response_model=SearchOut)
async def search(
    session: ReadSession,
    actor: Annotated[Actor, Depends(RequiresForRead(Permission.CITIZEN_SEARCH))],
    group: LogGroup,
    name: Annotated[str, Query(min_length=2, max_length=200)],
    dob: Annotated[PartialDateText | None, Query()] = None,
    after: Annotated[RowCursor | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchOut:
    found = await reads.search(
        session, name=name, dob=dob, after_id=after, limit=limit, actor=actor, group=group
    )
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
    citizen, view = await reads.read_record(session, pin, valid_on=as_of, known_at=known_at, actor=actor)
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
    _, fact = await reads.read_item(
        session, pin, item, key=key, valid_on=as_of, known_at=known_at, actor=actor
    )
    day, instant = queries.as_of_bounds(as_of, known_at)
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
    _, facts = await reads.read_history(session, pin, item=item, actor=actor)
    return [FactOut.model_validate(f, from_attributes=True) for f in facts]


@router.post("/citizens/{pin}/updates", status_code=204)
async def update_item(
    pin: PinPath,
    body: ItemChangeIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_UPDATE))],
) -> None:
    await writes.update_item(session, pin, body, actor=actor)


@router.post("/citizens/{pin}/adjustments", status_code=204)
async def adjust_item(
    pin: PinPath,
    body: AdjustIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_ADJUST))],
) -> None:
    await writes.adjust_item(session, pin, body, actor=actor)


@router.post("/citizens/{pin}/death", status_code=204)
async def record_death(
    pin: PinPath,
    body: DeathIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.DEATH_RECORD))],
) -> None:
    await writes.record_death(session, pin, body, actor=actor)


@router.post("/citizens/{pin}/cards", status_code=204)
async def record_card(
    pin: PinPath,
    body: CardIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CARD_RECORD))],
) -> None:
    await writes.record_card(session, pin, body, actor=actor)


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
    await writes.register_residence(session, pin, RESIDENCE_KINDS[kind], body, actor=actor)


@router.post("/citizens/{pin}/residence-removals", status_code=204)
async def remove_residence(
    pin: PinPath,
    body: ResidenceRemovalIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.RESIDENCE_CHANGE))],
) -> None:
    await writes.remove_residence(session, pin, body, actor=actor)


@router.post("/citizens/{pin}/absences", status_code=204)
async def declare_absence(
    pin: PinPath,
    body: AbsenceIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.RESIDENCE_CHANGE))],
) -> None:
    await writes.declare_absence(session, pin, body, actor=actor)


@router.post("/citizens/{pin}/relations", status_code=204)
async def add_relation(
    pin: PinPath,
    body: RelationIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.RELATION_CHANGE))],
) -> None:
    await people.relate(session, pin, body, provenance=_provenance(body, Source.CIVIL_STATUS), actor=actor)


@router.post("/citizens/{pin}/pin-reestablishment", response_model=CreatedOut)
async def reestablish_pin(
    pin: PinPath,
    body: PinChangeIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.PIN_MANAGE))],
) -> CreatedOut:
    citizen, new_pin = await writes.reestablish_pin(session, pin, body, actor=actor)
    return CreatedOut(citizen_id=citizen.id, pin=new_pin)


@router.post("/citizens/{pin}/pin-cancellation", response_model=PinCancelledOut)
async def cancel_pin_on_nationality(
    pin: PinPath,
    body: NationalityAcquiredIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.PIN_MANAGE))],
) -> PinCancelledOut:
    citizen, new_pin = await writes.cancel_pin_on_nationality(session, pin, body, actor=actor)
    return PinCancelledOut(citizen_id=citizen.id, cancelled_pin=pin, new_pin=new_pin)


@router.post("/citizens/{pin}/pin-reestablishment/proposal", status_code=201, response_model=ProposalOut)
async def propose_pin_change(
    pin: PinPath,
    body: ProposalIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.PIN_MANAGE))],
) -> ProposalOut:
    """Staff report a proposal to cancel and re-establish the PIN; the head decides (TT 117 Điều 17 k3–4)."""
    _, proposal = await proposals.propose_pin_change(session, pin, body, actor=actor)
    return proposal_out(proposal)


@router.post("/collections/{dossier_number}/proposal", status_code=201, response_model=ProposalOut)
async def propose_collection(
    dossier_number: DossierPath,
    body: ProposalIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_COLLECT))],
) -> ProposalOut:
    """Staff report a proposal on a DC01 dossier; the Trưởng Công an cấp xã approves the collection
    (TT 117/2026 Điều 5 khoản 3 điểm a, khoản 5)."""
    proposal = await proposals.propose_collection(session, dossier_number, body, actor=actor)
    return proposal_out(proposal)


@router.post("/households", status_code=201, response_model=HouseholdOut)
async def create_household(
    body: NewHouseholdIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.HOUSEHOLD_CHANGE))],
) -> HouseholdOut:
    household, members = await households.create_household(
        session, body, provenance=_provenance(body, Source.RESIDENCE_REGISTRATION), actor=actor
    )
    return _household_view(household, members)


def _household_view(household: Household, members: list[tuple[Citizen, HouseholdRelation]]) -> HouseholdOut:
    return HouseholdOut(
        number=household.number,
        members=[
            HouseholdMemberOut(pin=c.pin, full_name=c.full_name, relation_to_head=r) for c, r in members
        ],
    )


@router.get("/households/{number}", response_model=HouseholdOut)
async def read_household(
    number: HouseholdPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_READ))],
) -> HouseholdOut:
    household, members = await households.read_household(session, number, actor=actor)
    return _household_view(household, members)


@router.post("/households/{number}/members", response_model=HouseholdOut)
async def move_member(
    number: HouseholdPath,
    body: MemberMoveIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.HOUSEHOLD_CHANGE))],
) -> HouseholdOut:
    household, members = await households.move_member(
        session, number, body, provenance=_provenance(body, Source.RESIDENCE_REGISTRATION), actor=actor
    )
    return _household_view(household, members)


@router.post("/households/{number}/head", response_model=HouseholdOut)
async def change_head(
    number: HouseholdPath,
    body: HeadChangeIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.HOUSEHOLD_CHANGE))],
) -> HouseholdOut:
    household, members = await households.change_head(
        session, number, body, provenance=_provenance(body, Source.RESIDENCE_REGISTRATION), actor=actor
    )
    return _household_view(household, members)


@router.post("/households/{number}/split", status_code=201, response_model=HouseholdOut)
async def split_household(
    number: HouseholdPath,
    body: SplitIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.HOUSEHOLD_CHANGE))],
) -> HouseholdOut:
    created, members = await households.split(
        session, number, body, provenance=_provenance(body, Source.RESIDENCE_REGISTRATION), actor=actor
    )
    return _household_view(created, members)
