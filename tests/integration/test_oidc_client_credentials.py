"""Machine clients: client_credentials with private_key_jwt (RFC 7523), their tokens on protected routes."""

from __future__ import annotations

import secrets
import time
from typing import Any

import httpx
import pytest
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from fastapi import Depends, FastAPI
from joserfc import jwt
from joserfc.jwk import ECKey
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup
from dancu.access.permissions import Permission
from dancu.clock import now_utc
from dancu.identity.oidc.models import ClientAuthMethod, ClientKind, OidcClient
from dancu.web.deps import Requires
from tests.integration.test_oidc_code_flow import ISSUER, make_organisation
from tests.support.builders import security_check

TOKEN_ENDPOINT = f"{ISSUER}/oidc/token"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


async def make_machine(session: AsyncSession, group: ActorGroup, key: ECKey) -> OidcClient:
    organisation = await make_organisation(
        session, f"Cơ quan {group.value}", group, ["full_name", "date_of_birth", "permanent_residence"]
    )
    machine = OidcClient(
        client_id="m_" + secrets.token_hex(6),
        name="Hệ thống kết nối",
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
    return machine


@pytest.fixture
def key() -> ECKey:
    return ECKey.generate_key("P-256", private=True, auto_kid=True)


def assertion(client_id: str, key: ECKey, **overrides: Any) -> str:
    now = int(time.time())
    claims = {"iss": client_id, "sub": client_id, "aud": TOKEN_ENDPOINT, "iat": now, "exp": now + 60}
    claims["jti"] = secrets.token_urlsafe(12)
    return jwt.encode({"alg": "ES256", "kid": key.kid}, claims | overrides, key)


def form(token: str) -> dict[str, str]:
    return {
        "grant_type": "client_credentials",
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": token,
    }


async def test_machine_client_gets_a_token_with_authlib_and_acts_for_its_organisation(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, key: ECKey
) -> None:
    machine = await make_machine(session, ActorGroup.K1, key)

    @app.get("/_test/agency")
    async def agency(actor: Actor = Depends(Requires(Permission.LOOKUP))) -> dict[str, Any]:
        return {
            "organisation_id": actor.organisation_id,
            "channel": actor.channel.value,
            "fields": sorted(actor.fields or []),
            "account_id": actor.account_id,
        }

    async with AsyncOAuth2Client(
        client_id=machine.client_id,
        client_secret=key,
        token_endpoint_auth_method=PrivateKeyJWT(TOKEN_ENDPOINT, alg="ES256"),
        transport=httpx.ASGITransport(app=app),
        base_url=ISSUER,
    ) as rp:
        token = await rp.fetch_token(TOKEN_ENDPOINT, grant_type="client_credentials")
        response = await rp.get(f"{ISSUER}/_test/agency")
    assert token["token_type"].lower() == "bearer" and "refresh_token" not in token
    assert response.status_code == 200, response.text
    assert response.json() == {
        "organisation_id": machine.organisation_id,
        "channel": "direct",
        "fields": ["date_of_birth", "full_name", "permanent_residence"],
        "account_id": None,
    }


async def test_replayed_assertion_jti_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, key: ECKey
) -> None:
    machine = await make_machine(session, ActorGroup.K1, key)
    token = assertion(machine.client_id, key)
    assert (await client.post("/oidc/token", data=form(token))).status_code == 200
    replay = await client.post("/oidc/token", data=form(token))
    assert replay.status_code == 401
    assert replay.json()["error"] == "invalid_client" and "jti" in replay.json()["error_description"]


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"exp": int(time.time()) - 5}, "expired"),
        ({"exp": int(time.time()) + 86_400}, "too long"),
        ({"aud": "https://elsewhere.example"}, "audience"),
        ({"sub": "someone-else"}, "iss and sub"),
        ({"jti": ""}, "jti"),
    ],
)
async def test_bad_assertions_are_invalid_client(
    client: httpx.AsyncClient, session: AsyncSession, key: ECKey, overrides: dict[str, Any], reason: str
) -> None:
    machine = await make_machine(session, ActorGroup.K1, key)
    response = await client.post("/oidc/token", data=form(assertion(machine.client_id, key, **overrides)))
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client" and reason in response.json()["error_description"]


async def test_assertion_signed_by_another_key_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, key: ECKey
) -> None:
    machine = await make_machine(session, ActorGroup.K1, key)
    other = ECKey.generate_key("P-256", private=True, auto_kid=True)
    response = await client.post("/oidc/token", data=form(assertion(machine.client_id, other)))
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"


async def test_k2_organisation_may_not_connect_directly(
    client: httpx.AsyncClient, session: AsyncSession, key: ECKey
) -> None:
    machine = await make_machine(session, ActorGroup.K2, key)
    response = await client.post("/oidc/token", data=form(assertion(machine.client_id, key)))
    assert response.status_code == 400 and response.json()["error"] == "unauthorized_client"


async def test_machine_client_cannot_use_the_code_grant(
    client: httpx.AsyncClient, session: AsyncSession, key: ECKey
) -> None:
    machine = await make_machine(session, ActorGroup.K1, key)
    data = form(assertion(machine.client_id, key)) | {"grant_type": "authorization_code", "code": "x"}
    response = await client.post("/oidc/token", data=data)
    assert response.json()["error"] == "unauthorized_client"


async def test_revoked_or_inactive_client_token_is_no_longer_accepted(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, key: ECKey
) -> None:
    machine = await make_machine(session, ActorGroup.K1, key)

    @app.get("/_test/verify")
    async def verify(actor: Actor = Depends(Requires(Permission.VERIFY))) -> dict[str, str]:
        return {"label": actor.label}

    token = (await client.post("/oidc/token", data=form(assertion(machine.client_id, key)))).json()[
        "access_token"
    ]
    headers = {"Authorization": f"Bearer {token}", "accept": "application/json"}
    assert (await client.get("/_test/verify", headers=headers)).status_code == 200
    machine.active = False
    await session.flush()
    assert (await client.get("/_test/verify", headers=headers)).status_code == 401


async def test_no_token_before_the_a05_security_check_is_on_record(
    client: httpx.AsyncClient, session: AsyncSession, key: ECKey
) -> None:
    """TT 117/2026 Điều 11 khoản 4 điểm a: A05 "kiểm tra, đánh giá an ninh mạng của hệ thống thông tin
    có yêu cầu kết nối … trước khi kết nối và có văn bản xác nhận"; điểm d: a suspension stops it."""
    import datetime as dt

    from dancu.access.models import ConnectionSecurityCheck, SecurityCheckBasis, SecurityCheckResult
    from dancu.clock import now_utc as now

    machine = await make_machine(session, ActorGroup.K1, key)
    assert machine.organisation_id is not None
    checks = await session.scalars(
        select(ConnectionSecurityCheck).where(
            ConnectionSecurityCheck.organisation_id == machine.organisation_id
        )
    )
    for row in checks:
        await session.delete(row)
    await session.flush()
    refused = await client.post("/oidc/token", data=form(assertion(machine.client_id, key)))
    assert refused.status_code in (400, 401) and refused.json()["error"] == "unauthorized_client"
    assert "Điều 11" in refused.json()["error_description"]
    await security_check(session, machine.organisation_id)
    assert (await client.post("/oidc/token", data=form(assertion(machine.client_id, key)))).status_code == 200
    session.add(
        ConnectionSecurityCheck(
            organisation_id=machine.organisation_id,
            basis=SecurityCheckBasis.A05_CONFIRMATION,
            result=SecurityCheckResult.SUSPENDED,
            document_number="9/A05-P3",
            document_date=dt.date(2026, 6, 1),
            recorded_at=now(),
        )
    )
    await session.flush()
    stopped = await client.post("/oidc/token", data=form(assertion(machine.client_id, key)))
    assert stopped.json()["error"] == "unauthorized_client"
