"""The identity app's page for a child's e-ID account (NĐ 69/2024 Điều 7), on both engines: the
parent chooses the child or types the PIN, refusals name the field and the rule in vi and en, the
confirmation says what happens next, and the child's account shows on the page afterwards."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.registry.queries import citizen_by_pin
from tests.integration.test_identity_app_pages import page_login
from tests.integration.test_identity_eid import PASSWORD, collect_adult, last_code, register_and_activate
from tests.support.builders import born_aged, child_of, csrf_of, issue_headers, make_officer

URL = "/app/child-accounts"
# Birth dates of children of these ages on the day the suite runs (NĐ 69 Điều 7: from 6 to under 14).
EIGHT, THREE, FIFTEEN = born_aged(8), born_aged(3), born_aged(15)


@pytest.fixture
async def officer(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    await make_officer(session, username="xa.hoankiem", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
    return await issue_headers(session, "xa.hoankiem")


async def _children(client: httpx.AsyncClient, officer: dict[str, str], mother_pin: str) -> dict[str, str]:
    """Children of the mother, 8, 3 and 15 years old, by birth date."""
    dates = (EIGHT, THREE, FIFTEEN)
    return {born_on: await child_of(client, officer, mother_pin, born_on=born_on) for born_on in dates}


def _error(page: str, field: str) -> str:
    found = re.search(rf'<small class="error-text" id="e-{field}">([^<]+)</small>', page)
    assert found is not None, page
    return found.group(1)


async def test_a_parent_asks_for_a_child_account_in_the_app(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    """NĐ 69/2024 Điều 7: "công dân Việt Nam từ đủ 06 tuổi đến dưới 14 tuổi" get a level-1 e-ID
    account on request — through the identity app the parent uses: chosen from the register's
    relations or typed by PIN, refused inline naming the field and the rule (not the
    representative, under 6, 14 or more, already holding one), confirmed with what happens next,
    and the child's account visible to the parent afterwards."""
    mother = await collect_adult(client, officer)
    stranger = await collect_adult(client, officer, given="Hoa", mobile="0987654321", card="001190054321")
    pins = await _children(client, officer, mother["pin"])
    ids = {born: (await citizen_by_pin(session, pin)).id for born, pin in pins.items()}
    await register_and_activate(client, session, mother)
    await page_login(client, session, mother["pin"])

    home = await client.get("/app")
    assert 'href="/app/child-accounts"' in home.text and 'id="nav-child-accounts"' in home.text
    assert 'id="child-accounts-link"' in home.text
    form = await client.get(URL)
    assert form.status_code == 200
    assert f'id="f-child-{ids[EIGHT]}"' in form.text  # the register's relations are offered
    assert f'id="f-child-{ids[FIFTEEN]}"' not in form.text  # a parent no longer represents 14+
    assert "chưa có tài khoản" in form.text
    csrf = csrf_of(form.text)

    # Without the form's token the request is refused like any other app form.
    assert (await client.post(URL, data={"child": str(ids[EIGHT])})).status_code == 403

    async def ask(**data: str) -> httpx.Response:
        return await client.post(URL, data={"csrf_token": csrf, **data})

    nothing = await ask()
    assert nothing.status_code == 422 and "bắt buộc" in _error(nothing.text, "child")
    short = await ask(pin="12345")
    assert short.status_code == 422 and "12 chữ số" in _error(short.text, "pin")
    not_mine = await ask(pin=stranger["pin"])
    assert not_mine.status_code == 403 and "người đại diện theo pháp luật" in _error(not_mine.text, "pin")
    assert stranger["full_name"] not in not_mine.text
    stranger_id = (await citizen_by_pin(session, stranger["pin"])).id
    for other in (stranger_id, 999_999):  # an id not in the list: the same refusal, existing or not
        listed_not = await ask(child=str(other))
        assert listed_not.status_code == 403 and "người đại diện" in _error(listed_not.text, "child")
    too_young = await ask(child=str(ids[THREE]))
    assert too_young.status_code == 409
    assert "từ đủ 06 tuổi đến dưới 14 tuổi" in _error(too_young.text, "child")
    too_old = await ask(pin=pins[FIFTEEN])
    assert too_old.status_code == 409 and "từ đủ 14 tuổi tự đăng ký" in _error(too_old.text, "pin")
    english = await client.post(
        URL, data={"csrf_token": csrf, "child": str(ids[THREE])}, headers={"accept-language": "en"}
    )
    assert "only for a child from 6 to under 14; a child under 6 gets none" in (_error(english.text, "child"))
    refused = await session.scalar(
        select(Event).where(
            Event.event_type == EventType.EID_REGISTRATION_STARTED,
            Event.subject_citizen_id.in_(ids.values()),
        )
    )
    assert refused is None, "no refused request leaves an account or a log entry"

    asked = await ask(child=str(ids[EIGHT]))
    assert asked.status_code == 202, asked.text
    assert 'id="child-account-sent"' in asked.text and 'id="next-steps"' in asked.text
    assert "091****678" in asked.text and "7 ngày" in asked.text
    assert f'href="/app/activate?pin={pins[EIGHT]}"' in asked.text
    event = await session.scalar(
        select(Event).where(Event.event_type == EventType.EID_REGISTRATION_STARTED).order_by(Event.id.desc())
    )
    assert event is not None and event.subject_citizen_id == ids[EIGHT]
    assert event.data["requested_by_representative"] == (await citizen_by_pin(session, mother["pin"])).id

    pending = await client.get(URL)
    state = re.search(rf'<li id="child-{ids[EIGHT]}">.*?</li>', pending.text, re.S)
    assert state is not None and "tài khoản chưa được kích hoạt" in state.group(0)
    code = await last_code(session)  # the code reached the mother's mobile
    activation = {"pin": pins[EIGHT], "code": code, "password": PASSWORD}
    assert (await client.post("/app/activate", data=activation)).status_code == 303
    await page_login(client, session, mother["pin"])
    active = await client.get(URL)
    state = re.search(rf'<li id="child-{ids[EIGHT]}">.*?</li>', active.text, re.S)
    assert state is not None and "tài khoản đang hoạt động" in state.group(0)
    again = await client.post(URL, data={"csrf_token": csrf_of(active.text), "child": str(ids[EIGHT])})
    assert again.status_code == 409 and "đã có tài khoản" in _error(again.text, "child")
