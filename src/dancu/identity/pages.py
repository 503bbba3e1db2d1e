"""Officer login and logout pages (server-rendered, cookie session)."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated
from urllib.parse import quote

import segno
from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.clock import now_utc
from dancu.enums.registry import LifeStatus
from dancu.errors import DomainError, Forbidden
from dancu.i18n import t
from dancu.identity import actions, citizens
from dancu.identity.eid_models import LockSource
from dancu.identity.front_pages import home_of, local_path
from dancu.identity.models import Account, AccountKind, LoginSession
from dancu.identity.second_factor import (
    enrol_totp,
    new_totp_secret,
    pass_login_factor,
    provisioning_uri,
    start_login_factor,
)
from dancu.identity.sessions import (
    SESSION_COOKIE,
    current_login,
    second_factor_pending,
    session_login,
    totp_enrolment_pending,
)
from dancu.registry import policies
from dancu.registry.models import Citizen
from dancu.registry.queries import citizen_by_pin
from dancu.web.deps import DbSession, Public, Requires, language
from dancu.web.pages import discard
from dancu.web.pages import page as officer_page
from dancu.web.templating import render
from dancu.web.transaction import UnitOfWorkRoute, commit_then_refuse

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)
PinPath = Annotated[str, Path(pattern=r"^[0-9]{12}$")]


def _safe_next(target: str | None) -> str:
    """The page the login form sends on to: a local path, or nothing (the user's own start page)."""
    return local_path(target) or ""


def _landing(login_session: LoginSession, next: str | None) -> str:
    """Where the user was going if that is within their own area, else their start page:
    citizens the identity app, organisation members the portal, officers their role's page."""
    account = login_session.account
    target = local_path(next)
    # Any user may be on their way to a relying party's "log in with dancu": the authorization
    # request (consent screen) is where that login continues.
    oidc = "/oidc/authorize"
    if account.kind is AccountKind.CITIZEN:
        areas: tuple[str, ...] = ("/app", "/cong/", oidc)
    elif account.kind is AccountKind.ORG_MEMBER:
        # Lookups and verification (/portal) and exploitation requests (/cong/de-nghi).
        areas = ("/portal", "/cong/", oidc)
    else:
        areas = ("/officer", "/fees/", "/dev/", "/oidc/", "/xac-minh")
    if target and target.startswith(areas):
        return target
    return home_of(account)


@router.get(
    "/login/second-factor", response_class=HTMLResponse, dependencies=[Depends(Public("second factor form"))]
)
async def second_factor_form(request: Request, session: DbSession, next: str | None = None) -> Response:
    login = await current_login(request, session)
    if login is None or not second_factor_pending(login):
        return RedirectResponse("/login", status_code=303)
    context = {
        "errors": {},
        "next": next or "",
        "csrf_token": login.csrf_token,
        "method": login.account.second_factor.value,
    }
    return render(request, "identity/second_factor.html", context)


@router.post("/login/second-factor", dependencies=[Depends(Public("second factor form"))])
async def second_factor_submit(
    request: Request,
    session: DbSession,
    code: Annotated[str, Form(max_length=8)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    login = await current_login(request, session)
    if login is None or not second_factor_pending(login):
        return RedirectResponse("/login", status_code=303)
    if not hmac.compare_digest(csrf_token, login.csrf_token):
        raise Forbidden("auth.csrf_failed")
    method = login.account.second_factor.value
    context: dict[str, object] = {"next": next, "csrf_token": login.csrf_token, "method": method}
    try:
        actions.ensure_second_factor_open(login.account)
    except DomainError as exc:
        context["errors"] = {"_form": t(exc.code, language(request), **exc.params)}
        response = render(request, "identity/second_factor.html", context, status_code=exc.status)
        response.headers["Retry-After"] = str(exc.params.get("seconds", 1))
        return response
    if await pass_login_factor(session, login, code):
        return _completed(request, login, next)
    await actions.second_factor_failed(session, login, settings=request.app.state.settings)
    await commit_then_refuse(session)
    if login.revoked_at is not None:
        return _locked_out(request, login)
    context["errors"] = {"_form": t("eid.code_invalid", language(request))}
    return render(request, "identity/second_factor.html", context, status_code=401)


def _set_session_cookie(request: Request, response: Response, token: str) -> None:
    settings = request.app.state.settings
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_hours * 3600,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
    )


def _completed(request: Request, login: LoginSession, next: str) -> Response:
    """The second factor has passed: the session gets a new token (the one that reached this step,
    by whatever way it was set in the browser, opens nothing now) and the user goes on."""
    response = RedirectResponse(_landing(login, next), status_code=303)
    _set_session_cookie(request, response, actions.rotate_session(login))
    return response


def _locked_out(request: Request, login: LoginSession) -> Response:
    """Too many wrong codes: the session has ended; the login form says why and for how long."""
    until = login.account.factor_locked_until or now_utc()
    seconds = max(int((until - now_utc()).total_seconds()) + 1, 1)
    message = t("auth.second_factor_locked", language(request), seconds=seconds)
    response = _login_page(request, next="", username="", errors={"_form": message}, status_code=429)
    response.headers["Retry-After"] = str(seconds)
    response.delete_cookie(SESSION_COOKIE)
    return response


# --- An officer's first login: enrol TOTP before any officer permission works --------------------


def _totp_context(login: LoginSession, secret: str, next: str) -> dict[str, object]:
    uri = provisioning_uri(login.account, secret)
    return {
        "errors": {},
        "next": next,
        "csrf_token": login.csrf_token,
        "secret": secret,
        "uri": uri,
        "qr": segno.make(uri, error="m").svg_data_uri(scale=4),
    }


@router.get(
    "/login/totp-setup", response_class=HTMLResponse, dependencies=[Depends(Public("TOTP enrolment form"))]
)
async def totp_setup_form(request: Request, session: DbSession, next: str | None = None) -> Response:
    login = await current_login(request, session)
    if login is None or not totp_enrolment_pending(login):
        return RedirectResponse("/login", status_code=303)
    return render(request, "identity/totp_setup.html", _totp_context(login, new_totp_secret(), next or ""))


@router.post("/login/totp-setup", dependencies=[Depends(Public("TOTP enrolment form"))])
async def totp_setup_submit(
    request: Request,
    session: DbSession,
    secret: Annotated[str, Form(pattern=r"^[A-Z2-7]{16,64}$")],
    code: Annotated[str, Form(max_length=8)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    login = await current_login(request, session)
    if login is None or not totp_enrolment_pending(login):
        return RedirectResponse("/login", status_code=303)
    if not hmac.compare_digest(csrf_token, login.csrf_token):
        raise Forbidden("auth.csrf_failed")
    context = _totp_context(login, secret, next)
    try:
        actions.ensure_second_factor_open(login.account)
        await enrol_totp(session, login.account, secret=secret, code=code)
    except DomainError as exc:
        await actions.second_factor_failed(session, login, settings=request.app.state.settings)
        await commit_then_refuse(session)
        if login.revoked_at is not None:
            return _locked_out(request, login)
        context["errors"] = {"_form": t(exc.code, language(request), **exc.params)}
        return render(request, "identity/totp_setup.html", context, status_code=exc.status)
    # The code just proved the authenticator: that is this session's second factor too.
    login.second_factor_passed_at = now_utc()
    return _completed(request, login, next)


# The login form has no session yet to hold a CSRF token: the form carries one that must match a
# cookie set with the form (double submit), so another site cannot log a browser into its account.
LOGIN_CSRF_COOKIE = "dancu_login_csrf"


def _login_csrf(request: Request) -> str:
    """The browser's login-form token if it has a well-formed one, else a new one."""
    current = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    return current if 32 <= len(current) <= 64 and current.isascii() else secrets.token_urlsafe(32)


def _set_login_csrf(request: Request, response: Response, token: str) -> None:
    settings = request.app.state.settings
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, secure=settings.cookie_secure, samesite="lax", path="/login"
    )


def _login_page(
    request: Request, *, next: str | None, username: str, errors: dict[str, str], status_code: int = 200
) -> Response:
    token = _login_csrf(request)
    context = {"errors": errors, "next": _safe_next(next), "username": username, "login_csrf": token}
    response = render(request, "identity/login.html", context, status_code=status_code)
    _set_login_csrf(request, response, token)
    return response


@router.get("/login", response_class=HTMLResponse, dependencies=[Depends(Public("login form"))])
async def login_form(request: Request, next: str | None = None) -> Response:
    return _login_page(request, next=next, username="", errors={})


@router.post("/login", dependencies=[Depends(Public("login form"))])
async def login_submit(
    request: Request,
    session: DbSession,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    settings = request.app.state.settings
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(csrf_token.encode(), cookie.encode()):
        message = t("auth.login_form_expired", language(request))
        return _login_page(request, next=next, username=username, errors={"_form": message}, status_code=403)
    try:
        login_session, token = await actions.login(
            session, username=username, password=password, settings=settings
        )
    except DomainError as exc:
        await commit_then_refuse(session)  # the failure counts towards the lock-out
        message = t(exc.code, language(request), **exc.params)
        response = _login_page(
            request, next=next, username=username, errors={"_form": message}, status_code=exc.status
        )
        if "seconds" in exc.params:
            response.headers["Retry-After"] = str(exc.params["seconds"])
        return response
    # The browser's earlier session, if it had one, ends: a login always leaves one new token.
    earlier = await current_login(request, session)
    if earlier is not None and earlier.id != login_session.id and request.state.login_from_cookie:
        earlier.revoked_at = now_utc()
    target = _landing(login_session, next)
    if totp_enrolment_pending(login_session):
        target = "/login/totp-setup?next=" + quote(target)
    elif second_factor_pending(login_session):
        try:
            await start_login_factor(session, login_session)
        except DomainError as exc:
            await session.rollback()
            message = t(exc.code, language(request), **exc.params)
            return _login_page(
                request, next=next, username=username, errors={"_form": message}, status_code=exc.status
            )
        target = "/login/second-factor?next=" + quote(target)
    response = RedirectResponse(target, status_code=303)
    _set_session_cookie(request, response, token)
    return response


@router.post("/logout")
async def logout_submit(
    request: Request,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.SELF))],
    everywhere: Annotated[bool, Form()] = False,
) -> Response:
    login = session_login(request)
    await actions.logout(session, login, everywhere=everywhere, actor=actor)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


# --- The officer's e-ID page for a citizen (NĐ 69 Điều 10: level 2; Luật Điều 34: lock) ------------

# The outcome a redirect names (?notice=…), said through the catalogue (eid_text.notice_*).
EID_NOTICES = frozenset({"upgraded", "locked", "unlocked"})


async def _eid_context(session: DbSession, actor: Actor, pin: str) -> dict[str, object]:
    citizen = await citizen_by_pin(session, pin)
    policies.ensure_citizen_in_territory(actor, citizen)
    account = await citizens.account_of_citizen(session, citizen.id)
    lock = await citizens.open_lock(session, account) if account is not None else None
    return {
        "citizen": {"pin": citizen.pin, "full_name": citizen.full_name},
        "account": account,
        "lock": lock,
        # Luật Căn cước Điều 34: the deceased's e-ID stays locked; the page offers no unlock.
        "dead": citizen.status is not LifeStatus.ALIVE,
        "_citizen": citizen,
    }


def _citizen_of(context: dict[str, object]) -> Citizen:
    citizen = context["_citizen"]
    assert isinstance(citizen, Citizen)
    return citizen


def _account_of(context: dict[str, object]) -> Account:
    account = context["account"]
    if not isinstance(account, Account):
        raise DomainError("eid.account_not_found", status=404)
    return account


@router.get("/officer/citizens/{pin}/eid", response_class=HTMLResponse)
async def eid_page(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.EID_UPGRADE))],
    notice: str = "",
) -> Response:
    context = await _eid_context(session, actor, pin)
    context["notice"] = t(f"eid_text.notice_{notice}", language(request)) if notice in EID_NOTICES else ""
    return officer_page(request, "identity/officer_eid.html", context)


@router.post("/officer/citizens/{pin}/eid/level2")
async def eid_level2(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.EID_UPGRADE))],
    card_presented: Annotated[bool, Form()] = False,
    form_tk01: Annotated[bool, Form()] = False,
    mobile_confirmed: Annotated[bool, Form()] = False,
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    context = await _eid_context(session, actor, pin)
    try:
        await citizens.upgrade_to_level2(
            session,
            _citizen_of(context),
            card_presented=card_presented,
            form_tk01=form_tk01,
            mobile_confirmed=mobile_confirmed,
            note=note,
            actor=actor,
        )
    except DomainError as exc:
        await discard(request, session)
        context = await _eid_context(session, actor, pin)
        context["errors"] = {"_form": t(exc.code, language(request), **exc.params)}
        return officer_page(request, "identity/officer_eid.html", context, status_code=exc.status)
    return RedirectResponse(f"/officer/citizens/{pin}/eid?notice=upgraded", status_code=303)


@router.post("/officer/citizens/{pin}/eid/lock")
async def eid_lock(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.EID_LOCK))],
    action: Annotated[str, Form(pattern="^(lock|unlock)$")] = "lock",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    context = await _eid_context(session, actor, pin)
    try:
        account = _account_of(context)
        if not reason.strip():
            raise DomainError("eid.reason_required", status=422)
        if action == "lock":
            await citizens.lock(session, account, source=LockSource.OFFICER, reason=reason, actor=actor)
        else:
            await citizens.unlock(session, account, by_holder=False, reason=reason, actor=actor)
    except DomainError as exc:
        await discard(request, session)
        context = await _eid_context(session, actor, pin)
        context["errors"] = {"_form": t(exc.code, language(request), **exc.params)}
        return officer_page(request, "identity/officer_eid.html", context, status_code=exc.status)
    return RedirectResponse(f"/officer/citizens/{pin}/eid?notice={action}ed", status_code=303)
