"""The undetermined-nationality clock's periodic work: report an overdue dossier to the superiors.

Each deadline of NĐ 70 Điều 24 (as amended by NĐ 58/2026) is watched: verification not started
within 01 working day, not ended within 30 (or the extended ≤ 60) days, and no identity certificate
within 15 days of the update. Like a late correction (corrections.sweeps), escalation informs the
head of the receiving unit and the provincial police (and C06 for the certificate) once per stage;
it never moves the dossier.
"""

from __future__ import annotations

import datetime as dt

from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.audit.actions import record_event
from dancu.audit.models import EventType
from dancu.calendar.queries import legal_date
from dancu.jobs.sweeps import Sweep, register
from dancu.notify.actions import enqueue
from dancu.notify.models import NotifyChannel
from dancu.undetermined import policies, queries
from dancu.undetermined.models import IdentityCertificate, UndeterminedDossier
from dancu.undetermined.policies import DossierStatus, Stage

WORKER = Actor.system("worker")
STAGE_VI = {
    Stage.START: "bắt đầu kiểm tra, xác minh (01 ngày làm việc)",
    Stage.VERIFICATION: "kết thúc kiểm tra, xác minh",
    Stage.CERTIFICATE: "xác lập số định danh cá nhân và cấp giấy chứng nhận căn cước (15 ngày)",
}


class _MailSettings(BaseSettings):
    """The same mailbox convention and variable as the other procedures: <role>.<unit>@<domain>."""

    model_config = SettingsConfigDict(env_prefix="DANCU_REQUESTS_", extra="ignore")

    escalation_mail_domain: str = "canhbao.dancu.local"


def _boxes(dossier: UndeterminedDossier, stage: Stage) -> list[str]:
    """The head of the receiving unit and the provincial police; C06 too for the certificate."""
    domain = _MailSettings().escalation_mail_domain
    boxes = []
    if dossier.unit_role is OfficerRole.COMMUNE_POLICE:
        boxes.append(f"{OfficerRole.COMMUNE_POLICE.value}.{dossier.unit_code}@{domain}")
    boxes.append(f"{OfficerRole.PROVINCIAL_POLICE.value}.{dossier.province_code}@{domain}")
    if stage is Stage.CERTIFICATE:
        boxes.append(f"{OfficerRole.IDENTITY_AGENCY.value}.c06@{domain}")
    return boxes


async def _alert(
    session: AsyncSession, dossier: UndeterminedDossier, due: queries.Due, *, now: dt.datetime
) -> None:
    dossier.escalated_stage = due.stage
    dossier.escalated_at = now
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    boxes = _boxes(dossier, due.stage)
    for box in boxes:
        await enqueue(
            session,
            channel=NotifyChannel.EMAIL,
            recipient=box,
            subject=f"Hồ sơ {dossier.reference} (người chưa xác định được quốc tịch) đã quá hạn",
            body=(
                f"Hồ sơ {dossier.reference} phải {STAGE_VI[due.stage]} trước hết ngày "
                f"{due.on.isoformat()} và vẫn chưa thực hiện. Đề nghị đôn đốc giải quyết ngay "
                f"({policies.LEGAL_BASIS})."
            ),
        )
    await record_event(
        session,
        EventType.UNDETERMINED_ESCALATED,
        actor=WORKER,
        subject_citizen_id=dossier.citizen_id,
        data={"stage": due.stage.value, "due_on": due.on.isoformat(), "alerted": boxes},
        legal_basis=policies.LEGAL_BASIS,
        request_ref=dossier.reference,
    )


def _overdue(today: dt.date) -> ColumnElement[bool]:
    """Dossiers whose current deadline has passed and was not yet reported for that stage."""
    d = UndeterminedDossier

    def unreported(stage: Stage) -> ColumnElement[bool]:
        return or_(d.escalated_stage.is_(None), d.escalated_stage != stage)

    uncertified = ~exists().where(IdentityCertificate.citizen_id == d.citizen_id)
    return or_(
        and_(d.status == DossierStatus.RECEIVED, d.start_due_on < today, unreported(Stage.START)),
        and_(
            d.status == DossierStatus.VERIFYING, d.verification_due_on < today, unreported(Stage.VERIFICATION)
        ),
        and_(
            d.status == DossierStatus.ACCEPTED,
            d.pin_due_on < today,
            uncertified,
            unreported(Stage.CERTIFICATE),
        ),
    )


async def escalate_overdue(session: AsyncSession, now: dt.datetime) -> int:
    """Alert once per stage for every dossier whose current deadline has passed."""
    today = legal_date(now)
    query = select(UndeterminedDossier).where(_overdue(today)).order_by(UndeterminedDossier.id)
    found = list(await session.scalars(query))
    for dossier in found:
        due = queries.waiting_on(dossier, certified=False)  # the query left out certified ones
        assert due is not None
        await _alert(session, dossier, due, now=now)
    return len(found)


register(Sweep("undetermined.escalate", dt.timedelta(minutes=5), escalate_overdue))
