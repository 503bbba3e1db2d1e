"""The identity app's own-record read on the hot path (docs/adr/0017, amendment "session 10").

``GET /api/v1/eid/me/record`` is what a citizen's phone asks each time the app opens. As for the
k1 lookup and the name search (:mod:`dancu.lookup.hot_route`, whose machinery this shares, which is
why it lives beside them and not in the identity package), an :class:`OwnRecordRoute` stands first
in the app's routes and answers the common case itself:

- the caller is a bearer login session whose actor the process keeps (identity/login_cache.py);
- the app serves PostgreSQL from its own pool.

Then it applies the route's guard (the account's rate limit, the route's permission), reads the
caller's record with one statement on a pool's asyncpg connection, shared with the other own-record
reads in flight (lookup/read_group.py; the identity app's use case,
:func:`dancu.identity.use_cases.read_own_record_on_driver`), hands the read's entry to the process's
group commit and answers once it is durable, with the JSON the route's response model gives.
Errors are raised as the route raises them, so the app's handlers answer the same problem+json.
Anything else (a cookie session, a bearer session that cannot be used, SQLite) goes to the route,
which stays in the app, so the OpenAPI document is unchanged.
"""

from __future__ import annotations

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import Receive, Scope, Send

from dancu.access.actor import Actor
from dancu.audit.group import GroupCommit
from dancu.identity import use_cases
from dancu.lookup.hot_route import HotBase, kept_actor, take_checks
from dancu.registry.schemas import RecordOut
from dancu.registry.views import record_out
from dancu.web.lang import language

OWN_RECORD_PATH = "/api/v1/eid/me/record"


class OwnRecordRoute(HotBase):
    """``GET`` of ``slow``'s path, answered on the driver path when it can, else by ``slow``."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        async with kept_actor(scope) as actor:
            if actor is None:
                await self.slow.handle(scope, receive, send)
                return
        answer = await self._answer(Request(scope, receive), actor)
        response = Response(answer.model_dump_json(), media_type="application/json")
        await response(scope, receive, send)

    async def _answer(self, request: Request, actor: Actor) -> RecordOut:
        take_checks(request, actor, self.permission)
        group: GroupCommit = request.app.state.log_group
        await group.after_open_group()  # the open group's steps go first (audit/group.py)
        with group.on_the_way() as coming:
            own = await use_cases.read_own_record_on_driver(request.app.state.own_reads, actor=actor)
            await group.append(own.entries, coming)  # no connection is held meanwhile
        return record_out(own.holder, own.view, language(request))


def own_record_routes(routes: list[BaseRoute]) -> list[BaseRoute]:
    """The hot route for the own-record route among ``routes`` (the app's, once built)."""
    return [
        OwnRecordRoute(route)
        for route in routes
        if isinstance(route, APIRoute) and route.path == OWN_RECORD_PATH and route.methods == {"GET"}
    ]
