"""The data subject's rights over the API: the subject's own (/api/v1/eid/me/privacy-requests, no
person in the path), paper requests and decisions by officers (/api/v1/privacy-requests)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.calendar.queries import WorkCalendar, load_calendar
from dancu.exploitation.documents.views import public_base
from dancu.privacy import actions, queries, use_cases
from dancu.privacy.models import PrivacyRequest
from dancu.privacy.schemas import (
    ExtensionIn,
    GrantIn,
    OfficerRightRequestList,
    OfficerRightRequestOut,
    PaperRightRequestIn,
    RefuseIn,
    RestrictionOut,
    RightRequestIn,
    RightRequestList,
    RightRequestOut,
)
from dancu.privacy.views import officer_out, request_out, restriction_out
from dancu.registry.queries import citizen_by_id
from dancu.settings import Settings
from dancu.web.deps import DbSession, Requires
from dancu.web.params import RowId
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["privacy"])

Reference = Annotated[str, Path(pattern=r"^QDL-[0-9]{4}-[0-9]{6,}$")]
FILE = Depends(Requires(Permission.PRIVACY_FILE))
PAPER = Depends(Requires(Permission.PRIVACY_REGISTER_WRITTEN))
DECIDE = Depends(Requires(Permission.PRIVACY_DECIDE))
OWN = "/api/v1/eid/me/privacy-requests"
OFFICER = "/api/v1/privacy-requests"


def _calendar(request: Request) -> WorkCalendar:
    settings: Settings = request.app.state.settings
    return load_calendar(settings.calendar_file)


# --- The subject ------------------------------------------------------------------------------------


@router.get(OWN, response_model=RightRequestList)
async def my_requests(session: DbSession, actor: Annotated[Actor, FILE]) -> RightRequestList:
    found, restrictions = await use_cases.own_list(session, actor=actor)
    return RightRequestList(
        items=[request_out(r) for r in found],
        restrictions=[restriction_out(r) for r in restrictions],
    )


@router.post(OWN, status_code=201, response_model=RightRequestOut)
async def file_mine(
    body: RightRequestIn, request: Request, session: DbSession, actor: Annotated[Actor, FILE]
) -> RightRequestOut:
    filed = await use_cases.file_own(session, body, actor=actor, calendar=_calendar(request))
    return request_out(filed)


@router.get(OWN + "/{reference}", response_model=RightRequestOut)
async def show_mine(
    reference: Reference, session: DbSession, actor: Annotated[Actor, FILE]
) -> RightRequestOut:
    return request_out(await use_cases.own_request(session, reference, actor=actor))


@router.post(OWN + "/{reference}/withdrawal", response_model=RightRequestOut)
async def withdraw_mine(
    reference: Reference, request: Request, session: DbSession, actor: Annotated[Actor, FILE]
) -> RightRequestOut:
    assert actor.citizen_id is not None
    found = await queries.own_by_reference(session, actor.citizen_id, reference)
    await actions.withdraw(session, found, actor=actor, base_url=public_base(request))
    return request_out(found)


@router.post("/api/v1/eid/me/privacy-restrictions/{restriction_id}/lift", response_model=RestrictionOut)
async def lift_mine(
    restriction_id: RowId, session: DbSession, actor: Annotated[Actor, FILE]
) -> RestrictionOut:
    """The subject lifts their own restriction or objection; consent is again asked request by request."""
    return restriction_out(await use_cases.lift_own(session, restriction_id, actor=actor))


# --- Officers ---------------------------------------------------------------------------------------


async def _out(session: AsyncSession, found: PrivacyRequest) -> OfficerRightRequestOut:
    return officer_out(found, await citizen_by_id(session, found.citizen_id))


@router.post(OFFICER, status_code=201, response_model=OfficerRightRequestOut)
async def file_paper(
    body: PaperRightRequestIn, request: Request, session: DbSession, actor: Annotated[Actor, PAPER]
) -> OfficerRightRequestOut:
    """A request received on paper, registered for the subject named by PIN and name."""
    filed = await use_cases.file_paper(session, body, actor=actor, calendar=_calendar(request))
    return await _out(session, filed)


@router.get(OFFICER, response_model=OfficerRightRequestList)
async def queue(
    session: DbSession, actor: Annotated[Actor, DECIDE], include_decided: bool = False
) -> OfficerRightRequestList:
    found = await use_cases.officer_queue(session, include_decided=include_decided, actor=actor)
    return OfficerRightRequestList(items=[await _out(session, r) for r in found])


@router.get(OFFICER + "/{reference}", response_model=OfficerRightRequestOut)
async def show(
    reference: Reference, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> OfficerRightRequestOut:
    return await _out(session, await use_cases.officer_request(session, reference, actor=actor))


@router.post(OFFICER + "/{reference}/acknowledgement", response_model=OfficerRightRequestOut)
async def acknowledge(
    reference: Reference, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> OfficerRightRequestOut:
    found = await use_cases.decidable(session, reference, actor=actor)
    await actions.acknowledge(session, found, actor=actor)
    return await _out(session, found)


@router.post(OFFICER + "/{reference}/extension", response_model=OfficerRightRequestOut)
async def extend(
    reference: Reference,
    body: ExtensionIn,
    request: Request,
    session: DbSession,
    actor: Annotated[Actor, DECIDE],
) -> OfficerRightRequestOut:
    found = await use_cases.decidable(session, reference, actor=actor)
    await actions.extend(session, found, body, actor=actor, calendar=_calendar(request))
    return await _out(session, found)


@router.post(OFFICER + "/{reference}/grant", response_model=OfficerRightRequestOut)
async def grant(
    reference: Reference, body: GrantIn, request: Request, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> OfficerRightRequestOut:
    found = await use_cases.decidable(session, reference, actor=actor)
    await actions.grant(session, found, body, actor=actor, base_url=public_base(request))
    return await _out(session, found)


@router.post(OFFICER + "/{reference}/refusal", response_model=OfficerRightRequestOut)
async def refuse(
    reference: Reference,
    body: RefuseIn,
    request: Request,
    session: DbSession,
    actor: Annotated[Actor, DECIDE],
) -> OfficerRightRequestOut:
    found = await use_cases.decidable(session, reference, actor=actor)
    await actions.refuse(session, found, body, actor=actor, base_url=public_base(request))
    return await _out(session, found)
