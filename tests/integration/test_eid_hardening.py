"""Logging in, hardened: second-factor failures per account, TOTP steps used once, re-enrolment
behind the password, organisation staff behind TOTP, session rotation, the login form's CSRF token,
and unknown usernames treated exactly like known ones."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import httpx
import pyotp
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu import clock
from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.identity.models import Account, SecondFactor
from dancu.organisations.demo import create_demo_organisations
from tests.support.builders import (
    PASSWORD,
    TEST_TOTP_SECRET,
    bearer_for,
    c06,
    citizen_headers,
    csrf_of,
    login_form_post,
    make_officer,
    organisation,
    page_login,
    person,
    registrar,
    totp_now,
)

HTML = {"Accept": "text/html"}


def wrong_code(secret: str = TEST_TOTP_SECRET) -> str:
    """A six-digit code that is none of the codes the server would take right now."""
    totp = pyotp.TOTP(secret)
    step = int(clock.now_utc().timestamp()) // totp.interval
    valid = {totp.generate_otp(s) for s in range(step - 2, step + 3)}
    return next(code for code in ("000000", "111111", "222222") if code not in valid)


async def password_only(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await client.post("/api/v1/auth/login", json={"username": username, "password": password})


def bearer(response: httpx.Response) -> dict[str, str]:
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def account_of(session: AsyncSession, username: str) -> Account:
    account = await session.scalar(select(Account).where(Account.username == username))
    assert account is not None
    await session.refresh(account)
    return account


# --- Second factor: failures per account, back-off, one use per step --------------------------------


async def test_a_right_password_does_not_reset_the_count_of_wrong_codes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """The attack: log in, 4 wrong codes, log in again, repeat. The fifth wrong code locks."""
    _, password = await make_officer(session, username="doan.ma", role=OfficerRole.COMMUNE_POLICE)
    first = await password_only(client, "doan.ma", password)
    for _ in range(4):
        refused = await client.post(
            "/api/v1/auth/second-factor", json={"code": wrong_code()}, headers=bearer(first)
        )
        assert refused.status_code == 401
    second = await password_only(client, "doan.ma", password)
    assert second.status_code == 200
    fifth = await client.post(
        "/api/v1/auth/second-factor", json={"code": wrong_code()}, headers=bearer(second)
    )
    assert fifth.status_code == 401
    # Locked now: the right password opens nothing, the right code is not even tried, and the
    # refusal says why and for how long.
    locked = await password_only(client, "doan.ma", password)
    assert locked.status_code == 429 and locked.json()["code"] == "auth.second_factor_locked"
    assert 1 <= int(locked.headers["Retry-After"]) <= 61
    assert "giây" in locked.json()["title"] or "giây" in locked.json().get("detail", "")
    assert (await account_of(session, "doan.ma")).factor_lockouts == 1


async def test_the_second_factor_lock_doubles_each_time(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, password = await make_officer(session, username="doan.lai", role=OfficerRole.COMMUNE_POLICE)
    start = clock.now_utc()
    lengths = []
    for round_ in range(2):
        with clock.freeze(start + dt.timedelta(hours=round_)):
            login = await password_only(client, "doan.lai", password)
            assert login.status_code == 200, login.text
            for _ in range(5):
                await client.post(
                    "/api/v1/auth/second-factor", json={"code": wrong_code()}, headers=bearer(login)
                )
            account = await account_of(session, "doan.lai")
            assert account.factor_locked_until is not None
            lengths.append((account.factor_locked_until - clock.now_utc()).total_seconds())
    assert lengths == [60, 120]


async def test_one_totp_code_opens_one_session_only(client: httpx.AsyncClient, session: AsyncSession) -> None:
    _, password = await make_officer(session, username="mot.lan", role=OfficerRole.COMMUNE_POLICE)
    code = totp_now()
    first, second = (
        await password_only(client, "mot.lan", password),
        await password_only(client, "mot.lan", password),
    )
    passed = await client.post("/api/v1/auth/second-factor", json={"code": code}, headers=bearer(first))
    assert passed.status_code == 204
    replayed = await client.post("/api/v1/auth/second-factor", json={"code": code}, headers=bearer(second))
    assert replayed.status_code == 401 and replayed.json()["code"] == "eid.code_invalid"
    assert (await client.get("/api/v1/auth/me", headers=bearer(second))).status_code == 401
    # The next step's code is a new code: it opens the second session.
    fresh = await client.post("/api/v1/auth/second-factor", json={"code": totp_now()}, headers=bearer(second))
    assert fresh.status_code == 204


# --- Re-enrolling TOTP needs the current password -----------------------------------------------------


async def test_totp_re_enrolment_asks_for_the_current_password(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    officer = await c06(client, session)
    pin = await person(client, officer)
    record = (await client.get(f"/api/v1/registry/citizens/{pin}", headers=officer)).json()
    await citizen_headers(client, session, record["citizen_id"])
    username = f"cd{record['citizen_id']}"
    assert await page_login(client, username, PASSWORD) == "/app"
    security = await client.get("/app/security", headers=HTML)
    started = await client.post(
        "/app/security/totp", data={"csrf_token": csrf_of(security.text)}, headers=HTML
    )
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', started.text).group(1)  # type: ignore[union-attr]
    assert 'name="password"' in started.text
    csrf = csrf_of(started.text)
    form = {"csrf_token": csrf, "secret": secret}
    without = await client.post(
        "/app/security/totp/confirm", data=form | {"code": totp_now(secret)}, headers=HTML
    )
    assert without.status_code == 401 and "Mật khẩu hiện tại không đúng" in without.text
    wrong = form | {"code": totp_now(secret), "password": "khong-dung-mat-khau"}
    assert (await client.post("/app/security/totp/confirm", data=wrong, headers=HTML)).status_code == 401
    assert (await account_of(session, username)).second_factor is not SecondFactor.TOTP
    right = form | {"code": totp_now(secret), "password": PASSWORD}
    done = await client.post("/app/security/totp/confirm", data=right, headers=HTML)
    assert done.status_code == 303, done.text
    assert (await account_of(session, username)).second_factor is SecondFactor.TOTP


# --- Organisation staff log in with a second factor ---------------------------------------------------


async def test_organisation_staff_must_enrol_totp_before_anything_works(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    operator = await registrar(client, session)
    await organisation(client, operator, "so.totp")
    login = await password_only(client, "so.totp", PASSWORD)
    assert login.status_code == 200 and login.json()["second_factor"] == "enrol_totp"
    refused = await client.get("/api/v1/auth/me", headers=bearer(login))
    assert refused.status_code == 401 and refused.json()["code"] == "auth.second_factor_enrolment_required"
    # The login form leads to the enrolment page, not to the portal.
    page = await login_form_post(client, username="so.totp", password=PASSWORD, next="/portal")
    assert page.headers["location"].startswith("/login/totp-setup")
    # Once enrolled, the next login asks for the code.
    headers = await bearer_for(client, "so.totp", PASSWORD)
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
    again = await password_only(client, "so.totp", PASSWORD)
    assert again.json()["second_factor"] == "totp"


async def test_the_printed_demo_organisation_logins_work_with_their_totp_secret(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await person(client, await c06(client, session))  # an adult to represent the k2 bank
    logins = await create_demo_organisations(session, actor=Actor.system("demo"))
    await session.commit()
    for entry in logins:
        assert re.fullmatch(r"[A-Z2-7]{32}", entry["totp_secret"])
        headers = await bearer_for(
            client, entry["username"], entry["password"], totp_secret=entry["totp_secret"]
        )
        assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200


# --- The session: a new token after the second factor; the login form's CSRF token ---------------------


async def test_the_session_token_changes_when_the_second_factor_passes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, password = await make_officer(session, username="xoay.vong", role=OfficerRole.COMMUNE_POLICE)
    page = await login_form_post(client, username="xoay.vong", password=password)
    before = page.cookies["dancu_session"]
    client.cookies.set("dancu_session", before)
    form = await client.get(page.headers["location"])
    data = {"code": totp_now(), "csrf_token": csrf_of(form.text), "next": ""}
    passed = await client.post("/login/second-factor", data=data)
    assert passed.status_code == 303
    after = passed.cookies["dancu_session"]
    assert after != before
    # A token planted before the login (session fixation) opens nothing afterwards.
    assert (
        await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {before}"})
    ).status_code == 401
    assert (
        await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {after}"})
    ).status_code == 200
    # Logging in again in the same browser ends the session it held.
    client.cookies.set("dancu_session", after)
    again = await login_form_post(client, username="xoay.vong", password=password)
    assert again.status_code == 303 and again.cookies["dancu_session"] != after
    ended = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {after}"})
    assert ended.status_code == 401


async def test_the_login_form_needs_its_csrf_token(client: httpx.AsyncClient, session: AsyncSession) -> None:
    _, password = await make_officer(session, username="chong.gia", role=OfficerRole.COMMUNE_POLICE)
    await session.commit()  # refused requests roll back what they did not commit
    data = {"username": "chong.gia", "password": password, "next": ""}
    # Another site's form posts the victim's browser into the attacker's account: no token, no login.
    forged = await client.post("/login", data=data)
    assert forged.status_code == 403 and "dancu_session" not in forged.cookies
    assert "Biểu mẫu đăng nhập đã hết hạn" in forged.text
    form = await client.get("/login")
    token = csrf_of(form.text)
    client.cookies.clear()  # the token without its cookie (another browser's) is refused too
    assert (await client.post("/login", data=data | {"csrf_token": token})).status_code == 403
    ok = await login_form_post(client, **data)
    assert ok.status_code == 303 and ok.cookies["dancu_session"]


# --- Unknown usernames: the same time and the same 429 ---------------------------------------------------


async def test_an_unknown_username_costs_a_password_hash_too(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = PasswordHasher.verify

    def counting(self: PasswordHasher, hash: Any, password: Any) -> Any:
        calls.append("verify")
        return original(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    refused = await password_only(client, "khong.co.ai", "mat-khau-bat-ky-1")
    assert refused.status_code == 401
    assert calls == ["verify"]


async def test_the_lockout_is_the_same_for_known_and_unknown_usernames(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_officer(session, username="co.that", role=OfficerRole.COMMUNE_POLICE)
    answers = {}
    for username in ("co.that", "khong.that"):
        for _ in range(5):
            assert (await password_only(client, username, "sai-mat-khau-1")).status_code == 401
        answers[username] = await password_only(client, username, "sai-mat-khau-1")
    known, unknown = answers["co.that"], answers["khong.that"]
    assert known.status_code == unknown.status_code == 429
    assert known.json()["code"] == unknown.json()["code"] == "auth.locked"
    assert known.headers["Retry-After"] == unknown.headers["Retry-After"]
    assert known.json()["title"] == unknown.json()["title"]
    # The login page says the same too.
    page = await login_form_post(client, username="khong.that", password="sai-mat-khau-1")
    assert page.status_code == 429 and "thử lại sau" in page.text
