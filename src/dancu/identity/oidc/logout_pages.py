"""RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): the end-session endpoint.

A relying party sends the user here with the ID token it holds (``id_token_hint``), where to go
afterwards (``post_logout_redirect_uri``, which must be one the client registered) and ``state``.
When the hint names the user logged in here, the dancu session ends at once; otherwise the user is
asked first (a link from anywhere must not log people out), with the session's CSRF token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from joserfc import jwt
from joserfc.errors import JoseError

from dancu.access.actor import Actor
from dancu.errors import DomainError
from dancu.i18n import t
from dancu.identity import actions as identity_actions
from dancu.identity.models import LoginSession
from dancu.identity.oidc import keys, tokens
from dancu.identity.oidc.api import issuer_of
from dancu.identity.oidc.models import ClientKind, OidcClient
from dancu.identity.oidc.pages import render
from dancu.identity.principals import actor_for_account
from dancu.identity.sessions import SESSION_COOKIE, check_csrf, current_login
from dancu.web.deps import DbSession, Public, language
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)

PARAMS = ("id_token_hint", "client_id", "post_logout_redirect_uri", "state", "ui_locales", "logout_hint")
MAX_PARAM = 4096
LOGGED_OUT = "/login?logged_out=1"


class LogoutError(Exception):
    """A request the OP must not act on: shown to the user (its argument is the message's key), never
    redirected (the target is unverified)."""


@dataclass
class EndSession:
    client: OidcClient | None
    sub: str | None  # the pairwise subject the ID token was issued for
    redirect_uri: str | None
    state: str | None

    def after(self) -> str:
        if self.redirect_uri is None:
            return LOGGED_OUT
        if self.state is None:
            return self.redirect_uri
        separator = "&" if "?" in self.redirect_uri else "?"
        return self.redirect_uri + separator + urlencode({"state": self.state})


async def _hint_claims(request: Request, session: DbSession, hint: str) -> dict[str, Any]:
    """The claims of an ID token this provider signed (expired ones too: OIDC RP-Initiated Logout §2)."""
    try:
        decoded = jwt.decode(hint, await keys.verification_keys(session), algorithms=list(keys.ALGS))
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        raise LogoutError("oidc_error.bad_id_token_hint") from exc
    claims = dict(decoded.claims)
    if decoded.header.get("typ") == "at+jwt" or claims.get("iss") != issuer_of(request):
        raise LogoutError("oidc_error.foreign_id_token_hint")
    return claims


async def _parse(request: Request, session: DbSession, raw: dict[str, str]) -> EndSession:
    params = {k: v for k, v in raw.items() if k in PARAMS and v}
    if any(len(v) > MAX_PARAM for v in params.values()):
        raise LogoutError("oidc_error.logout_parameter_too_long")
    client_id, sub = params.get("client_id"), None
    if "id_token_hint" in params:
        claims = await _hint_claims(request, session, params["id_token_hint"])
        aud = claims.get("aud")
        audience = aud[0] if isinstance(aud, list) and len(aud) == 1 else aud
        if not isinstance(audience, str) or (client_id is not None and client_id != audience):
            raise LogoutError("oidc_error.client_id_mismatch")
        client_id, sub = audience, claims.get("sub") if isinstance(claims.get("sub"), str) else None
    client = await tokens.client_by_id(session, client_id) if client_id else None
    if client_id and (client is None or client.kind is not ClientKind.RELYING_PARTY):
        raise LogoutError("oidc_error.logout_unknown_client")
    redirect_uri = params.get("post_logout_redirect_uri")
    if redirect_uri is not None and (client is None or redirect_uri not in client.post_logout_redirect_uris):
        # Only an address the client registered, and only for a client we know (§3).
        raise LogoutError("oidc_error.logout_redirect_mismatch")
    return EndSession(client, sub, redirect_uri, params.get("state"))


async def _is_holder(session: DbSession, end: EndSession, login: LoginSession) -> bool:
    """Whether the ID token was issued to the account logged in here."""
    if end.client is None or end.sub is None:
        return False
    account = await tokens.account_for_subject(session, end.sub, end.client.organisation_id)
    return account is not None and account.id == login.account_id


async def _log_out(request: Request, session: DbSession, login: LoginSession, end: EndSession) -> Response:
    try:
        actor = await actor_for_account(session, login.account)
    except DomainError:
        actor = Actor.system(f"{login.account.display_name} ({login.account.username})")
    await identity_actions.logout(session, login, everywhere=False, actor=actor)
    response = RedirectResponse(end.after(), status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _error(request: Request, exc: LogoutError) -> Response:
    message = t(str(exc), language(request))
    return render(request, "oidc/error.html", {"message": message, "back": None}, status_code=400)


@router.get("/oidc/logout", dependencies=[Depends(Public("OIDC RP-initiated logout (end session)"))])
async def end_session(request: Request, session: DbSession) -> Response:
    try:
        end = await _parse(request, session, dict(request.query_params))
    except LogoutError as exc:
        return _error(request, exc)
    login = await current_login(request, session)
    if login is None or not request.state.login_from_cookie:
        return RedirectResponse(end.after(), status_code=303)  # nobody is logged in here
    if await _is_holder(session, end, login):
        return await _log_out(request, session, login, end)
    params = {k: v for k, v in request.query_params.items() if k in PARAMS}
    context = {"client": end.client, "params": params, "csrf_token": login.csrf_token}
    return render(request, "oidc/logout.html", context)


@router.post("/oidc/logout", dependencies=[Depends(Public("OIDC RP-initiated logout (end session)"))])
async def end_session_confirmed(request: Request, session: DbSession) -> Response:
    """The user confirmed the logout (the session's CSRF token is checked)."""
    form = await request.form()
    raw = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    try:
        end = await _parse(request, session, raw)
    except LogoutError as exc:
        return _error(request, exc)
    login = await current_login(request, session)
    if login is None or not request.state.login_from_cookie:
        return RedirectResponse(end.after(), status_code=303)
    await check_csrf(request, login)
    return await _log_out(request, session, login, end)
