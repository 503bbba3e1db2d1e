"""Request-scoped dependencies: the unit of work, the actor, and the permission every route declares.

Every route depends on exactly one of :class:`Requires` (a permission) or :class:`Public`; a test
walks the routes and fails for any that declares neither.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.access.policies import ensure_eid_level2
from dancu.clock import now_utc
from dancu.errors import Forbidden, Unauthenticated
from dancu.i18n import Lang, negotiate
from dancu.identity.models import AccountKind, LoginSession, SecondFactor
from dancu.identity.principals import actor_for_account
from dancu.web.rate_limit import take_for_account
from dancu.web_tokens import token_hash

SESSION_COOKIE = "dancu_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One unit of work per request. Handlers commit once; anything else is rolled back."""
    async with request.app.state.sessionmaker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise


DbSession = Annotated[AsyncSession, Depends(get_session)]


def language(request: Request) -> Lang:
    cached = getattr(request.state, "lang", None)
    if cached is None:
        cached = negotiate(request.headers.get("accept-language"), request.cookies.get("lang"))
        request.state.lang = cached
    return cached


def _presented_token(request: Request) -> tuple[str | None, bool]:
    """The session token and whether it came from a cookie (ambient, so CSRF applies)."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip(), False
    return request.cookies.get(SESSION_COOKIE), True


async def current_login(request: Request, session: AsyncSession) -> LoginSession | None:
    if hasattr(request.state, "login"):
        login: LoginSession | None = request.state.login
        return login
    token, from_cookie = _presented_token(request)
    login = None
    if token:
        login = await session.scalar(
            select(LoginSession)
            .options(joinedload(LoginSession.account))
            .where(LoginSession.token_hash == token_hash(token))
        )
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
    return login.account.second_factor is not SecondFactor.NONE and login.second_factor_passed_at is None


def totp_enrolment_pending(login: LoginSession) -> bool:
    """Officers hold every officer permission only behind TOTP: an officer without one must enrol
    before the session is usable. There is no setting to switch this off."""
    return login.account.kind is AccountKind.OFFICER and login.account.second_factor is not SecondFactor.TOTP


def second_factor_step(login: LoginSession) -> str | None:
    """What the session still lacks before it is usable: ``enrol_totp``, the pending method, or None."""
    if totp_enrolment_pending(login):
        return "enrol_totp"
    if second_factor_pending(login):
        return login.account.second_factor.value
    return None


# Bearer tokens that are not session tokens (OIDC access tokens of relying parties and machine
# clients) are checked by authenticators that their package registers at import.
BearerAuthenticator = Callable[[AsyncSession, str], Awaitable[Actor | None]]
_bearer_authenticators: list[BearerAuthenticator] = []


def register_bearer_authenticator(authenticator: BearerAuthenticator) -> None:
    if authenticator not in _bearer_authenticators:
        _bearer_authenticators.append(authenticator)


async def _actor_from_bearer(request: Request, session: AsyncSession) -> Actor | None:
    token, from_cookie = _presented_token(request)
    if not token or from_cookie:
        return None
    for authenticate in _bearer_authenticators:
        actor = await authenticate(session, token)
        if actor is not None:
            return actor
    return None


def session_login(request: Request) -> LoginSession:
    """The login session behind the request; call after ``Requires``. Callers authenticated by an
    access token (relying parties, machine clients) have none and are refused here."""
    login: LoginSession | None = getattr(request.state, "login", None)
    if login is None:
        raise Forbidden("auth.session_required")
    return login


def _account_key(actor: Actor) -> str:
    """One bucket per account; machine clients (no account) per organisation and client label."""
    if actor.account_id is not None:
        return f"account:{actor.account_id}"
    return f"client:{actor.organisation_id}:{actor.label}"


class Requires:
    """Dependency: the caller must be logged in and hold ``permission``."""

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    async def __call__(self, request: Request, session: DbSession) -> Actor:
        login = await current_login(request, session)
        if login is None:
            actor = await _actor_from_bearer(request, session)
            if actor is None:
                raise Unauthenticated("auth.required")
        else:
            if totp_enrolment_pending(login):
                raise Unauthenticated("auth.second_factor_enrolment_required")
            if second_factor_pending(login):
                raise Unauthenticated("auth.second_factor_required")
            await _check_csrf(request, login)
            actor = await actor_for_account(session, login.account)
        take_for_account(request, _account_key(actor))
        if not actor.can(self.permission):
            raise Forbidden("auth.permission_denied", permission=self.permission.value)
        request.state.actor = actor
        return actor


class RequiresLevel2(Requires):
    """Dependency: ``permission`` held by a citizen whose e-ID is level 2 (NĐ 69/2024 Điều 12, 13);
    a level-1 account gets 403 ``eid.level2_required`` naming its level."""

    async def __call__(self, request: Request, session: DbSession) -> Actor:
        actor = await super().__call__(request, session)
        ensure_eid_level2(actor)
        return actor


class Public:
    """Dependency marking a route that anyone may call (code tables, login, health)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    async def __call__(self) -> None:
        return None
