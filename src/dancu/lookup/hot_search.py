"""The officer's name search on the hot path (docs/adr/0017, "The search on the hot path").

``GET /api/v1/registry/citizens`` is asked by officers' systems many times a second with one bearer
token. Like the k1 lookup (:mod:`dancu.lookup.hot_route`, whose machinery this shares, which is why
it lives beside it and not in the registry package: the kept actor is the identity package's), a
:class:`HotSearchRoute` stands first in the app's routes and answers the common case itself:

- the caller is a bearer login session whose actor the process keeps (identity/login_cache.py);
- the query string is one the route's own parameters accept, parsed by FastAPI's own function
  with the route's own parameter fields (so the two cannot parse differently);
- the app serves PostgreSQL from its own pool.

Then it applies the route's guard (the account's rate limit, the route's permission) and the use
case's territory, reads the page with the search's one statement on the pool's asyncpg connection,
hands one read entry per person shown to the process's group commit and answers once they are
durable, with the JSON the route's response model gives. Errors are raised as the route raises
them, so the app's handlers answer the same problem+json. Anything else (another caller, a query
the parameters refuse: the route's validation names the field; SQLite) goes to the route, which
stays in the app, so the OpenAPI document is unchanged.
"""

from __future__ import annotations

from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import request_params_to_args
from fastapi.routing import APIRoute
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import Receive, Scope, Send

from dancu.access.actor import Actor
from dancu.audit.group import GroupCommit
from dancu.lookup.hot_route import HotBase, driver_connection, kept_actor, take_checks
from dancu.registry.schemas import SearchOut
from dancu.registry.use_cases import reads

SEARCH_PATH = "/api/v1/registry/citizens"


def _query_parameters(route: Dependant) -> list[Any]:
    """The route's own query parameters. A dependency of the route that read the query string too
    would be checked by the route and not here: the app refuses to start rather than skip it."""
    pending = list(route.dependencies)
    while pending:
        dependency = pending.pop()
        if dependency.query_params:
            raise LookupError(f"{route.path}: a dependency reads query parameters")
        pending.extend(dependency.dependencies)
    return list(route.query_params)


class HotSearchRoute(HotBase):
    """``GET`` of ``slow``'s path, answered on the driver path when it can, else by ``slow``."""

    def __init__(self, slow: APIRoute) -> None:
        super().__init__(slow)
        self.parameters = _query_parameters(slow.dependant)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        async with kept_actor(scope) as actor:
            if actor is None:
                await self.slow.handle(scope, receive, send)
                return
        values, errors = request_params_to_args(self.parameters, QueryParams(scope["query_string"]))
        if errors:  # the route's own validation answers, naming the parameter
            await self.slow.handle(scope, receive, send)
            return
        answer = await self._answer(Request(scope, receive), values, actor)
        response = Response(answer.model_dump_json(), media_type="application/json")
        await response(scope, receive, send)

    async def _answer(self, request: Request, values: dict[str, Any], actor: Actor) -> SearchOut:
        take_checks(request, actor, self.permission)
        limit: int = values["limit"]
        group: GroupCommit = request.app.state.log_group
        await group.after_open_group()  # the open group's steps go first (audit/group.py)
        with group.on_the_way() as coming:
            async with driver_connection(request) as connection:
                page, entries = await reads.search_on_driver(
                    connection,
                    name=values["name"],
                    dob=values["dob"],
                    after_id=values["after"],
                    limit=limit,
                    actor=actor,
                )
            # The connection is back in the pool while the group commits; an empty page logs nobody.
            await group.append(entries, coming)
        next_after = page[-1].citizen_id if len(page) == limit else None
        return SearchOut(results=page, next_after=next_after)


def hot_search_routes(routes: list[BaseRoute]) -> list[BaseRoute]:
    """The hot route for the search route among ``routes`` (the app's, once built)."""
    return [
        HotSearchRoute(route)
        for route in routes
        if isinstance(route, APIRoute) and route.path == SEARCH_PATH and route.methods == {"GET"}
    ]
