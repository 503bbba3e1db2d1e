"""The fee engine against a real database: receipts, counter payments, operator rates, who sees what."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.groups import ActorGroup
from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.clock import VN_TZ, freeze, now_utc
from dancu.errors import DomainError
from dancu.exploitation.fees import actions, payments
from dancu.exploitation.fees.enums import ProductCode, ReceiptStatus, SourceKind
from dancu.exploitation.fees.models import FeeReceipt
from dancu.registry.queries import citizen_by_pin
from tests.support.builders import (
    SYSTEM,
    c06,
    citizen_headers,
    issue_headers,
    make_officer,
    operator,
    organisation,
    person,
    registrar,
)
from tests.support.cli import run_cli, sqlite_url

PROBLEM = "application/problem+json"


def vn_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=VN_TZ)


@dataclass
class World:
    operator: dict[str, str]
    collector: dict[str, str]
    bank: dict[str, Any]
    bank_staff: dict[str, str]
    other_org: dict[str, Any]
    other_staff: dict[str, str]
    agency: dict[str, Any]
    citizen: dict[str, str]


@pytest.fixture
async def world(client: httpx.AsyncClient, session: AsyncSession) -> World:
    officer = await c06(client, session)
    representative = await person(client, officer)
    c06_registrar = await registrar(client, session)
    bank = await organisation(
        client,
        c06_registrar,
        "nganhang.admin",
        group="k2",
        mandate=["full_name"],
        legal_representative_pin=representative,
    )
    other = await organisation(
        client,
        c06_registrar,
        "vienthong.admin",
        group="k2",
        mandate=["full_name"],
        legal_representative_pin=representative,
    )
    agency = await organisation(client, c06_registrar, "botuphap.admin")
    await make_officer(session, username="xa.thuphi", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
    citizen = await citizen_by_pin(session, representative)
    return World(
        operator=await operator(client, session),
        collector=await issue_headers(session, "xa.thuphi"),
        bank=bank,
        bank_staff=await issue_headers(session, "nganhang.admin"),
        other_org=other,
        other_staff=await issue_headers(session, "vienthong.admin"),
        agency=agency,
        citizen=await citizen_headers(client, session, citizen.id),
    )


async def issue(
    session: AsyncSession,
    org: dict[str, Any],
    *,
    ref: str,
    fields: int = 3,
    product: ProductCode = ProductCode.SPDC03,
    on: dt.date = dt.date(2026, 11, 29),
) -> FeeReceipt:
    """What the delivery feature does once a result has been delivered."""
    with freeze(vn_noon(on)):
        receipt = await actions.issue_receipt(
            session,
            source_kind=SourceKind.DELIVERY,
            source_ref=ref,
            payer_label=org["name"],
            payer_organisation_id=org["organisation_id"],
            product=product,
            fields_delivered=fields,
            actor_group=ActorGroup(org["actor_group"]),
            own_data=False,
            actor=SYSTEM,
            # The unit that provides the result collects (TT 48 Điều 3): here the collector's commune.
            collector_role=OfficerRole.COMMUNE_POLICE.value,
            collector_unit_code="00070",
        )
    # The caller's unit of work commits, as the delivery feature's request will.
    await session.commit()
    return receipt


async def test_a_bank_pays_3000_for_three_fields_through_the_portal(
    session: AsyncSession, world: World
) -> None:
    receipt = await issue(session, world.bank, ref="GN-2026-1")
    assert re.fullmatch(r"BL-2026-\d{6}", receipt.number)
    assert receipt.collector_label.startswith("Công an Phường") and receipt.collector_unit_code == "00070"
    assert (receipt.unit_price, receipt.amount, receipt.status) == (1000, 3000, ReceiptStatus.UNPAID)
    assert (receipt.collector_percent, receipt.collector_amount, receipt.remitted_amount) == (30, 900, 2100)
    assert receipt.issued_on == dt.date(2026, 11, 29)
    event = await session.scalar(select(Event).where(Event.event_type == EventType.FEE_RECEIPT_ISSUED))
    assert event is not None and event.data["number"] == receipt.number and event.request_ref == "GN-2026-1"


async def test_receipt_numbers_follow_each_other_and_a_delivery_is_charged_once(
    session: AsyncSession, world: World
) -> None:
    first = await issue(session, world.bank, ref="GN-A")
    second = await issue(session, world.other_org, ref="GN-B")
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1
    next_year = await issue(session, world.bank, ref="GN-C", on=dt.date(2027, 1, 1))
    assert next_year.number == "BL-2027-000001"
    with pytest.raises(DomainError) as caught:
        await issue(session, world.bank, ref="GN-A")
    assert (caught.value.code, caught.value.status) == ("fees.receipt_exists", 409)


async def test_counter_payment_once_and_never_twice(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    receipt = await issue(session, world.bank, ref="GN-PAY")
    number = receipt.number
    url = f"/api/v1/fees/receipts/{receipt.id}/payments"
    paid = await client.post(url, json={"method": "counter", "reference": "Q-0012"}, headers=world.collector)
    assert paid.status_code == 200, paid.text
    body = paid.json()
    assert (body["status"], body["payment_method"], body["payment_reference"]) == (
        "paid",
        "counter",
        "Q-0012",
    )
    assert body["paid_at"] is not None
    again = await client.post(url, json={"method": "counter"}, headers=world.collector)
    assert again.status_code == 409
    assert again.headers["content-type"].startswith(PROBLEM)
    assert again.json()["code"] == "fees.already_paid"
    assert number in again.json()["title"]
    events = await session.scalars(select(Event).where(Event.event_type == EventType.FEE_PAYMENT_RECORDED))
    assert len(list(events)) == 1


async def test_unknown_method_and_non_collectors_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    receipt = await issue(session, world.bank, ref="GN-BAD")
    url = f"/api/v1/fees/receipts/{receipt.id}/payments"
    unknown = await client.post(url, json={"method": "bitcoin"}, headers=world.collector)
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "method"
    assert "counter" in unknown.json()["errors"][0]["message"]
    for headers in (world.bank_staff, world.operator, world.citizen):
        refused = await client.post(url, json={"method": "counter"}, headers=headers)
        assert refused.status_code == 403, refused.text
    missing = await client.post(
        "/api/v1/fees/receipts/999999/payments", json={"method": "counter"}, headers=world.collector
    )
    assert missing.status_code == 404
    await session.refresh(receipt)
    assert receipt.status is ReceiptStatus.UNPAID


async def test_a_k1_body_gets_an_exempt_receipt_that_cannot_be_paid(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    receipt = await issue(session, world.agency, ref="GN-K1", product=ProductCode.SPDC04, fields=6)
    assert (receipt.status, receipt.amount, receipt.unit_price) == (ReceiptStatus.EXEMPT, 0, 1000)
    assert (receipt.collector_amount, receipt.remitted_amount) == (0, 0)
    pay = await client.post(
        f"/api/v1/fees/receipts/{receipt.id}/payments", json={"method": "counter"}, headers=world.collector
    )
    assert pay.status_code == 409
    assert pay.json()["code"] == "fees.receipt_exempt"


async def test_only_the_payer_and_fee_officers_see_a_receipt(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    receipt = await issue(session, world.bank, ref="GN-SEE")
    url = f"/api/v1/fees/receipts/{receipt.id}"
    for headers in (world.bank_staff, world.collector, world.operator):
        seen = await client.get(url, headers=headers)
        assert seen.status_code == 200, seen.text
        assert seen.json()["amount"] == 3000
    for headers in (world.other_staff, world.citizen):
        refused = await client.get(url, headers=headers)
        assert refused.status_code == 403
        assert refused.json()["code"] == "fees.receipt_forbidden"
    assert (await client.get(url)).status_code == 401
    page = await client.get(url.replace("/api/v1", ""), headers=world.other_staff)
    assert page.status_code == 403


async def test_an_organisation_lists_only_its_receipts_page_by_page(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    mine = [await issue(session, world.bank, ref=f"GN-L{i}") for i in range(5)]
    await issue(session, world.other_org, ref="GN-OTHER")
    seen: list[int] = []
    before: int | None = None
    while True:
        params = {"limit": 2, **({"before": before} if before else {})}
        page = await client.get("/api/v1/fees/receipts", params=params, headers=world.bank_staff)
        assert page.status_code == 200, page.text
        seen += [item["receipt_id"] for item in page.json()["items"]]
        before = page.json()["next_before"]
        if before is None:
            break
    assert seen == sorted((r.id for r in mine), reverse=True)
    everyone = await client.get("/api/v1/fees/receipts", params={"limit": 200}, headers=world.collector)
    assert len(everyone.json()["items"]) == 6
    one_org = await client.get(
        "/api/v1/fees/receipts",
        params={"organisation_id": world.other_org["organisation_id"]},
        headers=world.collector,
    )
    assert [i["source_ref"] for i in one_org.json()["items"]] == ["GN-OTHER"]
    bad = await client.get("/api/v1/fees/receipts", params={"limit": 0}, headers=world.bank_staff)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "limit"


async def test_an_operator_rate_supersedes_the_circular_from_its_date(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    new_rate = {
        "product": "SPDC03",
        "amount_per_field": 1500,
        "valid_from": "2027-01-01",
        "legal_basis": "Thông tư số 99/2026/TT-BTC",
    }
    created = await client.post("/api/v1/fees/operator-rates", json=new_rate, headers=world.operator)
    assert created.status_code == 201, created.text
    rate_id = created.json()["rate_id"]
    before = (await client.get("/api/v1/fees/rates", params={"on": "2026-12-31"})).json()
    after = (await client.get("/api/v1/fees/rates", params={"on": "2027-01-01"})).json()
    spdc03 = {r["product"]: r for r in after["rates"]}["SPDC03"]
    assert {r["product"]: r for r in before["rates"]}["SPDC03"]["amount_per_field"] == 1000
    assert (spdc03["amount_per_field"], spdc03["source"], spdc03["rate_id"]) == (1500, "operator", rate_id)
    assert {r["product"]: r for r in after["rates"]}["SPDC04"]["source"] == "shipped"
    receipt = await issue(session, world.bank, ref="GN-NEW", on=dt.date(2027, 1, 2))
    assert (receipt.unit_price, receipt.amount, receipt.fee_rate_id) == (1500, 4500, rate_id)
    old = await issue(session, world.bank, ref="GN-OLD", on=dt.date(2026, 12, 31))
    assert old.unit_price == 1000
    event = await session.scalar(select(Event).where(Event.event_type == EventType.FEE_RATE_CREATED))
    assert event is not None and event.data["amount_per_field"] == 1500


async def test_operator_rates_are_checked_changed_and_withdrawn(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    base = {
        "product": "SPDC05",
        "amount_per_field": 2000,
        "valid_from": "2027-01-01",
        "legal_basis": "TT mới",
    }
    created = await client.post("/api/v1/fees/operator-rates", json=base, headers=world.operator)
    rate_id = created.json()["rate_id"]
    overlap = await client.post(
        "/api/v1/fees/operator-rates", json={**base, "valid_from": "2027-06-01"}, headers=world.operator
    )
    assert overlap.status_code == 409 and overlap.json()["code"] == "fees.rate_overlap"
    backwards = await client.post(
        "/api/v1/fees/operator-rates",
        json={**base, "product": "SPDC01", "valid_to": "2026-01-01"},
        headers=world.operator,
    )
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "valid_to"
    negative = await client.post(
        "/api/v1/fees/operator-rates", json={**base, "amount_per_field": -1}, headers=world.operator
    )
    assert negative.status_code == 422 and negative.json()["errors"][0]["field"] == "amount_per_field"
    for headers in (world.collector, world.bank_staff):
        assert (
            await client.post("/api/v1/fees/operator-rates", json=base, headers=headers)
        ).status_code == 403
    change = {"amount_per_field": 1800, "valid_to": "2027-05-31", "legal_basis": "TT mới, sửa đổi"}
    changed = await client.put(f"/api/v1/fees/operator-rates/{rate_id}", json=change, headers=world.operator)
    assert changed.status_code == 200 and changed.json()["amount_per_field"] == 1800
    on_june = (await client.get("/api/v1/fees/rates", params={"on": "2027-06-01"})).json()
    assert {r["product"]: r for r in on_june["rates"]}["SPDC05"]["source"] == "shipped"
    withdrawn = await client.delete(f"/api/v1/fees/operator-rates/{rate_id}", headers=world.operator)
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_at"] is not None
    on_jan = (await client.get("/api/v1/fees/rates", params={"on": "2027-01-01"})).json()
    assert {r["product"]: r for r in on_jan["rates"]}["SPDC05"]["amount_per_field"] == 1000
    again = await client.delete(f"/api/v1/fees/operator-rates/{rate_id}", headers=world.operator)
    assert again.status_code == 409
    listed = await client.get(
        "/api/v1/fees/operator-rates", params={"include_withdrawn": True}, headers=world.operator
    )
    assert [r["rate_id"] for r in listed.json()] == [rate_id]
    rate_events = {EventType.FEE_RATE_CREATED, EventType.FEE_RATE_CHANGED, EventType.FEE_RATE_WITHDRAWN}
    types = list(await session.scalars(select(Event.event_type).where(Event.event_type.in_(rate_events))))
    assert sorted(types) == sorted(rate_events)


async def test_public_rates_need_no_login_and_validate_the_date(client: httpx.AsyncClient) -> None:
    half = await client.get("/api/v1/fees/rates", params={"on": "2023-12-31"})
    assert half.status_code == 200
    assert {r["amount_per_field"] for r in half.json()["rates"]} == {500}
    assert len(half.json()["rates"]) == 5
    assert (half.json()["collector_percent"], half.json()["remitted_percent"]) == (30, 70)
    assert {e["actor_group"] for e in half.json()["exemptions"]} >= {"k1", None}
    none = await client.get("/api/v1/fees/rates", params={"on": "2020-01-01"})
    assert none.json()["rates"] == []
    bad = await client.get("/api/v1/fees/rates", params={"on": "hôm qua"}, headers={"Accept-Language": "en"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "on"


async def test_the_printable_receipt_page(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    receipt = await issue(session, world.bank, ref="GN-PRINT")
    page = await client.get(
        f"/fees/receipts/{receipt.id}", headers={**world.bank_staff, "Accept": "text/html"}
    )
    assert page.status_code == 200, page.text
    html = page.text
    assert "Biên lai thu phí khai thác thông tin trong CSDLQG về dân cư" in html
    for text in (
        receipt.number,
        "SPDC03",
        "3.000 đồng",
        "1.000 đồng",
        "Chưa thanh toán",
        "Công an Phường Hoàn Kiếm",
        "900 đồng",
    ):
        assert text in html, text
    anonymous = await client.get(f"/fees/receipts/{receipt.id}", headers={"Accept": "text/html"})
    assert anonymous.status_code == 303


def test_cli_assess_prints_the_fee(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "fees.sqlite3")
    assert run_cli("db", "upgrade", database_url=url).exit_code == 0
    assess = ("fees", "assess", "--product", "SPDC03", "--fields", "3", "--group", "k2")
    done = run_cli(*assess, "--on", "2026-11-29", database_url=url)
    assert done.exit_code == 0, done.stderr
    body = json.loads(done.stdout)
    assert (body["amount"], body["unit_price"], body["amount_text"]) == (3000, 1000, "3.000 đồng")
    exempt = run_cli(
        "fees", "assess", "--product", "SPDC04", "--fields", "2", "--group", "k1", database_url=url
    )
    exempt_body = json.loads(exempt.stdout)
    assert (exempt_body["amount"], exempt_body["exemption"]) == (0, "state_body")
    early = run_cli(*assess, "--on", "2020-01-01", database_url=url)
    assert early.exit_code != 0 and "fees.no_rate" in early.stderr


class _Gateway:
    """A payment gateway stand-in: confirms only the references it was told about."""

    name = "gateway"

    def __init__(self, known: set[str]) -> None:
        self.known = known

    async def confirm(self, receipt: FeeReceipt, reference: str | None) -> payments.PaymentResult:
        ok = reference in self.known
        return payments.PaymentResult(confirmed=ok, paid_at=now_utc(), reference=reference)


async def test_a_registered_adapter_decides_whether_money_arrived(
    session: AsyncSession, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(payments._adapters, "gateway", _Gateway({"TXN-1"}))
    receipt = await issue(session, world.bank, ref="GN-GW")
    with pytest.raises(DomainError) as caught:
        await actions.record_payment(session, receipt.id, method="gateway", reference="TXN-0", actor=SYSTEM)
    assert (caught.value.code, caught.value.status) == ("fees.payment_not_confirmed", 422)
    assert receipt.status is ReceiptStatus.UNPAID
    paid = await actions.record_payment(
        session, receipt.id, method="gateway", reference="TXN-1", actor=SYSTEM
    )
    assert (paid.status, paid.payment_method, paid.payment_reference) == (
        ReceiptStatus.PAID,
        "gateway",
        "TXN-1",
    )
    assert "gateway" in payments.adapter_names() and "counter" in payments.adapter_names()
