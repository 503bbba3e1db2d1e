"""Correction requests over the API: the citizen's own (/api/v1/eid/me/corrections, no person in
the path) and the commune police's (/api/v1/corrections)."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.calendar.queries import load_calendar
from dancu.clock import today_vn
from dancu.competence.schemas import ProposalIn, ProposalOut, proposal_out
from dancu.corrections import actions, queries, use_cases
from dancu.corrections.models import CorrectionRequest
from dancu.corrections.policies import held_by_province
from dancu.corrections.schemas import (
    AssignmentIn,
    AssignmentOut,
    AttachmentOut,
    CommuneChoice,
    CorrectionIn,
    CorrectionItemOut,
    CorrectionList,
    CorrectionOut,
    OfficerCorrectionList,
    OfficerCorrectionOut,
    ProofFile,
    RefusalIn,
)
from dancu.errors import invalid
from dancu.geo.queries import assignable_communes
from dancu.registry import queries as registry
from dancu.settings import Settings
from dancu.web.deps import DbSession, Requires
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["corrections"])

Reference = Annotated[str, Path(pattern=r"^DC02-[0-9]{4}-[0-9]{6,}$")]
FILE = Depends(Requires(Permission.CORRECTION_FILE))
DECIDE = Depends(Requires(Permission.CORRECTION_DECIDE))


def app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def correction_out(request: CorrectionRequest) -> CorrectionOut:
    return CorrectionOut(
        reference=request.reference,
        status=request.status,
        reason=request.reason,
        items=[CorrectionItemOut(item=i.item, current=i.current, proposed=i.proposed) for i in request.items],
        attachments=[
            AttachmentOut(filename=a.filename, media_type=a.media_type, size=a.size, sha256=a.sha256)
            for a in request.attachments
        ],
        received_on=request.received_on,
        due_on=request.due_on,
        overdue=queries.overdue(request, today_vn()),
        created_at=request.created_at,
        decided_at=request.decided_at,
        refusal_ground=request.refusal_ground,
        decision_text=request.decision_text,
    )


def proof_file(body: CorrectionIn) -> ProofFile | None:
    if body.proof is None:
        return None
    try:
        content = base64.b64decode(body.proof.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise invalid("proof.content_base64", "correction.proof_base64") from None
    return ProofFile(filename=body.proof.filename, media_type=body.proof.media_type, content=content)


# --- The citizen ------------------------------------------------------------------------------------


@router.get("/api/v1/eid/me/corrections", response_model=CorrectionList)
async def my_corrections(session: DbSession, actor: Annotated[Actor, FILE]) -> CorrectionList:
    found = await use_cases.own_list(session, actor=actor)
    return CorrectionList(items=[correction_out(r) for r in found])


@router.post("/api/v1/eid/me/corrections", status_code=201, response_model=CorrectionOut)
async def file_correction(
    body: CorrectionIn,
    session: DbSession,
    actor: Annotated[Actor, FILE],
    settings: Annotated[Settings, Depends(app_settings)],
) -> CorrectionOut:
    assert actor.citizen_id is not None
    citizen = await registry.citizen_by_id(session, actor.citizen_id)
    request = await actions.file_correction(
        session,
        citizen,
        body,
        actor=actor,
        calendar=load_calendar(settings.calendar_file),
        proof=proof_file(body),
        max_proof_bytes=settings.attachment_max_bytes,
    )
    return correction_out(request)


# --- The commune police ----------------------------------------------------------------------------


async def _officer_out(session: AsyncSession, request: CorrectionRequest) -> OfficerCorrectionOut:
    citizen = await registry.citizen_by_id(session, request.citizen_id)
    base = correction_out(request).model_dump()
    held = held_by_province(request.commune_code) and queries.is_open(request.status)
    units = assignable_communes(request.unit_code, request.unit_version) if held else ()
    assignable = [CommuneChoice(code=u.code, name=u.name) for u in units]
    assignment = (
        AssignmentOut(
            assigned_from=request.assigned_from,
            commune_code=request.commune_code,
            assigned_at=request.assigned_at,
            assigned_by_account_id=request.assigned_by_account_id,
            reason=request.assignment_reason,
        )
        if request.assigned_from and request.assigned_at
        else None
    )
    return OfficerCorrectionOut(
        **base,
        pin=citizen.pin,
        full_name=citizen.full_name,
        commune_code=request.commune_code,
        assignable=assignable,
        assignment=assignment,
    )


async def _decidable(session: AsyncSession, reference: str, actor: Actor) -> CorrectionRequest:
    return await use_cases.decidable(session, reference, actor=actor)


@router.get("/api/v1/corrections", response_model=OfficerCorrectionList)
async def queue(
    session: DbSession, actor: Annotated[Actor, DECIDE], include_decided: bool = False
) -> OfficerCorrectionList:
    """The officer's commune queue, by deadline."""
    found = await use_cases.officer_queue(session, include_decided=include_decided, actor=actor)
    out = [await _officer_out(session, request) for request in found]
    return OfficerCorrectionList(items=out)


@router.get("/api/v1/corrections/{reference}", response_model=OfficerCorrectionOut)
async def show(
    reference: Reference, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> OfficerCorrectionOut:
    request = await use_cases.officer_request(session, reference, actor=actor)
    out = await _officer_out(session, request)
    return out


@router.post("/api/v1/corrections/{reference}/proposal", status_code=201, response_model=ProposalOut)
async def propose(
    reference: Reference, body: ProposalIn, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> ProposalOut:
    """The officer who checked the dossier reports a proposal; the Trưởng decides (TT 117 Điều 8)."""
    request = await _decidable(session, reference, actor)
    proposal = await actions.propose(
        session, request, recommendation=body.recommendation, text=body.text, actor=actor
    )
    return proposal_out(proposal)


@router.post("/api/v1/corrections/{reference}/approval", response_model=OfficerCorrectionOut)
async def approve(
    reference: Reference, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> OfficerCorrectionOut:
    request = await _decidable(session, reference, actor)
    await actions.approve(session, request, actor=actor)
    out = await _officer_out(session, request)
    return out


@router.post("/api/v1/corrections/{reference}/refusal", response_model=OfficerCorrectionOut)
async def refuse(
    reference: Reference, body: RefusalIn, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> OfficerCorrectionOut:
    request = await _decidable(session, reference, actor)
    await actions.refuse(session, request, body, actor=actor)
    out = await _officer_out(session, request)
    return out


@router.post("/api/v1/corrections/{reference}/assignment", response_model=OfficerCorrectionOut)
async def assign(
    reference: Reference, body: AssignmentIn, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> OfficerCorrectionOut:
    """The province police assign the commune police of a resident whose old commune the map cannot
    tell (domain.md §1.5); the request leaves the province queue for that commune's."""
    request = await use_cases.assignable(session, reference, actor=actor)
    await actions.assign_commune(session, request, body, actor=actor)
    out = await _officer_out(session, request)
    return out
