"""The agency portal's pages: an organisation member logs in, looks a person up and asks yes/no
questions; the answers and the access-log entries are those of the API."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.models import Event, EventType
from tests.support.builders import (
    DOB,
    NAME,
    PASSWORD,
    c06,
    csrf_of,
    issue_headers,
    member,
    organisation,
    page_login,
    person,
    registrar,
)

SCOPE = ["full_name", "date_of_birth", "pin", "sex"]
PURPOSE = "Xét hồ sơ trợ cấp xã hội"


async def browser_login(client: httpx.AsyncClient, username: str) -> str:
    """Log in through the login form as a browser does; returns the page's CSRF token."""
    assert await page_login(client, username, PASSWORD) == "/portal"
    landing = await client.get("/portal")
    assert landing.status_code == 303
    page = await client.get(landing.headers["location"])
    assert page.status_code == 200, page.text
    return csrf_of(page.text)


@pytest.fixture
async def world(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, Any]:
    officer = await c06(client, session)
    pin = await person(client, officer)
    operator = await registrar(client, session)
    org = await organisation(client, operator, "so.ldtbxh")
    admin = await issue_headers(session, "so.ldtbxh")
    await member(client, session, admin, org["organisation_id"], "so.ldtbxh.cb", SCOPE)
    return {"pin": pin, "org": org, "operator": operator}


def lookup_form(csrf: str, pin: str, **extra: Any) -> dict[str, Any]:
    return {
        "csrf_token": csrf,
        "full_name": NAME,
        "date_of_birth": DOB,
        "pin": pin,
        "purpose": PURPOSE,
    } | extra


async def test_member_looks_up_through_the_portal_and_the_log_names_the_agency(
    client: httpx.AsyncClient, session: AsyncSession, world: dict[str, Any]
) -> None:
    csrf = await browser_login(client, "so.ldtbxh.cb")
    form = await client.get("/portal/lookup")
    # Only the member's own fields are offered, by their Vietnamese names.
    offered = re.findall(r'name="fields" value="([a-z_]+)"', form.text)
    assert sorted(offered) == sorted(SCOPE)
    assert "Họ, chữ đệm và tên khai sinh" in form.text or "Họ, chữ đệm và tên" in form.text
    assert "so.ldtbxh.cb" in form.text or "Tổ chức so.ldtbxh" in form.text

    answer = await client.post(
        "/portal/lookup", data=lookup_form(csrf, world["pin"], fields=["full_name", "sex"])
    )
    assert answer.status_code == 200, answer.text
    assert 'id="answer-table"' in answer.text
    assert NAME in answer.text
    shown = answer.text.split('id="answer"')[1].split('id="lookup-form"')[0]  # the answer, above the form
    assert world["pin"] not in shown  # the PIN was not asked for
    receipt = int(re.search(r'id="receipt">(\d+)<', answer.text).group(1))  # type: ignore[union-attr]
    event = await session.get(Event, receipt)
    assert event is not None and event.event_type is EventType.CITIZEN_VIEWED
    assert event.fields == ["full_name", "sex"]
    assert event.purpose == PURPOSE
    assert event.organisation_id == world["org"]["organisation_id"]
    assert event.channel == "portal"


async def test_portal_lookup_errors_are_inline_and_release_nothing(
    client: httpx.AsyncClient, session: AsyncSession, world: dict[str, Any]
) -> None:
    csrf = await browser_login(client, "so.ldtbxh.cb")
    before = len((await session.scalars(select(Event.id))).all())
    missing = await client.post("/portal/lookup", data=lookup_form(csrf, world["pin"], purpose=""))
    assert missing.status_code == 422
    assert "Mục đích" in missing.text and 'id="answer-table"' not in missing.text
    wrong = await client.post(
        "/portal/lookup", data=lookup_form(csrf, world["pin"], full_name="Nguyen Minh Khang")
    )
    assert wrong.status_code == 404 and 'id="answer-table"' not in wrong.text
    over = await client.post(
        "/portal/lookup", data=lookup_form(csrf, world["pin"], fields=["full_name", "ethnicity"])
    )
    assert over.status_code == 403 and "ethnicity" in over.text
    assert len((await session.scalars(select(Event.id))).all()) == before
    # The CSRF token is required for the cookie session.
    forged = await client.post("/portal/lookup", data=lookup_form("forged", world["pin"]))
    assert forged.status_code == 403


async def test_portal_verify_answers_yes_or_no_with_a_receipt(
    client: httpx.AsyncClient, session: AsyncSession, world: dict[str, Any]
) -> None:
    csrf = await browser_login(client, "so.ldtbxh.cb")
    base = {"csrf_token": csrf, "pin": world["pin"], "purpose": "Kiểm tra độ tuổi"}
    yes = await client.post("/portal/verify", data=base | {"question": "age_at_least", "years": "18"})
    assert yes.status_code == 200, yes.text
    assert re.search(r'id="verify-answer">Có<', yes.text)
    no = await client.post(
        "/portal/verify",
        data=base | {"question": "identity_match", "full_name": "Lê Văn Tám", "date_of_birth": DOB},
    )
    assert re.search(r'id="verify-answer">Không<', no.text)
    receipt = int(re.search(r'id="receipt">(\d+)<', no.text).group(1))  # type: ignore[union-attr]
    event = await session.get(Event, receipt)
    assert event is not None and event.data["question"] == "identity_match"
    bad = await client.post("/portal/verify", data=base | {"question": "age_at_least", "years": "abc"})
    assert bad.status_code == 422 and 'id="verify-answer"' not in bad.text


async def test_a_k2_member_has_no_lookup_page_only_verification(
    client: httpx.AsyncClient, session: AsyncSession, world: dict[str, Any]
) -> None:
    await organisation(
        client,
        world["operator"],
        "nh.abc",
        group="k2",
        mandate=["full_name"],
        legal_representative_pin=world["pin"],
    )
    await page_login(client, "nh.abc", PASSWORD)
    assert (await client.get("/portal")).headers["location"] == "/portal/verify"
    assert (await client.get("/portal/lookup")).status_code == 403
    verify = await client.get("/portal/verify")
    assert verify.status_code == 200 and 'href="/portal/lookup"' not in verify.text
