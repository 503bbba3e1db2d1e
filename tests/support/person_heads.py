"""What the log's table of each person's latest entry (migration 0043, PostgreSQL) must hold."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# Each person the live log names, with their latest entry there (by id, the person's chain order).
LATEST_IN_LOG = (
    "SELECT DISTINCT ON (subject_citizen_id) subject_citizen_id, id, entry_hash FROM event "
    "WHERE subject_citizen_id IS NOT NULL ORDER BY subject_citizen_id, id DESC"
)
HEADS = "SELECT citizen_id, event_id, entry_hash FROM audit_person_head ORDER BY citizen_id"


async def assert_heads_follow_the_log(session: AsyncSession) -> int:
    """Every person of the log has their latest entry as their head, and nobody else has one; how
    many people the log names."""
    latest = [tuple(row) for row in await session.execute(text(LATEST_IN_LOG))]
    heads = [tuple(row) for row in await session.execute(text(HEADS))]
    assert heads == latest
    return len(latest)
