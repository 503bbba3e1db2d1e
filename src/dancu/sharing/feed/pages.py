"""Operator pages for connected systems: register, rotate keys, traffic and errors, dead letters.

Forms parse into the API's pydantic models and call the access and OIDC actions; errors come back
inline, in Vietnamese first, and nothing of a rejected form is kept.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup
from dancu.access.models import SecurityCheckBasis
from dancu.access.permissions import Permission
from dancu.clock import now_utc
from dancu.enums.registry import Item
from dancu.errors import DomainError
from dancu.i18n import Lang, t
from dancu.organisations.queries import organisation_by_id
from dancu.organisations.schemas import OrganisationIn
from dancu.registry.pages_display import item_label
from dancu.sharing.feed import queries, systems, webhooks
from dancu.sharing.feed.schemas import SecurityCheckIn
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import discard, failure, officer_of
from dancu.web.params import RowId
from dancu.web.templating import ROOT, site_context
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/officer/systems", include_in_schema=False)
Operator = Annotated[Actor, Depends(Requires(Permission.SYSTEMS_MANAGE))]
# Registering a system registers an organisation and its mandate: the identity agency's act.
Registrar = Annotated[Actor, Depends(Requires(Permission.ORG_REGISTER))]

_env = Environment(
    loader=ChoiceLoader(
        [FileSystemLoader(ROOT / "web" / "templates"), FileSystemLoader(Path(__file__).parent / "templates")]
    ),
    autoescape=select_autoescape(["html"]),
    auto_reload=False,
)
_env.globals["t"] = t
TEMPLATES = Jinja2Templates(env=_env, context_processors=[site_context])
REGISTER_KEYS = (
    "name",
    "legal_basis",
    "sensitive_basis",
    "mandate",
    "unit_code",
    "admin.username",
    "admin.password",
    "admin.display_name",
    "client_name",
    "jwk",
)


NOTICES = frozenset({"registered", "rotated", "checked", "requeued"})


def _notice(request: Request) -> str | None:
    """The outcome named in the redirect's query, in the page's language; any other value is ignored."""
    code = request.query_params.get("notice")
    return t(f"systems_text.notice_{code}", language(request)) if code in NOTICES else None


def _items(codes: list[str], lang: Lang) -> list[str]:
    return [item_label(Item(code), lang) if code in Item.__members__.values() else code for code in codes]


def page(request: Request, name: str, context: dict[str, Any], *, status_code: int = 200) -> Response:
    officer, csrf_token = officer_of(request)
    base = {"officer": officer, "csrf_token": csrf_token, "lang": language(request), "errors": {}}
    return TEMPLATES.TemplateResponse(request, name, base | context, status_code=status_code)


async def _form(request: Request) -> tuple[dict[str, str], list[str]]:
    """Single fields trimmed, and the ticked mandate items (a repeated field)."""
    form = await request.form()
    single = {k: v.strip() for k, v in form.items() if isinstance(v, str) and k != "mandate"}
    mandate = [v for k, v in form.multi_items() if k == "mandate" and isinstance(v, str)]
    return single, mandate


@router.get("", response_class=HTMLResponse)
async def index(request: Request, actor: Operator, session: DbSession) -> Response:
    rows = await systems.connected_systems(session)
    return page(request, "feed_systems.html", {"systems": rows, "notice": _notice(request)})


def _register_form(request: Request, values: dict[str, Any], errors: dict[str, str], status: int) -> Response:
    return page(
        request,
        "feed_system_new.html",
        {
            "items": [(item.value, item_label(item, language(request))) for item in Item],
            "values": values,
            "errors": errors,
        },
        status_code=status,
    )


@router.get("/new", response_class=HTMLResponse)
async def new(request: Request, actor: Registrar) -> Response:
    return _register_form(request, {"mandate": [Item.PIN.value]}, {}, 200)


def _organisation_in(form: dict[str, str], mandate: list[str]) -> OrganisationIn:
    return OrganisationIn.model_validate(
        {
            "name": form.get("name", ""),
            "actor_group": ActorGroup.K1,
            "mandate": mandate,
            "legal_basis": form.get("legal_basis", ""),
            "sensitive_basis": form.get("sensitive_basis") or None,
            "unit_code": form.get("unit_code") or None,
            "unit_version": "2025" if form.get("unit_code") else None,
            "admin": {
                "username": form.get("admin.username", ""),
                "password": form.get("admin.password", ""),
                "display_name": form.get("admin.display_name", ""),
            },
        }
    )


@router.post("", response_class=HTMLResponse)
async def register(request: Request, actor: Registrar, session: DbSession) -> Response:
    form, mandate = await _form(request)
    lang = language(request)
    try:
        body = _organisation_in(form, mandate)
        jwk = systems.public_jwk(form.get("jwk", ""))
        client_name = form.get("client_name") or body.name
        organisation, _ = await systems.register_system(
            session, body, client_name=client_name[:200], jwk=jwk, actor=actor
        )
    except (ValidationError, DomainError) as exc:
        await discard(request, session)
        bad = failure(exc, REGISTER_KEYS, lang)
        values = {k: v for k, v in form.items() if k != "admin.password"} | {"mandate": mandate}
        return _register_form(request, values, bad.errors, bad.status)
    return RedirectResponse(f"/officer/systems/{organisation.id}?notice=registered", status_code=303)


@router.get("/dead-letters", response_class=HTMLResponse)
async def dead_letters(request: Request, actor: Operator, session: DbSession) -> Response:
    rows = await systems.webhook_errors(session, dead_only=True)
    return page(request, "feed_dead_letters.html", {"rows": rows, "notice": _notice(request)})


@router.post("/dead-letters/{delivery_id}/requeue", response_class=HTMLResponse)
async def requeue(request: Request, delivery_id: RowId, actor: Operator, session: DbSession) -> Response:
    await webhooks.requeue(session, delivery_id, now=now_utc(), actor=actor)
    return RedirectResponse("/officer/systems/dead-letters?notice=requeued", status_code=303)


async def _detail(
    request: Request, session: AsyncSession, organisation_id: int, errors: dict[str, str], status: int = 200
) -> Response:
    organisation = await organisation_by_id(session, organisation_id)
    clients = next(
        (
            row.clients
            for row in await systems.connected_systems(session)
            if row.organisation.id == organisation_id
        ),
        [],
    )
    since = now_utc() - dt.timedelta(days=systems.TRAFFIC_DAYS)
    context = {
        "organisation": organisation,
        "mandate_labels": _items(list(organisation.mandate), language(request)),
        "clients": clients,
        "subscriptions": await queries.active_subscriptions(session, organisation_id),
        "traffic": await systems.traffic(session, organisation_id, since=since),
        "failures": await systems.webhook_errors(session, organisation_id=organisation_id),
        "auth_failures": await systems.auth_failures(session, organisation_id, since=since),
        "checks": await systems.security_checks(session, organisation_id),
        "bases": list(SecurityCheckBasis),
        "notice": _notice(request),
        "errors": errors,
    }
    return page(request, "feed_system.html", context, status_code=status)


@router.get("/{organisation_id}", response_class=HTMLResponse)
async def show(request: Request, organisation_id: RowId, actor: Operator, session: DbSession) -> Response:
    return await _detail(request, session, organisation_id, {})


@router.post("/{organisation_id}/clients/{client_id}/key", response_class=HTMLResponse)
async def rotate(
    request: Request, organisation_id: RowId, client_id: RowId, actor: Operator, session: DbSession
) -> Response:
    form, _ = await _form(request)
    client = await systems.machine_client(session, organisation_id, client_id)
    try:
        await systems.rotate_key(session, client, systems.public_jwk(form.get("jwk", "")), actor=actor)
    except DomainError as exc:
        await discard(request, session)
        bad = failure(exc, ("jwk",), language(request))
        return await _detail(request, session, organisation_id, bad.errors, bad.status)
    return RedirectResponse(f"/officer/systems/{organisation_id}?notice=rotated", status_code=303)


CHECK_KEYS = ("basis", "result", "document_number", "document_date", "valid_until")


@router.post("/{organisation_id}/security-checks", response_class=HTMLResponse)
async def record_check(
    request: Request, organisation_id: RowId, actor: Operator, session: DbSession
) -> Response:
    """TT 117/2026 Điều 11: the system connects only once A05's confirmation is on record."""
    form, _ = await _form(request)
    organisation = await organisation_by_id(session, organisation_id)
    try:
        body = SecurityCheckIn.model_validate(
            {k: form.get(k) or None for k in CHECK_KEYS if form.get(k)}
            | {"result": form.get("result") or "confirmed"}
        )
        await systems.record_security_check(session, organisation, body, actor=actor)
    except (ValidationError, DomainError) as exc:
        await discard(request, session)
        bad = failure(exc, CHECK_KEYS, language(request))
        return await _detail(request, session, organisation_id, bad.errors, bad.status)
    return RedirectResponse(f"/officer/systems/{organisation_id}?notice=checked", status_code=303)
