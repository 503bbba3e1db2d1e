"""The correction clock's periodic work for the worker: alert the superior of an overdue request.

TT 117/2026 Điều 8 and NĐ 70 Điều 6 khoản 3 give the decision to the Trưởng Công an cấp xã within
02 working days; a late request is flagged to the head of the commune police and to the provincial
police (domain.md §4: "an overdue correction is flagged to the head, never re-routed"). The request
stays in the commune's queue: escalation informs, it never moves the decision.
"""

from __future__ import annotations

import datetime as dt

from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.audit.actions import record_event
from dancu.audit.models import EventType
from dancu.calendar.queries import legal_date
from dancu.corrections import policies
from dancu.corrections.models import CorrectionRequest, CorrectionStatus
from dancu.geo.enums import CodeTable
from dancu.geo.queries import get_unit
from dancu.jobs.sweeps import Sweep, register
from dancu.notify.actions import enqueue
from dancu.notify.models import NotifyChannel

WORKER = Actor.system("worker")


class _MailSettings(BaseSettings):
    """The same mailbox convention and variable as exploitation requests: <role>.<unit>@<domain>."""

    model_config = SettingsConfigDict(env_prefix="DANCU_REQUESTS_", extra="ignore")

    escalation_mail_domain: str = "canhbao.dancu.local"


def superiors(commune_code: str) -> list[str]:
    """The head of the commune police (the unit's mailbox) and the provincial police above it."""
    domain = _MailSettings().escalation_mail_domain
    boxes = [f"{OfficerRole.COMMUNE_POLICE.value}.{commune_code}@{domain}"]
    unit = get_unit(commune_code, CodeTable.FROM_2025)
    if unit is not None:
        boxes.append(f"{OfficerRole.PROVINCIAL_POLICE.value}.{unit.province_code}@{domain}")
    return boxes


async def _alert(session: AsyncSession, request: CorrectionRequest, *, now: dt.datetime) -> None:
    request.escalated_at = now
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    boxes = superiors(request.commune_code)
    for box in boxes:
        await enqueue(
            session,
            channel=NotifyChannel.EMAIL,
            recipient=box,
            subject=f"Đề nghị điều chỉnh {request.reference} đã quá hạn giải quyết",
            body=(
                f"Đề nghị điều chỉnh thông tin {request.reference} phải được giải quyết trước hết ngày "
                f"{request.due_on.isoformat()} và vẫn chưa có quyết định. Đề nghị vẫn thuộc thẩm quyền "
                "của Trưởng Công an cấp xã nơi tiếp nhận; đề nghị đôn đốc giải quyết ngay."
            ),
        )
    await record_event(
        session,
        EventType.CORRECTION_ESCALATED,
        actor=WORKER,
        subject_citizen_id=request.citizen_id,
        data={"due_on": request.due_on.isoformat(), "alerted": boxes},
        legal_basis=policies.LEGAL_BASIS,
        request_ref=request.reference,
    )


async def escalate_overdue(session: AsyncSession, now: dt.datetime) -> int:
    """Alert once for every undecided request whose last working day has passed."""
    query = (
        select(CorrectionRequest)
        .where(
            CorrectionRequest.status == CorrectionStatus.SUBMITTED,
            CorrectionRequest.due_on < legal_date(now),
            CorrectionRequest.escalated_at.is_(None),
        )
        .order_by(CorrectionRequest.id)
    )
    found = list(await session.scalars(query))
    for request in found:
        await _alert(session, request, now=now)
    return len(found)


register(Sweep("corrections.escalate", dt.timedelta(minutes=5), escalate_overdue))
