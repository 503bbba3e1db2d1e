"""The breach register over the API (/api/v1/privacy/breaches): record, update measures, notify
the authority within 72 hours (a signed notice), close. Breaches name categories, not people."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.exploitation.documents.views import public_base
from dancu.privacy import breach_actions, queries
from dancu.privacy.schemas import BreachIn, BreachList, BreachNoticeIn, BreachOut, MeasuresIn
from dancu.privacy.views import breach_out
from dancu.web.deps import DbSession, Requires
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["privacy"])
MANAGE = Depends(Requires(Permission.BREACH_MANAGE))
BreachRef = Annotated[str, Path(pattern=r"^VP-[0-9]{4}-[0-9]{5,}$")]
BASE = "/api/v1/privacy/breaches"


@router.get(BASE, response_model=BreachList)
async def breaches(
    session: DbSession, actor: Annotated[Actor, MANAGE], include_closed: bool = False
) -> BreachList:
    """Open breaches first, by notification deadline (overdue flagged)."""
    return BreachList(
        items=[breach_out(b) for b in await queries.breaches(session, include_closed=include_closed)]
    )


@router.post(BASE, status_code=201, response_model=BreachOut)
async def record(body: BreachIn, session: DbSession, actor: Annotated[Actor, MANAGE]) -> BreachOut:
    return breach_out(await breach_actions.record_breach(session, body, actor=actor))


@router.get(BASE + "/{reference}", response_model=BreachOut)
async def show(reference: BreachRef, session: DbSession, actor: Annotated[Actor, MANAGE]) -> BreachOut:
    return breach_out(await queries.breach_by_reference(session, reference))


@router.post(BASE + "/{reference}/measures", response_model=BreachOut)
async def measures(
    reference: BreachRef, body: MeasuresIn, session: DbSession, actor: Annotated[Actor, MANAGE]
) -> BreachOut:
    breach = await queries.breach_by_reference(session, reference)
    await breach_actions.update_measures(session, breach, body, actor=actor)
    return breach_out(breach)


@router.post(BASE + "/{reference}/notification", response_model=BreachOut)
async def notify(
    reference: BreachRef,
    body: BreachNoticeIn,
    request: Request,
    session: DbSession,
    actor: Annotated[Actor, MANAGE],
) -> BreachOut:
    breach = await queries.breach_by_reference(session, reference)
    await breach_actions.notify(session, breach, body, actor=actor, base_url=public_base(request))
    return breach_out(breach)


@router.post(BASE + "/{reference}/closure", response_model=BreachOut)
async def close(reference: BreachRef, session: DbSession, actor: Annotated[Actor, MANAGE]) -> BreachOut:
    breach = await queries.breach_by_reference(session, reference)
    await breach_actions.close(session, breach, actor=actor)
    return breach_out(breach)
