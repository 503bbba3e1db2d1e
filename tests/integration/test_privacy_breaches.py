"""The breach register and its 72-hour clock (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 Điều 23
khoản 1 [S]: notify "chậm nhất là 72 giờ kể từ khi phát hiện hành vi vi phạm"; NĐ 13/2023 Điều 23
before 2026: reasons if late [V]), and the retention sweep (domain.md §6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.clock import freeze
from dancu.exploitation.documents.models import Document
from dancu.notify.models import CitizenNotification, NotifyChannel, OutboxMessage
from dancu.privacy.policies import parse_retention
from dancu.privacy.retention import sweep
from dancu.registry.models import Fact
from tests.support.builders import c06, issue_headers, make_officer, person

BASE = "/api/v1/privacy/breaches"
DETECTED = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def _breach(**extra: Any) -> dict[str, Any]:
    return {
        "nature": "Tài khoản cán bộ bị lộ mật khẩu, truy cập trái phép danh sách công dân",
        "detected_at": DETECTED.isoformat(),
        "occurred_at": (DETECTED - dt.timedelta(hours=5)).isoformat(),
        "data_categories": ["Họ tên", "Ngày sinh", "Số định danh cá nhân"],
        "subject_categories": ["Công dân cư trú tại phường Hoàn Kiếm"],
        "subject_count": 120,
        "measures": "Khóa tài khoản, đổi mật khẩu, rà soát nhật ký truy cập",
        "likely_harm": True,
        **extra,
    }


async def test_breach_clock_notice_and_closure(client: httpx.AsyncClient, session: AsyncSession) -> None:
    """Luật 91 Điều 23 k1 [S]: the notice is due 72 hours after detection; the register shows the
    deadline, flags the breach overdue once it has passed, requires the reasons for a late notice,
    records the notice as a signed document addressed to the authority, and keeps a breach that
    may cause harm open until notified."""
    officer = await c06(client, session)
    with freeze(DETECTED + dt.timedelta(hours=10)):
        recorded = await client.post(BASE, json=_breach(), headers=officer)
        assert recorded.status_code == 201, recorded.text
        breach = recorded.json()
        assert breach["notify_by"].startswith("2026-12-04T08:00")
        assert breach["hours_left"] == 62.0 and breach["overdue"] is False
        ref = breach["reference"]
        early_close = await client.post(f"{BASE}/{ref}/closure", headers=officer)
        assert early_close.status_code == 422
    with freeze(DETECTED + dt.timedelta(hours=73)):
        listed = (await client.get(BASE, headers=officer)).json()["items"]
        assert [(b["reference"], b["overdue"]) for b in listed] == [(ref, True)]
        no_reason = await client.post(f"{BASE}/{ref}/notification", json={}, headers=officer)
        assert no_reason.status_code == 422
        assert no_reason.json()["errors"][0]["rule"] == "privacy.late_reason_required"
        late = {"late_reason": "Phải xác minh phạm vi ảnh hưởng trước khi báo cáo"}
        notified = await client.post(f"{BASE}/{ref}/notification", json=late, headers=officer)
        assert notified.status_code == 200, notified.text
    out = notified.json()
    assert out["status"] == "notified" and out["late_reason"] and "A05" in out["authority"]
    document = await session.get(Document, out["notice_document_id"])
    assert (
        document is not None and document.kind.value == "breach_notice" and document.pdf.startswith(b"%PDF")
    )
    again = await client.post(f"{BASE}/{ref}/notification", json=late, headers=officer)
    assert again.status_code == 409
    closed = await client.post(f"{BASE}/{ref}/closure", headers=officer)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    breach_types = [EventType.BREACH_RECORDED, EventType.BREACH_NOTIFIED, EventType.BREACH_CLOSED]
    kinds = set(await session.scalars(select(Event.event_type).where(Event.event_type.in_(breach_types))))
    assert kinds == set(breach_types)


async def test_breach_input_is_checked_and_only_the_agency_keeps_the_register(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """A breach cannot be detected in the future nor occur after it was detected; a commune
    officer holds no BREACH_MANAGE permission."""
    officer = await c06(client, session)
    with freeze(DETECTED):
        future = await client.post(
            BASE, json=_breach(detected_at=(DETECTED + dt.timedelta(days=1)).isoformat()), headers=officer
        )
        assert future.status_code == 422
        after = await client.post(
            BASE, json=_breach(occurred_at=(DETECTED + dt.timedelta(hours=1)).isoformat()), headers=officer
        )
        assert after.status_code == 422
        await make_officer(session, username="xa.vp", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
        commune = await issue_headers(session, "xa.vp")
        assert (await client.post(BASE, json=_breach(), headers=commune)).status_code == 403


async def test_retention_sweep_deletes_only_what_expired_and_logs_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Luật 91/2025 Điều 3 khoản 3 [S] (kept as long as the purpose needs) and Luật Căn cước Điều 8
    khoản 6 (the register is kept in full): the sweep deletes sent outbox copies and read
    notifications past their period, keeps the rest and the register's history, and logs it."""
    officer = await c06(client, session)
    pin = await person(client, officer)
    citizen_id = (await session.scalar(select(Fact.citizen_id).limit(1))) or 0
    now = dt.datetime(2026, 12, 5, tzinfo=dt.UTC)
    old, recent = now - dt.timedelta(days=400), now - dt.timedelta(days=10)
    for sent in (old, recent, None):
        session.add(
            OutboxMessage(
                channel=NotifyChannel.SMS, recipient="0912345678", body="x", created_at=old, sent_at=sent
            )
        )
    for read in (now - dt.timedelta(days=800), None):
        session.add(
            CitizenNotification(
                citizen_id=citizen_id, created_at=old, message_key="k", params={}, read_at=read
            )
        )
    await session.flush()
    facts = await session.scalar(select(func.count()).select_from(Fact))
    schedule = parse_retention(
        {
            "classes": [
                {"name": "register_history", "covers": "fact", "action": "keep", "basis": "Điều 8 k6"},
                {
                    "name": "outbox_sent",
                    "covers": "outbox",
                    "action": "delete",
                    "period_days": 90,
                    "basis": "[M]",
                },
                {
                    "name": "citizen_notifications_read",
                    "covers": "notifications",
                    "action": "delete",
                    "period_days": 730,
                    "basis": "[M]",
                },
            ]
        }
    )
    with freeze(now):
        done = await sweep(session, now, schedule=schedule)
    assert done == {"outbox_sent": 1, "citizen_notifications_read": 1}
    assert await session.scalar(select(func.count()).select_from(OutboxMessage)) >= 2
    left = await session.scalars(
        select(CitizenNotification.read_at).where(CitizenNotification.citizen_id == citizen_id)
    )
    assert None in set(left)
    assert await session.scalar(select(func.count()).select_from(Fact)) == facts
    logged = list(await session.scalars(select(Event).where(Event.event_type == EventType.RETENTION_SWEPT)))
    assert sorted(e.data["class"] for e in logged) == ["citizen_notifications_read", "outbox_sent"]
    assert pin


def test_the_schedule_cannot_delete_the_register() -> None:
    """Luật Căn cước Điều 8 khoản 6: a schedule that would delete the register's history or the
    access log is refused at load, whatever the operator writes."""
    for name in ("register_history", "access_log", "documents"):
        bad = {"classes": [{"name": name, "covers": "x", "action": "delete", "period_days": 1, "basis": "x"}]}
        try:
            parse_retention(bad)
        except ValueError as exc:
            assert "cannot be delete" in str(exc)
        else:
            raise AssertionError(f"{name} must not be deletable")


async def test_a_time_without_zone_is_refused_not_a_500(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Every external input validated: a detection time must say its time zone."""
    officer = await c06(client, session)
    naive = await client.post(
        BASE, json=_breach(detected_at="2026-12-01T08:00:00", occurred_at=None), headers=officer
    )
    assert naive.status_code == 422 and naive.json()["errors"][0]["field"] == "detected_at"
