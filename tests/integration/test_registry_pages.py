"""The officer console: pages render for an officer, refuse strangers, keep bad input on the page with
inline messages (never a 500), and show what the register did (the new PIN, both values of an
adjustment, the record as known on an earlier date)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu import clock
from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.registry.models import Citizen, Fact
from tests.support.builders import make_officer, page_session

HTML = {"Accept": "text/html"}
PIN_IN_PATH = re.compile(r"/officer/citizens/([0-9]{12})")


@contextmanager
def at(day: str) -> Iterator[None]:
    with clock.freeze(dt.datetime.fromisoformat(day).replace(hour=3, tzinfo=dt.UTC)):
        yield


async def login(client: httpx.AsyncClient, session: AsyncSession, username: str, unit: str | None) -> str:
    """A logged-in officer's browser; returns the CSRF token the pages carry."""
    role = OfficerRole.COMMUNE_POLICE if unit else OfficerRole.IDENTITY_AGENCY
    await make_officer(session, username=username, role=role, unit_code=unit)
    await page_session(client, session, username)
    home = await client.get("/officer/citizens", headers=HTML)
    assert home.status_code == 200
    found = re.search(r'name="csrf_token" value="([^"]+)"', home.text)
    assert found, "the layout carries the CSRF token (logout form)"
    return found.group(1)


@pytest.fixture
async def csrf(client: httpx.AsyncClient, session: AsyncSession) -> str:
    return await login(client, session, "ca.hoankiem", "00070")


def birth_form(csrf: str, **overrides: str) -> dict[str, str]:
    data = {
        "csrf_token": csrf,
        "full_name.family": "Nguyễn",
        "full_name.middle": "Minh",
        "full_name.given": "Khang",
        "date_of_birth": "2026-10-02",
        "sex": "1",
        "place_of_birth.unit": "00070",
        "place_of_birth.version": "2025",
        "place_of_birth.detail": "Bệnh viện Phụ sản Hà Nội",
        "hometown.unit": "00070",
        "hometown.version": "2025",
        "ethnicity": "01",
        "religion": "00",
        "nationality": "VN",
        "father.full_name": "Nguyễn Văn Hùng",
        "mother.full_name": "Trần Thị Lan",
        "birth_registration_place.unit": "00070",
        "birth_registration_place.version": "2025",
        "permanent_residence.unit": "00070",
        "permanent_residence.version": "2025",
        "permanent_residence.detail": "số 5 phố Tràng Tiền",
        "dossier_number": "KS-2026-000123",
        "legal_basis": "Luật Hộ tịch 2014; NĐ 70/2024 Điều 11 khoản 2",
    }
    data.update(overrides)
    return data


async def register_birth(client: httpx.AsyncClient, csrf: str, **overrides: str) -> str:
    response = await client.post("/officer/births/new", data=birth_form(csrf, **overrides), headers=HTML)
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.endswith("?notice=birth_registered")
    match = PIN_IN_PATH.search(location)
    assert match
    return match.group(1)


def adjust_form(csrf: str, **overrides: str) -> dict[str, str]:
    data = {
        "csrf_token": csrf,
        "item": "full_name",
        "full_name.family": "Nguyễn",
        "full_name.middle": "Minh",
        "full_name.given": "Khang",
        "reason": "Sai chính tả khi nhập tên",
        "proof": "Giấy khai sinh bản chính số 12",
        "source": "dc02",
        "dossier_number": "DC-2026-7",
        "legal_basis": "NĐ 70/2024/NĐ-CP Điều 6",
    }
    data.update(overrides)
    return data


async def _counts(session: AsyncSession) -> tuple[int, int]:
    return (
        await session.scalar(select(func.count()).select_from(Citizen)) or 0,
        await session.scalar(select(func.count()).select_from(Fact)) or 0,
    )


# --- Access -------------------------------------------------------------------------------------


def _pages(pin: str) -> list[str]:
    return [
        "/officer/citizens",
        "/officer/citizens?name=nguyen+minh",
        f"/officer/citizens/{pin}",
        f"/officer/citizens/{pin}?as_of=2026-10-05&known_at=2026-11-01",
        "/officer/births/new",
        "/officer/collect/new",
        f"/officer/citizens/{pin}/adjust",
        f"/officer/citizens/{pin}/adjust?item=full_name",
        f"/officer/citizens/{pin}/update?item=hometown",
        f"/officer/citizens/{pin}/update?item=mobile",
        f"/officer/citizens/{pin}/residence",
        f"/officer/citizens/{pin}/death",
    ]


async def test_every_page_renders_for_an_officer(client: httpx.AsyncClient, csrf: str) -> None:
    pin = await register_birth(client, csrf)
    for path in _pages(pin):
        response = await client.get(path, headers=HTML)
        assert response.status_code == 200, (path, response.text[:2000])
        assert "text/html" in response.headers["content-type"]
        assert 'lang="vi"' in response.text and "Đăng xuất" in response.text


async def test_pages_send_strangers_to_the_login_page(client: httpx.AsyncClient) -> None:
    for path in _pages("001226012345"):
        response = await client.get(path, headers=HTML)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=/officer/")


async def test_out_of_territory_officer_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, csrf: str
) -> None:
    pin = await register_birth(client, csrf)
    client.cookies.clear()
    other = await login(client, session, "ca.badinh", "00004")
    for path in (
        f"/officer/citizens/{pin}",
        f"/officer/citizens/{pin}/adjust?item=full_name",
        f"/officer/citizens/{pin}/update",
        f"/officer/citizens/{pin}/death",
    ):
        response = await client.get(path, headers=HTML)
        assert response.status_code == 403, path
        assert "không thuộc địa bàn" in response.text
    refused = await client.post(f"/officer/citizens/{pin}/adjust", data=adjust_form(other), headers=HTML)
    assert refused.status_code == 403
    # Residence: the person may be moving in, so only the registration form, and nothing of the record.
    residence = await client.get(f"/officer/citizens/{pin}/residence", headers=HTML)
    assert residence.status_code == 200
    assert "Khang" not in residence.text and "Tràng Tiền" not in residence.text
    assert "/residence/removal" not in residence.text
    search = await client.get("/officer/citizens?name=nguyen+minh+khang", headers=HTML)
    assert search.status_code == 200 and pin not in search.text


async def test_a_birth_is_reviewed_in_words_before_it_is_recorded(
    client: httpx.AsyncClient, session: AsyncSession, csrf: str
) -> None:
    before = await _counts(session)
    data = birth_form(csrf, date_of_birth="02/10/2026") | {"step": "review"}
    review = await client.post("/officer/births/new", data=data, headers=HTML)
    assert review.status_code == 200, review.text
    assert "Kiểm tra lại thông tin khai sinh" in review.text
    assert (
        "02/10/2026" in review.text
        and "Nam" in review.text
        and "Phường Hoàn Kiếm, Thành phố Hà Nội" in review.text
    )
    assert await _counts(session) == before  # nothing is recorded by the review
    carried = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', review.text))
    assert carried["full_name.given"] == "Khang" and "csrf_token" in carried
    edit = await client.post("/officer/births/new", data=carried | {"step": "edit"}, headers=HTML)
    assert edit.status_code == 200 and 'value="Khang"' in edit.text and 'value="02/10/2026"' in edit.text
    assert await _counts(session) == before
    recorded = await client.post("/officer/births/new", data=carried | {"step": "record"}, headers=HTML)
    assert recorded.status_code == 303 and recorded.headers["location"].endswith("?notice=birth_registered")
    # A form that is not valid never reaches the review: it comes back with the messages.
    bad = await client.post("/officer/births/new", data=data | {"full_name.given": ""}, headers=HTML)
    assert bad.status_code == 422 and "Kiểm tra lại thông tin khai sinh" not in bad.text


def _options_of(html: str, select_id: str) -> list[tuple[str, str]]:
    block = re.search(rf'<select id="{re.escape(select_id)}"[^>]*>(.*?)</select>', html, re.S)
    assert block, select_id
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', block.group(1))


async def test_addresses_are_chosen_province_then_commune_without_a_code_table(
    client: httpx.AsyncClient, csrf: str
) -> None:
    form = await client.get("/officer/births/new", headers=HTML)
    assert form.status_code == 200
    provinces = _options_of(form.text, "f-place_of_birth.province")
    assert ("01", "Thành phố Hà Nội") in provinces and len(provinces) == 35  # 34 and "—"
    # The officer's own province is chosen; its communes are listed by name, not provinces or codes.
    assert 'value="01" selected' in form.text
    communes = _options_of(form.text, "f-place_of_birth.unit")
    assert ("00070", "Phường Hoàn Kiếm") in communes and not any(n.startswith("Tỉnh") for _, n in communes)
    # The code table is not a choice in the way: it sits with the older-address fallback, folded.
    assert re.search(r'<details class="older-address">.*?name="place_of_birth.version"', form.text, re.S)
    # Another province chosen (a rendered form keeps it): its communes are listed.
    data = birth_form(
        csrf, **{"place_of_birth.province": "79", "place_of_birth.unit": "", "full_name.given": ""}
    )
    again = await client.post("/officer/births/new", data=data, headers=HTML)
    assert again.status_code == 422
    listed = _options_of(again.text, "f-place_of_birth.unit")
    assert listed[1:] and all(code not in {"00070"} for code, _ in listed)


async def test_a_form_without_the_csrf_token_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, csrf: str
) -> None:
    before = await _counts(session)
    data = birth_form(csrf)
    del data["csrf_token"]
    response = await client.post("/officer/births/new", data=data, headers=HTML)
    assert response.status_code == 403
    assert "CSRF" in response.text
    wrong = await client.post("/officer/births/new", data=birth_form("not-the-token"), headers=HTML)
    assert wrong.status_code == 403
    assert await _counts(session) == before


# --- Birth and collection -----------------------------------------------------------------------


async def test_a_registered_birth_shows_the_new_pin(client: httpx.AsyncClient, csrf: str) -> None:
    pin = await register_birth(client, csrf)
    page = await client.get(f"/officer/citizens/{pin}?notice=birth_registered", headers=HTML)
    assert page.status_code == 200
    assert f"Số định danh cá nhân được cấp: {pin}" in page.text
    assert "Nguyễn Minh Khang" in page.text
    # Addresses with unit names, codes as names.
    assert "số 5 phố Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội" in page.text
    assert "Kinh" in page.text and "Việt Nam" in page.text
    assert "Trần Thị Lan" in page.text


async def test_bad_birth_input_stays_on_the_page_with_inline_messages(
    client: httpx.AsyncClient, session: AsyncSession, csrf: str
) -> None:
    before = await _counts(session)
    data = birth_form(
        csrf,
        **{"full_name.given": "", "full_name.family": "Nguyễn2", "date_of_birth": "31/02/2026", "mobile": ""},
    )
    data["place_of_birth.unit"] = ""
    data["place_of_birth.detail"] = ""
    response = await client.post("/officer/births/new", data=data, headers=HTML)
    assert response.status_code == 422
    text = response.text
    assert "Chưa lưu" in text
    assert "Trường Tên là bắt buộc" in text
    assert "Họ chỉ được gồm chữ cái" in text
    # A date that cannot exist is named by the field's label, in the form's own day/month/year words.
    assert "Ngày, tháng, năm sinh: nhập ngày theo dạng ngày/tháng/năm, vd. 28/05/1992" in text
    assert "Trường Nơi sinh là bắt buộc" in text
    assert 'value="Nguyễn2"' in text and 'value="Trần Thị Lan"' in text  # values kept
    assert 'aria-invalid="true"' in text
    assert await _counts(session) == before


async def test_birth_without_parents_and_with_an_unknown_unit(client: httpx.AsyncClient, csrf: str) -> None:
    data = birth_form(csrf, **{"father.full_name": "", "mother.full_name": "", "hometown.code": "99999"})
    response = await client.post("/officer/births/new", data=data, headers=HTML)
    assert response.status_code == 422
    assert "Cần ít nhất cha, mẹ hoặc người đại diện" in response.text
    data = birth_form(csrf, **{"hometown.code": "99999"})
    response = await client.post("/officer/births/new", data=data, headers=HTML)
    assert response.status_code == 422
    assert 'id="e-hometown"' in response.text


async def test_a_failed_birth_keeps_nothing_even_after_the_person_was_written(
    client: httpx.AsyncClient, session: AsyncSession, csrf: str
) -> None:
    mother = await register_birth(
        client, csrf, **{"full_name.given": "Lan", "sex": "2", "date_of_birth": "2026-10-10"}
    )
    before = await _counts(session)
    # The mother is younger than the child: refused when the relation is linked, after the PIN was drawn.
    data = birth_form(csrf, **{"mother.pin": mother, "mother.full_name": ""})
    response = await client.post("/officer/births/new", data=data, headers=HTML)
    assert response.status_code == 422
    assert "cha, mẹ phải sinh trước con" in response.text
    assert await _counts(session) == before


async def test_birth_registration_outside_the_territory_is_an_inline_403(
    client: httpx.AsyncClient, csrf: str
) -> None:
    data = birth_form(csrf, **{"birth_registration_place.unit": "00004"})
    response = await client.post("/officer/births/new", data=data, headers=HTML)
    assert response.status_code == 403
    assert "không thuộc địa bàn" in response.text
    assert 'value="Khang"' in response.text


async def test_collect_assigns_a_pin_and_rejects_an_impossible_date(
    client: httpx.AsyncClient, csrf: str
) -> None:
    data = {
        "csrf_token": csrf,
        "full_name.family": "Lê",
        "full_name.given": "Hoa",
        "date_of_birth": "1961-13",
        "sex": "2",
        "ethnicity": "01",
        "birth_registration_place.unit": "00070",
        "birth_registration_place.version": "2025",
        "mobile": "0912 345 678",
        "dossier_number": "DC01-55",
        "legal_basis": "NĐ 70/2024/NĐ-CP Điều 5",
    }
    bad = await client.post("/officer/collect/new", data=data, headers=HTML)
    assert bad.status_code == 422
    assert (
        "Ngày, tháng, năm sinh: nhập ngày/tháng/năm (28/05/1992), tháng/năm (05/1992) hoặc năm (1992)"
        in bad.text
    )
    for typed in ("13/1961", "30/02/1961"):  # typed as people write dates: still no such month or day
        wrong = await client.post("/officer/collect/new", data=data | {"date_of_birth": typed}, headers=HTML)
        assert wrong.status_code == 422
        assert "nhập ngày/tháng/năm (28/05/1992), tháng/năm (05/1992)" in wrong.text
        assert f'value="{typed}"' in wrong.text  # shown back as typed
    bad_mobile = await client.post(
        "/officer/collect/new", data=data | {"date_of_birth": "1961", "mobile": "12345"}, headers=HTML
    )
    assert bad_mobile.status_code == 422
    assert "Số thuê bao di động phải là số di động Việt Nam" in bad_mobile.text
    homeless = await client.post("/officer/collect/new", data=data | {"date_of_birth": "1961"}, headers=HTML)
    # No residence yet: the file belongs to the commune of birth registration, so the officer sees it.
    assert homeless.status_code == 303
    assert homeless.headers["location"].startswith("/officer/citizens/")
    assert homeless.headers["location"].endswith("?notice=collected")
    notice = await client.get(homeless.headers["location"], headers=HTML)
    assert notice.status_code == 200
    assert homeless.headers["location"].split("/")[3][:12] in notice.text
    resident = {"permanent_residence.unit": "00070", "permanent_residence.detail": "số 9 Hàng Bài"}
    ok = await client.post(
        "/officer/collect/new", data=data | resident | {"date_of_birth": "1961"}, headers=HTML
    )
    assert ok.status_code == 303, ok.text
    assert ok.headers["location"].endswith("?notice=collected")
    page = await client.get(ok.headers["location"], headers=HTML)
    assert "năm 1961" in page.text and "0912345678" in page.text
    assert "Số định danh cá nhân được cấp:" in page.text


# --- Person page: timeline and as-of ------------------------------------------------------------


async def test_an_adjustment_shows_the_wrong_and_the_corrected_value(
    client: httpx.AsyncClient, csrf: str
) -> None:
    pin = await register_birth(client, csrf, **{"full_name.given": "Khan"})
    form = await client.get(f"/officer/citizens/{pin}/adjust?item=full_name", headers=HTML)
    assert 'value="Khan"' in form.text  # the current value is prefilled
    response = await client.post(f"/officer/citizens/{pin}/adjust", data=adjust_form(csrf), headers=HTML)
    assert response.status_code == 303, response.text
    page = await client.get(response.headers["location"], headers=HTML)
    assert "Đã điều chỉnh thông tin" in page.text
    timeline = page.text[page.text.index('id="timeline"') :]
    assert "Điều chỉnh" in timeline
    assert "Nguyễn Minh Khan</span>" in timeline  # the wrong value, struck through
    assert "Nguyễn Minh Khang</strong>" in timeline
    assert "Sai chính tả khi nhập tên — Giấy khai sinh bản chính số 12" in timeline
    assert "DC-2026-7" in timeline and "Ca.Hoankiem (ca.hoankiem)" in timeline


async def test_bad_adjustment_input_is_shown_inline(client: httpx.AsyncClient, csrf: str) -> None:
    pin = await register_birth(client, csrf)
    url = f"/officer/citizens/{pin}/adjust"
    short = await client.post(url, data=adjust_form(csrf, reason="sai", proof=""), headers=HTML)
    assert short.status_code == 422
    assert "Lý do phải có ít nhất 5 ký tự" in short.text
    assert "Trường Giấy tờ chứng minh là bắt buộc" in short.text
    email = await client.post(
        url, data=adjust_form(csrf, item="email", email="khong-phai-email"), headers=HTML
    )
    assert email.status_code == 422
    assert "Địa chỉ thư điện tử không phải địa chỉ thư điện tử hợp lệ" in email.text
    empty = await client.post(url, data=adjust_form(csrf, item="mobile"), headers=HTML)
    assert empty.status_code == 422 and "Trường Số thuê bao di động là bắt buộc" in empty.text
    own = await client.post(url, data=adjust_form(csrf, item="household"), headers=HTML)
    assert own.status_code == 422 and "chọn một thông tin trong danh sách" in own.text


async def test_as_of_form_shows_the_name_the_register_knew_before_the_adjustment(
    client: httpx.AsyncClient, csrf: str
) -> None:
    with at("2026-10-05"):
        pin = await register_birth(client, csrf, **{"full_name.given": "Khan"})
    with at("2026-11-20"):
        response = await client.post(f"/officer/citizens/{pin}/adjust", data=adjust_form(csrf), headers=HTML)
        assert response.status_code == 303
    now = await client.get(f"/officer/citizens/{pin}", headers=HTML)
    assert "<h1>Nguyễn Minh Khang</h1>" in now.text and 'id="asof-banner"' not in now.text
    before = await client.get(f"/officer/citizens/{pin}?as_of=2026-10-10&known_at=2026-11-01", headers=HTML)
    assert before.status_code == 200
    assert 'id="asof-banner"' in before.text
    assert "Hồ sơ có hiệu lực ngày 10/10/2026" in before.text and "hết ngày 01/11/2026" in before.text
    record = before.text[before.text.index('class="sections"') : before.text.index('id="timeline"')]
    assert "Nguyễn Minh Khan<" in record and "Khang" not in record
    assert "ghi nhận sau ngày K" in before.text
    # The same dates as an officer types them (day/month/year) give the same view.
    typed = await client.get(f"/officer/citizens/{pin}?as_of=10/10/2026&known_at=1/11/2026", headers=HTML)
    assert typed.status_code == 200 and "Hồ sơ có hiệu lực ngày 10/10/2026" in typed.text
    assert 'value="10/10/2026"' in typed.text
    bad = await client.get(f"/officer/citizens/{pin}?as_of=31/09/2026", headers=HTML)
    assert bad.status_code == 422
    assert "Ngày hiệu lực (D): nhập ngày theo dạng ngày/tháng/năm, vd. 28/05/1992" in bad.text


async def test_reading_a_record_is_logged(
    client: httpx.AsyncClient, session: AsyncSession, csrf: str
) -> None:
    pin = await register_birth(client, csrf)
    citizen_id = await session.scalar(select(Citizen.id).where(Citizen.pin == pin))
    viewed = select(func.count()).where(
        Event.event_type == EventType.CITIZEN_VIEWED, Event.subject_citizen_id == citizen_id
    )
    before = await session.scalar(viewed) or 0
    await client.get(f"/officer/citizens/{pin}", headers=HTML)
    assert (await session.scalar(viewed) or 0) == before + 2  # the record and its history


async def test_update_applies_from_its_date(client: httpx.AsyncClient, csrf: str) -> None:
    pin = await register_birth(client, csrf)
    data = {
        "csrf_token": csrf,
        "item": "mobile",
        "mobile": "+84912345678",
        "valid_from": "2026-11-01",
        "source": "dc02",
        "dossier_number": "DC02-1",
        "legal_basis": "NĐ 70/2024/NĐ-CP Điều 6",
    }
    response = await client.post(f"/officer/citizens/{pin}/update", data=data, headers=HTML)
    assert response.status_code == 303, response.text
    page = await client.get(response.headers["location"], headers=HTML)
    assert "Đã cập nhật thông tin" in page.text and "0912345678" in page.text
    assert "từ 01/11/2026" in page.text
    earlier = await client.get(f"/officer/citizens/{pin}?as_of=2026-10-20", headers=HTML)
    record = earlier.text[earlier.text.index('class="sections"') : earlier.text.index('id="timeline"')]
    assert "0912345678" not in record


# --- Search -------------------------------------------------------------------------------------


async def test_search_ignores_diacritics_and_pages_by_keyset(client: httpx.AsyncClient, csrf: str) -> None:
    pins = [await register_birth(client, csrf, **{"full_name.given": g}) for g in ("Khang", "Khánh")]
    found = await client.get("/officer/citizens?name=NGUYEN+MINH+KH&dob=2026-10-02", headers=HTML)
    assert found.status_code == 200
    assert all(pin in found.text for pin in pins)
    assert "Nguyễn Minh Khánh" in found.text and "02/10/2026" in found.text


async def test_search_and_pin_box_explain_bad_input(client: httpx.AsyncClient, csrf: str) -> None:
    short = await client.get("/officer/citizens?name=a", headers=HTML)
    assert short.status_code == 422 and "phải có ít nhất 2 ký tự" in short.text
    dob = await client.get("/officer/citizens?name=an&dob=1990-1", headers=HTML)
    assert (
        dob.status_code == 422
        and "Ngày sinh: nhập ngày/tháng/năm (28/05/1992), tháng/năm (05/1992)" in dob.text
    )
    typed = await client.get("/officer/citizens?name=an&dob=05/1990", headers=HTML)
    assert typed.status_code == 200 and 'value="05/1990"' in typed.text
    cmnd = await client.get("/officer/citizens?pin=012345678", headers=HTML)
    assert cmnd.status_code == 422 and "chứng minh nhân dân cũ" in cmnd.text
    go = await client.get("/officer/citizens?pin=001226012345", headers=HTML)
    assert go.status_code == 303 and go.headers["location"] == "/officer/citizens/001226012345"
    missing = await client.get("/officer/citizens/001226012345", headers=HTML)
    assert missing.status_code == 404 and "Không tìm thấy công dân" in missing.text


# --- Residence and death ------------------------------------------------------------------------


def _dossier(csrf: str, **fields: str) -> dict[str, str]:
    return {"csrf_token": csrf, "dossier_number": "CT-1", "legal_basis": "Luật Cư trú 2020", **fields}


async def test_residence_forms(client: httpx.AsyncClient, csrf: str) -> None:
    pin = await register_birth(client, csrf)
    base = f"/officer/citizens/{pin}/residence"
    # The stay is current on the day the test runs (the page shows the residence as of today): a
    # stay of fixed dates would leave the page once its end has passed.
    today = clock.today_vn()
    temporary = _dossier(
        csrf,
        kind="temporary",
        **{"address.unit": "00070", "address.detail": "ngõ 3 Hàng Bài"},
        start=(today - dt.timedelta(days=36)).isoformat(),
    )
    no_end = await client.post(base, data=temporary, headers=HTML)
    assert no_end.status_code == 422 and "tạm trú cần thời hạn" in no_end.text
    assert 'value="ngõ 3 Hàng Bài"' in no_end.text
    end = (today + dt.timedelta(days=328)).isoformat()
    ok = await client.post(base, data=temporary | {"end": end}, headers=HTML)
    assert ok.status_code == 303 and ok.headers["location"].endswith("notice=residence_registered")
    absence = _dossier(csrf, start="2026-12-10", end="2026-12-01", destination="Đà Nẵng", reason="Công tác")
    backwards = await client.post(f"{base}/absence", data=absence, headers=HTML)
    assert backwards.status_code == 422 and "ngày kết thúc phải sau ngày bắt đầu" in backwards.text
    removal = _dossier(csrf, kind="permanent", on="2026-11-15", reason="moved")
    removed = await client.post(f"{base}/removal", data=removal, headers=HTML)
    assert removed.status_code == 303
    page = await client.get(base, headers=HTML)
    assert "ngõ 3 Hàng Bài" in page.text and "Tràng Tiền" not in page.text


async def test_death_form(client: httpx.AsyncClient, csrf: str) -> None:
    pin = await register_birth(client, csrf)
    url = f"/officer/citizens/{pin}/death"
    impossible = await client.post(url, data=_dossier(csrf, status="dead", date="2026-13-01"), headers=HTML)
    assert impossible.status_code == 422 and "nhập ngày/tháng/năm (28/05/1992), tháng/năm" in impossible.text
    future = await client.post(url, data=_dossier(csrf, status="dead", date="2099"), headers=HTML)
    assert future.status_code == 422 and "không thể là một ngày trong tương lai" in future.text
    alive = await client.post(url, data=_dossier(csrf, status="alive", date="2026-11-01"), headers=HTML)
    assert alive.status_code == 422
    done = await client.post(url, data=_dossier(csrf, status="dead", date="2026-11-02"), headers=HTML)
    assert done.status_code == 303
    # A death removes the residence; the file stays with the commune of the last residence.
    assert done.headers["location"] == f"/officer/citizens/{pin}?notice=death_recorded"
    page = await client.get(done.headers["location"], headers=HTML)
    assert "Đã ghi nhận chết hoặc mất tích" in page.text and pin in page.text
