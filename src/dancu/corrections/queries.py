"""Reads of correction requests: a citizen's own, a commune's queue, one by reference."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.corrections.models import CorrectionAttachment, CorrectionRequest, CorrectionStatus
from dancu.corrections.policies import OPEN
from dancu.errors import NotFound


def overdue(request: CorrectionRequest, today: dt.date) -> bool:
    """Still undecided after its last day."""
    return request.status in OPEN and today > request.due_on


async def own_requests(session: AsyncSession, citizen_id: int) -> list[CorrectionRequest]:
    """A citizen's requests, newest first."""
    return list(
        await session.scalars(
            select(CorrectionRequest)
            .where(CorrectionRequest.citizen_id == citizen_id)
            .order_by(CorrectionRequest.id.desc())
        )
    )


async def by_reference(session: AsyncSession, reference: str) -> CorrectionRequest:
    found = await session.scalar(select(CorrectionRequest).where(CorrectionRequest.reference == reference))
    if found is None:
        raise NotFound("correction.not_found", reference=reference)
    return found


async def own_by_reference(session: AsyncSession, citizen_id: int, reference: str) -> CorrectionRequest:
    """Another citizen's request is "not found": its existence is not disclosed."""
    found = await by_reference(session, reference)
    if found.citizen_id != citizen_id:
        raise NotFound("correction.not_found", reference=reference)
    return found


async def queue(
    session: AsyncSession, commune_code: str, *, include_decided: bool = False, limit: int = 200
) -> list[CorrectionRequest]:
    """A commune's requests: open ones first, by deadline (the most urgent first)."""
    query = select(CorrectionRequest).where(CorrectionRequest.commune_code == commune_code)
    if not include_decided:
        query = query.where(CorrectionRequest.status.in_(OPEN))
    is_open = case((CorrectionRequest.status.in_(OPEN), 0), else_=1)
    query = query.order_by(is_open, CorrectionRequest.due_on, CorrectionRequest.id).limit(limit)
    return list(await session.scalars(query))


async def attachment_content(
    session: AsyncSession, request: CorrectionRequest, attachment_id: int
) -> CorrectionAttachment:
    found = await session.scalar(
        select(CorrectionAttachment).where(
            CorrectionAttachment.id == attachment_id, CorrectionAttachment.request_id == request.id
        )
    )
    if found is None:
        raise NotFound("correction.attachment_not_found")
    await session.refresh(found, ["content"])
    return found


def is_open(status: CorrectionStatus) -> bool:
    return status in OPEN
