"""The access-log entry of every lookup and every yes/no question, one per subject.

The entry is written in the request's transaction before the answer is built, so no answer
leaves the server without its entry (Luật Căn cước Điều 8 khoản 3). Its id is the receipt the
agency keeps (NĐ 70 Điều 10 khoản 1 điểm d). Who, the organisation, the group and the channel
come from the actor; the legal basis is the organisation's mandate.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.models import Organisation
from dancu.audit.actions import record_event
from dancu.audit.models import EventType


async def legal_basis(session: AsyncSession, actor: Actor) -> str | None:
    """The mandate's legal basis. Read it once per request and pass it to :func:`log_access`: the
    identity map holds the organisation only weakly, so each look-up may be a query again."""
    if actor.organisation_id is None:
        return None
    organisation = await session.get(Organisation, actor.organisation_id)
    return organisation.legal_basis if organisation else None


async def log_access(
    session: AsyncSession,
    *,
    actor: Actor,
    citizen_id: int | None,
    fields: Iterable[str],
    purpose: str,
    staff_id: str | None = None,
    question: str | None = None,
    basis: str | None = None,
) -> int:
    """Log one access (or one question) about one subject; returns the receipt. ``basis``: the
    result of :func:`legal_basis` when the caller already has it (a batch logs many subjects)."""
    extra = {k: v for k, v in (("staff_id", staff_id), ("question", question)) if v is not None}
    event = await record_event(
        session,
        EventType.CITIZEN_VIEWED,
        actor=actor,
        subject_citizen_id=citizen_id,
        data=extra,
        fields=sorted(fields),
        purpose=purpose,
        legal_basis=basis if basis is not None else await legal_basis(session, actor),
    )
    return event.id
