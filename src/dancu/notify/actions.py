"""Writing to the outbox and marking citizens' in-app notifications read. Callers flush with the
rest of their transaction; delivery is later. A new notification for a citizen is written by
``dancu.identity.notices.notify_citizen``, which knows the account and the register's contacts."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.clock import now_utc
from dancu.errors import NotFound
from dancu.notify.models import CitizenNotification, NotifyChannel, OutboxMessage


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
    await session.flush()  # the caller gets the row with its id
    return message


async def mark_read(session: AsyncSession, citizen_id: int, notification_id: int | None = None) -> int:
    """Mark one of the citizen's notifications (or all of them) as read; returns how many changed.
    A notification of another citizen is "not found", never touched."""
    query = update(CitizenNotification).where(
        CitizenNotification.citizen_id == citizen_id, CitizenNotification.read_at.is_(None)
    )
    if notification_id is not None:
        owned = await session.scalar(
            select(CitizenNotification.id).where(
                CitizenNotification.id == notification_id, CitizenNotification.citizen_id == citizen_id
            )
        )
        if owned is None:
            raise NotFound("notification.not_found")
        query = query.where(CitizenNotification.id == notification_id)
    result = await session.execute(
        query.values(read_at=now_utc()).execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
