"""People of Vietnamese origin with undetermined nationality: NĐ 70/2024 Điều 24 as amended by NĐ
58/2026 — a declaration opens a dossier that is verified before anything enters the register, then
collected (DC01) or refused with a written reply; C06 issues the identity certificate within 15 days,
the receiving unit hands it over, and it is renewed anywhere (Điều 26 khoản 1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.audit.models import Event, EventType
from dancu.clock import VN_TZ, freeze
from dancu.enums.documents import DocumentKind
from dancu.exploitation.documents.models import Document
from dancu.notify.models import OutboxMessage
from dancu.registry.models import Citizen
from tests.support.builders import c06, citizen_headers, issue_headers, make_officer

# Friday 4 December 2026, 10:00 in Hà Nội: 01 working day later is Monday 7 December.
FRIDAY = dt.datetime(2026, 12, 4, 10, 0, tzinfo=VN_TZ)
URL = "/api/v1/undetermined"
DECLARATION: dict[str, Any] = {
    "full_name": {"family": "Nguyễn", "middle": "Thị", "given": "Mai"},
    "date_of_birth": "1990-04-02",
    "sex": "2",
    "birth_registration_place": {"unit_code": "00070", "unit_version": "2025"},
    "ethnicity": "01",
    "papers": ["Giấy khai sinh số 12/1990", "Trích lục hộ tịch của mẹ số 3/2026"],
    "residence": {"unit_code": "00070", "unit_version": "2025", "detail": "5 Hàng Đào"},
    "biometrics": ["fingerprints", "iris", "face"],
}
SIX_MONTHS = {"agency": "Công an phường Hoàn Kiếm", "since": "2025-01-10", "continuous": True}


@pytest.fixture(autouse=True)
def on_a_friday() -> Iterator[None]:
    with freeze(FRIDAY):
        yield


@dataclass
class Officers:
    commune: dict[str, str]
    staff: dict[str, str]
    elsewhere: dict[str, str]
    c06: dict[str, str]


@pytest.fixture
async def officers(client: httpx.AsyncClient, session: AsyncSession) -> Officers:
    await make_officer(session, username="xa.hoankiem", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
    await make_officer(
        session,
        username="canbo.hoankiem",
        role=OfficerRole.COMMUNE_POLICE,
        unit_code="00070",
        position=Position.STAFF,
    )
    await make_officer(session, username="xa.thudaumot", role=OfficerRole.COMMUNE_POLICE, unit_code="25747")
    return Officers(
        commune=await issue_headers(session, "xa.hoankiem"),
        staff=await issue_headers(session, "canbo.hoankiem"),
        elsewhere=await issue_headers(session, "xa.thudaumot"),
        c06=await c06(client, session),
    )


async def _open(client: httpx.AsyncClient, officers: Officers, **overrides: Any) -> dict[str, Any]:
    response = await client.post(URL, json={**DECLARATION, **overrides}, headers=officers.commune)
    assert response.status_code == 201, response.text
    opened: dict[str, Any] = response.json()
    return opened


async def _verifying(client: httpx.AsyncClient, officers: Officers) -> str:
    reference = str((await _open(client, officers))["reference"])
    started = await client.post(f"{URL}/{reference}/verification", headers=officers.commune)
    assert started.status_code == 200, started.text
    return reference


async def _compared(
    client: httpx.AsyncClient, officers: Officers, reference: str, *, match_found: bool = False
) -> dict[str, Any]:
    """Khoản 5: the unit sends the information to C06, whose officer records the comparison."""
    sent = await client.post(f"{URL}/{reference}/comparison", headers=officers.commune)
    assert sent.status_code == 200, sent.text
    note = "Trùng khớp với hồ sơ căn cước số 0012" if match_found else "Không có thông tin trùng khớp"
    answer = {"match_found": match_found, "note": note}
    answered = await client.post(f"{URL}/{reference}/comparison/answer", json=answer, headers=officers.c06)
    assert answered.status_code == 200, answered.text
    result: dict[str, Any] = answered.json()
    return result


async def _accepted(client: httpx.AsyncClient, officers: Officers) -> tuple[str, str]:
    reference = await _verifying(client, officers)
    checked = await client.post(
        f"{URL}/{reference}/residence-check", json=SIX_MONTHS, headers=officers.commune
    )
    assert checked.status_code == 200, checked.text
    await _compared(client, officers, reference)
    accepted = await client.post(f"{URL}/{reference}/acceptance", headers=officers.commune)
    assert accepted.status_code == 200, accepted.text
    return reference, str(accepted.json()["pin"])


async def _events(session: AsyncSession, reference: str) -> list[EventType]:
    rows = await session.scalars(
        select(Event.event_type).where(Event.request_ref == reference).order_by(Event.id)
    )
    return list(rows)


async def _people(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(Citizen)) or 0


async def test_a_declaration_opens_a_dossier_and_enters_nothing_into_the_register(
    client: httpx.AsyncClient, session: AsyncSession, officers: Officers
) -> None:
    """Điều 24 khoản 1, 3, 4: the person declares at "Công an cấp xã trong phạm vi đơn vị hành chính
    cấp tỉnh nơi người đó sinh sống"; biometrics are taken ("trừ trường hợp … dưới 06 tuổi" for the
    iris); "Trong thời hạn 01 ngày làm việc" verification begins — nothing is collected before it."""
    before = await _people(session)
    collect = {**DECLARATION, "nationality": ["XX"], "legal_basis": "NĐ 70 Điều 24", "dossier_number": "HS-1"}
    for key in ("residence", "biometrics"):
        collect.pop(key)
    direct = await client.post("/api/v1/registry/citizens/collect", json=collect, headers=officers.commune)
    assert direct.status_code == 409 and direct.json()["code"] == "collect.undetermined_needs_verification"
    no_iris = await client.post(
        URL, json={**DECLARATION, "biometrics": ["fingerprints", "face"]}, headers=officers.commune
    )
    problem = no_iris.json()["errors"][0]
    assert no_iris.status_code == 422
    assert (problem["field"], problem["rule"]) == ("biometrics", "undetermined.biometrics_missing")
    assert "vân tay" in problem["message"]
    child = {**DECLARATION, "date_of_birth": "2023-01-01", "biometrics": ["fingerprints", "face"]}
    assert (await client.post(URL, json=child, headers=officers.commune)).status_code == 201
    other_province = await client.post(URL, json=DECLARATION, headers=officers.elsewhere)
    assert other_province.status_code == 403, other_province.text
    opened = await _open(client, officers)
    assert opened["status"] == "received" and opened["pin"] is None
    assert (opened["received_on"], opened["start_due_on"]) == ("2026-12-04", "2026-12-07")
    assert (opened["stage"], opened["due_on"], opened["overdue"]) == ("start", "2026-12-07", False)
    assert await _people(session) == before
    assert await _events(session, opened["reference"]) == [EventType.UNDETERMINED_DOSSIER_OPENED]
    foreign = await client.get(f"{URL}/{opened['reference']}", headers=officers.elsewhere)
    assert foreign.status_code == 403
    await make_officer(session, username="pc06.hanoi", role=OfficerRole.PROVINCIAL_POLICE, unit_code="01")
    office = await client.post(URL, json=DECLARATION, headers=await issue_headers(session, "pc06.hanoi"))
    assert office.status_code == 201 and office.json()["unit_role"] == "provincial_police"
    assert office.json()["reference"] not in {
        r["reference"] for r in (await client.get(URL, headers=officers.commune)).json()["items"]
    }


async def test_verification_takes_30_days_and_a_complex_case_at_most_60_with_its_reason(
    client: httpx.AsyncClient, session: AsyncSession, officers: Officers
) -> None:
    """Điều 24 khoản 4: "Thời hạn kiểm tra xác minh là 30 ngày, trường hợp phức tạp thì có thể kéo dài
    nhưng không quá 60 ngày"."""
    reference = await _verifying(client, officers)
    shown = (await client.get(f"{URL}/{reference}", headers=officers.commune)).json()
    assert (shown["verification_started_on"], shown["verification_due_on"]) == ("2026-12-04", "2027-01-03")
    assert (shown["stage"], shown["due_on"]) == ("verification", "2027-01-03")
    too_long = await client.post(
        f"{URL}/{reference}/extension",
        json={"days": 61, "reason": "Cần xác minh ở nước ngoài"},
        headers=officers.commune,
    )
    assert (
        too_long.status_code == 422
        and too_long.json()["errors"][0]["rule"] == "undetermined.extension_too_long"
    )
    no_reason = await client.post(f"{URL}/{reference}/extension", json={"days": 60}, headers=officers.commune)
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    extended = await client.post(
        f"{URL}/{reference}/extension",
        json={"days": 60, "reason": "Cần xác minh quan hệ huyết thống tại tỉnh khác"},
        headers=officers.commune,
    )
    assert extended.status_code == 200, extended.text
    assert extended.json()["verification_due_on"] == "2027-02-02"
    assert extended.json()["extension_reason"] == "Cần xác minh quan hệ huyết thống tại tỉnh khác"
    late = dt.datetime(2027, 2, 3, 9, 0, tzinfo=VN_TZ)
    with freeze(late):
        head = await issue_headers(session, "xa.hoankiem")
        queue = (await client.get(URL, headers=head)).json()["items"]
    row = next(item for item in queue if item["reference"] == reference)
    assert (row["stage"], row["due_on"], row["overdue"]) == ("verification", "2027-02-02", True)


async def test_acceptance_needs_six_months_of_residence_and_collects_through_dc01(
    client: httpx.AsyncClient, session: AsyncSession, officers: Officers
) -> None:
    """Điều 24 khoản 4, 6, 7: "Cơ quan đăng ký cư trú … kiểm tra, xác minh về việc người đó đã sinh sống
    liên tục từ 06 tháng trở lên"; then the person who qualifies is collected (DC01, approved by the
    head) and the PIN comes within 15 days of the update."""
    reference = await _verifying(client, officers)
    unchecked = await client.post(f"{URL}/{reference}/acceptance", headers=officers.commune)
    assert (
        unchecked.status_code == 422
        and unchecked.json()["errors"][0]["rule"] == "undetermined.residence_unchecked"
    )
    short = {**SIX_MONTHS, "since": "2026-07-01"}
    recorded = await client.post(f"{URL}/{reference}/residence-check", json=short, headers=officers.commune)
    assert recorded.status_code == 200, recorded.text
    check = recorded.json()["residence_check"]
    assert check["agency"] == "Công an phường Hoàn Kiếm" and check["checked_by_account_id"] is not None
    too_short = await client.post(f"{URL}/{reference}/acceptance", headers=officers.commune)
    assert (
        too_short.status_code == 422
        and too_short.json()["errors"][0]["rule"] == "undetermined.residence_too_short"
    )
    await client.post(f"{URL}/{reference}/residence-check", json=SIX_MONTHS, headers=officers.commune)
    await _compared(client, officers, reference)
    by_staff = await client.post(f"{URL}/{reference}/acceptance", headers=officers.staff)
    assert by_staff.status_code == 403, by_staff.text
    before = await _people(session)
    accepted = await client.post(f"{URL}/{reference}/acceptance", headers=officers.commune)
    assert accepted.status_code == 200, accepted.text
    body = accepted.json()
    assert body["status"] == "accepted" and body["pin"] and await _people(session) == before + 1
    assert (body["updated_on"], body["pin_due_on"]) == ("2026-12-04", "2026-12-19")
    assert (body["stage"], body["due_on"]) == ("certificate", "2026-12-19")
    record = (await client.get(f"/api/v1/registry/citizens/{body['pin']}", headers=officers.commune)).json()
    assert record["items"]["nationality"] == ["XX"]
    assert EventType.UNDETERMINED_ACCEPTED in await _events(session, reference)
    collected = await session.scalar(
        select(Event).where(
            Event.event_type == EventType.CITIZEN_COLLECTED, Event.subject_citizen_id == record["citizen_id"]
        )
    )
    assert collected is not None and collected.data["undetermined_nationality"] is True
    again = await client.post(f"{URL}/{reference}/acceptance", headers=officers.commune)
    assert again.status_code == 422, again.text


async def test_a_refusal_is_answered_in_a_signed_reply_with_reasons(
    client: httpx.AsyncClient, session: AsyncSession, officers: Officers
) -> None:
    """Điều 24 khoản 6: "trường hợp không thu thập, cập nhật … thì phải trả lời và nêu rõ lý do"."""
    reference = await _verifying(client, officers)
    before = await _people(session)
    reasons = "Giấy tờ chứng minh quan hệ huyết thống không xác minh được tại cơ quan cấp"
    by_staff = await client.post(f"{URL}/{reference}/refusal", json={"text": reasons}, headers=officers.staff)
    assert by_staff.status_code == 403, by_staff.text
    refused = await client.post(
        f"{URL}/{reference}/refusal", json={"text": reasons}, headers=officers.commune
    )
    assert refused.status_code == 200, refused.text
    assert refused.json()["status"] == "refused" and refused.json()["decision_text"] == reasons
    letter = await session.scalar(
        select(Document).where(
            Document.source_kind == "undetermined_dossier", Document.source_ref == reference
        )
    )
    assert letter is not None and letter.kind is DocumentKind.REFUSAL and letter.pdf.startswith(b"%PDF-")
    assert refused.json()["reply_document_number"] == letter.number
    assert letter.recipient_label == "Nguyễn Thị Mai" and await _people(session) == before
    assert (await client.post(f"{URL}/{reference}/acceptance", headers=officers.commune)).status_code == 422


async def test_c06_issues_the_certificate_the_unit_hands_it_over_and_it_shows_in_the_record(
    client: httpx.AsyncClient, session: AsyncSession, officers: Officers
) -> None:
    """Điều 24 khoản 7–8: "cơ quan quản lý căn cước của Bộ Công an phải thực hiện xác lập số định danh cá
    nhân … và cấp giấy chứng nhận căn cước", "gửi giấy chứng nhận căn cước đã cấp về Công an cấp xã …
    để trả cho người gốc Việt Nam chưa xác định được quốc tịch"."""
    reference, pin = await _accepted(client, officers)
    by_commune = await client.post(f"{URL}/{reference}/certificate", headers=officers.commune)
    assert by_commune.status_code == 403
    queue = (await client.get(URL, headers=officers.c06)).json()["items"]
    assert [(r["reference"], r["stage"]) for r in queue] == [(reference, "certificate")]
    issued = await client.post(f"{URL}/{reference}/certificate", headers=officers.c06)
    assert issued.status_code == 201, issued.text
    certificate = issued.json()["certificates"][0]
    assert certificate["pin"] == pin and certificate["issued_on"] == "2026-12-04"
    assert certificate["issuing_body"].endswith("Bộ Công an") and certificate["status"] == "issued"
    assert (certificate["send_to_unit_code"], certificate["send_to_role"]) == ("00070", "commune_police")
    assert issued.json()["stage"] is None
    assert (await client.post(f"{URL}/{reference}/certificate", headers=officers.c06)).status_code == 409
    path = certificate["number"].replace("/", "-")
    certs = "/api/v1/identity-certificates"
    issued_list = (await client.get(certs, headers=officers.c06)).json()["items"]
    assert [c["number"] for c in issued_list] == [certificate["number"]]
    early = await client.post(
        f"{certs}/{path}/hand-over", json={"on": "2026-12-04"}, headers=officers.commune
    )
    assert early.status_code == 409 and early.json()["code"] == "undetermined.certificate_not_sent"
    assert (await client.post(f"{certs}/{path}/dispatch", headers=officers.commune)).status_code == 403
    sent = await client.post(f"{certs}/{path}/dispatch", headers=officers.c06)
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    waiting = (await client.get(certs, headers=officers.commune)).json()["items"]
    assert [c["number"] for c in waiting] == [certificate["number"]]
    elsewhere = await client.post(
        f"{certs}/{path}/hand-over", json={"on": "2026-12-04"}, headers=officers.elsewhere
    )
    assert elsewhere.status_code == 403
    before_sent = await client.post(
        f"{certs}/{path}/hand-over", json={"on": "2026-12-03"}, headers=officers.commune
    )
    assert before_sent.status_code == 422 and before_sent.json()["errors"][0]["field"] == "on"
    handed = await client.post(
        f"{certs}/{path}/hand-over", json={"on": "2026-12-04"}, headers=officers.commune
    )
    assert handed.status_code == 200, handed.text
    assert (handed.json()["status"], handed.json()["handed_over_on"]) == ("handed_over", "2026-12-04")
    assert (await client.get(certs, headers=officers.commune)).json()["items"] == []
    page = await client.get(f"/officer/citizens/{pin}", headers=officers.commune)
    assert page.status_code == 200 and certificate["number"] in page.text
    citizen = await session.scalar(select(Citizen).where(Citizen.pin == pin))
    assert citizen is not None
    app = await client.get("/app/giay-to", headers=await citizen_headers(client, session, citizen.id))
    assert app.status_code == 200 and certificate["number"] in app.text and "identity-certificate" in app.text


async def test_a_certificate_is_renewed_anywhere_and_the_new_one_supersedes_the_old(
    client: httpx.AsyncClient, session: AsyncSession, officers: Officers
) -> None:
    """NĐ 70 Điều 26 khoản 1 as amended by NĐ 58/2026: the identity certificate is renewed at any unit;
    the old certificate is superseded, the new one sent to the unit that received the request."""
    reference, pin = await _accepted(client, officers)
    body = {"reason": "Giấy chứng nhận bị hư hỏng"}
    renewal = f"/api/v1/registry/citizens/{pin}/identity-certificate/renewal"
    none_yet = await client.post(renewal, json=body, headers=officers.elsewhere)
    assert none_yet.status_code == 404 and none_yet.json()["code"] == "undetermined.no_certificate"
    # An officer of another territory cannot tell an unknown PIN from a person without a certificate.
    unknown = "001099000000"
    nobody = await client.post(
        f"/api/v1/registry/citizens/{unknown}/identity-certificate/renewal",
        json=body,
        headers=officers.elsewhere,
    )
    assert (nobody.status_code, nobody.json()["code"]) == (404, "undetermined.no_certificate")
    for who in (unknown, pin):  # the console's page answers both the same way too
        page = await client.get(
            f"/officer/citizens/{who}/identity-certificate",
            headers={"Accept": "text/html"} | officers.elsewhere,
        )
        assert page.status_code == 404, (who, page.status_code)
    first = (await client.post(f"{URL}/{reference}/certificate", headers=officers.c06)).json()[
        "certificates"
    ][0]
    renewed = await client.post(renewal, json=body, headers=officers.elsewhere)
    assert renewed.status_code == 201, renewed.text
    new = renewed.json()
    assert new["supersedes"] == first["number"] and new["number"] != first["number"]
    assert (new["send_to_unit_code"], new["status"], new["pin"]) == ("25747", "issued", pin)
    shown = (await client.get(f"{URL}/{reference}", headers=officers.commune)).json()["certificates"]
    assert [(c["number"], c["status"]) for c in shown] == [
        (new["number"], "issued"),
        (first["number"], "superseded"),
    ]
    # The renewal goes out from C06 to the unit that received the request, which hands it over.
    path = new["number"].replace("/", "-")
    certs = "/api/v1/identity-certificates"
    assert (await client.post(f"{certs}/{path}/dispatch", headers=officers.c06)).status_code == 200
    handed = await client.post(
        f"{certs}/{path}/hand-over", json={"on": "2026-12-04"}, headers=officers.elsewhere
    )
    assert handed.status_code == 200 and handed.json()["status"] == "handed_over", handed.text
    renewed_events = await session.scalars(
        select(Event.event_type).where(Event.event_type == EventType.IDENTITY_CERTIFICATE_RENEWED)
    )
    assert len(list(renewed_events)) == 1


async def test_overdue_deadlines_are_reported_once_per_stage(
    client: httpx.AsyncClient, session: AsyncSession, officers: Officers
) -> None:
    """Điều 24 khoản 4 and 7: verification not started within 01 working day, and no certificate within
    15 days of the update, are reported to the superiors (as an overdue correction is); the dossier
    stays with its unit."""
    from dancu.undetermined.sweeps import escalate_overdue

    waiting = (await _open(client, officers))["reference"]
    accepted, _ = await _accepted(client, officers)
    assert await escalate_overdue(session, dt.datetime(2026, 12, 7, 16, 0, tzinfo=VN_TZ)) == 0
    tuesday = dt.datetime(2026, 12, 8, 9, 0, tzinfo=VN_TZ)
    with freeze(tuesday):
        assert await escalate_overdue(session, tuesday) == 1
        assert await escalate_overdue(session, tuesday) == 0
        head = await issue_headers(session, "xa.hoankiem")
        row = next(
            r for r in (await client.get(URL, headers=head)).json()["items"] if r["reference"] == waiting
        )
    assert (row["stage"], row["overdue"]) == ("start", True)
    assert EventType.UNDETERMINED_ESCALATED in await _events(session, waiting)
    sent = {m.recipient for m in await session.scalars(select(OutboxMessage))}
    assert {"commune_police.00070@canhbao.dancu.local", "provincial_police.01@canhbao.dancu.local"} <= sent
    late = dt.datetime(2026, 12, 20, 9, 0, tzinfo=VN_TZ)
    with freeze(late):
        assert await escalate_overdue(session, late) == 1  # the certificate; the start was reported
    sent = {m.recipient for m in await session.scalars(select(OutboxMessage))}
    assert "identity_agency.c06@canhbao.dancu.local" in sent
    assert EventType.UNDETERMINED_ESCALATED in await _events(session, accepted)


async def test_a_child_declared_under_six_is_collected_after_turning_six(
    client: httpx.AsyncClient, session: AsyncSession, officers: Officers
) -> None:
    """Điều 24 khoản 3: the iris is taken "trừ trường hợp … là người dưới 06 tuổi" — on the day of the
    declaration; a child who turns six during the 30 days of verification is still collected."""
    child = {**DECLARATION, "date_of_birth": "2020-12-10", "biometrics": ["fingerprints", "face"]}
    a_day_late = {**child, "date_of_birth": "2020-12-04"}
    refused = await client.post(URL, json=a_day_late, headers=officers.commune)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "biometrics"
    reference = (await _open(client, officers, **child))["reference"]
    assert (await client.post(f"{URL}/{reference}/verification", headers=officers.commune)).status_code == 200
    check = {**SIX_MONTHS, "since": "2021-01-01"}
    assert (
        await client.post(f"{URL}/{reference}/residence-check", json=check, headers=officers.commune)
    ).status_code == 200
    await _compared(client, officers, reference)
    later = dt.datetime(2026, 12, 15, 9, 0, tzinfo=VN_TZ)
    with freeze(later):
        head = await issue_headers(session, "xa.hoankiem")
        accepted = await client.post(f"{URL}/{reference}/acceptance", headers=head)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["pin_due_on"] == "2026-12-30"


async def test_acceptance_waits_for_c06_to_compare_against_the_register_and_a_match_blocks_it(
    client: httpx.AsyncClient, session: AsyncSession, officers: Officers
) -> None:
    """Điều 24 khoản 5: "chuyển thông tin … tới cơ quan quản lý căn cước của Bộ Công an để kiểm tra, đối
    sánh thông tin trong Cơ sở dữ liệu quốc gia về dân cư, Cơ sở dữ liệu căn cước"; khoản 6: collected
    only "Sau khi thực hiện kiểm tra, xác minh, đối sánh thông tin"."""
    reference = await _verifying(client, officers)
    await client.post(f"{URL}/{reference}/residence-check", json=SIX_MONTHS, headers=officers.commune)
    unanswered = await client.post(f"{URL}/{reference}/acceptance", headers=officers.commune)
    assert unanswered.status_code == 422, unanswered.text
    assert unanswered.json()["errors"][0]["rule"] == "undetermined.comparison_unanswered"
    answer = {"match_found": False, "note": "Không có thông tin trùng khớp"}
    answer_url = f"{URL}/{reference}/comparison/answer"
    assert (await client.get(f"{URL}/{reference}", headers=officers.c06)).status_code == 403
    not_sent = await client.post(answer_url, json=answer, headers=officers.c06)
    assert not_sent.status_code == 409 and not_sent.json()["code"] == "undetermined.comparison_not_sent"
    assert (await client.post(f"{URL}/{reference}/comparison", headers=officers.elsewhere)).status_code == 403
    sent = await client.post(f"{URL}/{reference}/comparison", headers=officers.commune)
    assert sent.status_code == 200, sent.text
    comparison = sent.json()["comparison"]
    assert comparison["sent_at"] and comparison["answered_at"] is None and comparison["match_found"] is None
    again = await client.post(f"{URL}/{reference}/comparison", headers=officers.commune)
    assert again.status_code == 409 and again.json()["code"] == "undetermined.comparison_pending"
    waiting = await client.post(f"{URL}/{reference}/acceptance", headers=officers.commune)
    assert waiting.json()["errors"][0]["rule"] == "undetermined.comparison_unanswered"
    by_unit = await client.post(answer_url, json=answer, headers=officers.commune)
    assert by_unit.status_code == 403 and by_unit.json()["code"] == "undetermined.comparison_by_c06"
    queue = (await client.get(URL, headers=officers.c06)).json()["items"]
    assert [(r["reference"], r["stage"]) for r in queue] == [(reference, "verification")]
    no_note = await client.post(answer_url, json={"match_found": True}, headers=officers.c06)
    assert no_note.status_code == 422 and no_note.json()["errors"][0]["field"] == "note"
    match = {"match_found": True, "note": "Trùng khớp với hồ sơ căn cước số 0012"}
    found = await client.post(answer_url, json=match, headers=officers.c06)
    assert found.status_code == 200, found.text
    assert found.json()["comparison"]["match_found"] is True
    assert found.json()["comparison"]["note"] == "Trùng khớp với hồ sơ căn cước số 0012"
    before = await _people(session)
    blocked = await client.post(f"{URL}/{reference}/acceptance", headers=officers.commune)
    assert (
        blocked.status_code == 422 and blocked.json()["errors"][0]["rule"] == "undetermined.comparison_match"
    )
    assert await _people(session) == before
    # Resolved (the record found is someone else): sent again, compared again, then collected.
    resent = await client.post(f"{URL}/{reference}/comparison", headers=officers.commune)
    assert resent.status_code == 200 and resent.json()["comparison"]["answered_at"] is None
    assert (await client.post(answer_url, json=answer, headers=officers.c06)).status_code == 200
    twice = await client.post(answer_url, json=answer, headers=officers.c06)
    assert twice.status_code == 409
    accepted = await client.post(f"{URL}/{reference}/acceptance", headers=officers.commune)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["comparison"]["match_found"] is False
    events = await _events(session, reference)
    assert events.count(EventType.UNDETERMINED_COMPARISON_SENT) == 2
    assert events.count(EventType.UNDETERMINED_COMPARISON_ANSWERED) == 2
    answered = await session.scalar(
        select(Event)
        .where(Event.request_ref == reference, Event.event_type == EventType.UNDETERMINED_COMPARISON_ANSWERED)
        .order_by(Event.id)
    )
    assert answered is not None and answered.data["match_found"] is True
    assert answered.legal_basis.endswith("khoản 5")


async def test_the_signed_reply_is_downloaded_by_the_unit_and_its_hand_over_recorded(
    client: httpx.AsyncClient, session: AsyncSession, officers: Officers
) -> None:
    """Điều 24 khoản 6: "phải trả lời và nêu rõ lý do" — the declarant is not in the register and has
    no account: the unit prints the signed reply and hands it over, and records the day."""
    reference = await _verifying(client, officers)
    pdf_url = f"{URL}/{reference}/reply/pdf"
    none_yet = await client.get(pdf_url, headers=officers.commune)
    assert none_yet.status_code == 404 and none_yet.json()["code"] == "undetermined.no_reply"
    reasons = "Giấy tờ chứng minh quan hệ huyết thống không xác minh được tại cơ quan cấp"
    refused = await client.post(
        f"{URL}/{reference}/refusal", json={"text": reasons}, headers=officers.commune
    )
    assert refused.status_code == 200, refused.text
    reply = refused.json()["reply"]
    assert reply["download"] == pdf_url and reply["handed_over_on"] is None
    letter = await session.scalar(
        select(Document).where(
            Document.source_kind == "undetermined_dossier", Document.source_ref == reference
        )
    )
    assert letter is not None and reply["number"] == letter.number
    for holder in (officers.commune, officers.staff):  # any officer of the unit, not only its signer
        download = await client.get(pdf_url, headers=holder)
        assert download.status_code == 200 and download.content == letter.pdf
        assert download.headers["content-type"] == "application/pdf"
    assert (await client.get(pdf_url, headers=officers.elsewhere)).status_code == 403
    assert (await client.get(pdf_url, headers=officers.c06)).status_code == 403
    hand_over = f"{URL}/{reference}/reply/hand-over"
    before = await client.post(hand_over, json={"on": "2026-12-03"}, headers=officers.commune)
    assert (
        before.status_code == 422
        and before.json()["errors"][0]["rule"] == "undetermined.reply_before_refusal"
    )
    future = await client.post(hand_over, json={"on": "2026-12-05"}, headers=officers.commune)
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "on"
    elsewhere = await client.post(hand_over, json={"on": "2026-12-04"}, headers=officers.elsewhere)
    assert elsewhere.status_code == 403
    handed = await client.post(hand_over, json={"on": "2026-12-04"}, headers=officers.staff)
    assert handed.status_code == 200, handed.text
    assert handed.json()["reply"]["handed_over_on"] == "2026-12-04"
    again = await client.post(hand_over, json={"on": "2026-12-04"}, headers=officers.commune)
    assert again.status_code == 409 and again.json()["code"] == "undetermined.reply_handed"
    assert EventType.UNDETERMINED_REPLY_HANDED_OVER in await _events(session, reference)
    other = await _verifying(client, officers)
    early = await client.post(
        f"{URL}/{other}/reply/hand-over", json={"on": "2026-12-04"}, headers=officers.commune
    )
    assert early.status_code == 409 and early.json()["code"] == "undetermined.no_reply"


async def test_staff_propose_and_only_the_head_decides_the_dossier(
    client: httpx.AsyncClient, session: AsyncSession, officers: Officers
) -> None:
    """TT 117/2026 Điều 17 khoản 3–4 as dancu applies it to every decision (competence.json "collection"):
    the staff member who handled the dossier proposes, the head (or a delegated deputy) decides; a
    proposal is closed by the decision that follows it."""
    from dancu.competence.models import Proposal, ProposalStatus

    reference = await _verifying(client, officers)
    await client.post(f"{URL}/{reference}/residence-check", json=SIX_MONTHS, headers=officers.commune)
    await _compared(client, officers, reference)
    body = {
        "recommendation": "approve",
        "text": "Đủ điều kiện: sinh sống liên tục từ 01/2025, không trùng khớp",
    }
    proposal_url = f"{URL}/{reference}/proposal"
    assert (await client.post(proposal_url, json=body, headers=officers.elsewhere)).status_code == 403
    bad = await client.post(
        proposal_url, json={"recommendation": "maybe", "text": "?"}, headers=officers.staff
    )
    assert bad.status_code == 422
    proposed = await client.post(proposal_url, json=body, headers=officers.staff)
    assert proposed.status_code == 201, proposed.text
    assert (proposed.json()["kind"], proposed.json()["status"]) == ("collection", "open")
    by_staff = await client.post(f"{URL}/{reference}/acceptance", headers=officers.staff)
    assert by_staff.status_code == 403 and by_staff.json()["code"] == "competence.staff_cannot_decide"
    refusal_by_staff = await client.post(
        f"{URL}/{reference}/refusal", json={"text": "Không đủ điều kiện"}, headers=officers.staff
    )
    assert refusal_by_staff.status_code == 403
    accepted = await client.post(f"{URL}/{reference}/acceptance", headers=officers.commune)
    assert accepted.status_code == 200, accepted.text
    proposal = await session.scalar(select(Proposal).where(Proposal.ref == reference))
    assert proposal is not None and proposal.status is ProposalStatus.DECIDED
    assert proposal.decision is not None and proposal.decision["approved_by"] != proposal.proposed_by_label
    person = await session.scalar(select(Citizen).where(Citizen.pin == accepted.json()["pin"]))
    assert person is not None
    collected = await session.scalar(
        select(Event).where(
            Event.event_type == EventType.CITIZEN_COLLECTED, Event.subject_citizen_id == person.id
        )
    )
    assert collected is not None and collected.data["proposal_id"] == proposal.id
    late = await client.post(proposal_url, json=body, headers=officers.staff)
    assert late.status_code == 409, late.text
    # A refusal proposed by staff is decided by the head, the reply naming the proposal in the log.
    other = await _verifying(client, officers)
    refuse = {"recommendation": "refuse", "text": "Giấy tờ không xác minh được tại cơ quan cấp"}
    assert (
        await client.post(f"{URL}/{other}/proposal", json=refuse, headers=officers.staff)
    ).status_code == 201
    refused = await client.post(
        f"{URL}/{other}/refusal", json={"text": refuse["text"]}, headers=officers.commune
    )
    assert refused.status_code == 200, refused.text
    event = await session.scalar(
        select(Event).where(Event.event_type == EventType.UNDETERMINED_REFUSED, Event.request_ref == other)
    )
    assert event is not None and event.data["proposed_by"] and event.data["proposal_id"]
