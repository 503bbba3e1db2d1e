"""What a granted request does beyond its reply.

* Restriction or objection of consent-based provision (scope ``consent_provision``): a
  :class:`ProcessingRestriction` goes on record. From then on the exploitation procedure refuses
  on the subject's behalf every k2–k4 request that needs their consent (Luật Căn cước Điều 10
  khoản 8), without asking them; consents already given to undelivered requests are withdrawn and
  pending ones refused, so nothing more is released on consent. Processing the law requires — k1
  bodies within their mandate, the subject's own access, the register itself — is not affected
  (Luật 91 Điều 14 khoản 2, Điều 19 [S]); a request to restrict it is refused by written reply.
* Deletion of notification copies (scope ``notifications``): the subject's in-app notifications
  are deleted and the count logged. The register, its history and the log are never deleted
  (Luật Căn cước Điều 8 khoản 6).
* Access and correction: the reply states what was shown or corrected; correcting register content
  is done through the DC02 adjustment, which keeps its own history and events.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.actions import record_event
from dancu.audit.models import EventType
from dancu.clock import now_utc
from dancu.exploitation.requests.actions.common import CLOSED, record
from dancu.exploitation.requests.actions.consent import settle
from dancu.exploitation.requests.enums import ConsentStatus
from dancu.exploitation.requests.models import ExploitationRequest, RequestSubject
from dancu.notify.models import CitizenNotification
from dancu.privacy import policies
from dancu.privacy.models import DataScope, PrivacyRequest, ProcessingRestriction, RightKind

RESTRICTING = frozenset({RightKind.RESTRICTION, RightKind.OBJECTION})


async def apply(session: AsyncSession, request: PrivacyRequest, *, actor: Actor, base_url: str) -> str:
    """Carry out a granted request; returns a word for the log saying what was done."""
    if request.kind in RESTRICTING and request.scope is DataScope.CONSENT_PROVISION:
        await _restrict(session, request, actor=actor, base_url=base_url)
        return "restriction_on_record"
    if request.kind is RightKind.DELETION and request.scope is DataScope.NOTIFICATIONS:
        removed = await _delete_notifications(session, request, actor=actor)
        return f"notifications_deleted:{removed}"
    return "reply_only"


async def _restrict(session: AsyncSession, request: PrivacyRequest, *, actor: Actor, base_url: str) -> None:
    now = now_utc()
    session.add(
        ProcessingRestriction(
            citizen_id=request.citizen_id,
            request_id=request.id,
            kind=request.kind,
            scope=request.scope,
            effective_from=now,
        )
    )
    await session.flush()  # autoflush is off: the exploitation procedure reads it from here on
    stopped = await _stop_consent_processing(session, request.citizen_id, actor=actor, base_url=base_url)
    await record_event(
        session,
        EventType.PROCESSING_RESTRICTED,
        actor=actor,
        subject_citizen_id=request.citizen_id,
        data={"reference": request.reference, "kind": request.kind.value, "stopped": stopped},
        legal_basis=policies.LEGAL_BASIS,
        request_ref=request.reference,
    )


async def _stop_consent_processing(
    session: AsyncSession, citizen_id: int, *, actor: Actor, base_url: str
) -> list[str]:
    """Withdraw given consents and refuse pending ones in every request not yet closed."""
    rows = await session.execute(
        select(RequestSubject, ExploitationRequest)
        .join(ExploitationRequest, RequestSubject.request_id == ExploitationRequest.id)
        .where(
            RequestSubject.citizen_id == citizen_id,
            RequestSubject.consent_status.in_([ConsentStatus.GIVEN, ConsentStatus.PENDING]),
            ExploitationRequest.status.not_in(list(CLOSED)),
        )
        .order_by(ExploitationRequest.id)
    )
    stopped = []
    for subject, exploitation in rows.all():
        now = now_utc()
        if subject.consent_status is ConsentStatus.GIVEN:
            subject.consent_status = ConsentStatus.WITHDRAWN
            subject.withdrawn_at = now
            event = EventType.REQUEST_CONSENT_WITHDRAWN
        else:
            subject.consent_status = ConsentStatus.REFUSED
            subject.granted_fields = []
            subject.refused_fields = list(exploitation.fields)
            subject.decided_at = now
            event = EventType.REQUEST_CONSENT_DECIDED
        await session.flush()  # autoflush is off: settle() reads the subjects' states
        await record(
            session,
            exploitation,
            event,
            actor=actor,
            subject_citizen_id=citizen_id,
            consent_ref=subject.consent_ref,
            basis="restriction_on_record",
        )
        await settle(session, exploitation, actor=actor, base_url=base_url)
        stopped.append(exploitation.ref)
    return stopped


async def _delete_notifications(session: AsyncSession, request: PrivacyRequest, *, actor: Actor) -> int:
    result = await session.execute(
        delete(CitizenNotification).where(CitizenNotification.citizen_id == request.citizen_id)
    )
    removed = int(getattr(result, "rowcount", 0) or 0)
    await record_event(
        session,
        EventType.PRIVACY_DATA_DELETED,
        actor=actor,
        subject_citizen_id=request.citizen_id,
        data={"reference": request.reference, "scope": request.scope.value, "rows": removed},
        legal_basis=policies.LEGAL_BASIS,
        request_ref=request.reference,
    )
    return removed
