"""Refused token requests of registered clients, logged so the operator sees a system's errors.

The client is named by the form's ``client_id`` or, for ``private_key_jwt``, by the assertion's
``iss`` read *without* verifying it: the entry attributes an attempt for the operator to look at,
it grants nothing. Requests naming no registered client leave no entry (nothing to attribute, and
a stranger cannot fill the log under a made-up name).
"""

from __future__ import annotations

import base64
import binascii
import json

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import Channel
from dancu.access.models import Organisation
from dancu.audit.actions import record_event
from dancu.audit.models import EventType
from dancu.identity.oidc import tokens
from dancu.identity.oidc.tokens import OAuthError


def claimed_client_id(form: dict[str, str]) -> str | None:
    """Who the request says it is: ``client_id``, else the unverified ``iss`` of the assertion."""
    if form.get("client_id"):
        return form["client_id"][:200]
    parts = form.get("client_assertion", "").split(".")
    if len(parts) != 3:
        return None
    try:
        padded = parts[1] + "=" * (-len(parts[1]) % 4)
        claims = json.loads(base64.urlsafe_b64decode(padded))
    except (binascii.Error, ValueError):
        return None
    issuer = claims.get("iss") if isinstance(claims, dict) else None
    return issuer[:200] if isinstance(issuer, str) else None


async def record_client_failure(session: AsyncSession, form: dict[str, str], error: OAuthError) -> bool:
    """Log the refusal against the named client's organisation; False when no client is named."""
    client_id = claimed_client_id(form)
    client = await tokens.client_by_id(session, client_id) if client_id else None
    if client is None:
        return False
    organisation = await session.get(Organisation, client.organisation_id)
    assert organisation is not None  # a client belongs to an organisation (foreign key)
    actor = Actor(
        label=f"{organisation.name} (oidc:{client.client_id})",
        group=organisation.actor_group,
        channel=Channel.DIRECT,
        organisation_id=organisation.id,
        organisation_name=organisation.name,
    )
    await record_event(
        session,
        EventType.CLIENT_AUTH_FAILED,
        actor=actor,
        data={
            "client_id": client.client_id,
            "grant_type": form.get("grant_type", "")[:40],
            "error": error.error,
            "description": error.description[:300],
        },
    )
    return True
