"""The data subject's rights (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 Điều 4 khoản 1; Nghị định
356/2025/NĐ-CP Điều 5): requests filed in the identity app or on paper, each with its clock,
answered by a signed written reply, and restrictions and objections that have real effect."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.clock import VN_TZ, freeze
from dancu.exploitation.documents.models import Document
from dancu.notify.models import CitizenNotification
from dancu.privacy.models import ProcessingRestriction
from tests.integration.request_support import (
    build_world,
    consent,
    file,
    request_body,
    subject,
)
from tests.support.builders import NAME, issue_headers, make_officer

FIELDS = ["full_name", "date_of_birth", "pin", "sex"]
OWN = "/api/v1/eid/me/privacy-requests"
OFFICER = "/api/v1/privacy-requests"
# Friday 4 December 2026, 10:00 in Hà Nội: 2 working days later is Tuesday 8 December.
FRIDAY = dt.datetime(2026, 12, 4, 10, 0, tzinfo=VN_TZ)


def _body(kind: str, scope: str, **extra: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "scope": scope,
        "details": "Tôi đề nghị thực hiện quyền của chủ thể dữ liệu",
        **extra,
    }


async def _file(client: httpx.AsyncClient, headers: dict[str, str], kind: str, scope: str) -> dict[str, Any]:
    response = await client.post(OWN, json=_body(kind, scope), headers=headers)
    assert response.status_code == 201, response.text
    out: dict[str, Any] = response.json()
    return out


async def test_each_kind_has_its_clock(client: httpx.AsyncClient, session: AsyncSession) -> None:
    """NĐ 356/2025 Điều 5 [S]: acknowledge "within 02 working days"; then withdraw / restrict /
    object 15 days, view / correct 10, delete 20 — "ngày" counted as calendar days [M]."""
    world = await build_world(client, session)
    with freeze(FRIDAY):
        due = {}
        for kind in ("access", "correction", "deletion", "restriction", "objection"):
            filed = await _file(client, world.customer, kind, "register")
            assert filed["acknowledge_by"] == "2026-12-08"
            assert filed["received_on"] == "2026-12-04" and filed["status"] == "submitted"
            due[kind] = filed["due_on"]
    assert due == {
        "access": "2026-12-14",
        "correction": "2026-12-14",
        "deletion": "2026-12-24",
        "restriction": "2026-12-19",
        "objection": "2026-12-19",
    }


async def test_refusal_is_a_signed_reply_with_reasons(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Luật Căn cước Điều 8 khoản 6 (the register is kept in full) and Luật 91 Điều 14 khoản 2,
    Điều 19 [S]: deletion of register content cannot be granted; the refusal is a written reply
    with its ground and reasons, in the subject's documents, and told to them."""
    world = await build_world(client, session)
    filed = await _file(client, world.customer, "deletion", "register")
    ref = filed["reference"]
    refused_grant = await client.post(
        f"{OFFICER}/{ref}/grant", json={"text": "Đã xóa toàn bộ dữ liệu"}, headers=world.c06
    )
    assert refused_grant.status_code == 422
    assert refused_grant.json()["errors"][0]["rule"] == "privacy.not_grantable"
    refusal = {
        "ground": "statutory_register",
        "text": "Cơ sở dữ liệu quốc gia về dân cư lưu giữ đầy đủ lịch sử",
    }
    response = await client.post(f"{OFFICER}/{ref}/refusal", json=refusal, headers=world.c06)
    assert response.status_code == 200, response.text
    out = response.json()
    assert out["status"] == "refused" and out["refusal_ground"] == "statutory_register"
    document = await session.get(Document, out["reply_document_id"])
    assert document is not None and document.kind.value == "privacy_reply"
    assert document.subject_citizen_id == world.customer_id and document.pdf.startswith(b"%PDF")
    mine = (await client.get(f"{OWN}/{ref}", headers=world.customer)).json()
    assert mine["status"] == "refused" and mine["reply_document_id"] == document.id
    notices = await session.scalars(
        select(CitizenNotification.message_key).where(CitizenNotification.citizen_id == world.customer_id)
    )
    assert "privacy.notice_refused" in set(notices)
    # Another citizen does not see it; a commune officer does not decide it.
    assert (await client.get(f"{OWN}/{ref}", headers=world.other)).status_code == 404
    assert (await client.get(f"{OFFICER}/{ref}", headers=world.commune)).status_code == 403


async def test_objection_stops_consent_based_provision(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Luật 91/2025 Điều 4 khoản 1 (phản đối, hạn chế xử lý) with Luật Căn cước Điều 10 khoản 8
    (provision to k2–k4 needs the subject's consent): once an objection is granted, a consent
    already given is withdrawn before delivery, and a new request is not put to the subject but
    refused on their behalf — the bank receives nothing about them."""
    world = await build_world(client, session)
    before = await file(client, world.bank, request_body([subject(world.customer_pin)], FIELDS))
    await consent(client, world.customer, before["ref"], FIELDS, [])
    filed = await _file(client, world.customer, "objection", "consent_provision")
    ack = await client.post(f"{OFFICER}/{filed['reference']}/acknowledgement", headers=world.c06)
    assert ack.status_code == 200 and ack.json()["status"] == "acknowledged"
    granted = await client.post(
        f"{OFFICER}/{filed['reference']}/grant",
        json={"text": "Ghi nhận phản đối việc cung cấp thông tin khi có sự đồng ý"},
        headers=world.c06,
    )
    assert granted.status_code == 200, granted.text
    assert await session.scalar(select(func.count()).select_from(ProcessingRestriction)) == 1
    earlier = (await client.get(f"/api/v1/requests/{before['ref']}", headers=world.bank)).json()
    assert [s["consent_status"] for s in earlier["subjects"]] == ["withdrawn"]
    after = await file(client, world.bank, request_body([subject(world.customer_pin)], FIELDS))
    assert after["status"] == "refused"
    pending = (await client.get("/api/v1/consents", headers=world.customer)).json()
    assert all(c["request_ref"] != after["ref"] for c in pending)
    # The subject lifts the objection: the next request is put to them again.
    restrictions = (await client.get(OWN, headers=world.customer)).json()["restrictions"]
    lift = f"/api/v1/eid/me/privacy-restrictions/{restrictions[0]['id']}/lift"
    assert (await client.post(lift, headers=world.other)).status_code == 404
    lifted = await client.post(lift, headers=world.customer)
    assert lifted.status_code == 200 and lifted.json()["lifted_at"]
    again = await file(client, world.bank, request_body([subject(world.customer_pin)], FIELDS))
    assert again["status"] == "consent_pending"
    # A k1-style statutory request is not what an objection can stop: restriction of the register
    # itself is not grantable.
    register = await _file(client, world.customer, "restriction", "register")
    no = await client.post(
        f"{OFFICER}/{register['reference']}/grant", json={"text": "Hạn chế xử lý"}, headers=world.c06
    )
    assert no.status_code == 422


async def test_deletion_of_notifications_deletes_them_and_logs_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Luật 91/2025 Điều 4 khoản 1 (xóa dữ liệu) where the law permits: the copies of notices in
    the identity app are deleted, the count logged; the register is untouched."""
    world = await build_world(client, session)
    filed = await _file(client, world.customer, "deletion", "notifications")
    granted = await client.post(
        f"{OFFICER}/{filed['reference']}/grant",
        json={"text": "Đã xóa các thông báo trong ứng dụng"},
        headers=world.c06,
    )
    assert granted.status_code == 200, granted.text
    keys = list(
        await session.scalars(
            select(CitizenNotification.message_key).where(CitizenNotification.citizen_id == world.customer_id)
        )
    )
    assert keys == ["privacy.notice_granted"]  # only the notice of this decision, written after
    deleted = await session.scalar(select(Event).where(Event.event_type == EventType.PRIVACY_DATA_DELETED))
    assert deleted is not None and deleted.data["rows"] >= 1


async def test_paper_request_extension_and_withdrawal(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """NĐ 356/2025 Điều 5 [S]: the deadline is extendable once (+15 days for an objection); the
    subject may withdraw, and the withdrawal is acknowledged in writing."""
    world = await build_world(client, session)
    paper = {**_body("objection", "consent_provision"), "pin": world.customer_pin, "full_name": NAME}
    with freeze(FRIDAY):
        response = await client.post(OFFICER, json=paper, headers=world.commune)
        assert response.status_code == 201, response.text
        filed = response.json()
        assert filed["channel"] == "written" and filed["due_on"] == "2026-12-19"
        ref = filed["reference"]
        once = await client.post(
            f"{OFFICER}/{ref}/extension", json={"reason": "Cần xác minh thêm"}, headers=world.c06
        )
        assert once.json()["due_on"] == "2027-01-03"
        twice = await client.post(
            f"{OFFICER}/{ref}/extension", json={"reason": "Cần xác minh thêm"}, headers=world.c06
        )
        assert twice.status_code == 409
    withdrawn = await client.post(f"{OWN}/{ref}/withdrawal", headers=world.customer)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["reply_document_id"] is not None
    # Someone outside the receiving officer's territory is "unknown" to them.
    await make_officer(session, username="xa.khac", role=OfficerRole.COMMUNE_POLICE, unit_code="26506")
    stranger = await issue_headers(session, "xa.khac")
    refused = await client.post(OFFICER, json=paper, headers=stranger)
    assert refused.status_code == 422 and refused.json()["errors"][0]["rule"] == "privacy.subject_unknown"
