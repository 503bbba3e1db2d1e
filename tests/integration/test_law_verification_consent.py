"""Issue 12, point 1 (verification): a one-off consent per question as well as a standing consent.
domain.md §3.7: a permit (the head's permission: requester, purpose, questions, validity) and, per
subject, a consent covering that requester, purpose and those questions; "alerts on probing"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.models import Event, EventType
from dancu.clock import now_utc
from dancu.exploitation.fees.enums import ProductCode
from dancu.exploitation.fees.models import FeeReceipt
from dancu.lookup.models import VerificationAsk, VerificationQuestion
from dancu.notify.models import CitizenNotification, OutboxMessage
from tests.integration.request_support import (
    World,
    build_world,
    consent,
    file,
    officer_post,
    request_body,
    subject,
)
from tests.support.builders import dossier

UNKNOWN_PIN = "001085999999"
QUESTION = {"question": "age_at_least", "years": 18, "purpose": "Mở tài khoản thanh toán"}
ASKS = "/api/v1/verify/consent-requests"
MINE = "/api/v1/eid/me/verification-asks"


async def _permit(client: httpx.AsyncClient, world: World) -> str:
    """The head's permission for the bank to ask about the date of birth (standing consent of the
    customer only)."""
    filed = await file(client, world.bank, request_body([subject(world.customer_pin)], ["date_of_birth"]))
    await consent(client, world.customer, filed["ref"], ["date_of_birth"], [])
    approved = await officer_post(client, world.province, filed["ref"], "approve", {})
    assert approved.status_code == 200, approved.text
    return str(approved.json()["permit"]["number"])


async def _ask(client: httpx.AsyncClient, world: World, pin: str) -> dict[str, Any]:
    asked = await client.post(ASKS, json={**QUESTION, "pin": pin}, headers=world.bank)
    assert asked.status_code == 202, asked.text
    assert asked.headers["location"] == f"{ASKS}/{asked.json()['ref']}"
    body: dict[str, Any] = asked.json()
    return body


async def _poll(client: httpx.AsyncClient, world: World, ref: str) -> dict[str, Any]:
    polled = await client.get(f"{ASKS}/{ref}", headers=world.bank)
    assert polled.status_code == 200, polled.text
    body: dict[str, Any] = polled.json()
    return body


async def test_a_one_off_consent_answers_a_single_waiting_question(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """New NĐ 70 Điều 9 khoản 5: khoản 8 requesters exploit "khi được cá nhân là chủ thể của thông tin
    được khai thác đồng ý"; NĐ 70 Điều 10 khoản 2: the subject confirms consent "thông qua ứng dụng
    định danh quốc gia"; TT 48/2022: SPDC01 per field for the answer."""
    world = await build_world(client, session)
    permit = await _permit(client, world)
    mobile = {"item": "mobile", "value": "0912345678", "valid_from": "2026-01-01", **dossier()}
    updated = await client.post(
        f"/api/v1/registry/citizens/{world.other_pin}/updates", json=mobile, headers=world.c06
    )
    assert updated.status_code == 204, updated.text
    # No standing consent of this person: a direct question is refused …
    direct = await client.post(
        "/api/v1/verify", json={**QUESTION, "pin": world.other_pin}, headers=world.bank
    )
    assert direct.status_code == 403 and direct.json()["code"] == "verify.no_consent"
    # … but the bank may ask the person to agree to this one question; it waits.
    asked = await _ask(client, world, world.other_pin)
    assert asked["status"] == "pending" and asked["permit"] == permit and "answer" not in asked
    ref = asked["ref"]
    notice = await session.scalar(
        select(CitizenNotification).where(
            CitizenNotification.citizen_id == world.other_id,
            CitizenNotification.link == f"/app/xac-thuc/{ref}",
        )
    )
    assert notice is not None and notice.message_key == "verify.notice_ask"
    sms = await session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "0912345678"))
    assert sms is not None and f"/app/xac-thuc/{ref}" in sms.body and ref in sms.body
    assert (await _poll(client, world, ref))["status"] == "pending"

    # Another person cannot decide it; the subject sees it and agrees.
    other = await client.post(MINE, json={"ref": ref, "approve": True}, headers=world.customer)
    assert other.status_code == 404
    pending = await client.get(MINE, headers=world.other)
    assert [a["ref"] for a in pending.json()] == [ref]
    assert pending.json()[0]["fields"] == ["date_of_birth"]
    agreed = await client.post(MINE, json={"ref": ref, "approve": True}, headers=world.other)
    assert agreed.status_code == 204, agreed.text
    assert (await client.get(MINE, headers=world.other)).json() == []
    again = await client.post(MINE, json={"ref": ref, "approve": False}, headers=world.other)
    assert again.status_code == 409

    answered = await _poll(client, world, ref)
    assert answered["status"] == "answered" and answered["answer"] is True
    receipt = await session.get(FeeReceipt, answered["fee_receipt"])
    assert receipt is not None and receipt.product is ProductCode.SPDC01 and receipt.amount == 1000
    assert await _poll(client, world, ref) == answered  # answered once, charged once
    given = await session.scalar(
        select(Event).where(Event.event_type == EventType.VERIFY_CONSENT_GIVEN, Event.consent_ref == ref)
    )
    assert given is not None and given.subject_citizen_id == world.other_id
    # The one-off consent covers that question only: the next one is refused again.
    next_one = await client.post(
        "/api/v1/verify", json={**QUESTION, "pin": world.other_pin}, headers=world.bank
    )
    assert next_one.status_code == 403


async def test_a_declined_a_lapsed_and_an_unknown_pin_look_the_same(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """domain.md §3.7: "one answer shape for no match, unknown PIN and no consent, so that existence
    leaks nothing"; the question is refused on decline or lapse."""
    world = await build_world(client, session)
    await _permit(client, world)
    declined = await _ask(client, world, world.other_pin)
    lapsing = await _ask(client, world, world.third_pin)
    unknown = await _ask(client, world, UNKNOWN_PIN)
    assert {k for k in declined} == {k for k in unknown}
    refused = await client.post(MINE, json={"ref": declined["ref"], "approve": False}, headers=world.other)
    assert refused.status_code == 204
    assert (await _poll(client, world, declined["ref"]))["status"] == "refused"
    assert (await _poll(client, world, unknown["ref"]))["status"] == "pending"
    # The wait (verification.json one_off_wait_hours) passes for the other two.
    for ask in await session.scalars(select(VerificationAsk).where(VerificationAsk.ref != declined["ref"])):
        ask.expires_at = now_utc() - dt.timedelta(minutes=1)
    await session.flush()
    shapes = [await _poll(client, world, a["ref"]) for a in (declined, lapsing, unknown)]
    assert [s["status"] for s in shapes] == ["refused"] * 3
    assert all("answer" not in s and "fee_receipt" not in s for s in shapes)
    assert {frozenset(s) for s in shapes} == {frozenset(shapes[0])}
    outcomes = set(await session.scalars(select(VerificationQuestion.outcome)))
    assert {"verify.consent_declined", "verify.consent_lapsed"} <= outcomes


async def test_no_permit_no_ask(client: httpx.AsyncClient, session: AsyncSession) -> None:
    """New NĐ 70 Điều 9 khoản 5: consent "and with the head's permission" (domain.md §3.7: a permit):
    the subject's agreement alone does not let an organisation ask."""
    world = await build_world(client, session)
    asked = await client.post(ASKS, json={**QUESTION, "pin": world.other_pin}, headers=world.bank)
    assert asked.status_code == 403 and asked.json()["code"] == "verify.no_permit"
    assert (
        await session.scalar(
            select(CitizenNotification).where(CitizenNotification.citizen_id == world.other_id)
        )
        is None
    )


@pytest.mark.parametrize("over_the_limit", [ASKS, "/api/v1/verify"])
async def test_hitting_the_probing_limit_alerts_the_subject_and_the_operator(
    client: httpx.AsyncClient, session: AsyncSession, over_the_limit: str
) -> None:
    """domain.md §3.7 (oracle protection [M]): "rate limits and daily caps per requester and per
    subject (configurable); alerts on probing (many questions on one subject …)" — whether the
    questions past the cap are one-off consent asks or plain yes/no questions."""
    world = await build_world(client, session)
    await _permit(client, world)
    for _ in range(5):
        ok = await client.post(
            "/api/v1/verify", json={**QUESTION, "pin": world.customer_pin}, headers=world.bank
        )
        assert ok.status_code == 200, ok.text
    for _ in range(2):
        capped = await client.post(
            over_the_limit, json={**QUESTION, "pin": world.customer_pin}, headers=world.bank
        )
        assert capped.status_code == 429 and capped.json()["code"] == "verify.limit_subject"
        assert int(capped.headers["Retry-After"]) > 0  # every 429 states it
    alerts = list(
        await session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == "c06.giamsat@canhbao.dancu.local")
        )
    )
    assert len(alerts) == 1 and "verify.limit_subject" in alerts[0].body  # once, not per question
    told = list(
        await session.scalars(
            select(CitizenNotification).where(
                CitizenNotification.citizen_id == world.customer_id,
                CitizenNotification.message_key == "verify.notice_probing",
            )
        )
    )
    assert len(told) == 1


async def test_the_identity_app_link_opens_the_question_and_records_the_decision(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """NĐ 70 Điều 10 khoản 2: the subject confirms "thông qua ứng dụng định danh quốc gia"; the link in
    the notice opens the single question; another person's link is "not found"."""
    world = await build_world(client, session)
    await _permit(client, world)
    ref = (await _ask(client, world, world.other_pin))["ref"]
    page = await client.get(f"/app/xac-thuc/{ref}", headers=world.other)
    assert page.status_code == 200 and 'id="decide"' in page.text and "Đủ tuổi theo mốc" in page.text
    assert (await client.get(f"/app/xac-thuc/{ref}", headers=world.customer)).status_code == 404
    declined = await client.post(f"/app/xac-thuc/{ref}", data={"decision": "decline"}, headers=world.other)
    assert declined.status_code == 303
    shown = await client.get(declined.headers["location"], headers=world.other)
    assert "bạn không đồng ý" in shown.text and 'id="decide"' not in shown.text
    assert (await _poll(client, world, ref))["status"] == "refused"
