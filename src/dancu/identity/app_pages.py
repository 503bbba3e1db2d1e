"""The identity app for citizens (mobile-first pages under /app, Vietnamese): self-registration
and activation, own data and its history, the Data Tracker, and account security.

Every /app page of personal data reads the actor's own citizen id; no route takes a PIN or id, so
one citizen cannot name another. Every read is logged.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.audit.deps import LogGroup, group_unless_sqlite
from dancu.audit.group import GroupCommit
from dancu.audit.labels import event_type_label
from dancu.clock import now_utc
from dancu.enums.documents import DocumentKind
from dancu.enums.registry import Item
from dancu.errors import DomainError
from dancu.i18n import Lang, t
from dancu.identity import actions, citizens, second_factor, use_cases
from dancu.identity.app_history import item_histories
from dancu.identity.app_nav import load_app_nav
from dancu.identity.eid_models import LockSource
from dancu.identity.models import Account
from dancu.identity.queries import account_labels
from dancu.identity.representatives import Represented
from dancu.identity.schemas import ActivationIn, RegistrationIn
from dancu.identity.sessions import SESSION_COOKIE, session_login
from dancu.registry.pages_display import instant_vi, item_label, sections, timeline
from dancu.registry.views import record_out
from dancu.web.app_frame import app_page
from dancu.web.dates import iso_dates
from dancu.web.deps import DbSession, Public, Requires, language
from dancu.web.params import Flag, RowId
from dancu.web.transaction import UnitOfWorkRoute, commit_then_refuse

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False, dependencies=[Depends(load_app_nav)])
OWN = Depends(Requires(Permission.OWN_DATA_READ))
_page = app_page


def _message(request: Request, exc: DomainError) -> str:
    return t(exc.code, language(request), **exc.params)


# --- Registration and activation (public) ---------------------------------------------------------


@router.get("/app/register", response_class=HTMLResponse, dependencies=[Depends(Public("registration form"))])
async def register_form(request: Request) -> Response:
    return _page(request, "identity/register.html", {"values": {}})


@router.post("/app/register", dependencies=[Depends(Public("registration form"))])
async def register_submit(
    request: Request,
    session: DbSession,
    full_name: Annotated[str, Form(max_length=300)] = "",
    date_of_birth: Annotated[str, Form(max_length=10)] = "",
    pin: Annotated[str, Form(max_length=12)] = "",
    card_number: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    values = {"full_name": full_name, "date_of_birth": date_of_birth, "pin": pin, "card_number": card_number}
    try:
        body = RegistrationIn.model_validate(iso_dates({k: v.strip() for k, v in values.items()}))
    except ValidationError:
        errors = {"_form": t("eid.registration_invalid_form", language(request))}
        return _page(request, "identity/register.html", {"values": values, "errors": errors}, status_code=422)
    try:
        account = await citizens.start_registration(session, **body.model_dump())
    except DomainError as exc:
        await commit_then_refuse(session)  # the attempt counts towards the per-PIN limit
        errors = {"_form": _message(request, exc)}
        return _page(
            request, "identity/register.html", {"values": values, "errors": errors}, status_code=exc.status
        )
    deadline = account.activation_deadline or now_utc()
    context = {"pin": body.pin, "deadline": deadline, "code": ""}
    return _page(request, "identity/activate.html", context)


@router.get("/app/activate", response_class=HTMLResponse, dependencies=[Depends(Public("activation form"))])
async def activate_form(request: Request, pin: Annotated[str, Query(max_length=12)] = "") -> Response:
    """Back from reading the SMS (or from another device): the form again, the PIN typed if not known."""
    known = pin if pin.isdigit() and len(pin) == 12 else ""
    return _page(request, "identity/activate.html", {"pin": known, "code": ""})


@router.post("/app/activate", dependencies=[Depends(Public("activation form"))])
async def activate_submit(
    request: Request,
    session: DbSession,
    pin: Annotated[str, Form(max_length=12)] = "",
    code: Annotated[str, Form(max_length=6)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        body = ActivationIn(pin=pin, code=code.strip(), password=password)
        await citizens.activate(session, pin=body.pin, code=body.code, password=body.password)
    except ValidationError:
        errors = {"_form": t("eid.activation_invalid_form", language(request))}
        # The code stays typed: only the password needs another try.
        context = {"pin": pin, "code": code.strip(), "errors": errors}
        return _page(request, "identity/activate.html", context, status_code=422)
    except DomainError as exc:
        await commit_then_refuse(session)
        errors = {"_form": _message(request, exc)}
        context = {"pin": pin, "code": code.strip(), "errors": errors}
        return _page(request, "identity/activate.html", context, status_code=exc.status)
    return RedirectResponse("/login?activated=1", status_code=303)


# --- Own data --------------------------------------------------------------------------------------


async def _record_page(
    request: Request,
    session: AsyncSession,
    actor: Actor,
    person_id: int | None = None,
    group: GroupCommit | None = None,
) -> Response:
    lang = language(request)
    acting_for = person_id is not None
    if acting_for:
        citizen, view = await use_cases.read_record(session, person_id, actor=actor, group=group)
        represented: list[Represented] = []
    else:
        citizen, view, represented = await use_cases.read_home(session, actor=actor, group=group)
    context = {
        "person": {"full_name": citizen.full_name, "pin": citizen.pin, "id": citizen.id},
        "sections": sections(record_out(citizen, view, lang), lang),
        "acting_for": acting_for,
        "represented": represented,
    }
    return _page(request, "identity/app_home.html", context)


async def _history_page(
    request: Request, session: AsyncSession, actor: Actor, person_id: int | None = None
) -> Response:
    citizen, facts = await use_cases.read_history(session, person_id, actor=actor)
    officers = await account_labels(session, (f.officer_account_id for f in facts if f.officer_account_id))
    context = {
        "person": {"full_name": citizen.full_name, "id": citizen.id},
        "timeline": timeline(facts, officers, language(request)),
        "items": item_histories(facts, language(request), now=now_utc()),
        "acting_for": person_id is not None,
    }
    return _page(request, "identity/app_history.html", context)


# The citizen's own page writes nothing but its read entry: on PostgreSQL the group commit makes it
# durable before the page is built (docs/adr/0017, "session 8, verification") and the request's
# transaction only reads.
@router.get("/app", response_class=HTMLResponse)
async def home(
    request: Request, session: DbSession, actor: Annotated[Actor, OWN], group: LogGroup
) -> Response:
    return await _record_page(request, session, actor, group=group_unless_sqlite(session, group))


@router.get("/app/history", response_class=HTMLResponse)
async def history(request: Request, session: DbSession, actor: Annotated[Actor, OWN]) -> Response:
    return await _history_page(request, session, actor)


@router.get("/app/for/{person_id}", response_class=HTMLResponse)
async def represented_home(
    request: Request, person_id: RowId, session: DbSession, actor: Annotated[Actor, OWN]
) -> Response:
    """A representative reads the represented person's data; the log names the representative."""
    return await _record_page(request, session, actor, person_id)


@router.get("/app/for/{person_id}/history", response_class=HTMLResponse)
async def represented_history(
    request: Request, person_id: RowId, session: DbSession, actor: Annotated[Actor, OWN]
) -> Response:
    return await _history_page(request, session, actor, person_id)


DOCUMENT_KINDS = frozenset(kind.value for kind in DocumentKind)


def _field_label(field: str, lang: Lang) -> str:
    """The item's name (Điều 9), a document's kind ("document.<kind>", logged when a document about
    the person is read), or the stored key when it names neither, in the page's language."""
    kind = field.removeprefix("document.")
    if kind != field and kind in DOCUMENT_KINDS:
        document = DocumentKind(kind)
        label = document.label_en if lang is Lang.EN else document.label_vi
        return t("identity_text.document_of_kind", lang, kind=label)
    try:
        return item_label(Item(field), lang)
    except ValueError:
        return field


@router.get("/app/tracker", response_class=HTMLResponse)
async def tracker(
    request: Request,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.OWN_TRACKER_READ))],
) -> Response:
    from dancu.audit.queries import tracker as audit_tracker

    assert actor.citizen_id is not None
    entries = await audit_tracker(session, actor.citizen_id, now=now_utc(), own_account_id=actor.account_id)
    rows = [
        {
            "when": instant_vi(e.occurred_at),
            "who": e.organisation_label or e.actor_label,
            "what": event_type_label(e.event_type, language(request)),
            "read": e.event_type.value == "registry.citizen_viewed",
            "fields": [_field_label(f, language(request)) for f in e.fields or ()],
            "entry": e,
        }
        for e in entries
    ]
    context = {"reads": [r for r in rows if r["read"]], "changes": [r for r in rows if not r["read"]]}
    return _page(request, "identity/app_tracker.html", context)


# --- Security ---------------------------------------------------------------------------------------


def _account(request: Request) -> Account:
    return session_login(request).account


@router.get("/app/security", response_class=HTMLResponse)
async def security(request: Request, actor: Annotated[Actor, OWN]) -> Response:
    account = _account(request)
    return _page(request, "identity/app_security.html", {"account": account, "totp": None})


@router.post("/app/security/totp")
async def totp_start(request: Request, actor: Annotated[Actor, OWN]) -> Response:
    account = _account(request)
    secret = second_factor.new_totp_secret()
    totp = {"secret": secret, "uri": second_factor.provisioning_uri(account, secret)}
    return _page(request, "identity/app_security.html", {"account": account, "totp": totp})


@router.post("/app/security/totp/confirm")
async def totp_confirm(
    request: Request,
    session: DbSession,
    actor: Annotated[Actor, OWN],
    secret: Annotated[str, Form(max_length=64)] = "",
    code: Annotated[str, Form(max_length=8)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    account = _account(request)
    try:
        # A new authenticator takes over the account's second factor: whoever holds the session
        # (a borrowed phone, a stolen cookie) must also know the current password.
        await actions.check_password(session, account, password, settings=request.app.state.settings)
        await second_factor.enrol_totp(session, account, secret=secret, code=code)
    except DomainError as exc:
        if exc.code == "auth.password_recheck_failed":
            await commit_then_refuse(session)  # the wrong password counts towards the lock-out
        totp = {"secret": secret, "uri": second_factor.provisioning_uri(account, secret)}
        errors = {"_form": _message(request, exc)}
        return _page(
            request,
            "identity/app_security.html",
            {"account": account, "totp": totp, "errors": errors},
            status_code=exc.status,
        )
    return RedirectResponse("/app/security", status_code=303)


@router.post("/app/security/lock")
async def lock_own(request: Request, session: DbSession, actor: Annotated[Actor, OWN]) -> Response:
    await citizens.lock(
        session, _account(request), source=LockSource.CITIZEN, reason="holder_request", actor=actor
    )
    response = RedirectResponse("/app/unlock?locked=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/app/unlock", response_class=HTMLResponse, dependencies=[Depends(Public("unlock form"))])
async def unlock_form(request: Request, locked: Flag = 0) -> Response:
    return _page(request, "identity/unlock.html", {"step": "start", "pin": "", "locked": bool(locked)})


@router.post("/app/unlock", dependencies=[Depends(Public("unlock form"))])
async def unlock_submit(
    request: Request,
    session: DbSession,
    pin: Annotated[str, Form(max_length=12)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    code: Annotated[str, Form(max_length=6)] = "",
) -> Response:
    try:
        if code:
            await citizens.finish_holder_unlock(session, pin=pin, code=code)
        else:
            await citizens.start_holder_unlock(
                session, pin=pin, password=password, settings=request.app.state.settings
            )
    except DomainError as exc:
        await commit_then_refuse(session)
        errors = {"_form": _message(request, exc)}
        step = "code" if code else "start"
        return _page(
            request,
            "identity/unlock.html",
            {"step": step, "pin": pin, "errors": errors},
            status_code=exc.status,
        )
    if code:
        return RedirectResponse("/login?unlocked=1", status_code=303)
    return _page(request, "identity/unlock.html", {"step": "code", "pin": pin})
