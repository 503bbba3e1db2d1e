"""Reads of the outbox (the development page only)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.notify.models import OutboxMessage


async def latest(session: AsyncSession, *, limit: int = 50) -> list[OutboxMessage]:
    """Newest first."""
    return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)))
