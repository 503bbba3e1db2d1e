"""Writing events. Called by every action, inside the caller's transaction.

Appending locks the head of the entry's chain (``UPDATE … RETURNING``: a row lock on PostgreSQL, the
database write lock on SQLite), so the entry, its hash and the new head commit or roll back with the
caller's own change: the log is durable before the response leaves.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from dancu.access.actor import Actor
from dancu.access.groups import Channel
from dancu.audit import chain as rules
from dancu.audit.models import AuditChain, Event, EventType
from dancu.clock import now_utc

DEFAULT_CHAINS = 8


def chain_count() -> int:
    """How many chains writers spread over (DANCU_AUDIT_CHAINS); change it only while writes are stopped."""
    return max(1, int(os.environ.get("DANCU_AUDIT_CHAINS", DEFAULT_CHAINS)))


async def next_id(session: AsyncSession, table: str) -> int:
    """The id the next row of ``table`` gets; called while holding a chain lock so ids follow seqs."""
    if session.get_bind().dialect.name == "postgresql":
        sql = text("SELECT nextval(pg_get_serial_sequence(:t, 'id'))")
        return int((await session.execute(sql, {"t": table})).scalar_one())
    sql = text(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608 (our own table names)
    return int((await session.execute(sql)).scalar_one())


# --- Lock order ------------------------------------------------------------------------------------
# A transaction that logs entries about several people holds several chain heads until it commits.
# Two such transactions taking them in opposite orders would deadlock (ADR 0004), so writers that
# know their subjects up front call ``lock_chains`` first: it takes every head they will need in
# ascending chain order, and the later appends find their heads already held and never wait.
# Heads held by the transaction are tracked in ``session.info`` (cleared when it ends) so an
# append taken out of order is logged (chain numbers only) and counted for tests.

HELD = "dancu_audit_chains_held"
ORDER = "dancu_audit_chain_order"
log = logging.getLogger("dancu.audit")


def held_chains(session: AsyncSession) -> set[int]:
    held: set[int] = session.info.setdefault(HELD, set())
    return held


def _note_lock(session: AsyncSession, chain: int) -> None:
    held = held_chains(session)
    if chain not in held and held and chain < max(held):
        log.warning("audit chain %s locked after chain %s: out of order (see ADR 0004)", chain, max(held))
    if chain not in held:
        session.info.setdefault(ORDER, []).append(chain)
    held.add(chain)


@event.listens_for(Session, "after_transaction_end")
def _forget_locks(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(HELD, None)
        session.info.pop(ORDER, None)


async def lock_chains(session: AsyncSession, *, subject_ids: Iterable[int | None], actor: Actor) -> list[int]:
    """Take the heads of every chain the entries about ``subject_ids`` (None: an entry without a
    person, which goes by the actor's account) will use, in ascending order; returns them."""
    count = chain_count()
    wanted = sorted({rules.chain_for(s, actor.account_id, count) for s in subject_ids})
    held = held_chains(session)
    for chain in wanted:
        if chain in held:
            continue
        touch = update(AuditChain).where(AuditChain.chain == chain).values(head_hash=AuditChain.head_hash)
        if (await session.execute(touch)).rowcount == 0:  # type: ignore[attr-defined]
            await _create_chain(session, chain)
            await session.execute(touch)
        _note_lock(session, chain)
    return wanted


async def _lock_head(session: AsyncSession, chain: int) -> tuple[int, str]:
    """Take the chain's head (locked until commit): the new entry's seq and the previous hash."""
    bump = (
        update(AuditChain)
        .where(AuditChain.chain == chain)
        .values(seq=AuditChain.seq + 1)
        .returning(AuditChain.seq, AuditChain.head_hash)
    )
    row = (await session.execute(bump)).first()
    if row is None:
        await _create_chain(session, chain)
        row = (await session.execute(bump)).one()
    _note_lock(session, chain)
    return int(row[0]), str(row[1])


async def _create_chain(session: AsyncSession, chain: int) -> None:
    values = {"chain": chain, "seq": 0, "head_hash": rules.GENESIS}
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        await session.execute(pg_insert(AuditChain).values(values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        await session.execute(sqlite_insert(AuditChain).values(values).on_conflict_do_nothing())


async def _subject_head(session: AsyncSession, subject_citizen_id: int | None) -> str | None:
    if subject_citizen_id is None:
        return None
    last = (
        select(Event.entry_hash)
        .where(Event.subject_citizen_id == subject_citizen_id)
        .order_by(Event.id.desc())
        .limit(1)
    )
    return (await session.scalar(last)) or rules.GENESIS


async def append(session: AsyncSession, content: dict[str, Any]) -> Event:
    """Chain ``content`` (the entry's columns without id/chain/seq/hashes) and insert it."""
    chain = rules.chain_for(content.get("subject_citizen_id"), content.get("actor_account_id"), chain_count())
    seq, prev_hash = await _lock_head(session, chain)
    subject_prev = await _subject_head(session, content.get("subject_citizen_id"))
    content = content | {"id": await next_id(session, "event"), "chain": chain, "seq": seq}
    digest = rules.entry_hash(content, subject_prev_hash=subject_prev, prev_hash=prev_hash)
    row = content | {"prev_hash": prev_hash, "subject_prev_hash": subject_prev, "entry_hash": digest}
    await session.execute(insert(Event).values(row))
    await session.execute(update(AuditChain).where(AuditChain.chain == chain).values(head_hash=digest))
    event = await session.get(Event, row["id"])
    assert event is not None
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
    return await record_event(
        session,
        EventType.CITIZEN_VIEWED,
        actor=actor,
        subject_citizen_id=citizen_id,
        data={},
        channel=channel,
        legal_basis=legal_basis,
        purpose=purpose,
        fields=fields,
        request_ref=request_ref,
        permit_ref=permit_ref,
        consent_ref=consent_ref,
        disclosure_after=disclosure_after,
    )


async def event_count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Event)) or 0)
