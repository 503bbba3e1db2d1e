"""An officer's day in the console, in a real browser: log in, register a birth and read the new PIN,
correct a misspelt name and see both spellings in the timeline, and look at the record as the
register knew it before the correction."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dancu import clock
from tests.e2e.conftest import OFFICER, SCREENSHOTS, browser_second_factor

pytestmark = pytest.mark.e2e

Shoot = Callable[..., Path]


def log_in(page: Page) -> None:
    # From the front door, by the officers' entry.
    page.goto("/")
    page.locator("#entry-officer").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.fill('[name="username"]', OFFICER["username"])
    page.fill('[name="password"]', OFFICER["password"])
    page.get_by_role("button", name="Đăng nhập").click()
    # The first login enrols the authenticator app (officers must use TOTP); later ones ask its code.
    browser_second_factor(page, OFFICER["username"])
    # A commune officer starts on the work queue, with the register one click away.
    expect(page).to_have_url(re.compile(r"/officer/requests$"))
    expect(page.locator("header .who")).to_contain_text("Trần Văn An")
    page.get_by_role("link", name="Tra cứu công dân").click()
    expect(page).to_have_url(re.compile(r"/officer/citizens$"))


def fill_birth(page: Page, *, family: str, middle: str, given: str, born: str, sex: str) -> None:
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    expect(page.get_by_role("heading", name="Đăng ký khai sinh")).to_be_visible()
    page.fill('[name="full_name.family"]', family)
    page.fill('[name="full_name.middle"]', middle)
    page.fill('[name="full_name.given"]', given)
    page.fill('[name="date_of_birth"]', born)
    page.select_option('[name="sex"]', sex)
    page.select_option('[name="place_of_birth.unit"]', "00070")
    page.fill('[name="place_of_birth.detail"]', "Bệnh viện Phụ sản Hà Nội")
    page.select_option('[name="hometown.unit"]', "00070")
    page.select_option('[name="ethnicity"]', "01")
    page.fill('[name="father.full_name"]', f"{family} Văn Hùng")
    page.fill('[name="mother.full_name"]', "Trần Thị Lan")
    page.select_option('[name="permanent_residence.unit"]', "00070")
    page.fill('[name="permanent_residence.detail"]', "số 5 phố Tràng Tiền")
    page.fill('[name="dossier_number"]', "KS-2026-000123")
    # The registration place defaults to the officer's own commune.
    expect(page.locator('[name="birth_registration_place.unit"]')).to_have_value("00070")


def submit(page: Page, label: str) -> None:
    page.get_by_role("button", name=label).click()


def record_birth(page: Page, shoot: Shoot | None = None) -> None:
    """Step 1 to the review (step 2), which shows the details in words; then record them."""
    submit(page, "Tiếp tục: kiểm tra lại")
    expect(page.get_by_role("heading", name="Kiểm tra lại thông tin khai sinh")).to_be_visible()
    if shoot:
        shoot(page, "02b-birth-review")
    submit(page, "Ghi và cấp số định danh")


def adjust_given_name(page: Page, given: str, shoot: Shoot | None = None) -> None:
    page.get_by_role("link", name="Điều chỉnh", exact=True).click()
    page.select_option('[name="item"]', "full_name")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.locator("#current-value")).not_to_be_empty()
    page.fill('[name="full_name.given"]', given)
    page.fill('[name="reason"]', "Sai chính tả khi nhập tên")
    page.fill('[name="proof"]', "Giấy khai sinh bản chính số 12/2026")
    page.fill('[name="dossier_number"]', "DC-2026-0007")
    if shoot:
        shoot(page, "04-adjust-form")
    submit(page, "Lưu điều chỉnh")


def test_register_a_birth_then_correct_the_given_name(page: Page, shoot: Shoot) -> None:
    log_in(page)
    shoot(page, "01-search")

    fill_birth(page, family="Nguyễn", middle="Minh", given="", born="02/10/2026", sex="1")
    submit(page, "Tiếp tục: kiểm tra lại")
    # Bad input: the form comes back with the values kept and the message beside the field.
    expect(page.locator("#form-errors")).to_contain_text("Trường Tên là bắt buộc")
    expect(page.locator("#e-full_name\\.given")).to_have_text("Trường Tên là bắt buộc")
    expect(page.locator('[name="mother.full_name"]')).to_have_value("Trần Thị Lan")
    shoot(page, "02-birth-errors")

    page.fill('[name="full_name.given"]', "Khan")  # misspelt: the register will need a correction
    record_birth(page, shoot)
    pin = page.locator("#pin").inner_text()
    assert re.fullmatch(r"001226[0-9]{6}", pin), pin
    expect(page.locator("#notice")).to_have_text(
        f"Đã đăng ký khai sinh. Số định danh cá nhân được cấp: {pin}"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Minh Khan")
    expect(page.locator(".sections")).to_contain_text(
        "số 5 phố Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội"
    )
    shoot(page, "03-person")

    adjust_given_name(page, "Khang", shoot)
    expect(page.locator("#notice")).to_have_text("Đã điều chỉnh thông tin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Minh Khang")
    latest = page.locator("#timeline li.entry").first
    expect(latest).to_contain_text("Điều chỉnh")
    expect(latest.locator(".old")).to_have_text("Nguyễn Minh Khan")
    expect(latest.locator(".new")).to_have_text("Nguyễn Minh Khang")
    expect(latest).to_contain_text("Sai chính tả khi nhập tên — Giấy khai sinh bản chính số 12/2026")
    expect(latest).to_contain_text("Trần Văn An (ca.hoankiem)")
    # The wrong value is still in the history, as first collected.
    expect(page.locator("#timeline li.kind-collection", has_text="Họ, chữ đệm và tên")).to_contain_text(
        "Nguyễn Minh Khan"
    )
    shoot(page, "05-person-after-adjustment")
    page.locator("#timeline").screenshot(path=str(SCREENSHOTS / "05b-timeline.png"))

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "06-person-phone", full_page=False)
    page.locator("#timeline").scroll_into_view_if_needed()
    shoot(page, "06b-person-phone-timeline", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"


def test_as_of_shows_the_name_known_before_the_correction(page: Page, shoot: Shoot) -> None:
    log_in(page)
    registered = dt.datetime(2025, 7, 10, 3, tzinfo=dt.UTC)
    with clock.freeze(registered):  # the server runs in this process: its clock moves too
        fill_birth(page, family="Phạm", middle="Thị", given="Thu", born="01/07/2025", sex="2")
        record_birth(page)
        expect(page.locator("#notice")).to_contain_text("Số định danh cá nhân được cấp")
    adjust_given_name(page, "Thư")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phạm Thị Thư")

    page.fill('[name="as_of"]', "01/08/2025")  # typed as dates are written in Viet Nam
    page.fill('[name="known_at"]', "01/08/2025")
    page.get_by_role("button", name="Xem hồ sơ").click()
    expect(page).to_have_url(re.compile(r"as_of=01%2F08%2F2025&known_at=01%2F08%2F2025"))
    banner = page.locator("#asof-banner")
    expect(banner).to_contain_text("Hồ sơ có hiệu lực ngày 01/08/2025")
    expect(banner).to_contain_text("hết ngày 01/08/2025")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phạm Thị Thu")
    expect(page.locator(".person-head")).to_contain_text("Họ tên hiện nay: Phạm Thị Thư")
    record = page.locator(".sections")
    expect(record).to_contain_text("Phạm Thị Thu")
    expect(record).not_to_contain_text("Phạm Thị Thư")
    expect(page.locator("#timeline li.later").first).to_contain_text("ghi nhận sau ngày K")
    shoot(page, "07-as-of")

    page.get_by_role("link", name="Về hồ sơ hiện tại").click()
    expect(page.locator(".sections")).to_contain_text("Phạm Thị Thư")


def test_the_other_pages_render_and_fit_a_phone(page: Page, shoot: Shoot) -> None:
    log_in(page)
    fill_birth(page, family="Lê", middle="Văn", given="Đạt", born="15/09/2026", sex="1")
    record_birth(page)
    pin = page.locator("#pin").inner_text()

    page.get_by_role("link", name="Tra cứu công dân").click()
    page.fill('[name="name"]', "le van dat")  # without diacritics
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.locator("table")).to_contain_text("Lê Văn Đạt")
    shoot(page, "08-search-results")
    page.get_by_role("link", name=pin).click()

    page.get_by_role("link", name="Cập nhật", exact=True).click()
    page.select_option('[name="item"]', "hometown")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.locator('[name="hometown.unit"]')).to_have_value("00070")
    page.locator("#f-hometown details.older-address summary").click()  # codes are folded away
    page.fill('[name="hometown.code"]', "abc")
    page.fill('[name="dossier_number"]', "DC02-9")
    submit(page, "Lưu cập nhật")
    expect(page.locator("#e-hometown")).to_contain_text("Quê quán — mã đơn vị hành chính")
    shoot(page, "09-update-hometown-error")

    page.goto(f"/officer/citizens/{pin}/residence")
    expect(page.get_by_role("heading", name="Khai báo tạm vắng")).to_be_visible()
    shoot(page, "10-residence")
    page.goto(f"/officer/citizens/{pin}/death")
    shoot(page, "11-death")
    page.get_by_role("link", name="Thu thập (DC01)").click()
    shoot(page, "12-collect")

    page.set_viewport_size({"width": 390, "height": 844})
    for path in (
        "/officer/births/new",
        f"/officer/citizens/{pin}/residence",
        "/officer/citizens?name=le+van",
    ):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.locator("table").scroll_into_view_if_needed()
    shoot(page, "13-search-phone", full_page=False)


def test_the_front_door_switches_language_and_leads_the_officer_to_the_work_queue(
    page: Page, shoot: Shoot
) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", name="Bạn là ai?")).to_be_visible()
    shoot(page, "front-00-door")
    page.locator("#lang-switch").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Who are you?")).to_be_visible()
    shoot(page, "front-01-english")
    page.locator("#lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.locator("#entry-officer").get_by_role("link").click()
    page.fill('[name="username"]', OFFICER["username"])
    page.fill('[name="password"]', OFFICER["password"])
    page.get_by_role("button", name="Đăng nhập").click()
    browser_second_factor(page, OFFICER["username"])
    expect(page).to_have_url(re.compile(r"/officer/requests$"))
    expect(page.locator("#nav-queue")).to_be_visible()
    expect(page.locator("#nav-systems")).to_have_count(0)
    shoot(page, "front-02-officer-queue")
    page.locator("#brand").click()
    expect(page.locator("#continue")).to_have_attribute("href", "/officer/requests")
