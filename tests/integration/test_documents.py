"""Documents end to end: each kind issued, signed, trusted under the dancu root, readable in
Vietnamese; the public verification page; revocation; who may download; the event log."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import httpx
import pytest
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.clock import now_utc
from dancu.enums.documents import DocumentKind, KeyRole
from dancu.errors import DomainError
from dancu.exploitation.documents import certificates, render
from dancu.exploitation.documents.actions import issue_document
from dancu.exploitation.documents.keys import ActiveKey, rotate_signing_key
from dancu.exploitation.documents.models import Document, DocumentSigningKey
from dancu.exploitation.documents.schemas import ProvidedInfoContext, RefusalContext
from dancu.exploitation.documents.signing import sign_pdf
from dancu.registry.queries import citizen_by_pin
from tests.integration.test_registry_history import at
from tests.support.builders import (
    address,
    c06,
    citizen_headers,
    issue_headers,
    make_officer,
    person,
)
from tests.support.pdf_text import page_texts, pdf_text

BASE = "http://test/"


@pytest.fixture
async def officer(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    return await c06(client, session)


async def trusted_by_root(client: httpx.AsyncClient, pdf: bytes) -> tuple[bool, bool, bool]:
    """pyHanko's own verdict, with the root certificate downloaded from the public page as trust root."""
    response = await client.get("/xac-minh/chung-thu-goc.pem")
    assert response.status_code == 200
    roots = list(load_certs_from_pemder_data(response.content))
    embedded = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    assert len(embedded) == 1
    status = await async_validate_pdf_signature(embedded[0], ValidationContext(trust_roots=roots))
    return status.intact, status.valid, status.trusted


async def _confirmation(client: httpx.AsyncClient, officer: dict[str, str], pin: str) -> dict[str, str]:
    response = await client.post("/api/v1/documents/confirmations", json={"pin": pin}, headers=officer)
    assert response.status_code == 201, response.text
    body: dict[str, str] = response.json()
    return body


async def _pdf(client: httpx.AsyncClient, document_id: int | str, headers: dict[str, str]) -> bytes:
    response = await client.get(f"/api/v1/documents/{document_id}/pdf", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return response.content


async def test_confirmation_is_numbered_signed_trusted_and_logged(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    pin = await person(client, officer)
    first = await _confirmation(client, officer, pin)
    second = await _confirmation(client, officer, pin)
    year = first["number"].split("/")[1]
    assert first["number"] == f"000001/{year}/XNTT" and second["number"] == f"000002/{year}/XNTT"
    assert first["verify_url"] == f"{BASE}xac-minh/{first['public_id']}"
    pdf = await _pdf(client, first["id"], officer)
    assert hashlib.sha256(pdf).hexdigest() == first["sha256"]
    assert await trusted_by_root(client, pdf) == (True, True, True)
    text = pdf_text(pdf)
    for line in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "XÁC NHẬN THÔNG TIN CÔNG DÂN",
        f"Số: {first['number']}",
        "Nguyễn Minh Khang",
        pin,
        "số 5 phố Tràng Tiền",
        f"Tra cứu tính xác thực tại {first['verify_url']}",
    ):
        assert line in text, line
    citizen = await citizen_by_pin(session, pin)
    issued = await session.scalars(
        select(Event).where(
            Event.event_type == EventType.DOCUMENT_ISSUED, Event.subject_citizen_id == citizen.id
        )
    )
    assert [e.data["number"] for e in issued] == [first["number"], second["number"]]
    reads = (
        await session.scalars(
            select(Event).where(
                Event.event_type == EventType.CITIZEN_VIEWED,
                Event.subject_citizen_id == citizen.id,
                Event.purpose == "Cấp văn bản xác nhận, chứng nhận thông tin công dân",
            )
        )
    ).all()
    assert len(reads) == 2 and "permanent_residence" in (reads[0].fields or [])
    keys_made = await session.scalar(
        select(func.count()).select_from(Event).where(Event.event_type == EventType.DOCUMENT_KEYS_CREATED)
    )
    assert keys_made == 1  # created on first use, reused afterwards


async def test_provided_info_and_refusal_render_their_contexts(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    pin = await person(client, officer)
    citizen = await citizen_by_pin(session, pin)
    actor = Actor.system("test: request procedure")
    provided = ProvidedInfoContext.model_validate(
        {
            "requester_name": "Ngân hàng Thương mại cổ phần Á Châu",
            "requester_group": "k2",
            "request_ref": "YC-2026-000017",
            "permit_ref": "GP-2026-0003",
            "purpose": "Xác minh khách hàng mở tài khoản",
            "subjects": [
                {
                    "pin": pin,
                    "full_name": citizen.full_name,
                    "fields": [{"label": "Nơi thường trú", "value": "số 5 phố Tràng Tiền, Phường Hoàn Kiếm"}],
                }
            ],
        }
    )
    refusal = RefusalContext(
        requester_name="Công ty TNHH Dịch vụ Bảo vệ An Bình",
        request_ref="YC-2026-000018",
        received_on=dt.date(2026, 3, 2),
        grounds=["Không có sự đồng ý của chủ thể dữ liệu (Luật Căn cước Điều 10 khoản 8)"],
        reasons="Công dân đã từ chối cho phép chia sẻ nơi thường trú.",
        officer="Trần Văn An",
    )
    documents = []
    for kind, context, ref in (
        (DocumentKind.PROVIDED_INFO, provided, "YC-2026-000017"),
        (DocumentKind.REFUSAL, refusal, "YC-2026-000018"),
    ):
        documents.append(
            await issue_document(
                session,
                kind=kind,
                context=context,
                subject_citizen_id=citizen.id if kind is DocumentKind.PROVIDED_INFO else None,
                recipient_label=context.requester_name,
                source_kind="request",
                source_ref=ref,
                base_url=BASE,
                actor=actor,
                recipient_organisation_id=7,
            )
        )
    info, refused = documents
    assert info.number.endswith("/CCTT") and refused.number.endswith("/TCCC")
    info_text, refusal_text = pdf_text(info.pdf), pdf_text(refused.pdf)
    assert "VĂN BẢN CUNG CẤP THÔNG TIN" in info_text and "Xác minh khách hàng mở tài khoản" in info_text
    assert "GP-2026-0003" in info_text and pin in info_text
    assert "VĂN BẢN TRẢ LỜI TỪ CHỐI, NÊU RÕ LÝ DO" in refusal_text
    assert "Công dân đã từ chối cho phép chia sẻ nơi thường trú." in refusal_text
    assert "Ngày 02/03/2026" in refusal_text
    for document in documents:
        assert PdfFileReader(io.BytesIO(document.pdf)).root["/Pages"]["/Count"] == 1  # a short answer
    # However long the answer, its closing (recipients, signer, the check code) is on one page.
    for count in range(6, 27, 2):
        fields = [
            {"label": f"Thông tin {n}", "value": "số 5 phố Tràng Tiền, Phường Hoàn Kiếm"}
            for n in range(count)
        ]
        longer = provided.model_copy(
            update={"subjects": [provided.subjects[0].model_copy(update={"fields": fields})]}
        )
        document = await issue_document(
            session,
            kind=DocumentKind.PROVIDED_INFO,
            context=longer,
            subject_citizen_id=citizen.id,
            recipient_label=longer.requester_name,
            source_kind="request",
            source_ref="YC-2026-000017",
            base_url=BASE,
            actor=actor,
            recipient_organisation_id=7,
        )
        closing = [text for text in page_texts(document.pdf) if "Nơi nhận" in text or "Mã tra cứu" in text]
        assert len(closing) == 1, f"{count} fields: the closing is split over {len(closing)} pages"
        assert await trusted_by_root(client, document.pdf) == (True, True, True)
    with pytest.raises(DomainError) as wrong_kind:
        await issue_document(
            session,
            kind=DocumentKind.REFUSAL,
            context=provided,
            subject_citizen_id=None,
            recipient_label="x",
            source_kind=None,
            source_ref=None,
            base_url=BASE,
            actor=actor,
        )
    assert wrong_kind.value.problems[0].rule == "documents_context_kind"


async def test_as_of_certificate_follows_the_bitemporal_history(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    with at("2020-01-01"):
        pin = await person(client, officer, permanent_residence=address(detail="số 1 phố Hàng Bài"))
    body = {
        "address": address(detail="số 9 phố Hàng Ngang"),
        "start": "2021-02-15",
        "legal_basis": "Luật Cư trú 2020",
        "dossier_number": "CT-1",
    }
    with at("2021-03-01"):
        moved = await client.post(
            f"/api/v1/registry/citizens/{pin}/residence/permanent", json=body, headers=officer
        )
    assert moved.status_code == 204, moved.text

    async def certificate(**params: str) -> str:
        response = await client.post(
            "/api/v1/documents/as-of-certificates", json={"pin": pin, **params}, headers=officer
        )
        assert response.status_code == 201, response.text
        return pdf_text(await _pdf(client, response.json()["id"], officer))

    before_known = await certificate(valid_on="2021-06-01", known_at="2021-02-20")
    assert "số 1 phố Hàng Bài" in before_known and "Hàng Ngang" not in before_known
    assert "CHỨNG NHẬN THÔNG TIN THEO THỜI ĐIỂM" in before_known and "20/02/2021" in before_known
    now_known = await certificate(valid_on="2021-06-01")
    assert "số 9 phố Hàng Ngang" in now_known and "Hàng Bài" not in now_known
    earlier = await certificate(valid_on="2021-02-14", items=["permanent_residence", "temporary_residence"])
    assert "số 1 phố Hàng Bài" in earlier and "Không có thông tin" in earlier  # no temporary residence

    for payload, field in (
        ({"valid_on": "2021-06-01", "known_at": "2999-01-01"}, "known_at"),
        ({"valid_on": "2021-06-01", "items": ["religion"]}, "items"),
        ({"valid_on": "06/01/2021"}, "valid_on"),
    ):
        refused = await client.post(
            "/api/v1/documents/as-of-certificates", json={"pin": pin, **payload}, headers=officer
        )
        assert refused.status_code == 422, payload
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["errors"][0]["field"] == field


async def test_verification_page_genuine_tampered_foreign_and_revoked(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    pin = await person(client, officer)
    issued = await _confirmation(client, officer, pin)
    pdf = await _pdf(client, issued["id"], officer)
    page = await client.get(f"/xac-minh/{issued['public_id']}")
    assert page.status_code == 200
    assert "Văn bản hợp lệ" in page.text
    # The page speaks the visitor's language: a relying party abroad reads it in English.
    english = await client.get(f"/xac-minh/{issued['public_id']}", headers={"Accept-Language": "en"})
    assert "The document is genuine" in english.text and "Văn bản hợp lệ" not in english.text
    assert issued["number"] in page.text and issued["sha256"] in page.text
    assert pin not in page.text and "Khang" not in page.text  # no personal data on the public page

    def upload(data: bytes) -> dict[str, tuple[str, bytes, str]]:
        return {"file": ("van-ban.pdf", data, "application/pdf")}

    good = await client.post(f"/xac-minh/{issued['public_id']}", files=upload(pdf))
    assert good.status_code == 200 and "Tệp PDF là bản gốc, chữ ký số hợp lệ" in good.text
    by_hash = await client.post("/xac-minh/kiem-tra", files=upload(pdf))
    assert "Tệp PDF là bản gốc" in by_hash.text and issued["number"] in by_hash.text

    # One byte of the signed content changed: the hash differs and the signature is no longer intact.
    tampered = bytearray(pdf)
    spot = pdf.index(b"/MediaBox")
    tampered[spot + 12] = ord("7") if tampered[spot + 12] != ord("7") else ord("8")
    bad = await client.post(f"/xac-minh/{issued['public_id']}", files=upload(bytes(tampered)))
    assert "không phải bản gốc hợp lệ" in bad.text and "không trùng khớp" in bad.text
    assert "toàn vẹn: không" in bad.text

    # A look-alike signed under someone else's root: intact and valid, but not trusted.
    stranger_root = certificates.new_key()
    root_cert = certificates.make_root(stranger_root, now=dt.datetime.now(dt.UTC))
    stranger_key = certificates.new_key()
    stranger_cert = certificates.make_signing(
        stranger_key, root=root_cert, root_key=stranger_root, key_id="x", now=dt.datetime.now(dt.UTC)
    )
    stranger = ActiveKey(
        "x",
        certificates.certificate_pem(stranger_cert),
        stranger_key,
        certificates.certificate_pem(root_cert),
    )
    header = render.Header(
        number=issued["number"],
        kind=DocumentKind.CONFIRMATION,
        issued_at=dt.datetime.now(dt.UTC),
        issuing_unit_label="Cơ quan quản lý căn cước - Bộ Công an",
        issuer_label="Người giả mạo",
        recipient_label="Công dân",
        place="Hà Nội",
        public_id=issued["public_id"],
        verify_url=issued["verify_url"],
    )
    fake_body = {"pin": pin, "full_name": "Nguyễn Minh Khang", "valid_on": dt.date(2026, 1, 1), "fields": []}
    forged = await sign_pdf(
        await render.render_pdf(header, fake_body), stranger, reason="giả mạo", location="?"
    )
    foreign = await client.post(f"/xac-minh/{issued['public_id']}", files=upload(forged))
    assert "không phải bản gốc hợp lệ" in foreign.text
    assert "toàn vẹn: có" in foreign.text and "tin cậy: không" in foreign.text
    url = f"/xac-minh/{issued['public_id']}"
    foreign_en = await client.post(url, files=upload(forged), headers={"Accept-Language": "en"})
    assert "intact: yes" in foreign_en.text and "trusted: no" in foreign_en.text

    revoked = await client.post(
        f"/api/v1/documents/{issued['id']}/revocation",
        json={"reason": "Cấp nhầm người nhận"},
        headers=officer,
    )
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    again = await client.post(
        f"/api/v1/documents/{issued['id']}/revocation",
        json={"reason": "Cấp nhầm người nhận"},
        headers=officer,
    )
    assert again.status_code == 409
    page = await client.get(f"/xac-minh/{issued['public_id']}")
    assert "Văn bản đã bị thu hồi" in page.text and "Văn bản hợp lệ" not in page.text
    english = await client.get(f"/xac-minh/{issued['public_id']}", headers={"Accept-Language": "en"})
    assert "The document has been revoked" in english.text
    after = await client.post(f"/xac-minh/{issued['public_id']}", files=upload(pdf))
    assert "không phải bản gốc hợp lệ" in after.text  # the file is unchanged, but the document is revoked
    missing = await client.get("/xac-minh/khong-co-van-ban-nay")
    assert missing.status_code == 404 and "Không tìm thấy văn bản" in missing.text
    empty = await client.post(
        f"/xac-minh/{issued['public_id']}", files={"file": ("a.pdf", b"", "application/pdf")}
    )
    assert empty.status_code == 422 and "hãy chọn tệp PDF" in empty.text
    junk = await client.post("/xac-minh/kiem-tra", files=upload(b"%PDF-1.7 not really"))
    assert junk.status_code == 200 and "không có chữ ký" in junk.text


async def test_only_the_subject_the_recipient_and_officers_in_charge_may_download(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    pin = await person(client, officer)
    other_pin = await person(
        client, officer, full_name={"family": "Lê", "middle": "Thị", "given": "Hoa"}, sex="2"
    )
    issued = await _confirmation(client, officer, pin)
    subject = await citizen_headers(client, session, (await citizen_by_pin(session, pin)).id)
    other = await citizen_headers(client, session, (await citizen_by_pin(session, other_pin)).id)
    await make_officer(session, username="xa.badinh", role=OfficerRole.COMMUNE_POLICE, unit_code="00004")
    elsewhere = await issue_headers(session, "xa.badinh")
    await make_officer(session, username="xa.hk", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
    local = await issue_headers(session, "xa.hk")
    for suffix in ("", "/pdf"):
        url = f"/api/v1/documents/{issued['id']}{suffix}"
        for headers in (other, elsewhere):
            assert (await client.get(url, headers=headers)).status_code == 403, (url, headers)
        for headers in (subject, local, officer):
            assert (await client.get(url, headers=headers)).status_code == 200, url
        assert (await client.get(url)).status_code == 401
    assert (await client.get("/api/v1/documents/999999", headers=officer)).status_code == 404
    refused = await client.post("/api/v1/documents/confirmations", json={"pin": pin}, headers=elsewhere)
    assert refused.status_code == 403
    reads = await session.scalars(
        select(Event).where(
            Event.event_type == EventType.CITIZEN_VIEWED, Event.purpose.like(f"%số {issued['number']}")
        )
    )
    downloads = [e.fields for e in reads]
    assert downloads == [["document.confirmation"]] * 6  # every allowed read is in the person's log


async def test_citizen_obtains_documents_in_the_app(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    pin = await person(client, officer)
    citizen = await citizen_by_pin(session, pin)
    headers = await citizen_headers(client, session, citizen.id)
    empty = await client.get("/app/giay-to", headers=headers)
    assert empty.status_code == 200 and 'id="documents-empty"' in empty.text
    made = await client.post("/app/giay-to/xac-nhan", headers=headers)
    assert made.status_code == 303
    certified = await client.post(
        "/app/giay-to/chung-nhan", data={"valid_on": "2000-01-01", "known_at": ""}, headers=headers
    )
    assert certified.status_code == 303
    listing = await client.get(certified.headers["location"], headers=headers)
    assert (
        "Xác nhận thông tin công dân" in listing.text
        and "Chứng nhận thông tin theo thời điểm" in listing.text
    )
    assert 'id="document-issued"' in listing.text
    rows = (await session.scalars(select(Document).where(Document.subject_citizen_id == citizen.id))).all()
    assert {d.kind for d in rows} == {DocumentKind.CONFIRMATION, DocumentKind.AS_OF_CERTIFICATE}
    assert all(d.issuer_account_id is None and d.recipient_account_id is not None for d in rows)
    # Plain values: the refused forms below roll the shared test session back, expiring its rows.
    first_id, first_sha256 = rows[0].id, rows[0].sha256
    pdf = (await client.get(f"/app/giay-to/{first_id}/pdf", headers=headers)).content
    assert hashlib.sha256(pdf).hexdigest() == first_sha256
    bad = await client.post("/app/giay-to/chung-nhan", data={"valid_on": "hôm qua"}, headers=headers)
    assert bad.status_code == 422 and 'class="field invalid"' in bad.text
    assert 'class="group invalid"' not in bad.text and "built-in method" not in bad.text
    future = await client.post(
        "/app/giay-to/chung-nhan", data={"valid_on": "2020-01-01", "known_at": "2999-01-01"}, headers=headers
    )
    assert future.status_code == 422 and "không được sau ngày hôm nay" in future.text
    other_pin = await person(
        client, officer, full_name={"family": "Lê", "middle": "Thị", "given": "Hoa"}, sex="2"
    )
    other = await citizen_headers(client, session, (await citizen_by_pin(session, other_pin)).id)
    assert (await client.get(f"/app/giay-to/{first_id}/pdf", headers=other)).status_code == 403
    assert "Chưa có văn bản" in (await client.get("/app/giay-to", headers=other)).text
    assert (await client.get("/app/giay-to", headers=officer)).status_code == 403


async def test_rotation_keeps_old_documents_valid_and_keys_are_encrypted(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(certificates.PASSPHRASE_ENV, "cum-tu-bi-mat-rat-dai")
    pin = await person(client, officer)
    old = await _confirmation(client, officer, pin)
    rotated = await rotate_signing_key(session, actor=Actor.system("test"))
    new = await _confirmation(client, officer, pin)
    old_doc = await session.get(Document, old["id"])
    new_doc = await session.get(Document, new["id"])
    assert old_doc is not None and new_doc is not None
    assert new_doc.signing_key_id == rotated.key_id != old_doc.signing_key_id
    for document in (old_doc, new_doc):
        assert await trusted_by_root(client, document.pdf) == (True, True, True)
    rows = (await session.scalars(select(DocumentSigningKey))).all()
    assert len(rows) == 3  # the root and two signing certificates, all kept
    retired = next(r for r in rows if r.key_id == old_doc.signing_key_id)
    assert retired.retired_at is not None and retired.private_key is None
    assert all("ENCRYPTED PRIVATE KEY" in r.private_key for r in rows if r.private_key)
    with pytest.raises(IntegrityError):  # never two active roots, even if two first uses race
        async with session.begin_nested():
            session.add(
                DocumentSigningKey(
                    key_id="thu-hai",
                    role=KeyRole.ROOT,
                    created_at=now_utc(),
                    certificate_pem="-",
                    private_key=None,
                )
            )
            await session.flush()
    monkeypatch.setenv(certificates.PASSPHRASE_ENV, "sai-cum-tu")
    wrong = await client.post("/api/v1/documents/confirmations", json={"pin": pin}, headers=officer)
    assert wrong.status_code == 500 and wrong.json()["code"] == "documents.key_unreadable"


async def test_issued_content_is_fixed_and_a_revocation_final(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    pin = await person(client, officer)
    issued = await _confirmation(client, officer, pin)
    revoked = await client.post(
        f"/api/v1/documents/{issued['id']}/revocation", json={"reason": "Cấp nhầm"}, headers=officer
    )
    assert revoked.status_code == 200
    for statement in (
        "UPDATE document SET pdf = pdf || pdf",
        "UPDATE document SET number = '000009/2026/XNTT'",
        "UPDATE document SET recipient_label = 'Người khác'",
        "UPDATE document SET revoked_at = NULL",
        "DELETE FROM document",
    ):
        with pytest.raises(DBAPIError, match=r"fixed once issued|append-only|never undone"):
            async with session.begin_nested():
                await session.execute(text(statement))
    # The revocation reason may still be corrected (it is not content the document printed).
    async with session.begin_nested():
        await session.execute(text("UPDATE document SET revocation_reason = 'Cấp nhầm người nhận'"))
