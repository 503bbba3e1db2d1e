"""A relying party built with Authlib logs a citizen in through the OIDC provider (code + PKCE).

The relying party is Authlib's ``AsyncOAuth2Client`` talking to the app through ``httpx.ASGITransport``;
the citizen's browser is the ``client`` fixture (it keeps the session cookie).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from authlib.integrations.base_client.errors import OAuthError as AuthlibOAuthError
from authlib.integrations.httpx_client import AsyncOAuth2Client
from fastapi import Depends, FastAPI
from joserfc import jwt
from joserfc.jwk import KeySet
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup
from dancu.access.models import Organisation
from dancu.access.permissions import OfficerRole, Permission
from dancu.audit.models import Event, EventType
from dancu.clock import now_utc
from dancu.identity.models import Account, AccountKind, EidLevel
from dancu.identity.oidc import keys
from dancu.identity.oidc.models import ClientAuthMethod, ClientKind, OidcClient, RefreshToken
from dancu.identity.passwords import hash_password
from dancu.web.deps import Requires
from tests.support.builders import bearer_for, birth_body, login_form_post, make_officer

ISSUER = "http://test"
REDIRECT_URI = "http://rp.test/cb"
PASSWORD = "mat-khau-cong-dan-123"
ALL_CLAIMS = ["name", "birthdate", "gender", "pin", "address"]


@dataclass
class Citizen:
    account: Account
    pin: str
    citizen_id: int


async def make_organisation(
    session: AsyncSession, name: str, group: ActorGroup, mandate: list[str]
) -> Organisation:
    organisation = Organisation(
        name=name,
        actor_group=group,
        mandate=mandate,
        legal_basis="Quyết định thử nghiệm",
        created_at=now_utc(),
    )
    session.add(organisation)
    await session.flush()
    return organisation


async def make_citizen(
    client: httpx.AsyncClient, session: AsyncSession, *, level: EidLevel, username: str
) -> Citizen:
    _, password = await make_officer(
        session, username=f"ca.{username}", role=OfficerRole.COMMUNE_POLICE, unit_code="00070"
    )
    officer = await bearer_for(client, f"ca.{username}", password)
    body = birth_body(
        full_name={"family": "Trần", "middle": "Thị", "given": "Lan"}, sex="2", date_of_birth="1990-04-03"
    )
    created = await client.post("/api/v1/registry/births", json=body, headers=officer)
    assert created.status_code == 201, created.text
    pin = created.json()["pin"]
    record = (await client.get(f"/api/v1/registry/citizens/{pin}", headers=officer)).json()
    client.cookies.clear()
    account = Account(
        username=username,
        password_hash=hash_password(PASSWORD),
        display_name="Trần Thị Lan",
        kind=AccountKind.CITIZEN,
        citizen_id=record["citizen_id"],
        eid_level=level,
        created_at=now_utc(),
    )
    session.add(account)
    await session.flush()
    return Citizen(account, pin, record["citizen_id"])


async def make_rp_client(session: AsyncSession, organisation: Organisation, **overrides: Any) -> OidcClient:
    values: dict[str, Any] = {
        "client_id": "rp_" + secrets.token_hex(6),
        "name": "Ứng dụng Ngân hàng số",
        "organisation_id": organisation.id,
        "kind": ClientKind.RELYING_PARTY,
        "redirect_uris": [REDIRECT_URI],
        "allowed_claims": ALL_CLAIMS,
        "token_endpoint_auth_method": ClientAuthMethod.NONE,
        "jwks": None,
        "active": True,
        "created_at": now_utc(),
    }
    rp = OidcClient(**(values | overrides))
    session.add(rp)
    await session.flush()
    return rp


@pytest.fixture
async def bank(session: AsyncSession) -> Organisation:
    return await make_organisation(session, "Ngân hàng TMCP Thử Nghiệm", ActorGroup.K2, [])


@pytest.fixture
async def rp_client(session: AsyncSession, bank: Organisation) -> OidcClient:
    return await make_rp_client(session, bank)


@pytest.fixture
async def citizen(client: httpx.AsyncClient, session: AsyncSession) -> Citizen:
    return await make_citizen(client, session, level=EidLevel.LEVEL_2, username="cd.lan")


@pytest.fixture
async def relying_party(app: Any, rp_client: OidcClient) -> AsyncIterator[AsyncOAuth2Client]:
    async with AsyncOAuth2Client(
        client_id=rp_client.client_id,
        token_endpoint_auth_method="none",
        redirect_uri=REDIRECT_URI,
        scope="openid profile pin address",
        code_challenge_method="S256",
        transport=httpx.ASGITransport(app=app),
        base_url=ISSUER,
    ) as rp:
        yield rp


async def login(browser: httpx.AsyncClient, username: str = "cd.lan") -> None:
    response = await login_form_post(browser, username=username, password=PASSWORD, next="/")
    assert response.status_code == 303, response.text


def hidden_fields(page: str) -> dict[str, str]:
    return {
        unescape(name): unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    }


@dataclass
class Started:
    url: str
    verifier: str
    nonce: str
    state: str


def start(rp: AsyncOAuth2Client, **params: str) -> Started:
    verifier, nonce = secrets.token_urlsafe(48), secrets.token_urlsafe(16)
    url, state = rp.create_authorization_url(
        f"{ISSUER}/oidc/authorize", code_verifier=verifier, nonce=nonce, **params
    )
    return Started(url, verifier, nonce, state)


async def consent(
    browser: httpx.AsyncClient, started: Started, claims: list[str], decision: str = "approve"
) -> httpx.Response:
    page = await browser.get(started.url)
    assert page.status_code == 200, page.text
    form = hidden_fields(page.text) | {"decision": decision, "claims": claims}
    return await browser.post("/oidc/authorize", data=form)


def redirect_params(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith(REDIRECT_URI + "?"), location
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def jwks(browser: httpx.AsyncClient) -> KeySet:
    return KeySet.import_key_set((await browser.get("/oidc/jwks")).json())


async def logged_in_tokens(
    rp: AsyncOAuth2Client, browser: httpx.AsyncClient, claims: list[str], **params: str
) -> tuple[dict[str, Any], Started]:
    started = start(rp, **params)
    response = await consent(browser, started, claims)
    location = response.headers["location"]
    token = await rp.fetch_token(
        f"{ISSUER}/oidc/token", authorization_response=location, code_verifier=started.verifier
    )
    return dict(token), started


async def test_discovery_names_the_endpoints_and_acr_levels(client: httpx.AsyncClient) -> None:
    config = (await client.get("/.well-known/openid-configuration")).json()
    assert config["issuer"] == ISSUER
    assert config["token_endpoint"] == f"{ISSUER}/oidc/token"
    assert config["code_challenge_methods_supported"] == ["S256"]
    assert config["acr_values_supported"] == ["urn:dancu:eid:level1", "urn:dancu:eid:level2"]
    keyset = await jwks(client)
    assert [key.kid for key in keyset.keys]


async def test_a_logged_out_citizen_is_led_through_the_login_back_to_the_consent_screen(
    client: httpx.AsyncClient, relying_party: AsyncOAuth2Client, rp_client: OidcClient, citizen: Citizen
) -> None:
    """Every real "log in with dancu" starts logged out: the login must continue to the
    authorization request, not to the identity app's home."""
    started = start(relying_party)
    first = await client.get(started.url)
    assert first.status_code == 303
    next_path = parse_qs(urlsplit(first.headers["location"]).query)["next"][0]
    assert next_path.startswith("/oidc/authorize?")
    response = await login_form_post(client, username="cd.lan", password=PASSWORD, next=next_path)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == next_path
    page = await client.get(response.headers["location"])
    assert page.status_code == 200 and "Ngân hàng TMCP Thử Nghiệm" in page.text
    # An open redirect is still refused: another host is never the landing.
    away = await login_form_post(client, username="cd.lan", password=PASSWORD, next="//evil.test/x")
    assert away.status_code == 303 and away.headers["location"] == "/app"


async def test_citizen_logs_in_and_the_rp_gets_only_the_consented_claims(
    client: httpx.AsyncClient,
    session: AsyncSession,
    relying_party: AsyncOAuth2Client,
    rp_client: OidcClient,
    citizen: Citizen,
) -> None:
    started = start(relying_party)
    first = await client.get(started.url)
    assert first.status_code == 303 and first.headers["location"].startswith(
        "/login?next=%2Foidc%2Fauthorize"
    )
    await login(client)
    page = await client.get(started.url)
    assert page.status_code == 200
    assert "Ngân hàng TMCP Thử Nghiệm" in page.text and "Ứng dụng Ngân hàng số" in page.text
    for label in ("Họ, chữ đệm và tên khai sinh", "Số định danh cá nhân", "Nơi thường trú", "Giới tính"):
        assert label in page.text
    assert "form-action 'self' http://rp.test" in page.headers["content-security-policy"]

    form = hidden_fields(page.text) | {"decision": "approve", "claims": ["name", "birthdate", "pin"]}
    params = redirect_params(await client.post("/oidc/authorize", data=form))
    assert params["state"] == started.state
    token = await relying_party.fetch_token(
        f"{ISSUER}/oidc/token",
        authorization_response=f"{REDIRECT_URI}?code={params['code']}&state={params['state']}",
        code_verifier=started.verifier,
    )

    decoded = jwt.decode(token["id_token"], await jwks(client), algorithms=["RS256"])
    claims = decoded.claims
    assert claims["iss"] == ISSUER and claims["aud"] == rp_client.client_id
    assert claims["nonce"] == started.nonce
    assert claims["acr"] == "urn:dancu:eid:level2"
    assert claims["name"] == "Trần Thị Lan" and claims["birthdate"] == "1990-04-03"
    assert claims["pin"] == citizen.pin
    assert "gender" not in claims and "address" not in claims
    assert claims["sub"] != citizen.pin and citizen.pin not in claims["sub"]

    info = (await relying_party.get(f"{ISSUER}/oidc/userinfo")).json()
    assert info == {
        "sub": claims["sub"],
        "name": "Trần Thị Lan",
        "birthdate": "1990-04-03",
        "pin": citizen.pin,
    }

    releases = list(
        await session.scalars(
            select(Event).where(
                Event.subject_citizen_id == citizen.citizen_id, Event.event_type == EventType.CITIZEN_VIEWED
            )
        )
    )
    by_bank = [e for e in releases if e.organisation_label == "Ngân hàng TMCP Thử Nghiệm"]
    assert len(by_bank) == 2  # the ID token and the userinfo response
    assert {e.purpose for e in by_bank} == {"eKYC"}
    assert set(by_bank[0].fields or []) == {"full_name", "date_of_birth", "pin"}


async def test_rp_access_token_is_the_citizen_on_protected_routes(
    app: FastAPI, client: httpx.AsyncClient, relying_party: AsyncOAuth2Client, citizen: Citizen
) -> None:
    @app.get("/_test/whoami")
    async def whoami(actor: Actor = Depends(Requires(Permission.GEO_READ))) -> dict[str, Any]:
        return {"citizen_id": actor.citizen_id, "group": actor.group.value, "channel": actor.channel.value}

    @app.get("/_test/own")
    async def own(actor: Actor = Depends(Requires(Permission.OWN_DATA_READ))) -> dict[str, Any]:
        return {"citizen_id": actor.citizen_id}

    await login(client)
    token, _ = await logged_in_tokens(relying_party, client, ["name"], scope="openid profile")
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    response = await client.get("/_test/whoami", headers=headers)
    assert response.json() == {
        "citizen_id": citizen.citizen_id,
        "group": "citizen",
        "channel": "eid_platform",
    }
    # The token is not the citizen's own session: no own-data reads, no account management.
    assert (await client.get("/_test/own", headers=headers)).status_code == 403
    assert (await client.get("/api/v1/oidc/consents", headers=headers)).status_code == 403
    for own in ("record", "history", "represented"):  # the identity app's API: the citizen's login only
        refused_own = await client.get(f"/api/v1/eid/me/{own}", headers=headers)
        assert refused_own.status_code == 403 and citizen.pin not in refused_own.text
    # An ID token is not an access token.
    refused = await client.get("/_test/whoami", headers={"Authorization": f"Bearer {token['id_token']}"})
    assert refused.status_code in (401, 303)


async def test_saved_consent_skips_the_screen_and_minimal_claims_are_logged_as_login(
    client: httpx.AsyncClient, session: AsyncSession, relying_party: AsyncOAuth2Client, citizen: Citizen
) -> None:
    await login(client)
    await logged_in_tokens(relying_party, client, ["name", "birthdate", "gender"], scope="openid profile")
    again = start(relying_party, scope="openid profile")
    response = await client.get(again.url)
    assert "code" in redirect_params(response)
    purposes = await session.scalars(
        select(Event.purpose).where(
            Event.subject_citizen_id == citizen.citizen_id, Event.event_type == EventType.CITIZEN_VIEWED
        )
    )
    assert "đăng nhập" in set(purposes)


async def test_level1_account_is_refused_when_level2_is_asked(
    client: httpx.AsyncClient, session: AsyncSession, relying_party: AsyncOAuth2Client
) -> None:
    await make_citizen(client, session, level=EidLevel.LEVEL_1, username="cd.muc1")
    await login(client, "cd.muc1")
    started = start(relying_party, acr_values="urn:dancu:eid:level2")
    page = await client.get(started.url)
    assert page.status_code == 403
    assert "mức độ 2" in page.text
    assert "error=unmet_authentication_requirements" in unescape(page.text)
    # Asking for level 1 only is fine, and the token says level 1.
    token, _ = await logged_in_tokens(relying_party, client, ["name"], acr_values="urn:dancu:eid:level1")
    claims = jwt.decode(token["id_token"], await jwks(client), algorithms=["RS256"]).claims
    assert claims["acr"] == "urn:dancu:eid:level1"


async def test_denying_consent_returns_access_denied(
    client: httpx.AsyncClient, relying_party: AsyncOAuth2Client, citizen: Citizen
) -> None:
    await login(client)
    started = start(relying_party)
    params = redirect_params(await consent(client, started, ["name"], decision="deny"))
    assert params["error"] == "access_denied" and params["state"] == started.state


async def test_consent_form_needs_the_csrf_token(
    client: httpx.AsyncClient, relying_party: AsyncOAuth2Client, citizen: Citizen
) -> None:
    await login(client)
    started = start(relying_party)
    page = await client.get(started.url)
    form = hidden_fields(page.text) | {"decision": "approve", "claims": ["name"]}
    form["csrf_token"] = "forged"
    response = await client.post("/oidc/authorize", data=form, headers={"accept": "application/json"})
    assert response.status_code == 403


async def test_refresh_rotates_and_a_replayed_refresh_token_revokes_the_family(
    client: httpx.AsyncClient, session: AsyncSession, relying_party: AsyncOAuth2Client, citizen: Citizen
) -> None:
    await login(client)
    token, _ = await logged_in_tokens(relying_party, client, ["name"])
    first_refresh = token["refresh_token"]
    rotated = await relying_party.refresh_token(f"{ISSUER}/oidc/token", refresh_token=first_refresh)
    assert rotated["refresh_token"] != first_refresh
    claims = jwt.decode(rotated["id_token"], await jwks(client), algorithms=["RS256"]).claims
    assert claims["name"] == "Trần Thị Lan" and claims["acr"] == "urn:dancu:eid:level2"

    with pytest.raises(AuthlibOAuthError) as replay:
        await relying_party.refresh_token(f"{ISSUER}/oidc/token", refresh_token=first_refresh)
    assert replay.value.error == "invalid_grant"
    with pytest.raises(AuthlibOAuthError) as successor:
        await relying_party.refresh_token(f"{ISSUER}/oidc/token", refresh_token=rotated["refresh_token"])
    assert successor.value.error == "invalid_grant"  # the whole family died with the replay


async def test_revocation_ends_the_refresh_token(
    client: httpx.AsyncClient, session: AsyncSession, relying_party: AsyncOAuth2Client, citizen: Citizen
) -> None:
    await login(client)
    token, _ = await logged_in_tokens(relying_party, client, ["name"])
    response = await relying_party.revoke_token(
        f"{ISSUER}/oidc/revoke", token=token["refresh_token"], token_type_hint="refresh_token"
    )
    assert response.status_code == 200
    unknown = await relying_party.revoke_token(f"{ISSUER}/oidc/revoke", token="not-a-token")
    assert unknown.status_code == 200  # RFC 7009 §2.2
    revoked = await session.scalars(select(RefreshToken.revoked_at))
    assert all(value is not None for value in revoked)
    with pytest.raises(AuthlibOAuthError) as refused:
        await relying_party.refresh_token(f"{ISSUER}/oidc/token", refresh_token=token["refresh_token"])
    assert refused.value.error == "invalid_grant"


async def test_wrong_redirect_uri_is_shown_not_redirected(
    client: httpx.AsyncClient, relying_party: AsyncOAuth2Client, citizen: Citizen
) -> None:
    await login(client)
    started = start(relying_party, redirect_uri="http://evil.test/cb")
    response = await client.get(started.url)
    assert response.status_code == 400 and "redirect_uri" in response.text
    assert "location" not in response.headers


async def test_missing_pkce_is_refused_to_the_rp(
    client: httpx.AsyncClient, rp_client: OidcClient, citizen: Citizen
) -> None:
    await login(client)
    query = {
        "response_type": "code",
        "client_id": rp_client.client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid",
        "state": "s1",
    }
    params = redirect_params(await client.get("/oidc/authorize", params=query))
    assert params == {
        "error": "invalid_request",
        "error_description": params["error_description"],
        "state": "s1",
    }
    plain = query | {"code_challenge": "x" * 43, "code_challenge_method": "plain"}
    assert redirect_params(await client.get("/oidc/authorize", params=plain))["error"] == "invalid_request"


async def test_replayed_code_and_wrong_verifier_are_invalid_grant(
    client: httpx.AsyncClient, relying_party: AsyncOAuth2Client, citizen: Citizen
) -> None:
    await login(client)
    started = start(relying_party)
    location = (await consent(client, started, ["name"])).headers["location"]
    code = parse_qs(urlsplit(location).query)["code"][0]
    token = await relying_party.fetch_token(
        f"{ISSUER}/oidc/token", authorization_response=location, code_verifier=started.verifier
    )
    with pytest.raises(AuthlibOAuthError) as replay:
        await relying_party.fetch_token(
            f"{ISSUER}/oidc/token", authorization_response=location, code_verifier=started.verifier
        )
    assert replay.value.error == "invalid_grant"
    with pytest.raises(AuthlibOAuthError):  # the replay revoked what the code had produced
        await relying_party.refresh_token(f"{ISSUER}/oidc/token", refresh_token=token["refresh_token"])

    second = start(relying_party)
    location = (await consent(client, second, ["name"])).headers["location"]
    with pytest.raises(AuthlibOAuthError) as wrong:
        await relying_party.fetch_token(
            f"{ISSUER}/oidc/token", authorization_response=location, code_verifier=secrets.token_urlsafe(48)
        )
    assert wrong.value.error == "invalid_grant" and code


async def test_token_endpoint_answers_oauth_errors_for_bad_input(
    client: httpx.AsyncClient, rp_client: OidcClient
) -> None:
    json_body = await client.post("/oidc/token", json={"grant_type": "authorization_code"})
    assert json_body.status_code == 400 and json_body.json()["error"] == "invalid_request"
    unknown = await client.post("/oidc/token", data={"grant_type": "password", "client_id": "nobody"})
    assert unknown.status_code == 401 and unknown.json()["error"] == "invalid_client"
    grant = await client.post(
        "/oidc/token", data={"grant_type": "password", "client_id": rp_client.client_id}
    )
    assert grant.json()["error"] == "unsupported_grant_type"
    code = await client.post(
        "/oidc/token",
        data={"grant_type": "authorization_code", "client_id": rp_client.client_id, "code": "x" * 3},
    )
    assert code.json()["error"] == "invalid_grant"
    nul = await client.post(
        "/oidc/token",
        data={"grant_type": "authorization_code", "client_id": rp_client.client_id, "code": "\x00" * 3},
    )
    # Control characters are refused before any endpoint runs; OAuth clients get an OAuth error.
    assert nul.status_code == 400 and nul.json()["error"] == "invalid_request"
    junk = await client.post(
        "/oidc/token",
        data={"grant_type": "client_credentials", "client_assertion_type": "x", "client_assertion": "a.b.c"},
    )
    assert junk.status_code == 401
    userinfo = await client.get("/oidc/userinfo", headers={"Authorization": "Bearer a.b.c"})
    assert userinfo.status_code == 401 and "invalid_token" in userinfo.headers["www-authenticate"]


async def test_tokens_signed_before_a_rotation_still_verify(
    app: FastAPI,
    client: httpx.AsyncClient,
    session: AsyncSession,
    relying_party: AsyncOAuth2Client,
    citizen: Citizen,
) -> None:
    @app.get("/_test/me")
    async def me(actor: Actor = Depends(Requires(Permission.GEO_READ))) -> dict[str, Any]:
        return {"citizen_id": actor.citizen_id}

    await login(client)
    token, _ = await logged_in_tokens(relying_party, client, ["name"])
    old_kid = jwt.decode(token["id_token"], await jwks(client), algorithms=["RS256"]).header["kid"]
    new, retired = await keys.rotate(session)
    assert old_kid in retired
    published = await jwks(client)
    assert {old_kid, new.kid} <= {key.kid for key in published.keys}
    jwt.decode(token["id_token"], published, algorithms=["RS256"])  # still valid
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    assert (await client.get("/_test/me", headers=bearer)).json() == {"citizen_id": citizen.citizen_id}
    fresh, _ = await logged_in_tokens(relying_party, client, ["name"])
    # ID tokens are signed RS256 by default: the new RSA key, made by the same rotation.
    new_rsa = await keys.current_key(session, keys.RS256)
    assert new_rsa.kid != old_kid and new_rsa.kid in {key.kid for key in published.keys}
    assert jwt.decode(fresh["id_token"], published, algorithms=["RS256"]).header["kid"] == new_rsa.kid


async def test_client_registration_needs_org_register(
    client: httpx.AsyncClient, session: AsyncSession, bank: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = {
        "name": "Ví điện tử",
        "organisation_id": bank.id,
        "kind": "relying_party",
        "redirect_uris": ["https://vi.example.vn/cb"],
        "allowed_claims": ["name", "pin"],
        "token_endpoint_auth_method": "none",
    }
    _, password = await make_officer(
        session, username="xa.khongquyen", role=OfficerRole.COMMUNE_POLICE, unit_code="00070"
    )
    commune = await bearer_for(client, "xa.khongquyen", password)
    refused = await client.post("/api/v1/oidc/clients", json=body, headers=commune)
    assert refused.status_code == 403
    # The system operator no longer registers what an organisation may receive; C06 does.
    _, password = await make_officer(session, username="c06.vanhanh", role=OfficerRole.OPERATOR)
    sysop = await bearer_for(client, "c06.vanhanh", password)
    assert (await client.post("/api/v1/oidc/clients", json=body, headers=sysop)).status_code == 403
    _, password = await make_officer(session, username="c06.operator", role=OfficerRole.IDENTITY_AGENCY)
    operator = await bearer_for(client, "c06.operator", password)
    created = await client.post("/api/v1/oidc/clients", json=body, headers=operator)
    assert created.status_code == 201, created.text
    assert created.json()["client_id"].startswith("rp_")
    bad = await client.post(
        "/api/v1/oidc/clients", json=body | {"kind": "machine", "redirect_uris": []}, headers=operator
    )
    assert bad.status_code == 422
    with_private = body | {
        "token_endpoint_auth_method": "private_key_jwt",
        "jwks": {"keys": [{"kty": "oct", "k": "c2VjcmV0"}]},
    }
    assert (await client.post("/api/v1/oidc/clients", json=with_private, headers=operator)).status_code == 422


async def test_withdrawing_consent_ends_refresh_and_userinfo(
    client: httpx.AsyncClient, relying_party: AsyncOAuth2Client, rp_client: OidcClient, citizen: Citizen
) -> None:
    await login(client)
    token, _ = await logged_in_tokens(relying_party, client, ["name", "pin"])
    listed = (await client.get("/api/v1/oidc/consents")).json()
    assert [(c["client_id"], c["organisation"], c["claims"]) for c in listed] == [
        (rp_client.client_id, "Ngân hàng TMCP Thử Nghiệm", ["name", "pin"])
    ]
    url = f"/api/v1/oidc/consents/{rp_client.client_id}"
    assert (await client.delete(url)).status_code == 403  # cookie session without the CSRF token
    page = await client.get(start(relying_party).url)
    csrf = hidden_fields(page.text)["csrf_token"]
    assert (await client.delete(url, headers={"x-csrf-token": csrf})).status_code == 204
    assert (await client.get("/api/v1/oidc/consents")).json() == []
    assert (await relying_party.get(f"{ISSUER}/oidc/userinfo")).status_code == 401
    with pytest.raises(AuthlibOAuthError) as refused:
        await relying_party.refresh_token(f"{ISSUER}/oidc/token", refresh_token=token["refresh_token"])
    assert refused.value.error == "invalid_grant"


async def test_consent_grant_and_withdrawal_have_their_types_on_the_citizens_chain(
    client: httpx.AsyncClient,
    session: AsyncSession,
    relying_party: AsyncOAuth2Client,
    rp_client: OidcClient,
    citizen: Citizen,
) -> None:
    await login(client)
    await logged_in_tokens(relying_party, client, ["name", "pin"])
    granted = await session.scalar(select(Event).where(Event.event_type == EventType.OIDC_CONSENT_GRANTED))
    assert granted is not None
    assert granted.subject_citizen_id == citizen.citizen_id
    assert granted.fields == ["name", "pin"]
    assert granted.data["oidc_client"] == rp_client.client_id
    page = await client.get(start(relying_party).url)
    csrf = hidden_fields(page.text)["csrf_token"]
    mark = int(await session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1)) or 0)
    url = f"/api/v1/oidc/consents/{rp_client.client_id}"
    assert (await client.delete(url, headers={"x-csrf-token": csrf})).status_code == 204
    withdrawn = await session.scalar(
        select(Event).where(Event.event_type == EventType.OIDC_CONSENT_WITHDRAWN, Event.id > mark)
    )
    assert withdrawn is not None and withdrawn.fields == ["name", "pin"]
    assert withdrawn.subject_citizen_id == citizen.citizen_id


async def test_releasing_the_pin_to_a_k2_party_needs_level_2(
    client: httpx.AsyncClient, session: AsyncSession, relying_party: AsyncOAuth2Client
) -> None:
    """eKYC (NĐ 69/2024 Điều 13): a level-1 citizen may give a bank the name, not the PIN."""
    await make_citizen(client, session, level=EidLevel.LEVEL_1, username="cd.ekyc1")
    await login(client, "cd.ekyc1")
    started = start(relying_party)
    refused = await consent(client, started, ["name", "pin"])
    assert refused.status_code == 403
    assert "mức độ 2" in refused.text and "mức độ 1" in refused.text
    assert "error=unmet_authentication_requirements" in unescape(refused.text)
    assert (
        await session.scalar(select(Event).where(Event.event_type == EventType.OIDC_CONSENT_GRANTED)) is None
    )
    token, _ = await logged_in_tokens(relying_party, client, ["name"])
    assert "access_token" in token
    # Level 2 releases the PIN too: see test_withdrawing_consent_ends_refresh_and_userinfo.
