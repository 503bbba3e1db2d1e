"""Writing events. Called by every action, inside the caller's transaction.

Appending locks the heads of the entries' chains (a row lock on PostgreSQL, the database write lock on
SQLite), so the entries, their hashes and the new heads commit or roll back with the caller's own
change: the log is durable before the response leaves. A batch of entries (``record_events``,
``record_reads``) costs the same four statements as one entry (see :mod:`dancu.audit.append`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import Channel
from dancu.audit import chain as rules
from dancu.audit.append import (
    DEFAULT_CHAINS,
    HELD,
    ORDER,
    append_many,
    chain_count,
    held_chains,
    take_heads,
)
from dancu.audit.models import Event, EventType
from dancu.clock import now_utc

__all__ = ["DEFAULT_CHAINS", "HELD", "ORDER", "chain_count", "held_chains"]


async def next_id(session: AsyncSession, table: str) -> int:
    """The id the next row of ``table`` gets; called while holding a chain lock so ids follow seqs."""
    if session.get_bind().dialect.name == "postgresql":
        sql = text("SELECT nextval(pg_get_serial_sequence(:t, 'id'))")
        return int((await session.execute(sql, {"t": table})).scalar_one())
    sql = text(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608 (our own table names)
    return int((await session.execute(sql)).scalar_one())


async def lock_chains(session: AsyncSession, *, subject_ids: Iterable[int | None], actor: Actor) -> list[int]:
    """Take the heads of every chain the entries about ``subject_ids`` (None: an entry without a
    person, which goes by the actor's account) will use, in ascending order, in one statement;
    returns them. Appends lock their own heads in order; call this only to hold the heads *before
    reading* what will be logged, or when the entries are appended in several calls (ADR 0004)."""
    count = chain_count()
    wanted = sorted({rules.chain_for(s, actor.account_id, count) for s in subject_ids})
    await take_heads(session, dict.fromkeys(wanted, 0))
    return wanted


async def hold_every_chain(session: AsyncSession) -> None:
    """Take every chain's head, in ascending order, for the rest of the transaction: for a one-off
    unit of work that appends about many people in many calls in no particular order (the demo's
    set-up), so that no head is then taken after a higher one (ADR 0004)."""
    await take_heads(session, dict.fromkeys(range(chain_count()), 0))


async def append(session: AsyncSession, content: dict[str, Any]) -> Event:
    """Chain ``content`` (the entry's columns without id/chain/seq/hashes) and insert it."""
    (event,) = await append_many(session, [content])
    return event


def actor_columns(actor: Actor) -> dict[str, Any]:
    return {
        "actor_account_id": actor.account_id,
        "actor_label": actor.label,
        "actor_group": actor.group,
        "channel": actor.channel,
        "organisation_id": actor.organisation_id,
        "organisation_label": actor.organisation_name,
    }


def entry(
    event_type: EventType,
    *,
    actor: Actor,
    subject_citizen_id: int | None = None,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
    channel: Channel | str | None = None,
    legal_basis: str | None = None,
    purpose: str | None = None,
    fields: Iterable[str] | None = None,
    request_ref: str | None = None,
    permit_ref: str | None = None,
    consent_ref: str | None = None,
    disclosure_after: dt.date | None = None,
) -> dict[str, Any]:
    """One entry's content, for :func:`record_events`; the access-log columns come from ``actor``
    unless given here."""
    content = actor_columns(actor) | {
        "occurred_at": now_utc(),
        "event_type": event_type,
        "subject_citizen_id": subject_citizen_id,
        "reason": reason,
        "data": data or {},
        "legal_basis": legal_basis,
        "purpose": purpose,
        "fields": sorted(fields) if fields is not None else None,
        "request_ref": request_ref,
        "permit_ref": permit_ref,
        "consent_ref": consent_ref,
        "disclosure_after": disclosure_after,
    }
    if channel is not None:
        content["channel"] = Channel(channel)
    return content


async def record_events(session: AsyncSession, entries: Sequence[dict[str, Any]]) -> list[Event]:
    """Append several entries (built with :func:`entry`) in order, with the heads taken in chain
    order: as many statements as one entry, and no deadlock with another batch (ADR 0004)."""
    return await append_many(session, entries)


async def record_event(
    session: AsyncSession,
    event_type: EventType,
    *,
    actor: Actor,
    subject_citizen_id: int | None = None,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
    channel: Channel | str | None = None,
    legal_basis: str | None = None,
    purpose: str | None = None,
    fields: list[str] | None = None,
    request_ref: str | None = None,
    permit_ref: str | None = None,
    consent_ref: str | None = None,
    disclosure_after: dt.date | None = None,
) -> Event:
    """Append one entry; the access-log columns come from ``actor`` unless given here."""
    content = entry(
        event_type,
        actor=actor,
        subject_citizen_id=subject_citizen_id,
        reason=reason,
        data=data,
        channel=channel,
        legal_basis=legal_basis,
        purpose=purpose,
        fields=fields,
        request_ref=request_ref,
        permit_ref=permit_ref,
        consent_ref=consent_ref,
        disclosure_after=disclosure_after,
    )
    return await append(session, content)


async def record_read(
    session: AsyncSession,
    *,
    actor: Actor,
    citizen_id: int,
    fields: list[str],
    purpose: str,
    channel: Channel | str | None = None,
    legal_basis: str | None = None,
    request_ref: str | None = None,
    permit_ref: str | None = None,
    consent_ref: str | None = None,
    disclosure_after: dt.date | None = None,
) -> Event:
    """A read of personal data is logged like a change, in the same transaction as the response."""
    (event,) = await record_reads(
        session,
        actor=actor,
        citizen_ids=[citizen_id],
        fields=fields,
        purpose=purpose,
        channel=channel,
        legal_basis=legal_basis,
        request_ref=request_ref,
        permit_ref=permit_ref,
        consent_ref=consent_ref,
        disclosure_after=disclosure_after,
    )
    return event


def read_entries(
    *,
    actor: Actor,
    citizen_ids: Sequence[int | None],
    fields: Iterable[str],
    purpose: str,
    data: dict[str, Any] | None = None,
    channel: Channel | str | None = None,
    legal_basis: str | None = None,
    request_ref: str | None = None,
    permit_ref: str | None = None,
    consent_ref: str | None = None,
    disclosure_after: dt.date | None = None,
) -> list[dict[str, Any]]:
    """One read entry's content per person in ``citizen_ids`` (None: a question about nobody found),
    in that order; the entries share everything but the person."""
    shared = entry(
        EventType.CITIZEN_VIEWED,
        actor=actor,
        data=data,
        channel=channel,
        legal_basis=legal_basis,
        purpose=purpose,
        fields=fields,
        request_ref=request_ref,
        permit_ref=permit_ref,
        consent_ref=consent_ref,
        disclosure_after=disclosure_after,
    )
    return [shared | {"subject_citizen_id": cid} for cid in citizen_ids]


async def record_reads(
    session: AsyncSession,
    *,
    actor: Actor,
    citizen_ids: Sequence[int | None],
    fields: Iterable[str],
    purpose: str,
    data: dict[str, Any] | None = None,
    channel: Channel | str | None = None,
    legal_basis: str | None = None,
    request_ref: str | None = None,
    permit_ref: str | None = None,
    consent_ref: str | None = None,
    disclosure_after: dt.date | None = None,
) -> list[Event]:
    """One read entry per person in ``citizen_ids`` (None: a question about nobody found), in that
    order and in one append in the caller's transaction; the entries share everything but the person."""
    entries = read_entries(
        actor=actor,
        citizen_ids=citizen_ids,
        data=data,
        fields=fields,
        purpose=purpose,
        channel=channel,
        legal_basis=legal_basis,
        request_ref=request_ref,
        permit_ref=permit_ref,
        consent_ref=consent_ref,
        disclosure_after=disclosure_after,
    )
    return await append_many(session, entries)


async def event_count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Event)) or 0)
