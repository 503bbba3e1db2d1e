"""The request's transaction boundary: every route commits here, and only here.

FastAPI runs the exit code of a ``yield`` dependency (such as :func:`dancu.web.deps.get_session`)
*after* the response has been sent (``request_response`` keeps the dependency exit stack open
around ``await response(...)``), so a commit there could fail after the client was told 2xx.
:class:`UnitOfWorkRoute` therefore wraps each route's handler instead: the endpoint runs, its
response is built, then the unit of work commits or rolls back, and only then does the response
leave. A failing commit raises inside the route, where the error handlers answer problem+json or
the error page, never 2xx.

The rule, as Pyramid's transaction manager has it (Warehouse's model): a response below 400
commits; an exception or a 4xx/5xx response rolls back. The one deliberate exception is
:func:`commit_then_refuse`.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession

# Where get_session leaves the request's session for the boundary (request.state is per request).
SESSION_STATE = "db_session"


def request_session(request: Request) -> AsyncSession | None:
    """The unit of work the request opened, or None for routes that never touched the database."""
    session: AsyncSession | None = getattr(request.state, SESSION_STATE, None)
    return session


async def end_unit_of_work(request: Request, *, commit: bool) -> None:
    """End the request's unit of work as the boundary does (for an endpoint that is not an
    :class:`UnitOfWorkRoute`, such as the lookup hot path's fallback)."""
    session = request_session(request)
    if session is None:
        return
    if commit:
        await session.commit()
    else:
        await session.rollback()


class UnitOfWorkRoute(APIRoute):
    """Commit the request's unit of work after the endpoint and before the response leaves."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handle_in_unit_of_work(request: Request) -> Response:
            try:
                response = await handle(request)
            except BaseException:
                await end_unit_of_work(request, commit=False)
                raise
            await end_unit_of_work(request, commit=response.status_code < 400)
            return response

        return handle_in_unit_of_work


async def commit_then_refuse(session: AsyncSession) -> None:
    """Store what the request recorded although it is about to answer an error.

    Some refusals are themselves facts that must outlive the refusal: a failed password or
    second-factor attempt counts towards the lock-out, a refused token request of a known client
    is logged and burns the code or assertion it presented. The boundary rolls back every error
    response, so the handler calls this right before it raises or renders the refusal. Nothing
    else in a request may commit (a test walks the source for ``commit()``).
    """
    await session.commit()
