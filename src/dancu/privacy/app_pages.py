"""The data subject's requests in the identity app (/app/privacy): list with the restrictions on
record, file, follow, withdraw. Every route reads the actor's own citizen id; another citizen's
reference is "not found"."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.calendar.queries import load_calendar
from dancu.errors import DomainError
from dancu.exploitation.documents.views import public_base
from dancu.i18n import t
from dancu.identity.app_nav import load_app_nav
from dancu.privacy import actions, queries, use_cases
from dancu.privacy.pages import kind_options
from dancu.privacy.schemas import RightRequestIn
from dancu.privacy.views import request_view
from dancu.settings import Settings
from dancu.web.app_frame import app_page, citizen_nav
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import failure, present, read_form
from dancu.web.params import RowId
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False, dependencies=[Depends(load_app_nav)])
FILE = Depends(Requires(Permission.PRIVACY_FILE))
Reference = Annotated[str, Path(pattern=r"^QDL-[0-9]{4}-[0-9]{6,}$")]
KEYS = ["kind", "scope", "details"]


async def _list_page(
    request: Request,
    session: DbSession,
    actor: Actor,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    lang = language(request)
    found, restrictions = await use_cases.own_list(session, actor=actor)
    context: dict[str, Any] = {
        "requests": [request_view(r, lang) for r in found],
        "restrictions": [
            {
                "kind": t(f"enum.right_kind.{r.kind.value}", lang),
                "scope": t(f"enum.data_scope.{r.scope.value}", lang),
            }
            for r in restrictions
            if r.lifted_at is None
        ],
        "values": values or {},
        "errors": errors or {},
        **kind_options(lang),
    }
    return app_page(request, "privacy/app_list.html", context, status_code=status_code)


@router.get("/app/privacy", response_class=HTMLResponse)
async def my_requests(request: Request, session: DbSession, actor: Annotated[Actor, FILE]) -> Response:
    return await _list_page(request, session, actor)


@router.post("/app/privacy")
async def file_mine(request: Request, session: DbSession, actor: Annotated[Actor, FILE]) -> Response:
    form = await read_form(request)
    values = {k: form.get(k, "") for k in KEYS}
    settings: Settings = request.app.state.settings
    try:
        body = RightRequestIn.model_validate(present(values))
        filed = await use_cases.file_own(
            session, body, actor=actor, calendar=load_calendar(settings.calendar_file)
        )
    except (ValidationError, DomainError) as exc:
        citizen_nav(request)  # kept before the rollback expires the login row
        await session.rollback()
        problems = failure(exc, KEYS, language(request))
        return await _list_page(
            request, session, actor, values=values, errors=problems.errors, status_code=problems.status
        )
    return RedirectResponse(f"/app/privacy/{filed.reference}?filed=1", status_code=303)


@router.get("/app/privacy/{reference}", response_class=HTMLResponse)
async def show_mine(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, FILE]
) -> Response:
    found = await use_cases.own_request(session, reference, actor=actor)
    context = {"r": request_view(found, language(request)), "filed": request.query_params.get("filed") == "1"}
    return app_page(request, "privacy/app_show.html", context)


@router.post("/app/privacy/{reference}/withdraw")
async def withdraw_mine(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, FILE]
) -> Response:
    assert actor.citizen_id is not None
    found = await queries.own_by_reference(session, actor.citizen_id, reference)
    await actions.withdraw(session, found, actor=actor, base_url=public_base(request))
    return RedirectResponse(f"/app/privacy/{reference}", status_code=303)


@router.post("/app/privacy/restrictions/{restriction_id}/lift")
async def lift_mine(
    request: Request, restriction_id: RowId, session: DbSession, actor: Annotated[Actor, FILE]
) -> Response:
    await use_cases.lift_own(session, restriction_id, actor=actor)
    return RedirectResponse("/app/privacy", status_code=303)
