"""The k1 lookup routes' hot path on PostgreSQL (docs/adr/0017, "The hot path").

A :class:`HotRoute` stands first in the app's routes for ``POST /api/v1/lookup`` and
``POST /api/v1/lookup/batch``. It answers the common case itself, without FastAPI's dependency
solving, an ORM session or SQLAlchemy's statement execution:

- the caller is a bearer login session whose actor the process keeps (identity/login_cache.py, at
  most ``DANCU_AUTH_CACHE_SECONDS`` and never past the session's expiry);
- the body is JSON that the route's own model accepts;
- the app serves PostgreSQL from its own pool (no replicas, no PgBouncer).

Then it applies the same checks as the route (the account's rate limit, the route's permission,
and in the use case the group, channel, staff id, mandate fields and the name/date-of-birth
match), reads the people with the lookup's one statement on the pool's asyncpg connection, hands
the entries to the process's group commit and answers once they are durable. Errors are raised
as the route raises them, so the app's handlers answer the same problem+json.

Anything else goes to the route (:attr:`HotRoute.slow`) as if this one were not there: another
caller (a cookie session, an access token of a machine client, a bearer session the driver read
finds unusable, which the route refuses by name), a body the model refuses (the route's validation
names the field), SQLite. A cancelled PIN is read on the driver
path too (one more statement, by the PIN register); an actor built without its mandate's legal basis
is answered on the session path inside this route, with the actor and rate limit already taken.
The route itself stays in the app's routes, so the OpenAPI document is unchanged.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Generic, TypeVar

from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import Receive, Scope, Send

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.audit.group import GroupCommit
from dancu.db.engine import pooled_driver
from dancu.errors import Forbidden
from dancu.identity import login_cache
from dancu.identity.driver_login import bearer_actor, may_be_session
from dancu.lookup import use_cases
from dancu.lookup.queries import DriverConnection, SetsSource
from dancu.lookup.use_cases import Logged
from dancu.web.deps import Requires, account_key, get_read_session
from dancu.web.input_guard import replay
from dancu.web.rate_limit import take_for_account
from dancu.web.transaction import end_unit_of_work
from dancu.web_tokens import token_hash

In = TypeVar("In", bound=BaseModel)
Out = TypeVar("Out", bound=BaseModel)
OnDriver = Callable[[SetsSource, In, Actor], Awaitable[Logged[Out] | None]]
OnSession = Callable[[AsyncSession, In, Actor, GroupCommit], Awaitable[Out]]
HOT_PATH = "hot_path"  # app.state: True when the app may answer lookups on the driver path


def route_permission(route: APIRoute) -> Permission:
    """The permission the route's guard (a :class:`Requires` among its dependencies) demands."""
    pending = list(route.dependant.dependencies)
    while pending:
        dependency = pending.pop()
        if isinstance(dependency.call, Requires):
            return dependency.call.permission
        pending.extend(dependency.dependencies)
    raise LookupError(f"{route.path} declares no Requires")


def _bearer(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            text = value.decode("latin-1")
            return text[7:].strip() or None if text[:7].lower() == "bearer " else None
    return None


def _is_json(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-type":
            media: bytes = value.split(b";")[0].strip().lower()
            return media == b"application/json"
    return False


async def _body(receive: Receive) -> bytes:
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


@asynccontextmanager
async def kept_actor(scope: Scope) -> AsyncIterator[Actor | None]:
    """The actor the process keeps for the request's bearer session, when the app may answer on
    the driver path at all; None sends the request to the route. When no actor is kept, this request
    reads it on the driver (identity/driver_login.py) while later ones of the same session wait for
    it (identity/login_cache.py); a session that read cannot use gives None, and the block must then
    run the route before it ends (the route reads it again and names the refusal)."""
    state = scope["app"].state
    token = _bearer(scope)
    if not getattr(state, HOT_PATH, False) or state.settings.auth_cache_seconds <= 0 or token is None:
        yield None
        return
    digest = token_hash(token)
    actor = login_cache.get(digest)
    if actor is not None:
        yield actor
        return
    pending = login_cache.refreshing(digest)
    if pending is not None:
        yield await login_cache.wait_for_refresh(pending)
        return
    if not may_be_session(token):  # an access token (a machine client, a relying party): the route's
        yield None
        return
    login_cache.start_refresh(digest)
    try:
        async with pooled_connection(state) as connection:
            read = await bearer_actor(connection, digest)
        if read is None:
            yield None
            return
        seconds = state.settings.auth_cache_seconds
        login_cache.put(digest, read.actor, seconds=seconds, session_left=read.session_left)
        yield read.actor
    finally:
        login_cache.end_refresh(digest)


def take_checks(request: Request, actor: Actor, permission: Permission) -> None:
    """What :class:`Requires` does once it has the actor: the account's rate limit, then the
    permission; the actor is noted on the request as the route's guard notes it."""
    request.state.authenticated_actor = actor
    take_for_account(request, account_key(actor))
    if not actor.can(permission):
        raise Forbidden("auth.permission_denied", permission=permission.value)
    request.state.actor = actor


def driver_connection(request: Request) -> AbstractAsyncContextManager[DriverConnection]:
    """:func:`pooled_connection` of the request's app."""
    return pooled_connection(request.app.state)


@asynccontextmanager
async def pooled_connection(state: Any) -> AsyncIterator[DriverConnection]:
    """An asyncpg connection of the app's pool (the pool's checkout rules and idle ping apply), or,
    when the app's sessions are not its own pool's (the tests' shared savepoint session), the
    driver connection under a session of theirs. A connection that fails as "database unavailable"
    is thrown away and the pool renewed, as ``watch_failover`` does for the ORM path."""
    if state.sessionmaker is not state.own_sessionmaker:
        async with state.sessionmaker() as session:
            connection = await (await session.connection()).get_raw_connection()
            yield connection.driver_connection
        return
    async with _slots(state), pooled_driver(state.engine) as driver:
        yield driver


def _slots(state: Any) -> asyncio.Semaphore:
    """At most the pool's size of hot reads at once: beyond it the pool would open an overflow
    connection for each read and close it on return (a connection, its authentication and its
    type set-up per request); a read waits for a pooled connection instead."""
    slots: asyncio.Semaphore | None = getattr(state, "hot_slots", None)
    if slots is None:
        slots = state.hot_slots = asyncio.Semaphore(max(1, state.engine.sync_engine.pool.size()))
    return slots


class HotBase(BaseRoute):
    """What every hot route shares: it stands for ``slow`` (a route of the app with no path
    parameters) on ``method`` of its path, demands the permission ``slow``'s guard demands, and is
    never a target of ``url_path_for`` (``slow`` stays in the app's routes for that and for the
    OpenAPI document)."""

    method = "GET"

    def __init__(self, slow: APIRoute) -> None:
        self.slow = slow
        self.path = slow.path
        self.name = f"{slow.name}_hot"
        self.permission = route_permission(slow)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and scope["method"] == self.method and scope["path"] == self.path:
            return Match.FULL, {"endpoint": self.slow.endpoint, "path_params": {}}
        return Match.NONE, {}

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        raise NoMatchFound(name, path_params)


class HotPost(HotBase, Generic[In, Out]):
    """``POST`` of ``slow``'s path, answered on the driver path when it can, else by ``slow``: the
    part every hot ``POST`` shares (the lookups', the verification's). A caller whose actor is not
    kept, a body that is not JSON or that :meth:`parse` refuses go to ``slow``; the rest is
    :meth:`answer`'s, whose answer :meth:`dump` writes."""

    method = "POST"

    def parse(self, body: bytes) -> In:
        """The body as the route's type reads it (raises ValidationError as it does)."""
        raise NotImplementedError

    async def answer(self, request: Request, parsed: In, actor: Actor) -> Out:
        raise NotImplementedError

    def dump(self, answer: Out) -> str:
        """The answer's JSON as the route's response model writes it."""
        raise NotImplementedError

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _is_json(scope):
            await self.slow.handle(scope, receive, send)
            return
        async with kept_actor(scope) as actor:
            if actor is None:
                await self.slow.handle(scope, receive, send)
                return
        body = await _body(receive)
        try:
            parsed = self.parse(body)
        except ValidationError:  # the route's own validation answers, naming the field
            await self.slow.handle(scope, replay(body, receive), send)
            return
        answer = await self.answer(Request(scope, replay(body, receive)), parsed, actor)
        response = Response(self.dump(answer), media_type="application/json")
        await response(scope, receive, send)


class HotRoute(HotPost[In, Out]):
    """The lookups' hot ``POST``: ``on_driver`` answers on the pool's asyncpg connection, or
    ``on_session`` on a read-only unit of work when only the session path can."""

    def __init__(
        self, slow: APIRoute, *, body: type[In], on_driver: OnDriver[In, Out], on_session: OnSession[In, Out]
    ) -> None:
        super().__init__(slow)
        self.body = body
        self.on_driver = on_driver
        self.on_session = on_session

    def parse(self, body: bytes) -> In:
        return self.body.model_validate_json(body)

    def dump(self, answer: Out) -> str:
        return answer.model_dump_json()

    async def answer(self, request: Request, parsed: In, actor: Actor) -> Out:
        take_checks(request, actor, self.permission)
        group: GroupCommit = request.app.state.log_group
        await group.after_open_group()  # the open group's steps go first (audit/group.py)
        with group.on_the_way() as coming:
            logged = await self.on_driver(request.app.state.read_group, parsed, actor)
            if logged is not None:  # no connection is held while the group commits
                return logged.answer(await group.append(logged.entries, coming))
        # An actor without its legal basis (the session path reads the organisation): its read-only
        # unit of work, ended as the route's boundary ends it.
        async with asynccontextmanager(get_read_session)(request) as session:
            try:
                answer = await self.on_session(session, parsed, actor, group)
            except BaseException:
                await end_unit_of_work(request, commit=False)
                raise
            await end_unit_of_work(request, commit=True)
        return answer


async def _lookup_on_driver(source: SetsSource, body: Any, actor: Actor) -> Any:
    return await use_cases.lookup_on_driver(source, body, actor=actor)


async def _lookup_on_session(session: AsyncSession, body: Any, actor: Actor, group: GroupCommit) -> Any:
    return await use_cases.lookup(session, body, actor=actor, group=group)


async def _batch_on_driver(source: SetsSource, body: Any, actor: Actor) -> Any:
    return await use_cases.lookup_batch_on_driver(source, body, actor=actor)


async def _batch_on_session(session: AsyncSession, body: Any, actor: Actor, group: GroupCommit) -> Any:
    return await use_cases.lookup_batch(session, body, actor=actor, group=group)


def hot_routes(routes: list[BaseRoute]) -> list[BaseRoute]:
    """The hot routes for the lookup routes among ``routes`` (the app's, once built)."""
    from dancu.lookup.schemas import BatchIn, LookupIn

    wanted: dict[str, tuple[type[BaseModel], OnDriver[Any, Any], OnSession[Any, Any]]] = {
        "/api/v1/lookup": (LookupIn, _lookup_on_driver, _lookup_on_session),
        "/api/v1/lookup/batch": (BatchIn, _batch_on_driver, _batch_on_session),
    }
    hot: list[BaseRoute] = []
    for route in routes:
        if isinstance(route, APIRoute) and route.path in wanted and route.methods == {"POST"}:
            body, on_driver, on_session = wanted[route.path]
            hot.append(HotRoute(route, body=body, on_driver=on_driver, on_session=on_session))
    return hot
