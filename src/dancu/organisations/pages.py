"""Minimal pages for portal accounts (NĐ 69/2024 Điều 12): the legal representative's request form
in the identity app, and the officer's list of requests to approve or refuse.

The pages parse forms into the API's models and call the same actions as the API.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from dancu.access.actor import Actor
from dancu.access.models import PortalRequestStatus
from dancu.access.permissions import Permission
from dancu.access.policies import ensure_eid_level2
from dancu.errors import DomainError
from dancu.identity.sessions import session_login
from dancu.organisations import actions, queries
from dancu.organisations.schemas import PortalApproveIn, PortalRefuseIn, PortalRequestIn
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import discard, failure, officer_of, present, read_form
from dancu.web.pages import page as officer_page
from dancu.web.params import RowId
from dancu.web.templating import render
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)
Citizen = Annotated[Actor, Depends(Requires(Permission.PORTAL_ACCOUNT_REQUEST))]
Registrar = Annotated[Actor, Depends(Requires(Permission.ORG_REGISTER))]
REQUEST_KEYS = [
    "organisation_name",
    "tax_code",
    "actor_group",
    "address",
    "representative_role",
    "admin_username",
    "admin_password",
]


def _chrome(request: Request, actor: Actor) -> dict[str, Any]:
    """The layout's citizen bar and CSRF token, read before any rollback expires the login row."""
    login = session_login(request)
    nav = {"display_name": login.account.display_name, "level": actor.eid_level or ""}
    return {"citizen_nav": nav, "csrf_token": login.csrf_token}


async def _citizen_page(
    request: Request,
    session: DbSession,
    actor: Actor,
    chrome: dict[str, Any],
    context: dict[str, Any],
    *,
    status_code: int = 200,
) -> Response:
    mine = await queries.portal_requests(session, requester_account_id=actor.account_id or -1)
    base = chrome | {
        "lang": language(request),
        "errors": {},
        "values": {},
        "level2": actor.eid_level == "2",
        "mine": mine,
    }
    return render(request, "organisations/portal_request.html", base | context, status_code=status_code)


@router.get("/app/organisations/request", response_class=HTMLResponse)
async def request_form(request: Request, session: DbSession, actor: Citizen, notice: str = "") -> Response:
    return await _citizen_page(request, session, actor, _chrome(request, actor), {"notice": notice == "sent"})


@router.post("/app/organisations/request", response_class=HTMLResponse)
async def request_submit(request: Request, session: DbSession, actor: Citizen) -> Response:
    chrome = _chrome(request, actor)
    form = await read_form(request)
    values = {k: form.get(k, "") for k in REQUEST_KEYS}
    try:
        ensure_eid_level2(actor)
        body = PortalRequestIn.model_validate(present(values))
        await actions.request_portal_account(session, body, actor=actor)
    except (ValidationError, DomainError) as exc:
        await session.rollback()
        problem = failure(exc, REQUEST_KEYS, language(request))
        values.pop("admin_password")
        context = {"values": values, "errors": problem.errors}
        return await _citizen_page(request, session, actor, chrome, context, status_code=problem.status)
    return RedirectResponse("/app/organisations/request?notice=sent", status_code=303)


# --- The officer's side ------------------------------------------------------------------------------


@router.get("/officer/portal-requests", response_class=HTMLResponse)
async def requests_list(request: Request, session: DbSession, actor: Registrar, notice: str = "") -> Response:
    pending = await queries.portal_requests(session, status=PortalRequestStatus.PENDING)
    return officer_page(
        request, "organisations/officer_portal_requests.html", {"pending": pending, "notice": notice}
    )


async def _decide(
    request: Request, session: DbSession, actor: Actor, request_id: RowId, approve: bool
) -> Response:
    officer_of(request)
    form = await read_form(request)
    try:
        found = await queries.portal_request_by_id(session, request_id)
        if approve:
            mandate = [m.strip() for m in form.get("mandate", "").split(",") if m.strip()]
            body = PortalApproveIn.model_validate(
                {"mandate": mandate, **present({"legal_basis": form.get("legal_basis", "")})}
            )
            await actions.approve_portal_request(session, found, body, actor=actor)
        else:
            refusal = PortalRefuseIn.model_validate(present({"reason": form.get("reason", "")}))
            await actions.refuse_portal_request(session, found, reason=refusal.reason, actor=actor)
    except (ValidationError, DomainError) as exc:
        await discard(request, session)
        problem = failure(exc, ["mandate", "legal_basis", "reason"], language(request))
        pending = await queries.portal_requests(session, status=PortalRequestStatus.PENDING)
        context = {"pending": pending, "errors": problem.errors, "failed": request_id}
        return officer_page(
            request, "organisations/officer_portal_requests.html", context, status_code=problem.status
        )
    notice = "approved" if approve else "refused"
    return RedirectResponse(f"/officer/portal-requests?notice={notice}", status_code=303)


@router.post("/officer/portal-requests/{request_id}/approve")
async def approve(request: Request, request_id: RowId, session: DbSession, actor: Registrar) -> Response:
    return await _decide(request, session, actor, request_id, approve=True)


@router.post("/officer/portal-requests/{request_id}/refuse")
async def refuse(request: Request, request_id: RowId, session: DbSession, actor: Registrar) -> Response:
    return await _decide(request, session, actor, request_id, approve=False)
