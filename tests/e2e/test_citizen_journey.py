"""A citizen's first day with the identity app, in a real browser: self-register at level 1 with the
code the register's mobile receives (read from the development outbox), log in with the second
factor, see own data and the Data Tracker; then an officer upgrades the account to level 2; then an
agency's sub-account looks the citizen up in the portal and the citizen's tracker shows that access
with the agency's name, the fields and the purpose."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import OFFICER, OPERATOR, api_token, browser_second_factor, register_person

pytestmark = pytest.mark.e2e

Shoot = Callable[..., Path]
MOBILE = "0912345678"
PASSWORD = "mat-khau-cong-dan-1"


@pytest.fixture(scope="module")
def person(live_server: str, dev_outbox: None) -> dict[str, Any]:
    """A person in the register with a card and a mobile number, entered by the officer's API."""
    return register_person(
        live_server, name=("Phạm", "Thu", "Hà"), born="1992-08-19", sex="2", detail="8 Lý Thái Tổ",
        mobile=MOBILE, card="001192008765", dossier_number="DC01-E2E-1",
    )  # fmt: skip


def latest_code(outbox: Page) -> str:
    outbox.goto("/dev/outbox")
    body = outbox.locator(f'.outbox-message[data-recipient="{MOBILE}"] .body').first.inner_text()
    found = re.search(r"\b(\d{6})\b", body)
    assert found is not None, body
    return found.group(1)


def test_citizen_registers_logs_in_and_is_upgraded(
    page: Page, browser: Browser, live_server: str, person: dict[str, Any], shoot: Shoot
) -> None:
    outbox = page.context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the app is mobile-first
    page.goto("/app/register")
    page.fill('[name="full_name"]', person["full_name"])
    page.fill('[name="date_of_birth"]', person["date_of_birth"])
    page.fill('[name="pin"]', person["pin"])
    page.fill('[name="card_number"]', person["card"])
    shoot(page, "citizen-01-register")
    page.get_by_role("button", name="Gửi mã kích hoạt").click()
    expect(page.get_by_role("heading", name="Kích hoạt tài khoản")).to_be_visible()

    code = latest_code(outbox)
    shoot(outbox, "citizen-02-dev-outbox")
    page.fill('[name="code"]', code)
    page.fill('[name="password"]', PASSWORD)
    page.get_by_role("button", name="Kích hoạt").click()
    expect(page).to_have_url(re.compile(r"/login\?activated=1$"))

    page.fill('[name="username"]', person["pin"])
    page.fill('[name="password"]', PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/login/second-factor"))
    page.fill('[name="code"]', latest_code(outbox))
    shoot(page, "citizen-03-second-factor")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(re.compile(r"/app$"))
    expect(page.get_by_role("heading", name="Phạm Thu Hà")).to_be_visible()
    expect(page.locator("main")).to_contain_text(MOBILE)
    expect(page.locator("main")).to_contain_text("8 Lý Thái Tổ")
    shoot(page, "citizen-04-own-data")

    page.get_by_role("link", name="Theo dõi truy cập").click()
    expect(page.get_by_role("heading", name="Ai đã truy cập dữ liệu của tôi")).to_be_visible()
    # Nobody but the citizen has read the data yet; the officer's entries are changes, listed apart.
    expect(page.locator("#tracker-empty")).to_be_visible()
    shoot(page, "citizen-05-tracker")

    officer = browser.new_context(base_url=live_server, locale="vi-VN").new_page()
    officer.goto("/login")
    officer.fill('[name="username"]', OFFICER["username"])
    officer.fill('[name="password"]', OFFICER["password"])
    officer.get_by_role("button", name="Đăng nhập").click()
    browser_second_factor(officer, OFFICER["username"])
    expect(officer).to_have_url(re.compile(r"/officer/requests$"))  # the work queue
    officer.goto(f"/officer/citizens/{person['pin']}/eid")
    expect(officer.locator("#eid-level")).to_have_text("Mức độ 1")
    officer.check('[name="card_presented"]')
    officer.check('[name="form_tk01"]')
    officer.check('[name="mobile_confirmed"]')
    officer.get_by_role("button", name="Nâng lên mức độ 2").click()
    expect(officer.locator("#notice")).to_have_text("Đã nâng tài khoản lên mức độ 2")
    expect(officer.locator("#eid-level")).to_have_text("Mức độ 2")
    shoot(officer, "citizen-06-officer-level2")
    officer.context.close()

    page.get_by_role("link", name="Bảo mật").click()
    expect(page.locator("#eid-level")).to_have_text("Mức độ 2")
    expect(page.locator("header .who")).to_contain_text("mức độ 2")
    shoot(page, "citizen-07-security")


AGENCY = "Sở Lao động – Thương binh và Xã hội Hà Nội"
STAFF = {"username": "so.ldtbxh.cb01", "password": "mat-khau-can-bo-so-1"}
LOOKUP_PURPOSE = "Xét hưởng trợ cấp xã hội hằng tháng"


@pytest.fixture(scope="module")
def agency(live_server: str) -> dict[str, Any]:
    """A k1 agency registered by a C06 officer, and a staff sub-account its admin creates."""
    with httpx.Client(base_url=live_server) as http:
        operator = api_token(http, OPERATOR)
        body = {
            "name": AGENCY,
            "actor_group": "k1",
            "mandate": ["full_name", "date_of_birth", "pin", "sex", "permanent_residence", "ethnicity"],
            "legal_basis": "Quyết định 12/QĐ-UBND về chức năng, nhiệm vụ của Sở",
            "sensitive_basis": "Nghị định 20/2021/NĐ-CP: chính sách trợ giúp xã hội theo dân tộc",
            "unit_code": "01",
            "unit_version": "2025",
            "admin": {
                "username": "so.ldtbxh",
                "password": "mat-khau-quan-tri-so",
                "display_name": "Quản trị Sở",
            },
        }
        created = http.post("/api/v1/organisations", json=body, headers=operator)
        assert created.status_code == 201, created.text
        org_id = created.json()["organisation_id"]
        # Organisation staff enrol an authenticator at their first login, as officers do.
        admin = api_token(http, {"username": "so.ldtbxh", "password": "mat-khau-quan-tri-so"})
        staff = {
            **STAFF,
            "display_name": "Đỗ Quỳnh Anh",
            "field_scope": ["full_name", "date_of_birth", "pin", "sex", "permanent_residence"],
        }
        made = http.post(
            f"/api/v1/organisations/{org_id}/members",
            json=staff,
            headers=admin,
        )
        assert made.status_code == 201, made.text
    return {"organisation_id": org_id}


def test_an_agency_lookup_appears_in_the_citizens_tracker(
    page: Page,
    browser: Browser,
    live_server: str,
    person: dict[str, Any],
    agency: dict[str, Any],
    shoot: Shoot,
) -> None:
    staff = browser.new_context(base_url=live_server, locale="vi-VN", viewport={"width": 1280, "height": 900})
    portal = staff.new_page()
    portal.goto("/login")
    portal.fill('[name="username"]', STAFF["username"])
    portal.fill('[name="password"]', STAFF["password"])
    portal.get_by_role("button", name="Đăng nhập").click()
    browser_second_factor(portal, STAFF["username"])
    expect(portal).to_have_url(re.compile(r"/portal/lookup$"))
    expect(portal.locator("header .who")).to_contain_text(AGENCY)
    # The scope is offered as checkboxes; ethnicity is in the mandate but not in this member's scope.
    expect(portal.locator('[name="fields"]')).to_have_count(5)
    expect(portal.locator('[name="fields"][value="ethnicity"]')).to_have_count(0)
    portal.fill('[name="full_name"]', person["full_name"])
    portal.fill('[name="date_of_birth"]', person["date_of_birth"])
    portal.fill('[name="pin"]', person["pin"])
    portal.fill('[name="purpose"]', LOOKUP_PURPOSE)
    portal.check('[name="fields"][value="full_name"]')
    portal.check('[name="fields"][value="permanent_residence"]')
    portal.get_by_role("button", name="Tra cứu").click()
    table = portal.locator("#answer-table")
    expect(table).to_contain_text("Phạm Thu Hà")
    expect(table).to_contain_text("8 Lý Thái Tổ")
    expect(table).not_to_contain_text(person["pin"])
    shoot(portal, "agency-01-lookup-answer")

    portal.get_by_role("link", name="Xác thực thông tin").click()
    portal.select_option('[name="question"]', "age_at_least")
    portal.fill('[name="pin"]', person["pin"])
    portal.fill('[name="years"]', "18")
    portal.fill('[name="purpose"]', "Kiểm tra độ tuổi lao động")
    portal.get_by_role("button", name="Xác thực").click()
    expect(portal.locator("#verify-answer")).to_have_text("Có")
    shoot(portal, "agency-02-verify")
    staff.close()

    outbox = page.context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/login")
    page.fill('[name="username"]', person["pin"])
    page.fill('[name="password"]', PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/login/second-factor"))
    page.fill('[name="code"]', latest_code(outbox))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(re.compile(r"/app$"))
    page.get_by_role("link", name="Theo dõi truy cập").click()
    reads = page.locator("ol.reads .tracker-entry")
    lookup = reads.filter(has_text=LOOKUP_PURPOSE)
    expect(lookup).to_have_count(1)
    expect(lookup).to_contain_text(AGENCY)
    expect(lookup.locator(".tracker-fields")).to_have_text(
        "Thông tin: Họ, chữ đệm và tên khai sinh, Nơi thường trú"
    )
    expect(reads.filter(has_text="Kiểm tra độ tuổi lao động")).to_contain_text("Ngày, tháng, năm sinh")
    shoot(page, "agency-03-citizen-tracker")
