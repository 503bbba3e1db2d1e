"""Reads of the log: the Data Tracker (B4) — who accessed a person's data, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, and_, literal, not_, or_, select, tuple_, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from dancu.audit.models import (
    READ_TYPES,
    Event,
    EventSubject,
    StoredActorGroup,
    StoredChannel,
    StoredEventType,
)
from dancu.clock import VN_TZ
from dancu.db.base import UTCDateTime
from dancu.db.routing import stale_ok

DEFAULT_PAGE = 50
Cursor = tuple[dt.datetime, int]  # (occurred_at, id) of the last entry of the previous page
MAX_PAGE = 200


@dataclass(frozen=True)
class TrackerEntry:
    id: int
    occurred_at: dt.datetime
    event_type: StoredEventType  # an UnknownEventType when a later version logged it
    actor_label: str
    actor_group: StoredActorGroup | None  # an UnknownActorGroup when a later version logged it
    organisation_id: int | None
    organisation_label: str | None
    channel: StoredChannel | None  # an UnknownChannel when a later version logged it
    fields: list[str]
    purpose: str | None
    legal_basis: str | None
    request_ref: str | None
    permit_ref: str | None
    consent_ref: str | None
    # The agency's own staff member on whose behalf its system asked (direct connection).
    staff_id: str | None = None


def _entry(event: Event) -> TrackerEntry:
    return TrackerEntry(
        id=event.id,
        occurred_at=event.occurred_at,
        event_type=event.event_type,
        actor_label=event.actor_label,
        actor_group=event.actor_group,
        organisation_id=event.organisation_id,
        organisation_label=event.organisation_label,
        channel=event.channel,
        fields=list(event.fields or []),
        purpose=event.purpose,
        legal_basis=event.legal_basis,
        request_ref=event.request_ref,
        permit_ref=event.permit_ref,
        consent_ref=event.consent_ref,
        staff_id=(event.data or {}).get("staff_id"),
    )


def _visible(
    query: Select[tuple[Event]], *, today: dt.date, own_account_id: int | None
) -> Select[tuple[Event]]:
    query = query.where(or_(Event.disclosure_after.is_(None), Event.disclosure_after <= today))
    if own_account_id is not None:
        # A read by no account (a machine client) is never the person's own: without the IS NOT
        # NULL the comparison is NULL and SQL's NOT would hide every machine read from the tracker.
        own_read = and_(
            Event.actor_account_id.is_not(None),
            Event.actor_account_id == own_account_id,
            Event.event_type.in_(READ_TYPES),
        )
        query = query.where(not_(own_read))
    return query


async def tracker(
    session: AsyncSession,
    citizen_id: int,
    *,
    now: dt.datetime,
    before: Cursor | None = None,
    before_id: int | None = None,
    limit: int = DEFAULT_PAGE,
    own_account_id: int | None = None,
) -> list[TrackerEntry]:
    """Every entry about ``citizen_id`` the person may see at ``now``, newest first.

    Entries with a disclosure date after today (Viet Nam) stay hidden until that date. The person's
    own reads through ``own_account_id`` are left out (they know they looked; their changes stay in).
    Keyset pagination by time (docs/adr/0018): pass the last returned entry's (occurred_at, id) as
    ``before`` (:func:`cursor_of`); ``before_id`` alone costs one more statement to find its time.

    One statement: the person's own entries walk the (person, time, id) index of each month backwards,
    newest month first, and stop once the page is full; the entries about many people that list the
    person (``event_subject``: reconciliation chunks, a few per person) are read beside them.
    """
    today = now.astimezone(VN_TZ).date()
    size = max(1, min(limit, MAX_PAGE))
    if before is None and before_id is not None:
        at = await session.scalar(stale_ok(select(Event.occurred_at).where(Event.id == before_id)))
        before = (at, before_id) if at is not None else None
        if at is None:
            return []
    newest_first = (Event.occurred_at.desc(), Event.id.desc())
    own = _visible(select(Event), today=today, own_account_id=own_account_id).where(
        Event.subject_citizen_id == citizen_id
    )
    listed = (
        _visible(select(Event), today=today, own_account_id=own_account_id)
        .join(EventSubject, EventSubject.event_id == Event.id)
        .where(EventSubject.citizen_id == citizen_id)
        .where(or_(Event.subject_citizen_id.is_(None), Event.subject_citizen_id != citizen_id))
    )
    if before is not None:
        older = tuple_(Event.occurred_at, Event.id) < tuple_(literal(before[0], UTCDateTime()), before[1])
        own, listed = own.where(older), listed.where(older)
    # Each side ordered and cut in its own subquery (SQLite allows no ORDER BY inside a UNION).
    sides = [side.order_by(*newest_first).limit(size).subquery() for side in (own, listed)]
    both = union_all(*(select(side) for side in sides))
    page = aliased(Event, both.subquery("page"))
    query = select(page).order_by(page.occurred_at.desc(), page.id.desc()).limit(size)
    return [_entry(event) for event in await session.scalars(stale_ok(query))]


def cursor_of(entry: TrackerEntry) -> Cursor:
    return (entry.occurred_at, entry.id)


async def latest_entries(
    session: AsyncSession, *, before: int | None = None, limit: int = DEFAULT_PAGE
) -> list[Event]:
    """The whole log, newest first, a page at a time (the auditor's view; ``before`` is an entry id)."""
    query = select(Event).order_by(Event.id.desc()).limit(min(limit, MAX_PAGE))
    if before is not None:
        query = query.where(Event.id < before)
    return list(await session.scalars(query))
