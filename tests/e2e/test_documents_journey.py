"""A citizen obtains an as-of certificate in the identity app, then follows the verification URL
printed next to the QR code (read from the signed PDF) and sees that the document is genuine."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import register_person
from tests.support.pdf_text import pdf_text

pytestmark = pytest.mark.e2e

Shoot = Callable[..., Path]
MOBILE = "0987001122"
PASSWORD = "mat-khau-cong-dan-2"


@pytest.fixture(scope="module")
def person(live_server: str, dev_outbox: None) -> dict[str, Any]:
    return register_person(
        live_server, name=("Đỗ", "Quang", "Vinh"), born="1988-03-12", sex="1", detail="12 Hàng Khay",
        mobile=MOBILE, card="001088004321", dossier_number="DC01-E2E-2",
    )  # fmt: skip


def latest_code(outbox: Page) -> str:
    outbox.goto("/dev/outbox")
    body = outbox.locator(f'.outbox-message[data-recipient="{MOBILE}"] .body').first.inner_text()
    found = re.search(r"\b(\d{6})\b", body)
    assert found is not None, body
    return found.group(1)


def log_in(page: Page, person: dict[str, Any]) -> None:
    outbox = page.context.new_page()
    page.goto("/app/register")
    for name in ("full_name", "date_of_birth", "pin"):
        page.fill(f'[name="{name}"]', person[name])
    page.fill('[name="card_number"]', person["card"])
    page.get_by_role("button", name="Gửi mã kích hoạt").click()
    page.fill('[name="code"]', latest_code(outbox))
    page.fill('[name="password"]', PASSWORD)
    page.get_by_role("button", name="Kích hoạt").click()
    expect(page).to_have_url(re.compile(r"/login\?activated=1$"))
    page.fill('[name="username"]', person["pin"])
    page.fill('[name="password"]', PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.fill('[name="code"]', latest_code(outbox))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(re.compile(r"/app$"))
    outbox.close()


def test_citizen_gets_an_as_of_certificate_and_verifies_it(
    page: Page, person: dict[str, Any], shoot: Shoot
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, person)
    page.get_by_role("link", name="Giấy tờ").click()
    expect(page.get_by_role("heading", name="Giấy tờ, văn bản về tôi")).to_be_visible()
    expect(page.locator("#documents-empty")).to_be_visible()
    page.fill('[name="valid_on"]', "2025-01-01")
    shoot(page, "documents-01-form")
    page.get_by_role("button", name="Lấy văn bản chứng nhận").click()
    expect(page.locator("#document-issued")).to_be_visible()
    expect(page.locator("#documents .document-row")).to_have_count(1)
    expect(page.locator("#documents ul")).to_contain_text("Chứng nhận thông tin theo thời điểm")
    shoot(page, "documents-02-issued")

    pdf_url = page.get_by_role("link", name="Tải PDF").get_attribute("href")
    assert pdf_url is not None
    download = page.request.get(pdf_url)
    assert download.ok and download.headers["content-type"] == "application/pdf"
    text = pdf_text(download.body())
    assert "CHỨNG NHẬN THÔNG TIN THEO THỜI ĐIỂM" in text and "12 Hàng Khay" in text
    printed = re.search(r"Tra cứu tính xác thực tại (\S+)", text)
    assert printed is not None, text
    link = page.get_by_role("link", name="Trang xác minh").get_attribute("href")
    assert link == printed.group(1)  # the QR code's URL is the one the list links to

    page.goto(printed.group(1))
    expect(page.locator("#status-valid")).to_contain_text("hợp lệ")
    expect(page.locator("main")).not_to_contain_text(person["pin"])
    expect(page.locator("main")).not_to_contain_text("Vinh")
    shoot(page, "documents-03-verified")
