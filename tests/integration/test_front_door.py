"""The front door: one entry per kind of user, branded from settings; each role's start page after
login; menus that show only what the role may use; error pages with real links back; the language
switch kept in a cookie that wins over the browser's Accept-Language."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.settings import Settings
from tests.support.builders import make_officer, officer_page_login

HTML = {"Accept": "text/html"}
AGENCY = "Công an tỉnh Thử Nghiệm"
AGENCY_EN = "Test Province Police"
FOOTER = "Đường dây nóng 069 000 000"
FOOTER_EN = "Hotline 069 000 000"


@pytest.fixture
def settings(database_urls: dict[str, str], backend: str) -> Settings:
    return Settings(
        database_url=database_urls[backend],
        cookie_secure=False,
        agency_name=AGENCY,
        agency_name_en=AGENCY_EN,
        footer_text=FOOTER,
        footer_text_en=FOOTER_EN,
        emblem_path="/static/emblem.svg",
    )


def menu_ids(html: str) -> set[str]:
    # The role's menu (the frame's own links, home and language, are a landmark of their own).
    nav = re.search(r'<nav[^>]*aria-label="(?:Menu chính|Main menu)"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "the page has a menu"
    return set(re.findall(r'id="(nav-[a-z-]+)"', nav.group(1)))


async def test_the_front_door_offers_one_entry_per_user_with_the_agency_branding(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/", headers=HTML)
    assert page.status_code == 200
    for entry, target in (
        ("entry-citizen", "/login?next=/app"),
        ("entry-organisation", "/login?next=/portal"),
        ("entry-officer", "/login"),
        ("entry-check", "/xac-minh"),
    ):
        section = re.search(rf'id="{entry}">(.*?)</section>', page.text, re.S)
        assert section and f'href="{target}"' in section.group(1), entry
    assert AGENCY in page.text and FOOTER in page.text
    assert 'src="/static/emblem.svg"' in page.text
    assert (await client.get("/static/emblem.svg")).status_code == 200
    # The logo and "Trang chủ" lead here, on every page.
    login = await client.get("/login", headers=HTML)
    assert 'class="brand" href="/"' in login.text and 'id="home-link"' in login.text
    # An English visitor reads the agency's and the footer's English words, from the settings too.
    client.cookies.set("lang", "en")
    english = await client.get("/", headers=HTML)
    assert AGENCY_EN in english.text and FOOTER_EN in english.text
    assert AGENCY not in english.text and FOOTER not in english.text


@pytest.mark.parametrize(
    ("role", "unit", "home", "shown", "hidden"),
    [
        (
            OfficerRole.COMMUNE_POLICE,
            "00070",
            "/officer/requests",
            {"nav-queue", "nav-corrections", "nav-citizens", "nav-birth", "nav-dashboard"},
            {"nav-systems", "nav-audit", "nav-portal-requests"},
        ),
        (
            OfficerRole.AUDITOR,
            None,
            "/officer/audit",
            {"nav-audit"},
            {"nav-queue", "nav-citizens", "nav-systems", "nav-birth", "nav-dashboard"},
        ),
        (
            OfficerRole.OPERATOR,
            None,
            "/officer/systems",
            # Organisations and their portal accounts are C06's to approve, not the operator's.
            {"nav-systems"},
            {
                "nav-queue",
                "nav-citizens",
                "nav-audit",
                "nav-corrections",
                "nav-dashboard",
                "nav-portal-requests",
            },
        ),
    ],
)
async def test_each_officer_role_lands_on_its_own_home_with_its_own_menu(
    client: httpx.AsyncClient,
    session: AsyncSession,
    role: OfficerRole,
    unit: str | None,
    home: str,
    shown: set[str],
    hidden: set[str],
) -> None:
    _, password = await make_officer(session, username="can.bo", role=role, unit_code=unit)
    assert await officer_page_login(client, "can.bo", password, "/") == home
    page = await client.get(home, headers=HTML)
    assert page.status_code == 200, page.text
    ids = menu_ids(page.text)
    assert shown <= ids and not (hidden & ids), ids
    # The front door offers the way back to the officer's own start page.
    front = await client.get("/", headers=HTML)
    assert 'id="continue">' in front.text and f'href="{home}" id="continue"' in front.text


async def test_an_officer_is_not_sent_into_the_citizen_app_by_the_citizen_entry(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, password = await make_officer(session, username="kiem.toan", role=OfficerRole.AUDITOR)
    assert await officer_page_login(client, "kiem.toan", password, "/app") == "/officer/audit"


async def test_the_error_page_links_back_and_home_without_javascript(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, password = await make_officer(session, username="kiem.toan", role=OfficerRole.AUDITOR)
    await officer_page_login(client, "kiem.toan", password, "/")
    refused = await client.get(
        "/officer/citizens", headers=HTML | {"Referer": "http://test/officer/audit?before=9"}
    )
    assert refused.status_code == 403
    assert "javascript:" not in refused.text
    assert 'href="/officer/audit?before=9" id="back-link"' in refused.text
    assert 'href="/officer/audit" id="home-after-error"' in refused.text
    # A page of another site is no way back.
    foreign = await client.get("/officer/citizens", headers=HTML | {"Referer": "https://evil.example/x"})
    assert 'id="back-link"' not in foreign.text


async def test_the_audit_log_page_shows_the_log_newest_first(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, password = await make_officer(session, username="kiem.toan", role=OfficerRole.AUDITOR)
    await officer_page_login(client, "kiem.toan", password, "/")
    page = await client.get("/officer/audit", headers=HTML)
    assert page.status_code == 200
    ids = [int(n) for n in re.findall(r"<tr><td>(\d+)</td>", page.text)]
    assert ids and ids == sorted(ids, reverse=True)
    assert "identity.second_factor_passed" in page.text  # the auditor's own login is there
    older = await client.get(f"/officer/audit?before={ids[0]}", headers=HTML)
    assert str(ids[0]) not in re.findall(r"<tr><td>(\d+)</td>", older.text)


async def test_the_language_switch_is_kept_in_a_cookie_that_beats_the_browser(
    client: httpx.AsyncClient,
) -> None:
    english_browser = HTML | {"Accept-Language": "en-GB,en;q=0.9"}
    first = await client.get("/", headers=english_browser)
    assert 'lang="en"' in first.text and 'href="/lang/vi?next=/"' in first.text
    switched = await client.get("/lang/vi?next=/login%3Fnext%3D/app", headers=english_browser)
    assert switched.status_code == 303 and switched.headers["location"] == "/login?next=/app"
    assert switched.cookies["lang"] == "vi"
    client.cookies.set("lang", "vi")
    again = await client.get("/", headers=english_browser)
    assert '<html lang="vi">' in again.text and "Bạn là ai?" in again.text
    # The switch comes back to the page, not to its query (which may hold a PIN).
    with_query = await client.get("/login?next=/app&x=001190012345", headers=HTML)
    assert 'href="/lang/en?next=/login"' in with_query.text and "001190012345" not in with_query.text
    assert 'href="/lang/en?next=/"' in again.text
    client.cookies.set("lang", "en")
    english = await client.get("/", headers=HTML | {"Accept-Language": "vi"})
    assert '<html lang="en">' in english.text and "Who are you?" in english.text
    # Only local pages: the switch is no open redirect.
    away = await client.get("/lang/en?next=//evil.example/", headers=HTML)
    assert away.headers["location"] == "/"
    assert (await client.get("/lang/fr?next=/", headers=HTML)).status_code in (404, 422)
