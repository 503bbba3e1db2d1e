"""Each change to organisations, mandates, sub-accounts, OIDC clients and consents is logged under
its own event type (not a generic account event with the action hidden in its data). Consents:
see ``test_oidc_code_flow.test_consent_grant_and_withdrawal_have_their_types_on_the_citizens_chain``."""

from __future__ import annotations

import httpx
from joserfc.jwk import ECKey
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.models import Event, EventType
from tests.support.builders import issue_headers, member, organisation, registrar


async def _types(session: AsyncSession, after: int = 0) -> list[EventType]:
    return list(await session.scalars(select(Event.event_type).where(Event.id > after).order_by(Event.id)))


async def _last_id(session: AsyncSession) -> int:
    return int(await session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1)) or 0)


async def test_organisation_mandate_member_and_client_changes_have_their_types(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    operator = await registrar(client, session)
    mark = await _last_id(session)
    org = await organisation(client, operator, "so.yte")
    assert await _types(session, mark) == [EventType.ORGANISATION_REGISTERED, EventType.MEMBER_CREATED]

    mark = await _last_id(session)
    url = f"/api/v1/organisations/{org['organisation_id']}/mandate"
    changed = await client.put(
        url, json={"mandate": ["full_name", "pin"], "legal_basis": "QĐ 3"}, headers=operator
    )
    assert changed.status_code == 200, changed.text
    assert await _types(session, mark) == [EventType.MANDATE_CHANGED]

    admin = await issue_headers(session, "so.yte")
    mark = await _last_id(session)
    await member(client, session, admin, org["organisation_id"], "so.yte.cb", ["full_name"])
    assert EventType.MEMBER_CREATED in await _types(session, mark)
    staff_id = await session.scalar(
        select(Event.data).where(Event.event_type == EventType.MEMBER_CREATED, Event.id > mark)
    )
    mark = await _last_id(session)
    disabled = await client.post(
        f"/api/v1/organisations/{org['organisation_id']}/members/{staff_id['account_id']}/disable",  # type: ignore[index]
        headers=admin,
    )
    assert disabled.status_code in (200, 204), disabled.text
    assert await _types(session, mark) == [EventType.MEMBER_DISABLED]

    for kind, expected in (
        ("relying_party", EventType.RELYING_PARTY_REGISTERED),
        ("machine", EventType.MACHINE_CLIENT_REGISTERED),
    ):
        body = {
            "name": f"Hệ thống {kind}",
            "organisation_id": org["organisation_id"],
            "kind": kind,
            "redirect_uris": ["https://yte.example.vn/cb"] if kind == "relying_party" else [],
            "allowed_claims": ["name"],
            "token_endpoint_auth_method": "none" if kind == "relying_party" else "private_key_jwt",
        }
        if kind == "machine":
            body["jwks"] = {"keys": [ECKey.generate_key("P-256").as_dict(private=False)]}
        mark = await _last_id(session)
        created = await client.post("/api/v1/oidc/clients", json=body, headers=operator)
        assert created.status_code == 201, created.text
        assert await _types(session, mark) == [expected]
