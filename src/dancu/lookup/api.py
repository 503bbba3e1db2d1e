"""k1 lookup (NĐ 70 Điều 10 khoản 1) and yes/no verification (B7) over the API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.lookup import use_cases
from dancu.lookup.schemas import BatchIn, BatchOut, LookupIn, LookupOut, VerifyIn, VerifyOut
from dancu.web.deps import DbSession, Requires
from dancu.web.transaction import UnitOfWorkRoute, commit_then_refuse

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1", tags=["lookup"])

Looker = Annotated[Actor, Depends(Requires(Permission.LOOKUP))]
Verifier = Annotated[Actor, Depends(Requires(Permission.VERIFY))]


@router.post("/lookup", response_model=LookupOut)
async def lookup(body: LookupIn, actor: Looker, session: DbSession) -> LookupOut:
    answer = await use_cases.lookup(session, body, actor=actor)
    return answer


@router.post("/lookup/batch", response_model=BatchOut)
async def lookup_batch(body: BatchIn, actor: Looker, session: DbSession) -> BatchOut:
    """Up to 100 people; each found person gets its own receipt, the others ``found: false``."""
    answer = await use_cases.lookup_batch(session, body, actor=actor)
    return answer


@router.post("/verify", response_model=VerifyOut, response_model_exclude_none=True)
async def verify(body: Annotated[VerifyIn, Body()], actor: Verifier, session: DbSession) -> VerifyOut:
    try:
        answer = await use_cases.verify(session, body, actor=actor)
    except use_cases.RefusedQuestion:
        await commit_then_refuse(session)  # the refused question stays logged and counted
        raise
    return answer
