"""Officers hold their permissions only behind TOTP: enrolment at first login, then the code at
every login; no officer permission works before, in the API or in the pages."""

from __future__ import annotations

import re

import httpx
import pyotp
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from tests.support.builders import login_form_post, make_officer, totp_now

HTML = {"Accept": "text/html"}


async def _password_only(
    client: httpx.AsyncClient, username: str, password: str
) -> tuple[dict[str, str], str]:
    response = await client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}, response.json()["second_factor"]


async def test_an_officer_without_totp_is_refused_until_enrolled(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, password = await make_officer(
        session, username="moi.vao", role=OfficerRole.COMMUNE_POLICE, unit_code="00070", totp_secret=None
    )
    headers, step = await _password_only(client, "moi.vao", password)
    assert step == "enrol_totp"
    for url in ("/api/v1/auth/me", "/api/v1/registry/citizens?name=An"):
        refused = await client.get(url, headers=headers)
        assert refused.status_code == 401, url
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["code"] == "auth.second_factor_enrolment_required"
        assert "TOTP" in refused.json()["title"]

    started = await client.post("/api/v1/auth/totp/enrol", headers=headers)
    assert started.status_code == 200, started.text
    secret = started.json()["secret"]
    assert started.json()["otpauth_uri"].startswith("otpauth://totp/dancu:moi.vao?secret=" + secret)
    wrong = await client.post(
        "/api/v1/auth/totp/confirm", json={"secret": secret, "code": "000000"}, headers=headers
    )
    if pyotp.TOTP(secret).verify("000000", valid_window=1):  # one chance in a third of a million
        return
    assert wrong.status_code == 401
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 401

    code = totp_now(secret)
    done = await client.post(
        "/api/v1/auth/totp/confirm", json={"secret": secret, "code": code}, headers=headers
    )
    assert done.status_code == 204, done.text
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
    again = await client.post("/api/v1/auth/totp/enrol", headers=headers)
    assert again.status_code == 409

    enrolled = await session.scalar(select(Event).where(Event.event_type == EventType.TOTP_ENROLLED))
    assert enrolled is not None and enrolled.actor_group == "officer"
    # The next login asks for the code of the enrolled app.
    headers, step = await _password_only(client, "moi.vao", password)
    assert step == "totp"
    assert (await client.get("/api/v1/auth/me", headers=headers)).json()[
        "code"
    ] == "auth.second_factor_required"
    passed = await client.post("/api/v1/auth/second-factor", json={"code": totp_now(secret)}, headers=headers)
    assert passed.status_code == 204
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200


async def test_pages_send_the_officer_to_enrolment_then_to_the_console(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, password = await make_officer(
        session, username="moi.trang", role=OfficerRole.COMMUNE_POLICE, unit_code="00070", totp_secret=None
    )
    login = await login_form_post(client, username="moi.trang", password=password)
    assert login.status_code == 303
    # With nowhere asked for, a commune officer starts on the work queue.
    assert login.headers["location"] == "/login/totp-setup?next=/officer/requests"
    client.cookies.set("dancu_session", login.cookies["dancu_session"])
    console = await client.get("/officer/citizens", headers=HTML)
    assert console.status_code == 303
    assert console.headers["location"] == "/login/totp-setup?next=/officer/citizens"

    form = await client.get("/login/totp-setup?next=/officer/citizens")
    assert form.status_code == 200 and "Đăng ký ứng dụng xác thực" in form.text
    secret = re.search(r'id="totp-secret" class="pin">([A-Z2-7]+)<', form.text).group(1)  # type: ignore[union-attr]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    assert 'src="data:image/svg+xml' in form.text  # the QR code, inline (CSP allows data: images)
    data = {"secret": secret, "csrf_token": csrf, "next": "/officer/citizens"}
    forged = await client.post("/login/totp-setup", data=data | {"code": totp_now(secret), "csrf_token": "x"})
    assert forged.status_code == 403
    done = await client.post("/login/totp-setup", data=data | {"code": totp_now(secret)})
    assert done.status_code == 303 and done.headers["location"] == "/officer/citizens"
    client.cookies.set("dancu_session", done.cookies["dancu_session"])  # the session's new token
    assert (await client.get("/officer/citizens", headers=HTML)).status_code == 200


async def test_a_session_without_its_code_goes_to_the_second_factor_page(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, password = await make_officer(
        session, username="co.ma", role=OfficerRole.COMMUNE_POLICE, unit_code="00070"
    )
    login = await login_form_post(client, username="co.ma", password=password)
    assert login.headers["location"] == "/login/second-factor?next=/officer/requests"
    client.cookies.set("dancu_session", login.cookies["dancu_session"])
    console = await client.get("/officer/citizens/001085000001", headers=HTML)
    assert console.status_code == 303
    assert console.headers["location"] == "/login/second-factor?next=/officer/citizens/001085000001"
    # Enrolment cannot replace an authenticator that is already there.
    assert (await client.get("/login/totp-setup")).headers["location"] == "/login"
