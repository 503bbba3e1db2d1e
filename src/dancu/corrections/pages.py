"""The commune police's side in the officer console: the queue by deadline (overdue first to the
eye), a page per request with everything needed to decide, approval and refusal with reasons."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.access.positions import DecisionKind
from dancu.competence import queries as competence_queries
from dancu.competence.schemas import ProposalIn
from dancu.corrections import actions, use_cases
from dancu.corrections.models import CorrectionRequest, RefusalGround
from dancu.corrections.policies import held_by_province
from dancu.corrections.schemas import AssignmentIn, RefusalIn
from dancu.corrections.views import request_view
from dancu.errors import DomainError
from dancu.geo.queries import assignable_communes
from dancu.i18n import Lang, t
from dancu.registry import queries as registry
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import discard, enum_options, failure, page, present, read_form
from dancu.web.params import Flag, RowId
from dancu.web.transaction import UnitOfWorkRoute, commit_then_refuse

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)
DECIDE = Depends(Requires(Permission.CORRECTION_DECIDE))
Reference = Annotated[str, Path(pattern=r"^DC02-[0-9]{4}-[0-9]{6,}$")]
# The outcome a redirect names (?notice=…), said through the catalogue (corrections_text.notice_*).
NOTICES = frozenset({"approved", "refused", "proposed", "assigned"})
RECOMMENDATIONS = ("approve", "refuse")


def _notice(code: str, lang: Lang) -> str:
    return t(f"corrections_text.notice_{code}", lang) if code in NOTICES else ""


async def _row(session: AsyncSession, request: CorrectionRequest, lang: Lang) -> dict[str, Any]:
    citizen = await registry.citizen_by_id(session, request.citizen_id)
    return request_view(request, lang) | {"pin": citizen.pin, "full_name": citizen.full_name}


@router.get("/officer/corrections", response_class=HTMLResponse)
async def queue(
    request: Request, session: DbSession, actor: Annotated[Actor, DECIDE], all: Flag = 0
) -> Response:
    lang = language(request)
    found = await use_cases.officer_queue(session, include_decided=bool(all), actor=actor)
    rows = [await _row(session, r, lang) for r in found]
    return page(request, "corrections/queue.html", {"rows": rows, "all": bool(all)})


async def _detail(
    request: Request,
    session: AsyncSession,
    actor: Actor,
    found: CorrectionRequest,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    lang = language(request)
    await use_cases.log_officer_read(session, found, actor=actor)
    row = await _row(session, found, lang)
    context = {
        "r": row,
        "values": values or {},
        "errors": errors or {},
        "grounds": enum_options("refusal_ground", [g.value for g in RefusalGround], lang),
        "notice": _notice(request.query_params.get("notice", ""), lang),
        "proposals": await competence_queries.proposals_of(session, DecisionKind.CORRECTION, found.reference),
        "recommendations": [(r, t(f"corrections_text.recommend_{r}", lang)) for r in RECOMMENDATIONS],
        "communes": [
            (u.code, f"{u.code} · {u.name}") for u in assignable_communes(found.unit_code, found.unit_version)
        ]
        if held_by_province(found.commune_code)
        else [],
        "assignment": {
            "from": found.assigned_from,
            "at": found.assigned_at,
            "by": found.assigned_by_account_id,
            "reason": found.assignment_reason,
        }
        if found.assigned_from
        else None,
    }
    if status_code >= 400:
        # The refused form shows the correction and its person again: that read stays logged.
        await commit_then_refuse(session)
    return page(request, "corrections/show.html", context, status_code=status_code)


async def _decidable(session: AsyncSession, reference: str, actor: Actor) -> CorrectionRequest:
    return await use_cases.decidable(session, reference, actor=actor)


@router.get("/officer/corrections/{reference}", response_class=HTMLResponse)
async def show(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> Response:
    return await _detail(request, session, actor, await _decidable(session, reference, actor))


@router.post("/officer/corrections/{reference}/approve")
async def approve(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> Response:
    found = await _decidable(session, reference, actor)
    try:
        await actions.approve(session, found, actor=actor)
    except DomainError as exc:
        await discard(request, session)
        found = await _decidable(session, reference, actor)
        problems = failure(exc, [], language(request))
        return await _detail(
            request, session, actor, found, errors=problems.errors, status_code=problems.status
        )
    return RedirectResponse(f"/officer/corrections/{reference}?notice=approved", status_code=303)


@router.post("/officer/corrections/{reference}/refuse")
async def refuse(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> Response:
    found = await _decidable(session, reference, actor)
    form = await read_form(request)
    values = {"ground": form.get("ground", ""), "text": form.get("text", "")}
    try:
        body = RefusalIn.model_validate({k: v for k, v in values.items() if v})
        await actions.refuse(session, found, body, actor=actor)
    except (ValidationError, DomainError) as exc:
        await discard(request, session)
        found = await _decidable(session, reference, actor)
        problems = failure(exc, ["ground", "text"], language(request))
        return await _detail(
            request, session, actor, found, values=values, errors=problems.errors, status_code=problems.status
        )
    return RedirectResponse(f"/officer/corrections/{reference}?notice=refused", status_code=303)


@router.post("/officer/corrections/{reference}/propose")
async def propose(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> Response:
    """The officer who checked the dossier reports a proposal to the Trưởng (TT 117/2026 Điều 8 khoản 1 c)."""
    found = await _decidable(session, reference, actor)
    form = await read_form(request)
    values = {
        "recommendation": form.get("recommendation", ""),
        "proposal_text": form.get("proposal_text", ""),
    }
    try:
        body = ProposalIn.model_validate(
            present({"recommendation": values["recommendation"], "text": values["proposal_text"]})
        )
        await actions.propose(session, found, recommendation=body.recommendation, text=body.text, actor=actor)
    except (ValidationError, DomainError) as exc:
        await discard(request, session)
        found = await _decidable(session, reference, actor)
        problems = failure(exc, ["recommendation", "text"], language(request))
        if "text" in problems.errors:  # the proposal's own text box
            problems.errors["proposal_text"] = problems.errors.pop("text")
        return await _detail(
            request, session, actor, found, values=values, errors=problems.errors, status_code=problems.status
        )
    return RedirectResponse(f"/officer/corrections/{reference}?notice=proposed", status_code=303)


@router.post("/officer/corrections/{reference}/assign")
async def assign(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> Response:
    """The province police assign the commune police (domain.md §1.5); the request leaves their queue."""
    found = await use_cases.assignable(session, reference, actor=actor)
    form = await read_form(request)
    values = {"commune_code": form.get("commune_code", ""), "reason": form.get("reason", "")}
    try:
        body = AssignmentIn.model_validate({k: v for k, v in values.items() if v})
        await actions.assign_commune(session, found, body, actor=actor)
    except (ValidationError, DomainError) as exc:
        await discard(request, session)
        found = await _decidable(session, reference, actor)
        problems = failure(exc, ["commune_code", "reason"], language(request))
        return await _detail(
            request, session, actor, found, values=values, errors=problems.errors, status_code=problems.status
        )
    return RedirectResponse("/officer/corrections?notice=assigned", status_code=303)


@router.get("/officer/corrections/{reference}/attachments/{attachment_id}")
async def attachment(
    reference: Reference, attachment_id: RowId, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> Response:
    """The proof as the citizen sent it; downloaded, never shown inline (it is the sender's file)."""
    stored = await use_cases.officer_attachment(session, reference, attachment_id, actor=actor)
    name = quote(stored.filename)
    headers = {
        "Content-Disposition": f"attachment; filename=\"proof-{stored.id}\"; filename*=UTF-8''{name}",
        "X-Content-SHA256": stored.sha256,
    }
    return Response(stored.opened(), media_type=stored.media_type, headers=headers)
