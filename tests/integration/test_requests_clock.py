"""The decision clock through the API: 3 working days, pauses, escalation, overdue, lapsed permits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu import clock
from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.exploitation.requests.actions.escalate import escalate_due
from dancu.notify.models import OutboxMessage
from tests.integration.request_support import build_world, consent, file, officer_post, request_body, subject
from tests.support.builders import issue_headers, make_officer, organisation

OFFICER_PASSWORD = "mat-khau-rat-dai-123"


@contextmanager
def on(day: str, hour: int = 3) -> Iterator[None]:
    """Freeze the clock at ``hour`` UTC of ``day`` (10:00 in Viet Nam)."""
    with clock.freeze(dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=dt.UTC)):
        yield


async def _k1_request(client: httpx.AsyncClient, session: AsyncSession) -> tuple[Any, str, dict[str, str]]:
    world = await build_world(client, session)
    await organisation(client, world.registrar, "so.tuphap", unit_code="01")
    agency = await issue_headers(session, "so.tuphap")
    filed = await file(client, agency, request_body([subject(world.customer_pin)], ["full_name", "sex"]))
    return world, filed["ref"], agency


async def test_three_working_days_and_a_clarification_pause(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    with on("2026-12-07"):  # Monday
        world, ref, _ = await _k1_request(client, session)
        shown = (await client.get(f"/api/v1/officer/requests/{ref}", headers=world.province)).json()
        assert shown["status"] == "routed" and shown["received_on"] == "2026-12-07"
        assert shown["due_on"] == "2026-12-10"
    with on("2026-12-08"):
        officer = await issue_headers(session, "pc06.hn")
        asked = await officer_post(
            client, officer, ref, "clarification", {"question": "Bổ sung quyết định giao nhiệm vụ"}
        )
        assert asked.status_code == 200, asked.text
        assert asked.json()["status"] == "clarification_requested" and asked.json()["due_on"] is None
        assert (await officer_post(client, officer, ref, "approve", {})).status_code == 409
    with on("2026-12-10"):
        agency = await issue_headers(session, "so.tuphap")
        answered = await client.post(
            f"/api/v1/requests/{ref}/clarification", json={"answer": "Đã bổ sung quyết định"}, headers=agency
        )
        assert answered.status_code == 200, answered.text
        # 8, 9 and 10 December were paused: the three days are 11, 14 and 15 December.
        assert answered.json()["status"] == "routed" and answered.json()["due_on"] == "2026-12-15"
        [pause] = answered.json()["pauses"]
        assert pause["kind"] == "clarification" and pause["answer"] == "Đã bổ sung quyết định"


async def test_escalation_before_expiry_and_overdue(client: httpx.AsyncClient, session: AsyncSession) -> None:
    """NĐ 70 Điều 9 khoản 2 gives a Hà Nội provincial body's request to "Giám đốc Công an cấp tỉnh";
    domain.md §3.3: near a deadline, notify the head and the superior tier, "never move the decision
    to another tier". C06 is alerted and may read the request, but only PC06 Hà Nội decides."""
    with on("2026-12-07"):
        _, ref, _ = await _k1_request(client, session)
        await make_officer(session, username="c06.lanhdao", role=OfficerRole.IDENTITY_AGENCY)
    system = Actor.system("test")
    with on("2026-12-08"):
        assert (await escalate_due(session, now=clock.now_utc(), actor=system)).escalated == []
    with on("2026-12-09"):  # one working day before the deadline
        result = await escalate_due(session, now=clock.now_utc(), actor=system)
        assert result.escalated == [ref]
        assert (await escalate_due(session, now=clock.now_utc(), actor=system)).escalated == []
        messages = list(
            await session.scalars(select(OutboxMessage).where(OutboxMessage.subject.contains(ref)))
        )
        assert [m.recipient for m in messages] == [
            "provincial_police.01@canhbao.dancu.local",
            "identity_agency.c06@canhbao.dancu.local",
        ]
        superior = await issue_headers(session, "c06.lanhdao")
        queue = (await client.get("/api/v1/officer/requests", headers=superior)).json()["requests"]
        assert [r["ref"] for r in queue] == [ref] and queue[0]["escalated"]
    with on("2026-12-11"):
        superior = await issue_headers(session, "c06.lanhdao")
        late = (await client.get(f"/api/v1/officer/requests/{ref}", headers=superior)).json()
        assert late["overdue"] is True
        usurped = await officer_post(client, superior, ref, "approve", {"valid_days": 2})
        assert usurped.status_code == 403 and usurped.json()["code"] == "request.not_competent"
        director = await issue_headers(session, "pc06.hn")
        approved = await officer_post(client, director, ref, "approve", {"valid_days": 2})
        assert approved.status_code == 200, approved.text
    with on("2026-12-14"):  # the permit ran until 13 December
        agency = await issue_headers(session, "so.tuphap")
        lapsed = await client.post(f"/api/v1/requests/{ref}/delivery", headers=agency)
        assert lapsed.status_code == 409 and lapsed.json()["code"] == "request.permit_expired"
        assert (await escalate_due(session, now=clock.now_utc(), actor=system)).expired == [ref]
        shown = (await client.get(f"/api/v1/requests/{ref}", headers=agency)).json()
        assert shown["status"] == "expired"


async def test_consent_time_does_not_count(client: httpx.AsyncClient, session: AsyncSession) -> None:
    with on("2026-12-07"):
        world = await build_world(client, session)
        ref = (await file(client, world.bank, request_body([subject(world.customer_pin)], ["sex"])))["ref"]
    with on("2026-12-09"):
        customer = await issue_headers(session, f"cd{world.customer_id}")
        await consent(client, customer, ref, ["sex"], [])
        bank = await issue_headers(session, "nh.admin")
        shown = (await client.get(f"/api/v1/requests/{ref}", headers=bank)).json()
        # Waiting for consent from 7 to 9 December: the clock counts 10, 11 and 14 December.
        assert shown["status"] == "routed" and shown["due_on"] == "2026-12-14"


async def test_a_request_received_just_before_tet_is_due_after_it_and_the_data_moves_it(
    client: httpx.AsyncClient, session: AsyncSession, tmp_path: Any, monkeypatch: Any
) -> None:
    # 3 February 2027 is the last working day before Tết Đinh Mùi (4–10 February off).
    with on("2027-02-03"):
        world, ref, agency = await _k1_request(client, session)
        shown = (await client.get(f"/api/v1/officer/requests/{ref}", headers=world.province)).json()
        assert shown["received_on"] == "2027-02-03" and shown["due_on"] == "2027-02-15"
    # The operator declares Saturday 13 February a make-up working day: the deadline moves to it.
    plan = tmp_path / "calendar.json"
    plan.write_text('{"working_days": [{"date": "2027-02-13", "name_vi": "Làm bù"}]}', encoding="utf-8")
    from dancu.settings import get_settings

    monkeypatch.setattr(get_settings(), "calendar_file", plan)
    with on("2027-02-03"):
        body = request_body([subject(world.customer_pin)], ["full_name", "sex"])
        moved = (await file(client, agency, body))["ref"]
        shown = (await client.get(f"/api/v1/officer/requests/{moved}", headers=world.province)).json()
        assert shown["due_on"] == "2027-02-13"
