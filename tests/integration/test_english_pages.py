"""An English visitor (the language switch's cookie, lang=en) sees the feature pages in English: the
login, the officer console's forms, the lookup and verification pages, the requester portal and the
identity app. A page fails when it shows a Vietnamese sentence of the interface, whether written
into a template or a catalogue text rendered in the wrong language."""

from __future__ import annotations

import re
from collections.abc import Iterable

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.integration.request_support import build_world, file, request_body, subject
from tests.integration.test_identity_app_pages import page_login as citizen_page_login
from tests.integration.test_identity_eid import collect_adult, register_and_activate
from tests.support.builders import OFFICER_PASSWORD, PASSWORD, officer_page_login, page_login
from tests.support.language import vietnamese_interface, visible_text

HTML = {"Accept": "text/html"}


def vietnamese_on(page: str) -> list[str]:
    return vietnamese_interface(visible_text(page))


async def assert_english(client: httpx.AsyncClient, paths: Iterable[str]) -> None:
    client.cookies.set("lang", "en")
    found = {}
    for path in paths:
        page = await client.get(path, headers=HTML)
        assert page.status_code == 200, (path, page.status_code)
        assert '<html lang="en">' in page.text, path
        if phrases := vietnamese_on(page.text):
            found[path] = phrases
    assert found == {}, "Vietnamese interface text on English pages"


def test_the_check_knows_the_vietnamese_interface() -> None:
    login = '<html lang="en"><h1>Đăng nhập</h1><label>Tên đăng nhập</label></html>'
    assert vietnamese_on(login) == ["Tên đăng nhập", "Đăng nhập"]
    person = "<td>Nguyễn Văn An</td><td>số 5 phố Tràng Tiền</td>"
    assert vietnamese_on(person) == []


async def test_the_login_and_registration_pages_in_english(client: httpx.AsyncClient) -> None:
    await assert_english(client, ["/login", "/app/register", "/app/activate", "/app/unlock", "/"])
    page = await client.get("/login", headers=HTML)
    assert "Log in" in page.text and "Password" in page.text and "Đăng nhập" not in visible_text(page.text)
    client.cookies.set("lang", "vi")
    assert "Đăng nhập" in (await client.get("/login", headers=HTML)).text  # Vietnamese stays the default


async def test_the_officer_console_in_english(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await build_world(client, session)
    await officer_page_login(client, "xa.hoankiem", OFFICER_PASSWORD, "/")
    pin = world.customer_pin
    await assert_english(
        client,
        [
            "/officer/requests",
            "/officer/requests/dashboard",
            "/officer/citizens",
            "/officer/citizens?name=nguyen",
            f"/officer/citizens/{pin}",
            f"/officer/citizens/{pin}/update",
            f"/officer/citizens/{pin}/adjust",
            f"/officer/citizens/{pin}/residence",
            f"/officer/citizens/{pin}/death",
            f"/officer/citizens/{pin}/card",
            "/officer/births/new",
            "/officer/collect/new",
            "/officer/corrections",
        ],
    )


async def test_the_requester_portal_and_lookup_pages_in_english(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await build_world(client, session)
    await page_login(client, "nh.admin", PASSWORD, "/cong/de-nghi")
    await assert_english(client, ["/portal/verify", "/cong/de-nghi", "/cong/de-nghi/moi"])


async def test_the_identity_app_in_english(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await build_world(client, session)
    person = await collect_adult(client, world.commune)
    await register_and_activate(client, session, person)
    # A bank waits for the citizen's consent: the inbox and the request's page in English too.
    asked = subject(person["pin"], "Trần Thị Lan", "1990-05-17")
    await file(client, world.bank, request_body([asked], ["full_name", "date_of_birth"]))
    await citizen_page_login(client, session, person["pin"])
    client.cookies.set("lang", "en")
    inbox = await client.get("/app/dong-y", headers=HTML)
    consent_ref = re.search(r'href="(/app/dong-y/[^"/]+)"', inbox.text)
    assert consent_ref, inbox.text
    assert "Waiting for consent" in visible_text(inbox.text)
    await assert_english(client, [consent_ref.group(1)])
    await assert_english(
        client,
        [
            "/app",
            "/app/history",
            "/app/tracker",
            "/app/dong-y",
            "/app/giay-to",
            "/app/notifications",
            "/app/corrections",
            "/app/corrections/new",
            "/app/privacy",
            "/app/security",
        ],
    )
