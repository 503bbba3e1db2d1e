"""k1 lookup (NĐ 70 Điều 10 khoản 1) and yes/no verification (B7) over the API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Response
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.audit.deps import LogGroup
from dancu.audit.group import GroupCommit
from dancu.lookup import use_cases
from dancu.lookup.models import AskStatus, VerificationAsk
from dancu.lookup.schemas import (
    AskDecisionIn,
    AskOut,
    AskState,
    BatchIn,
    BatchOut,
    LookupIn,
    LookupOut,
    MyAskOut,
    Question,
    VerifyIn,
    VerifyOut,
)
from dancu.web.deps import DbSession, ReadSession, Requires, RequiresForRead, RequiresKept
from dancu.web.transaction import UnitOfWorkRoute, commit_then_refuse

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1", tags=["lookup"])

# Lookups only read (their log entries go through the group commit): the caller is checked in the
# route's own read-only unit of work.
Looker = Annotated[Actor, Depends(RequiresForRead(Permission.LOOKUP))]
Verifier = Annotated[Actor, Depends(Requires(Permission.VERIFY))]
# A yes/no question needs only the caller's actor: a bearer session's may be kept (docs/adr/0017),
# which lets the verification's hot path answer the session's next questions.
Asker = Annotated[Actor, Depends(RequiresKept(Permission.VERIFY))]
Subject = Annotated[Actor, Depends(Requires(Permission.CONSENT_DECIDE))]
AskRef = Annotated[str, Path(pattern=r"^XT-[0-9]{4}-[0-9A-F]{8}$")]
STATE = {
    AskStatus.PENDING: AskState.PENDING,
    AskStatus.APPROVED: AskState.PENDING,
    AskStatus.ANSWERED: AskState.ANSWERED,
    AskStatus.DECLINED: AskState.REFUSED,
    AskStatus.LAPSED: AskState.REFUSED,
}


async def lookup(
    body: LookupIn, actor: Actor, session: AsyncSession, group: GroupCommit | None = None
) -> LookupOut:
    """The k1 lookup as the API and the agency portal answer it (the portal passes no ``group``:
    its entry is appended in its own unit of work)."""
    answer = await use_cases.lookup(session, body, actor=actor, group=group)
    return answer


# A lookup writes nothing but its access-log entries: it reads in a read-only unit of work and the
# group commit makes the entries durable before the answer is built.
@router.post("/lookup", response_model=LookupOut, name="lookup")
async def lookup_route(body: LookupIn, actor: Looker, session: ReadSession, group: LogGroup) -> LookupOut:
    return await lookup(body, actor, session, group)


@router.post("/lookup/batch", response_model=BatchOut)
async def lookup_batch(body: BatchIn, actor: Looker, session: ReadSession, group: LogGroup) -> BatchOut:
    """Up to 100 people; each found person gets its own receipt, the others ``found: false``."""
    answer = await use_cases.lookup_batch(session, body, actor=actor, group=group)
    return answer


@router.post("/verify", response_model=VerifyOut, response_model_exclude_none=True)
async def verify(body: Annotated[VerifyIn, Body()], actor: Asker, session: DbSession) -> VerifyOut:
    try:
        answer = await use_cases.verify(session, body, actor=actor)
    except use_cases.RefusedQuestion:
        await commit_then_refuse(session)  # the refused question stays logged and counted
        raise
    return answer


def _ask_out(ask: VerificationAsk) -> AskOut:
    return AskOut(
        ref=ask.ref,
        status=STATE[ask.status],
        question=Question(ask.question),
        permit=ask.permit_number,
        expires_at=ask.expires_at,
        poll=f"/api/v1/verify/consent-requests/{ask.ref}",
        answer=ask.answer,
        receipt=ask.receipt_event_id,
        fee_receipt=ask.fee_receipt_id,
    )


@router.post(
    "/verify/consent-requests", status_code=202, response_model=AskOut, response_model_exclude_none=True
)
async def ask_consent(
    body: Annotated[VerifyIn, Body()], actor: Verifier, session: DbSession, response: Response
) -> AskOut:
    """A yes/no question under a permit, waiting for the subject's one-off consent (domain.md §3.7):
    202 with the address to poll; answered after the subject agrees, refused on decline or lapse."""
    try:
        ask = await use_cases.ask_consent(session, body, actor=actor)
    except use_cases.RefusedQuestion:
        await commit_then_refuse(session)
        raise
    response.headers["Location"] = f"/api/v1/verify/consent-requests/{ask.ref}"
    return _ask_out(ask)


@router.get("/verify/consent-requests/{ask_ref}", response_model=AskOut, response_model_exclude_none=True)
async def poll_ask(ask_ref: AskRef, actor: Verifier, session: DbSession) -> AskOut:
    ask = await use_cases.poll_ask(session, ask_ref, actor=actor)
    return _ask_out(ask)


@router.get("/eid/me/verification-asks", response_model=list[MyAskOut])
async def my_asks(actor: Subject, session: DbSession) -> list[MyAskOut]:
    """Questions waiting for my one-off consent (the identity app)."""
    found = await use_cases.my_asks(session, actor=actor)
    return [
        MyAskOut(
            ref=a.ref,
            requester=a.requester_label,
            question=Question(a.question),
            purpose=a.purpose,
            fields=a.fields,
            permit=a.permit_number,
            expires_at=a.expires_at,
        )
        for a in found
    ]


@router.post("/eid/me/verification-asks", status_code=204)
async def decide_ask(body: AskDecisionIn, actor: Subject, session: DbSession) -> Response:
    """I agree to (or decline) one question; the requester's next poll gets the answer or a refusal."""
    await use_cases.decide_ask(session, body.ref, approve=body.approve, actor=actor)
    return Response(status_code=204)
