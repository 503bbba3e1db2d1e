"""Signing and checking JWTs; client authentication (RFC 7523); the bearer authenticator.

Access tokens are JWTs (RFC 9068, ``typ: at+jwt``) signed with the provider's current key. A
relying party's token stands for the citizen who consented; a machine client's token stands for its
organisation over the direct-connection channel.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import secrets
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import Channel, channel_allowed
from dancu.access.models import Organisation
from dancu.access.permissions import Permission
from dancu.clock import now_utc
from dancu.errors import DomainError
from dancu.identity.models import Account
from dancu.identity.oidc import keys
from dancu.identity.oidc.models import AssertionJti, ClientAuthMethod, ClientKind, OidcClient, Subject
from dancu.identity.principals import actor_for_account

ACCESS_TOKEN_TTL = dt.timedelta(minutes=10)
ID_TOKEN_TTL = dt.timedelta(minutes=10)
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
# An assertion valid for longer than this is refused, so remembered jtis can be forgotten after it.
# One hour (plus clock skew) is what common client libraries (Authlib) put in ``exp``.
MAX_ASSERTION_LIFETIME = dt.timedelta(hours=1, minutes=1)
ASSERTION_ALGS = ["ES256", "RS256", "PS256", "EdDSA"]
RELYING_PARTY_PERMISSIONS = frozenset({Permission.GEO_READ, Permission.PIN_DECODE})


class OAuthError(Exception):
    """An OAuth 2.0 error response (RFC 6749 §5.2): ``error`` is one of the registered codes."""

    def __init__(self, error: str, description: str, *, status: int = 400) -> None:
        super().__init__(error)
        self.error = error
        self.description = description
        self.status = status

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


def _timestamp(instant: dt.datetime) -> int:
    return int(instant.timestamp())


async def sign(session: AsyncSession, claims: dict[str, Any], *, typ: str, alg: str = keys.ALG) -> str:
    key = await keys.current_key(session, alg if alg in keys.ALGS else keys.ALG)
    header = {"alg": key.alg, "kid": key.kid, "typ": typ}
    return jwt.encode(header, claims, keys.private_key(key))


async def access_token(
    session: AsyncSession, *, issuer: str, sub: str, client: OidcClient, scope: list[str]
) -> str:
    now = now_utc()
    claims = {
        "iss": issuer,
        "sub": sub,
        "aud": issuer,
        "client_id": client.client_id,
        "scope": " ".join(scope),
        "iat": _timestamp(now),
        "exp": _timestamp(now + ACCESS_TOKEN_TTL),
        "jti": secrets.token_urlsafe(16),
    }
    return await sign(session, claims, typ="at+jwt")


async def id_token(
    session: AsyncSession,
    *,
    issuer: str,
    sub: str,
    client: OidcClient,
    acr: str,
    auth_time: dt.datetime,
    nonce: str | None,
    released: dict[str, Any],
) -> str:
    now = now_utc()
    claims: dict[str, Any] = {
        **released,
        "iss": issuer,
        "sub": sub,
        "aud": client.client_id,
        "azp": client.client_id,
        "iat": _timestamp(now),
        "exp": _timestamp(now + ID_TOKEN_TTL),
        "auth_time": _timestamp(auth_time),
        "acr": acr,
    }
    if nonce:
        claims["nonce"] = nonce
    return await sign(session, claims, typ="JWT", alg=client.id_token_signed_response_alg)


async def verify_access_token(session: AsyncSession, token: str) -> dict[str, Any] | None:
    """The claims of a valid, unexpired access token we signed; None for anything else."""
    if token.count(".") != 2:
        return None
    try:
        decoded = jwt.decode(token, await keys.verification_keys(session), algorithms=[keys.ALG])
    except (JoseError, ValueError, KeyError, TypeError):
        return None
    claims = dict(decoded.claims)
    if decoded.header.get("typ") != "at+jwt":
        return None  # an ID token is not an access token
    exp = claims.get("exp")
    if not isinstance(exp, int) or exp <= _timestamp(now_utc()):
        return None
    if not isinstance(claims.get("sub"), str) or not isinstance(claims.get("client_id"), str):
        return None
    return claims


async def client_by_id(session: AsyncSession, client_id: str) -> OidcClient | None:
    client = await session.scalar(select(OidcClient).where(OidcClient.client_id == client_id))
    return client if client is not None and client.active else None


async def subject_for(session: AsyncSession, account_id: int, organisation_id: int) -> str:
    """The account's pairwise ``sub`` at the organisation: random, stable, unlinkable across them."""
    sub = await session.scalar(
        select(Subject.sub).where(
            Subject.account_id == account_id, Subject.organisation_id == organisation_id
        )
    )
    if sub is None:
        sub = secrets.token_urlsafe(24)
        session.add(Subject(sub=sub, account_id=account_id, organisation_id=organisation_id))
        # the next lookup of this pair in the unit must find it, or it would mint a second sub
        await session.flush()
    return sub


async def account_for_subject(session: AsyncSession, sub: str, organisation_id: int) -> Account | None:
    return await session.scalar(
        select(Account)
        .join(Subject, Subject.account_id == Account.id)
        .where(Subject.sub == sub, Subject.organisation_id == organisation_id)
    )


def machine_actor(client: OidcClient, organisation: Organisation) -> Actor:
    """A machine client acts for its organisation, with the organisation's whole mandate."""
    actor = Actor.org_member(
        account_id=0,
        label=f"{organisation.name} (oidc:{client.client_id})",
        group=organisation.actor_group,
        organisation_id=organisation.id,
        organisation_name=organisation.name,
        fields=frozenset(organisation.mandate),
        channel=Channel.DIRECT,
        legal_basis=organisation.legal_basis,
    )
    # A machine client has no account row: the access log must not point at account 0.
    return dataclasses.replace(actor, account_id=None)


async def authenticate_bearer(session: AsyncSession, token: str) -> Actor | None:
    """Registered with ``web.deps``: an OIDC access token as the caller of any ``Requires`` route."""
    claims = await verify_access_token(session, token)
    if claims is None:
        return None
    client = await client_by_id(session, claims["client_id"])
    if client is None:
        return None
    organisation = await session.get(Organisation, client.organisation_id)
    if organisation is None or not organisation.active:
        return None
    if client.kind is ClientKind.MACHINE:
        if claims["sub"] != client.client_id or not channel_allowed(organisation.actor_group, Channel.DIRECT):
            return None
        return machine_actor(client, organisation)
    account = await account_for_subject(session, claims["sub"], organisation.id)
    if account is None or not account.active:
        return None
    try:
        actor = await actor_for_account(session, account)
    except DomainError:
        return None
    # The token identifies the citizen to the relying party; it is not the citizen's own session:
    # no account management (SELF: sessions, consents, lock) and no own-data or tracker reads.
    return dataclasses.replace(
        actor, channel=Channel.EID_PLATFORM, permissions=actor.permissions & RELYING_PARTY_PERMISSIONS
    )


def _client_keys(client: OidcClient) -> KeySet:
    try:
        return KeySet.import_key_set(client.jwks or {"keys": []})  # type: ignore[arg-type]
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        raise OAuthError("invalid_client", "the client's registered keys are unusable", status=401) from exc


def _check_assertion_claims(claims: dict[str, Any], client: OidcClient, audiences: set[str]) -> int:
    if claims.get("iss") != client.client_id or claims.get("sub") != client.client_id:
        raise OAuthError("invalid_client", "client assertion iss and sub must be the client_id", status=401)
    aud = claims.get("aud")
    presented = set(aud) if isinstance(aud, list) else {aud}
    if not presented & audiences:
        raise OAuthError("invalid_client", "client assertion audience is not this server", status=401)
    exp, now = claims.get("exp"), _timestamp(now_utc())
    if not isinstance(exp, int | float) or exp <= now:
        raise OAuthError("invalid_client", "client assertion has expired", status=401)
    if exp > now + MAX_ASSERTION_LIFETIME.total_seconds():
        raise OAuthError("invalid_client", "client assertion lives too long", status=401)
    if not isinstance(claims.get("jti"), str) or not claims["jti"]:
        raise OAuthError("invalid_client", "client assertion needs a jti", status=401)
    return int(exp)


async def _remember_jti(session: AsyncSession, client: OidcClient, jti: str, exp: int) -> None:
    # An expired assertion is refused anyway: its jti need not be kept.
    await session.execute(delete(AssertionJti).where(AssertionJti.expires_at < now_utc()))
    seen = await session.scalar(
        select(AssertionJti.id).where(AssertionJti.client_id == client.id, AssertionJti.jti == jti)
    )
    if seen is not None:
        raise OAuthError("invalid_client", "client assertion jti has been used before", status=401)
    try:
        async with session.begin_nested():
            session.add(
                AssertionJti(client_id=client.id, jti=jti, expires_at=dt.datetime.fromtimestamp(exp, dt.UTC))
            )
    except IntegrityError as exc:  # a concurrent request presented the same assertion
        raise OAuthError("invalid_client", "client assertion jti has been used before", status=401) from exc


async def authenticate_client(
    session: AsyncSession, form: dict[str, str], *, audiences: set[str]
) -> OidcClient:
    """The client making a token, revocation or introspection request (RFC 6749 §2.3, RFC 7523)."""
    assertion = form.get("client_assertion")
    if assertion is not None:
        if form.get("client_assertion_type") != ASSERTION_TYPE:
            raise OAuthError("invalid_client", "unsupported client_assertion_type", status=401)
        return await _authenticate_assertion(session, assertion, form.get("client_id"), audiences)
    client = await client_by_id(session, form.get("client_id", ""))
    if client is None or client.token_endpoint_auth_method is not ClientAuthMethod.NONE:
        raise OAuthError("invalid_client", "client authentication failed", status=401)
    return client


async def _authenticate_assertion(
    session: AsyncSession, assertion: str, client_id: str | None, audiences: set[str]
) -> OidcClient:
    client = await client_by_id(session, _unverified_issuer(assertion) or "")
    if client is None or client.token_endpoint_auth_method is not ClientAuthMethod.PRIVATE_KEY_JWT:
        raise OAuthError("invalid_client", "client authentication failed", status=401)
    if client_id is not None and client_id != client.client_id:
        raise OAuthError("invalid_client", "client_id does not match the assertion", status=401)
    try:
        claims = dict(jwt.decode(assertion, _client_keys(client), algorithms=ASSERTION_ALGS).claims)
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        raise OAuthError("invalid_client", "client assertion signature is not valid", status=401) from exc
    exp = _check_assertion_claims(claims, client, audiences)
    await _remember_jti(session, client, claims["jti"], exp)
    return client


def _unverified_issuer(assertion: str) -> str | None:
    """The assertion's issuer, read before its signature is checked only to find the client's keys."""
    parts = assertion.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, TypeError):
        return None
    issuer = payload.get("iss") if isinstance(payload, dict) else None
    return issuer if isinstance(issuer, str) else None
