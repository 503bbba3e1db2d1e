"""The retention sweep: apply the schedule (``data/retention.json``) to what has expired, and log it.

Only the classes in :data:`policies.SWEEPABLE` can be deleted or archived; the register and its
history, the access log, documents and privacy cases are always kept (Luật Căn cước Điều 8 khoản 6;
the register's history tables refuse deletes by trigger anyway). Each class acted on writes one
``privacy.retention_swept`` event with its cut-off and count, in the sweep's unit of work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.actions import record_event
from dancu.audit.models import EventType
from dancu.corrections.models import CorrectionAttachment, CorrectionRequest
from dancu.exploitation.requests.models import ExploitationRequest, RequestAttachment
from dancu.notify.models import CitizenNotification, OutboxMessage
from dancu.privacy import policies
from dancu.privacy.policies import RetentionAction, RetentionClass

SWEEPER = Actor.system("retention")
Sweeper = Callable[[AsyncSession, dt.datetime], Awaitable[int]]


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


async def _outbox(session: AsyncSession, cutoff: dt.datetime) -> int:
    stale = OutboxMessage.sent_at.is_not(None) & (OutboxMessage.sent_at < cutoff)
    return _count(await session.execute(delete(OutboxMessage).where(stale)))


async def _notifications(session: AsyncSession, cutoff: dt.datetime) -> int:
    stale = CitizenNotification.read_at.is_not(None) & (CitizenNotification.read_at < cutoff)
    return _count(await session.execute(delete(CitizenNotification).where(stale)))


async def _correction_files(session: AsyncSession, cutoff: dt.datetime) -> int:
    decided = select(CorrectionRequest.id).where(CorrectionRequest.decided_at < cutoff)
    stale = CorrectionAttachment.request_id.in_(decided) & (func.length(CorrectionAttachment.content) > 0)
    return _count(
        await session.execute(
            update(CorrectionAttachment)
            .where(stale)
            .values(content=b"")
            .execution_options(synchronize_session=False)
        )
    )


async def _request_files(session: AsyncSession, cutoff: dt.datetime) -> int:
    closed = select(ExploitationRequest.id).where(ExploitationRequest.closed_at < cutoff)
    stale = RequestAttachment.request_id.in_(closed) & (func.length(RequestAttachment.content) > 0)
    return _count(
        await session.execute(
            update(RequestAttachment)
            .where(stale)
            .values(content=b"")
            .execution_options(synchronize_session=False)
        )
    )


SWEEPERS: dict[str, Sweeper] = {
    "outbox_sent": _outbox,
    "citizen_notifications_read": _notifications,
    "correction_attachments": _correction_files,
    "request_attachments": _request_files,
}


async def sweep(
    session: AsyncSession,
    now: dt.datetime,
    *,
    schedule: list[RetentionClass] | None = None,
    actor: Actor = SWEEPER,
) -> dict[str, int]:
    """Apply every delete/archive class whose period has passed; returns the rows touched per class."""
    done: dict[str, int] = {}
    for rule in schedule if schedule is not None else policies.retention():
        if rule.action is RetentionAction.KEEP or rule.period_days is None:
            continue
        cutoff = now - dt.timedelta(days=rule.period_days)
        touched = await SWEEPERS[rule.name](session, cutoff)
        done[rule.name] = touched
        if touched:
            await record_event(
                session,
                EventType.RETENTION_SWEPT,
                actor=actor,
                data={
                    "class": rule.name,
                    "action": rule.action.value,
                    "cutoff": cutoff.isoformat(),
                    "rows": touched,
                    "basis": rule.basis,
                },
                legal_basis=rule.basis,
            )
    return done
