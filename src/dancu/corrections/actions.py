"""Filing, approving, refusing and withdrawing a correction request.

Each action records its event in the caller's transaction and flushes; the request's boundary commits.
An approval applies every item through the register's own adjustment action.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.actions import next_id, record_event
from dancu.audit.models import EventType
from dancu.calendar.queries import WorkCalendar, deadline, legal_date
from dancu.clock import now_utc
from dancu.corrections import policies
from dancu.corrections.models import (
    CorrectionAttachment,
    CorrectionItem,
    CorrectionRequest,
    CorrectionStatus,
)
from dancu.corrections.schemas import MEDIA_TYPES, CorrectionIn, ProofFile, RefusalIn
from dancu.enums.registry import Item, Source, Verification
from dancu.errors import DomainError, FieldProblem, invalid
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
        session.add(
            CorrectionAttachment(
                request_id=request.id,
                filename=proof.filename[:200],
                media_type=proof.media_type,
                size=len(proof.content),
                sha256=hashlib.sha256(proof.content).hexdigest(),
                content=proof.content,
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


async def approve(session: AsyncSession, request: CorrectionRequest, *, actor: Actor) -> None:
    """Apply every proposed value through the register's adjustment (history and events stay there)."""
    policies.ensure_decides(actor, request.commune_code)
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
        data={"items": [e.item.value for e in request.items]},
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
    policies.ensure_decides(actor, request.commune_code)
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
        data={"ground": body.ground.value},
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
