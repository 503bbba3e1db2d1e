"""The fee follows what is actually released (TT 48/2022/TT-BTC, fee per field provided), on both
engines: a receipt issued for more fields than the delivery releases is brought down to the
release, with a signed notice in the requester's documents and an entry in the log."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.models import Event, EventType
from dancu.enums.documents import DocumentKind
from dancu.exploitation.documents.models import Document
from tests.integration.request_support import (
    OTHER_NAME,
    World,
    build_world,
    consent,
    file,
    officer_post,
    request_body,
    subject,
)

FIVE = ["full_name", "date_of_birth", "sex", "permanent_residence", "mobile"]
PRICE = 1000  # SPDC04, đồng per field (data/rates.json)


@pytest.fixture
async def world(client: httpx.AsyncClient, session: AsyncSession) -> World:
    return await build_world(client, session)


async def _quoted_five(client: httpx.AsyncClient, world: World) -> tuple[str, dict[str, Any]]:
    """A request about two people: the customer grants 3 fields, the other 2; approved; the first
    delivery call answers 402 with the receipt for the 5 fields."""
    body = request_body([subject(world.customer_pin), subject(world.other_pin, OTHER_NAME)], FIVE)
    ref = (await file(client, world.bank, body))["ref"]
    await consent(client, world.customer, ref, FIVE[:3], FIVE[3:])
    await consent(client, world.other, ref, FIVE[:2], FIVE[2:])
    assert (await officer_post(client, world.province, ref, "approve", {})).status_code == 200
    unpaid = await client.post(f"/api/v1/requests/{ref}/delivery", headers=world.bank)
    assert unpaid.status_code == 402 and unpaid.json()["code"] == "fees.payment_required"
    return ref, await _receipt(client, world, ref)


async def _receipt(client: httpx.AsyncClient, world: World, ref: str) -> dict[str, Any]:
    page = (await client.get("/api/v1/fees/receipts", headers=world.bank)).json()
    [receipt] = [r for r in page["items"] if r["source_ref"] == ref]
    return dict(receipt)


async def _withdraw_other(client: httpx.AsyncClient, world: World, ref: str) -> None:
    mine = (await client.get("/api/v1/consents?all=true", headers=world.other)).json()
    consent_ref = next(c["consent_ref"] for c in mine if c["request_ref"] == ref)
    withdrawn = await client.post(f"/api/v1/consents/{consent_ref}/withdraw", headers=world.other)
    assert withdrawn.status_code == 200, withdrawn.text


async def _notice(session: AsyncSession, world: World, number: str) -> Document:
    found = await session.scalar(
        select(Document).where(Document.kind == DocumentKind.FEE_ADJUSTMENT, Document.source_ref == number)
    )
    assert found is not None, "a signed notice of the adjusted fee was issued"
    assert found.recipient_organisation_id == world.bank_org_id and found.pdf.startswith(b"%PDF")
    return found


async def test_an_unpaid_receipt_falls_to_the_fields_released(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    """TT 48/2022/TT-BTC Biểu phí: the fee is charged per "trường thông tin" provided, and Điều 2
    "nộp phí khi nhận kết quả": quoted 5 fields, then one subject withdraws before anything was paid
    and 3 are released — the receipt and the amount owed name 3 fields, and the requester gets a
    signed notice of the adjusted fee; the change is logged."""
    ref, quoted = await _quoted_five(client, world)
    assert (quoted["fields_delivered"], quoted["amount"]) == (5, 5 * PRICE)
    await _withdraw_other(client, world, ref)

    unpaid = await client.post(f"/api/v1/requests/{ref}/delivery", headers=world.bank)
    assert unpaid.status_code == 402
    assert "3.000" in unpaid.json()["title"], "the amount owed is the reduced one"
    receipt = await _receipt(client, world, ref)
    assert receipt["number"] == quoted["number"] and receipt["status"] == "unpaid"
    assert (receipt["fields_delivered"], receipt["amount"]) == (3, 3 * PRICE)
    assert (receipt["quoted_fields"], receipt["quoted_amount"], receipt["refund_amount"]) == (5, 5 * PRICE, 0)
    assert receipt["collector_amount"] + receipt["remitted_amount"] == 3 * PRICE
    printed = await client.get(f"/fees/receipts/{receipt['receipt_id']}", headers=world.bank)
    assert '<td class="money" id="fields">3</td>' in printed.text and 'id="adjusted"' in printed.text
    notice = await _notice(session, world, receipt["number"])
    readable = await client.get(f"/api/v1/documents/{notice.id}", headers=world.bank)
    assert readable.status_code == 200, readable.text
    logged = await session.scalar(select(Event).where(Event.event_type == EventType.FEE_RECEIPT_ADJUSTED))
    assert logged is not None and logged.request_ref == ref
    assert (logged.data["before"]["fields_delivered"], logged.data["after"]["fields_delivered"]) == (5, 3)

    pay = {"method": "counter", "reference": "Q-3"}
    url = f"/api/v1/fees/receipts/{receipt['receipt_id']}/payments"
    paid = await client.post(url, json=pay, headers=world.province)
    assert paid.status_code == 200 and paid.json()["amount"] == 3 * PRICE
    delivered = await client.post(f"/api/v1/requests/{ref}/delivery", headers=world.bank)
    assert delivered.status_code == 201, delivered.text
    assert delivered.json()["field_count"] == 3
    assert delivered.json()["outputs"]["receipt_amount"] == 3 * PRICE


async def test_a_paid_receipt_owes_the_difference_back(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    """TT 48/2022/TT-BTC Biểu phí (per field provided): paid for 5 fields, then a subject withdraws
    and 3 are released — the receipt names 3 fields at 3.000 đồng and the 2.000 đồng paid for
    nothing is owed back, in a signed notice in the requester's documents."""
    ref, quoted = await _quoted_five(client, world)
    url = f"/api/v1/fees/receipts/{quoted['receipt_id']}/payments"
    paid = await client.post(url, json={"method": "counter", "reference": "Q-5"}, headers=world.province)
    assert paid.status_code == 200
    await _withdraw_other(client, world, ref)
    delivered = await client.post(f"/api/v1/requests/{ref}/delivery", headers=world.bank)
    assert delivered.status_code == 201, delivered.text
    assert delivered.json()["field_count"] == 3
    receipt = await _receipt(client, world, ref)
    assert receipt["status"] == "paid" and (receipt["fields_delivered"], receipt["amount"]) == (3, 3 * PRICE)
    assert (receipt["quoted_amount"], receipt["refund_amount"]) == (5 * PRICE, 2 * PRICE)
    printed = await client.get(f"/fees/receipts/{receipt['receipt_id']}", headers=world.bank)
    assert 'id="refund"' in printed.text and "2.000 đồng" in printed.text
    await _notice(session, world, receipt["number"])
