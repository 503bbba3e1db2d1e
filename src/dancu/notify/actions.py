"""Writing to the outbox. Callers flush with the rest of their transaction; delivery is later."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.clock import now_utc
from dancu.notify.models import NotifyChannel, OutboxMessage


async def enqueue(
    session: AsyncSession,
    *,
    channel: NotifyChannel,
    recipient: str,
    body: str,
    subject: str | None = None,
) -> OutboxMessage:
    """Queue a message inside the caller's transaction: a rollback also drops the message."""
    message = OutboxMessage(
        channel=channel, recipient=recipient, subject=subject, body=body, created_at=now_utc()
    )
    session.add(message)
    await session.flush()
    return message
