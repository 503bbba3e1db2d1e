"""The breach register: record a personal-data breach, update its measures, notify the authority
within 72 hours of detection (a signed notice in the register's documents), close it.

Luật 91/2025 Điều 23 khoản 1 [S]: notify the specialised personal-data-protection agency of the
Ministry of Public Security "chậm nhất là 72 giờ kể từ khi phát hiện hành vi vi phạm"; before 2026
NĐ 13/2023 Điều 23 (A05, Mẫu 03, reasons if late) [V]. Actions flush, never commit.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.actions import next_id, record_event
from dancu.audit.models import EventType
from dancu.calendar.queries import legal_date
from dancu.clock import VN_TZ, now_utc
from dancu.enums.documents import DocumentKind
from dancu.errors import Conflict, invalid
from dancu.exploitation.documents.actions import issue_document
from dancu.exploitation.documents.schemas import BreachNoticeContext
from dancu.privacy import policies
from dancu.privacy.models import Breach, BreachStatus
from dancu.privacy.schemas import BreachIn, BreachNoticeIn, MeasuresIn

SOURCE_KIND = "privacy_breach"


async def _record(
    session: AsyncSession, breach: Breach, event: EventType, *, actor: Actor, **data: object
) -> None:
    await record_event(
        session,
        event,
        actor=actor,
        data={"reference": breach.reference, "status": breach.status.value, **data},
        legal_basis=policies.BREACH_BASIS,
    )


def _check_times(body: BreachIn) -> None:
    now = now_utc()
    if body.detected_at > now:
        raise invalid("detected_at", "privacy.detected_in_future")
    if body.occurred_at is not None and body.occurred_at > body.detected_at:
        raise invalid("occurred_at", "privacy.occurred_after_detected")


async def record_breach(session: AsyncSession, body: BreachIn, *, actor: Actor) -> Breach:
    """A breach on the register, with its 72-hour clock from detection."""
    _check_times(body)
    now = now_utc()
    breach_id = await next_id(session, "privacy_breach")
    breach = Breach(
        id=breach_id,
        reference=f"VP-{legal_date(now).year}-{breach_id:05d}",
        status=BreachStatus.OPEN,
        nature=body.nature,
        occurred_at=body.occurred_at,
        detected_at=body.detected_at,
        data_categories=list(body.data_categories),
        subject_categories=list(body.subject_categories),
        subject_count=body.subject_count,
        measures=body.measures,
        likely_harm=body.likely_harm,
        notify_by=policies.notify_by(body.detected_at),
        recorded_by_account_id=actor.account_id,
        created_at=now,
    )
    session.add(breach)
    await session.flush()  # autoflush is off: later reads in this unit must see the breach
    await _record(
        session,
        breach,
        EventType.BREACH_RECORDED,
        actor=actor,
        detected_at=breach.detected_at.isoformat(),
        notify_by=breach.notify_by.isoformat(),
        subject_count=breach.subject_count,
    )
    return breach


async def update_measures(session: AsyncSession, breach: Breach, body: MeasuresIn, *, actor: Actor) -> None:
    if breach.status is BreachStatus.CLOSED:
        raise Conflict("privacy.breach_is_closed", reference=breach.reference)
    breach.measures = body.measures
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    await _record(session, breach, EventType.BREACH_MEASURES_UPDATED, actor=actor)


async def notify(
    session: AsyncSession, breach: Breach, body: BreachNoticeIn, *, actor: Actor, base_url: str
) -> None:
    """Send the notice: a signed document addressed to the authority; after 72 hours, with reasons."""
    if breach.notified_at is not None:
        raise Conflict("privacy.breach_already_notified", reference=breach.reference)
    if breach.status is BreachStatus.CLOSED:
        raise Conflict("privacy.breach_is_closed", reference=breach.reference)
    now = now_utc()
    late = policies.breach_overdue(breach.notify_by, None, now)
    if late and not body.late_reason:
        raise invalid("late_reason", "privacy.late_reason_required")
    authority = body.authority or policies.A05
    context = BreachNoticeContext(
        reference=breach.reference,
        authority=authority,
        nature=breach.nature,
        occurred_at=_vn(breach.occurred_at) if breach.occurred_at else None,
        detected_at=_vn(breach.detected_at),
        notify_by=_vn(breach.notify_by),
        data_categories=breach.data_categories,
        subject_categories=breach.subject_categories,
        subject_count=breach.subject_count,
        measures=breach.measures,
        late_reason=body.late_reason if late else None,
        officer=actor.label,
    )
    document = await issue_document(
        session,
        kind=DocumentKind.BREACH_NOTICE,
        context=context,
        subject_citizen_id=None,
        recipient_label=authority,
        source_kind=SOURCE_KIND,
        source_ref=breach.reference,
        base_url=base_url,
        actor=actor,
    )
    breach.notified_at = now
    breach.authority = authority
    breach.late_reason = body.late_reason if late else None
    breach.notice_document_id = document.id
    breach.status = BreachStatus.NOTIFIED
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    await _record(
        session, breach, EventType.BREACH_NOTIFIED, actor=actor, late=late, document_number=document.number
    )


async def close(session: AsyncSession, breach: Breach, *, actor: Actor) -> None:
    """End the case; a breach that needed notifying cannot be closed before it was notified."""
    if breach.status is BreachStatus.CLOSED:
        raise Conflict("privacy.breach_is_closed", reference=breach.reference)
    if breach.likely_harm and breach.notified_at is None:
        raise invalid("notified_at", "privacy.notify_before_closing")
    breach.status = BreachStatus.CLOSED
    breach.closed_at = now_utc()
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    await _record(session, breach, EventType.BREACH_CLOSED, actor=actor)


def _vn(moment: dt.datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%H:%M ngày %d/%m/%Y")
