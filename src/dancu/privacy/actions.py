"""Filing, acknowledging, extending, granting, refusing and withdrawing a data subject's request.

Every end of a request is a signed written reply in the subject's documents and a notice in the
identity app (Luật 91/2025 Điều 4; NĐ 356/2025 Điều 5 [S]). A granted restriction or objection of
consent-based provision puts a :class:`ProcessingRestriction` on record and stops that processing
now (``effects``); a granted deletion of notification copies deletes them. Actions flush, never commit.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import Channel
from dancu.audit.actions import next_id, record_event
from dancu.audit.models import EventType
from dancu.calendar.queries import WorkCalendar, legal_date
from dancu.clock import now_utc
from dancu.enums.documents import DocumentKind
from dancu.errors import Conflict, NotFound, invalid
from dancu.exploitation.documents.actions import issue_document
from dancu.exploitation.documents.models import Document
from dancu.exploitation.documents.schemas import PrivacyReplyContext
from dancu.i18n import Lang, t
from dancu.identity.notices import notify_citizen
from dancu.privacy import effects, policies
from dancu.privacy.models import PrivacyRequest, ProcessingRestriction, RightStatus
from dancu.privacy.schemas import ExtensionIn, GrantIn, RefuseIn, RightRequestIn
from dancu.registry.models import Citizen

SOURCE_KIND = "privacy_request"


async def _record(
    session: AsyncSession, request: PrivacyRequest, event: EventType, *, actor: Actor, **data: object
) -> None:
    await record_event(
        session,
        event,
        actor=actor,
        subject_citizen_id=request.citizen_id,
        data={
            "reference": request.reference,
            "kind": request.kind.value,
            "scope": request.scope.value,
            **data,
        },
        legal_basis=policies.LEGAL_BASIS,
        request_ref=request.reference,
    )


async def file_request(
    session: AsyncSession,
    citizen: Citizen,
    body: RightRequestIn,
    *,
    actor: Actor,
    calendar: WorkCalendar,
    channel: Channel,
) -> PrivacyRequest:
    """The subject's request (app), or the same received on paper (``channel`` WRITTEN), with its
    clock: acknowledgement in 02 working days, the answer in the days of its kind."""
    now = now_utc()
    received = legal_date(now)
    request_id = await next_id(session, "privacy_request")
    request = PrivacyRequest(
        id=request_id,
        reference=f"QDL-{received.year}-{request_id:06d}",
        citizen_id=citizen.id,
        kind=body.kind,
        scope=body.scope,
        channel=channel,
        filed_by_account_id=actor.account_id,
        details=body.details,
        status=RightStatus.SUBMITTED,
        received_on=received,
        acknowledge_by=policies.acknowledge_by(received, calendar),
        due_on=policies.due_on(body.kind, received, calendar),
        created_at=now,
    )
    session.add(request)
    await session.flush()  # autoflush is off: later reads in this unit must see the request
    await _record(
        session,
        request,
        EventType.PRIVACY_REQUEST_FILED,
        actor=actor,
        channel=channel.value,
        due_on=str(request.due_on),
    )
    await _notify(session, request, "privacy.notice_filed", actor=actor)
    return request


async def acknowledge(session: AsyncSession, request: PrivacyRequest, *, actor: Actor) -> None:
    """Confirm receipt and tell the subject the procedure and the deadline (NĐ 356 Điều 5 [S])."""
    policies.ensure_decides(actor)
    request.status = policies.ensure_move(request.status, RightStatus.ACKNOWLEDGED)
    request.acknowledged_at = now_utc()
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    await _record(session, request, EventType.PRIVACY_REQUEST_ACKNOWLEDGED, actor=actor)
    await _notify(session, request, "privacy.notice_acknowledged", actor=actor)


async def extend(
    session: AsyncSession, request: PrivacyRequest, body: ExtensionIn, *, actor: Actor, calendar: WorkCalendar
) -> None:
    """Extend the deadline once, by the days of its kind, with reasons told to the subject."""
    policies.ensure_decides(actor)
    if request.status not in policies.OPEN:
        raise Conflict("privacy.closed", reference=request.reference)
    if request.extended_reason is not None:
        raise Conflict("privacy.already_extended", reference=request.reference)
    request.due_on = policies.extended_due(request.kind, request.due_on, calendar)
    request.extended_reason = body.reason
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    await _record(
        session, request, EventType.PRIVACY_REQUEST_EXTENDED, actor=actor, due_on=str(request.due_on)
    )
    await _notify(session, request, "privacy.notice_extended", actor=actor)


async def grant(
    session: AsyncSession, request: PrivacyRequest, body: GrantIn, *, actor: Actor, base_url: str
) -> None:
    """Do what was asked, where the law lets the register do it, and answer in writing."""
    policies.ensure_decides(actor)
    if not policies.grantable(request.kind, request.scope):
        raise invalid("scope", "privacy.not_grantable", kind=request.kind.value, scope=request.scope.value)
    request.status = policies.ensure_move(request.status, RightStatus.GRANTED)
    request.decision_text = body.text
    done = await effects.apply(session, request, actor=actor, base_url=base_url)
    await _decided(session, request, actor=actor, base_url=base_url)
    await _record(session, request, EventType.PRIVACY_REQUEST_GRANTED, actor=actor, effect=done)
    await _notify(session, request, "privacy.notice_granted", actor=actor)


async def refuse(
    session: AsyncSession, request: PrivacyRequest, body: RefuseIn, *, actor: Actor, base_url: str
) -> None:
    """Refuse with a coded ground and the reasons, in a signed reply (Luật 91 Điều 14 k2, Điều 19 [S])."""
    policies.ensure_decides(actor)
    request.status = policies.ensure_move(request.status, RightStatus.REFUSED)
    request.refusal_ground = body.ground
    request.decision_text = body.text
    await _decided(session, request, actor=actor, base_url=base_url)
    await _record(session, request, EventType.PRIVACY_REQUEST_REFUSED, actor=actor, ground=body.ground.value)
    await _notify(session, request, "privacy.notice_refused", actor=actor)


async def withdraw(session: AsyncSession, request: PrivacyRequest, *, actor: Actor, base_url: str) -> None:
    """The subject takes back an open request; the withdrawal is acknowledged in writing."""
    if request.citizen_id != actor.citizen_id:
        raise invalid("reference", "privacy.not_own")
    request.status = policies.ensure_move(request.status, RightStatus.WITHDRAWN)
    request.decision_text = t("privacy.withdrawn_text", Lang.VI)
    await _decided(session, request, actor=actor, base_url=base_url)
    await _record(session, request, EventType.PRIVACY_REQUEST_WITHDRAWN, actor=actor)


async def lift(session: AsyncSession, restriction: ProcessingRestriction, *, actor: Actor) -> None:
    """The subject lifts their own restriction or objection: consent-based provision is again put to
    them, request by request (their consent is still needed each time)."""
    if restriction.citizen_id != actor.citizen_id:
        raise NotFound("privacy.restriction_not_found")
    if restriction.lifted_at is not None:
        raise Conflict("privacy.restriction_lifted")
    restriction.lifted_at = now_utc()
    await session.flush()  # autoflush is off: the exploitation procedure reads it from here on
    await record_event(
        session,
        EventType.PROCESSING_RESTRICTION_LIFTED,
        actor=actor,
        subject_citizen_id=restriction.citizen_id,
        data={
            "restriction_id": restriction.id,
            "kind": restriction.kind.value,
            "scope": restriction.scope.value,
        },
        legal_basis=policies.LEGAL_BASIS,
    )


async def _decided(session: AsyncSession, request: PrivacyRequest, *, actor: Actor, base_url: str) -> None:
    request.decided_at = now_utc()
    request.decided_by_account_id = actor.account_id
    await session.flush()  # autoflush is off: the reply below reads the decision
    document = await _reply(session, request, actor=actor, base_url=base_url)
    request.reply_document_id = document.id
    await session.flush()  # autoflush is off: later reads in this unit must see the change


async def _reply(session: AsyncSession, request: PrivacyRequest, *, actor: Actor, base_url: str) -> Document:
    citizen = await session.get(Citizen, request.citizen_id)
    assert citizen is not None
    ground = request.refusal_ground
    context = PrivacyReplyContext(
        reference=request.reference,
        pin=citizen.pin,
        full_name=citizen.full_name,
        received_on=request.received_on,
        kind=t(f"enum.right_kind.{request.kind.value}", Lang.VI),
        scope=t(f"enum.data_scope.{request.scope.value}", Lang.VI),
        outcome=t(f"enum.right_status.{request.status.value}", Lang.VI),
        ground=t(f"enum.right_refusal_ground.{ground.value}", Lang.VI) if ground else None,
        reasons=request.decision_text or "—",
        officer=actor.label if actor.citizen_id is None else policies.SYSTEM_ISSUER,
    )
    return await issue_document(
        session,
        kind=DocumentKind.PRIVACY_REPLY,
        context=context,
        subject_citizen_id=request.citizen_id,
        recipient_label=citizen.full_name,
        source_kind=SOURCE_KIND,
        source_ref=request.reference,
        base_url=base_url,
        actor=actor,
    )


async def _notify(session: AsyncSession, request: PrivacyRequest, key: str, *, actor: Actor) -> None:
    await notify_citizen(
        session,
        request.citizen_id,
        key=key,
        params={"reference": request.reference, "due_on": str(request.due_on)},
        actor=actor,
        link=f"/app/privacy/{request.reference}",
    )
