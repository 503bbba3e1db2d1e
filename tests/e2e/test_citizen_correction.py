"""A citizen corrects their own record, in a real browser: file a correction (DC02) in the identity
app, the commune police approve it in the console, and the citizen sees the new value, its history
and the notification."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import OFFICER, browser_second_factor, register_person

pytestmark = pytest.mark.e2e

Shoot = Callable[..., Path]
MOBILE = "0987654321"
PASSWORD = "mat-khau-cong-dan-2"
CARD = "001193004321"
REASON = "Tên đệm bị ghi sai so với giấy khai sinh"


# --- Officer login: one place to change when officers get a second factor ---------------------------


def officer_login(page: Page) -> None:
    page.goto("/login")
    page.fill('[name="username"]', OFFICER["username"])
    page.fill('[name="password"]', OFFICER["password"])
    page.get_by_role("button", name="Đăng nhập").click()
    browser_second_factor(page, OFFICER["username"])
    expect(page).to_have_url(re.compile(r"/officer/requests$"))  # the work queue


# --- The citizen ------------------------------------------------------------------------------------


def latest_code(http: httpx.Client) -> str:
    html = http.get("/dev/outbox").text
    found = re.search(rf'data-recipient="{MOBILE}".*?<p class="body">[^<]*?\b(\d{{6}})\b', html, re.S)
    assert found is not None, html[:2000]
    return found.group(1)


@pytest.fixture(scope="module")
def person(live_server: str, dev_outbox: None) -> dict[str, Any]:
    """In the register (by the officer's API) with a card and a mobile, with an active e-ID account."""
    entered = register_person(
        live_server, name=("Đỗ", "Thi", "Ngọc"), born="1993-04-12", sex="2", detail="12 Hàng Bài",
        mobile=MOBILE, card=CARD, dossier_number="DC01-E2E-7",
    )  # fmt: skip
    pin = entered["pin"]
    with httpx.Client(base_url=live_server) as http:
        registration = {
            "full_name": "Đỗ Thi Ngọc",
            "date_of_birth": "1993-04-12",
            "pin": pin,
            "card_number": CARD,
        }
        assert http.post("/api/v1/eid/registrations", json=registration).status_code == 201
        activation = {"pin": pin, "code": latest_code(http), "password": PASSWORD}
        activated = http.post("/api/v1/eid/registrations/activate", json=activation)
        assert activated.status_code == 200, activated.text
    return {"pin": pin}


def citizen_login(page: Page, live_server: str, pin: str) -> None:
    page.goto("/login")
    page.fill('[name="username"]', pin)
    page.fill('[name="password"]', PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/login/second-factor"))
    with httpx.Client(base_url=live_server) as http:
        page.fill('[name="code"]', latest_code(http))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(re.compile(r"/app$"))


def test_citizen_files_a_correction_the_officer_approves_and_the_citizen_sees_it(
    page: Page, browser: Browser, live_server: str, person: dict[str, Any], shoot: Shoot
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    citizen_login(page, live_server, person["pin"])
    expect(page.get_by_role("heading", name="Đỗ Thi Ngọc")).to_be_visible()

    page.locator("#nav-corrections").click()
    page.locator("#new-correction").click()
    page.select_option('[name="item"]', "full_name")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.locator("#current-value")).to_have_text("Đỗ Thi Ngọc")
    page.fill('[name="full_name.middle"]', "Thị")
    page.fill('[name="reason"]', REASON)
    page.set_input_files(
        '[name="proof"]',
        files=[{"name": "giay-khai-sinh.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 e2e"}],
    )
    shoot(page, "correction-01-citizen-form")
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.locator("#notice")).to_contain_text("Đã gửi đề nghị DC02-")
    expect(page.locator("#status")).to_have_text("Chờ giải quyết")
    reference = re.search(r"DC02-\d{4}-\d{6}", page.locator("h1").inner_text())
    assert reference is not None
    shoot(page, "correction-02-citizen-filed")

    officer = browser.new_context(base_url=live_server, locale="vi-VN").new_page()
    officer_login(officer)
    officer.locator("#nav-corrections").click()
    row = officer.locator(f'#correction-queue tr[data-reference="{reference.group(0)}"]')
    expect(row).to_contain_text("Đỗ Thi Ngọc")
    shoot(officer, "correction-03-officer-queue")
    row.get_by_role("link").click()
    expect(officer.locator("#correction")).to_contain_text("Đỗ Thị Ngọc")
    expect(officer.locator("#correction")).to_contain_text("giay-khai-sinh.pdf")
    shoot(officer, "correction-04-officer-request")
    officer.get_by_role("button", name="Chấp thuận và điều chỉnh").click()
    expect(officer.locator("#notice")).to_have_text("Đã chấp thuận và điều chỉnh thông tin")
    expect(officer.locator("#status")).to_have_text("Đã điều chỉnh")
    officer.context.close()

    page.goto("/app")
    expect(page.get_by_role("heading", name="Đỗ Thị Ngọc")).to_be_visible()
    expect(page.locator("#unread-count")).to_have_text("1")
    page.locator("nav.tabbar").get_by_role("link", name="Lịch sử").click()  # the phone's tab bar
    history = page.locator("#item-full_name")
    expect(history.locator("strong.current")).to_have_text("Đỗ Thị Ngọc")
    expect(history).to_contain_text("Đỗ Thi Ngọc")
    expect(history).to_contain_text("Điều chỉnh")
    expect(history).to_contain_text(REASON)
    shoot(page, "correction-05-citizen-history")

    page.locator("nav.tabbar a[href='/app/notifications']").click()
    expect(page.locator("#notifications")).to_contain_text(
        f"Đề nghị điều chỉnh {reference.group(0)} đã được chấp thuận"
    )
    shoot(page, "correction-06-citizen-notification")
    page.get_by_role("button", name="Đã đọc", exact=True).click()
    expect(page.locator("#unread-count")).to_have_count(0)
