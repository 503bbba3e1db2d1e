"""The pages of the data subject's rights and of the breach register: the identity app files and
follows a request (Luật 91/2025 Điều 4), the console decides it with reasons (NĐ 356/2025 Điều 5),
and keeps the breach register with its 72-hour clock (Luật 91/2025 Điều 23 khoản 1)."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.clock import VN_TZ, freeze
from tests.integration.request_support import build_world


async def test_the_app_files_and_the_console_refuses_with_reasons(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """A subject files a deletion of register content in the app; the console offers no grant
    (Luật Căn cước Điều 8 khoản 6) and refuses with a ground and reasons the subject then reads."""
    world = await build_world(client, session)
    empty = await client.post(
        "/app/privacy", data={"kind": "", "scope": "", "details": ""}, headers=world.customer
    )
    assert empty.status_code == 422 and 'id="e-kind"' in empty.text and 'id="e-details"' in empty.text
    data = {"kind": "deletion", "scope": "register", "details": "Đề nghị xóa toàn bộ thông tin của tôi"}
    filed = await client.post("/app/privacy", data=data, headers=world.customer)
    assert filed.status_code == 303, filed.text
    reference = filed.headers["location"].split("/")[-1].split("?")[0]
    shown = await client.get(filed.headers["location"], headers=world.customer)
    assert "Xóa dữ liệu" in shown.text and "Hạn trả lời" in shown.text
    queue = await client.get("/officer/privacy", headers=world.c06)
    assert reference in queue.text
    page = await client.get(f"/officer/privacy/{reference}", headers=world.c06)
    assert 'id="not-grantable"' in page.text
    url = f"/officer/privacy/{reference}/refuse"
    missing = await client.post(url, data={"ground": "", "text": ""}, headers=world.c06)
    assert missing.status_code == 422 and 'id="e-ground"' in missing.text
    reasons = "Thông tin dân cư được lưu giữ đầy đủ, kể cả lịch sử, theo Luật Căn cước"
    done = await client.post(url, data={"ground": "statutory_register", "text": reasons}, headers=world.c06)
    assert done.status_code == 303
    mine = await client.get(f"/app/privacy/{reference}", headers=world.customer)
    assert reasons in mine.text and 'id="refusal-ground"' in mine.text and 'id="reply"' in mine.text


async def test_the_breach_pages_show_the_clock_and_record_the_notice(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Luật 91/2025 Điều 23 khoản 1 [S]: the list shows the deadline 72 hours after detection and
    flags it once passed; a late notice asks for its reasons."""
    world = await build_world(client, session)
    detected = dt.datetime(2026, 12, 1, 9, 0, tzinfo=VN_TZ)
    form = {
        "nature": "Thiết bị lưu trữ bản sao dữ liệu bị thất lạc",
        "detected_at": "2026-12-01T09:00",
        "occurred_at": "",
        "data_categories": "Họ tên\nSố định danh cá nhân",
        "subject_categories": "Công dân phường Hoàn Kiếm",
        "subject_count": "40",
        "measures": "Thu hồi, khóa dữ liệu, thông báo nội bộ",
        "likely_harm": "on",
    }
    with freeze(detected + dt.timedelta(hours=2)):
        recorded = await client.post("/officer/breaches/new", data=form, headers=world.c06)
        assert recorded.status_code == 303, recorded.text
        shown = await client.get(recorded.headers["location"], headers=world.c06)
        assert "09:00 04/12/2026" in shown.text and "còn 70.0 giờ" in shown.text
    reference = recorded.headers["location"].split("/")[-1].split("?")[0]
    with freeze(detected + dt.timedelta(hours=80)):
        listed = await client.get("/officer/breaches", headers=world.c06)
        assert f'class="overdue" data-reference="{reference}"' in listed.text
        url = f"/officer/breaches/{reference}/notify"
        no_reason = await client.post(url, data={"authority": "", "late_reason": ""}, headers=world.c06)
        assert no_reason.status_code == 422 and 'id="e-late_reason"' in no_reason.text
        late = {"authority": "", "late_reason": "Chờ xác minh số người bị ảnh hưởng"}
        notified = await client.post(url, data=late, headers=world.c06)
        assert notified.status_code == 303
        page = await client.get(notified.headers["location"], headers=world.c06)
        assert 'id="notice-document"' in page.text and "Chờ xác minh" in page.text
    commune = await client.get("/officer/breaches", headers=world.commune)
    assert commune.status_code == 403
