"""The change feed: subscriptions within the mandate, a cursor that survives a restart, logged reads."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from joserfc.jwk import ECKey
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.groups import ActorGroup, Channel
from dancu.access.models import Organisation
from dancu.audit.models import Event, EventType
from dancu.clock import now_utc
from dancu.identity.oidc.models import ClientAuthMethod, ClientKind, OidcClient
from tests.integration.test_oidc_client_credentials import assertion, form
from tests.support.builders import birth_body, c06, dossier, security_check

MANDATE = ["pin", "full_name", "date_of_birth", "permanent_residence", "marital_status", "death"]


async def connected_system(
    client: httpx.AsyncClient,
    session: AsyncSession,
    *,
    mandate: list[str] | None = None,
    group: ActorGroup = ActorGroup.K1,
    name: str = "Bộ Lao động",
) -> tuple[dict[str, str], Organisation, ECKey, OidcClient]:
    """A k1 organisation with a machine client, and a bearer token from client_credentials."""
    organisation = Organisation(
        name=name,
        actor_group=group,
        mandate=MANDATE if mandate is None else mandate,
        legal_basis="Nghị định quy định chức năng, nhiệm vụ số 62/2022",
        created_at=now_utc(),
    )
    session.add(organisation)
    await session.flush()
    key = ECKey.generate_key("P-256", private=True, auto_kid=True)
    machine = OidcClient(
        client_id=f"m_{organisation.id}_feed",
        name="Hệ thống an sinh",
        organisation_id=organisation.id,
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
    await security_check(session, organisation.id)
    return await token_for(client, machine, key), organisation, key, machine


async def token_for(client: httpx.AsyncClient, machine: OidcClient, key: ECKey) -> dict[str, str]:
    response = await client.post("/oidc/token", data=form(assertion(machine.client_id, key)))
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def birth(client: httpx.AsyncClient, officer: dict[str, str], given: str) -> str:
    body = birth_body(full_name={"family": "Lê", "middle": "Văn", "given": given}, date_of_birth="2026-10-02")
    response = await client.post("/api/v1/registry/births", json=body, headers=officer)
    assert response.status_code == 201, response.text
    return str(response.json()["pin"])


async def marry(client: httpx.AsyncClient, officer: dict[str, str], pin: str) -> None:
    body = {"item": "marital_status", "value": "married", "valid_from": "2026-11-01", **dossier()}
    response = await client.post(f"/api/v1/registry/citizens/{pin}/updates", json=body, headers=officer)
    assert response.status_code == 204, response.text


async def die(client: httpx.AsyncClient, officer: dict[str, str], pin: str) -> None:
    body = {"status": "dead", "date": "2026-11-20", **dossier()}
    response = await client.post(f"/api/v1/registry/citizens/{pin}/death", json=body, headers=officer)
    assert response.status_code == 204, response.text


async def subscribe(client: httpx.AsyncClient, headers: dict[str, str], **body: Any) -> httpx.Response:
    return await client.post("/api/v1/feed/subscriptions", json=body, headers=headers)


async def read_all(
    client: httpx.AsyncClient, headers: dict[str, str], cursor: int, *, limit: int
) -> tuple[list[dict[str, Any]], int]:
    events: list[dict[str, Any]] = []
    while True:
        response = await client.get("/api/v1/feed", params={"after": cursor, "limit": limit}, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        events += page["events"]
        assert page["next_cursor"] >= cursor
        if not page["events"]:
            return events, page["next_cursor"]
        cursor = page["next_cursor"]


async def test_subscriber_that_stops_mid_feed_gets_every_event_exactly_once_after_restart(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    officer = await c06(client, session)
    headers, _, key, machine = await connected_system(client, session)
    created = await subscribe(client, headers, kinds=["birth", "correction", "death"])
    assert created.status_code == 201, created.text
    assert created.json()["webhook_secret"] is None
    pins = [await birth(client, officer, given) for given in ("An", "Bình", "Chi")]
    await marry(client, officer, pins[0])

    first = await client.get("/api/v1/feed", params={"after": 0, "limit": 2}, headers=headers)
    assert first.status_code == 200, first.text
    saved_cursor = first.json()["next_cursor"]
    half = first.json()["events"]
    assert [e["pin"] for e in half] == pins[:2]

    # The subscriber stops; the register moves on; it restarts with a new token and its cursor.
    await die(client, officer, pins[1])
    pins += [await birth(client, officer, given) for given in ("Dũng", "Hà")]
    restarted = await token_for(client, machine, key)
    rest, final_cursor = await read_all(client, restarted, saved_cursor, limit=2)

    received = half + rest
    seqs = [e["seq"] for e in received]
    assert seqs == sorted(set(seqs)), "in order, no repeats"
    assert [(e["kind"], e["pin"]) for e in received] == [
        ("birth", pins[0]),
        ("birth", pins[1]),
        ("birth", pins[2]),
        ("correction", pins[0]),
        ("death", pins[1]),
        ("birth", pins[3]),
        ("birth", pins[4]),
    ]
    again, _ = await read_all(client, restarted, final_cursor, limit=5)
    assert again == []


async def test_payload_holds_only_mandated_fields_and_each_read_is_logged_for_the_person(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    officer = await c06(client, session)
    headers, organisation, _, _ = await connected_system(client, session, mandate=["pin", "date_of_birth"])
    assert (await subscribe(client, headers, kinds=["birth", "correction"])).status_code == 201
    pin = await birth(client, officer, "Giang")
    await marry(client, officer, pin)  # marital status is outside this mandate: no event

    events, _ = await read_all(client, headers, 0, limit=10)
    assert [e["kind"] for e in events] == ["birth"]
    [event] = events
    assert event["pin"] == pin
    assert {change["item"] for change in event["changes"]} == {"date_of_birth"}
    assert set(event) == {"seq", "kind", "event_time", "pin", "previous_pin", "changes"}

    logged = (
        await session.scalars(
            select(Event).where(
                Event.event_type == EventType.CITIZEN_VIEWED, Event.organisation_id == organisation.id
            )
        )
    ).all()
    assert len(logged) == 1
    assert logged[0].channel is Channel.DIRECT
    assert logged[0].fields == ["date_of_birth", "pin"]
    assert logged[0].request_ref == f"feed:{event['seq']}"
    assert logged[0].legal_basis == organisation.legal_basis


async def test_events_before_the_subscription_and_of_other_kinds_are_not_sent(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    officer = await c06(client, session)
    headers, _, _, _ = await connected_system(client, session)
    early = await birth(client, officer, "Khoa")
    assert (await subscribe(client, headers, kinds=["death"])).status_code == 201
    await birth(client, officer, "Lan")
    await die(client, officer, early)
    events, _ = await read_all(client, headers, 0, limit=10)
    assert [(e["kind"], e["pin"]) for e in events] == [("death", early)]
    assert [c["item"] for c in events[0]["changes"]] == ["death"]


async def test_subscriptions_are_listed_deleted_and_private_to_their_organisation(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    headers, _, _, _ = await connected_system(client, session)
    other, _, _, _ = await connected_system(client, session, name="Bộ Y tế")
    hook = await subscribe(client, headers, kinds=["death"], webhook_url="https://hook.example.vn/dancu")
    assert hook.status_code == 201, hook.text
    assert hook.json()["webhook_secret"].startswith("whsec_")
    listed = (await client.get("/api/v1/feed/subscriptions", headers=headers)).json()
    assert [s["subscription_id"] for s in listed] == [hook.json()["subscription_id"]]
    assert listed[0]["webhook_secret"] is None, "the secret is shown once"
    assert (await client.get("/api/v1/feed/subscriptions", headers=other)).json() == []

    url = f"/api/v1/feed/subscriptions/{hook.json()['subscription_id']}"
    assert (await client.delete(url, headers=other)).status_code == 404
    assert (await client.delete(url, headers=headers)).status_code == 204
    assert (await client.get("/api/v1/feed/subscriptions", headers=headers)).json() == []
    assert (await client.delete(url, headers=headers)).status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "field", "rule"),
    [
        ({"kinds": ["card"]}, 422, "kinds", "sharing.kind_outside_mandate"),
        ({"kinds": []}, 422, "kinds", "too_short"),
        ({"kinds": ["birth", "birth"]}, 422, "kinds", "sharing.duplicate_kinds"),
        ({"kinds": ["wedding"]}, 422, "kinds.0", "enum"),
        ({"kinds": ["death"], "webhook_url": "http://hook.example.vn"}, 422, "webhook_url", None),
        ({"kinds": ["death"], "webhook_url": "https://u:p@hook.example.vn"}, 422, "webhook_url", None),
    ],
)
async def test_bad_subscriptions_are_refused_naming_the_field(
    client: httpx.AsyncClient,
    session: AsyncSession,
    body: dict[str, Any],
    status: int,
    field: str,
    rule: str | None,
) -> None:
    headers, _, _, _ = await connected_system(client, session)
    response = await subscribe(client, headers, **body)
    assert response.status_code == status, response.text
    [problem] = response.json()["errors"]
    assert problem["field"] == field
    if rule is not None:
        assert problem["rule"] == rule
    assert (await client.get("/api/v1/feed/subscriptions", headers=headers)).json() == []


async def test_a_mandate_without_the_pin_cannot_subscribe(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    headers, _, _, _ = await connected_system(client, session, mandate=["full_name", "death"])
    response = await subscribe(client, headers, kinds=["death"])
    assert response.status_code == 403
    assert response.json()["code"] == "sharing.pin_not_in_mandate"


async def test_people_and_officers_cannot_read_the_feed(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    officer = await c06(client, session)
    assert (await client.get("/api/v1/feed", headers=officer)).status_code == 403
    assert (await client.get("/api/v1/feed")).status_code == 401


async def test_bad_cursor_and_limit_are_refused(client: httpx.AsyncClient, session: AsyncSession) -> None:
    headers, _, _, _ = await connected_system(client, session)
    for params in ({"after": "-1"}, {"after": "abc"}, {"limit": "0"}, {"limit": "501"}):
        response = await client.get("/api/v1/feed", params=params, headers=headers)
        assert response.status_code == 422, params
        assert response.json()["errors"][0]["field"] in {"after", "limit"}


async def test_pin_reestablishment_carries_the_new_and_the_cancelled_pin(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    officer = await c06(client, session)
    headers, _, _, _ = await connected_system(client, session, mandate=["pin", "sex"])
    assert (await subscribe(client, headers, kinds=["pin_reestablished", "correction"])).status_code == 201
    old_pin = await birth(client, officer, "Minh")
    adjust = {"item": "sex", "value": "2", "reason": "Xác định lại giới tính", "proof": "QĐ 9", **dossier()}
    adjusted = await client.post(
        f"/api/v1/registry/citizens/{old_pin}/adjustments", json=adjust, headers=officer
    )
    assert adjusted.status_code == 204, adjusted.text
    response = await client.post(
        f"/api/v1/registry/citizens/{old_pin}/pin-reestablishment",
        json={"ground": "forged_documents", **dossier()},
        headers=officer,
    )
    assert response.status_code == 200, response.text
    new_pin = response.json()["pin"]

    events, _ = await read_all(client, headers, 0, limit=10)
    assert [(e["kind"], e["pin"], e["previous_pin"]) for e in events] == [
        ("correction", old_pin, None),
        ("pin_reestablished", new_pin, old_pin),
    ]
    assert events[0]["changes"][0]["item"] == "sex" and events[1]["changes"] == []
