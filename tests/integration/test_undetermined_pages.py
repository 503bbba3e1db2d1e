"""The undetermined-nationality procedure in the officer console (NĐ 70 Điều 24 as amended by NĐ
58/2026): the work queue with its deadlines, the declaration form, each step on the dossier page with
inline messages in the officer's language, and the identity certificate on the person's record."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.clock import VN_TZ, freeze
from tests.support.builders import make_officer, page_session
from tests.support.language import vietnamese_interface, visible_text

HTML = {"Accept": "text/html"}
FRIDAY = dt.datetime(2026, 12, 4, 10, 0, tzinfo=VN_TZ)
FORM = {
    "full_name.family": "Nguyễn",
    "full_name.middle": "Thị",
    "full_name.given": "Mai",
    "date_of_birth": "02/04/1990",
    "sex": "2",
    "ethnicity": "01",
    "birth_registration_place.unit": "00070",
    "birth_registration_place.version": "2025",
    "residence.unit": "00070",
    "residence.version": "2025",
    "residence.detail": "5 Hàng Đào",
    "papers": "Giấy khai sinh số 12/1990\nTrích lục hộ tịch của mẹ số 3/2026",
}


@pytest.fixture(autouse=True)
def on_a_friday() -> Iterator[None]:
    with freeze(FRIDAY):
        yield


async def _login(
    client: httpx.AsyncClient, session: AsyncSession, username: str, role: OfficerRole, unit: str | None
) -> str:
    await make_officer(session, username=username, role=role, unit_code=unit)
    await page_session(client, session, username)
    home = await client.get("/officer/undetermined", headers=HTML)
    assert home.status_code == 200, home.text
    found = re.search(r'name="csrf_token" value="([^"]+)"', home.text)
    assert found is not None
    return found.group(1)


async def _post(
    client: httpx.AsyncClient, path: str, data: dict[str, str] | list[tuple[str, str]]
) -> httpx.Response:
    return await client.post(path, data=data, headers=HTML)


async def test_the_dossier_from_declaration_to_certificate_in_the_console(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Điều 24 khoản 3–8 in the console: biometrics are required (inline, naming the rule), the
    declaration opens a dossier due to start in 01 working day, the residence check is recorded, the
    head collects the person, C06 issues and sends the certificate and the commune records its return."""
    csrf = await _login(client, session, "xa.hoankiem", OfficerRole.COMMUNE_POLICE, "00070")
    queue = await client.get("/officer/undetermined", headers=HTML)
    assert 'id="nav-undetermined"' in queue.text and 'id="queue-empty"' in queue.text
    form: dict[str, str | list[str]] = {"csrf_token": csrf, **FORM}
    missing = await _post(client, "/officer/undetermined", form | {"biometrics": ["face"]})
    assert missing.status_code == 422
    assert "phải thu nhận vân tay" in missing.text and "Trích lục hộ tịch của mẹ" in missing.text
    assert (
        'id="e-biometrics"' in missing.text and 'name="biometrics" value="face" checked' in missing.text
    )  # what was chosen stays
    opened = await _post(
        client, "/officer/undetermined", form | {"biometrics": ["fingerprints", "iris", "face"]}
    )
    assert opened.status_code == 303, opened.text
    dossier = opened.headers["location"].split("?")[0]
    shown = await client.get(opened.headers["location"], headers=HTML)
    assert "Đã tiếp nhận hồ sơ" in shown.text and "07/12/2026" in shown.text
    queue = await client.get("/officer/undetermined", headers=HTML)
    assert "Bắt đầu xác minh" in queue.text and "07/12/2026" in queue.text
    assert (await _post(client, f"{dossier}/start", {"csrf_token": csrf})).status_code == 303
    future = {
        "csrf_token": csrf,
        "agency": "Công an phường Hoàn Kiếm",
        "since": "01/01/2027",
        "continuous": "true",
    }
    bad = await _post(client, f"{dossier}/residence-check", future)
    assert bad.status_code == 422 and "tương lai" in bad.text
    checked = await _post(client, f"{dossier}/residence-check", future | {"since": "10/01/2025"})
    assert checked.status_code == 303, checked.text
    unanswered = await _post(client, f"{dossier}/accept", {"csrf_token": csrf})
    assert unanswered.status_code == 422 and 'id="e-comparison-accept"' in unanswered.text
    assert "chưa có kết quả kiểm tra, đối sánh" in unanswered.text
    await make_officer(session, username="c06.cap", role=OfficerRole.IDENTITY_AGENCY)
    await _compare(client, session, dossier, "xa.hoankiem")
    csrf = csrf_from(await client.get(dossier, headers=HTML))
    accepted = await _post(client, f"{dossier}/accept", {"csrf_token": csrf})
    assert accepted.status_code == 303, accepted.text
    page = await client.get(dossier, headers=HTML)
    pin = re.search(r'id="pin" href="/officer/citizens/([0-9]{12})"', page.text)
    assert pin is not None and "19/12/2026" in page.text and 'id="no-certificate"' in page.text
    assert "Không có thông tin trùng khớp" in page.text

    await page_session(client, session, "c06.cap")
    c06_queue = await client.get("/officer/undetermined", headers=HTML)
    assert "Số định danh và giấy chứng nhận căn cước" in c06_queue.text and "19/12/2026" in c06_queue.text
    c06_csrf = re.search(r'name="csrf_token" value="([^"]+)"', c06_queue.text)
    assert c06_csrf is not None
    issued = await _post(client, f"{dossier}/certificate", {"csrf_token": c06_csrf.group(1)})
    assert issued.status_code == 303, issued.text
    page = await client.get(dossier, headers=HTML)
    number = re.search(r'data-number="([0-9]{9}/2026/GCNCC)"', page.text)
    assert number is not None and 'id="certificate-page"' in page.text
    path = number.group(1).replace("/", "-")
    assert (
        number.group(1) in (await client.get("/officer/undetermined", headers=HTML)).text
    )  # waits to be sent
    sent = await _post(
        client, f"/officer/identity-certificates/{path}/dispatch", {"csrf_token": c06_csrf.group(1)}
    )
    assert sent.status_code == 303 and sent.headers["location"].endswith("/identity-certificate?done=sent")

    await page_session(client, session, "xa.hoankiem")
    queue = await client.get("/officer/undetermined", headers=HTML)
    assert 'id="pending-certificates"' in queue.text and number.group(1) in queue.text
    commune_csrf = csrf_from(queue)
    hand_over = f"/officer/identity-certificates/{path}/hand-over"
    early = await _post(client, hand_over, {"csrf_token": commune_csrf, "on": "03/12/2026"})
    assert early.status_code == 422 and "không thể trước ngày gửi" in early.text
    handed = await _post(client, hand_over, {"csrf_token": commune_csrf, "on": "04/12/2026"})
    assert handed.status_code == 303, handed.text
    record = await client.get(f"/officer/citizens/{pin.group(1)}", headers=HTML)
    assert number.group(1) in record.text and "Đã trả cho người được cấp" in record.text


async def _compare(client: httpx.AsyncClient, session: AsyncSession, dossier: str, unit_user: str) -> None:
    """Khoản 5 in the console: the unit sends the information, C06 records the answer (a missing note
    comes back beside its field), and the unit's session is restored."""
    sent = await _post(
        client, f"{dossier}/comparison", {"csrf_token": csrf_from(await client.get(dossier, headers=HTML))}
    )
    assert sent.status_code == 303 and sent.headers["location"].endswith("?done=compared"), sent.text
    await page_session(client, session, "c06.cap")
    c06_queue = await client.get("/officer/undetermined", headers=HTML)
    assert dossier.rsplit("/", 1)[1] in c06_queue.text
    page = await client.get(dossier, headers=HTML)
    assert page.status_code == 200 and 'id="answer-comparison"' in page.text
    answer = {"csrf_token": csrf_from(page), "match_found": "false", "note": ""}
    no_note = await _post(client, f"{dossier}/comparison/answer", answer)
    assert no_note.status_code == 422 and 'id="e-note"' in no_note.text
    answered = await _post(client, f"{dossier}/comparison/answer", answer | {"note": "Không trùng khớp"})
    assert answered.status_code == 303, answered.text
    await page_session(client, session, unit_user)


def csrf_from(page: httpx.Response) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


async def test_the_pages_in_english(client: httpx.AsyncClient, session: AsyncSession) -> None:
    """Vietnamese first, English for an English visitor: no Vietnamese interface text on the queue,
    the form, a dossier page, the certificate page or the person's record with its certificate."""
    csrf = await _login(client, session, "xa.hoankiem", OfficerRole.COMMUNE_POLICE, "00070")
    chosen = {"csrf_token": csrf, "biometrics": ["fingerprints", "iris", "face"]}
    opened = await _post(client, "/officer/undetermined", {**FORM, **chosen})
    dossier = opened.headers["location"].split("?")[0]
    await _post(client, f"{dossier}/start", {"csrf_token": csrf})
    client.cookies.set("lang", "en")
    for path in ("/officer/undetermined", "/officer/undetermined/new", dossier):
        page = await client.get(path, headers=HTML)
        assert page.status_code == 200 and '<html lang="en">' in page.text
        assert vietnamese_interface(visible_text(page.text)) == [], path
    assert "End verification" in (await client.get("/officer/undetermined", headers=HTML)).text
    check = {
        "csrf_token": csrf,
        "agency": "Công an phường Hoàn Kiếm",
        "since": "10/01/2025",
        "continuous": "true",
    }
    assert (await _post(client, f"{dossier}/residence-check", check)).status_code == 303
    await make_officer(session, username="c06.cap", role=OfficerRole.IDENTITY_AGENCY)
    sent = await _post(client, f"{dossier}/comparison", {"csrf_token": csrf})
    assert sent.status_code == 303
    await page_session(client, session, "c06.cap")
    client.cookies.set("lang", "en")
    for path in ("/officer/undetermined", dossier):  # C06's answer form
        page = await client.get(path, headers=HTML)
        assert page.status_code == 200 and '<html lang="en">' in page.text
        assert vietnamese_interface(visible_text(page.text)) == [], path
    answer = {"csrf_token": csrf_from(page), "match_found": "false", "note": "No match"}
    assert (await _post(client, f"{dossier}/comparison/answer", answer)).status_code == 303
    await page_session(client, session, "xa.hoankiem")
    client.cookies.set("lang", "en")
    csrf = csrf_from(await client.get(dossier, headers=HTML))
    assert (await _post(client, f"{dossier}/accept", {"csrf_token": csrf})).status_code == 303
    pin = re.search(
        r'id="pin" href="/officer/citizens/([0-9]{12})"', (await client.get(dossier, headers=HTML)).text
    )
    assert pin is not None
    await page_session(client, session, "c06.cap")
    c06_csrf = csrf_from(await client.get("/officer/undetermined", headers=HTML))
    assert (await _post(client, f"{dossier}/certificate", {"csrf_token": c06_csrf})).status_code == 303
    client.cookies.set("lang", "en")
    for path in (
        "/officer/undetermined",
        dossier,
        f"/officer/citizens/{pin.group(1)}/identity-certificate",
        f"/officer/citizens/{pin.group(1)}",
    ):
        page = await client.get(path, headers=HTML)
        assert page.status_code == 200 and '<html lang="en">' in page.text
        assert vietnamese_interface(visible_text(page.text)) == [], path
    record = await client.get(f"/officer/citizens/{pin.group(1)}", headers=HTML)
    assert (
        "Identity certificate" in record.text
        and "Send to the receiving unit"
        in (await client.get(f"/officer/citizens/{pin.group(1)}/identity-certificate", headers=HTML)).text
    )


async def test_staff_propose_the_head_refuses_and_the_signed_reply_is_printed_from_the_console(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """TT 117/2026 Điều 17 khoản 3–4: staff propose, the head decides; Điều 24 khoản 6: "phải trả lời và
    nêu rõ lý do" — the unit downloads the signed reply, prints it, and records the day it was handed
    to the declarant (who has no account to receive it in)."""
    await make_officer(session, username="xa.hoankiem", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
    await make_officer(
        session,
        username="canbo.hoankiem",
        role=OfficerRole.COMMUNE_POLICE,
        unit_code="00070",
        position=Position.STAFF,
    )
    await page_session(client, session, "canbo.hoankiem")
    csrf = csrf_from(await client.get("/officer/undetermined", headers=HTML))
    chosen = {"csrf_token": csrf, "biometrics": ["fingerprints", "iris", "face"]}
    dossier = (
        (await _post(client, "/officer/undetermined", {**FORM, **chosen})).headers["location"].split("?")[0]
    )
    assert (await _post(client, f"{dossier}/start", {"csrf_token": csrf})).status_code == 303
    proposal = {"csrf_token": csrf, "recommendation": "refuse", "proposal_text": ""}
    empty = await _post(client, f"{dossier}/propose", proposal)
    assert empty.status_code == 422 and 'id="e-proposal_text"' in empty.text
    reasons = "Giấy tờ chứng minh quan hệ huyết thống không xác minh được"
    proposed = await _post(client, f"{dossier}/propose", proposal | {"proposal_text": reasons})
    assert proposed.status_code == 303 and proposed.headers["location"].endswith("?done=proposed")
    page = await client.get(dossier, headers=HTML)
    assert 'id="proposals"' in page.text and "Đề xuất không thu thập" in page.text and reasons in page.text
    by_staff = await _post(client, f"{dossier}/refuse", {"csrf_token": csrf, "text": reasons})
    assert by_staff.status_code == 403 and "reply-pdf" not in by_staff.text

    await page_session(client, session, "xa.hoankiem")
    csrf = csrf_from(await client.get(dossier, headers=HTML))
    refused = await _post(client, f"{dossier}/refuse", {"csrf_token": csrf, "text": reasons})
    assert refused.status_code == 303, refused.text
    page = await client.get(dossier, headers=HTML)
    link = re.search(r'href="([^"]+/reply/pdf)" id="reply-pdf"', page.text)
    assert link is not None and "đã quyết định" in page.text
    pdf = await client.get(link.group(1))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf.headers["content-type"] == "application/pdf"
    hand_over = f"{dossier}/reply/hand-over"
    missing = await _post(client, hand_over, {"csrf_token": csrf, "on": ""})
    assert missing.status_code == 422 and 'id="e-on"' in missing.text
    handed = await _post(client, hand_over, {"csrf_token": csrf, "on": "04/12/2026"})
    assert handed.status_code == 303, handed.text
    page = await client.get(dossier, headers=HTML)
    assert 'id="reply-handed">04/12/2026' in page.text and 'id="reply-hand-over"' not in page.text
    client.cookies.set("lang", "en")
    english = await client.get(dossier, headers=HTML)
    assert english.status_code == 200 and "Download the signed reply" in english.text
    assert vietnamese_interface(visible_text(english.text)) == []
