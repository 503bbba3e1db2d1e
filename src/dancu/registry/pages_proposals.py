"""Console forms for staff proposals on the register's decisions reserved to the head: PIN
cancellation and re-establishment (NĐ 70/2024 Điều 11) and DC01 collection (TT 117/2026 Điều 5
khoản 3 điểm a, khoản 5). TT 117/2026 Điều 17 khoản 3: the officer "lập đề xuất … báo cáo" the head,
who decides through the procedure's own form; the decision's log names the proposal.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.access.positions import DecisionKind
from dancu.competence import queries as competence_queries
from dancu.competence.schemas import ProposalIn
from dancu.errors import DomainError, invalid
from dancu.i18n import t
from dancu.registry.use_cases import proposals, reads, writes
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import Form, discard, failure, page, present, read_form
from dancu.web.transaction import UnitOfWorkRoute, commit_then_refuse

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)

PinPath = Annotated[str, Path(pattern=r"^[0-9]{12}$")]
RECOMMENDATIONS = ("approve", "refuse")
KEYS = ["recommendation", "text", "dossier_number"]
PIN_MANAGE = Depends(Requires(Permission.PIN_MANAGE))
COLLECT = Depends(Requires(Permission.CITIZEN_COLLECT))


def _body(form: Form) -> ProposalIn:
    return ProposalIn.model_validate(
        present({"recommendation": form.get("recommendation", ""), "text": form.get("proposal_text", "")})
    )


def _errors(exc: Exception, request: Request) -> tuple[dict[str, str], int]:
    problems = failure(exc, KEYS, language(request))
    if "text" in problems.errors:  # the proposal's own text box
        problems.errors["proposal_text"] = problems.errors.pop("text")
    return problems.errors, problems.status


async def _context(
    session: AsyncSession,
    request: Request,
    kind: DecisionKind,
    ref: str,
    values: Form,
    errors: dict[str, str],
) -> dict[str, Any]:
    notice = request.query_params.get("notice", "")
    return {
        "kind": kind.value,
        "proposals": await competence_queries.proposals_of(session, kind, ref) if ref else [],
        "recommendations": [
            (r, t(f"proposal_text.recommend_{r}", language(request))) for r in RECOMMENDATIONS
        ],
        "values": values,
        "errors": errors,
        "notice": t("notice.proposal_reported", language(request)) if notice == "proposed" else "",
    }


# --- PIN cancellation and re-establishment --------------------------------------------------------


async def _pin_page(
    request: Request,
    session: AsyncSession,
    actor: Actor,
    pin: str,
    values: Form,
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    citizen, _ = await reads.read_for_form(session, pin, actor=actor)
    context = await _context(session, request, DecisionKind.PIN, citizen.pin, values, errors)
    context["person"] = {"pin": citizen.pin, "full_name": citizen.full_name, "status": citizen.status.value}
    context["action"] = f"/officer/citizens/{citizen.pin}/pin-proposal"
    if status_code >= 400:
        # The refused form shows the person again: that read stays logged.
        await commit_then_refuse(session)
    return page(request, "registry/proposal.html", context, status_code=status_code)


@router.get("/officer/citizens/{pin}/pin-proposal")
async def pin_proposal_form(
    request: Request, pin: PinPath, session: DbSession, actor: Annotated[Actor, PIN_MANAGE]
) -> Response:
    return await _pin_page(request, session, actor, pin, {}, {})


@router.post("/officer/citizens/{pin}/pin-proposal")
async def pin_proposal_submit(
    request: Request, pin: PinPath, session: DbSession, actor: Annotated[Actor, PIN_MANAGE]
) -> Response:
    form = await read_form(request)
    try:
        citizen, _ = await proposals.propose_pin_change(session, pin, _body(form), actor=actor)
    except (ValidationError, DomainError) as exc:
        await discard(request, session)
        await writes.refused_subject(session, pin, actor=actor)  # 404 / 403 before anything else
        errors, status = _errors(exc, request)
        return await _pin_page(request, session, actor, pin, form, errors, status_code=status)
    return RedirectResponse(f"/officer/citizens/{citizen.pin}/pin-proposal?notice=proposed", status_code=303)


# --- DC01 collection ------------------------------------------------------------------------------


async def _collect_page(
    request: Request, session: AsyncSession, values: Form, errors: dict[str, str], status_code: int = 200
) -> Response:
    ref = values.get("dossier_number", "").strip()[:60]
    context = await _context(session, request, DecisionKind.COLLECTION, ref, values, errors)
    context["action"] = "/officer/collect/proposal"
    return page(request, "registry/proposal.html", context, status_code=status_code)


@router.get("/officer/collect/proposal")
async def collect_proposal_form(
    request: Request, session: DbSession, actor: Annotated[Actor, COLLECT], dossier_number: str = ""
) -> Response:
    return await _collect_page(request, session, {"dossier_number": dossier_number}, {})


@router.post("/officer/collect/proposal")
async def collect_proposal_submit(
    request: Request, session: DbSession, actor: Annotated[Actor, COLLECT]
) -> Response:
    form = await read_form(request)
    dossier_number = form.get("dossier_number", "").strip()
    try:
        body = _body(form)
        if not dossier_number:
            raise invalid("dossier_number", "missing")
        if len(dossier_number) > 60:
            raise invalid("dossier_number", "string_too_long", max_length=60)
        if "/" in dossier_number:
            raise invalid("dossier_number", "no_slash")
        await proposals.propose_collection(session, dossier_number, body, actor=actor)
    except (ValidationError, DomainError) as exc:
        await discard(request, session)
        errors, status = _errors(exc, request)
        return await _collect_page(request, session, form, errors, status_code=status)
    return RedirectResponse(
        f"/officer/collect/proposal?{urlencode({'dossier_number': dossier_number, 'notice': 'proposed'})}",
        status_code=303,
    )
