"""Reads of rights requests, restrictions on record and breaches."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.errors import NotFound
from dancu.privacy.models import Breach, BreachStatus, PrivacyRequest, ProcessingRestriction
from dancu.privacy.policies import OPEN


async def own_requests(session: AsyncSession, citizen_id: int) -> list[PrivacyRequest]:
    return list(
        await session.scalars(
            select(PrivacyRequest)
            .where(PrivacyRequest.citizen_id == citizen_id)
            .order_by(PrivacyRequest.id.desc())
        )
    )


async def by_reference(session: AsyncSession, reference: str) -> PrivacyRequest:
    found = await session.scalar(select(PrivacyRequest).where(PrivacyRequest.reference == reference))
    if found is None:
        raise NotFound("privacy.not_found", reference=reference)
    return found


async def own_by_reference(session: AsyncSession, citizen_id: int, reference: str) -> PrivacyRequest:
    """Another citizen's request is "not found": its existence is not disclosed."""
    found = await by_reference(session, reference)
    if found.citizen_id != citizen_id:
        raise NotFound("privacy.not_found", reference=reference)
    return found


async def queue(
    session: AsyncSession, *, include_decided: bool = False, limit: int = 200
) -> list[PrivacyRequest]:
    """Open requests first, by deadline (the most urgent first)."""
    query = select(PrivacyRequest)
    if not include_decided:
        query = query.where(PrivacyRequest.status.in_(OPEN))
    is_open = case((PrivacyRequest.status.in_(OPEN), 0), else_=1)
    return list(
        await session.scalars(query.order_by(is_open, PrivacyRequest.due_on, PrivacyRequest.id).limit(limit))
    )


async def restricted_among(session: AsyncSession, citizen_ids: Sequence[int]) -> set[int]:
    """Who among these people has a restriction or objection of consent-based provision in force."""
    if not citizen_ids:
        return set()
    rows = await session.scalars(
        select(ProcessingRestriction.citizen_id).where(
            ProcessingRestriction.citizen_id.in_(list(citizen_ids)), ProcessingRestriction.lifted_at.is_(None)
        )
    )
    return set(rows)


async def restrictions_of(session: AsyncSession, citizen_id: int) -> list[ProcessingRestriction]:
    return list(
        await session.scalars(
            select(ProcessingRestriction)
            .where(ProcessingRestriction.citizen_id == citizen_id)
            .order_by(ProcessingRestriction.id)
        )
    )


async def breaches(session: AsyncSession, *, include_closed: bool = False, limit: int = 200) -> list[Breach]:
    """Open breaches first, by notification deadline."""
    query = select(Breach)
    if not include_closed:
        query = query.where(Breach.status != BreachStatus.CLOSED)
    is_open = case((Breach.status == BreachStatus.CLOSED, 1), else_=0)
    return list(await session.scalars(query.order_by(is_open, Breach.notify_by, Breach.id).limit(limit)))


async def breach_by_reference(session: AsyncSession, reference: str) -> Breach:
    found = await session.scalar(select(Breach).where(Breach.reference == reference))
    if found is None:
        raise NotFound("privacy.breach_not_found", reference=reference)
    return found


async def own_restriction(
    session: AsyncSession, citizen_id: int, restriction_id: int
) -> ProcessingRestriction:
    """Another citizen's restriction is "not found"."""
    found = await session.get(ProcessingRestriction, restriction_id)
    if found is None or found.citizen_id != citizen_id:
        raise NotFound("privacy.restriction_not_found")
    return found
