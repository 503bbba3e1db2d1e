"""Officer pages of the procedure: the queue by deadline, the request page, decisions, the dashboard."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from dancu import clock
from dancu.access.permissions import OfficerRole
from tests.integration.request_support import build_world, consent, file, officer_post, request_body, subject
from tests.support.builders import (
    PASSWORD,
    issue_headers,
    make_officer,
    organisation,
    page_session,
)
from tests.support.builders import page_login as form_login

HTML = {"Accept": "text/html"}


@contextmanager
def on(day: str) -> Iterator[None]:
    with clock.freeze(dt.datetime.fromisoformat(day).replace(hour=3, tzinfo=dt.UTC)):
        yield


async def page_login(client: httpx.AsyncClient, session: AsyncSession, username: str, unit: str) -> str:
    await make_officer(session, username=username, role=OfficerRole.PROVINCIAL_POLICE, unit_code=unit)
    await page_session(client, session, username)
    queue = await client.get("/officer/requests", headers=HTML)
    assert queue.status_code == 200
    found = re.search(r'name="csrf_token" value="([^"]+)"', queue.text)
    assert found
    return found.group(1)


async def test_queue_request_page_decisions_and_dashboard(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    with on("2026-12-07"):
        world = await build_world(client, session)
        await organisation(client, world.registrar, "so.noivu", unit_code="01", name="Sở Nội vụ Hà Nội")
        agency = await issue_headers(session, "so.noivu")
        first = (await file(client, agency, request_body([subject(world.customer_pin)], ["full_name"])))[
            "ref"
        ]
        second = (await file(client, agency, request_body([subject(world.customer_pin)], ["sex"])))["ref"]
    with on("2026-12-08"):
        csrf = await page_login(client, session, "pc06.trang", "01")
        queue = await client.get("/officer/requests", headers=HTML)
        assert first in queue.text and second in queue.text and "Còn 2 ngày làm việc" in queue.text
        shown = await client.get(f"/officer/requests/{first}", headers=HTML)
        assert shown.status_code == 200
        assert "Sở Nội vụ Hà Nội" in shown.text and world.customer_pin in shown.text
        assert "giay-to.pdf" in shown.text
        bad = await client.post(
            f"/officer/requests/{first}/refuse", data={"csrf_token": csrf, "text": ""}, headers=HTML
        )
        assert bad.status_code == 422 and 'class="alert"' in bad.text
        no_csrf = await client.post(f"/officer/requests/{first}/approve", data={}, headers=HTML)
        assert no_csrf.status_code == 403
        approved = await client.post(
            f"/officer/requests/{first}/approve", data={"csrf_token": csrf, "valid_days": "5"}, headers=HTML
        )
        assert approved.status_code == 303
        after = await client.get(approved.headers["location"], headers=HTML)
        assert "Giấy phép khai thác" in after.text
        assert "ngày làm việc" not in after.text  # decided: no time left is counted on a closed request
        refused = await client.post(
            f"/officer/requests/{second}/refuse",
            data={
                "csrf_token": csrf,
                "grounds": ["purpose_not_lawful", "other"],
                "text": "Không rõ mục đích",
            },
            headers=HTML,
        )
        assert refused.status_code == 303
    with on("2026-12-14"):
        csrf = await page_login(client, session, "pc06.trang2", "01")
        board = await client.get("/officer/requests/dashboard", headers=HTML)
        assert board.status_code == 200
        assert board.text.count("<svg") == 3
        assert "Pc06.Trang" in board.text and "100% (2/2)" in board.text
        assert "Mục đích khai thác không phù hợp" in board.text


async def test_overdue_is_highlighted_and_strangers_see_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    with on("2026-12-07"):
        world = await build_world(client, session)
        await organisation(client, world.registrar, "so.yte", unit_code="01")
        agency = await issue_headers(session, "so.yte")
        ref = (await file(client, agency, request_body([subject(world.customer_pin)], ["full_name"])))["ref"]
    with on("2026-12-14"):
        await page_login(client, session, "pc06.muon", "01")
        queue = await client.get("/officer/requests", headers=HTML)
        assert "req-overdue" in queue.text and "Quá hạn" in queue.text
        client.cookies.clear()
        await page_login(client, session, "pc06.khac", "79")
        assert ref not in (await client.get("/officer/requests", headers=HTML)).text
        assert (await client.get(f"/officer/requests/{ref}", headers=HTML)).status_code == 404
        client.cookies.clear()
        citizen = await issue_headers(session, f"cd{world.customer_id}")
        assert (await client.get("/officer/requests", headers=citizen)).status_code == 403


async def test_an_officer_registers_a_paper_request_with_its_scan(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await build_world(client, session)
    csrf = await page_login(client, session, "pc06.tiepnhan", "01")
    assert (await client.get("/officer/requests/written", headers=HTML)).status_code == 200
    form = {
        "csrf_token": csrf,
        "requester_pin": world.other_pin,
        "document_number": "CV-15/2026",
        "purpose": "Giải quyết tranh chấp dân sự",
        "content": "Đề nghị cung cấp nơi thường trú để gửi thông báo",
        "legal_basis": "Bộ luật Dân sự 2015",
        "fields": ["permanent_residence"],
        "subjects.0.pin": world.customer_pin,
        "subjects.0.full_name": "Nguyễn Minh Khang",
        "subjects.0.date_of_birth": "1985-07-07",
        "subjects.0.paper_consent": "written_consent",
        "commitment_accepted": "on",
        "commitment_text": "Cam kết chỉ dùng để gửi thông báo",
    }
    missing = await client.post("/officer/requests/written", data=form, headers=HTML)
    assert missing.status_code == 422 and "Chưa tiếp nhận được" in missing.text
    scan = {"scan": ("van-ban.pdf", b"%PDF-1.4 scan", "application/pdf")}
    created = await client.post("/officer/requests/written", data=form, files=scan, headers=HTML)
    assert created.status_code == 201, created.text
    found = re.search(r"DN-[0-9]{4}-[0-9A-F]{8}", created.text)
    assert found
    shown = (await client.get(f"/api/v1/requests/{found.group(0)}", headers=world.other)).json()
    assert shown["channel"] == "written" and shown["status"] == "routed"
    assert shown["attachments"][0]["filename"] == "van-ban.pdf"


async def test_a_citizen_previews_and_consents_in_the_identity_app(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await build_world(client, session)
    filed = await file(client, world.bank, request_body([subject(world.customer_pin)], ["full_name", "sex"]))
    assert await form_login(client, f"cd{world.customer_id}", PASSWORD) == "/app"
    inbox = await client.get("/app/dong-y", headers=HTML)
    assert inbox.status_code == 200 and "Ngân hàng TMCP Thử nghiệm" in inbox.text
    consent_ref = re.search(r"/app/dong-y/(DY-[0-9]{4}-[0-9A-F]{8})", inbox.text)
    assert consent_ref
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', inbox.text)
    assert csrf
    preview = await client.post(
        f"/app/dong-y/{consent_ref.group(1)}/xem-truoc", data={"csrf_token": csrf.group(1)}, headers=HTML
    )
    assert preview.status_code == 200 and "Nguyễn Minh Khang" in preview.text
    decided = await client.post(
        f"/app/dong-y/{consent_ref.group(1)}/quyet-dinh",
        data={"csrf_token": csrf.group(1), "decision": "consent", "granted": ["sex"]},
        headers=HTML,
    )
    assert decided.status_code == 303
    after = await client.get(decided.headers["location"], headers=HTML)
    assert "Rút lại sự đồng ý" in after.text
    receipt = await client.get(f"/app/dong-y/{consent_ref.group(1)}/bien-nhan", headers=HTML)
    assert "Đã đồng ý" in receipt.text
    shown = (await client.get(f"/api/v1/requests/{filed['ref']}", headers=world.bank)).json()
    assert shown["subjects"][0]["granted_fields"] == ["sex"] and shown["subjects"][0]["refused_fields"] == [
        "full_name"
    ]
    client.cookies.clear()
    assert (await client.get(f"/app/dong-y/{consent_ref.group(1)}", headers=world.other)).status_code == 404


async def test_a_bank_files_and_receives_through_the_portal_pages(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await build_world(client, session)
    assert await form_login(client, "nh.admin", PASSWORD, "/cong/de-nghi") == "/cong/de-nghi"
    listing = await client.get("/cong/de-nghi", headers=HTML)
    assert listing.status_code == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', listing.text)
    assert csrf
    form = {
        "csrf_token": csrf.group(1),
        "purpose": "Xác minh khách hàng",
        "content": "Đề nghị cung cấp thông tin khách hàng mở tài khoản",
        "legal_basis": "Luật Các tổ chức tín dụng 2024",
        "fields": ["full_name", "date_of_birth", "permanent_residence"],
        "subjects.0.pin": world.customer_pin,
        "subjects.0.full_name": "Nguyễn Minh Khang",
        "subjects.0.date_of_birth": "1985-07-07",
        "commitment_accepted": "on",
        "commitment_text": "Cam kết sử dụng đúng mục đích",
    }
    bad = await client.post(
        "/cong/de-nghi/moi", data=form | {"subjects.0.full_name": "Nguyễn Minh Khanh"}, headers=HTML
    )
    assert bad.status_code == 422 and "Chưa gửi được đề nghị" in bad.text
    filed = await client.post(
        "/cong/de-nghi/moi",
        data=form,
        files={"attachment": ("gp.pdf", b"%PDF-1.4 x", "application/pdf")},
        headers=HTML,
    )
    assert filed.status_code == 303, filed.text
    ref = filed.headers["location"].rsplit("/", 1)[1].split("?")[0]
    await consent(client, world.customer, ref, ["full_name", "date_of_birth", "permanent_residence"], [])
    assert (await officer_post(client, world.province, ref, "approve", {})).status_code == 200
    # TT 48/2022 Điều 2: "nộp phí khi nhận kết quả" — the page names the receipt and waits for it.
    unpaid = await client.post(f"/cong/de-nghi/{ref}/nhan", data={"csrf_token": csrf.group(1)}, headers=HTML)
    assert unpaid.status_code == 402 and "nộp phí" in unpaid.text and 'id="delivered"' not in unpaid.text
    [receipt] = [
        r
        for r in (await client.get("/api/v1/fees/receipts", headers=world.province)).json()["items"]
        if r["source_ref"] == ref
    ]
    pay = {"method": "counter", "reference": "QUAY-7"}
    url = f"/api/v1/fees/receipts/{receipt['receipt_id']}/payments"
    assert (await client.post(url, json=pay, headers=world.province)).status_code == 200
    received = await client.post(
        f"/cong/de-nghi/{ref}/nhan", data={"csrf_token": csrf.group(1)}, headers=HTML
    )
    # Redirect-after-post: the delivery happens on the POST; a refresh of the page it leads to
    # neither delivers again nor discloses the values again.
    assert received.status_code == 303, received.text
    assert received.headers["location"] == f"/cong/de-nghi/{ref}?notice=received"
    for _refresh in range(2):
        result = await client.get(received.headers["location"], headers=HTML)
        assert result.status_code == 200 and 'id="delivered"' in result.text
        assert "3 trường thông tin" in result.text and 'id="document-link"' in result.text
        assert "Đã nhận thông tin được cung cấp" in result.text
        assert "07/07/1985" not in result.text and 'id="show-values"' in result.text
    tracker = (await client.get("/api/v1/audit/tracker", headers=world.customer)).json()["entries"]
    assert len([e for e in tracker if e["request_ref"] == ref and e["permit_ref"]]) == 1
    # Showing the values again is a new disclosure: logged through the delivery's use case.
    shown = await client.get(f"/cong/de-nghi/{ref}?show=values", headers=HTML)
    assert shown.status_code == 200 and "07/07/1985" in shown.text
    tracker = (await client.get("/api/v1/audit/tracker", headers=world.customer)).json()["entries"]
    assert len([e for e in tracker if e["request_ref"] == ref and e["permit_ref"]]) == 2
