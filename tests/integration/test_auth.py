"""Officer login over the API and pages: passwords, lock-out with back-off, CSRF, logout everywhere."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.web import deps
from tests.support.builders import bearer_for, make_officer, officer_page_login


async def test_login_me_and_logout(client: httpx.AsyncClient, session: AsyncSession) -> None:
    _, password = await make_officer(
        session, username="xa.hoankiem", role=OfficerRole.COMMUNE_POLICE, unit_code="00070"
    )
    headers = await bearer_for(client, "xa.hoankiem", password)
    me = await client.get("/api/v1/auth/me", headers=headers)
    assert me.status_code == 200
    assert me.json()["role"] == "commune_police"
    assert "registry:birth:register" in me.json()["permissions"]
    assert (await client.post("/api/v1/auth/logout", headers=headers)).status_code == 204
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 401


async def test_wrong_password_is_problem_json_and_counts(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_officer(session, username="tinh.hanoi", role=OfficerRole.PROVINCIAL_POLICE, unit_code="01")
    response = await client.post(
        "/api/v1/auth/login",
        json={"username": "tinh.hanoi", "password": "sai"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Wrong username or password"
    failures = await session.scalars(select(Event).where(Event.event_type == EventType.LOGIN_FAILED))
    assert len(failures.all()) == 1


async def test_lockout_backs_off(client: httpx.AsyncClient, session: AsyncSession) -> None:
    _, password = await make_officer(
        session, username="bi.khoa", role=OfficerRole.COMMUNE_POLICE, unit_code="00070"
    )
    for _ in range(5):
        await client.post("/api/v1/auth/login", json={"username": "bi.khoa", "password": "sai-mat-khau"})
    locked = await client.post("/api/v1/auth/login", json={"username": "bi.khoa", "password": password})
    assert locked.status_code == 429
    assert locked.json()["code"] == "auth.locked"


async def test_missing_fields_name_the_field_in_vietnamese(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/login", json={"username": "x"})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "password"
    assert body["errors"][0]["message"] == "Trường password là bắt buộc"


async def test_cookie_session_requires_csrf_for_unsafe_requests(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, password = await make_officer(
        session, username="co.cookie", role=OfficerRole.COMMUNE_POLICE, unit_code="00070"
    )
    # The login form and the second-factor form lead where the officer was going.
    assert await officer_page_login(client, "co.cookie", password, "/officer/citizens") == "/officer/citizens"
    refused = await client.post("/api/v1/auth/logout")
    assert refused.status_code == 403
    assert refused.json()["code"] == "auth.csrf_failed"


async def test_logout_everywhere_revokes_all_sessions(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, password = await make_officer(
        session, username="hai.phien", role=OfficerRole.COMMUNE_POLICE, unit_code="00070"
    )
    first = await bearer_for(client, "hai.phien", password)
    second = await bearer_for(client, "hai.phien", password)
    assert (await client.post("/api/v1/auth/logout?everywhere=true", headers=first)).status_code == 204
    assert (await client.get("/api/v1/auth/me", headers=second)).status_code == 401


async def test_a_login_session_is_refused_when_identity_registered_no_authenticator(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The web layer knows no account tables: identity registers how a login session becomes an
    actor. Without that registration a protected route refuses every caller (401), never admits one."""
    _, password = await make_officer(
        session, username="xa.khongdangky", role=OfficerRole.COMMUNE_POLICE, unit_code="00070"
    )
    headers = await bearer_for(client, "xa.khongdangky", password)
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
    monkeypatch.setattr(deps, "_login_authenticators", [])
    refused = await client.get("/api/v1/auth/me", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["code"] == "auth.required"
