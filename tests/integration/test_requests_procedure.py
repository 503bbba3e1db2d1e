"""The exploitation procedure through the API, end to end, on both engines."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.models import Event
from dancu.exploitation.requests.actions.consent_inbox import INBOX_PURPOSE
from dancu.registry.queries import citizen_by_pin
from tests.integration.request_support import (
    OTHER_NAME,
    World,
    build_world,
    consent,
    file,
    officer_post,
    pay_then_deliver,
    request_body,
    subject,
)
from tests.support.builders import NAME, birth_body, born_aged


@pytest.fixture
async def world(client: httpx.AsyncClient, session: AsyncSession) -> World:
    return await build_world(client, session)


THREE = ["full_name", "date_of_birth", "permanent_residence"]


async def test_bank_consent_approve_deliver_and_the_tracker_shows_it(
    client: httpx.AsyncClient, world: World
) -> None:
    filed = await file(client, world.bank, request_body([subject(world.customer_pin)], THREE))
    ref = filed["ref"]
    assert filed["status"] == "consent_pending"
    assert (filed["competent_role"], filed["competent_unit"]) == ("provincial_police", "01")
    assert filed["due_on"] is None  # the clock waits for the subject's consent
    assert filed["attachments"][0]["media_type"] == "application/pdf"

    pending = (await client.get("/api/v1/consents", headers=world.customer)).json()
    [mine] = [c for c in pending if c["request_ref"] == ref]
    assert mine["requester_label"] == "Ngân hàng TMCP Thử nghiệm" and mine["for_self"]
    early = await client.post(
        f"/api/v1/consents/{mine['consent_ref']}/decision",
        json={"granted": ["full_name"], "refused": ["date_of_birth", "permanent_residence"]},
        headers=world.customer,
    )
    assert early.status_code == 409 and early.json()["code"] == "consent.preview_required"
    preview = await client.get(f"/api/v1/consents/{mine['consent_ref']}/preview", headers=world.customer)
    assert set(preview.json()["fields"]) == set(THREE)

    decided = await consent(
        client, world.customer, ref, ["full_name", "permanent_residence"], ["date_of_birth"]
    )
    assert decided["status"] == "given"
    routed = (await client.get(f"/api/v1/requests/{ref}", headers=world.bank)).json()
    assert routed["status"] == "routed" and routed["due_on"] is not None

    # Only the competent officer decides: another province and the commune see nothing.
    for stranger in (world.province_79, world.commune):
        assert (await officer_post(client, stranger, ref, "approve", {})).status_code == 404
    queue = (await client.get("/api/v1/officer/requests", headers=world.province)).json()["requests"]
    assert ref in [r["ref"] for r in queue]
    approved = await officer_post(client, world.province, ref, "approve", {"valid_days": 10})
    assert approved.status_code == 200, approved.text
    permit = approved.json()["permit"]
    assert permit["fields"] == ["full_name", "permanent_residence"]

    delivered = await pay_then_deliver(client, world.bank, world.province, ref)
    assert delivered.status_code == 201, delivered.text
    body = delivered.json()
    [released] = body["subjects"]
    assert set(released["values"]) == {"full_name", "permanent_residence"}
    assert "date_of_birth" not in released["values"]
    assert body["field_count"] == 2 and body["channel"] == "portal" and not body["fee_exempt"]
    again = await client.post(f"/api/v1/requests/{ref}/delivery", headers=world.bank)
    assert again.status_code == 409

    tracker = (await client.get("/api/v1/audit/tracker", headers=world.customer)).json()["entries"]
    [entry] = [e for e in tracker if e["permit_ref"] == permit["number"]]
    assert entry["request_ref"] == ref and entry["consent_ref"] == mine["consent_ref"]
    assert entry["organisation_label"] == "Ngân hàng TMCP Thử nghiệm" and entry["actor_group"] == "k2"
    assert entry["fields"] == ["full_name", "permanent_residence"]

    receipt = (
        await client.get(f"/api/v1/consents/{mine['consent_ref']}/receipt", headers=world.customer)
    ).json()
    assert receipt["granted_fields"] == ["full_name", "permanent_residence"]
    assert receipt["artefact"] == "vneid_confirmation"


async def test_another_organisation_or_citizen_cannot_see_a_request(
    client: httpx.AsyncClient, world: World
) -> None:
    filed = await file(client, world.bank, request_body([subject(world.customer_pin)], ["full_name"]))
    # The customer is neither the requester nor (here) asking: the requester API hides the request.
    for stranger in (world.customer, world.other):
        assert (await client.get(f"/api/v1/requests/{filed['ref']}", headers=stranger)).status_code == 404
    consents = (await client.get("/api/v1/consents", headers=world.other)).json()
    assert [c for c in consents if c["request_ref"] == filed["ref"]] == []
    ref = (await client.get("/api/v1/consents", headers=world.customer)).json()[0]["consent_ref"]
    for action in ("preview", "receipt"):
        assert (await client.get(f"/api/v1/consents/{ref}/{action}", headers=world.other)).status_code == 404


async def test_no_consent_no_delivery_and_withdrawal_before_delivery(
    client: httpx.AsyncClient, world: World
) -> None:
    two = [subject(world.customer_pin), subject(world.other_pin, OTHER_NAME)]
    ref = (await file(client, world.bank, request_body(two, ["full_name", "sex"])))["ref"]
    await consent(client, world.customer, ref, ["full_name", "sex"], [])
    await consent(client, world.other, ref, [], ["full_name", "sex"])
    approved = (await officer_post(client, world.province, ref, "approve", {})).json()
    assert len(approved["permit"]["subjects"]) == 1
    # The consenting customer withdraws before delivery: nobody is left to deliver.
    consent_ref = approved["subjects"][0]["consent_ref"]
    withdrawn = await client.post(f"/api/v1/consents/{consent_ref}/withdraw", headers=world.customer)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    refused = await client.post(f"/api/v1/requests/{ref}/delivery", headers=world.bank)
    assert refused.status_code == 409 and refused.json()["code"] == "request.nothing_to_deliver"


async def test_a_field_without_consent_is_never_delivered(client: httpx.AsyncClient, world: World) -> None:
    two = [subject(world.customer_pin), subject(world.other_pin, OTHER_NAME)]
    ref = (await file(client, world.bank, request_body(two, ["full_name", "sex", "mobile"])))["ref"]
    await consent(client, world.customer, ref, ["sex"], ["full_name", "mobile"])
    await consent(client, world.other, ref, ["full_name"], ["sex", "mobile"])
    assert (await officer_post(client, world.province, ref, "approve", {})).status_code == 200
    body = (await pay_then_deliver(client, world.bank, world.province, ref)).json()
    released = {s["pin"]: s for s in body["subjects"]}
    assert released[world.customer_pin]["fields"] == ["sex"]
    assert set(released[world.customer_pin]["values"]) <= {"sex"}
    assert released[world.other_pin]["fields"] == ["full_name"]
    assert set(released[world.other_pin]["values"]) == {"full_name"}
    # The customer refused their name: it appears nowhere in what the bank receives about them.
    assert NAME not in str(released[world.customer_pin])
    assert set(released[world.customer_pin]) == {
        "position",
        "pin",
        "consent_ref",
        "fields",
        "values",
        "field_count",
    }


async def test_everyone_refusing_ends_the_request_refused(client: httpx.AsyncClient, world: World) -> None:
    ref = (await file(client, world.bank, request_body([subject(world.customer_pin)], ["full_name"])))["ref"]
    await consent(client, world.customer, ref, [], ["full_name"])
    shown = (await client.get(f"/api/v1/requests/{ref}", headers=world.bank)).json()
    assert shown["status"] == "refused" and shown["refusal_grounds"] == ["consent_refused"]
    assert (await client.post(f"/api/v1/requests/{ref}/delivery", headers=world.bank)).status_code == 404


async def test_channel_field_and_subject_checks(client: httpx.AsyncClient, world: World) -> None:
    direct = await client.post(
        "/api/v1/requests",
        json=request_body([subject(world.customer_pin)], ["full_name"], channel="direct"),
        headers=world.bank,
    )
    assert direct.status_code == 403 and direct.json()["code"] == "request.channel_not_allowed"
    k4_direct = await client.post(
        "/api/v1/requests",
        json=request_body([subject(world.customer_pin)], ["full_name"], channel="direct"),
        headers=world.other,
    )
    assert k4_direct.status_code == 403 and k4_direct.json()["code"] == "request.channel_not_allowed"
    religion = await client.post(
        "/api/v1/requests", json=request_body([subject(world.customer_pin)], ["religion"]), headers=world.bank
    )
    assert religion.status_code == 422 and religion.json()["code"] == "request.field_not_allowed"
    assert religion.json()["errors"][0]["rule"] == "request.sensitive_not_allowed"
    outside = await client.post(
        "/api/v1/requests", json=request_body([subject(world.customer_pin)], ["email"]), headers=world.bank
    )
    assert outside.json()["errors"][0]["rule"] == "request.outside_mandate"
    wrong = [subject(world.customer_pin, "Nguyễn Minh Khanh"), subject(world.other_pin, OTHER_NAME, "1990")]
    mismatch = await client.post(
        "/api/v1/requests", json=request_body(wrong, ["full_name"]), headers=world.bank
    )
    assert mismatch.status_code == 422
    assert [(e["field"], e["rule"]) for e in mismatch.json()["errors"]] == [
        ("subjects.0.full_name", "request.subject_mismatch"),
        ("subjects.1.date_of_birth", "request.subject_mismatch"),
    ]
    assert NAME not in mismatch.text and "1985" not in mismatch.text
    no_commitment = request_body([subject(world.customer_pin)], ["full_name"])
    no_commitment["commitment"]["accepted"] = False
    refused = await client.post("/api/v1/requests", json=no_commitment, headers=world.bank)
    assert refused.json()["errors"][0]["field"] == "commitment.accepted"


async def test_attachments_are_checked_by_content(client: httpx.AsyncClient, world: World) -> None:
    body: dict[str, Any] = request_body([subject(world.customer_pin)], ["full_name"])
    body["attachments"][0]["media_type"] = "image/png"
    response = await client.post("/api/v1/requests", json=body, headers=world.bank)
    assert response.status_code == 422
    assert response.json()["errors"][0]["rule"] == "request.attachment_type_mismatch"
    body["attachments"][0] |= {"media_type": "application/pdf", "content_base64": "****"}
    response = await client.post("/api/v1/requests", json=body, headers=world.bank)
    assert response.json()["errors"][0]["rule"] == "request.not_base64"
    body["attachments"][0]["media_type"] = "text/html"
    assert (await client.post("/api/v1/requests", json=body, headers=world.bank)).status_code == 422


async def test_an_individual_is_refused_with_grounds(client: httpx.AsyncClient, world: World) -> None:
    """A k4 individual (a citizen asking about someone else) through the identity app."""
    filed = await file(
        client, world.other, request_body([subject(world.customer_pin)], ["permanent_residence"])
    )
    assert filed["actor_group"] == "k4" and filed["channel"] == "identity_app"
    assert (filed["competent_role"], filed["competent_unit"]) == ("commune_police", "00070")
    await consent(client, world.customer, filed["ref"], ["permanent_residence"], [])
    no_text = await officer_post(
        client, world.commune, filed["ref"], "refuse", {"grounds": ["other"], "text": ""}
    )
    assert no_text.status_code == 422
    no_ground = await officer_post(
        client, world.commune, filed["ref"], "refuse", {"grounds": [], "text": "Không rõ"}
    )
    assert no_ground.status_code == 422
    assert (await officer_post(client, world.province, filed["ref"], "refuse", {})).status_code == 422
    refused = await officer_post(
        client,
        world.commune,
        filed["ref"],
        "refuse",
        {
            "grounds": ["purpose_not_lawful", "insufficient_documents"],
            "text": "Mục đích không được chứng minh",
        },
    )
    assert refused.status_code == 200, refused.text
    out = refused.json()
    assert out["status"] == "refused" and out["refusal_grounds"] == [
        "purpose_not_lawful",
        "insufficient_documents",
    ]
    seen = (await client.get(f"/api/v1/requests/{filed['ref']}", headers=world.other)).json()
    assert seen["refusal_text"] == "Mục đích không được chứng minh"


async def test_own_data_needs_no_consent_and_is_fee_exempt(client: httpx.AsyncClient, world: World) -> None:
    filed = await file(
        client, world.customer, request_body([subject(world.customer_pin)], ["religion", "sex"])
    )
    assert filed["own_data"] and filed["actor_group"] == "citizen" and filed["status"] == "routed"
    assert filed["subjects"][0]["consent_status"] == "not_required"
    assert (await officer_post(client, world.commune, filed["ref"], "approve", {})).status_code == 200
    delivered = (
        await client.post(f"/api/v1/requests/{filed['ref']}/delivery", headers=world.customer)
    ).json()
    assert delivered["fee_exempt"] and delivered["subjects"][0]["fields"] == ["sex", "religion"]


async def test_a_written_request_enters_the_same_procedure(client: httpx.AsyncClient, world: World) -> None:
    body = request_body(
        [subject(world.customer_pin) | {"paper_consent": "dc02_signature"}],
        ["full_name"],
        requester_pin=world.other_pin,
        document_number="VB-12/2026",
    )
    registered = await client.post("/api/v1/officer/requests/written", json=body, headers=world.commune)
    assert registered.status_code == 201, registered.text
    out = registered.json()
    assert out["channel"] == "written" and out["status"] == "routed"
    assert out["subjects"][0]["artefact"] == "dc02_signature"
    assert (out["competent_role"], out["competent_unit"]) == ("commune_police", "00070")
    # The requester follows it with their own account.
    assert (await client.get(f"/api/v1/requests/{out['ref']}", headers=world.other)).status_code == 200
    no_scan = body | {"attachments": []}
    missing = await client.post("/api/v1/officer/requests/written", json=no_scan, headers=world.commune)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "attachments"
    # Officers file nothing through the requester API.
    assert (await client.post("/api/v1/requests", json=body, headers=world.commune)).status_code == 403


async def test_a_parent_decides_for_a_child_under_14(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    born_on = born_aged(6)  # under 14 whenever the suite runs
    body = birth_body(
        full_name={"family": "Nguyễn", "middle": "Minh", "given": "An"},
        date_of_birth=born_on,
        father={"pin": world.customer_pin},
    )
    born = await client.post("/api/v1/registry/births", json=body, headers=world.c06)
    assert born.status_code == 201, born.text
    child_pin = born.json()["pin"]
    filed = await file(
        client, world.bank, request_body([subject(child_pin, "Nguyễn Minh An", born_on)], ["sex"])
    )
    pending = (await client.get("/api/v1/consents", headers=world.customer)).json()
    [for_child] = [c for c in pending if c["request_ref"] == filed["ref"]]
    assert for_child["basis"] == "parent" and not for_child["for_self"]
    # The list names the child: the child's log has that read, naming the father; his own name is his.
    child = await citizen_by_pin(session, child_pin)
    named = await session.scalars(
        select(Event).where(Event.subject_citizen_id == child.id, Event.purpose == INBOX_PURPOSE)
    )
    [entry] = named.all()
    assert entry.fields == ["full_name"] and entry.actor_account_id is not None
    father = await citizen_by_pin(session, world.customer_pin)
    own = select(Event.id).where(Event.subject_citizen_id == father.id, Event.purpose == INBOX_PURPOSE)
    assert (await session.scalars(own)).all() == []
    # Nobody else may decide for the child.
    assert [
        c
        for c in (await client.get("/api/v1/consents", headers=world.other)).json()
        if c["request_ref"] == filed["ref"]
    ] == []
    await consent(client, world.customer, filed["ref"], ["sex"], [])
    receipt = (
        await client.get(f"/api/v1/consents/{for_child['consent_ref']}/receipt", headers=world.customer)
    ).json()
    assert receipt["decided_by_representative"] and receipt["artefact"] == "representative_signature"
    assert receipt["representation_basis"] == "parent"


async def test_the_result_waits_for_the_fee_collected_by_the_deciding_unit(
    client: httpx.AsyncClient, world: World
) -> None:
    """TT 48/2022 Điều 2 khoản 2: the payer "nộp phí khi nhận kết quả" — nothing is released before
    the receipt is paid; Điều 3: the fee is collected by the unit that provides the result (here the
    Hà Nội PC06, which decided), named on the receipt; another province's police cannot collect it."""
    ref = (await file(client, world.bank, request_body([subject(world.customer_pin)], ["full_name"])))["ref"]
    await consent(client, world.customer, ref, ["full_name"], [])
    assert (await officer_post(client, world.province, ref, "approve", {})).status_code == 200
    unpaid = await client.post(f"/api/v1/requests/{ref}/delivery", headers=world.bank)
    assert unpaid.status_code == 402 and unpaid.json()["code"] == "fees.payment_required"
    assert "PC06" in unpaid.json()["title"] and "Hà Nội" in unpaid.json()["title"]
    assert (await client.get(f"/api/v1/requests/{ref}/delivery", headers=world.bank)).status_code == 404
    tracker = (await client.get("/api/v1/audit/tracker", headers=world.customer)).json()["entries"]
    assert [e for e in tracker if e.get("request_ref") == ref and e.get("permit_ref")] == []
    again = await client.post(f"/api/v1/requests/{ref}/delivery", headers=world.bank)
    assert again.status_code == 402  # the same receipt, not a second one
    [receipt] = [
        r
        for r in (await client.get("/api/v1/fees/receipts", headers=world.bank)).json()["items"]
        if r["source_ref"] == ref
    ]
    assert receipt["collector_unit_code"] == "01" and receipt["collector"].startswith("Phòng Cảnh sát")
    assert receipt["status"] == "unpaid" and receipt["amount"] == 1000
    pay = {"method": "counter", "reference": "Q-1"}
    url = f"/api/v1/fees/receipts/{receipt['receipt_id']}/payments"
    assert (await client.post(url, json=pay, headers=world.province_79)).status_code == 403
    delivered = await pay_then_deliver_after_payment(client, world, ref, url, pay)
    assert delivered.status_code == 201, delivered.text
    assert delivered.json()["outputs"]["receipt_number"] == receipt["number"]


async def pay_then_deliver_after_payment(
    client: httpx.AsyncClient, world: World, ref: str, url: str, pay: dict[str, str]
) -> httpx.Response:
    assert (await client.post(url, json=pay, headers=world.province)).status_code == 200
    return await client.post(f"/api/v1/requests/{ref}/delivery", headers=world.bank)
