"""Direct connection of a k1 body (Luật Căn cước Điều 10 khoản 5 điểm a; NĐ 70 Điều 10 khoản 1).

The agency's system authenticates with ``private_key_jwt`` (client_credentials) and receives only
its mandate's fields; a sub-account of the same agency receives only its narrower scope; every
answer carries a receipt and the agency's own staff id, and both reads reach the citizen's Data
Tracker with that staff id.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from joserfc.jwk import ECKey
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from dancu.audit.models import Event
from dancu.clock import now_utc
from dancu.identity.oidc.models import ClientAuthMethod, ClientKind, OidcClient
from dancu.lookup import hot_route
from dancu.registry.models import Citizen
from tests.integration.test_oidc_client_credentials import assertion, form
from tests.support.builders import (
    DOB,
    K1_MANDATE,
    NAME,
    c06,
    citizen_headers,
    issue_headers,
    member,
    organisation,
    person,
    registrar,
    security_check,
)

SCOPE = ["full_name", "date_of_birth", "pin"]


async def _machine_token(client: httpx.AsyncClient, session: AsyncSession, organisation_id: int) -> str:
    key = ECKey.generate_key("P-256", private=True, auto_kid=True)
    machine = OidcClient(
        client_id="m_ytetest01",
        name="Hệ thống khám chữa bệnh",
        organisation_id=organisation_id,
        kind=ClientKind.MACHINE,
        redirect_uris=[],
        allowed_claims=[],
        token_endpoint_auth_method=ClientAuthMethod.PRIVATE_KEY_JWT,
        jwks={"keys": [key.as_dict(private=False)]},
        active=True,
        created_at=now_utc(),
    )
    session.add(machine)
    await session.flush()
    await security_check(session, organisation_id)
    response = await client.post("/oidc/token", data=form(assertion(machine.client_id, key)))
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def _ask(pin: str, **extra: Any) -> dict[str, Any]:
    return {"full_name": NAME, "date_of_birth": DOB, "pin": pin, "purpose": "Khám chữa bệnh BHYT", **extra}


async def test_machine_client_and_sub_account_get_their_own_fields_and_reach_the_tracker(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    pin = await person(client, await c06(client, session))
    org = await organisation(client, await registrar(client, session), "bo.yte")
    admin = await issue_headers(session, "bo.yte")
    sub_account = await member(client, session, admin, org["organisation_id"], "bo.yte.cb", SCOPE)
    machine = {"Authorization": f"Bearer {await _machine_token(client, session, org['organisation_id'])}"}

    by_machine = await client.post("/api/v1/lookup", json=_ask(pin, staff_id="YT-0007"), headers=machine)
    assert by_machine.status_code == 200, by_machine.text
    assert set(by_machine.json()["fields"]) == set(K1_MANDATE)  # the whole mandate, nothing more
    assert by_machine.json()["staff_id"] == "YT-0007"
    by_member = await client.post("/api/v1/lookup", json=_ask(pin, staff_id="YT-0008"), headers=sub_account)
    assert by_member.status_code == 200, by_member.text
    assert set(by_member.json()["fields"]) == set(SCOPE)
    assert by_member.json()["receipt"] != by_machine.json()["receipt"]

    # The machine may not go beyond the mandate, and must name its staff member.
    beyond = await client.post(
        "/api/v1/lookup", json=_ask(pin, staff_id="YT-0007", fields=["ethnicity"]), headers=machine
    )
    assert beyond.status_code == 403
    unnamed = await client.post("/api/v1/lookup", json=_ask(pin), headers=machine)
    assert unnamed.status_code == 422 and unnamed.json()["errors"][0]["field"] == "staff_id"
    question = {"question": "age_at_least", "pin": pin, "years": 18, "purpose": "Khám chữa bệnh BHYT"}
    assert (await client.post("/api/v1/verify", json=question, headers=machine)).status_code == 422
    verified = await client.post("/api/v1/verify", json={**question, "staff_id": "YT-0007"}, headers=machine)
    assert verified.status_code == 200, verified.text
    assert verified.json() == {"answer": True, "receipt": verified.json()["receipt"], "staff_id": "YT-0007"}

    citizen_id = await session.scalar(select(Citizen.id).where(Citizen.pin == pin))
    assert citizen_id is not None
    receipt = await session.get(Event, by_machine.json()["receipt"])
    assert receipt is not None and receipt.channel == "direct" and receipt.actor_account_id is None
    assert receipt.data["staff_id"] == "YT-0007"
    tracker = await client.get(
        "/api/v1/audit/tracker", headers=await citizen_headers(client, session, citizen_id)
    )
    assert tracker.status_code == 200, tracker.text
    entries = {
        e["id"]: e for e in tracker.json()["entries"] if e["organisation_id"] == org["organisation_id"]
    }
    machine_entry = entries[by_machine.json()["receipt"]]
    member_entry = entries[by_member.json()["receipt"]]
    assert machine_entry["staff_id"] == "YT-0007" and machine_entry["channel"] == "direct"
    assert sorted(machine_entry["fields"]) == sorted(K1_MANDATE)
    assert member_entry["staff_id"] == "YT-0008"
    assert sorted(member_entry["fields"]) == sorted(SCOPE)
    assert entries[verified.json()["receipt"]]["staff_id"] == "YT-0007"


async def test_machine_batch_answers_carry_a_receipt_per_person_and_the_staff_id(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    officer = await c06(client, session)
    pin = await person(client, officer)
    org = await organisation(client, await registrar(client, session), "bhxh")
    machine = {"Authorization": f"Bearer {await _machine_token(client, session, org['organisation_id'])}"}
    subjects = [
        {"full_name": NAME, "date_of_birth": DOB, "pin": pin},
        {"full_name": NAME, "date_of_birth": "1900", "pin": pin},
    ]
    body = {"subjects": subjects, "purpose": "Đối soát BHXH", "staff_id": "BHXH-1"}
    response = await client.post("/api/v1/lookup/batch", json=body, headers=machine)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["staff_id"] == "BHXH-1"
    assert [r["found"] for r in answer["results"]] == [True, False]
    event = await session.get(Event, answer["results"][0]["receipt"])
    assert event is not None and event.data["staff_id"] == "BHXH-1" and event.subject_citizen_id is not None


async def test_a_batch_reads_the_mandate_once_not_once_per_person(
    client: httpx.AsyncClient,
    session: AsyncSession,
    engine: AsyncEngine,
    backend: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    officer = await c06(client, session)
    pin = await person(client, officer)
    org = await organisation(client, await registrar(client, session), "bhxh.lo")
    headers = await issue_headers(session, "bhxh.lo")
    subject = {"full_name": NAME, "date_of_birth": DOB, "pin": pin}
    reads: list[str] = []
    real: Callable[..., Awaitable[Any]] = hot_route.bearer_actor

    async def on_driver(*args: Any) -> Any:  # the hot routes' login read (identity/driver_login.py)
        reads.append("bearer_actor")
        return await real(*args)

    monkeypatch.setattr(hot_route, "bearer_actor", on_driver)

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "FROM organisation" in statement or "JOIN organisation" in statement:
            reads.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        body = {"subjects": [subject] * 5, "purpose": "Đối soát BHXH"}
        response = await client.post("/api/v1/lookup/batch", json=body, headers=headers)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.text
    assert len({r["receipt"] for r in response.json()["results"]}) == 5
    # The caller's login (the organisation joins the login-session read): the actor carries the legal
    # basis. On PostgreSQL the hot route reads it on the driver, on SQLite the route through the ORM.
    assert org["organisation_id"] and len(reads) == 1
    assert reads == ["bearer_actor"] if backend == "postgresql" else "organisation" in reads[0]
