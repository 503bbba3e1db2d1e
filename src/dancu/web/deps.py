"""Request-scoped dependencies: the unit of work, the actor, and the permission every route declares.

Every route depends on exactly one of :class:`Requires` (a permission) or :class:`Public`; a test
walks the routes and fails for any that declares neither.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.access.policies import ensure_eid_level2
from dancu.db.engine import SQLITE_READ_ONLY
from dancu.errors import Forbidden, Unauthenticated
from dancu.web.lang import language as language  # pages take it from here
from dancu.web.rate_limit import take_for_account
from dancu.web.transaction import SESSION_STATE


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One unit of work per request, committed by the route boundary (:mod:`dancu.web.transaction`)
    before the response leaves; handlers never commit. This exit runs after the response is sent,
    so it only rolls back what an error left and closes the session."""
    async with request.app.state.sessionmaker() as session:
        setattr(request.state, SESSION_STATE, session)
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise


DbSession = Annotated[AsyncSession, Depends(get_session)]


def _read_only(dialect: str) -> dict[str, object]:
    # SQLite: a deferred BEGIN, which never takes the write lock the group commit needs.
    return {"isolation_level": "AUTOCOMMIT"} if dialect == "postgresql" else dict(SQLITE_READ_ONLY)


async def get_read_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The unit of work of a route that only reads (its access-log entries are committed by the
    group commit, not here). On PostgreSQL its statements run in autocommit, each in its own
    snapshot, which spares the BEGIN and COMMIT round trips; on SQLite its transaction is deferred
    (it never holds the write lock the group commit waits for). A write in it would be an error of
    the route; the boundary still ends it. A session already in a transaction or bound to a
    connection (the tests' shared one) is used as it is."""
    async with request.app.state.sessionmaker() as session:
        setattr(request.state, SESSION_STATE, session)
        if not session.in_transaction() and not isinstance(session.bind, AsyncConnection):
            await session.connection(execution_options=_read_only(session.get_bind().dialect.name))
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise


ReadSession = Annotated[AsyncSession, Depends(get_read_session)]


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header, if the request carries one."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


# The login session (cookie or bearer session token) is identity's business: identity registers
# the authenticator that turns it into an Actor, so this layer needs no account tables. Without
# one registered every protected route answers 401.
LoginAuthenticator = Callable[[Request, AsyncSession], Awaitable[Actor | None]]
_login_authenticators: list[LoginAuthenticator] = []


def register_login_authenticator(authenticator: LoginAuthenticator) -> None:
    if authenticator not in _login_authenticators:
        _login_authenticators.append(authenticator)


# Bearer tokens that are not session tokens (OIDC access tokens of relying parties and machine
# clients) are checked by authenticators that their package registers at import.
BearerAuthenticator = Callable[[AsyncSession, str], Awaitable[Actor | None]]
_bearer_authenticators: list[BearerAuthenticator] = []


def register_bearer_authenticator(authenticator: BearerAuthenticator) -> None:
    if authenticator not in _bearer_authenticators:
        _bearer_authenticators.append(authenticator)


async def _actor_from_bearer(request: Request, session: AsyncSession) -> Actor | None:
    token = bearer_token(request)
    if not token:
        return None
    for authenticate in _bearer_authenticators:
        actor = await authenticate(session, token)
        if actor is not None:
            return actor
    return None


async def _authenticate(request: Request, session: AsyncSession) -> Actor | None:
    """The caller: a login session first (its authenticator refuses a session that is not yet
    usable), else a bearer token that one of the registered authenticators accepts."""
    for authenticate in _login_authenticators:
        actor = await authenticate(request, session)
        if actor is not None:
            return actor
    return await _actor_from_bearer(request, session)


def account_key(actor: Actor) -> str:
    """One bucket per account; machine clients (no account) per organisation and client label."""
    if actor.account_id is not None:
        return f"account:{actor.account_id}"
    return f"client:{actor.organisation_id}:{actor.label}"


class Requires:
    """Dependency: the caller must be logged in and hold ``permission``."""

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    async def __call__(self, request: Request, session: DbSession) -> Actor:
        return await self.check(request, session)

    async def check(self, request: Request, session: AsyncSession) -> Actor:
        actor = await _authenticate(request, session)
        if actor is None:
            raise Unauthenticated("auth.required")
        # Known before the check, so a refusal page can offer the user's own start page.
        request.state.authenticated_actor = actor
        take_for_account(request, account_key(actor))
        if not actor.can(self.permission):
            raise Forbidden("auth.permission_denied", permission=self.permission.value)
        request.state.actor = actor
        return actor


# Set on the request by :class:`RequiresForRead`: the route needs the actor and nothing of the login
# session, so the login authenticator may answer with an actor it kept for a few seconds.
KEEP_ACTOR = "keep_actor"


class RequiresForRead(Requires):
    """Dependency: as :class:`Requires`, for a hot API route whose unit of work only reads
    (:data:`ReadSession`, shared with the route) and that needs only the actor: a bearer session's
    actor may come from the identity package's short-lived cache (docs/adr/0017)."""

    async def __call__(self, request: Request, session: ReadSession) -> Actor:
        setattr(request.state, KEEP_ACTOR, True)
        return await self.check(request, session)


class RequiresKept(Requires):
    """Dependency: as :class:`Requires` (the route's unit of work may write), for a hot API route
    that needs only the actor of the login session (yes/no verification): a bearer session's actor
    may come from the identity package's short-lived cache, as with :class:`RequiresForRead`."""

    async def __call__(self, request: Request, session: DbSession) -> Actor:
        setattr(request.state, KEEP_ACTOR, True)
        return await self.check(request, session)


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
