"""The agency portal (Luật Căn cước Điều 10 khoản 5 điểm b): organisation members look people up
and ask yes/no questions from a browser.

The pages only translate forms into the API's models and call the API's own handlers, so a member
in the portal gets exactly what the same member gets over the API: the same checks (group, channel,
mandate ∩ scope), the same access-log entry and receipt.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import TypeAdapter, ValidationError

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.enums.registry import Item
from dancu.errors import DomainError
from dancu.geo.enums import CodeTable
from dancu.i18n import Lang, t
from dancu.identity.sessions import session_login
from dancu.lookup import api
from dancu.lookup.schemas import LookupIn, Question, VerifyIn
from dancu.registry.pages_display import item_label, show
from dancu.web.dates import iso_dates
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import failure, present
from dancu.web.templating import render
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)

Member = Annotated[Actor, Depends(Requires(Permission.VERIFY))]
Looker = Annotated[Actor, Depends(Requires(Permission.LOOKUP))]

LOOKUP_KEYS = ["full_name", "date_of_birth", "pin", "purpose", "fields"]
VERIFY_KEYS = ["question", "pin", "full_name", "date_of_birth", "years", "on", "unit_code", "purpose"]
QUESTIONS = (Question.IDENTITY_MATCH, Question.AGE_AT_LEAST, Question.PERMANENT_RESIDENCE_IN)


def _questions(lang: Lang) -> list[tuple[str, str]]:
    return [(q.value, t(f"lookup_question.{q.value}", lang)) for q in QUESTIONS]


_VERIFY_ADAPTER: TypeAdapter[Any] = TypeAdapter(VerifyIn)


def _chrome(request: Request, actor: Actor) -> dict[str, Any]:
    """The layout's member bar and the CSRF token, taken once before any rollback (which expires
    every loaded row, so a page rendered after it must not reach back into the database)."""
    cached: dict[str, Any] | None = getattr(request.state, "portal_chrome", None)
    if cached is None:
        login = session_login(request)  # machine clients have no portal: pages need a login session
        nav = {
            "display_name": login.account.display_name,
            "organisation": actor.organisation_name or "",
            "can_lookup": actor.can(Permission.LOOKUP),
        }
        cached = {"portal_nav": nav, "csrf_token": login.csrf_token}
        request.state.portal_chrome = cached
    return cached


def _page(
    request: Request, actor: Actor, name: str, context: dict[str, Any], *, status_code: int = 200
) -> Response:
    base = _chrome(request, actor) | {"lang": language(request), "errors": {}}
    return render(request, name, base | context, status_code=status_code)


def _field_options(actor: Actor, lang: Lang) -> list[tuple[str, str]]:
    """The member's own fields (mandate ∩ scope), in the order of Điều 9."""
    own = actor.fields or frozenset()
    return [(item.value, item_label(item, lang)) for item in Item if item.value in own]


async def _form(request: Request) -> tuple[dict[str, str], list[str]]:
    form = await request.form()
    values = iso_dates({k: v.strip() for k, v in form.items() if isinstance(v, str) and k != "fields"})
    chosen = [v for v in form.getlist("fields") if isinstance(v, str)]
    return values, chosen


@router.get("/portal", dependencies=[Depends(Requires(Permission.VERIFY))])
async def portal_home(request: Request) -> Response:
    actor: Actor = request.state.actor
    target = "/portal/lookup" if actor.can(Permission.LOOKUP) else "/portal/verify"
    return RedirectResponse(target, status_code=303)


@router.get("/portal/lookup", response_class=HTMLResponse)
async def lookup_form(request: Request, actor: Looker) -> Response:
    context = {"values": {}, "chosen": [], "options": _field_options(actor, language(request))}
    return _page(request, actor, "lookup/portal_lookup.html", context)


@router.post("/portal/lookup", response_class=HTMLResponse)
async def lookup_submit(request: Request, actor: Looker, session: DbSession) -> Response:
    lang = language(request)
    _chrome(request, actor)
    values, chosen = await _form(request)
    context: dict[str, Any] = {"values": values, "chosen": chosen, "options": _field_options(actor, lang)}
    try:
        wanted = {k: values.get(k, "") for k in ("full_name", "date_of_birth", "pin", "purpose")}
        body = LookupIn.model_validate(present(wanted) | {"fields": chosen or None})
        answer = await api.lookup(body, actor, session)
    except (ValidationError, DomainError) as exc:
        await session.rollback()
        problem = failure(exc, LOOKUP_KEYS, lang)
        context["errors"] = problem.errors
        return _page(request, actor, "lookup/portal_lookup.html", context, status_code=problem.status)
    rows = [
        (item_label(Item(key), lang), show(Item(key), value, lang)) for key, value in answer.fields.items()
    ]
    context |= {"answer": {"receipt": answer.receipt, "rows": rows}}
    return _page(request, actor, "lookup/portal_lookup.html", context)


@router.get("/portal/verify", response_class=HTMLResponse)
async def verify_form(request: Request, actor: Member) -> Response:
    context = {
        "values": {"question": Question.IDENTITY_MATCH.value},
        "questions": _questions(language(request)),
    }
    return _page(request, actor, "lookup/portal_verify.html", context)


def _question_body(values: dict[str, str]) -> dict[str, Any]:
    """Only the inputs the chosen question takes (the model forbids the others)."""
    question = values.get("question", "")
    keys = {
        Question.IDENTITY_MATCH.value: ("full_name", "date_of_birth"),
        Question.AGE_AT_LEAST.value: ("years", "on"),
        Question.PERMANENT_RESIDENCE_IN.value: ("unit_code",),
    }.get(question, ())
    body = {k: values.get(k, "") for k in ("question", "pin", "purpose", *keys)}
    if question == Question.PERMANENT_RESIDENCE_IN.value:
        body["unit_version"] = values.get("unit_version") or CodeTable.FROM_2025.value
    return present(body)


@router.post("/portal/verify", response_class=HTMLResponse)
async def verify_submit(request: Request, actor: Member, session: DbSession) -> Response:
    lang = language(request)
    _chrome(request, actor)
    values, _ = await _form(request)
    context: dict[str, Any] = {"values": values, "questions": _questions(language(request))}
    try:
        body = _VERIFY_ADAPTER.validate_python(_question_body(values))
        answer = await api.verify(body, actor, session)
    except (ValidationError, DomainError) as exc:
        await session.rollback()
        problem = failure(exc, VERIFY_KEYS, lang)
        context["errors"] = problem.errors
        return _page(request, actor, "lookup/portal_verify.html", context, status_code=problem.status)
    context["answer"] = {"yes": answer.answer, "receipt": answer.receipt}
    return _page(request, actor, "lookup/portal_verify.html", context)
