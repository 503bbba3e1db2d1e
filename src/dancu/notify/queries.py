"""Reads of the outbox (the development page) and of a citizen's notifications."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.notify.models import CitizenNotification, OutboxMessage


async def latest(session: AsyncSession, *, limit: int = 50) -> list[OutboxMessage]:
    """Newest first."""
    return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)))


async def notifications_of(
    session: AsyncSession, citizen_id: int, *, limit: int = 100
) -> list[CitizenNotification]:
    """The citizen's notifications, newest first."""
    return list(
        await session.scalars(
            select(CitizenNotification)
            .where(CitizenNotification.citizen_id == citizen_id)
            .order_by(CitizenNotification.id.desc())
            .limit(limit)
        )
    )


async def unread_count(session: AsyncSession, citizen_id: int) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(CitizenNotification)
        .where(CitizenNotification.citizen_id == citizen_id, CitizenNotification.read_at.is_(None))
    )
    return int(count or 0)
