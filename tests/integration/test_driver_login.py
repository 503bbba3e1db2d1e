"""A bearer session's actor read on the driver (identity/driver_login.py, docs/adr/0017): the hot
routes' first request of a session the process does not keep is answered on the driver, with the
actor the route would build; a session the route would refuse is read as None and the route
refuses it by name, as before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from dancu.access.actor import Actor
from dancu.access.models import Organisation
from dancu.clock import now_utc
from dancu.identity import sessions
from dancu.identity.driver_login import BearerActor, bearer_actor
from dancu.identity.models import AccountStatus, LoginSession, SecondFactor
from dancu.identity.principals import actor_for_account
from dancu.registry.queries import citizen_by_pin
from dancu.web_tokens import token_hash
from tests.integration.test_lookup_api import World, ask, world
from tests.support.builders import citizen_headers, member

__all__ = ["world"]  # the fixture, shared with the lookup API tests


@pytest.fixture(autouse=True)
def postgresql_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip(
            "the hot routes read a session on the driver on PostgreSQL only; on SQLite the route "
            "authenticates every request (test_auth.py)"
        )


def _digest(headers: dict[str, str]) -> str:
    return token_hash(headers["Authorization"].removeprefix("Bearer "))


async def _login(session: AsyncSession, headers: dict[str, str]) -> LoginSession:
    login = await session.scalar(
        select(LoginSession)
        .options(joinedload(LoginSession.account))
        .where(LoginSession.token_hash == _digest(headers))
        .execution_options(populate_existing=True)
    )
    assert login is not None
    return login


async def _on_driver(session: AsyncSession, headers: dict[str, str]) -> BearerActor | None:
    connection = await (await session.connection()).get_raw_connection()
    return await bearer_actor(connection.driver_connection, _digest(headers))


async def _by_route(session: AsyncSession, headers: dict[str, str]) -> Actor:
    """The actor the route's authenticator builds (identity/sessions.actor_for_login)."""
    return await actor_for_account(session, (await _login(session, headers)).account)


async def test_the_driver_builds_the_actor_the_route_builds(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    citizen = await citizen_headers(client, session, (await citizen_by_pin(session, world.pin)).id)
    narrow = await member(
        client, session, world.admin, world.org["organisation_id"], "bo.ldtbxh.hep", ["full_name", "pin"]
    )
    for headers in (world.officer, world.agency, world.admin, narrow, citizen):
        read = await _on_driver(session, headers)
        assert read is not None
        assert read.actor == await _by_route(session, headers)
        assert 8 * 3600 - 60 < read.session_left <= 8 * 3600
    narrowed = await _on_driver(session, narrow)
    assert narrowed is not None and narrowed.actor.fields == {"full_name", "pin"}


async def test_the_first_request_of_a_session_is_answered_on_the_driver(
    client: httpx.AsyncClient, session: AsyncSession, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    citizen = await citizen_headers(client, session, (await citizen_by_pin(session, world.pin)).id)
    by_route: list[object] = []
    real: Callable[..., Awaitable[Any]] = sessions.current_login

    async def spying(*args: Any) -> Any:
        by_route.append(args)
        return await real(*args)

    monkeypatch.setattr(sessions, "current_login", spying)
    looked_up = await client.post("/api/v1/lookup", json=ask(world.pin), headers=world.agency)
    assert looked_up.status_code == 200, looked_up.text
    own = await client.get("/api/v1/eid/me/record", headers=citizen)
    assert own.status_code == 200, own.text
    assert own.json()["pin"] == world.pin
    assert by_route == []  # neither caller was kept before: both were read on the driver


async def _refused(client: httpx.AsyncClient, headers: dict[str, str]) -> tuple[int, str]:
    answer = await client.post("/api/v1/lookup", json=ask("001085000001"), headers=headers)
    return answer.status_code, answer.json()["code"]


async def test_a_session_the_route_refuses_is_refused_by_the_route(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    def revoked(login: LoginSession, _org: Organisation) -> None:
        login.revoked_at = now_utc()

    def expired(login: LoginSession, _org: Organisation) -> None:
        login.expires_at = now_utc() - dt.timedelta(seconds=1)

    def deactivated(login: LoginSession, _org: Organisation) -> None:
        login.account.active = False

    def locked(login: LoginSession, _org: Organisation) -> None:
        login.account.status = AccountStatus.LOCKED

    def factor_pending(login: LoginSession, _org: Organisation) -> None:
        login.second_factor_passed_at = None

    def totp_not_enrolled(login: LoginSession, _org: Organisation) -> None:
        login.account.second_factor = SecondFactor.NONE

    def organisation_closed(_login: LoginSession, organisation: Organisation) -> None:
        organisation.active = False

    cases: list[tuple[Callable[[LoginSession, Organisation], None], tuple[int, str]]] = [
        (revoked, (401, "auth.required")),
        (expired, (401, "auth.required")),
        (deactivated, (401, "auth.required")),
        (locked, (403, "auth.account_not_active")),
        (factor_pending, (401, "auth.second_factor_required")),
        (totp_not_enrolled, (401, "auth.second_factor_enrolment_required")),
        (organisation_closed, (403, "auth.organisation_inactive")),
    ]
    organisation_id = world.org["organisation_id"]
    for number, (change, refusal) in enumerate(cases):
        headers = await member(client, session, world.admin, organisation_id, f"bo.ldtbxh.n{number}")
        login, organisation = await _login(session, headers), await session.get(Organisation, organisation_id)
        assert organisation is not None and await _on_driver(session, headers) is not None
        change(login, organisation)
        await session.commit()
        assert await _on_driver(session, headers) is None, change.__name__
        assert await _refused(client, headers) == refusal, change.__name__
        organisation = await session.get(Organisation, organisation_id, populate_existing=True)
        assert organisation is not None
        organisation.active = True
        await session.commit()


async def test_an_unknown_token_is_refused_by_the_route(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    nobody = {"Authorization": "Bearer not-a-session-of-anyone"}
    assert await _on_driver(session, nobody) is None
    assert await _refused(client, nobody) == (401, "auth.required")
