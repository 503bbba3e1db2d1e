"""Written delegations over the API (/api/v1/officer/delegations): the head gives a deputy of the unit
the power to decide named kinds of decision for a term, lists and revokes them (TT 117/2026 Điều 3
khoản 6). The unit's officers may list them; only the head gives or revokes (competence.actions)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.clock import today_vn
from dancu.competence import actions as competence
from dancu.competence import queries
from dancu.competence.schemas import (
    DelegationIn,
    DelegationListOut,
    DelegationOut,
    RevocationIn,
    delegation_out,
)
from dancu.identity import delegations
from dancu.web.deps import DbSession, Requires
from dancu.web.params import RowId
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1/officer/delegations", tags=["delegations"])

Manager = Annotated[Actor, Depends(Requires(Permission.DELEGATION_MANAGE))]


@router.get("", response_model=DelegationListOut)
async def unit_delegations(actor: Manager, session: DbSession) -> DelegationListOut:
    found = await queries.unit_delegations(session, actor)
    today = today_vn()
    return DelegationListOut(items=[delegation_out(d, today=today) for d in found])


@router.post("", status_code=201, response_model=DelegationOut)
async def give(body: DelegationIn, actor: Manager, session: DbSession) -> DelegationOut:
    delegation = await delegations.delegate(session, **body.model_dump(), actor=actor)
    return delegation_out(delegation, today=today_vn())


@router.post("/{delegation_id}/revocation", response_model=DelegationOut)
async def revoke(
    delegation_id: RowId, body: RevocationIn, actor: Manager, session: DbSession
) -> DelegationOut:
    delegation = await queries.unit_delegation(session, delegation_id, actor)
    await competence.revoke_delegation(session, delegation, reason=body.reason, actor=actor)
    return delegation_out(delegation, today=today_vn())
