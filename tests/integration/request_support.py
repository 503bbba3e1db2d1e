"""Helpers of the request-procedure tests: a bank, its customers, the competent officers."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.registry.queries import citizen_by_pin
from tests.support.builders import (
    DOB,
    NAME,
    c06,
    citizen_headers,
    issue_headers,
    make_officer,
    organisation,
    person,
    registrar,
)

PDF = base64.b64encode(b"%PDF-1.4\n% scan of the request\n%%EOF\n").decode()
BANK_FIELDS = ["full_name", "date_of_birth", "pin", "sex", "permanent_residence", "mobile", "religion"]
OTHER = {"family": "Lê", "middle": "Thị", "given": "Hoa"}
OTHER_NAME = "Lê Thị Hoa"
THIRD = {"family": "Phạm", "middle": "Văn", "given": "Nam"}
THIRD_NAME = "Phạm Văn Nam"


@dataclass
class World:
    registrar: dict[str, str]
    c06: dict[str, str]
    customer_pin: str
    customer_id: int
    customer: dict[str, str]
    other_pin: str
    other_id: int
    other: dict[str, str]
    third_pin: str
    third_id: int
    bank: dict[str, str]
    bank_org_id: int
    province: dict[str, str]
    province_79: dict[str, str]
    commune: dict[str, str]


async def build_world(client: httpx.AsyncClient, session: AsyncSession) -> World:
    officer = await c06(client, session)
    customer_pin = await person(client, officer)
    other_pin = await person(client, officer, full_name=OTHER, sex="2")
    third_pin = await person(client, officer, full_name=THIRD)
    customer = await citizen_by_pin(session, customer_pin)
    other = await citizen_by_pin(session, other_pin)
    third = await citizen_by_pin(session, third_pin)
    operator = await registrar(client, session)
    bank = await organisation(
        client,
        operator,
        "nh.admin",
        group="k2",
        mandate=BANK_FIELDS,
        legal_representative_pin=third_pin,
        sensitive_basis="Kiểm thử: ngân hàng có tôn giáo trong phạm vi để thử quy tắc dữ liệu nhạy cảm",
        name="Ngân hàng TMCP Thử nghiệm",
    )
    officers = {}
    for username, role, unit in (
        ("pc06.hn", OfficerRole.PROVINCIAL_POLICE, "01"),
        ("pc06.hcm", OfficerRole.PROVINCIAL_POLICE, "79"),
        ("xa.hoankiem", OfficerRole.COMMUNE_POLICE, "00070"),
    ):
        await make_officer(session, username=username, role=role, unit_code=unit)
        officers[username] = await issue_headers(session, username)
    return World(
        registrar=operator,
        c06=officer,
        customer_pin=customer_pin,
        customer_id=customer.id,
        customer=await citizen_headers(client, session, customer.id),
        other_pin=other_pin,
        other_id=other.id,
        other=await citizen_headers(client, session, other.id),
        third_pin=third_pin,
        third_id=third.id,
        bank=await issue_headers(session, "nh.admin"),
        bank_org_id=bank["organisation_id"],
        province=officers["pc06.hn"],
        province_79=officers["pc06.hcm"],
        commune=officers["xa.hoankiem"],
    )


def subject(pin: str, name: str = NAME, dob: str = DOB) -> dict[str, str]:
    return {"pin": pin, "full_name": name, "date_of_birth": dob}


def request_body(subjects: list[dict[str, str]], fields: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "purpose": "Xác minh thông tin khách hàng mở tài khoản",
        "content": "Đề nghị cung cấp thông tin để đối chiếu hồ sơ mở tài khoản thanh toán",
        "legal_basis": "Luật Các tổ chức tín dụng 2024; Thông tư 17/2024/TT-NHNN",
        "fields": fields,
        "subjects": subjects,
        "commitment": {"accepted": True, "text": "Cam kết chỉ sử dụng thông tin đúng mục đích đã nêu"},
        "attachments": [{"filename": "giay-to.pdf", "media_type": "application/pdf", "content_base64": PDF}],
        **extra,
    }


async def file(client: httpx.AsyncClient, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post("/api/v1/requests", json=body, headers=headers)
    assert response.status_code == 201, response.text
    out: dict[str, Any] = response.json()
    return out


async def consent(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    request_ref: str,
    granted: list[str],
    refused: list[str],
) -> dict[str, Any]:
    pending = (await client.get("/api/v1/consents", headers=headers)).json()
    ref = next(c["consent_ref"] for c in pending if c["request_ref"] == request_ref)
    assert (await client.get(f"/api/v1/consents/{ref}/preview", headers=headers)).status_code == 200
    response = await client.post(
        f"/api/v1/consents/{ref}/decision", json={"granted": granted, "refused": refused}, headers=headers
    )
    assert response.status_code == 200, response.text
    out: dict[str, Any] = response.json()
    return out


async def officer_post(
    client: httpx.AsyncClient, headers: dict[str, str], ref: str, action: str, body: dict[str, Any]
) -> httpx.Response:
    return await client.post(f"/api/v1/officer/requests/{ref}/{action}", json=body, headers=headers)


async def pay_then_deliver(
    client: httpx.AsyncClient, requester: dict[str, str], collector: dict[str, str], ref: str
) -> httpx.Response:
    """TT 48/2022 Điều 2: "nộp phí khi nhận kết quả". The first call answers 402 with the receipt
    to pay; the collecting unit records the payment; the second call releases the result."""
    url = f"/api/v1/requests/{ref}/delivery"
    unpaid = await client.post(url, headers=requester)
    assert unpaid.status_code == 402, unpaid.text
    receipt_id = await _receipt_of(client, requester, ref)
    paid = await client.post(
        f"/api/v1/fees/receipts/{receipt_id}/payments",
        json={"method": "counter", "reference": f"QUAY-{ref}"},
        headers=collector,
    )
    assert paid.status_code == 200, paid.text
    return await client.post(url, headers=requester)


async def _receipt_of(client: httpx.AsyncClient, requester: dict[str, str], ref: str) -> int:
    page = (await client.get("/api/v1/fees/receipts", headers=requester)).json()
    [receipt] = [r for r in page["items"] if r["source_ref"] == ref]
    return int(receipt["receipt_id"])
