"""The citizen's correction requests in the identity app (/app/corrections): list, file, follow,
withdraw. Every route reads the actor's own citizen id; a reference of another citizen is "not found"."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.calendar.queries import load_calendar
from dancu.corrections import actions, queries, use_cases
from dancu.corrections.policies import CORRECTABLE
from dancu.corrections.schemas import CorrectionIn, ProofFile
from dancu.corrections.views import request_view
from dancu.enums.registry import Item, MaritalStatus, Sex
from dancu.errors import DomainError, FieldProblem
from dancu.i18n import Lang, t
from dancu.identity.app_nav import load_app_nav
from dancu.registry import queries as registry
from dancu.registry.pages_changes import EDITABLE, value_form, value_of
from dancu.registry.pages_common import choices
from dancu.registry.pages_display import item_label, show
from dancu.registry.pages_forms import NAME_KEYS
from dancu.settings import Settings
from dancu.web.app_frame import app_page, citizen_nav
from dancu.web.dates import iso_dates
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import Form, Options, enum_options, failure
from dancu.web.transaction import UnitOfWorkRoute, commit_then_refuse

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False, dependencies=[Depends(load_app_nav)])
FILE = Depends(Requires(Permission.CORRECTION_FILE))
Reference = Annotated[str, Path(pattern=r"^DC02-[0-9]{4}-[0-9]{6,}$")]
# Items the app offers: correctable ones that have a form widget.
APP_ITEMS = tuple(item for item in CORRECTABLE if item in EDITABLE)
FORM_KEYS = ["item", "reason", "proof", *NAME_KEYS, *[i.value for i in APP_ITEMS]]
FORM_KEYS += [f"{i.value}.detail" for i in APP_ITEMS if EDITABLE[i] == "address"]


def _options(lang: Lang, actor: Actor) -> dict[str, Options]:
    return choices(lang, actor) | {
        "sex": enum_options("sex", [Sex.MALE.value, Sex.FEMALE.value], lang),
        "marital_status": enum_options("marital_status", [m.value for m in MaritalStatus], lang),
        "items": [(i.value, item_label(i, lang)) for i in APP_ITEMS],
    }


def _item(text: str) -> Item | None:
    try:
        item = Item(text)
    except ValueError:
        return None
    return item if item in APP_ITEMS else None


@router.get("/app/corrections", response_class=HTMLResponse)
async def my_corrections(request: Request, session: DbSession, actor: Annotated[Actor, FILE]) -> Response:
    found = await use_cases.own_list(session, actor=actor)
    lang = language(request)
    notice = request.query_params.get("filed", "")
    context = {"requests": [request_view(r, lang) for r in found], "filed": notice}
    return app_page(request, "corrections/app_list.html", context)


async def _form_page(
    request: Request,
    session: DbSession,
    actor: Actor,
    item: Item | None,
    values: Form,
    errors: dict[str, str],
    *,
    status_code: int = 200,
) -> Response:
    assert actor.citizen_id is not None
    lang = language(request)
    current_text = ""
    if item is not None:
        current_value = await use_cases.own_item(session, item, actor=actor)
        current_text = show(item, current_value, lang) if current_value is not None else ""
        if not any(k in values for k in (item.value, *NAME_KEYS, f"{item.value}.detail")):
            values = values | value_form(item, current_value, _options(lang, actor)["units"])
        if status_code >= 400:
            # A refused form shows the current value again: that read stays logged.
            await commit_then_refuse(session)
    context: dict[str, Any] = {
        "item": item.value if item else "",
        "item_label": item_label(item, lang) if item else "",
        "widget": EDITABLE[item] if item else "",
        "current": current_text,
        "values": values,
        "errors": errors,
        "options": _options(lang, actor),
    }
    return app_page(request, "corrections/app_new.html", context, status_code=status_code)


@router.get("/app/corrections/new", response_class=HTMLResponse)
async def new_form(
    request: Request, session: DbSession, actor: Annotated[Actor, FILE], item: str = ""
) -> Response:
    chosen = _item(item)
    errors = (
        {"item": t("corrections_text.choose_an_item_in_the_list", language(request))}
        if item and chosen is None
        else {}
    )
    return await _form_page(request, session, actor, chosen, {}, errors, status_code=422 if errors else 200)


async def _proof(form_value: Any, settings: Settings) -> ProofFile | None:
    if not isinstance(form_value, UploadFile) or not form_value.filename:
        return None
    content = await form_value.read(settings.attachment_max_bytes + 1)
    return ProofFile(filename=form_value.filename, media_type=form_value.content_type or "", content=content)


@router.post("/app/corrections/new")
async def new_submit(request: Request, session: DbSession, actor: Annotated[Actor, FILE]) -> Response:
    assert actor.citizen_id is not None
    settings: Settings = request.app.state.settings
    raw = await request.form()
    form: Form = iso_dates({k: v.strip() for k, v in raw.items() if isinstance(v, str)})
    item = _item(form.get("item", ""))
    if item is None:
        return await _form_page(
            request,
            session,
            actor,
            None,
            form,
            {"item": t("corrections_text.choose_an_item", language(request))},
            status_code=422,
        )
    try:
        body = CorrectionIn(
            items=[{"item": item, "value": value_of(item, form)}], reason=form.get("reason", "")
        )
        citizen = await registry.citizen_by_id(session, actor.citizen_id)
        filed = await actions.file_correction(
            session,
            citizen,
            body,
            actor=actor,
            calendar=load_calendar(settings.calendar_file),
            proof=await _proof(raw.get("proof"), settings),
            max_proof_bytes=settings.attachment_max_bytes,
        )
    except (ValidationError, DomainError) as exc:
        citizen_nav(request)  # kept before the rollback expires the login row
        await session.rollback()
        problems = failure(_form_names(exc, item), FORM_KEYS, language(request))
        return await _form_page(
            request, session, actor, item, form, problems.errors, status_code=problems.status
        )
    reference = filed.reference
    return RedirectResponse(f"/app/corrections/{reference}?filed=1", status_code=303)


def _form_names(exc: Exception, item: Item) -> Exception:
    """Problems name API paths (``items.0.full_name.given``); the form's fields drop the prefix."""
    if isinstance(exc, DomainError) and exc.problems:
        problems = [FieldProblem(_strip(p.field, item), p.rule, p.params) for p in exc.problems]
        return DomainError(exc.code, status=exc.status, problems=problems, **exc.params)
    return exc


def _strip(path: str, item: Item) -> str:
    parts = path.split(".")
    if len(parts) >= 3 and parts[0] == "items" and parts[1].isdigit():
        rest = ".".join(parts[2:])
        return item.value if rest in ("value", "item") else rest
    return path


@router.get("/app/corrections/{reference}", response_class=HTMLResponse)
async def show_mine(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, FILE]
) -> Response:
    found = await use_cases.own_request(session, reference, actor=actor)
    context = {"r": request_view(found, language(request)), "filed": request.query_params.get("filed") == "1"}
    return app_page(request, "corrections/app_show.html", context)


@router.post("/app/corrections/{reference}/withdraw")
async def withdraw_mine(
    request: Request, reference: Reference, session: DbSession, actor: Annotated[Actor, FILE]
) -> Response:
    assert actor.citizen_id is not None
    found = await queries.own_by_reference(session, actor.citizen_id, reference)
    await actions.withdraw(session, found, actor=actor)
    return RedirectResponse(f"/app/corrections/{reference}", status_code=303)
