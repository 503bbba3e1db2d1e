"""Writing events. Called by every action, inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.models import Event, EventType
from dancu.clock import now_utc


async def record_event(
    session: AsyncSession,
    event_type: EventType,
    *,
    actor: Actor,
    subject_citizen_id: int | None = None,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    event = Event(
        occurred_at=now_utc(),
        event_type=event_type,
        actor_account_id=actor.account_id,
        actor_label=actor.label,
        subject_citizen_id=subject_citizen_id,
        reason=reason,
        data=data or {},
    )
    session.add(event)
    await session.flush()
    return event


async def record_read(
    session: AsyncSession,
    *,
    actor: Actor,
    citizen_id: int,
    fields: list[str],
    purpose: str,
    channel: str = "officer_console",
) -> Event:
    """A read of personal data is logged like a change, in the same transaction as the response."""
    return await record_event(
        session,
        EventType.CITIZEN_VIEWED,
        actor=actor,
        subject_citizen_id=citizen_id,
        data={"fields": sorted(fields), "purpose": purpose, "channel": channel},
    )
