"""Yes/no verification's hot path on PostgreSQL (docs/adr/0017, amendment "session 8, verification").

A :class:`HotVerifyRoute` stands first in the app's routes for ``POST /api/v1/verify`` and answers,
as the lookup's :class:`dancu.lookup.hot_route.HotRoute` does, a k1 body's question from a bearer
session whose actor the process keeps, with a JSON body the route's own type accepts: the route's
guard (rate limit, permission), the use case's checks, the person read on the pool's asyncpg
connection, then the question counted, decided and written with its entry by the process's group
commit (:mod:`dancu.lookup.verify_driver`). The answer leaves once that group has committed.

A question the group declines (it would be refused by a limit), a requester who needs the
subject's consent, a PIN nobody holds or held: answered by the use case on a session
of the request's own inside this route, with the checks already made, ended as the route's
boundary ends it (a refused question's row committed before the refusal leaves). Another caller
or a body the type refuses goes to the route, which stays in the app (OpenAPI unchanged).
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any

from fastapi.routing import APIRoute
from pydantic import TypeAdapter, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import Receive, Scope, Send

from dancu.access.actor import Actor
from dancu.audit.group import GroupCommit
from dancu.lookup import use_cases
from dancu.lookup.hot_route import (
    _body,
    _is_json,
    driver_connection,
    kept_actor,
    route_permission,
    take_checks,
)
from dancu.lookup.schemas import VerifyIn, VerifyOut
from dancu.lookup.verify_driver import QUESTIONS, verify_on_driver
from dancu.web.deps import get_session
from dancu.web.input_guard import replay
from dancu.web.transaction import commit_then_refuse, end_unit_of_work

VERIFY_PATH = "/api/v1/verify"
_BODY: TypeAdapter[VerifyIn] = TypeAdapter(VerifyIn)


class HotVerifyRoute(BaseRoute):
    """``POST`` of ``slow``'s path, answered on the driver path when it can, else by ``slow``."""

    def __init__(self, slow: APIRoute) -> None:
        self.slow = slow
        self.path = slow.path
        self.name = f"{slow.name}_hot"
        self.permission = route_permission(slow)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == self.path:
            return Match.FULL, {"endpoint": self.slow.endpoint, "path_params": {}}
        return Match.NONE, {}

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        raise NoMatchFound(name, path_params)

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
            parsed = _BODY.validate_json(body)
        except ValidationError:  # the route's own validation answers, naming the field
            await self.slow.handle(scope, replay(body, receive), send)
            return
        answer = await self._answer(Request(scope, replay(body, receive)), parsed, actor)
        # The route answers with response_model_exclude_none: a k1 body's answer has no permit or fee.
        response = Response(answer.model_dump_json(exclude_none=True), media_type="application/json")
        await response(scope, receive, send)

    async def _answer(self, request: Request, body: VerifyIn, actor: Actor) -> VerifyOut:
        take_checks(request, actor, self.permission)
        async with driver_connection(request) as connection:
            pending = await verify_on_driver(connection, body, actor=actor)
        if pending is not None:  # the connection is back in the pool while the group commits
            group: GroupCommit = request.app.state.log_group
            receipts = await group.append_step(pending.entries, QUESTIONS, pending)
            if receipts is not None:
                return pending.out(receipts[0])
        # What only the session path answers (see the module's docstring), as the route does.
        async with asynccontextmanager(get_session)(request) as session:
            try:
                try:
                    answer = await use_cases.verify(session, body, actor=actor)
                except use_cases.RefusedQuestion:
                    await commit_then_refuse(session)  # the refused question stays logged and counted
                    raise
            except BaseException:
                await end_unit_of_work(request, commit=False)
                raise
            await end_unit_of_work(request, commit=True)
        return answer


def hot_verify_routes(routes: list[BaseRoute]) -> list[BaseRoute]:
    """The hot route for the verification route among ``routes`` (the app's, once built)."""
    return [
        HotVerifyRoute(route)
        for route in routes
        if isinstance(route, APIRoute) and route.path == VERIFY_PATH and route.methods == {"POST"}
    ]
