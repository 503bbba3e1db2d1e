"""The sequencer's gaps (ids it skipped, re-checked until their writers have ended) are resolved
however many there are."""

from __future__ import annotations

import pytest
from sqlalchemy import BigInteger, func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.clock import now_utc
from dancu.sharing.feed.models import FeedGap
from dancu.sharing.feed.sequencer import sequence_feed

PARAMETER_LIMIT = 32_767  # asyncpg's limit


# PostgreSQL only: there ids become visible out of order, so only there the sequencer records gaps.
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_more_gaps_than_a_statement_takes_parameters_are_resolved(session: AsyncSession) -> None:
    """A long run of rolled-back ids (a failed bulk write; a test database whose sequence ran ahead
    of the rows a test sees) leaves more gaps than one statement can name."""
    base = 10**12  # above any id the database holds: no event fills these gaps
    # Made in the server in one statement; horizon 1: their writers ended long ago.
    numbers = select(
        (literal(base, BigInteger) + func.generate_series(0, PARAMETER_LIMIT)).label("event_id"),
        literal(1, BigInteger).label("horizon"),
        literal(now_utc(), FeedGap.found_at.type).label("found_at"),
    )
    await session.execute(insert(FeedGap).from_select(["event_id", "horizon", "found_at"], numbers))
    made = select(func.count()).select_from(FeedGap).where(FeedGap.event_id >= base)
    assert await session.scalar(made) == PARAMETER_LIMIT + 1
    await sequence_feed(session)
    assert await session.scalar(select(func.count()).select_from(FeedGap)) == 0
