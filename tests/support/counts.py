"""Row counts of the register and of the personal-data log, to prove that a refusal wrote nothing."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.models import Event
from dancu.exploitation.requests.models import ExploitationRequest, RequestSubject
from dancu.registry.models import Citizen, FactSet, Household, PinRecord

# The history as stored (fact_set); the fact view's rows come from it.
TABLES = (Citizen, FactSet, Household, PinRecord, ExploitationRequest, RequestSubject)


async def written(session: AsyncSession) -> dict[str, int]:
    """Rows of the register and of requests, and log entries other than sign-ins and sign-outs
    (reads and changes of personal data, requests): a refused call must leave all of them as they were."""
    counts = {
        str(model.__tablename__): await session.scalar(select(func.count()).select_from(model)) or 0
        for model in TABLES
    }
    rows = await session.execute(
        select(Event.event_type, func.count()).group_by(Event.event_type).order_by(Event.event_type)
    )
    for event_type, count in rows:
        if not str(event_type).startswith("identity."):
            counts[f"event:{event_type}"] = int(count)
    return counts
