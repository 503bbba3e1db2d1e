"""The dossier of a person of Vietnamese origin with undetermined nationality (NĐ 70 Điều 24 khoản
1–6 as amended by NĐ 58/2026): received, verified, then collected into the register or refused.

Each action records its event in the caller's transaction and flushes; the boundary commits. An
acceptance collects the person through the register's own DC01 collection (its competence rule:
the head approves), so history and events stay there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.positions import DecisionKind
from dancu.audit.actions import next_id, record_event
from dancu.audit.models import EventType
from dancu.calendar.queries import WorkCalendar, legal_date
from dancu.clock import now_utc
from dancu.competence import actions as competence
from dancu.competence.models import Proposal, Recommendation
from dancu.errors import Conflict, Forbidden, invalid
from dancu.geo.enums import CodeTable
from dancu.geo.queries import current_province_code, validate_unit
from dancu.registry.actions.births import collect
from dancu.registry.models import Citizen
from dancu.undetermined import policies
from dancu.undetermined.models import UndeterminedDossier
from dancu.undetermined.policies import DossierStatus
from dancu.undetermined.schemas import (
    ComparisonAnswerIn,
    DeclarationIn,
    ExtensionIn,
    RefusalIn,
    ReplyHandOverIn,
    ResidenceCheckIn,
    collect_in,
)

# Who writes the signed written reply of a refusal ("phải trả lời và nêu rõ lý do", khoản 6): the
# documents feature, above this package, registers itself at start (dancu.wiring); it returns the
# number of the letter it issued.
RefusalLetter = Callable[[AsyncSession, UndeterminedDossier, Actor], Awaitable[str]]
_refusal_letters: list[RefusalLetter] = []


def on_refusal(letter: RefusalLetter) -> None:
    """Register the writer of the refusal letter (idempotent)."""
    if letter not in _refusal_letters:
        _refusal_letters.append(letter)


def _actor_province(actor: Actor) -> str | None:
    if not actor.unit_code:
        return None
    return current_province_code(actor.unit_code, CodeTable(actor.unit_version or CodeTable.FROM_2025.value))


def _residence_province(body: DeclarationIn) -> str:
    place = body.residence
    validate_unit(place.unit_code, place.unit_version, field="residence.unit_code")
    province = current_province_code(place.unit_code, place.unit_version)
    if province is None:
        raise invalid("residence.unit_code", "geo.unknown_unit")
    return province


async def open_dossier(
    session: AsyncSession, body: DeclarationIn, *, actor: Actor, calendar: WorkCalendar
) -> UndeterminedDossier:
    """Khoản 1–3: the declaration is received (not recorded into the register); verification is
    due to start within 01 working day."""
    province = _residence_province(body)
    policies.ensure_receives(actor, province, _actor_province(actor))
    assert actor.unit_code is not None and actor.role is not None  # ensure_receives checked both
    now = now_utc()
    received = legal_date(now)
    dossier_id = await next_id(session, UndeterminedDossier.__tablename__)
    dossier = UndeterminedDossier(
        id=dossier_id,
        reference=f"XX-{received.year}-{dossier_id:06d}",
        declaration=body.model_dump(mode="json"),
        full_name=body.full_name.full,
        unit_code=actor.unit_code,
        unit_role=actor.role,
        province_code=province,
        status=DossierStatus.RECEIVED,
        received_on=received,
        received_by_account_id=actor.account_id,
        start_due_on=policies.start_due(received, calendar=calendar),
        created_at=now,
    )
    session.add(dossier)
    await session.flush()
    await _event(
        session,
        dossier,
        EventType.UNDETERMINED_DOSSIER_OPENED,
        actor,
        data={"start_due_on": dossier.start_due_on.isoformat(), "biometrics": sorted(body.biometrics)},
    )
    return dossier


async def start_verification(session: AsyncSession, dossier: UndeterminedDossier, *, actor: Actor) -> None:
    """Khoản 4: the commune police (with the bodies concerned) check and verify; 30 days from today."""
    policies.ensure_holds(actor, dossier.unit_code, dossier.unit_role)
    dossier.status = policies.ensure_move(dossier.status, DossierStatus.VERIFYING)
    started = legal_date(now_utc())
    dossier.verification_started_on = started
    dossier.verification_due_on = policies.verification_due(started)
    await session.flush()
    await _event(
        session,
        dossier,
        EventType.UNDETERMINED_VERIFICATION_STARTED,
        actor,
        data={
            "started_on": started.isoformat(),
            "due_on": dossier.verification_due_on.isoformat(),
            "late": started > dossier.start_due_on,
        },
        basis=policies.VERIFY_BASIS,
    )


def _ensure_verifying(dossier: UndeterminedDossier) -> dt.date:
    if dossier.status is not DossierStatus.VERIFYING or dossier.verification_started_on is None:
        raise invalid("status", "undetermined.not_verifying")
    return dossier.verification_started_on


async def record_residence_check(
    session: AsyncSession, dossier: UndeterminedDossier, body: ResidenceCheckIn, *, actor: Actor
) -> None:
    """Khoản 4: the residence-registration agency's check of ≥ 6 months' continuous residence,
    recorded with who, when and the outcome."""
    policies.ensure_holds(actor, dossier.unit_code, dossier.unit_role)
    _ensure_verifying(dossier)
    dossier.residence_checked_at = now_utc()
    dossier.residence_checked_by_account_id = actor.account_id
    dossier.residence_agency = body.agency.strip()
    dossier.residence_since = body.since
    dossier.residence_continuous = body.continuous
    dossier.residence_note = body.note.strip() if body.note else None
    await session.flush()
    await _event(
        session,
        dossier,
        EventType.UNDETERMINED_RESIDENCE_CHECKED,
        actor,
        data={
            "agency": dossier.residence_agency,
            "since": body.since.isoformat(),
            "continuous": body.continuous,
            "months_required": policies.rules().residence_months,
        },
        basis=policies.VERIFY_BASIS,
    )


def months_between(since: dt.date, until: dt.date) -> int:
    """Whole months from ``since`` to ``until``."""
    months = (until.year - since.year) * 12 + until.month - since.month
    return months - 1 if until.day < since.day else months


def residence_met(dossier: UndeterminedDossier, on: dt.date) -> bool:
    """The recorded check says the person lived there continuously for at least the months required."""
    if not dossier.residence_continuous or dossier.residence_since is None:
        return False
    return months_between(dossier.residence_since, on) >= policies.rules().residence_months


async def extend(
    session: AsyncSession, dossier: UndeterminedDossier, body: ExtensionIn, *, actor: Actor
) -> None:
    """Khoản 4: "trường hợp phức tạp thì có thể kéo dài nhưng không quá 60 ngày", with the reason."""
    policies.ensure_holds(actor, dossier.unit_code, dossier.unit_role)
    started = _ensure_verifying(dossier)
    limit = policies.rules().complex_max_days
    if body.days > limit:
        raise invalid("days", "undetermined.extension_too_long", max_days=limit)
    due = policies.verification_due(started, extended_days=body.days)
    if dossier.verification_due_on is not None and due <= dossier.verification_due_on:
        raise invalid("days", "undetermined.extension_not_later")
    dossier.verification_due_on = due
    dossier.extension_reason = body.reason.strip()
    await session.flush()
    await _event(
        session,
        dossier,
        EventType.UNDETERMINED_VERIFICATION_EXTENDED,
        actor,
        reason=dossier.extension_reason,
        data={"days": body.days, "due_on": due.isoformat()},
        basis=policies.VERIFY_BASIS,
    )


async def accept(session: AsyncSession, dossier: UndeterminedDossier, *, actor: Actor) -> Citizen:
    """Khoản 6: a person who qualifies is collected into the register through DC01 (the head
    approves there); the 15 days for the PIN and the certificate start (khoản 7)."""
    policies.ensure_holds(actor, dossier.unit_code, dossier.unit_role)
    _ensure_verifying(dossier)
    today = legal_date(now_utc())
    if dossier.residence_checked_at is None:
        raise invalid("residence_check", "undetermined.residence_unchecked")
    if not residence_met(dossier, today):
        raise invalid(
            "residence_check", "undetermined.residence_too_short", months=policies.rules().residence_months
        )
    if dossier.comparison_answered_at is None:
        raise invalid("comparison", "undetermined.comparison_unanswered")
    if dossier.comparison_match:
        raise invalid("comparison", "undetermined.comparison_match")
    dossier.status = policies.ensure_move(dossier.status, DossierStatus.ACCEPTED)
    body = collect_in(dossier.declaration, dossier.reference)
    citizen = await collect(session, body, actor=actor, verified=True)
    dossier.citizen_id = citizen.id
    dossier.updated_on = today
    dossier.pin_due_on = policies.pin_due(today)
    await _decided(session, dossier, actor)
    await _event(
        session,
        dossier,
        EventType.UNDETERMINED_ACCEPTED,
        actor,
        data={"pin": citizen.pin, "pin_due_on": dossier.pin_due_on.isoformat()},
        basis=policies.DECISION_BASIS,
    )
    return citizen


async def refuse(
    session: AsyncSession, dossier: UndeterminedDossier, body: RefusalIn, *, actor: Actor
) -> None:
    """Khoản 6: "trường hợp không thu thập, cập nhật … thì phải trả lời và nêu rõ lý do" — decided
    by the competent person, answered by a signed written reply kept with the dossier."""
    policies.ensure_holds(actor, dossier.unit_code, dossier.unit_role)
    approval = await competence.authorise(session, actor, DecisionKind.COLLECTION, ref=dossier.reference)
    dossier.status = policies.ensure_move(dossier.status, DossierStatus.REFUSED)
    dossier.decision_text = body.text.strip()
    await _decided(session, dossier, actor)
    if not _refusal_letters:
        raise RuntimeError("no refusal letter writer registered: call dancu.wiring.wire() first")
    for letter in _refusal_letters:
        dossier.reply_document_number = await letter(session, dossier, actor)
    await session.flush()
    await _event(
        session,
        dossier,
        EventType.UNDETERMINED_REFUSED,
        actor,
        reason=dossier.decision_text,
        data={"reply": dossier.reply_document_number, **approval.event_data()},
        basis=policies.DECISION_BASIS,
    )


async def send_comparison(session: AsyncSession, dossier: UndeterminedDossier, *, actor: Actor) -> None:
    """Khoản 5: the receiving unit transfers the person's information to the MPS identity agency to
    be checked and compared against the NPD and the Identity DB. Sent again only after a match was
    found and resolved (the earlier answer stays in the log)."""
    policies.ensure_holds(actor, dossier.unit_code, dossier.unit_role)
    _ensure_verifying(dossier)
    if dossier.comparison_sent_at is not None and not dossier.comparison_match:
        pending = dossier.comparison_answered_at is None
        raise Conflict("undetermined.comparison_pending" if pending else "undetermined.comparison_done")
    dossier.comparison_sent_at = now_utc()
    dossier.comparison_sent_by_account_id = actor.account_id
    dossier.comparison_answered_at = None
    dossier.comparison_answered_by_account_id = None
    dossier.comparison_match = None
    dossier.comparison_note = None
    await session.flush()
    await _event(
        session, dossier, EventType.UNDETERMINED_COMPARISON_SENT, actor, data={}, basis=policies.COMPARE_BASIS
    )


async def answer_comparison(
    session: AsyncSession, dossier: UndeterminedDossier, body: ComparisonAnswerIn, *, actor: Actor
) -> None:
    """Khoản 5: a C06 officer records the comparison's outcome; a match found means the person may
    already be in the register, and the dossier cannot be accepted until a new comparison finds none."""
    if not policies.compares(actor):
        raise Forbidden("undetermined.comparison_by_c06")
    _ensure_verifying(dossier)
    if dossier.comparison_sent_at is None or dossier.comparison_answered_at is not None:
        raise Conflict("undetermined.comparison_not_sent", reference=dossier.reference)
    dossier.comparison_answered_at = now_utc()
    dossier.comparison_answered_by_account_id = actor.account_id
    dossier.comparison_match = body.match_found
    dossier.comparison_note = body.note.strip()
    await session.flush()
    await _event(
        session,
        dossier,
        EventType.UNDETERMINED_COMPARISON_ANSWERED,
        actor,
        reason=dossier.comparison_note,
        data={"match_found": body.match_found},
        basis=policies.COMPARE_BASIS,
    )


async def propose(
    session: AsyncSession,
    dossier: UndeterminedDossier,
    *,
    recommendation: Recommendation,
    text: str,
    actor: Actor,
) -> Proposal:
    """TT 117/2026 Điều 17 khoản 3: staff of the receiving unit propose acceptance or refusal; the
    head (or a deputy under a written delegation) decides, and the decision closes the proposal."""
    policies.ensure_holds(actor, dossier.unit_code, dossier.unit_role)
    policies.ensure_move(dossier.status, DossierStatus.REFUSED)  # only an undecided dossier
    kind = DecisionKind.COLLECTION
    return await competence.propose(
        session, kind, dossier.reference, recommendation=recommendation, text=text, actor=actor
    )


async def hand_over_reply(
    session: AsyncSession, dossier: UndeterminedDossier, body: ReplyHandOverIn, *, actor: Actor
) -> None:
    """Khoản 6: the declarant is not in the register and has no account, so the signed reply is
    printed and handed over at the unit; the unit records the day."""
    policies.ensure_holds(actor, dossier.unit_code, dossier.unit_role)
    if dossier.status is not DossierStatus.REFUSED or dossier.reply_document_number is None:
        raise Conflict("undetermined.no_reply", reference=dossier.reference)
    if dossier.reply_handed_over_on is not None:
        raise Conflict("undetermined.reply_handed", reference=dossier.reference)
    if dossier.decided_at is not None and body.on < legal_date(dossier.decided_at):
        raise invalid("on", "undetermined.reply_before_refusal")
    dossier.reply_handed_over_on = body.on
    dossier.reply_handed_over_by_account_id = actor.account_id
    await session.flush()
    await _event(
        session,
        dossier,
        EventType.UNDETERMINED_REPLY_HANDED_OVER,
        actor,
        data={"reply": dossier.reply_document_number, "on": body.on.isoformat()},
        basis=policies.DECISION_BASIS,
    )


async def _decided(session: AsyncSession, dossier: UndeterminedDossier, actor: Actor) -> None:
    dossier.decided_at = now_utc()
    dossier.decided_by_account_id = actor.account_id
    await session.flush()  # autoflush is off: later reads in this unit must see the change


async def _event(
    session: AsyncSession,
    dossier: UndeterminedDossier,
    event_type: EventType,
    actor: Actor,
    *,
    data: dict[str, object],
    reason: str | None = None,
    basis: str = policies.LEGAL_BASIS,
) -> None:
    await record_event(
        session,
        event_type,
        actor=actor,
        subject_citizen_id=dossier.citizen_id,
        reason=reason,
        data={"unit_code": dossier.unit_code, **data},
        legal_basis=basis,
        request_ref=dossier.reference,
    )
