"""The access-log entry of every lookup and every yes/no question, one per subject.

The entries are written in the request's transaction before the answer is built, so no answer
leaves the server without its entry (Luật Căn cước Điều 8 khoản 3). An entry's id is the receipt
the agency keeps (NĐ 70 Điều 10 khoản 1 điểm d). Who, the organisation, the group, the channel and
the legal basis (the organisation's mandate) come from the actor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from dancu import sealing
from dancu.access.actor import Actor
from dancu.access.models import Organisation
from dancu.audit.actions import read_entries
from dancu.audit.append import append_many
from dancu.audit.group import GroupCommit
from dancu.clock import now_utc
from dancu.lookup.gate import Grant
from dancu.lookup.models import VerificationQuestion
from dancu.lookup.queries import LastQuestion


async def legal_basis(session: AsyncSession, actor: Actor) -> str | None:
    """The mandate's legal basis: the one the actor carries (resolved when it was built from the
    organisation), read from the organisation only for an actor built without it."""
    if can_log_without_session(actor):
        return actor.legal_basis
    organisation = await session.get(Organisation, actor.organisation_id)
    return organisation.legal_basis if organisation else None


def can_log_without_session(actor: Actor) -> bool:
    """Whether :func:`access_entries` has all it needs without reading the organisation (the actor
    carries its mandate's legal basis, as every actor built since ADR 0004's amendment does)."""
    return actor.legal_basis is not None or actor.organisation_id is None


def access_entries(
    *,
    actor: Actor,
    citizen_ids: Sequence[int | None],
    fields: Iterable[str],
    purpose: str,
    staff_id: str | None = None,
    question: str | None = None,
    legal_basis: str | None = None,
) -> list[dict[str, Any]]:
    """The entries :func:`log_accesses` appends, one per subject (``legal_basis``: the actor's
    unless given)."""
    extra = {k: v for k, v in (("staff_id", staff_id), ("question", question)) if v is not None}
    return read_entries(
        actor=actor,
        citizen_ids=citizen_ids,
        data=extra,
        fields=fields,
        purpose=purpose,
        legal_basis=legal_basis or actor.legal_basis,
    )


async def log_accesses(
    session: AsyncSession,
    *,
    actor: Actor,
    citizen_ids: Sequence[int | None],
    fields: Iterable[str],
    purpose: str,
    staff_id: str | None = None,
    question: str | None = None,
    group: GroupCommit | None = None,
) -> list[int]:
    """Log one access (or one question) per subject, in order and in one append (the chain heads
    are taken in chain order, so two batches naming the same people cannot deadlock); the receipts.
    A None subject is a question about nobody found.

    With ``group`` (a use case whose only write is this log) the entries are committed by the
    process's group commit and this returns once they are durable; without it they are appended
    in the caller's transaction, which its boundary commits."""
    entries = access_entries(
        actor=actor,
        citizen_ids=citizen_ids,
        fields=fields,
        purpose=purpose,
        staff_id=staff_id,
        question=question,
        legal_basis=await legal_basis(session, actor),
    )
    if group is not None:
        return await group.append(entries)
    return [event.id for event in await append_many(session, entries)]


async def log_access(
    session: AsyncSession,
    *,
    actor: Actor,
    citizen_id: int | None,
    fields: Iterable[str],
    purpose: str,
    staff_id: str | None = None,
    question: str | None = None,
    group: GroupCommit | None = None,
) -> int:
    """Log one access (or one question) about one subject; returns the receipt."""
    (receipt,) = await log_accesses(
        session,
        actor=actor,
        citizen_ids=[citizen_id],
        fields=fields,
        purpose=purpose,
        staff_id=staff_id,
        question=question,
        group=group,
    )
    return receipt


def requester_key(actor: Actor) -> str:
    """Whom the limits count against: the organisation, else the account (or the system label)."""
    if actor.organisation_id is not None:
        return f"org:{actor.organisation_id}"
    return f"acct:{actor.account_id}" if actor.account_id is not None else f"sys:{actor.label[:30]}"


def pin_digest(pin: str) -> str:
    """The PIN as the question log keeps it: a keyed digest (a bare hash of 12 digits of known
    structure is reversed by trying them all)."""
    return sealing.keyed_digest(pin)


async def record_question(
    session: AsyncSession,
    *,
    actor: Actor,
    pin: str,
    question: str,
    outcome: str,
    last: LastQuestion,
    grant: Grant | None = None,
    receipt_event_id: int | None = None,
) -> VerificationQuestion:
    """One row per question, answered or refused (domain.md §3.7: every call logged), numbered after
    ``last``, the requester's last question as counted under the requester's lock, which the caller
    still holds (``use_cases._within_limits``)."""
    key = requester_key(actor)
    now = now_utc()
    row = VerificationQuestion(
        asked_at=now if last is None else max(now, last[1]),
        requester_key=key,
        requester_seq=1 if last is None else last[0] + 1,
        organisation_id=actor.organisation_id,
        account_id=actor.account_id,
        actor_group=actor.group,
        pin_digest=pin_digest(pin),
        question=question,
        outcome=outcome,
        permit_number=grant.permit_number if grant else None,
        consent_ref=grant.consent_ref if grant else None,
        receipt_event_id=receipt_event_id,
    )
    session.add(row)
    await session.flush()  # the row's id names the fee receipt
    return row
