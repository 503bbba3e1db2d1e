"""Citizen e-ID over the API on both engines: registration, activation, second factor, level 2,
lock/unlock, death, and the outbox that carries every code."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.clock import freeze, now_utc
from dancu.notify.models import OutboxMessage
from tests.support.builders import (
    BA_DINH,
    HOAN_KIEM,
    born_aged,
    dossier,
    issue_headers,
    make_officer,
    totp_now,
)

PASSWORD = "mat-khau-cong-dan-1"


async def collect_adult(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    *,
    given: str = "Lan",
    dob: str = "1990-05-17",
    mobile: str | None = "0912345678",
    card: str = "001190012345",
    unit: dict[str, str] = HOAN_KIEM,
    kind: str = "can_cuoc",
) -> dict[str, Any]:
    """A person in the register with a card and (optionally) a mobile number; returns what they'd type."""
    other: dict[str, Any] = {"mobile": mobile} if mobile else {}
    body = {
        "full_name": {"family": "Trần", "middle": "Thị", "given": given},
        "date_of_birth": dob,
        "sex": "2",
        "birth_registration_place": unit,
        "ethnicity": "01",
        "permanent_residence": {**unit, "detail": "12 Hàng Bài"},
        "other_items": other,
        **dossier(),
    }
    created = await client.post("/api/v1/registry/citizens/collect", json=body, headers=officer)
    assert created.status_code == 201, created.text
    pin = created.json()["pin"]
    card_body = {
        "card": {"kind": kind, "number": card, "issued_on": "2024-07-01", "issued_by": "Cục C06"},
        **dossier(),
    }
    recorded = await client.post(f"/api/v1/registry/citizens/{pin}/cards", json=card_body, headers=officer)
    assert recorded.status_code == 204, recorded.text
    return {"full_name": f"Trần Thị {given}", "date_of_birth": dob, "pin": pin, "card_number": card}


async def last_code(session: AsyncSession, recipient: str = "0912345678") -> str:
    message = await session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == recipient).order_by(OutboxMessage.id.desc())
    )
    assert message is not None
    found = re.search(r"\b(\d{6})\b", message.body)
    assert found is not None
    return found.group(1)


@pytest.fixture
async def officer(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    await make_officer(session, username="xa.hoankiem", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
    return await issue_headers(session, "xa.hoankiem")


async def register_and_activate(
    client: httpx.AsyncClient, session: AsyncSession, person: dict[str, Any]
) -> None:
    started = await client.post("/api/v1/eid/registrations", json=person)
    assert started.status_code == 201, started.text
    assert started.json()["sent_to"] == "091****678"
    body = {"pin": person["pin"], "code": await last_code(session), "password": PASSWORD}
    activated = await client.post("/api/v1/eid/registrations/activate", json=body)
    assert activated.status_code == 200, activated.text
    assert activated.json() == {
        "pin": person["pin"],
        "status": "active",
        "level": "1",
        "second_factor": "code",
    }


async def citizen_login(client: httpx.AsyncClient, session: AsyncSession, pin: str) -> dict[str, str]:
    response = await client.post("/api/v1/auth/login", json={"username": pin, "password": PASSWORD})
    assert response.status_code == 200, response.text
    headers = {"Authorization": f"Bearer {response.json()['token']}"}
    passed = await client.post(
        "/api/v1/auth/second-factor", json={"code": await last_code(session)}, headers=headers
    )
    assert passed.status_code == 204, passed.text
    return headers


async def test_register_activate_and_login_with_second_factor(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    await register_and_activate(client, session, person)
    response = await client.post("/api/v1/auth/login", json={"username": person["pin"], "password": PASSWORD})
    assert response.status_code == 200
    headers = {"Authorization": f"Bearer {response.json()['token']}"}
    # The password alone opens nothing.
    assert (await client.get("/api/v1/auth/me", headers=headers)).json()[
        "code"
    ] == "auth.second_factor_required"
    wrong = await client.post("/api/v1/auth/second-factor", json={"code": "000000"}, headers=headers)
    assert wrong.status_code == 401
    code = await last_code(session)
    assert (
        await client.post("/api/v1/auth/second-factor", json={"code": code}, headers=headers)
    ).status_code == 204
    me = await client.get("/api/v1/auth/me", headers=headers)
    assert me.status_code == 200
    assert "citizen:own:read" in me.json()["permissions"]
    kinds = set(await session.scalars(select(Event.event_type)))
    assert {
        EventType.EID_REGISTRATION_STARTED,
        EventType.EID_ACTIVATED,
        EventType.SECOND_FACTOR_FAILED,
        EventType.SECOND_FACTOR_PASSED,
    } <= kinds


@pytest.mark.parametrize(
    "change",
    [{"full_name": "Trần Thị Hoa"}, {"date_of_birth": "1990-05-18"}, {"card_number": "001190099999"}],
)
async def test_any_mismatch_is_one_generic_error(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str], change: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    response = await client.post("/api/v1/eid/registrations", json=person | change)
    assert response.status_code == 400
    assert response.json()["code"] == "eid.registration_mismatch"
    assert await session.scalar(select(OutboxMessage)) is None


async def test_unknown_pin_is_the_same_generic_error(client: httpx.AsyncClient) -> None:
    body = {
        "full_name": "A B",
        "date_of_birth": "1990-01-01",
        "pin": "001190000001",
        "card_number": "001190000001",
    }
    response = await client.post("/api/v1/eid/registrations", json=body)
    assert response.json()["code"] == "eid.registration_mismatch"


async def test_name_matches_without_diacritics_and_case(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    response = await client.post("/api/v1/eid/registrations", json=person | {"full_name": "tran thi LAN"})
    assert response.status_code == 201


async def test_attempts_are_rate_limited_per_pin(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    for _ in range(5):
        bad = await client.post("/api/v1/eid/registrations", json=person | {"card_number": "001190099999"})
        assert bad.status_code == 400
    limited = await client.post("/api/v1/eid/registrations", json=person)
    assert limited.status_code == 429
    assert limited.json()["code"] == "eid.registration_rate_limited"
    with freeze(now_utc() + dt.timedelta(hours=1, minutes=1)):
        assert (await client.post("/api/v1/eid/registrations", json=person)).status_code == 201


async def test_no_mobile_in_the_register_is_refused_clearly(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer, mobile=None)
    response = await client.post("/api/v1/eid/registrations", json=person)
    assert response.status_code == 409
    assert response.json()["code"] == "eid.no_mobile"


async def test_children_under_14_have_no_own_account(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer, dob=born_aged(10))
    response = await client.post("/api/v1/eid/registrations", json=person)
    assert response.json()["code"] == "eid.registration_minor"


async def test_wrong_code_then_activation_expires_after_7_days(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    start = now_utc() + dt.timedelta(minutes=1)
    with freeze(start):
        assert (await client.post("/api/v1/eid/registrations", json=person)).status_code == 201
        wrong = {"pin": person["pin"], "code": "000000", "password": PASSWORD}
        assert (await client.post("/api/v1/eid/registrations/activate", json=wrong)).json()[
            "code"
        ] == "eid.code_invalid"
    code = await last_code(session)
    with freeze(start + dt.timedelta(days=7, seconds=1)):
        body = {"pin": person["pin"], "code": code, "password": PASSWORD}
        expired = await client.post("/api/v1/eid/registrations/activate", json=body)
        assert expired.status_code == 410
        assert expired.json()["code"] == "eid.activation_expired"
        # Registering again restarts the window.
        assert (await client.post("/api/v1/eid/registrations", json=person)).status_code == 201
        body["code"] = await last_code(session)
        assert (await client.post("/api/v1/eid/registrations/activate", json=body)).status_code == 200


async def test_registering_twice_is_a_conflict(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    await register_and_activate(client, session, person)
    assert (await client.post("/api/v1/eid/registrations", json=person)).status_code == 409


async def test_wrong_second_factor_codes_lock_out(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    await register_and_activate(client, session, person)
    response = await client.post("/api/v1/auth/login", json={"username": person["pin"], "password": PASSWORD})
    headers = {"Authorization": f"Bearer {response.json()['token']}"}
    for _ in range(5):
        await client.post("/api/v1/auth/second-factor", json={"code": "000000"}, headers=headers)
    # The lock-out ended the half-open session and refuses the password for a while.
    again = await client.post(
        "/api/v1/auth/second-factor", json={"code": await last_code(session)}, headers=headers
    )
    assert again.status_code == 401
    locked = await client.post("/api/v1/auth/login", json={"username": person["pin"], "password": PASSWORD})
    assert locked.status_code == 429


async def test_totp_enrolment_replaces_sms(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    from dancu.identity.models import Account
    from dancu.identity.second_factor import enrol_totp, new_totp_secret

    person = await collect_adult(client, officer)
    await register_and_activate(client, session, person)
    account = await session.scalar(select(Account).where(Account.username == person["pin"]))
    assert account is not None
    secret = new_totp_secret()
    await enrol_totp(session, account, secret=secret, code=totp_now(secret))
    await session.commit()
    messages_before = len((await session.scalars(select(OutboxMessage))).all())
    response = await client.post("/api/v1/auth/login", json={"username": person["pin"], "password": PASSWORD})
    headers = {"Authorization": f"Bearer {response.json()['token']}"}
    assert len((await session.scalars(select(OutboxMessage))).all()) == messages_before  # no SMS
    ok = await client.post("/api/v1/auth/second-factor", json={"code": totp_now(secret)}, headers=headers)
    assert ok.status_code == 204


async def test_level2_by_an_in_territory_officer_only(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    await register_and_activate(client, session, person)
    await make_officer(session, username="xa.badinh", role=OfficerRole.COMMUNE_POLICE, unit_code="00004")
    elsewhere = await issue_headers(session, "xa.badinh")
    checks = {"card_presented": True, "form_tk01": True, "mobile_confirmed": True}
    url = f"/api/v1/eid/accounts/{person['pin']}/level2"
    refused = await client.post(url, json=checks, headers=elsewhere)
    assert refused.status_code == 403
    assert refused.json()["code"] == "auth.out_of_territory"
    incomplete = await client.post(url, json=checks | {"form_tk01": False}, headers=officer)
    assert incomplete.json()["code"] == "eid.level2_checks_incomplete"
    citizen = await citizen_login(client, session, person["pin"])
    assert (await client.post(url, json=checks, headers=citizen)).status_code == 403
    upgraded = await client.post(url, json=checks, headers=officer)
    assert upgraded.status_code == 200, upgraded.text
    assert upgraded.json()["level"] == "2"
    assert "muc do 2" in (await session.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()))).body  # type: ignore[union-attr]
    assert (await client.post(url, json=checks, headers=officer)).status_code == 409


async def test_citizen_locks_and_unlocks_own_account(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    await register_and_activate(client, session, person)
    citizen = await citizen_login(client, session, person["pin"])
    assert (await client.post("/api/v1/eid/me/lock", headers=citizen)).status_code == 204
    assert (await client.get("/api/v1/auth/me", headers=citizen)).status_code == 401  # sessions ended
    login = await client.post("/api/v1/auth/login", json={"username": person["pin"], "password": PASSWORD})
    assert login.status_code == 403
    assert login.json()["code"] == "auth.account_locked_by_holder"
    creds = {"pin": person["pin"], "password": PASSWORD}
    assert (await client.post("/api/v1/eid/unlock/start", json=creds)).status_code == 202
    finish = {"pin": person["pin"], "code": await last_code(session)}
    assert (await client.post("/api/v1/eid/unlock/finish", json=finish)).status_code == 204
    await citizen_login(client, session, person["pin"])


async def test_officer_lock_cannot_be_lifted_by_the_holder(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    await register_and_activate(client, session, person)
    url = f"/api/v1/eid/accounts/{person['pin']}"
    assert (await client.post(f"{url}/lock", json={"reason": "Đơn TK03"}, headers=officer)).status_code == 200
    creds = {"pin": person["pin"], "password": PASSWORD}
    refused = await client.post("/api/v1/eid/unlock/start", json=creds)
    assert refused.json()["code"] == "eid.unlock_needs_officer"
    unlocked = await client.post(f"{url}/unlock", json={"reason": "Đơn TK03 mở khóa"}, headers=officer)
    assert unlocked.json()["status"] == "active"


async def test_death_locks_the_account(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    await register_and_activate(client, session, person)
    citizen = await citizen_login(client, session, person["pin"])
    death = {"status": "dead", "date": "2026-11-20", **dossier()}
    recorded = await client.post(
        f"/api/v1/registry/citizens/{person['pin']}/death", json=death, headers=officer
    )
    assert recorded.status_code == 204, recorded.text
    assert (await client.get("/api/v1/auth/me", headers=citizen)).status_code == 401
    login = await client.post("/api/v1/auth/login", json={"username": person["pin"], "password": PASSWORD})
    assert login.json()["code"] == "auth.account_locked_death"
    locked = await session.scalar(select(Event).where(Event.event_type == EventType.EID_LOCKED))
    assert locked is not None and locked.data["source"] == "death"


async def test_an_officer_cannot_unlock_the_account_of_a_person_the_register_records_dead(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    """Luật Căn cước Điều 34: the deceased's e-ID stays locked; the refusal says why, in words."""
    person = await collect_adult(client, officer)
    await register_and_activate(client, session, person)
    death = {"status": "dead", "date": "2026-11-20", **dossier()}
    recorded = await client.post(
        f"/api/v1/registry/citizens/{person['pin']}/death", json=death, headers=officer
    )
    assert recorded.status_code == 204, recorded.text
    url = f"/api/v1/eid/accounts/{person['pin']}/unlock"
    refused = await client.post(url, json={"reason": "Gia đình đề nghị"}, headers=officer)
    assert refused.status_code == 403
    assert refused.json()["code"] == "eid.unlock_refused_dead"
    assert "đã chết" in refused.json()["title"]
    login = await client.post("/api/v1/auth/login", json={"username": person["pin"], "password": PASSWORD})
    assert login.status_code == 403 and "(locked)" not in login.text
    assert "đã chết" in login.json()["title"]
    english = await client.post(
        "/api/v1/auth/login",
        json={"username": person["pin"], "password": PASSWORD},
        headers={"Accept-Language": "en"},
    )
    assert "records this person as dead" in english.json()["title"]
    # An account the police had locked before the death cannot be unlocked either.
    other = await collect_adult(client, officer, given="Mai")
    await register_and_activate(client, session, other)
    base = f"/api/v1/eid/accounts/{other['pin']}"
    assert (
        await client.post(f"{base}/lock", json={"reason": "Đơn TK03"}, headers=officer)
    ).status_code == 200
    died = await client.post(f"/api/v1/registry/citizens/{other['pin']}/death", json=death, headers=officer)
    assert died.status_code == 204, died.text
    again = await client.post(f"{base}/unlock", json={"reason": "Đơn TK03 mở khóa"}, headers=officer)
    assert again.status_code == 403 and again.json()["code"] == "eid.unlock_refused_dead"
    # Once the register records the person alive again (what a correction of the death record
    # leaves; set directly here), the officer's unlock goes through.
    from dancu.enums.registry import LifeStatus
    from dancu.registry.models import Citizen

    citizen = await session.scalar(select(Citizen).where(Citizen.pin == person["pin"]))
    assert citizen is not None
    citizen.status = LifeStatus.ALIVE
    await session.commit()
    reopened = await client.post(url, json={"reason": "Điều chỉnh thông tin về việc chết"}, headers=officer)
    assert reopened.status_code == 200, reopened.text


async def test_out_of_territory_officer_cannot_lock(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer, unit=HOAN_KIEM)
    await register_and_activate(client, session, person)
    await make_officer(
        session, username="xa.badinh2", role=OfficerRole.COMMUNE_POLICE, unit_code=BA_DINH["unit_code"]
    )
    elsewhere = await issue_headers(session, "xa.badinh2")
    response = await client.post(
        f"/api/v1/eid/accounts/{person['pin']}/lock", json={"reason": "x"}, headers=elsewhere
    )
    assert response.status_code == 403


async def test_the_pin_is_accepted_as_the_number_of_a_chip_card(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    assert person["card_number"] != person["pin"]
    response = await client.post("/api/v1/eid/registrations", json=person | {"card_number": person["pin"]})
    assert response.status_code == 201, response.text


async def test_the_pin_is_not_a_card_number_without_a_chip_card(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer, card="001190054321", kind="cmnd12")
    refused = await client.post("/api/v1/eid/registrations", json=person | {"card_number": person["pin"]})
    assert refused.status_code == 400
    assert refused.json()["code"] == "eid.registration_mismatch"
