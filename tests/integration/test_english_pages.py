"""An English visitor (the language switch's cookie, lang=en) sees the feature pages in English: the
login, the officer console's forms, the lookup and verification pages, the requester portal, the
identity app, and the back office's written requests, delegations, data-subject requests, breach
register, connected systems and proposals, the fee receipt, the organisation's account request and
the development outbox. A page fails when it shows a Vietnamese sentence of the interface, whether
written into a template or a catalogue text rendered in the wrong language, and when it shows a raw
code (an enum value or a message key) in either language."""

from __future__ import annotations

import re
from collections.abc import Iterable

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.groups import ActorGroup
from dancu.access.permissions import OfficerRole
from dancu.exploitation.fees import actions
from dancu.exploitation.fees.enums import ProductCode, SourceKind
from dancu.messages import CATALOGUE
from dancu.notify.settings import NotifySettings
from dancu.web.app_frame import APP_NAV
from dancu.web.pages import CONSOLE_NAV
from tests.integration.request_support import World, build_world, file, request_body, subject
from tests.integration.test_identity_app_pages import page_login as citizen_page_login
from tests.integration.test_identity_eid import collect_adult, register_and_activate
from tests.support.builders import (
    OFFICER_PASSWORD,
    PASSWORD,
    SYSTEM,
    officer_page_login,
    operator,
    page_login,
)
from tests.support.language import raw_codes, vietnamese_interface, visible_text

HTML = {"Accept": "text/html"}


def vietnamese_on(page: str) -> list[str]:
    return vietnamese_interface(visible_text(page))


async def assert_english(
    client: httpx.AsyncClient, paths: Iterable[str], headers: dict[str, str] | None = None
) -> None:
    """Each page in English has no Vietnamese interface text and no raw code; in Vietnamese (the
    default) it has no raw code either."""
    paths = list(paths)
    client.cookies.set("lang", "en")
    found = {}
    for path in paths:
        page = await client.get(path, headers=HTML | (headers or {}))
        assert page.status_code == 200, (path, page.status_code)
        assert '<html lang="en">' in page.text, path
        if phrases := vietnamese_on(page.text) + raw_codes(visible_text(page.text), "en"):
            found[path] = phrases
    assert found == {}, "Vietnamese interface text or raw codes on English pages"
    await assert_no_raw_codes(client, paths, headers)


async def assert_no_raw_codes(
    client: httpx.AsyncClient, paths: Iterable[str], headers: dict[str, str] | None = None
) -> None:
    client.cookies.set("lang", "vi")
    found = {}
    for path in paths:
        page = await client.get(path, headers=HTML | (headers or {}))
        assert page.status_code == 200, (path, page.status_code)
        if codes := raw_codes(visible_text(page.text), "vi"):
            found[path] = codes
    client.cookies.set("lang", "en")
    assert found == {}, "raw codes on Vietnamese pages"


def test_the_check_knows_the_vietnamese_interface() -> None:
    login = '<html lang="en"><h1>Đăng nhập</h1><label>Tên đăng nhập</label></html>'
    assert vietnamese_on(login) == ["Tên đăng nhập", "Đăng nhập"]
    person = "<td>Nguyễn Văn An</td><td>số 5 phố Tràng Tiền</td>"
    assert vietnamese_on(person) == []
    # A page that forgot to translate a code: a message key, an enum value, a snake_case word.
    raw = "<dd>k2</dd><dd>enum.consent_status.pending</dd><dd>dc02_signature</dd><dd>Group: portal</dd>"
    assert raw_codes(visible_text(raw), "en") == ["enum.consent_status.pending", "dc02_signature"]
    assert raw_codes(visible_text(raw), "vi") == ["enum.consent_status.pending", "dc02_signature", "portal"]
    # A key the catalogue does not have comes back as itself.
    assert raw_codes(visible_text("<a>nav.nav-unknown</a><p>xem dancu.vn</p>"), "en") == ["nav.nav-unknown"]


def test_every_menu_entry_has_words_in_both_languages() -> None:
    """The identity app's and the console's menus name each entry through the catalogue; a missing
    entry would show its key ("nav.nav-privacy") in both languages."""
    keys = [f"nav.{link.id}" for link in APP_NAV] + [link.label_key for link in CONSOLE_NAV]
    missing = [key for key in keys if set(CATALOGUE.get(key, {})) != {"vi", "en"}]
    assert missing == []


async def test_the_login_and_registration_pages_in_english(client: httpx.AsyncClient) -> None:
    await assert_english(
        client, ["/login", "/app/register", "/app/activate", "/app/unlock", "/", "/xac-minh"]
    )
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
            "/officer/requests?notice=approved",
            f"/officer/citizens/{pin}?as_of=2026-01-01&known_at=2026-06-30",
            f"/officer/citizens/{pin}/eid?notice=locked",
        ],
    )
    banner = await client.get(f"/officer/citizens/{pin}?as_of=2026-01-01&known_at=2026-06-30", headers=HTML)
    assert (
        "The record in force on 01/01/2026, as the database knew it at the end of 30/06/2026" in banner.text
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
    await assert_english(client, [consent_ref.group(1), consent_ref.group(1) + "?notice=given"])
    given = await client.get(consent_ref.group(1) + "?notice=given", headers=HTML)
    assert "Your consent was recorded." in visible_text(given.text)
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


async def _privacy_request(client: httpx.AsyncClient, world: World) -> str:
    data = {"kind": "deletion", "scope": "register", "details": "Đề nghị xóa toàn bộ thông tin của tôi"}
    filed = await client.post("/app/privacy", data=data, headers=world.customer)
    assert filed.status_code == 303, filed.text
    return str(filed.headers["location"]).split("/")[-1].split("?")[0]


async def _breach(client: httpx.AsyncClient, world: World) -> str:
    form = {
        "nature": "Thiết bị lưu trữ bản sao dữ liệu bị thất lạc",
        "detected_at": "2026-12-01T09:00",
        "occurred_at": "",
        "data_categories": "Họ tên\nĐịa chỉ thường trú",
        "subject_categories": "Công dân phường Hoàn Kiếm",
        "subject_count": "40",
        "measures": "Thu hồi, khóa dữ liệu, thông báo nội bộ",
        "likely_harm": "on",
    }
    recorded = await client.post("/officer/breaches/new", data=form, headers=world.c06)
    assert recorded.status_code == 303, recorded.text
    return str(recorded.headers["location"]).split("/")[-1].split("?")[0]


async def test_the_back_office_pages_in_english(client: httpx.AsyncClient, session: AsyncSession) -> None:
    """Written requests, delegations, data subjects' requests, the breach register and proposals."""
    world = await build_world(client, session)
    reference = await _privacy_request(client, world)
    breach = await _breach(client, world)
    await assert_english(
        client,
        [
            "/officer/requests/written",
            "/officer/delegations",
            "/officer/delegations?notice=given",
            "/officer/privacy",
            "/officer/privacy?all=1",
            "/officer/privacy/paper",
            "/officer/privacy/paper?notice=filed&reference=QDL-2026-000001",
            f"/officer/privacy/{reference}",
            f"/officer/privacy/{reference}?notice=acknowledged",
            "/officer/breaches",
            "/officer/breaches/new",
            f"/officer/breaches/{breach}",
            f"/officer/breaches/{breach}?notice=recorded",
            f"/officer/citizens/{world.customer_pin}/pin-proposal",
            "/officer/collect/proposal",
        ],
        world.c06,
    )
    # The data subject's side of the same request, and of its refusal with reasons.
    await assert_english(client, ["/app/privacy", f"/app/privacy/{reference}"], world.customer)
    refusal = {"ground": "statutory_register", "text": "Thông tin được lưu giữ theo Luật Căn cước"}
    refused = await client.post(f"/officer/privacy/{reference}/refuse", data=refusal, headers=world.c06)
    assert refused.status_code == 303, refused.text
    await assert_english(client, [f"/app/privacy/{reference}"], world.customer)
    await assert_english(client, [f"/officer/privacy/{reference}?notice=refused"], world.c06)
    page = await client.get("/officer/requests/written", headers=HTML | world.c06)
    assert "Signed on the request form (DC02)" in page.text and "Date of birth" in page.text
    client.cookies.set("lang", "vi")
    page = await client.get("/officer/requests/written", headers=HTML | world.c06)
    assert "Ký trên Phiếu đề nghị (DC02)" in page.text  # Vietnamese stays the default


async def test_the_receipt_systems_organisation_request_and_outbox_in_english(
    app: object, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await build_world(client, session)
    receipt = await actions.issue_receipt(
        session,
        source_kind=SourceKind.DELIVERY,
        source_ref="GN-EN",
        payer_label="Ngân hàng TMCP Thử nghiệm",
        payer_organisation_id=world.bank_org_id,
        product=ProductCode.SPDC03,
        fields_delivered=3,
        actor_group=ActorGroup.K2,
        own_data=False,
        actor=SYSTEM,
        collector_role=OfficerRole.COMMUNE_POLICE.value,
        collector_unit_code="00070",
    )
    await session.commit()
    await assert_english(client, [f"/fees/receipts/{receipt.id}"], world.bank)
    shown = visible_text((await client.get(f"/fees/receipts/{receipt.id}", headers=HTML | world.bank)).text)
    assert "Organisation providing services" in shown and "Information delivered" in shown
    operator_headers = await operator(client, session)
    await assert_english(
        client,
        [
            f"/officer/systems/{world.bank_org_id}",
            f"/officer/systems/{world.bank_org_id}?notice=checked",
            "/officer/systems?notice=registered",
        ],
        operator_headers,
    )
    await assert_english(client, ["/officer/systems/new", "/officer/portal-requests"], world.registrar)
    await assert_english(client, ["/officer/systems"], operator_headers)
    await assert_english(client, ["/app/organisations/request"], world.customer)
    app.state.notify_settings = NotifySettings(dev_outbox=True)  # type: ignore[attr-defined]
    await assert_english(client, ["/dev/outbox"])


async def test_the_requester_group_in_the_visitors_language(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """The consent page names the requester's group (NĐ 70/2024 Điều 8) in the page's language."""
    world = await build_world(client, session)
    person = await collect_adult(client, world.commune)
    await register_and_activate(client, session, person)
    asked = subject(person["pin"], "Trần Thị Lan", "1990-05-17")
    await file(client, world.bank, request_body([asked], ["full_name", "date_of_birth"]))
    await citizen_page_login(client, session, person["pin"])
    client.cookies.set("lang", "en")
    inbox = await client.get("/app/dong-y", headers=HTML)
    consent_ref = re.search(r'href="(/app/dong-y/[^"/]+)"', inbox.text)
    assert consent_ref, inbox.text
    english = visible_text((await client.get(consent_ref.group(1), headers=HTML)).text)
    assert "Organisation providing services" in english and "Tổ chức được giao" not in english
    client.cookies.set("lang", "vi")
    vietnamese = visible_text((await client.get(consent_ref.group(1), headers=HTML)).text)
    assert "Tổ chức được giao cung cấp dịch vụ" in vietnamese


async def test_the_sign_in_error_page_in_english(client: httpx.AsyncClient) -> None:
    """An application the provider does not know: the person is told why, in their language."""
    url = "/oidc/authorize?client_id=unknown-app&redirect_uri=https://example.org/cb"
    client.cookies.set("lang", "en")
    page = await client.get(url, headers=HTML)
    assert page.status_code == 400 and '<html lang="en">' in page.text
    text = visible_text(page.text)
    assert "The application asking you to log in is not registered or has been disabled." in text
    assert vietnamese_on(page.text) == [] and raw_codes(text, "en") == []
    client.cookies.set("lang", "vi")
    assert "Ứng dụng yêu cầu đăng nhập không được đăng ký" in (await client.get(url, headers=HTML)).text
