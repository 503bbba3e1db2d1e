"""The holder's own unlock (/app/unlock, POST /api/v1/eid/unlock/start) asks for the password, so it
counts wrong passwords per PIN with the login's back-off (issue 12, e-ID leftovers; NĐ 69/2024 Điều 30
and Luật Căn cước Điều 34: the holder may unlock the account they locked — that door must not be an
unlimited password oracle next to a throttled login)."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.models import Event, EventType
from dancu.clock import freeze, now_utc
from tests.integration.test_identity_eid import (  # noqa: F401  (the officer fixture)
    PASSWORD,
    citizen_login,
    collect_adult,
    last_code,
    officer,
    register_and_activate,
)

START = "/api/v1/eid/unlock/start"


async def test_wrong_unlock_passwords_lock_out_the_pin_like_login(
    client: httpx.AsyncClient,
    session: AsyncSession,
    officer: dict[str, str],  # noqa: F811  (the fixture imported above)
) -> None:
    person = await collect_adult(client, officer)
    await register_and_activate(client, session, person)
    citizen = await citizen_login(client, session, person["pin"])
    assert (await client.post("/api/v1/eid/me/lock", headers=citizen)).status_code == 204
    wrong = {"pin": person["pin"], "password": "khong-dung-mat-khau"}
    for _ in range(5):
        refused = await client.post(START, json=wrong)
        assert refused.status_code == 401 and refused.json()["code"] == "auth.invalid_credentials"
    failures = await session.scalar(
        select(func.count()).select_from(Event).where(Event.event_type == EventType.LOGIN_FAILED)
    )
    assert failures == 5  # each wrong password was committed and logged, not rolled back
    right = {"pin": person["pin"], "password": PASSWORD}
    locked = await client.post(START, json=right)
    assert locked.status_code == 429 and locked.json()["code"] == "auth.locked"
    assert locked.headers.get("Retry-After")
    page = await client.post("/app/unlock", data={"pin": person["pin"], "password": PASSWORD})
    assert page.status_code == 429
    # One counter per PIN: the login door is closed too, not a fresh set of guesses.
    login = await client.post("/api/v1/auth/login", json={"username": person["pin"], "password": PASSWORD})
    assert login.status_code == 429

    with freeze(now_utc() + dt.timedelta(minutes=2)):
        assert (await client.post(START, json=right)).status_code == 202
        finish = {"pin": person["pin"], "code": await last_code(session)}
        assert (await client.post("/api/v1/eid/unlock/finish", json=finish)).status_code == 204


async def test_an_unknown_pin_is_locked_out_the_same_way(client: httpx.AsyncClient) -> None:
    """The same answers for a PIN with no account: the back-off does not tell whether one exists."""
    wrong = {"pin": "001090000001", "password": "khong-dung-mat-khau"}
    codes = [(await client.post(START, json=wrong)).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
