"""Portal accounts of k2/k3 organisations over the API (NĐ 69/2024 Điều 12): the legal
representative asks from their own level-2 e-ID; an officer with ``ORG_REGISTER`` approves or refuses.

Individuals (k4) need no such account: they act through their own citizen e-ID account.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from dancu.access.actor import Actor
from dancu.access.models import PortalAccountRequest, PortalRequestStatus
from dancu.access.permissions import Permission
from dancu.organisations import actions, queries
from dancu.organisations.api import Registrar, organisation_out
from dancu.organisations.schemas import (
    OrganisationOut,
    PortalApproveIn,
    PortalRefuseIn,
    PortalRequestIn,
    PortalRequestOut,
)
from dancu.web.deps import DbSession, Requires, RequiresLevel2
from dancu.web.params import RowId
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1/portal-accounts", tags=["access"])
Representative = Annotated[Actor, Depends(RequiresLevel2(Permission.PORTAL_ACCOUNT_REQUEST))]
OwnRequests = Annotated[Actor, Depends(Requires(Permission.PORTAL_ACCOUNT_REQUEST))]


def portal_request_out(request: PortalAccountRequest) -> PortalRequestOut:
    return PortalRequestOut(
        request_id=request.id,
        organisation_name=request.organisation_name,
        tax_code=request.tax_code,
        actor_group=request.actor_group,
        address=request.address,
        representative_role=request.representative_role,
        admin_username=request.admin_username,
        status=request.status.value,
        refusal_reason=request.refusal_reason,
        organisation_id=request.organisation_id,
    )


@router.post("/requests", status_code=201, response_model=PortalRequestOut)
async def request_portal_account(
    body: PortalRequestIn, actor: Representative, session: DbSession
) -> PortalRequestOut:
    """The legal representative asks, from their own level-2 e-ID, for the organisation's account."""
    request = await actions.request_portal_account(session, body, actor=actor)
    return portal_request_out(request)


@router.get("/requests/mine", response_model=list[PortalRequestOut])
async def my_portal_requests(actor: OwnRequests, session: DbSession) -> list[PortalRequestOut]:
    found = await queries.portal_requests(session, requester_account_id=actor.account_id or -1)
    return [portal_request_out(r) for r in found]


@router.get("/requests", response_model=list[PortalRequestOut])
async def portal_requests(
    actor: Registrar, session: DbSession, status: PortalRequestStatus | None = PortalRequestStatus.PENDING
) -> list[PortalRequestOut]:
    return [portal_request_out(r) for r in await queries.portal_requests(session, status=status)]


@router.post("/requests/{request_id}/approve", response_model=OrganisationOut)
async def approve_portal_request(
    request_id: RowId, body: PortalApproveIn, actor: Registrar, session: DbSession
) -> OrganisationOut:
    request = await queries.portal_request_by_id(session, request_id)
    organisation, admin = await actions.approve_portal_request(session, request, body, actor=actor)
    return organisation_out(organisation, admin)


@router.post("/requests/{request_id}/refuse", response_model=PortalRequestOut)
async def refuse_portal_request(
    request_id: RowId, body: PortalRefuseIn, actor: Registrar, session: DbSession
) -> PortalRequestOut:
    request = await queries.portal_request_by_id(session, request_id)
    refused = await actions.refuse_portal_request(session, request, reason=body.reason, actor=actor)
    return portal_request_out(refused)
