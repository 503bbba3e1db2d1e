"""A citizen's correction request (DC02) from filing to decision, on both engines: the register
changes only through its adjustment action, the decision reaches the citizen, and nobody else
sees or decides the request."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from dancu import sealing
from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.calendar.queries import deadline, load_calendar
from dancu.clock import VN_TZ, freeze
from dancu.db import resealing
from dancu.enums.registry import ChangeKind, Item
from dancu.notify.models import CitizenNotification, OutboxMessage
from dancu.registry.models import Fact
from dancu.registry.queries import citizen_by_pin, item_as_of
from tests.support.builders import (
    birth_body,
    citizen_headers,
    dossier,
    issue_headers,
    make_officer,
)

MOBILE = "0912345678"
# Friday 4 December 2026, 10:00 in Hà Nội: two working days later is Tuesday 8 December.
FRIDAY = dt.datetime(2026, 12, 4, 10, 0, tzinfo=VN_TZ)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# NĐ 58/2026 makes "tài liệu chứng minh" part of every DC02 dossier: the requests below carry one.
PROOF = {
    "filename": "giay-to.png",
    "media_type": "image/png",
    "content_base64": base64.b64encode(PNG).decode(),
}


@pytest.fixture(autouse=True)
def on_a_friday() -> Iterator[None]:
    # After every fact the test records (so "as known now" sees them) and before any session expires.
    with freeze(FRIDAY):
        yield


@dataclass
class World:
    pin: str
    citizen_id: int
    citizen: dict[str, str]
    officer: dict[str, str]
    other_officer: dict[str, str]
    other_citizen: dict[str, str]


async def _person(client: httpx.AsyncClient, officer: dict[str, str], **overrides: Any) -> str:
    response = await client.post(
        "/api/v1/registry/births", json=birth_body(date_of_birth="1990-05-17", **overrides), headers=officer
    )
    assert response.status_code == 201, response.text
    return str(response.json()["pin"])


@pytest.fixture
async def world(client: httpx.AsyncClient, session: AsyncSession) -> World:
    await make_officer(session, username="xa.hoankiem", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
    officer = await issue_headers(session, "xa.hoankiem")
    await make_officer(session, username="xa.badinh", role=OfficerRole.COMMUNE_POLICE, unit_code="00004")
    other_officer = await issue_headers(session, "xa.badinh")
    pin = await _person(client, officer)
    mobile = {"item": "mobile", "value": MOBILE, "valid_from": "2026-01-01", **dossier()}
    response = await client.post(f"/api/v1/registry/citizens/{pin}/updates", json=mobile, headers=officer)
    assert response.status_code == 204, response.text
    other_pin = await _person(
        client, officer, full_name={"family": "Lê", "middle": "Thị", "given": "Hoa"}, sex="2"
    )
    citizen = await citizen_by_pin(session, pin)
    other = await citizen_by_pin(session, other_pin)
    return World(
        pin=pin,
        citizen_id=citizen.id,
        citizen=await citizen_headers(client, session, citizen.id),
        officer=officer,
        other_officer=other_officer,
        other_citizen=await citizen_headers(client, session, other.id),
    )


NAME_FIX = {"item": "full_name", "value": {"family": "Nguyễn", "middle": "Minh", "given": "Khanh"}}
REASON = "Tên bị sai dấu so với giấy khai sinh"
OFFICER_PASSWORD = "mat-khau-rat-dai-123"  # make_officer's default


async def _file(client: httpx.AsyncClient, world: World, **extra: Any) -> dict[str, Any]:
    body = {"items": [NAME_FIX], "reason": REASON, "proof": PROOF, **extra}
    response = await client.post("/api/v1/eid/me/corrections", json=body, headers=world.citizen)
    assert response.status_code == 201, response.text
    filed: dict[str, Any] = response.json()
    return filed


async def _events(session: AsyncSession, reference: str) -> list[EventType]:
    rows = await session.scalars(
        select(Event.event_type).where(Event.request_ref == reference).order_by(Event.id)
    )
    return list(rows)


async def test_file_then_approve_changes_the_register_through_an_adjustment(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    filed = await _file(client, world)
    reference = filed["reference"]
    assert filed["status"] == "submitted"
    assert filed["items"][0]["current"]["given"] == "Khang"
    assert filed["due_on"] == "2026-12-08"

    queue = await client.get("/api/v1/corrections", headers=world.officer)
    assert [r["reference"] for r in queue.json()["items"]] == [reference]

    approved = await client.post(f"/api/v1/corrections/{reference}/approval", headers=world.officer)
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"

    fact = await item_as_of(session, world.citizen_id, Item.FULL_NAME)
    assert fact is not None and fact.value["given"] == "Khanh"
    assert fact.change_kind is ChangeKind.ADJUSTMENT
    assert fact.dossier_number == reference
    assert fact.reason is not None and REASON in fact.reason and reference in fact.reason
    names = list(
        await session.scalars(
            select(Fact).where(Fact.citizen_id == world.citizen_id, Fact.item == Item.FULL_NAME)
        )
    )
    assert len(names) == 2  # the wrong name stays in history
    adjusted = await session.scalar(select(Event).where(Event.id == fact.event_id))
    assert adjusted is not None and adjusted.event_type is EventType.ITEM_ADJUSTED
    events = await _events(session, reference)
    assert EventType.CORRECTION_FILED in events and EventType.CORRECTION_APPROVED in events

    notice = await session.scalar(
        select(CitizenNotification).where(CitizenNotification.citizen_id == world.citizen_id)
    )
    assert notice is not None and notice.message_key == "correction.notice_approved"
    assert notice.params == {"reference": reference} and notice.read_at is None
    sms = await session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == MOBILE))
    assert sms is not None and reference in sms.body
    assert sms.body.endswith(f" /app/corrections/{reference}")  # the page to read it on, in the SMS too

    again = await client.post(f"/api/v1/corrections/{reference}/approval", headers=world.officer)
    assert again.status_code == 409
    assert (await client.get("/api/v1/corrections", headers=world.officer)).json()["items"] == []


async def test_refusal_needs_a_ground_and_reasons_and_tells_the_citizen(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    reference = (await _file(client, world))["reference"]
    url = f"/api/v1/corrections/{reference}/refusal"
    missing = await client.post(url, json={"ground": "proof_insufficient"}, headers=world.officer)
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["text"]
    bad_ground = await client.post(
        url, json={"ground": "because", "text": "Không đủ giấy tờ"}, headers=world.officer
    )
    assert bad_ground.status_code == 422 and bad_ground.json()["errors"][0]["field"] == "ground"

    text = "Chưa có bản sao giấy khai sinh để đối chiếu"
    refused = await client.post(
        url, json={"ground": "proof_insufficient", "text": text}, headers=world.officer
    )
    assert refused.status_code == 200, refused.text
    assert refused.json()["refusal_ground"] == "proof_insufficient"
    fact = await item_as_of(session, world.citizen_id, Item.FULL_NAME)
    assert fact is not None and fact.value["given"] == "Khang"  # unchanged
    assert EventType.CORRECTION_REFUSED in await _events(session, reference)

    mine = await client.get("/api/v1/eid/me/corrections", headers=world.citizen)
    assert mine.json()["items"][0]["decision_text"] == text
    page = await client.get("/app/notifications", headers=world.citizen)
    assert page.status_code == 200 and text in page.text and reference in page.text
    assert 'id="unread-count"' in page.text
    notice = await session.scalar(
        select(CitizenNotification).where(CitizenNotification.citizen_id == world.citizen_id)
    )
    assert notice is not None
    notice_id = notice.id  # the refused call below rolls back, which expires loaded rows
    others = await client.post(f"/app/notifications/{notice_id}/read", headers=world.other_citizen)
    assert others.status_code == 404
    read = await client.post(f"/app/notifications/{notice_id}/read", headers=world.citizen)
    assert read.status_code == 303
    assert 'id="unread-count"' not in (await client.get("/app/notifications", headers=world.citizen)).text


async def test_another_communes_officer_neither_sees_nor_decides(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    reference = (await _file(client, world))["reference"]
    assert (await client.get("/api/v1/corrections", headers=world.other_officer)).json()["items"] == []
    for method, path, body in (
        ("GET", f"/api/v1/corrections/{reference}", None),
        ("POST", f"/api/v1/corrections/{reference}/approval", None),
        (
            "POST",
            f"/api/v1/corrections/{reference}/refusal",
            {"ground": "other", "text": "Không thuộc địa bàn"},
        ),
        ("GET", f"/officer/corrections/{reference}", None),
    ):
        response = await client.request(method, path, json=body, headers=world.other_officer)
        assert response.status_code == 403, (method, path)
    assert "Không có đề nghị" in (await client.get("/officer/corrections", headers=world.other_officer)).text
    fact = await item_as_of(session, world.citizen_id, Item.FULL_NAME)
    assert fact is not None and fact.value["given"] == "Khang"


async def test_another_citizen_cannot_see_my_correction(client: httpx.AsyncClient, world: World) -> None:
    reference = (await _file(client, world))["reference"]
    theirs = await client.get("/api/v1/eid/me/corrections", headers=world.other_citizen)
    assert theirs.status_code == 200 and theirs.json()["items"] == []
    assert (await client.get(f"/app/corrections/{reference}", headers=world.other_citizen)).status_code == 404
    withdraw = await client.post(f"/app/corrections/{reference}/withdraw", headers=world.other_citizen)
    assert withdraw.status_code == 404
    assert reference not in (await client.get("/app/corrections", headers=world.other_citizen)).text
    mine = await client.get(f"/app/corrections/{reference}", headers=world.citizen)
    assert mine.status_code == 200 and "Khanh" in mine.text
    # Citizens decide nothing.
    assert (
        await client.post(f"/api/v1/corrections/{reference}/approval", headers=world.citizen)
    ).status_code == 403


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"item": "date_of_birth", "value": "1990-13-45"}, "items.0.date_of_birth"),
        ({"item": "full_name", "value": {"family": "Nguyễn", "given": "Kh4nh"}}, "items.0.full_name.given"),
        ({"item": "ethnicity", "value": "99"}, "items.0.ethnicity"),
        ({"item": "pin", "value": "001090000001"}, "items.0.item"),
        (
            {"item": "full_name", "value": {"family": "Nguyễn", "middle": "Minh", "given": "Khang"}},
            "items.0.value",
        ),
    ],
)
async def test_bad_proposed_value_is_a_problem_naming_the_field(
    client: httpx.AsyncClient, session: AsyncSession, world: World, item: dict[str, Any], field: str
) -> None:
    response = await client.post(
        "/api/v1/eid/me/corrections", json={"items": [item], "reason": REASON}, headers=world.citizen
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert (await client.get("/api/v1/eid/me/corrections", headers=world.citizen)).json()["items"] == []


async def test_deadline_is_two_working_days_on_the_calendar_over_a_weekend(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    friday = await _file(client, world)
    assert (friday["received_on"], friday["due_on"]) == ("2026-12-04", "2026-12-08")
    calendar = load_calendar()
    assert friday["due_on"] == deadline(dt.date(2026, 12, 4), 2, calendar=calendar).isoformat()
    # Filed on Saturday night in Hà Nội (Saturday afternoon UTC): counted from Saturday, due Tuesday.
    with freeze(dt.datetime(2026, 12, 5, 23, 30, tzinfo=VN_TZ)):
        citizen = await issue_headers(session, f"cd{world.citizen_id}")  # Friday's session ended
        body = {"items": [{"item": "ethnicity", "value": "02"}], "reason": REASON, "proof": PROOF}
        saturday = await client.post("/api/v1/eid/me/corrections", json=body, headers=citizen)
    assert saturday.status_code == 201, saturday.text
    assert (saturday.json()["received_on"], saturday.json()["due_on"]) == ("2026-12-05", "2026-12-08")
    # Overdue from Wednesday on, and the queue shows the most urgent first.
    with freeze(dt.datetime(2026, 12, 9, 9, 0, tzinfo=VN_TZ)):
        officer = await issue_headers(session, "xa.hoankiem")
        queue = (await client.get("/api/v1/corrections", headers=officer)).json()["items"]
        assert [r["overdue"] for r in queue] == [True, True]
        page = await client.get("/officer/corrections", headers=officer)
        assert page.text.count('class="overdue"') == 2


async def test_proof_is_kept_with_its_digest_and_checked(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    proof = {
        "filename": "khai-sinh.png",
        "media_type": "image/png",
        "content_base64": base64.b64encode(PNG).decode(),
    }
    filed = await _file(client, world, proof=proof)
    assert filed["attachments"] == [
        {
            "filename": "khai-sinh.png",
            "media_type": "image/png",
            "size": len(PNG),
            "sha256": hashlib.sha256(PNG).hexdigest(),
        }
    ]
    page = await client.get(f"/officer/corrections/{filed['reference']}", headers=world.officer)
    link = re.search(r'href="(/officer/corrections/[^"]+/attachments/\d+)"', page.text)
    assert link is not None
    download = await client.get(link.group(1), headers=world.officer)
    assert download.status_code == 200 and download.content == PNG
    assert download.headers["content-type"] == "image/png"
    assert download.headers["content-disposition"].startswith("attachment")
    assert (await client.get(link.group(1), headers=world.other_officer)).status_code == 403
    approved = await client.post(f"/api/v1/corrections/{filed['reference']}/approval", headers=world.officer)
    assert approved.status_code == 200
    fact = await item_as_of(session, world.citizen_id, Item.FULL_NAME)
    assert (
        fact is not None and fact.reason is not None and hashlib.sha256(PNG).hexdigest()[:16] in fact.reason
    )

    body = {"items": [{"item": "ethnicity", "value": "02"}], "reason": REASON}
    for bad, rule in (
        ({**proof, "media_type": "application/pdf"}, "correction.proof_type"),  # says PDF, is a PNG
        ({**proof, "content_base64": "not base64!"}, "correction.proof_base64"),
    ):
        response = await client.post(
            "/api/v1/eid/me/corrections", json={**body, "proof": bad}, headers=world.citizen
        )
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["rule"] == rule


async def test_proof_is_sealed_at_rest_and_an_altered_copy_is_refused_not_served(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    proof = {
        "filename": "kt.png",
        "media_type": "image/png",
        "content_base64": base64.b64encode(PNG).decode(),
    }
    filed = await _file(client, world, proof=proof)
    row = (await session.execute(text("SELECT id, content, sha256 FROM correction_attachment"))).one()
    stored = bytes(row.content)
    assert PNG not in stored and stored.startswith(sealing.BYTES_PREFIX)
    link = f"/officer/corrections/{filed['reference']}/attachments/{row.id}"
    assert (await client.get(link, headers=world.officer)).content == PNG

    swapped = sealing.seal_bytes(PNG + b"forged", purpose="correction_attachment.content", context=row.sha256)
    flipped = stored[:-1] + bytes([stored[-1] ^ 1])
    for altered in (flipped, swapped, PNG):
        update = "UPDATE correction_attachment SET content = :c WHERE id = :i"
        await session.execute(text(update), {"c": altered, "i": row.id})
        session.expunge_all()
        refused = await client.get(link, headers=world.officer)
        assert refused.status_code == 409, refused.text
        assert "altered" in refused.text or "thay đổi" in refused.text

    # A key rotation reseals the file under the new key, still bound to its digest.
    await session.execute(
        text("UPDATE correction_attachment SET content = :c WHERE id = :i"), {"c": stored, "i": row.id}
    )
    rotated = sealing.Keyring(keys={"k2": b"\x02" * 32, sealing.DEV_KEY_ID: sealing.DEV_KEY}, active="k2")
    assert (await resealing.reseal(session, rotated))["correction_attachment.content"] == 1
    resealed = bytes(await session.scalar(text("SELECT content FROM correction_attachment")))
    assert resealing.key_id_of_bytes(resealed) == "k2"
    assert (
        sealing.open_bytes(
            resealed, purpose="correction_attachment.content", context=row.sha256, ring=rotated
        )
        == PNG
    )
    assert (await resealing.key_use(session))["correction_attachment.content"] == {"k2": 1}


async def test_the_app_shows_each_items_history_with_the_adjustment_and_its_reason(
    client: httpx.AsyncClient, world: World
) -> None:
    reference = (await _file(client, world))["reference"]
    await client.post(f"/api/v1/corrections/{reference}/approval", headers=world.officer)
    page = await client.get("/app/history", headers=world.citizen)
    assert page.status_code == 200
    text = page.text
    assert 'id="item-full_name"' in text and "Nguyễn Minh Khanh" in text and "Nguyễn Minh Khang" in text
    assert REASON in text and reference in text
    assert "Điều chỉnh" in text


async def test_the_app_form_files_a_correction_and_reports_bad_input_inline(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    form = await client.get("/app/corrections/new?item=date_of_birth", headers=world.citizen)
    assert form.status_code == 200 and "17/05/1990" in form.text
    # DC02's address: a province, then the communes of that province (not a list of provinces).
    hometown = await client.get("/app/corrections/new?item=hometown", headers=world.citizen)
    assert hometown.status_code == 200 and 'name="hometown.province"' in hometown.text
    communes = hometown.text.split('id="f-hometown.unit"')[1].split("</select>")[0]
    assert "Tỉnh " not in communes and "Thành phố " not in communes
    bad = await client.post(
        "/app/corrections/new",
        data={"item": "date_of_birth", "date_of_birth": "1990-13-45", "reason": REASON},
        headers=world.citizen,
    )
    assert bad.status_code == 422 and 'id="e-date_of_birth"' in bad.text
    big = b"%PDF-" + b"0" * (5 * 1024 * 1024)
    too_large = await client.post(
        "/app/corrections/new",
        data={"item": "date_of_birth", "date_of_birth": "1990-05-18", "reason": REASON},
        files={"proof": ("giay-khai-sinh.pdf", big, "application/pdf")},
        headers=world.citizen,
    )
    assert too_large.status_code == 422 and 'id="e-proof"' in too_large.text
    good = await client.post(
        "/app/corrections/new",
        data={"item": "date_of_birth", "date_of_birth": "1990-05-18", "reason": REASON},
        files={"proof": ("giay-khai-sinh.pdf", b"%PDF-1.4 test", "application/pdf")},
        headers=world.citizen,
    )
    assert good.status_code == 303, good.text
    shown = await client.get(good.headers["location"], headers=world.citizen)
    assert "18/05/1990" in shown.text and "giay-khai-sinh.pdf" in shown.text


async def test_the_console_refusal_form_names_missing_fields_and_then_decides(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    reference = (await _file(client, world))["reference"]
    url = f"/officer/corrections/{reference}/refuse"
    empty = await client.post(url, data={"ground": "", "text": ""}, headers=world.officer)
    assert empty.status_code == 422
    assert 'id="e-ground"' in empty.text and 'id="e-text"' in empty.text
    text = "Thông tin đang lưu đúng với giấy khai sinh bản chính"
    done = await client.post(url, data={"ground": "matches_source", "text": text}, headers=world.officer)
    assert done.status_code == 303
    shown = await client.get(done.headers["location"], headers=world.officer)
    assert "Đã từ chối đề nghị" in shown.text and text in shown.text
    assert "Thông tin đang lưu đã đúng với giấy tờ gốc" in shown.text
    assert 'id="refuse"' not in shown.text  # decided: no more forms


async def test_a_correction_without_proof_is_refused_at_intake(
    client: httpx.AsyncClient, world: World
) -> None:
    """NĐ 70 Điều 6 khoản 3 as amended by NĐ 58/2026: the dossier is "Phiếu đề nghị giải quyết thủ
    tục về căn cước và tài liệu chứng minh thông tin cần điều chỉnh" — proof is part of it."""
    body = {"items": [NAME_FIX], "reason": REASON}
    response = await client.post("/api/v1/eid/me/corrections", json=body, headers=world.citizen)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0] == {
        "field": "proof",
        "rule": "correction.proof_required",
        "message": response.json()["errors"][0]["message"],
    }
    assert (await client.get("/api/v1/eid/me/corrections", headers=world.citizen)).json()["items"] == []


async def test_a_refusal_is_a_signed_written_reply_in_the_citizens_documents(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    """TT 117/2026 Điều 8 khoản 3: "trường hợp từ chối … phải có văn bản trả lời công dân và nêu rõ
    lý do" — a numbered, signed letter kept in the citizen's documents, not only an in-app notice."""
    from dancu.enums.documents import DocumentKind
    from dancu.exploitation.documents.models import Document

    reference = (await _file(client, world))["reference"]
    text = "Giấy tờ nộp kèm không thể hiện tên đề nghị điều chỉnh"
    refused = await client.post(
        f"/api/v1/corrections/{reference}/refusal",
        json={"ground": "proof_insufficient", "text": text},
        headers=world.officer,
    )
    assert refused.status_code == 200, refused.text
    letter = await session.scalar(
        select(Document).where(Document.source_kind == "correction_request", Document.source_ref == reference)
    )
    assert letter is not None and letter.kind is DocumentKind.REFUSAL
    assert letter.subject_citizen_id == world.citizen_id and letter.pdf.startswith(b"%PDF-")
    assert letter.issuing_unit_label.startswith("Công an")
    mine = await client.get("/app/giay-to", headers=world.citizen)
    assert mine.status_code == 200 and letter.number in mine.text
    pdf = await client.get(f"/app/giay-to/{letter.id}/pdf", headers=world.citizen)
    assert pdf.status_code == 200 and pdf.content == letter.pdf


async def test_an_overdue_correction_alerts_the_superior_and_stays_with_the_commune(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    """NĐ 70 Điều 6 khoản 3: "Trong thời hạn 02 ngày làm việc … Trưởng Công an cấp xã" decides;
    past that day the head and the provincial police are alerted (domain.md §4), the decision and
    the queue stay with the commune police."""
    from dancu.corrections.models import CorrectionRequest, CorrectionStatus
    from dancu.corrections.sweeps import escalate_overdue

    reference = (await _file(client, world))["reference"]  # due Tuesday 8 December
    assert await escalate_overdue(session, dt.datetime(2026, 12, 8, 16, 0, tzinfo=VN_TZ)) == 0
    late = dt.datetime(2026, 12, 9, 9, 0, tzinfo=VN_TZ)
    with freeze(late):
        assert await escalate_overdue(session, late) == 1
        assert await escalate_overdue(session, late) == 0  # alerted once
    request = await session.scalar(select(CorrectionRequest).where(CorrectionRequest.reference == reference))
    assert request is not None and request.status is CorrectionStatus.SUBMITTED
    assert request.commune_code == "00070" and request.escalated_at is not None
    sent = {m.recipient for m in await session.scalars(select(OutboxMessage))}
    assert {"commune_police.00070@canhbao.dancu.local", "provincial_police.01@canhbao.dancu.local"} <= sent
    assert EventType.CORRECTION_ESCALATED in await _events(session, reference)
    with freeze(late):
        officer = await issue_headers(session, "xa.hoankiem")
        approved = await client.post(f"/api/v1/corrections/{reference}/approval", headers=officer)
    assert approved.status_code == 200, approved.text


async def test_undetermined_nationality_five_working_days_and_proof_if_any(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    """NĐ 70 Điều 24 khoản 9 as amended by NĐ 58/2026: a person of Vietnamese origin with
    undetermined nationality files DC02 "và tài liệu chứng minh (nếu có)"; "Trong thời hạn 05 ngày
    làm việc" the head of the receiving body checks and decides."""
    update = {"item": "nationality", "value": ["XX"], "valid_from": "2026-01-01", **dossier()}
    changed = await client.post(
        f"/api/v1/registry/citizens/{world.pin}/updates", json=update, headers=world.officer
    )
    assert changed.status_code == 204, changed.text
    body = {"items": [NAME_FIX], "reason": REASON}
    filed = await client.post("/api/v1/eid/me/corrections", json=body, headers=world.citizen)
    assert filed.status_code == 201, filed.text
    # Friday 4 December + 5 working days = Friday 11 December.
    assert (filed.json()["received_on"], filed.json()["due_on"]) == ("2026-12-04", "2026-12-11")
