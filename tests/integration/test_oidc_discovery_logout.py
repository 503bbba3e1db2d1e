"""OIDC Discovery as real clients read it (RS256, request_uri) and RP-initiated logout (end session)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client
from joserfc import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.models import Organisation
from dancu.identity.oidc.models import OidcClient
from tests.integration.test_oidc_code_flow import (
    ISSUER,
    REDIRECT_URI,
    Citizen,
    bank,
    citizen,
    hidden_fields,
    jwks,
    logged_in_tokens,
    login,
    make_rp_client,
    relying_party,
    rp_client,
    start,
)

LOGGED_OUT_URI = "http://rp.test/logged-out"
FIXTURES = (bank, citizen, relying_party, rp_client)  # the code-flow module's, used here by name


async def test_discovery_offers_rs256_refuses_request_uri_and_names_the_end_session_endpoint(
    client: httpx.AsyncClient,
) -> None:
    config = (await client.get("/.well-known/openid-configuration")).json()
    # OIDC Discovery 1.0 §3: RS256 MUST be among the ID token algorithms.
    assert "RS256" in config["id_token_signing_alg_values_supported"]
    assert "ES256" in config["id_token_signing_alg_values_supported"]
    # Omitted, request_uri_parameter_supported would default to true.
    assert config["request_uri_parameter_supported"] is False
    assert config["end_session_endpoint"] == f"{ISSUER}/oidc/logout"
    published = (await client.get("/oidc/jwks")).json()["keys"]
    assert {(key["kty"], key["alg"]) for key in published} == {("RSA", "RS256"), ("EC", "ES256")}
    assert not any("d" in key for key in published)


async def test_id_tokens_are_rs256_by_default_and_es256_when_the_client_registered_it(
    client: httpx.AsyncClient,
    session: AsyncSession,
    relying_party: AsyncOAuth2Client,
    rp_client: OidcClient,
    citizen: Citizen,
) -> None:
    await login(client)
    token, _ = await logged_in_tokens(relying_party, client, ["name"])
    decoded = jwt.decode(token["id_token"], await jwks(client), algorithms=["RS256"])
    assert decoded.header["alg"] == "RS256" and decoded.claims["aud"] == rp_client.client_id
    rp_client.id_token_signed_response_alg = "ES256"
    await session.commit()
    again, _ = await logged_in_tokens(relying_party, client, ["name"])
    assert jwt.decode(again["id_token"], await jwks(client), algorithms=["ES256"]).header["alg"] == "ES256"
    # Access tokens stay ES256 and still work.
    userinfo = await client.get(
        "/oidc/userinfo", headers={"Authorization": f"Bearer {again['access_token']}"}
    )
    assert userinfo.status_code == 200, userinfo.text


async def test_a_request_uri_is_refused_not_ignored(
    client: httpx.AsyncClient, relying_party: AsyncOAuth2Client, rp_client: OidcClient, citizen: Citizen
) -> None:
    await login(client)
    started = start(relying_party, request_uri="https://rp.test/request.jwt")
    response = await client.get(started.url)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(REDIRECT_URI + "?")
    params = parse_qs(urlsplit(location).query)
    assert params["error"] == ["request_uri_not_supported"]
    assert params["state"] == [started.state]


async def _logged_in_with_id_token(
    client: httpx.AsyncClient, relying_party: AsyncOAuth2Client
) -> tuple[str, str]:
    """The citizen logged in here and at the relying party: the ID token and the session cookie."""
    await login(client)
    token, _ = await logged_in_tokens(relying_party, client, ["name"])
    assert (await client.get("/app")).status_code == 200
    return str(token["id_token"]), str(client.cookies["dancu_session"])


async def test_rp_initiated_logout_ends_the_session_and_returns_with_the_state(
    client: httpx.AsyncClient,
    session: AsyncSession,
    relying_party: AsyncOAuth2Client,
    rp_client: OidcClient,
    citizen: Citizen,
) -> None:
    rp_client.post_logout_redirect_uris = [LOGGED_OUT_URI]
    await session.commit()
    id_token, cookie = await _logged_in_with_id_token(client, relying_party)
    query = {"id_token_hint": id_token, "post_logout_redirect_uri": LOGGED_OUT_URI, "state": "xyz"}
    response = await client.get("/oidc/logout?" + urlencode(query))
    assert response.status_code == 303, response.text
    assert response.headers["location"] == LOGGED_OUT_URI + "?state=xyz"
    # The session is over: the old cookie opens nothing.
    client.cookies.clear()
    client.cookies.set("dancu_session", cookie)
    assert (await client.get("/api/v1/auth/me")).status_code == 401


async def test_logout_refuses_an_unregistered_return_address_and_a_foreign_hint(
    client: httpx.AsyncClient,
    session: AsyncSession,
    bank: Organisation,
    relying_party: AsyncOAuth2Client,
    rp_client: OidcClient,
    citizen: Citizen,
) -> None:
    rp_client.post_logout_redirect_uris = [LOGGED_OUT_URI]
    other_client_id = (await make_rp_client(session, bank)).client_id
    await session.commit()
    id_token, _ = await _logged_in_with_id_token(client, relying_party)
    evil = {"id_token_hint": id_token, "post_logout_redirect_uri": "https://evil.test/x"}
    refused = await client.get("/oidc/logout?" + urlencode(evil))
    assert refused.status_code == 400 and "evil.test" not in refused.headers.get("location", "")
    # A return address without a hint or client_id names no client to check it against.
    unnamed = await client.get("/oidc/logout?" + urlencode({"post_logout_redirect_uri": LOGGED_OUT_URI}))
    assert unnamed.status_code == 400
    # A forged or altered hint is not believed.
    forged = await client.get("/oidc/logout?" + urlencode({"id_token_hint": id_token[:-4] + "AAAA"}))
    assert forged.status_code == 400
    # Another client's id with this client's token: refused.
    mismatch = {"id_token_hint": id_token, "client_id": other_client_id}
    assert (await client.get("/oidc/logout?" + urlencode(mismatch))).status_code == 400
    # Through all this the user stayed logged in.
    assert (await client.get("/app")).status_code == 200


async def test_without_a_hint_the_user_is_asked_before_being_logged_out(
    client: httpx.AsyncClient,
    session: AsyncSession,
    relying_party: AsyncOAuth2Client,
    rp_client: OidcClient,
    citizen: Citizen,
) -> None:
    """A bare link must not log people out (logout CSRF): the user confirms, with the CSRF token."""
    await _logged_in_with_id_token(client, relying_party)
    asked = await client.get("/oidc/logout?" + urlencode({"client_id": rp_client.client_id}))
    assert asked.status_code == 200 and 'id="confirm-logout"' in asked.text
    assert (await client.get("/app")).status_code == 200  # not logged out by the GET
    fields = hidden_fields(asked.text)
    forged = await client.post("/oidc/logout", data=fields | {"csrf_token": "x"})
    assert forged.status_code == 403
    assert (await client.get("/app")).status_code == 200
    confirmed = await client.post("/oidc/logout", data=fields)
    assert confirmed.status_code == 303 and confirmed.headers["location"] == "/login?logged_out=1"
    assert (await client.get("/api/v1/auth/me")).status_code == 401
