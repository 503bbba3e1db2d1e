"""The requester portal and the consent inbox as pages: inline validation that writes nothing, the
preview of exactly the requested values, and the walls between citizens."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.models import Event as AuditEvent
from dancu.exploitation.requests.models import ExploitationRequest, RequestSubject
from tests.integration.request_support import OTHER_NAME, World, build_world, file, request_body, subject
from tests.support.builders import DOB, NAME, PASSWORD, organisation, page_login
from tests.support.pdf_text import pdf_text

HTML = {"Accept": "text/html"}
EN = {"Accept": "text/html", "Accept-Language": "en"}
ADDRESS_DETAIL = "số 5 phố Tràng Tiền"  # the customer's permanent residence (tests.support.builders)


@asynccontextmanager
async def browser_for(app: object, username: str) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """A separate cookie jar logged in through the login form, and the session's CSRF token."""
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        landing = await http.get(await page_login(http, username, PASSWORD, "/cong/de-nghi"), headers=HTML)
        assert landing.status_code == 200, landing.text
        found = re.search(r'name="csrf_token" value="([^"]+)"', landing.text)
        assert found
        yield http, found.group(1)


def error_of(html: str, field: str) -> str:
    """The inline message printed under one field (``<small id="e-<field>">``)."""
    found = re.search(rf'id="e-{re.escape(field)}">([^<]*)<', html)
    return found.group(1) if found else ""


def valid_form(csrf: str, world: World, **extra: Any) -> dict[str, Any]:
    return {
        "csrf_token": csrf,
        "rows": "3",
        "subjects.0.pin": world.customer_pin,
        "subjects.0.full_name": NAME,
        "subjects.0.date_of_birth": DOB,
        "purpose": "Xác minh thông tin khách hàng mở tài khoản",
        "content": "Đề nghị cung cấp thông tin để đối chiếu hồ sơ mở tài khoản",
        "legal_basis": "Luật Các tổ chức tín dụng 2024",
        "fields": ["full_name", "date_of_birth", "sex"],
        "commitment_accepted": "on",
        "commitment_text": "Cam kết chỉ sử dụng thông tin đúng mục đích đã nêu",
        "action": "submit",
        **extra,
    }


async def count(session: AsyncSession, model: type[Any]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_the_portal_form_shows_errors_inline_and_writes_nothing(
    app: object, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await build_world(client, session)
    async with browser_for(app, "nh.admin") as (bank, csrf):
        form = await bank.get("/cong/de-nghi/moi", headers=HTML)
        assert form.status_code == 200
        assert 'name="subjects.2.pin"' in form.text and 'name="subjects.3.pin"' not in form.text
        assert "Họ, chữ đệm và tên" in form.text and 'value="permanent_residence"' in form.text

        typed = valid_form(csrf, world, purpose="Giữ nguyên", action="add_row")
        more = await bank.post("/cong/de-nghi/moi", data=typed, headers=HTML)
        assert more.status_code == 200
        assert 'name="subjects.3.pin"' in more.text and 'value="Giữ nguyên"' in more.text
        assert await count(session, ExploitationRequest) == 0

        bad = valid_form(
            csrf,
            world,
            purpose="",
            fields=[],
            commitment_accepted="",
            **{
                "subjects.0.pin": "",
                "subjects.0.full_name": "",
                "subjects.0.date_of_birth": "",
                "subjects.1.pin": world.customer_pin,
                "subjects.1.full_name": "Nguyễn Văn Sai",
                "subjects.1.date_of_birth": DOB,
                "subjects.2.pin": "12345",
            },
        )
        refused = await bank.post("/cong/de-nghi/moi", data=bad, headers=HTML)
        assert refused.status_code == 422
        assert "Chưa gửi được đề nghị" in refused.text
        assert "Mục đích khai thác" in error_of(refused.text, "purpose")
        assert "bắt buộc" in error_of(refused.text, "purpose")
        # The third row's short PIN is reported on the third row, where it was typed.
        assert error_of(refused.text, "subjects.2.pin")
        assert "Người thứ 3 — ngày, tháng, năm sinh" in error_of(refused.text, "subjects.2.date_of_birth")
        assert error_of(refused.text, "subjects.0.pin") == ""
        assert 'id="e-fields"' in refused.text
        assert 'value="Nguyễn Văn Sai"' in refused.text  # what was typed is kept
        assert await count(session, ExploitationRequest) == 0

        # The register check runs once the form is well-formed: the mismatch is on its own row.
        mismatch = valid_form(
            csrf,
            world,
            commitment_accepted="",
            **{
                "subjects.0.pin": "",
                "subjects.0.full_name": "",
                "subjects.0.date_of_birth": "",
                "subjects.1.pin": world.customer_pin,
                "subjects.1.full_name": "Nguyễn Văn Sai",
                "subjects.1.date_of_birth": DOB,
            },
        )
        wrong = await bank.post("/cong/de-nghi/moi", data=mismatch, headers=HTML)
        assert wrong.status_code == 422
        assert "không khớp" in error_of(wrong.text, "subjects.1.full_name")
        assert await count(session, ExploitationRequest) == 0 and await count(session, RequestSubject) == 0

        english = await bank.post("/cong/de-nghi/moi", data=valid_form(csrf, world, purpose=""), headers=EN)
        assert english.status_code == 422 and "is required" in error_of(english.text, "purpose")

        not_pdf = {"attachment": ("giay-to.pdf", b"plain text, not a PDF", "application/pdf")}
        upload = await bank.post(
            "/cong/de-nghi/moi", data=valid_form(csrf, world), files=not_pdf, headers=HTML
        )
        assert upload.status_code == 422 and "PDF" in upload.text
        assert await count(session, ExploitationRequest) == 0

        outside = await bank.post(
            "/cong/de-nghi/moi", data=valid_form(csrf, world, fields=["full_name", "ethnicity"]), headers=HTML
        )
        assert outside.status_code == 422 and await count(session, ExploitationRequest) == 0

        pdf = {"attachment": ("giay-to.pdf", b"%PDF-1.4\n% proof\n%%EOF\n", "application/pdf")}
        filed = await bank.post("/cong/de-nghi/moi", data=valid_form(csrf, world), files=pdf, headers=HTML)
        assert filed.status_code == 303, filed.text
        ref = filed.headers["location"].split("/")[-1].split("?")[0]
        shown = await bank.get(filed.headers["location"], headers=HTML)
        assert shown.status_code == 200 and "Chờ chủ thể thông tin đồng ý" in shown.text
        assert "Đã có ý kiến: <strong>0/1</strong>" in shown.text
        assert ref in (await bank.get("/cong/de-nghi", headers=HTML)).text
        assert await count(session, ExploitationRequest) == 1

        no_csrf = await bank.post(f"/cong/de-nghi/{ref}/rut", data={}, headers=HTML)
        assert no_csrf.status_code == 403

    await organisation(client, world.registrar, "vt.admin", mandate=["full_name"], name="Sở Tư pháp X")
    async with browser_for(app, "vt.admin") as (telecom, csrf):
        assert ref not in (await telecom.get("/cong/de-nghi", headers=HTML)).text
        assert (await telecom.get(f"/cong/de-nghi/{ref}", headers=HTML)).status_code == 404
        gone = await telecom.post(f"/cong/de-nghi/{ref}/rut", data={"csrf_token": csrf}, headers=HTML)
        assert gone.status_code == 404
    async with browser_for(app, f"cd{world.customer_id}") as (citizen, _):
        assert (await citizen.get(f"/cong/de-nghi/{ref}", headers=HTML)).status_code == 404


async def test_the_consent_inbox_previews_exactly_the_requested_values(
    app: object, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await build_world(client, session)
    fields = ["full_name", "date_of_birth", "sex"]
    ref = (await file(client, world.bank, request_body([subject(world.customer_pin)], fields)))["ref"]
    consent_ref = (await session.scalar(select(RequestSubject.consent_ref))) or ""

    async with browser_for(app, f"cd{world.other_id}") as (stranger, csrf):
        inbox = await stranger.get("/app/dong-y", headers=HTML)
        assert inbox.status_code == 200 and "Ngân hàng TMCP Thử nghiệm" not in inbox.text
        assert (await stranger.get(f"/app/dong-y/{consent_ref}", headers=HTML)).status_code == 404
        peek = await stranger.post(
            f"/app/dong-y/{consent_ref}/xem-truoc", data={"csrf_token": csrf}, headers=HTML
        )
        assert peek.status_code == 404 and NAME not in peek.text
        receipt = await stranger.get(f"/app/dong-y/{consent_ref}/bien-nhan", headers=HTML)
        assert receipt.status_code == 404
        signed = await stranger.post(f"/app/dong-y/{consent_ref}/bien-nhan", data={"csrf_token": csrf})
        assert signed.status_code == 404

    async with browser_for(app, f"cd{world.customer_id}") as (me, csrf):
        home = await me.get("/app", headers=HTML)
        assert 'href="/app/dong-y"' in home.text
        inbox = await me.get("/app/dong-y", headers=HTML)
        assert "Ngân hàng TMCP Thử nghiệm" in inbox.text and consent_ref in inbox.text
        detail = await me.get(f"/app/dong-y/{consent_ref}", headers=HTML)
        assert detail.status_code == 200 and 'id="preview-button"' in detail.text
        assert 'id="consent-button"' not in detail.text  # no decision before the preview

        reads_before = await count(session, AuditEvent)
        preview = await me.post(
            f"/app/dong-y/{consent_ref}/xem-truoc", data={"csrf_token": csrf}, headers=HTML
        )
        assert preview.status_code == 200
        table = preview.text.split('id="preview"', 1)[1].split("</table>", 1)[0]
        assert NAME in table and "07/07/1985" in table
        assert table.count("<tr>") == 1 + len(fields)  # the header and exactly the requested fields
        assert ADDRESS_DETAIL not in preview.text and OTHER_NAME not in preview.text
        logged = await session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
        assert await count(session, AuditEvent) == reads_before + 1
        assert logged is not None and logged.consent_ref == consent_ref and logged.request_ref == ref

        none = await me.post(
            f"/app/dong-y/{consent_ref}/quyet-dinh",
            data={"csrf_token": csrf, "decision": "consent"},
            headers=HTML,
        )
        assert none.status_code == 422 and "chọn ít nhất một trường" in none.text
        assert (await session.scalar(select(RequestSubject.consent_status))) == "pending"

        given = await me.post(
            f"/app/dong-y/{consent_ref}/quyet-dinh",
            data={"csrf_token": csrf, "decision": "consent", "granted": ["full_name", "sex"]},
            headers=HTML,
        )
        assert given.status_code == 303
        after = await me.get(given.headers["location"], headers=HTML)
        assert "Đã ghi nhận sự đồng ý" in after.text and 'id="withdraw-button"' in after.text
        receipt = await me.get(f"/app/dong-y/{consent_ref}/bien-nhan", headers=HTML)
        assert receipt.status_code == 200
        assert (
            "Họ, chữ đệm và tên khai sinh; Giới tính" in receipt.text and world.customer_pin in receipt.text
        )
        # The downloadable receipt: a signed PDF, the same document until the decision changes.
        signed = await me.post(f"/app/dong-y/{consent_ref}/bien-nhan", data={"csrf_token": csrf})
        assert signed.status_code == 303 and signed.headers["location"].startswith("/app/giay-to/")
        pdf = await me.get(signed.headers["location"])
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        text = pdf_text(pdf.content)
        assert "Biên nhận ý kiến".upper() in text.upper() and consent_ref in text and "Giới tính" in text
        same = await me.post(f"/app/dong-y/{consent_ref}/bien-nhan", data={"csrf_token": csrf})
        assert same.headers["location"] == signed.headers["location"]

        withdrawn = await me.post(f"/app/dong-y/{consent_ref}/rut", data={"csrf_token": csrf}, headers=HTML)
        assert withdrawn.status_code == 303
        assert "Đã rút lại sự đồng ý" in (await me.get(withdrawn.headers["location"], headers=HTML)).text
        renewed = await me.post(f"/app/dong-y/{consent_ref}/bien-nhan", data={"csrf_token": csrf})
        assert renewed.headers["location"] != signed.headers["location"]
        assert "Rút lại lúc" in pdf_text((await me.get(renewed.headers["location"])).content)
        again = await me.post(f"/app/dong-y/{consent_ref}/rut", data={"csrf_token": csrf}, headers=HTML)
        assert again.status_code == 409 and "Chỉ rút lại được" in again.text

    async with browser_for(app, "nh.admin") as (bank, _):
        status = await bank.get(f"/cong/de-nghi/{ref}", headers=HTML)
        # The requester sees progress, not the person's answer.
        assert "Đã có ý kiến: <strong>1/1</strong>" in status.text
        assert "Đã rút lại" not in status.text and "Không đồng ý" not in status.text


async def test_delivery_and_refusal_leave_a_signed_document_and_a_receipt(
    app: object, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    from dancu.notify.models import CitizenNotification
    from tests.integration.request_support import consent, officer_post, pay_then_deliver

    world = await build_world(client, session)
    fields = ["full_name", "date_of_birth", "sex"]
    ref = (await file(client, world.bank, request_body([subject(world.customer_pin)], fields)))["ref"]
    await consent(client, world.customer, ref, fields, [])
    assert (await officer_post(client, world.province, ref, "approve", {})).status_code == 200
    delivered = await pay_then_deliver(client, world.bank, world.province, ref)
    assert delivered.status_code == 201, delivered.text
    outputs = delivered.json()["outputs"]
    assert outputs["document_kind"] == "provided_info" and outputs["receipt_number"].startswith("BL-")
    assert outputs["receipt_amount"] == 3000  # SPDC03 (portal): 1.000 đồng per field, 3 fields
    again = (await client.get(f"/api/v1/requests/{ref}", headers=world.bank)).json()
    assert again["outputs"]["document_id"] == outputs["document_id"]
    pdf = await client.get(outputs["document_url"], headers=world.bank)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (await client.get(outputs["document_url"], headers=world.other)).status_code == 403
    receipt = await client.get(outputs["receipt_url"], headers=world.bank | HTML)
    assert receipt.status_code == 200 and "3.000" in receipt.text
    notices = (
        await session.scalars(
            select(CitizenNotification)
            .where(CitizenNotification.citizen_id == world.customer_id)
            .order_by(CitizenNotification.id)
        )
    ).all()
    # First the bank's request for consent, with the page to answer it; then the delivery.
    asked, told = notices
    assert asked.message_key == "request_notice.consent_asked" and asked.params["ref"] == ref
    assert asked.link is not None and asked.link.startswith("/app/dong-y/")
    assert told.message_key == "portal.delivered_notice"
    assert told.params["ref"] == ref and told.params["count"] == 3

    async with browser_for(app, "nh.admin") as (bank, _):
        page = await bank.get(f"/cong/de-nghi/{ref}", headers=HTML)
        assert 'id="document-link"' in page.text and 'id="receipt-link"' in page.text
        assert "07/07/1985" not in page.text  # the values only when asked for: a logged read
        page = await bank.get(f"/cong/de-nghi/{ref}?show=values", headers=HTML)
        assert "07/07/1985" in page.text  # the delivered table

    refused_ref = (await file(client, world.bank, request_body([subject(world.customer_pin)], ["sex"])))[
        "ref"
    ]
    await consent(client, world.customer, refused_ref, ["sex"], [])
    body = {"grounds": ["purpose_not_lawful"], "text": "Mục đích không phù hợp với hồ sơ"}
    assert (await officer_post(client, world.province, refused_ref, "refuse", body)).status_code == 200
    shown = (await client.get(f"/api/v1/requests/{refused_ref}", headers=world.bank)).json()
    assert shown["outputs"]["document_kind"] == "refusal" and shown["outputs"]["receipt_number"] is None
    letter = await client.get(shown["outputs"]["document_url"], headers=world.bank)
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")


async def test_the_requester_answers_a_clarification_and_withdraws_on_the_portal(
    app: object, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    from tests.integration.request_support import consent, officer_post

    world = await build_world(client, session)
    ref = (await file(client, world.bank, request_body([subject(world.customer_pin)], ["sex"])))["ref"]
    await consent(client, world.customer, ref, ["sex"], [])
    asked = await officer_post(client, world.province, ref, "clarification", {"question": "Nêu số hợp đồng"})
    assert asked.status_code == 200, asked.text
    async with browser_for(app, "nh.admin") as (bank, csrf):
        page = await bank.get(f"/cong/de-nghi/{ref}", headers=HTML)
        assert "Nêu số hợp đồng" in page.text and 'action="/cong/de-nghi/' + ref + '/bo-sung"' in page.text
        assert "Tạm dừng, chưa tính thời hạn" in page.text
        empty = await bank.post(
            f"/cong/de-nghi/{ref}/bo-sung", data={"csrf_token": csrf, "answer": " "}, headers=HTML
        )
        assert empty.status_code == 422 and "Nội dung trả lời" in error_of(empty.text, "answer")
        still = (await client.get(f"/api/v1/requests/{ref}", headers=world.bank)).json()
        assert still["status"] == "clarification_requested"
        answered = await bank.post(
            f"/cong/de-nghi/{ref}/bo-sung",
            data={"csrf_token": csrf, "answer": "Hợp đồng số 15/2026"},
            headers=HTML,
        )
        assert answered.status_code == 303
        after = await bank.get(answered.headers["location"], headers=HTML)
        assert "Đã gửi nội dung bổ sung" in after.text and "Đã bổ sung, làm rõ" in after.text
        assert (await client.get(f"/api/v1/requests/{ref}", headers=world.bank)).json()["status"] == "routed"
        withdrawn = await bank.post(f"/cong/de-nghi/{ref}/rut", data={"csrf_token": csrf}, headers=HTML)
        assert withdrawn.status_code == 303
        assert "Đã rút đề nghị" in (await bank.get(withdrawn.headers["location"], headers=HTML)).text
        again = await bank.post(f"/cong/de-nghi/{ref}/rut", data={"csrf_token": csrf}, headers=HTML)
        assert again.status_code == 409 and 'class="alert"' in again.text
