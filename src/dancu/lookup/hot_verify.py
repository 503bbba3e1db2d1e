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

from fastapi.routing import APIRoute
from pydantic import TypeAdapter
from starlette.requests import Request
from starlette.routing import BaseRoute

from dancu.access.actor import Actor
from dancu.audit.group import GroupCommit
from dancu.lookup import use_cases
from dancu.lookup.hot_route import HotPost, take_checks
from dancu.lookup.schemas import VerifyIn, VerifyOut
from dancu.lookup.verify_driver import QUESTIONS, verify_on_driver
from dancu.web.deps import get_session
from dancu.web.transaction import commit_then_refuse, end_unit_of_work

VERIFY_PATH = "/api/v1/verify"
_BODY: TypeAdapter[VerifyIn] = TypeAdapter(VerifyIn)


class HotVerifyRoute(HotPost[VerifyIn, VerifyOut]):
    """``POST /api/v1/verify``, answered on the driver path when it can, else by the route."""

    def parse(self, body: bytes) -> VerifyIn:
        return _BODY.validate_json(body)

    def dump(self, answer: VerifyOut) -> str:
        # The route answers with response_model_exclude_none: a k1 body's answer has no permit or fee.
        return answer.model_dump_json(exclude_none=True)

    async def answer(self, request: Request, body: VerifyIn, actor: Actor) -> VerifyOut:
        take_checks(request, actor, self.permission)
        group: GroupCommit = request.app.state.log_group
        await group.after_open_group()  # the open group's steps go first (audit/group.py)
        with group.on_the_way() as coming:
            pending = await verify_on_driver(request.app.state.read_group, body, actor=actor)
            if pending is not None:  # no connection is held while the group commits
                receipts = await group.append_step(pending.entries, QUESTIONS, pending, coming)
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
