"""Connected systems for the operator: register one, rotate its key, see its traffic and errors.

A connected system is an organisation (access) with a machine client (identity.oidc); both are
created by their own packages' actions, called here, never duplicated.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from joserfc.errors import JoseError
from joserfc.jwk import JWKRegistry
from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import Channel
from dancu.access.models import ConnectionSecurityCheck, Organisation
from dancu.audit.actions import record_event
from dancu.audit.models import Event, EventType
from dancu.clock import now_utc
from dancu.db.routing import stale_ok
from dancu.errors import NotFound, invalid
from dancu.identity.oidc import actions as oidc_actions
from dancu.identity.oidc.models import ClientAuthMethod, ClientKind, OidcClient
from dancu.organisations import actions as organisation_actions
from dancu.organisations.schemas import OrganisationIn
from dancu.sharing.feed.models import DeliveryStatus, Subscription, WebhookDelivery
from dancu.sharing.feed.schemas import SecurityCheckIn

TRAFFIC_DAYS = 30
MAX_JWK = 8192


def public_jwk(text: str, *, field: str = "jwk") -> dict[str, Any]:
    """A public key as a JWK; a key without ``kid`` gets its RFC 7638 thumbprint as one."""
    try:
        raw = json.loads(text) if len(text) <= MAX_JWK else None
        if not isinstance(raw, dict):
            raise invalid(field, "sharing.jwk_invalid")
        key = JWKRegistry.import_key(raw)
    except (ValueError, JoseError, TypeError, KeyError):
        raise invalid(field, "sharing.jwk_invalid") from None
    if key.is_private or "d" in raw:
        raise invalid(field, "sharing.jwk_private")
    jwk: dict[str, Any] = dict(key.as_dict(private=False))
    jwk["kid"] = str(raw.get("kid") or key.thumbprint())
    return jwk


async def register_system(
    session: AsyncSession, body: OrganisationIn, *, client_name: str, jwk: dict[str, Any], actor: Actor
) -> tuple[Organisation, OidcClient]:
    """The organisation with its mandate and administrator, then its machine client."""
    organisation, _admin = await organisation_actions.register_organisation(session, body, actor=actor)
    client = await oidc_actions.create_client(
        session,
        name=client_name,
        organisation_id=organisation.id,
        kind=ClientKind.MACHINE,
        redirect_uris=[],
        allowed_claims=[],
        token_endpoint_auth_method=ClientAuthMethod.PRIVATE_KEY_JWT,
        jwks={"keys": [jwk]},
        actor=actor,
    )
    return organisation, client


async def machine_client(session: AsyncSession, organisation_id: int, client_id: int) -> OidcClient:
    client = await session.scalar(
        select(OidcClient).where(
            OidcClient.id == client_id,
            OidcClient.organisation_id == organisation_id,
            OidcClient.kind == ClientKind.MACHINE,
        )
    )
    if client is None:
        raise NotFound("sharing.client_not_found")
    return client


def _kids(jwks: dict[str, Any] | None) -> list[str]:
    return [str(key.get("kid")) for key in (jwks or {}).get("keys", [])]


async def rotate_key(session: AsyncSession, client: OidcClient, jwk: dict[str, Any], *, actor: Actor) -> None:
    """Replace the client's keys with the new one: assertions signed with a retired key fail at once,
    so the system switches its signing key before the operator uploads (docs/webhooks.md)."""
    old = _kids(client.jwks)
    if jwk["kid"] in old:
        raise invalid("jwk", "sharing.jwk_kid_taken")
    client.jwks = {"keys": [jwk]}
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    await record_event(
        session,
        EventType.SYSTEM_KEY_ROTATED,
        actor=actor,
        data={
            "organisation_id": client.organisation_id,
            "oidc_client": client.client_id,
            "retired_kids": old,
            "new_kid": jwk["kid"],
        },
    )


async def record_security_check(
    session: AsyncSession, organisation: Organisation, body: SecurityCheckIn, *, actor: Actor
) -> ConnectionSecurityCheck:
    """Record A05's written confirmation (or the e-ID-platform exemption, or a suspension) for the
    organisation's system; its machine clients get tokens only while the latest record confirms it
    (TT 117/2026 Điều 11 khoản 4 điểm a, d)."""
    if body.valid_until is not None and body.valid_until < body.document_date:
        raise invalid("valid_until", "sharing.check_valid_until_before_date")
    row = ConnectionSecurityCheck(
        organisation_id=organisation.id,
        basis=body.basis,
        result=body.result,
        document_number=body.document_number.strip(),
        document_date=body.document_date,
        valid_until=body.valid_until,
        recorded_at=now_utc(),
        recorded_by_account_id=actor.account_id,
    )
    session.add(row)
    await session.flush()  # the new row's id is used below
    await record_event(
        session,
        EventType.SYSTEM_SECURITY_CHECK_RECORDED,
        actor=actor,
        data={
            "organisation_id": organisation.id,
            "check_id": row.id,
            "basis": body.basis.value,
            "result": body.result.value,
            "document_number": row.document_number,
            "document_date": body.document_date.isoformat(),
            "valid_until": body.valid_until.isoformat() if body.valid_until else None,
        },
    )
    return row


async def security_checks(session: AsyncSession, organisation_id: int) -> list[ConnectionSecurityCheck]:
    query = (
        select(ConnectionSecurityCheck)
        .where(ConnectionSecurityCheck.organisation_id == organisation_id)
        .order_by(ConnectionSecurityCheck.id.desc())
    )
    return list(await session.scalars(query))


@dataclass(frozen=True)
class SystemRow:
    organisation: Organisation
    clients: list[OidcClient]


async def connected_systems(session: AsyncSession) -> list[SystemRow]:
    """Organisations that have a machine client, by name."""
    rows = await session.execute(
        select(Organisation, OidcClient)
        .join(OidcClient, OidcClient.organisation_id == Organisation.id)
        .where(OidcClient.kind == ClientKind.MACHINE)
        .order_by(Organisation.name, Organisation.id, OidcClient.id)
    )
    systems: dict[int, SystemRow] = {}
    for organisation, client in rows.all():
        systems.setdefault(organisation.id, SystemRow(organisation, [])).clients.append(client)
    return list(systems.values())


async def traffic(
    session: AsyncSession, organisation_id: int, *, since: dt.datetime
) -> list[tuple[str, str, int]]:
    """Reads released to the organisation over the direct channel, per UTC day and kind."""
    kind = case(
        (Event.request_ref.like("feed:%"), "feed"),
        (Event.request_ref.like("webhook:%"), "webhook"),
        else_="lookup",
    )
    day = func.date(Event.occurred_at)
    rows = await session.execute(
        stale_ok(
            select(day, kind, func.count())
            .where(
                Event.organisation_id == organisation_id,
                Event.event_type == EventType.CITIZEN_VIEWED,
                Event.channel == Channel.DIRECT,
                Event.occurred_at >= since,
            )
            .group_by(day, kind)
            .order_by(day.desc(), kind)
        )
    )
    return [(str(d), str(k), int(n)) for d, k, n in rows.all()]


async def webhook_errors(
    session: AsyncSession, *, organisation_id: int | None = None, dead_only: bool = False, limit: int = 100
) -> list[tuple[WebhookDelivery, Subscription, str]]:
    """Deliveries that failed at least once (or only the dead letters), newest attempt first."""
    query = (
        select(WebhookDelivery, Subscription, Organisation.name)
        .join(Subscription, Subscription.id == WebhookDelivery.subscription_id)
        .join(Organisation, Organisation.id == Subscription.organisation_id)
        .where(WebhookDelivery.last_error.is_not(None))
        .order_by(WebhookDelivery.last_attempt_at.desc(), WebhookDelivery.id.desc())
        .limit(limit)
    )
    if dead_only:
        query = query.where(WebhookDelivery.status == DeliveryStatus.DEAD)
    if organisation_id is not None:
        query = query.where(Subscription.organisation_id == organisation_id)
    return [(d, s, name) for d, s, name in (await session.execute(query)).all()]


async def auth_failures(
    session: AsyncSession, organisation_id: int, *, since: dt.datetime, limit: int = 50
) -> list[Event]:
    """The organisation's refused token requests (wrong key, expired or replayed assertion…), newest first."""
    query = (
        select(Event)
        .where(
            Event.organisation_id == organisation_id,
            Event.event_type == EventType.CLIENT_AUTH_FAILED,
            Event.occurred_at >= since,
        )
        .order_by(Event.id.desc())
        .limit(limit)
    )
    return list(await session.scalars(query))
