"""Login sessions on requests: the session token (cookie or bearer), CSRF for cookie-authenticated
unsafe requests, the second-factor gates, and the authenticator that turns a usable login session
into the Actor that ``dancu.web.deps.Requires`` checks.

The authenticator is registered with the web layer when this module is imported (every identity
router imports it), so the web layer itself needs no account tables.
"""

from __future__ import annotations

import datetime as dt
import hmac

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager

from dancu.access.actor import Actor
from dancu.access.models import Organisation
from dancu.clock import now_utc
from dancu.errors import Forbidden, Unauthenticated
from dancu.identity import login_cache
from dancu.identity.models import Account, AccountKind, LoginSession, SecondFactor
from dancu.identity.principals import actor_for_account
from dancu.web.deps import KEEP_ACTOR, bearer_token, register_login_authenticator
from dancu.web_tokens import SESSION_COOKIE as SESSION_COOKIE  # the pages set and clear it here
from dancu.web_tokens import token_hash

CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _presented_token(request: Request) -> tuple[str | None, bool]:
    """The session token and whether it came from a cookie (ambient, so CSRF applies)."""
    bearer = bearer_token(request)
    if bearer is not None:
        return bearer, False
    return request.cookies.get(SESSION_COOKIE), True


async def current_login(request: Request, session: AsyncSession) -> LoginSession | None:
    if hasattr(request.state, "login"):
        login: LoginSession | None = request.state.login
        return login
    token, from_cookie = _presented_token(request)
    login = None
    if token:
        # The account and, for an organisation's staff, the organisation come in the same statement:
        # the organisation lands in the session's identity map, where building the actor
        # (``session.get``) finds it without a second round trip on every request.
        found = (
            await session.execute(
                select(LoginSession, Organisation)
                .join(LoginSession.account)
                .outerjoin(Organisation, Organisation.id == Account.organisation_id)
                .options(contains_eager(LoginSession.account))
                .where(LoginSession.token_hash == token_hash(token))
            )
        ).first()
        login, organisation = found if found is not None else (None, None)
        # The identity map holds objects weakly: the request keeps the organisation alive for it.
        request.state.login_organisation = organisation
        if login is not None and (
            login.revoked_at is not None or login.expires_at <= now_utc() or not login.account.active
        ):
            login = None
    request.state.login = login
    request.state.login_from_cookie = from_cookie
    return login


async def _check_csrf(request: Request, login: LoginSession) -> None:
    """Unsafe requests authenticated by the ambient cookie must echo the session's CSRF token,
    as a header (API, htmx) or as the ``csrf_token`` form field (pages)."""
    if request.method in SAFE_METHODS or not getattr(request.state, "login_from_cookie", False):
        return
    presented = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if presented is None and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        field = (await request.form()).get("csrf_token")
        presented = field if isinstance(field, str) else None
    if presented is None or not hmac.compare_digest(presented, login.csrf_token):
        raise Forbidden("auth.csrf_failed")


# For Public routes that act on a session still being completed (second factor, TOTP enrolment).
check_csrf = _check_csrf


def second_factor_pending(login: LoginSession) -> bool:
    """A session opened with the password alone is not usable until its second factor passes."""
    return factor_pending(login.account.second_factor, login.second_factor_passed_at)


def factor_pending(second_factor: SecondFactor, passed_at: dt.datetime | None) -> bool:
    return second_factor is not SecondFactor.NONE and passed_at is None


# Officers, and the staff of organisations (k1 agencies, banks) who look people up through the
# portal, hold their permissions only behind TOTP.
TOTP_KINDS = frozenset({AccountKind.OFFICER, AccountKind.ORG_MEMBER})


def totp_enrolment_pending(login: LoginSession) -> bool:
    """An officer or organisation member without TOTP must enrol one before the session is usable.
    There is no setting to switch this off."""
    return totp_missing(login.account.kind, login.account.second_factor)


def totp_missing(kind: AccountKind, second_factor: SecondFactor) -> bool:
    return kind in TOTP_KINDS and second_factor is not SecondFactor.TOTP


def second_factor_step(login: LoginSession) -> str | None:
    """What the session still lacks before it is usable: ``enrol_totp``, the pending method, or None."""
    if totp_enrolment_pending(login):
        return "enrol_totp"
    if second_factor_pending(login):
        return login.account.second_factor.value
    return None


def session_login(request: Request) -> LoginSession:
    """The login session behind the request; call after ``Requires``. Callers authenticated by an
    access token (relying parties, machine clients) have none and are refused here."""
    login: LoginSession | None = getattr(request.state, "login", None)
    if login is None:
        raise Forbidden("auth.session_required")
    return login


def _cache_key(request: Request) -> str | None:
    """The kept actor's key (login_cache): a bearer session's token digest, on a route that needs
    only the actor (``Requires(..., keep_actor=True)``), else None."""
    seconds: float = getattr(request.app.state.settings, "auth_cache_seconds", 0.0)
    token = bearer_token(request)
    if seconds <= 0 or token is None or not getattr(request.state, KEEP_ACTOR, False):
        return None
    return token_hash(token)


async def actor_for_login(request: Request, session: AsyncSession) -> Actor | None:
    """The actor of the request's login session, or None when it presents none; a session whose
    second factor (or an officer's TOTP enrolment) is still pending is refused, not ignored."""
    key = _cache_key(request)
    if key is not None and (kept := login_cache.get(key)) is not None:
        return kept
    login = await current_login(request, session)
    if login is None:
        return None
    if totp_enrolment_pending(login):
        raise Unauthenticated("auth.second_factor_enrolment_required")
    if second_factor_pending(login):
        raise Unauthenticated("auth.second_factor_required")
    await _check_csrf(request, login)
    actor = await actor_for_account(session, login.account)
    if key is not None:
        left = (login.expires_at - now_utc()).total_seconds()
        login_cache.put(key, actor, seconds=request.app.state.settings.auth_cache_seconds, session_left=left)
    return actor


register_login_authenticator(actor_for_login)
