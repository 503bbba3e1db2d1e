"""The front door (/): what dancu is and one entry per kind of user; each user's own start page; the
language switch kept in a cookie, which wins over the browser's Accept-Language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dancu.i18n import Lang
from dancu.identity.models import Account, AccountKind
from dancu.identity.sessions import current_login, second_factor_pending, totp_enrolment_pending
from dancu.web.deps import DbSession, Public
from dancu.web.homes import OFFICER_HOME
from dancu.web.templating import render
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)

LANG_COOKIE = "lang"
LANG_COOKIE_DAYS = 365


def local_path(target: str | None) -> str | None:
    # Only local paths: an open redirect would let a phishing link borrow our pages.
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return None


def home_of(account: Account) -> str:
    """Where a user starts: citizens in the identity app, organisation members in the portal,
    officers on their role's page (work queue, log or systems)."""
    if account.kind is AccountKind.CITIZEN:
        return "/app"
    if account.kind is AccountKind.ORG_MEMBER:
        return "/portal"
    if account.role is not None:
        return OFFICER_HOME[account.role]
    return "/"


@router.get("/", response_class=HTMLResponse, dependencies=[Depends(Public("the public front door"))])
async def front_door(request: Request, session: DbSession) -> Response:
    login = await current_login(request, session)
    signed_in = None
    if login is not None and not second_factor_pending(login) and not totp_enrolment_pending(login):
        signed_in = {"name": login.account.display_name, "home": home_of(login.account)}
    return render(request, "identity/front.html", {"signed_in": signed_in})


@router.get("/lang/{code}", dependencies=[Depends(Public("the language switch"))])
async def switch_language(
    request: Request, code: Annotated[Lang, Path()], next: str | None = None
) -> RedirectResponse:
    response = RedirectResponse(local_path(next) or "/", status_code=303)
    response.set_cookie(
        LANG_COOKIE,
        code.value,
        max_age=LANG_COOKIE_DAYS * 86400,
        httponly=True,
        secure=request.app.state.settings.cookie_secure,
        samesite="lax",
    )
    return response
