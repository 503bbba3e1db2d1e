"""Writes of the OIDC provider: clients, consents, codes, token grants, revocation. Flush, never commit."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import Channel, channel_allowed
from dancu.access.models import ConnectionSecurityCheck, Organisation, SecurityCheckResult
from dancu.audit.actions import record_event, record_read
from dancu.audit.models import EventType
from dancu.clock import now_utc, today_vn
from dancu.errors import NotFound
from dancu.identity.models import Account, AccountStatus
from dancu.identity.oidc import tokens
from dancu.identity.oidc.claims import Claim, acr_for, claim_values
from dancu.identity.oidc.models import (
    AuthorizationCode,
    ClientAuthMethod,
    ClientKind,
    Consent,
    OidcClient,
    RefreshToken,
)
from dancu.identity.oidc.tokens import OAuthError
from dancu.web_tokens import token_hash

CODE_TTL = dt.timedelta(seconds=60)
REFRESH_TTL = dt.timedelta(days=30)
CONSENT_BASIS = "Luật Căn cước 2023 Điều 10 khoản 8 (sự đồng ý của công dân)"
EKYC_CLAIMS = frozenset({Claim.PIN.value, Claim.ADDRESS.value})


async def create_client(
    session: AsyncSession,
    *,
    name: str,
    organisation_id: int,
    kind: ClientKind,
    redirect_uris: list[str],
    allowed_claims: list[str],
    token_endpoint_auth_method: ClientAuthMethod,
    jwks: dict[str, Any] | None,
    actor: Actor,
    id_token_signed_response_alg: str = "RS256",  # noqa: S107 (an algorithm name)
    post_logout_redirect_uris: list[str] | None = None,
) -> OidcClient:
    organisation = await session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("access.organisation_not_found", organisation_id=organisation_id)
    prefix = "m_" if kind is ClientKind.MACHINE else "rp_"
    client = OidcClient(
        client_id=prefix + secrets.token_urlsafe(18),
        name=name,
        organisation_id=organisation_id,
        kind=kind,
        redirect_uris=redirect_uris,
        allowed_claims=allowed_claims,
        token_endpoint_auth_method=token_endpoint_auth_method,
        jwks=jwks,
        id_token_signed_response_alg=id_token_signed_response_alg,
        post_logout_redirect_uris=list(post_logout_redirect_uris or []),
        active=True,
        created_at=now_utc(),
    )
    session.add(client)
    await session.flush()  # the caller gets the row with its id
    registered = (
        EventType.MACHINE_CLIENT_REGISTERED
        if kind is ClientKind.MACHINE
        else EventType.RELYING_PARTY_REGISTERED
    )
    await record_event(
        session,
        registered,
        actor=actor,
        data={"oidc_client": client.client_id, "kind": kind.value, "organisation_id": organisation_id},
    )
    return client


async def active_consent(session: AsyncSession, account_id: int, client: OidcClient) -> Consent | None:
    return await session.scalar(
        select(Consent)
        .where(Consent.account_id == account_id, Consent.client_id == client.id, Consent.revoked_at.is_(None))
        .order_by(Consent.id.desc())
        .limit(1)
    )


async def consents_of(session: AsyncSession, account_id: int) -> list[tuple[Consent, OidcClient, str]]:
    """The account's standing consents with their client and its organisation's name, newest first."""
    rows = await session.execute(
        select(Consent, OidcClient, Organisation.name)
        .join(OidcClient, OidcClient.id == Consent.client_id)
        .join(Organisation, Organisation.id == OidcClient.organisation_id)
        .where(Consent.account_id == account_id, Consent.revoked_at.is_(None))
        .order_by(Consent.granted_at.desc(), Consent.id.desc())
    )
    return [(consent, client, name) for consent, client, name in rows.all()]


async def _consent_event(
    session: AsyncSession, event_type: EventType, client: OidcClient, claims: list[str], *, actor: Actor
) -> None:
    """On the citizen's own chain and tracker: who may now receive what (Luật Căn cước Điều 10 khoản 8)."""
    await record_event(
        session,
        event_type,
        actor=actor,
        subject_citizen_id=actor.citizen_id,
        fields=claims,
        data={"oidc_client": client.client_id, "organisation_id": client.organisation_id},
    )


async def grant_consent(
    session: AsyncSession, account_id: int, client: OidcClient, claims: list[str], *, actor: Actor
) -> Consent:
    """A new consent replaces the previous one, which stays on record as revoked."""
    await _end_consent(session, account_id, client)
    consent = Consent(account_id=account_id, client_id=client.id, claims=claims, granted_at=now_utc())
    session.add(consent)
    await session.flush()  # the caller gets the row with its id
    await _consent_event(session, EventType.OIDC_CONSENT_GRANTED, client, claims, actor=actor)
    return consent


async def revoke_consent(session: AsyncSession, account_id: int, client: OidcClient, *, actor: Actor) -> None:
    """Withdrawing consent also ends every refresh token the client holds for the account."""
    current = await active_consent(session, account_id, client)
    await _end_consent(session, account_id, client)
    claims = list(current.claims) if current is not None else []
    await _consent_event(session, EventType.OIDC_CONSENT_WITHDRAWN, client, claims, actor=actor)


async def _end_consent(session: AsyncSession, account_id: int, client: OidcClient) -> None:
    now = now_utc()
    await session.execute(
        update(Consent)
        .where(Consent.account_id == account_id, Consent.client_id == client.id, Consent.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.account_id == account_id,
            RefreshToken.client_id == client.id,
            RefreshToken.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )


async def create_code(
    session: AsyncSession,
    *,
    client: OidcClient,
    account: Account,
    redirect_uri: str,
    code_challenge: str,
    nonce: str | None,
    scopes: list[str],
    claims: list[str],
    auth_time: dt.datetime,
) -> str:
    code = secrets.token_urlsafe(32)
    now = now_utc()
    session.add(
        AuthorizationCode(
            code_hash=token_hash(code),
            family=secrets.token_hex(16),
            client_id=client.id,
            account_id=account.id,
            redirect_uri=redirect_uri,
            code_challenge=code_challenge,
            nonce=nonce,
            acr=acr_for(account.eid_level),
            scopes=scopes,
            claims=claims,
            auth_time=auth_time,
            created_at=now,
            expires_at=now + CODE_TTL,
        )
    )
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    return code


def pkce_matches(verifier: str, challenge: str) -> bool:
    """RFC 7636 S256: BASE64URL(SHA256(verifier)) == challenge."""
    if not 43 <= len(verifier) <= 128:
        return False
    digest = hashlib.sha256(verifier.encode("ascii", errors="replace")).digest()
    computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return hmac.compare_digest(computed, challenge)


@dataclass
class Grant:
    """What a token response is issued for: one citizen, one client, the consented claims."""

    client: OidcClient
    account: Account
    acr: str
    scopes: list[str]
    claims: list[str]
    auth_time: dt.datetime
    family: str
    nonce: str | None = None


async def _revoke_family(session: AsyncSession, family: str) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family == family, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now_utc())
    )


async def redeem_code(session: AsyncSession, client: OidcClient, form: dict[str, str]) -> Grant:
    row = await session.scalar(
        select(AuthorizationCode).where(AuthorizationCode.code_hash == token_hash(form.get("code", "")))
    )
    if row is None or row.client_id != client.id:
        raise OAuthError("invalid_grant", "unknown authorization code")
    if row.used_at is not None:
        # A replayed code may have been stolen: everything issued from it is revoked (RFC 6749 §4.1.2).
        await _revoke_family(session, row.family)
        raise OAuthError("invalid_grant", "authorization code has already been used")
    row.used_at = now_utc()
    if row.expires_at <= now_utc():
        raise OAuthError("invalid_grant", "authorization code has expired")
    if form.get("redirect_uri") != row.redirect_uri:
        raise OAuthError("invalid_grant", "redirect_uri does not match the authorization request")
    if not pkce_matches(form.get("code_verifier", ""), row.code_challenge):
        raise OAuthError("invalid_grant", "PKCE verification failed")
    account = await _usable_account(session, row.account_id)
    return Grant(client, account, row.acr, row.scopes, row.claims, row.auth_time, row.family, row.nonce)


async def _usable_account(session: AsyncSession, account_id: int) -> Account:
    account = await session.get(Account, account_id)
    if account is None or not account.active or account.status is not AccountStatus.ACTIVE:
        raise OAuthError("invalid_grant", "the account is not active")
    return account


async def redeem_refresh(session: AsyncSession, client: OidcClient, form: dict[str, str]) -> Grant:
    row = await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == token_hash(form.get("refresh_token", "")))
    )
    if row is None or row.client_id != client.id:
        raise OAuthError("invalid_grant", "unknown refresh token")
    if row.rotated_at is not None:
        await _revoke_family(session, row.family)  # reuse of a rotated token: assume theft
        raise OAuthError("invalid_grant", "refresh token has already been used")
    if row.revoked_at is not None or row.expires_at <= now_utc():
        raise OAuthError("invalid_grant", "refresh token is revoked or expired")
    row.rotated_at = now_utc()
    account = await _usable_account(session, row.account_id)
    consent = await active_consent(session, account.id, client)
    claims = [c for c in row.claims if consent is not None and c in consent.claims]
    return Grant(client, account, row.acr, row.scopes, claims, row.auth_time, row.family)


async def _new_refresh_token(session: AsyncSession, grant: Grant) -> str:
    token = secrets.token_urlsafe(32)
    now = now_utc()
    session.add(
        RefreshToken(
            token_hash=token_hash(token),
            family=grant.family,
            client_id=grant.client.id,
            account_id=grant.account.id,
            acr=grant.acr,
            scopes=grant.scopes,
            claims=grant.claims,
            auth_time=grant.auth_time,
            created_at=now,
            expires_at=now + REFRESH_TTL,
        )
    )
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    return token


async def _release(session: AsyncSession, grant: Grant, organisation: Organisation) -> dict[str, Any]:
    """The claim values, logged for the citizen as a release to the client's organisation."""
    citizen_id = grant.account.citizen_id
    if citizen_id is None or not grant.claims:
        return {}
    actor = Actor(
        label=f"{organisation.name} ({grant.client.name}, oidc:{grant.client.client_id})",
        group=organisation.actor_group,
        channel=Channel.EID_PLATFORM,
        organisation_id=organisation.id,
        organisation_name=organisation.name,
    )
    consent = await active_consent(session, grant.account.id, grant.client)
    await record_read(
        session,
        actor=actor,
        citizen_id=citizen_id,
        fields=[Claim(c).item.value for c in grant.claims],
        purpose="eKYC" if EKYC_CLAIMS & set(grant.claims) else "đăng nhập",
        channel=Channel.EID_PLATFORM,
        legal_basis=CONSENT_BASIS,
        consent_ref=f"oidc-consent:{consent.id}" if consent is not None else None,
    )
    return await claim_values(session, citizen_id, grant.claims)


async def release_claims(session: AsyncSession, grant: Grant) -> dict[str, Any]:
    organisation = await session.get(Organisation, grant.client.organisation_id)
    if organisation is None:
        raise OAuthError("invalid_client", "the client's organisation is gone", status=401)
    return await _release(session, grant, organisation)


async def user_tokens(session: AsyncSession, grant: Grant, *, issuer: str) -> dict[str, Any]:
    """The token response of the code and refresh grants: access, ID and a fresh refresh token."""
    sub = await tokens.subject_for(session, grant.account.id, grant.client.organisation_id)
    released = await release_claims(session, grant)
    id_token = await tokens.id_token(
        session,
        issuer=issuer,
        sub=sub,
        client=grant.client,
        acr=grant.acr,
        auth_time=grant.auth_time,
        nonce=grant.nonce,
        released=released,
    )
    return {
        "access_token": await tokens.access_token(
            session, issuer=issuer, sub=sub, client=grant.client, scope=grant.scopes
        ),
        "token_type": "Bearer",
        "expires_in": int(tokens.ACCESS_TOKEN_TTL.total_seconds()),
        "scope": " ".join(grant.scopes),
        "id_token": id_token,
        "refresh_token": await _new_refresh_token(session, grant),
    }


async def security_check_holds(session: AsyncSession, organisation_id: int) -> bool:
    """The organisation's latest security-check record confirms its system and has not expired."""
    latest = await session.scalar(
        select(ConnectionSecurityCheck)
        .where(ConnectionSecurityCheck.organisation_id == organisation_id)
        .order_by(ConnectionSecurityCheck.id.desc())
        .limit(1)
    )
    if latest is None or latest.result is not SecurityCheckResult.CONFIRMED:
        return False
    return latest.valid_until is None or today_vn() <= latest.valid_until


async def machine_tokens(session: AsyncSession, client: OidcClient, *, issuer: str) -> dict[str, Any]:
    if client.kind is not ClientKind.MACHINE:
        raise OAuthError("unauthorized_client", "only machine clients may use client_credentials")
    organisation = await session.get(Organisation, client.organisation_id)
    if organisation is None or not organisation.active:
        raise OAuthError("unauthorized_client", "the client's organisation is not active")
    if not channel_allowed(organisation.actor_group, Channel.DIRECT):
        # Luật Căn cước Điều 10 khoản 5: only k1 bodies connect directly.
        raise OAuthError("unauthorized_client", "this organisation may not use the direct-connection channel")
    if not await security_check_holds(session, organisation.id):
        # TT 117/2026 Điều 11 khoản 4 điểm a: A05 checks the system and confirms in writing first.
        raise OAuthError("unauthorized_client", "no recorded security check of this system (TT 117 Điều 11)")
    token = await tokens.access_token(session, issuer=issuer, sub=client.client_id, client=client, scope=[])
    return {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": int(tokens.ACCESS_TOKEN_TTL.total_seconds()),
    }


async def revoke(session: AsyncSession, client: OidcClient, token: str) -> None:
    """RFC 7009: revoking a refresh token ends its whole family; unknown tokens are not an error.
    Access tokens are short-lived JWTs and are not tracked (see ADR 0005)."""
    row = await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash(token)))
    if row is not None and row.client_id == client.id:
        await _revoke_family(session, row.family)
