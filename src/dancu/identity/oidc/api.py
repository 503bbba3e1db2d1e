"""OIDC endpoints for machines: discovery, JWKS, token, userinfo, revocation, client registration.

The OAuth endpoints answer errors as OAuth 2.0 JSON (RFC 6749 §5.2, RFC 6750 §3), never problem+json:
that is what a relying party's library parses. Client registration is an ordinary API route.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.errors import NotFound
from dancu.identity.oidc import actions, failures, keys, tokens
from dancu.identity.oidc.claims import ACR_LEVEL_1, ACR_LEVEL_2, SUPPORTED_SCOPES, Claim
from dancu.identity.oidc.models import ClientKind, OidcClient
from dancu.identity.oidc.schemas import ClientIn, ClientOut
from dancu.identity.oidc.tokens import OAuthError
from dancu.web.deps import DbSession, Public, Requires, register_bearer_authenticator
from dancu.web.transaction import UnitOfWorkRoute, commit_then_refuse

router = APIRouter(route_class=UnitOfWorkRoute, tags=["oidc"])
register_bearer_authenticator(tokens.authenticate_bearer)

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
MAX_FORM_FIELD = 8192


def issuer_of(request: Request) -> str:
    """DANCU_OIDC_ISSUER when set; otherwise the base URL the request came to."""
    configured: str | None = request.app.state.settings.oidc_issuer
    return (configured or str(request.base_url)).rstrip("/")


def oauth_error(exc: OAuthError) -> JSONResponse:
    headers = dict(NO_STORE)
    if exc.status == 401:
        headers["WWW-Authenticate"] = 'Bearer error="' + exc.error + '"'
    return JSONResponse(exc.body(), status_code=exc.status, headers=headers)


async def read_form(request: Request) -> dict[str, str]:
    """The form fields of an OAuth request; repeated or oversized parameters are refused (RFC 6749 §3.1)."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        raise OAuthError("invalid_request", "the body must be application/x-www-form-urlencoded")
    form = await request.form()
    fields: dict[str, str] = {}
    for name, value in form.multi_items():
        if not isinstance(value, str) or len(value) > MAX_FORM_FIELD or name in fields:
            raise OAuthError("invalid_request", f"parameter {name} is malformed or repeated")
        fields[name] = value
    return fields


@router.get(
    "/.well-known/openid-configuration", dependencies=[Depends(Public("OIDC discovery (public metadata)"))]
)
async def discovery(request: Request) -> dict[str, Any]:
    issuer = issuer_of(request)
    return {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/oidc/authorize",
        "token_endpoint": f"{issuer}/oidc/token",
        "userinfo_endpoint": f"{issuer}/oidc/userinfo",
        "jwks_uri": f"{issuer}/oidc/jwks",
        "revocation_endpoint": f"{issuer}/oidc/revoke",
        "end_session_endpoint": f"{issuer}/oidc/logout",
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "subject_types_supported": ["pairwise"],
        # RS256 first: OIDC Discovery 1.0 §3 requires it, and it is the registration default.
        "id_token_signing_alg_values_supported": [keys.RS256, keys.ALG],
        "scopes_supported": list(SUPPORTED_SCOPES),
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "azp"]
        + [c.value for c in Claim],
        "acr_values_supported": [ACR_LEVEL_1, ACR_LEVEL_2],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt", "none"],
        "token_endpoint_auth_signing_alg_values_supported": tokens.ASSERTION_ALGS,
        "revocation_endpoint_auth_methods_supported": ["private_key_jwt", "none"],
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
        "ui_locales_supported": ["vi", "en"],
    }


@router.get("/oidc/jwks", dependencies=[Depends(Public("public signing keys"))])
async def jwks(session: DbSession) -> JSONResponse:
    for alg in keys.ALGS:
        await keys.current_key(session, alg)  # the first key of each algorithm is made on first use
    published = await keys.published_keys(session)
    return JSONResponse(
        {"keys": [key.public_jwk for key in published]}, headers={"Cache-Control": "max-age=300"}
    )


def _audiences(request: Request) -> set[str]:
    issuer = issuer_of(request)
    return {issuer, f"{issuer}/oidc/token", f"{issuer}/oidc/revoke"}


@router.post(
    "/oidc/token",
    dependencies=[Depends(Public("OAuth token endpoint: the client authenticates in the body"))],
)
async def token(request: Request, session: DbSession) -> Response:
    form: dict[str, str] = {}
    try:
        form = await read_form(request)
        client = await tokens.authenticate_client(session, form, audiences=_audiences(request))
        body = await _grant(session, client, form, issuer=issuer_of(request))
    except OAuthError as exc:
        await failures.record_client_failure(session, form, exc)
        await commit_then_refuse(
            session
        )  # keep used codes, revoked families, seen assertion ids, the failure
        return oauth_error(exc)
    return JSONResponse(body, headers=NO_STORE)


async def _grant(
    session: DbSession, client: OidcClient, form: dict[str, str], *, issuer: str
) -> dict[str, Any]:
    grant_type = form.get("grant_type")
    if grant_type == "client_credentials":
        return await actions.machine_tokens(session, client, issuer=issuer)
    if client.kind is not ClientKind.RELYING_PARTY:
        raise OAuthError("unauthorized_client", "machine clients may only use client_credentials")
    if grant_type == "authorization_code":
        grant = await actions.redeem_code(session, client, form)
    elif grant_type == "refresh_token":
        grant = await actions.redeem_refresh(session, client, form)
    else:
        raise OAuthError("unsupported_grant_type", "grant_type is not supported")
    return await actions.user_tokens(session, grant, issuer=issuer)


def _bearer_error(error: str, description: str, status: int = 401) -> JSONResponse:
    header = f'Bearer error="{error}", error_description="{description}"'
    return JSONResponse(
        {"error": error, "error_description": description},
        status_code=status,
        headers={**NO_STORE, "WWW-Authenticate": header},
    )


@router.get(
    "/oidc/userinfo",
    dependencies=[
        Depends(Public("OIDC userinfo: the bearer access token is checked by the handler (RFC 6750)"))
    ],
)
# OIDC Core 5.3.1 allows POST too; one OpenAPI operation documents both.
@router.post(
    "/oidc/userinfo",
    include_in_schema=False,
    dependencies=[
        Depends(Public("OIDC userinfo: the bearer access token is checked by the handler (RFC 6750)"))
    ],
)
async def userinfo(request: Request, session: DbSession) -> Response:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return _bearer_error("invalid_token", "a bearer access token is required")
    claims = await tokens.verify_access_token(session, header[7:].strip())
    client = await tokens.client_by_id(session, claims["client_id"]) if claims else None
    if claims is None or client is None or client.kind is not ClientKind.RELYING_PARTY:
        return _bearer_error("invalid_token", "the access token is not valid")
    account = await tokens.account_for_subject(session, claims["sub"], client.organisation_id)
    consent = await actions.active_consent(session, account.id, client) if account else None
    if account is None or consent is None or account.citizen_id is None:
        return _bearer_error("invalid_token", "the consent behind this token has been withdrawn")
    grant = actions.Grant(client, account, "", [], list(consent.claims), account.created_at, "")
    released = await actions.release_claims(session, grant)
    return JSONResponse({"sub": claims["sub"], **released}, headers=NO_STORE)


@router.post(
    "/oidc/revoke",
    dependencies=[Depends(Public("RFC 7009 revocation: the client authenticates in the body"))],
)
async def revoke(request: Request, session: DbSession) -> Response:
    try:
        form = await read_form(request)
        client = await tokens.authenticate_client(session, form, audiences=_audiences(request))
        if "token" not in form:
            raise OAuthError("invalid_request", "token is required")
        await actions.revoke(session, client, form["token"])
    except OAuthError as exc:
        await commit_then_refuse(session)
        return oauth_error(exc)
    return Response(status_code=200, headers=NO_STORE)


@router.post("/api/v1/oidc/clients", status_code=201, response_model=ClientOut)
async def register_client(
    body: ClientIn,
    actor: Annotated[Actor, Depends(Requires(Permission.ORG_REGISTER))],
    session: DbSession,
) -> ClientOut:
    client = await actions.create_client(
        session,
        **body.model_dump(exclude={"allowed_claims"}),
        allowed_claims=[c.value for c in body.allowed_claims],
        actor=actor,
    )
    return ClientOut.of(client)


@router.get("/api/v1/oidc/consents")
async def my_consents(
    actor: Annotated[Actor, Depends(Requires(Permission.SELF))], session: DbSession
) -> list[dict[str, Any]]:
    """The caller's standing consents: which client, of which organisation, may receive what."""
    if actor.account_id is None:
        return []
    return [
        {
            "client_id": client.client_id,
            "client_name": client.name,
            "organisation": org,
            "claims": consent.claims,
            "granted_at": consent.granted_at.isoformat(),
        }
        for consent, client, org in await actions.consents_of(session, actor.account_id)
    ]


@router.delete("/api/v1/oidc/consents/{client_id}", status_code=204)
async def withdraw_consent(
    client_id: str, actor: Annotated[Actor, Depends(Requires(Permission.SELF))], session: DbSession
) -> None:
    """Withdraw consent (Luật Căn cước Điều 10 khoản 8): ends the client's refresh tokens too."""
    client = await tokens.client_by_id(session, client_id)
    if client is None or actor.account_id is None:
        raise NotFound("http.not_found")
    await actions.revoke_consent(session, actor.account_id, client, actor=actor)
