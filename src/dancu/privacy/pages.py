"""The identity agency's side in the officer console: the queue of data subjects' requests by
deadline, a page per request (acknowledge, extend once, grant, refuse with reasons), and the paper
request form that commune and provincial police fill for a subject."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.calendar.queries import load_calendar
from dancu.errors import DomainError
from dancu.exploitation.documents.views import public_base
from dancu.i18n import Lang, t
from dancu.privacy import actions, use_cases
from dancu.privacy.models import DataScope, PrivacyRequest, RightKind, RightRefusalGround
from dancu.privacy.schemas import ExtensionIn, GrantIn, PaperRightRequestIn, RefuseIn
from dancu.privacy.views import request_view
from dancu.registry.queries import citizen_by_id
from dancu.settings import Settings
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import discard, enum_options, failure, page, present, read_form
from dancu.web.params import Flag
from dancu.web.transaction import UnitOfWorkRoute, commit_then_refuse

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)
DECIDE = Depends(Requires(Permission.PRIVACY_DECIDE))
PAPER = Depends(Requires(Permission.PRIVACY_REGISTER_WRITTEN))
Reference = Annotated[str, Path(pattern=r"^QDL-[0-9]{4}-[0-9]{6,}$")]
PAPER_KEYS = ["pin", "full_name", "kind", "scope", "details"]
# The outcome a redirect names (?notice=…), said through the catalogue (rights_text.notice_*).
NOTICES = frozenset({"acknowledged", "extended", "granted", "refused", "filed"})


def notice_text(code: str, lang: Lang) -> str:
    return t(f"rights_text.notice_{code}", lang) if code in NOTICES else ""


def kind_options(lang: Lang) -> dict[str, Any]:
    return {
        "kinds": enum_options("right_kind", [k.value for k in RightKind], lang),
        "scopes": enum_options("data_scope", [s.value for s in DataScope], lang),
    }


async def _row(session: AsyncSession, found: PrivacyRequest, lang: Lang) -> dict[str, Any]:
    citizen = await citizen_by_id(session, found.citizen_id)
    return request_view(found, lang) | {"pin": citizen.pin, "full_name": citizen.full_name}


@router.get("/officer/privacy", response_class=HTMLResponse)
async def queue(
    request: Request, session: DbSession, actor: Annotated[Actor, DECIDE], all: Flag = 0
) -> Response:
    lang = language(request)
    found = await use_cases.officer_queue(session, include_decided=bool(all), actor=actor)
    rows = [await _row(session, r, lang) for r in found]
    return page(request, "privacy/queue.html", {"rows": rows, "all": bool(all)})


async def _detail(
    request: Request,
    session: AsyncSession,
    actor: Actor,
    found: PrivacyRequest,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    lang = language(request)
    await use_cases.log_officer_read(session, [found], actor=actor)
    context = {
        "r": await _row(session, found, lang),
        "values": values or {},
        "errors": errors or {},
        "grounds": enum_options("right_refusal_ground", [g.value for g in RightRefusalGround], lang),
        "notice": notice_text(request.query_params.get("notice", ""), language(request)),
    }
    if status_code >= 400:
        await commit_then_refuse(session)  # the refused form shows the person again: that read stays logged
    return page(request, "privacy/show.html", context, status_code=status_code)


@router.get("/officer/privacy/paper", response_class=HTMLResponse)
async def paper_form(request: Request, actor: Annotated[Actor, PAPER]) -> Response:
    filed = request.query_params.get("reference", "") if request.query_params.get("notice") == "filed" else ""
    context = {"values": {}, "filed": filed[:30], **kind_options(language(request))}
    return page(request, "privacy/paper.html", context)


@router.post("/officer/privacy/paper")
async def paper_submit(request: Request, session: DbSession, actor: Annotated[Actor, PAPER]) -> Response:
    form = await read_form(request)
    values = {k: form.get(k, "") for k in PAPER_KEYS}
    settings: Settings = request.app.state.settings
    try:
        body = PaperRightRequestIn.model_validate(present(values))
        filed = await use_cases.file_paper(
            session, body, actor=actor, calendar=load_calendar(settings.calendar_file)
        )
    except (ValidationError, DomainError) as exc:
        await discard(request, session)
        problems = failure(exc, PAPER_KEYS, language(request))
        context = {"values": values, "errors": problems.errors, **kind_options(language(request))}
        return page(request, "privacy/paper.html", context, status_code=problems.status)
    target = (
        "/officer/privacy/" + filed.reference
        if actor.can(Permission.PRIVACY_DECIDE)
        else "/officer/privacy/paper"
    )
    return RedirectResponse(f"{target}?notice=filed&reference={filed.reference}", status_code=303)


@router.get("/officer/privacy/{reference}", response_class=HTMLResponse)
async def show(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> Response:
    return await _detail(request, session, actor, await use_cases.decidable(session, reference, actor=actor))


async def _decide(
    request: Request, session: AsyncSession, reference: str, actor: Actor, step: str
) -> Response:
    found = await use_cases.decidable(session, reference, actor=actor)
    form = await read_form(request)
    settings: Settings = request.app.state.settings
    values = {k: form.get(k, "") for k in ("reason", "text", "ground")}
    try:
        if step == "acknowledged":
            await actions.acknowledge(session, found, actor=actor)
        elif step == "extended":
            body = ExtensionIn.model_validate(present({"reason": values["reason"]}))
            await actions.extend(
                session, found, body, actor=actor, calendar=load_calendar(settings.calendar_file)
            )
        elif step == "granted":
            grant = GrantIn.model_validate(present({"text": values["text"]}))
            await actions.grant(session, found, grant, actor=actor, base_url=public_base(request))
        else:
            refusal = RefuseIn.model_validate(present({"ground": values["ground"], "text": values["text"]}))
            await actions.refuse(session, found, refusal, actor=actor, base_url=public_base(request))
    except (ValidationError, DomainError) as exc:
        await discard(request, session)
        found = await use_cases.decidable(session, reference, actor=actor)
        problems = failure(exc, ["reason", "text", "ground"], language(request))
        return await _detail(
            request, session, actor, found, values=values, errors=problems.errors, status_code=problems.status
        )
    return RedirectResponse(f"/officer/privacy/{reference}?notice={step}", status_code=303)


@router.post("/officer/privacy/{reference}/acknowledge")
async def acknowledge(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> Response:
    return await _decide(request, session, reference, actor, "acknowledged")


@router.post("/officer/privacy/{reference}/extend")
async def extend(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> Response:
    return await _decide(request, session, reference, actor, "extended")


@router.post("/officer/privacy/{reference}/grant")
async def grant(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> Response:
    return await _decide(request, session, reference, actor, "granted")


@router.post("/officer/privacy/{reference}/refuse")
async def refuse(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, DECIDE]
) -> Response:
    return await _decide(request, session, reference, actor, "refused")
