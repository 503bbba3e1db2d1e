"""k1 lookup (NĐ 70 Điều 10 khoản 1) and yes/no verification (B7): the use cases.

Each takes the actor, checks the group, channel and fields (mandate ∩ scope, through
:func:`dancu.access.policies.fields_for`, the rule every channel uses), resolves every person the
request names, takes their audit chains in one order, logs one entry per person and returns the
answer; the API and the agency portal call these, and the request boundary commits.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access import policies
from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel, ensure_channel
from dancu.audit.actions import record_event
from dancu.audit.group import GroupCommit
from dancu.audit.models import EventType
from dancu.clock import now_utc, today_vn
from dancu.enums.registry import Item
from dancu.errors import Conflict, DomainError, FieldProblem, Forbidden, NotFound, invalid
from dancu.geo.queries import Unit, get_unit
from dancu.i18n import Lang, t
from dancu.identity.notices import notify_citizen
from dancu.lookup import answers, gate, matching, queries
from dancu.lookup.actions import (
    access_entries,
    can_log_without_session,
    log_access,
    log_accesses,
    pin_digest,
    record_question,
    requester_key,
)
from dancu.lookup.models import AskStatus, VerificationAsk, VerificationQuestion
from dancu.lookup.schemas import (
    AgeAtLeastIn,
    BatchEntryOut,
    BatchIn,
    BatchOut,
    IdentityMatchIn,
    LookupIn,
    LookupOut,
    ResidenceInIn,
    Subject,
    VerifyIn,
    VerifyOut,
)
from dancu.notify.actions import enqueue
from dancu.notify.models import NotifyChannel
from dancu.registry.history import RecordView
from dancu.registry.models import Citizen

_VERIFY: TypeAdapter[VerifyIn] = TypeAdapter(VerifyIn)
Out = TypeVar("Out")
IDENTITY_FIELDS = (Item.FULL_NAME.value, Item.DATE_OF_BIRTH.value, Item.PIN.value)


def _ensure_k1(actor: Actor) -> None:
    """Only k1 bodies look people up directly, and only through a channel the matrix allows."""
    if actor.group is not ActorGroup.K1:
        raise Forbidden("access.group_not_allowed", group=actor.group.value)
    ensure_channel(actor.group, actor.channel)


def _staff_id(actor: Actor, given: str | None) -> str | None:
    """A machine client (no account of a person) must name the agency's staff member who asks,
    so that every answer can be traced to a person (Luật Căn cước Điều 8 khoản 3)."""
    if given is None and actor.account_id is None and actor.channel is Channel.DIRECT:
        raise invalid("staff_id", "lookup.staff_id_required")
    return given


def _matches(subject: Subject | IdentityMatchIn, citizen: Citizen | queries.Person | None) -> bool:
    return (
        citizen is not None
        and matching.name_matches(subject.full_name, citizen.full_name)
        and matching.dob_matches(subject.date_of_birth, citizen.dob)
    )


def _k1_request(actor: Actor, body: LookupIn | BatchIn) -> tuple[str | None, tuple[str, ...]]:
    """The checks before anyone is looked up: the group and channel, the staff id, and the fields
    released (mandate ∩ scope ∩ those asked); the staff id and the fields."""
    _ensure_k1(actor)
    staff_id = _staff_id(actor, body.staff_id)
    return staff_id, tuple(policies.fields_for(actor, body.fields))


def _matched(
    body: LookupIn, found: tuple[queries.Person, RecordView] | None
) -> tuple[queries.Person, RecordView]:
    if found is None or not _matches(body, found[0]):
        raise NotFound("lookup.no_match")  # the facts read with the person are not disclosed
    return found


async def lookup(
    session: AsyncSession, body: LookupIn, *, actor: Actor, group: GroupCommit | None = None
) -> LookupOut:
    """One person by the whole key, answered with the caller's fields (or those asked, within them).

    It writes nothing but the access-log entry, so ``group`` (the process's group commit) may
    commit that entry; the answer is built only once it is durable."""
    staff_id, fields = _k1_request(actor, body)
    person, view = _matched(body, await queries.person_and_record(session, body.pin, items=fields))
    receipt = await log_access(
        session,
        actor=actor,
        citizen_id=person.id,
        fields=fields,
        purpose=body.purpose,
        staff_id=staff_id,
        group=group,
    )
    return LookupOut(receipt=receipt, staff_id=staff_id, fields=answers.project(view, fields))


@dataclass(frozen=True)
class Logged(Generic[Out]):
    """A hot-path answer waiting for its entries: ``entries`` to append (by the group commit),
    then ``answer`` built from their ids, the receipts. The connection that read is handed back
    before the wait, so requests waiting for their group hold none of the pool's connections."""

    entries: list[dict[str, Any]]
    answer: Callable[[list[int]], Out]


async def lookup_on_driver(
    source: queries.SetsSource, body: LookupIn, *, actor: Actor
) -> Logged[LookupOut] | None:
    """:func:`lookup` on the hot path (docs/adr/0017): the same checks and the same reads on an
    asyncpg connection; the entry is appended by the caller (the group commit) before the answer
    is built. None when only the session path can answer (an actor without its legal basis);
    nothing is logged then."""
    staff_id, fields = _k1_request(actor, body)
    if not can_log_without_session(actor):
        return None
    found = (await queries.people_on_driver(source, [body.pin], items=fields)).get(body.pin)
    person, view = _matched(body, found)
    entries = access_entries(
        actor=actor, citizen_ids=[person.id], fields=fields, purpose=body.purpose, staff_id=staff_id
    )
    released = answers.project(view, fields)
    return Logged(
        entries, lambda receipts: LookupOut(receipt=receipts[0], staff_id=staff_id, fields=released)
    )


def _batch_out(
    body: BatchIn,
    staff_id: str | None,
    fields: tuple[str, ...],
    matched: dict[int, tuple[queries.Person, RecordView]],
    receipts: list[int],
) -> BatchOut:
    answered = {
        index: BatchEntryOut(index=index, found=True, receipt=receipt, fields=answers.project(view, fields))
        for (index, (_, view)), receipt in zip(matched.items(), receipts, strict=True)
    }
    results = [
        answered.get(index, BatchEntryOut(index=index, found=False)) for index in range(len(body.subjects))
    ]
    return BatchOut(staff_id=staff_id, results=results)


def _batch_matches(
    body: BatchIn, found: dict[str, tuple[queries.Person, RecordView]]
) -> dict[int, tuple[queries.Person, RecordView]]:
    """Each asked subject (by its index) whose whole key matches its PIN's holder."""
    return {
        index: found[subject.pin]
        for index, subject in enumerate(body.subjects)
        if subject.pin in found and _matches(subject, found[subject.pin][0])
    }


async def lookup_batch(
    session: AsyncSession, body: BatchIn, *, actor: Actor, group: GroupCommit | None = None
) -> BatchOut:
    """Up to 100 people; each found person gets its own receipt, the others ``found: false``
    (``group``: as for :func:`lookup`)."""
    staff_id, fields = _k1_request(actor, body)
    found = await queries.people_and_records(session, [s.pin for s in body.subjects], items=fields)
    matched = _batch_matches(body, found)
    # One append for everyone found: the chain heads are taken in chain order, so two batches
    # naming the same people in different orders cannot deadlock (ADR 0004).
    receipts = await log_accesses(
        session,
        actor=actor,
        citizen_ids=[person.id for person, _ in matched.values()],
        fields=fields,
        purpose=body.purpose,
        staff_id=staff_id,
        group=group,
    )
    return _batch_out(body, staff_id, fields, matched, receipts)


async def lookup_batch_on_driver(
    source: queries.SetsSource, body: BatchIn, *, actor: Actor
) -> Logged[BatchOut] | None:
    """:func:`lookup_batch` on the hot path (as :func:`lookup_on_driver`); None (nothing logged)
    when the actor lacks its legal basis."""
    staff_id, fields = _k1_request(actor, body)
    if not can_log_without_session(actor):
        return None
    found = await queries.people_on_driver(source, [s.pin for s in body.subjects], items=fields)
    matched = _batch_matches(body, found)
    people = [person.id for person, _ in matched.values()]
    entries = access_entries(
        actor=actor, citizen_ids=people, fields=fields, purpose=body.purpose, staff_id=staff_id
    )
    return Logged(entries, lambda receipts: _batch_out(body, staff_id, fields, matched, receipts))


class RefusedQuestion(DomainError):
    """A refused yes/no question: its log row must outlive the refusal (the boundary commits it)."""


def question_answer(
    body: IdentityMatchIn | AgeAtLeastIn | ResidenceInIn,
    person: Citizen | queries.Person,
    residence: Any = None,
) -> bool:
    """A yes/no question's answer about ``person`` (``residence``: their permanent residence now, which
    only the residence question reads): the one rule of the session path and the driver path."""
    if isinstance(body, IdentityMatchIn):  # its keys, validated as a Subject's are
        return _matches(body, person)
    if isinstance(body, AgeAtLeastIn):
        return answers.age_at_least(person.dob, body.years, body.on or today_vn())
    return answers.unit_contains(_asked_unit(body), residence)


async def _answer(
    body: IdentityMatchIn | AgeAtLeastIn | ResidenceInIn, citizen: Citizen, session: AsyncSession
) -> bool:
    residence = None
    if isinstance(body, ResidenceInIn):
        _asked_unit(body)  # an unknown unit is refused before the register is read
        wanted = [Item.PERMANENT_RESIDENCE.value]
        view = (await queries.records_now(session, [citizen.id], items=wanted))[citizen.id]
        residence = view.get(Item.PERMANENT_RESIDENCE)
    return question_answer(body, citizen, residence)


def _asked_unit(body: ResidenceInIn) -> Unit:
    unit = get_unit(body.unit_code, body.unit_version)
    if unit is None:
        raise DomainError(
            "validation.failed", status=422, problems=[FieldProblem("unit_code", "lookup.unknown_unit")]
        )
    return unit


def _consulted(body: IdentityMatchIn | AgeAtLeastIn | ResidenceInIn) -> tuple[str, ...]:
    if isinstance(body, IdentityMatchIn):
        return IDENTITY_FIELDS
    if isinstance(body, AgeAtLeastIn):
        return (Item.DATE_OF_BIRTH.value,)
    return (Item.PERMANENT_RESIDENCE.value,)


def _fixed_parameters(body: IdentityMatchIn | AgeAtLeastIn | ResidenceInIn) -> None:
    """A khoản 2-4 requester asks only with fixed parameters (domain.md §3.7): an age among the
    thresholds of verification.json, on today's date; no caller-chosen date or threshold, which
    would let a series of questions recover the date of birth."""
    if isinstance(body, AgeAtLeastIn):
        allowed = gate.limits().age_years_allowed
        if body.on is not None:
            raise invalid("on", "verify.fixed_date")
        if body.years not in allowed:
            raise invalid("years", "verify.fixed_threshold", allowed=", ".join(map(str, sorted(allowed))))
    if isinstance(body, ResidenceInIn):
        _asked_unit(body)  # checked before anyone is looked up: the error says nothing about the PIN


async def _refuse(
    session: AsyncSession,
    actor: Actor,
    body: IdentityMatchIn | AgeAtLeastIn | ResidenceInIn,
    code: str,
    status: int,
    last: queries.LastQuestion,
    seconds: int | None = None,
) -> None:
    await record_question(
        session, actor=actor, pin=body.pin, question=body.question.value, outcome=code, last=last
    )
    if seconds is None:
        raise RefusedQuestion(code, status=status)
    raise RefusedQuestion(code, status=status, seconds=seconds)


async def _within_limits(
    session: AsyncSession, actor: Actor, body: IdentityMatchIn | AgeAtLeastIn | ResidenceInIn
) -> queries.LastQuestion:
    """Bounded questions per subject and per requester in the period (verification.json); the
    requester's last question, which this one's row is numbered after."""
    rules = gate.limits()
    key = requester_key(actor)
    # Taken until the request's transaction ends, so that concurrent questions of one requester are
    # counted one after the other (the driver path's group takes the same lock: verify_driver.py).
    await queries.lock_requester(session, key)
    since = now_utc() - dt.timedelta(hours=rules.period_hours)
    total, about, last = await queries.questions_since(
        session,
        requester_key=key,
        since=since,
        pin_digest=pin_digest(body.pin),
        cap=rules.max_per_subject + 1,
    )
    # Retry-After (a 429 states it): one period from now every question counted here has aged out.
    seconds = rules.period_hours * 3600
    for counted, limit, code in (
        (total, rules.max_per_requester, "verify.limit_requester"),
        (about, rules.max_per_subject, "verify.limit_subject"),
    ):
        if counted >= limit:
            if counted == limit:  # the first refused question of the period: alert once
                citizen = (await queries.people_by_pins(session, [body.pin])).get(body.pin)
                await _alert_probing(session, actor, body, citizen, code)
            await _refuse(session, actor, body, code, 429, last, seconds=seconds)
    return last


def question_checks(actor: Actor, body: VerifyIn) -> tuple[str | None, tuple[str, ...], bool]:
    """The checks of a yes/no question before it is counted (both paths): channel, staff id, the
    fields it consults within the caller's, the fixed parameters of a khoản 2-4 requester, a known
    unit. The staff id, the fields consulted, and whether the subject's consent is needed."""
    ensure_channel(actor.group, actor.channel)
    staff_id = _staff_id(actor, body.staff_id)
    consulted = _consulted(body)
    policies.fields_for(actor, consulted)
    bound = actor.group.needs_consent
    if bound:
        _fixed_parameters(body)
    elif isinstance(body, ResidenceInIn):
        _asked_unit(body)
    return staff_id, consulted, bound


async def verify(session: AsyncSession, body: VerifyIn, *, actor: Actor) -> VerifyOut:
    """A yes/no answer and a receipt, never data.

    A yes/no discloses what it confirms, so it is exploitation (domain.md §3.7): a khoản 1 body asks
    within its mandate; anyone else only "khi được cá nhân là chủ thể của thông tin được khai thác
    đồng ý" (new NĐ 70 Điều 9 khoản 5) — a permit naming the PIN with the subject's consent over
    the consulted fields — with fixed parameters, and each answer is charged as SPDC01 per field
    (TT 48/2022). Every question is logged and counted against the limits; "no" and "nobody holds
    that PIN" are the same answer, so that the API does not tell whether a PIN exists.
    """
    staff_id, consulted, bound = question_checks(actor, body)
    last = await _within_limits(session, actor, body)
    grant = None
    if bound:
        hook = gate.gate()
        grant = await hook.grant(session, actor, pin=body.pin, fields=consulted) if hook else None
        if grant is None:
            await _refuse(session, actor, body, "verify.no_consent", 403, last)
    citizen = (await queries.people_by_pins(session, [body.pin])).get(body.pin)
    answer = citizen is not None and await _answer(body, citizen, session)
    receipt = await log_access(
        session,
        actor=actor,
        citizen_id=citizen.id if citizen else None,
        fields=consulted,
        purpose=body.purpose,
        staff_id=staff_id,
        question=body.question.value,
    )
    row = await record_question(
        session,
        actor=actor,
        pin=body.pin,
        question=body.question.value,
        outcome="answered",
        last=last,
        grant=grant,
        receipt_event_id=receipt,
    )
    fee = None
    if bound and (hook := gate.gate()) is not None:
        fee = await hook.charge(session, actor, source_ref=f"XT-{row.id}", fields=len(consulted))
        row.fee_receipt_id = fee
    await session.flush()  # autoflush is off: the row's receipts are read back by the tests
    return VerifyOut(
        answer=answer,
        receipt=receipt,
        staff_id=staff_id,
        permit=grant.permit_number if grant else None,
        fee_receipt=fee,
    )


# --- One-off consent per question (domain.md §3.7) ------------------------------------------------

OPEN_ASK = (AskStatus.PENDING, AskStatus.APPROVED)


def _ask_ref() -> str:
    return f"XT-{today_vn().year}-{secrets.token_hex(4).upper()}"


async def _alert_probing(
    session: AsyncSession, actor: Actor, body: VerifyIn, citizen: Citizen | None, code: str
) -> None:
    """A requester reaching a limit is probing (domain.md §3.7: "alerts on probing"): the operator's
    mailbox is told, and the person asked about too when the limit is theirs."""
    rules = gate.limits()
    who = actor.organisation_name or actor.label
    await enqueue(
        session,
        channel=NotifyChannel.EMAIL,
        recipient=rules.probing_alert_mailbox,
        subject=f"Cảnh báo dò hỏi xác thực: {who}",
        body=t("verify.alert_operator", Lang.VI, requester=who, rule=code, hours=rules.period_hours),
    )
    if citizen is not None and code == "verify.limit_subject":
        await notify_citizen(
            session,
            citizen.id,
            key="verify.notice_probing",
            params={"requester": who, "count": rules.max_per_subject, "hours": rules.period_hours},
            actor=actor,
            link="/app/nhat-ky",
        )


async def ask_consent(session: AsyncSession, body: VerifyIn, *, actor: Actor) -> VerificationAsk:
    """A khoản 2-4 requester holding a permit for the question, but no standing consent of this
    subject, asks the subject to agree to this one question: "khi được cá nhân là chủ thể của thông
    tin được khai thác đồng ý" (new NĐ 70 Điều 9 khoản 5). The subject is told in the identity app
    and by SMS with the link; the question waits. A PIN nobody holds gets an ask that lapses like any
    unanswered one, so the reply says nothing about whether the PIN exists."""
    ensure_channel(actor.group, actor.channel)
    if not actor.group.needs_consent:
        raise Conflict("verify.ask_not_needed")
    consulted = _consulted(body)
    policies.fields_for(actor, consulted)
    _fixed_parameters(body)
    last = await _within_limits(session, actor, body)
    hook = gate.gate()
    permit = await hook.permit_for(session, actor, fields=consulted) if hook else None
    if permit is None:
        await _refuse(session, actor, body, "verify.no_permit", 403, last)
    assert permit is not None
    citizen = (await queries.people_by_pins(session, [body.pin])).get(body.pin)
    row = await record_question(
        session,
        actor=actor,
        pin=body.pin,
        question=body.question.value,
        outcome="verify.consent_asked",
        last=last,
    )
    row.permit_number = permit
    now = now_utc()
    ask = VerificationAsk(
        ref=_ask_ref(),
        created_at=now,
        expires_at=now + dt.timedelta(hours=gate.limits().one_off_wait_hours),
        requester_key=requester_key(actor),
        requester_label=actor.organisation_name or actor.label,
        organisation_id=actor.organisation_id,
        account_id=actor.account_id,
        pin_digest=pin_digest(body.pin),
        citizen_id=citizen.id if citizen else None,
        question=body.question.value,
        body=body.model_dump(mode="json"),
        purpose=body.purpose,
        fields=list(consulted),
        permit_number=permit,
        status=AskStatus.PENDING,
        question_id=row.id,
    )
    session.add(ask)
    await session.flush()
    if citizen is not None:
        await notify_citizen(
            session,
            citizen.id,
            key="verify.notice_ask",
            params={
                "requester": ask.requester_label,
                "question": t(f"enum.question.{ask.question}", Lang.VI),
                "purpose": ask.purpose,
                "ref": ask.ref,
                "link": f"/app/xac-thuc/{ask.ref}",
            },
            actor=actor,
            link=f"/app/xac-thuc/{ask.ref}",
        )
    return ask


async def _lapse(session: AsyncSession, ask: VerificationAsk) -> None:
    if ask.status is AskStatus.PENDING and now_utc() >= ask.expires_at:
        ask.status = AskStatus.LAPSED
        question = await session.get(VerificationQuestion, ask.question_id)
        if question is not None:
            question.outcome = "verify.consent_lapsed"
        await session.flush()


async def poll_ask(session: AsyncSession, ref: str, *, actor: Actor) -> VerificationAsk:
    """The requester's own ask: still waiting, answered (the answer logged and charged as SPDC01 at
    this moment, under the permit and the one-off consent), or refused (declined or lapsed alike)."""
    ask = await queries.ask_of_requester(session, ref, requester_key(actor))
    if ask is None:
        raise NotFound("verify.ask_not_found")
    await _lapse(session, ask)
    if ask.status is AskStatus.APPROVED and ask.citizen_id is not None:
        body: VerifyIn = _VERIFY.validate_python(ask.body)
        citizen = await session.get(Citizen, ask.citizen_id)
        assert citizen is not None
        ask.answer = await _answer(body, citizen, session)
        ask.receipt_event_id = await log_access(
            session,
            actor=actor,
            citizen_id=citizen.id,
            fields=ask.fields,
            purpose=ask.purpose,
            question=ask.question,
        )
        if (hook := gate.gate()) is not None:
            ask.fee_receipt_id = await hook.charge(session, actor, source_ref=ask.ref, fields=len(ask.fields))
        ask.status, ask.answered_at = AskStatus.ANSWERED, now_utc()
        question = await session.get(VerificationQuestion, ask.question_id)
        if question is not None:
            question.outcome, question.consent_ref = "answered", ask.ref
            question.receipt_event_id, question.fee_receipt_id = ask.receipt_event_id, ask.fee_receipt_id
        await session.flush()
    return ask


async def my_asks(session: AsyncSession, *, actor: Actor) -> list[VerificationAsk]:
    """The questions waiting for my one-off consent (the identity app)."""
    if actor.citizen_id is None:
        raise Forbidden("audit.not_a_citizen")
    found = await queries.asks_of_subject(session, actor.citizen_id)
    for ask in found:
        await _lapse(session, ask)
    return [a for a in found if a.status is AskStatus.PENDING]


async def my_ask(session: AsyncSession, ref: str, *, actor: Actor) -> VerificationAsk:
    """One question asked of me (another person's is "not found")."""
    if actor.citizen_id is None:
        raise Forbidden("audit.not_a_citizen")
    ask = await queries.ask_of_subject(session, ref, actor.citizen_id)
    if ask is None:
        raise NotFound("verify.ask_not_found")
    await _lapse(session, ask)
    return ask


async def decide_ask(session: AsyncSession, ref: str, *, approve: bool, actor: Actor) -> VerificationAsk:
    """The subject agrees to (or declines) this single question; the decision is logged in the
    subject's chain. Another person's ask is "not found"; a lapsed or decided one cannot change."""
    if actor.citizen_id is None:
        raise Forbidden("audit.not_a_citizen")
    ask = await queries.ask_of_subject(session, ref, actor.citizen_id)
    if ask is None:
        raise NotFound("verify.ask_not_found")
    await _lapse(session, ask)
    if ask.status is not AskStatus.PENDING:
        raise Conflict("verify.ask_closed", status_now=ask.status.value)
    ask.status = AskStatus.APPROVED if approve else AskStatus.DECLINED
    ask.decided_at = now_utc()
    if not approve:
        question = await session.get(VerificationQuestion, ask.question_id)
        if question is not None:
            question.outcome = "verify.consent_declined"
    await record_event(
        session,
        EventType.VERIFY_CONSENT_GIVEN if approve else EventType.VERIFY_CONSENT_DECLINED,
        actor=actor,
        subject_citizen_id=actor.citizen_id,
        data={"one_off": True, "question": ask.question, "requester": ask.requester_label},
        purpose=ask.purpose,
        fields=list(ask.fields),
        permit_ref=ask.permit_number,
        consent_ref=ask.ref,
        legal_basis="Nghị định 70/2024/NĐ-CP Điều 9 khoản 5 (sửa đổi 2026)",
    )
    await session.flush()
    return ask
