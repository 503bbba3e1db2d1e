"""Filing, approving, refusing and withdrawing a correction request.

Each action records its event in the caller's transaction and flushes; the request's boundary commits.
An approval applies every item through the register's own adjustment action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.positions import DecisionKind
from dancu.audit.actions import next_id, record_event
from dancu.audit.models import EventType
from dancu.calendar.queries import WorkCalendar, deadline, legal_date
from dancu.clock import now_utc
from dancu.competence import actions as competence
from dancu.competence.models import Proposal, Recommendation
from dancu.competence.policies import Approval
from dancu.corrections import policies
from dancu.corrections.models import (
    CorrectionAttachment,
    CorrectionItem,
    CorrectionRequest,
    CorrectionStatus,
)
from dancu.corrections.schemas import MEDIA_TYPES, AssignmentIn, CorrectionIn, ProofFile, RefusalIn
from dancu.db import attachments
from dancu.enums.registry import Item, Source, Verification
from dancu.errors import Conflict, DomainError, FieldProblem, invalid
from dancu.geo.enums import CodeTable
from dancu.geo.queries import assignable_communes, current_province_code
from dancu.identity.notices import notify_citizen
from dancu.registry import items as item_rules
from dancu.registry import queries as registry
from dancu.registry.actions.items import adjust_item
from dancu.registry.models import Citizen
from dancu.registry.schemas import AdjustIn

# Who writes the signed written reply (văn bản trả lời) of a refusal: the documents feature, above
# this package, registers itself here at start (dancu.wiring), as identity does for the death hook.
RefusalLetter = Callable[[AsyncSession, CorrectionRequest, Citizen, Actor], Awaitable[None]]
_refusal_letters: list[RefusalLetter] = []


def on_refusal(letter: RefusalLetter) -> None:
    """Register the writer of the refusal letter (idempotent)."""
    if letter not in _refusal_letters:
        _refusal_letters.append(letter)


def _checked_value(index: int, item: Item, value: Any) -> Any:
    """The register's own item validation; problems are named ``items.<n>.<field>``."""
    if item not in policies.CORRECTABLE:
        raise invalid(f"items.{index}.item", "correction.item_not_correctable")
    if value is None or value in ("", [], {}):
        raise invalid(f"items.{index}.value", "missing")
    try:
        return item_rules.validate(item, value)
    except DomainError as exc:
        problems = [FieldProblem(f"items.{index}.{p.field}", p.rule, p.params) for p in exc.problems]
        raise DomainError(exc.code, status=exc.status, problems=problems, **exc.params) from None


def check_proof(proof: ProofFile, *, max_bytes: int, field: str = "proof") -> None:
    """PDF, JPEG or PNG by its first bytes (not only by what the sender says), within the size limit."""
    if len(proof.content) > max_bytes:
        raise invalid(field, "correction.proof_too_large", max_bytes=max_bytes)
    magic = MEDIA_TYPES.get(proof.media_type)
    if magic is None or not proof.content.startswith(magic):
        raise invalid(field, "correction.proof_type")


async def _nationality(session: AsyncSession, citizen: Citizen) -> list[str]:
    fact = await registry.item_as_of(session, citizen.id, Item.NATIONALITY)
    return list(fact.value) if fact is not None and isinstance(fact.value, list) else []


async def _routing(session: AsyncSession, citizen: Citizen) -> tuple[str, str, str]:
    if not citizen.residence_unit_code or not citizen.residence_unit_version:
        raise invalid("citizen", "correction.no_responsible_unit")
    commune = policies.commune_2025(citizen.residence_unit_code, citizen.residence_unit_version)
    if commune is None:
        # An old commune that was split or is not in the map: never blocked (domain.md §1.5); the
        # province police of the residence receives the correction [M].
        commune = current_province_code(
            citizen.residence_unit_code, CodeTable(citizen.residence_unit_version)
        )
    if commune is None:
        raise invalid("citizen", "correction.no_responsible_unit")
    return citizen.residence_unit_code, citizen.residence_unit_version, commune


async def file_correction(
    session: AsyncSession,
    citizen: Citizen,
    body: CorrectionIn,
    *,
    actor: Actor,
    calendar: WorkCalendar,
    proof: ProofFile | None = None,
    max_proof_bytes: int,
) -> CorrectionRequest:
    """The citizen files DC02: routed to the commune police of their responsible unit, due in
    2 working days from the legal date of receipt."""
    seen: set[Item] = set()
    checked: list[tuple[Item, Any, Any]] = []
    for index, proposed in enumerate(body.items):
        if proposed.item in seen:
            raise invalid(f"items.{index}.item", "correction.item_repeated")
        seen.add(proposed.item)
        value = _checked_value(index, proposed.item, proposed.value)
        fact = await registry.item_as_of(session, citizen.id, proposed.item)
        current = fact.value if fact is not None else None
        if current == value:
            raise invalid(f"items.{index}.value", "correction.same_as_current")
        checked.append((proposed.item, current, value))
    if proof is None and policies.proof_required(await _nationality(session, citizen)):
        raise invalid("proof", "correction.proof_required")
    if proof is not None:
        check_proof(proof, max_bytes=max_proof_bytes)
    unit_code, unit_version, commune = await _routing(session, citizen)
    now = now_utc()
    received = legal_date(now)
    request_id = await next_id(session, "correction_request")
    request = CorrectionRequest(
        id=request_id,
        reference=f"DC02-{received.year}-{request_id:06d}",
        citizen_id=citizen.id,
        filed_by_account_id=actor.account_id,
        unit_code=unit_code,
        unit_version=unit_version,
        commune_code=commune,
        status=CorrectionStatus.SUBMITTED,
        reason=body.reason.strip(),
        received_on=received,
        due_on=deadline(
            received, policies.working_days(await _nationality(session, citizen)), calendar=calendar
        ),
        created_at=now,
    )
    session.add(request)
    await session.flush()  # the request's id is the items' and the proof's foreign key
    for item, current, value in checked:
        session.add(CorrectionItem(request_id=request.id, item=item, current=current, proposed=value))
    if proof is not None:
        digest, sealed = attachments.seal(CorrectionAttachment.__tablename__, proof.content)
        session.add(
            CorrectionAttachment(
                request_id=request.id,
                filename=proof.filename[:200],
                media_type=proof.media_type,
                size=len(proof.content),
                sha256=digest,
                content=sealed,
                created_at=now,
            )
        )
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    await record_event(
        session,
        EventType.CORRECTION_FILED,
        actor=actor,
        subject_citizen_id=citizen.id,
        data={
            "items": [i.value for i, _, _ in checked],
            "commune_code": commune,
            "due_on": str(request.due_on),
        },
        legal_basis=policies.LEGAL_BASIS,
        request_ref=request.reference,
    )
    await session.refresh(request, ["items", "attachments"])
    return request


def _proof_text(request: CorrectionRequest) -> str:
    """What the register's reason cites as proof: the attachments by digest, else the request."""
    if request.attachments:
        return "; ".join(f"{a.filename} (SHA-256 {a.sha256[:16]}…)" for a in request.attachments)[:300]
    return f"Phiếu đề nghị {request.reference}"


async def competent_approval(session: AsyncSession, request: CorrectionRequest, actor: Actor) -> Approval:
    """The commune police of the person's residence decide, and within it the Trưởng Công an cấp xã
    or a deputy under a written delegation (TT 117/2026 Điều 8 khoản 3, Điều 3 khoản 6)."""
    policies.ensure_decides(actor, request.commune_code)
    return await competence.authorise(session, actor, DecisionKind.CORRECTION, ref=request.reference)


async def propose(
    session: AsyncSession,
    request: CorrectionRequest,
    *,
    recommendation: Recommendation,
    text: str,
    actor: Actor,
) -> Proposal:
    """The officer who checked the dossier proposes to the Trưởng Công an cấp xã (TT 117 Điều 8 khoản 1 c)."""
    policies.ensure_decides(actor, request.commune_code)
    policies.ensure_move(request.status, CorrectionStatus.APPROVED)  # only an undecided request
    return await competence.propose(
        session,
        DecisionKind.CORRECTION,
        request.reference,
        recommendation=recommendation,
        text=text,
        actor=actor,
        subject_citizen_id=request.citizen_id,
    )


async def approve(session: AsyncSession, request: CorrectionRequest, *, actor: Actor) -> None:
    """Apply every proposed value through the register's adjustment (history and events stay there)."""
    approval = await competent_approval(session, request, actor)
    request.status = policies.ensure_move(request.status, CorrectionStatus.APPROVED)
    citizen = await registry.citizen_by_id(session, request.citizen_id)
    for entry in request.items:
        body = AdjustIn(
            item=entry.item,
            value=entry.proposed,
            source=Source.DC02,
            verification=Verification.VERIFIED,
            legal_basis=policies.LEGAL_BASIS,
            dossier_number=request.reference,
            reason=f"{request.reason} (đề nghị {request.reference})"[:1000],
            proof=_proof_text(request),
        )
        await adjust_item(session, citizen, body, actor=actor)
    await _decided(session, request, actor=actor)
    await record_event(
        session,
        EventType.CORRECTION_APPROVED,
        actor=actor,
        subject_citizen_id=request.citizen_id,
        data={"items": [e.item.value for e in request.items], **approval.event_data()},
        legal_basis=policies.LEGAL_BASIS,
        request_ref=request.reference,
    )
    await notify_citizen(
        session,
        request.citizen_id,
        key="correction.notice_approved",
        params={"reference": request.reference},
        actor=actor,
        link=f"/app/corrections/{request.reference}",
    )


async def refuse(session: AsyncSession, request: CorrectionRequest, body: RefusalIn, *, actor: Actor) -> None:
    """Refusal with a coded ground and the reasons in words, told to the citizen in a signed written
    reply kept in their documents (TT 117/2026 Điều 8 khoản 3: "phải có văn bản trả lời công dân và
    nêu rõ lý do"), not only in an in-app notice."""
    approval = await competent_approval(session, request, actor)
    request.status = policies.ensure_move(request.status, CorrectionStatus.REFUSED)
    request.refusal_ground = body.ground
    request.decision_text = body.text.strip()
    await _decided(session, request, actor=actor)
    await record_event(
        session,
        EventType.CORRECTION_REFUSED,
        actor=actor,
        subject_citizen_id=request.citizen_id,
        reason=request.decision_text,
        data={"ground": body.ground.value, **approval.event_data()},
        legal_basis=policies.LEGAL_BASIS,
        request_ref=request.reference,
    )
    await notify_citizen(
        session,
        request.citizen_id,
        key="correction.notice_refused",
        params={"reference": request.reference, "ground": body.ground.value, "text": request.decision_text},
        actor=actor,
        link=f"/app/corrections/{request.reference}",
    )
    if not _refusal_letters:
        raise RuntimeError("no refusal letter writer registered: call dancu.wiring.wire() first")
    citizen = await registry.citizen_by_id(session, request.citizen_id)
    for letter in _refusal_letters:
        await letter(session, request, citizen, actor)


async def assign_commune(
    session: AsyncSession, request: CorrectionRequest, body: AssignmentIn, *, actor: Actor
) -> None:
    """A provincial officer names the commune police of a resident whose old commune the map cannot
    tell: one of the split commune's successors, or any commune of the province when unmapped
    (domain.md §1.5: "queue for a provincial officer to assign the commune police; record who and
    why. Never guess a successor"). The request moves to that commune's queue; the citizen is told."""
    policies.ensure_decides(actor, request.commune_code)
    policies.ensure_move(request.status, CorrectionStatus.APPROVED)  # still open
    if not policies.held_by_province(request.commune_code):
        raise Conflict("correction.already_assigned", commune_code=request.commune_code)
    choices = {u.code for u in assignable_communes(request.unit_code, request.unit_version)}
    if body.commune_code not in choices:
        raise invalid("commune_code", "correction.commune_not_assignable")
    province = request.commune_code
    request.commune_code = body.commune_code
    request.assigned_from = province
    request.assigned_at = now_utc()
    request.assigned_by_account_id = actor.account_id
    request.assignment_reason = body.reason.strip()
    await record_event(
        session,
        EventType.CORRECTION_ASSIGNED,
        actor=actor,
        subject_citizen_id=request.citizen_id,
        reason=request.assignment_reason,
        data={
            "from": province,
            "commune_code": body.commune_code,
            "unit_code": request.unit_code,
            "unit_version": request.unit_version,
        },
        legal_basis=policies.ASSIGNMENT_BASIS,
        request_ref=request.reference,
    )
    await session.flush()
    await notify_citizen(
        session,
        request.citizen_id,
        key="correction.notice_assigned",
        params={"reference": request.reference, "commune_code": body.commune_code},
        actor=actor,
        link=f"/app/corrections/{request.reference}",
    )


async def withdraw(session: AsyncSession, request: CorrectionRequest, *, actor: Actor) -> None:
    """The citizen takes back an undecided request."""
    if request.citizen_id != actor.citizen_id:
        raise invalid("reference", "correction.not_own")
    request.status = policies.ensure_move(request.status, CorrectionStatus.WITHDRAWN)
    await _decided(session, request, actor=actor)
    await record_event(
        session,
        EventType.CORRECTION_WITHDRAWN,
        actor=actor,
        subject_citizen_id=request.citizen_id,
        legal_basis=policies.LEGAL_BASIS,
        request_ref=request.reference,
    )


async def _decided(session: AsyncSession, request: CorrectionRequest, *, actor: Actor) -> None:
    request.decided_at = now_utc()
    request.decided_by_account_id = actor.account_id
    await session.flush()  # autoflush is off: later reads in this unit must see the change


def decided_on(request: CorrectionRequest) -> dt.date | None:
    return legal_date(request.decided_at) if request.decided_at else None
