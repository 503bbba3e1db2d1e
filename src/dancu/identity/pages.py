"""Officer login and logout pages (server-rendered, cookie session)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.errors import DomainError
from dancu.i18n import t
from dancu.identity import actions
from dancu.web.deps import SESSION_COOKIE, DbSession, Public, Requires, current_login, language
from dancu.web.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    # Only local paths: an open redirect would let a phishing link borrow our login page.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/officer/citizens"


@router.get("/", dependencies=[Depends(Public("home redirects to the console"))])
async def home() -> RedirectResponse:
    return RedirectResponse("/officer/citizens", status_code=303)


@router.get("/login", response_class=HTMLResponse, dependencies=[Depends(Public("login form"))])
async def login_form(request: Request, next: str | None = None) -> Response:
    return render(request, "identity/login.html", {"errors": {}, "next": _safe_next(next), "username": ""})


@router.post("/login", dependencies=[Depends(Public("login form"))])
async def login_submit(
    request: Request,
    session: DbSession,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    settings = request.app.state.settings
    try:
        _login_session, token = await actions.login(
            session, username=username, password=password, settings=settings
        )
    except DomainError as exc:
        await session.commit()  # the failure counts towards the lock-out
        message = t(exc.code, language(request), **exc.params)
        return render(
            request,
            "identity/login.html",
            {"errors": {"_form": message}, "next": _safe_next(next), "username": username},
            status_code=exc.status,
        )
    await session.commit()
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_hours * 3600,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
    )
    return response


@router.post("/logout")
async def logout_submit(
    request: Request,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.SELF))],
    everywhere: Annotated[bool, Form()] = False,
) -> Response:
    login = await current_login(request, session)
    assert login is not None  # Requires has authenticated the caller
    await actions.logout(session, login, everywhere=everywhere, actor=actor)
    await session.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
