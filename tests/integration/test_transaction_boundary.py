"""The request's unit of work: the route boundary commits, errors store nothing, and the test app
fails a route that writes outside the boundary.

Each test mounts a small route on the real app (the test's savepoint session, as every
integration test gets) that writes a marked job row, then asks whether the row survives. A
``rollback()`` after the request undoes whatever the request flushed but never committed, as the
real app would by closing its session: what is left is what the boundary committed.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Response
from sqlalchemy import event, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.models import Event, EventType
from dancu.clock import now_utc
from dancu.errors import Conflict
from dancu.jobs.models import Job, JobKind
from dancu.notify.actions import enqueue
from dancu.notify.models import NotifyChannel, OutboxMessage
from dancu.notify.transports import deliver_pending
from dancu.registry.models import Citizen
from dancu.web.deps import DbSession, Public
from dancu.web.transaction import UnitOfWorkRoute, commit_then_refuse
from tests.integration.test_registry_pages import HTML, login, register_birth
from tests.support.unit_of_work import UncommittedWritesError

PUBLIC = [Depends(Public("transaction boundary test route"))]


def _job(marker: str) -> Job:
    now = now_utc()
    return Job(kind=JobKind.RECONCILE, payload={}, run_after=now, created_at=now, error=marker)


async def _stored(session: AsyncSession, marker: str) -> int:
    await session.rollback()  # drop what the request left uncommitted, as closing its session would
    return int(await session.scalar(select(func.count()).select_from(Job).where(Job.error == marker)) or 0)


@pytest.fixture
def marker() -> str:
    return f"boundary-{secrets.token_hex(4)}"


def _mount(app: FastAPI, router: APIRouter) -> None:
    app.include_router(router, prefix="/test-boundary")


@pytest.fixture
async def bare_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client that gets the app's error response instead of the re-raised server error."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


def _writing_routes(router: APIRouter, marker: str) -> None:
    @router.post("/flushed", status_code=201, dependencies=PUBLIC)
    async def flushed(session: DbSession) -> dict[str, str]:
        session.add(_job(marker))
        await session.flush()
        return {"ok": "stored"}

    @router.post("/pending", status_code=201, dependencies=PUBLIC)
    async def pending(session: DbSession) -> dict[str, str]:
        session.add(_job(marker))
        return {"ok": "stored"}


async def test_a_route_that_writes_outside_the_boundary_fails_the_request(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, marker: str
) -> None:
    broken = APIRouter()  # the framework's plain route class: nothing commits
    _writing_routes(broken, marker)

    @broken.post("/core", status_code=201, dependencies=PUBLIC)
    async def core(session: DbSession) -> dict[str, str]:
        job = _job(marker)
        values = {"kind": job.kind, "payload": {}, "run_after": job.run_after, "created_at": job.created_at}
        await (await session.connection()).execute(insert(Job).values(**values, error=marker))
        return {"ok": "stored"}

    _mount(app, broken)
    with pytest.raises(UncommittedWritesError, match="flushed writes"):
        await client.post("/test-boundary/flushed")
    with pytest.raises(UncommittedWritesError, match="flushed writes"):
        await client.post("/test-boundary/core")
    with pytest.raises(UncommittedWritesError, match="pending objects"):
        await client.post("/test-boundary/pending")
    assert await _stored(session, marker) == 0


async def test_the_boundary_commits_a_route_that_succeeds(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, marker: str
) -> None:
    router = APIRouter(route_class=UnitOfWorkRoute)
    _writing_routes(router, marker)
    _mount(app, router)
    assert (await client.post("/test-boundary/flushed")).status_code == 201
    assert (await client.post("/test-boundary/pending")).status_code == 201
    assert await _stored(session, marker) == 2


async def test_a_route_raising_after_a_write_stores_nothing(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, marker: str
) -> None:
    router = APIRouter(route_class=UnitOfWorkRoute)

    @router.post("/raises", dependencies=PUBLIC)
    async def raises(session: DbSession) -> None:
        session.add(_job(marker))
        await session.flush()
        raise Conflict("http.error")

    @router.post("/answers-an-error", dependencies=PUBLIC)
    async def answers_an_error(session: DbSession) -> Response:
        session.add(_job(marker))
        await session.flush()
        return Response(status_code=422)

    _mount(app, router)
    refused = await client.post("/test-boundary/raises")
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert (await client.post("/test-boundary/answers-an-error")).status_code == 422
    assert await _stored(session, marker) == 0


async def test_commit_then_refuse_keeps_what_the_refusal_recorded(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, marker: str
) -> None:
    router = APIRouter(route_class=UnitOfWorkRoute)

    @router.post("/refuses", dependencies=PUBLIC)
    async def refuses(session: DbSession) -> None:
        session.add(_job(marker))
        await commit_then_refuse(session)
        raise Conflict("http.error")

    _mount(app, router)
    assert (await client.post("/test-boundary/refuses")).status_code == 409
    assert await _stored(session, marker) == 1


async def test_a_failing_commit_answers_an_error_before_the_response_leaves(
    app: FastAPI, bare_client: httpx.AsyncClient, session: AsyncSession, marker: str
) -> None:
    router = APIRouter(route_class=UnitOfWorkRoute)
    _writing_routes(router, marker)
    _mount(app, router)

    def fail_commit(_session: object) -> None:
        raise RuntimeError("the database refused the commit")

    event.listen(session.sync_session, "before_commit", fail_commit)
    try:
        answer = await bare_client.post("/test-boundary/flushed")
    finally:
        event.remove(session.sync_session, "before_commit", fail_commit)
    # Had the commit run after the response (a yield dependency's exit), the client would hold 201.
    assert answer.status_code == 500
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert await _stored(session, marker) == 0


class _Recorded:
    """A transport that only remembers what it was asked to deliver."""

    def __init__(self) -> None:
        self.bodies: list[str] = []

    def deliver(self, message: OutboxMessage) -> None:
        self.bodies.append(message.body)


async def test_only_a_committed_request_leaves_a_message_to_deliver(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, marker: str
) -> None:
    router = APIRouter(route_class=UnitOfWorkRoute)

    @router.post("/notifies/{outcome}", status_code=204, dependencies=PUBLIC)
    async def notifies(outcome: str, session: DbSession) -> None:
        await enqueue(session, channel=NotifyChannel.SMS, recipient="0912345678", body=f"{marker}-{outcome}")
        if outcome == "refused":
            raise Conflict("http.error")

    _mount(app, router)
    assert (await client.post("/test-boundary/notifies/refused")).status_code == 409
    assert (await client.post("/test-boundary/notifies/done")).status_code == 204
    await session.rollback()
    transport = _Recorded()
    await deliver_pending(session, transport)  # the delivery pass runs after the boundary committed
    assert [body for body in transport.bodies if body.startswith(marker)] == [f"{marker}-done"]


async def test_a_record_refused_for_a_malformed_date_keeps_the_read_it_showed(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """The page answers 422 but still shows today's record: commit_then_refuse keeps its read log."""
    csrf = await login(client, session, "ca.boundary", "00070")
    pin = await register_birth(client, csrf)
    citizen_id = await session.scalar(select(Citizen.id).where(Citizen.pin == pin))
    viewed = select(func.count()).where(
        Event.event_type == EventType.CITIZEN_VIEWED, Event.subject_citizen_id == citizen_id
    )
    before = await session.scalar(viewed) or 0
    refused = await client.get(f"/officer/citizens/{pin}?as_of=31/13/2026", headers=HTML)
    assert refused.status_code == 422
    await session.rollback()
    assert (await session.scalar(viewed) or 0) == before + 2  # the record and its history
