"""The identity app's pages, the login second-factor page, the officer's e-ID page and the dev
outbox; a citizen never sees another citizen."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.clock import today_vn
from dancu.notify.settings import NotifySettings
from tests.integration.test_identity_eid import PASSWORD, collect_adult, last_code, register_and_activate
from tests.support.builders import (
    born_aged,
    child_of,
    csrf_of,
    dossier,
    issue_headers,
    login_form_post,
    make_officer,
    officer_page_login,
)

APP_ROUTES = ["/app", "/app/history", "/app/tracker", "/app/security"]


@pytest.fixture
async def officer(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    await make_officer(session, username="xa.hoankiem", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
    return await issue_headers(session, "xa.hoankiem")


async def page_login(client: httpx.AsyncClient, session: AsyncSession, pin: str) -> None:
    client.cookies.clear()
    response = await login_form_post(client, username=pin, password=PASSWORD)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login/second-factor")
    client.cookies.set("dancu_session", response.cookies["dancu_session"])
    form = await client.get(response.headers["location"])
    assert "Xác thực hai lớp" in form.text
    # Before the second factor, no /app page opens.
    assert (await client.get("/app")).status_code == 401
    data = {"code": await last_code(session), "csrf_token": csrf_of(form.text), "next": ""}
    passed = await client.post("/login/second-factor", data=data)
    assert passed.status_code == 303
    assert passed.headers["location"] == "/app"
    client.cookies.set("dancu_session", passed.cookies["dancu_session"])


async def test_register_through_the_pages_then_see_own_data(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    form = await client.get("/app/register")
    assert form.status_code == 200 and "Số định danh cá nhân" in form.text
    bad = await client.post("/app/register", data=person | {"card_number": "001190099999"})
    assert bad.status_code == 400
    assert "không khớp" in bad.text
    day, month, year = reversed(person["date_of_birth"].split("-"))
    typed = person | {"date_of_birth": f"{day}/{month}/{year}"}  # as people type it
    started = await client.post("/app/register", data=typed)
    assert started.status_code == 200 and "Kích hoạt" in started.text
    # Back after reading the SMS (a new tab, another device): the form opens again, with the PIN.
    resumed = await client.get(f"/app/activate?pin={person['pin']}")
    assert resumed.status_code == 200 and f'name="pin" value="{person["pin"]}"' in resumed.text
    blank = await client.get("/app/activate")
    assert blank.status_code == 200 and 'id="f-pin"' in blank.text  # the PIN is asked for
    code = await last_code(session)
    weak = await client.post("/app/activate", data={"pin": person["pin"], "code": code, "password": "ngan"})
    assert weak.status_code == 422 and f'value="{code}"' in weak.text  # the code stays typed
    done = await client.post("/app/activate", data={"pin": person["pin"], "code": code, "password": PASSWORD})
    assert done.status_code == 303
    assert 'id="activated"' in (await client.get(done.headers["location"])).text  # a confirmation
    await page_login(client, session, person["pin"])
    home = await client.get("/app")
    assert home.status_code == 200
    assert "Trần Thị Lan" in home.text and person["pin"] in home.text and "0912345678" in home.text
    history = await client.get("/app/history")
    assert history.status_code == 200 and "Lịch sử" in history.text
    # Short on a phone: unchanged items folded, the changes grouped by year, the newest year open.
    assert '<details class="item-history" id="item-full_name">' in history.text
    year = today_vn().year
    assert f'<details class="year" id="year-{year}" open>' in history.text
    tracker = await client.get("/app/tracker")
    assert tracker.status_code == 200
    assert 'id="tracker-empty"' in tracker.text  # own reads are not shown; no one else has read
    security = await client.get("/app/security")
    assert "Mức độ 1" in security.text
    reads = await session.scalars(select(Event).where(Event.event_type == EventType.CITIZEN_VIEWED))
    assert len(reads.all()) >= 2  # the citizen's own reads are logged too


async def test_a_citizen_never_sees_another(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    lan = await collect_adult(client, officer)
    hoa = await collect_adult(client, officer, given="Hoa", mobile="0987654321", card="001190054321")
    await register_and_activate(client, session, lan)
    await page_login(client, session, lan["pin"])
    other = await session.scalar(
        select(Event.subject_citizen_id)
        .where(Event.event_type == EventType.CARD_RECORDED)
        .order_by(Event.id.desc())
    )
    for route in APP_ROUTES:
        for query in (f"?pin={hoa['pin']}", f"?citizen_id={other}", ""):
            response = await client.get(route + query)
            assert response.status_code == 200
            assert "Trần Thị Hoa" not in response.text and hoa["pin"] not in response.text
        assert (await client.get(f"{route}/{hoa['pin']}")).status_code in (404, 405)
    # The officer routes and the register API refuse a citizen.
    assert (await client.get(f"/officer/citizens/{hoa['pin']}")).status_code == 403
    assert (await client.get(f"/api/v1/registry/citizens/{hoa['pin']}")).status_code == 403


async def test_officers_cannot_open_the_identity_app(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    for route in APP_ROUTES:
        assert (await client.get(route, headers=officer)).status_code == 403


async def test_officer_upgrades_through_the_console_page(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    await register_and_activate(client, session, person)
    await officer_page_login(client, "xa.hoankiem", "mat-khau-rat-dai-123")
    url = f"/officer/citizens/{person['pin']}/eid"
    page = await client.get(url)
    assert page.status_code == 200 and "Mức độ 1" in page.text
    csrf = csrf_of(page.text)
    incomplete = await client.post(f"{url}/level2", data={"csrf_token": csrf, "card_presented": "on"})
    assert incomplete.status_code == 422
    done = await client.post(
        f"{url}/level2",
        data={"csrf_token": csrf, "card_presented": "on", "form_tk01": "on", "mobile_confirmed": "on"},
    )
    assert done.status_code == 303
    assert "Mức độ 2" in (await client.get(done.headers["location"])).text
    locked = await client.post(f"{url}/lock", data={"csrf_token": csrf, "action": "lock", "reason": "TK03"})
    assert locked.status_code == 303
    assert "Đã khóa" in (await client.get(url)).text


async def test_the_console_offers_no_unlock_for_the_deceased_and_says_why(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    await register_and_activate(client, session, person)
    death = {"status": "dead", "date": "2026-11-20", **dossier()}
    died = await client.post(f"/api/v1/registry/citizens/{person['pin']}/death", json=death, headers=officer)
    assert died.status_code == 204, died.text
    await officer_page_login(client, "xa.hoankiem", "mat-khau-rat-dai-123")
    url = f"/officer/citizens/{person['pin']}/eid"
    page = await client.get(url)
    assert page.status_code == 200 and 'id="eid-dead-note"' in page.text
    assert "death_recorded" not in page.text and "đã chết" in page.text
    assert 'value="unlock"' not in page.text
    # A hand-made unlock is refused with the reason in words.
    data = {"csrf_token": csrf_of(page.text), "action": "unlock", "reason": "Gia đình đề nghị"}
    refused = await client.post(f"{url}/lock", data=data)
    assert refused.status_code == 403 and "Không thể mở khóa" in refused.text


async def test_citizen_locks_from_the_security_page_and_unlocks(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    await register_and_activate(client, session, person)
    await page_login(client, session, person["pin"])
    csrf = csrf_of((await client.get("/app/security")).text)
    locked = await client.post("/app/security/lock", data={"csrf_token": csrf})
    assert locked.status_code == 303
    assert (await client.get("/app")).status_code == 401
    step = await client.post("/app/unlock", data={"pin": person["pin"], "password": PASSWORD})
    assert "Mã mở khóa" in step.text
    done = await client.post("/app/unlock", data={"pin": person["pin"], "code": await last_code(session)})
    assert done.status_code == 303
    await page_login(client, session, person["pin"])


async def test_dev_outbox_is_off_by_default_and_shows_codes_when_on(
    app: object, client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    assert (await client.get("/dev/outbox")).status_code == 404
    app.state.notify_settings = NotifySettings(dev_outbox=True)  # type: ignore[attr-defined]
    person = await collect_adult(client, officer)
    await client.post("/api/v1/eid/registrations", json=person)
    page = await client.get("/dev/outbox")
    assert page.status_code == 200
    assert "0912345678" in page.text and await last_code(session) in page.text


async def test_a_parent_acts_for_a_child_under_14_and_the_read_names_the_parent(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    mother = await collect_adult(client, officer)
    stranger = await collect_adult(client, officer, given="Hoa", mobile="0987654321", card="001190054321")
    child_pin = await child_of(client, officer, mother["pin"], born_on=born_aged(6))
    await register_and_activate(client, session, mother)
    await page_login(client, session, mother["pin"])
    home = await client.get("/app")
    found = re.search(r'href="/app/for/(\d+)"', home.text)
    assert found is not None, "the child is listed on the mother's home page"
    # The home page shows the child's name: the child's log has that read, naming the mother.
    named = await session.scalar(
        select(Event).where(
            Event.event_type == EventType.CITIZEN_VIEWED, Event.subject_citizen_id == int(found.group(1))
        )
    )
    assert named is not None and named.fields == ["full_name"] and "Trần Thị Lan" in named.actor_label
    child_page = await client.get(f"/app/for/{found.group(1)}")
    assert child_page.status_code == 200 and child_pin in child_page.text
    assert (await client.get(f"/app/for/{found.group(1)}/history")).status_code == 200
    read = await session.scalar(
        select(Event).where(Event.event_type == EventType.CITIZEN_VIEWED).order_by(Event.id.desc())
    )
    assert read is not None and "Trần Thị Lan" in read.actor_label
    # Anyone else, existing or not, is refused the same way.
    stranger_id = await session.scalar(
        select(Event.subject_citizen_id)
        .where(Event.event_type == EventType.CARD_RECORDED)
        .order_by(Event.id.desc())
    )
    for other in (stranger_id, 999_999):
        for suffix in ("", "/history"):
            refused = await client.get(f"/app/for/{other}{suffix}")
            assert refused.status_code == 403
            assert stranger["pin"] not in refused.text


async def test_the_tracker_lists_an_officers_read(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    await register_and_activate(client, session, person)
    assert (
        await client.get(f"/api/v1/registry/citizens/{person['pin']}", headers=officer)
    ).status_code == 200
    await page_login(client, session, person["pin"])
    tracker = await client.get("/app/tracker")
    assert 'id="tracker-empty"' not in tracker.text
    assert "Xem thông tin" in tracker.text and "Xa.Hoankiem (xa.hoankiem)" in tracker.text


async def test_a_representative_asks_for_the_e_id_account_of_a_child_of_6_to_14(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    """NĐ 69/2024 Điều 7: citizens "từ đủ 06 tuổi đến dưới 14 tuổi" get an e-ID account on request —
    here the mother's, recorded in the child's log; the code reaches the mother's mobile."""
    from dancu.registry.queries import citizen_by_pin
    from tests.support.builders import citizen_headers

    mother = await collect_adult(client, officer)
    pins = {}
    eight, three = born_aged(8), born_aged(3)
    for born_on in (eight, three):
        pins[born_on] = await child_of(client, officer, mother["pin"], born_on=born_on)
    stranger = await collect_adult(client, officer, given="Hoa", mobile="0987654321", card="001190054321")
    headers = await citizen_headers(client, session, (await citizen_by_pin(session, mother["pin"])).id)
    url = "/api/v1/eid/me/child-accounts"
    too_young = await client.post(url, json={"pin": pins[three]}, headers=headers)
    assert too_young.status_code == 409 and too_young.json()["code"] == "eid.child_age"
    not_mine = await client.post(url, json={"pin": stranger["pin"]}, headers=headers)
    assert not_mine.status_code == 403
    asked = await client.post(url, json={"pin": pins[eight]}, headers=headers)
    assert asked.status_code == 202, asked.text
    assert asked.json()["sent_to"].endswith("678")
    event = await session.scalar(
        select(Event).where(Event.event_type == EventType.EID_REGISTRATION_STARTED).order_by(Event.id.desc())
    )
    assert event is not None and event.data["requested_by_representative"] is not None
    body = {"pin": pins[eight], "code": await last_code(session), "password": PASSWORD}
    activated = await client.post("/api/v1/eid/registrations/activate", json=body)
    assert activated.status_code == 200, activated.text
    assert activated.json()["level"] == "1"
