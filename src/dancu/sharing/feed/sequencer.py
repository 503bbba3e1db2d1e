"""The feed sequencer: gives committed register events a contiguous feed position, one run at a time.

``event.id`` cannot be a cursor on PostgreSQL: ids are taken from a sequence when a row is inserted
but become visible when its transaction commits, so a reader may pass id 12 while id 11 is still
uncommitted and never look back. The sequencer scans events above its mark, records every id it
skipped as a *gap*, and re-checks gaps until the transactions that could own them have all ended
(snapshot xmin at or past the gap's horizon). Feed positions are assigned under the lock of the
single ``feed_state`` row and committed together, so ``seq > cursor`` never skips a committed
entry. Rationale and alternatives: docs/adr/0006-change-feed-ordering.md.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.models import Organisation
from dancu.audit.models import Event, known_type
from dancu.clock import now_utc
from dancu.enums.registry import Item
from dancu.registry.models import Citizen, Fact
from dancu.sharing.feed.models import (
    KIND_OF_EVENT,
    DeliveryStatus,
    FeedEntry,
    FeedGap,
    FeedKind,
    FeedState,
    Subscription,
    WebhookDelivery,
)

STATE_ID = 1
BATCH = 5000
# Gap ids per statement: asyncpg (and SQLite) take at most 32,767 parameters, and a long run of
# rolled-back ids (a failed bulk write, a database whose sequence ran ahead) leaves more gaps.
GAP_CHUNK = 10_000
log = logging.getLogger("dancu.sharing.feed")


@dataclass(frozen=True)
class Snapshot:
    """PostgreSQL's view of running transactions: all xids below ``xmin`` have ended; every xid
    assigned before the snapshot is below ``xmax``."""

    xmin: int
    xmax: int


async def _snapshot(session: AsyncSession) -> Snapshot | None:
    """None on SQLite: its single writer holds the database lock, so no id is ever in flight."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    sql = text(
        "SELECT pg_snapshot_xmin(s)::text::bigint, pg_snapshot_xmax(s)::text::bigint "
        "FROM pg_current_snapshot() AS s"
    )
    row = (await session.execute(sql)).one()
    return Snapshot(int(row[0]), int(row[1]))


async def _lock_state(session: AsyncSession) -> tuple[int, int]:
    """Lock the sequencer row (a row lock on PostgreSQL, the write lock on SQLite) and read it."""
    bump = (
        update(FeedState)
        .where(FeedState.id == STATE_ID)
        .values(last_seq=FeedState.last_seq)
        .returning(FeedState.scanned_event_id, FeedState.last_seq)
    )
    row = (await session.execute(bump)).first()
    if row is None:
        await _create_state(session)
        row = (await session.execute(bump)).one()
    return int(row[0]), int(row[1])


async def _create_state(session: AsyncSession) -> None:
    values = {"id": STATE_ID, "scanned_event_id": 0, "last_seq": 0}
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        await session.execute(pg_insert(FeedState).values(values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        await session.execute(sqlite_insert(FeedState).values(values).on_conflict_do_nothing())


async def _resolve_gaps(session: AsyncSession, snapshot: Snapshot | None) -> list[Event]:
    """Gaps that became visible, in id order; gaps whose writers have all ended are forgotten.

    ``snapshot`` must be taken before the visibility query: a writer that ended before it has
    its commit visible to the query that follows (READ COMMITTED takes a snapshot per statement).
    """
    # Rows, not entities: with thousands of gap objects in the session, each ORM DELETE below would
    # evaluate its IN list against every one of them (32,768 gaps took 13 s instead of 0.4 s).
    query = select(FeedGap.event_id, FeedGap.horizon, FeedGap.held_type).order_by(FeedGap.event_id)
    gaps = list((await session.execute(query)).all())
    if not gaps:
        return []
    found: list[Event] = []
    for ids in _chunks([event_id for event_id, _, _ in gaps]):  # ascending: found stays in id order
        found += await session.scalars(select(Event).where(Event.id.in_(ids)).order_by(Event.id))
    # A held entry whose type this version still does not know stays held (and is not returned).
    held = {event_id for event_id, _, held_type in gaps if held_type is not None}
    still = {event.id for event in found if event.id in held and known_type(event.event_type) is None}
    found = [event for event in found if event.id not in still]
    seen = {event.id for event in found}
    ended = [
        event_id
        for event_id, horizon, _ in gaps
        if event_id not in still
        and (event_id in seen or snapshot is None or horizon is None or snapshot.xmin >= horizon)
    ]
    for ids in _chunks(ended):
        await session.execute(delete(FeedGap).where(FeedGap.event_id.in_(ids)))
    return found


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[start : start + GAP_CHUNK] for start in range(0, len(ids), GAP_CHUNK)]


async def _scan(session: AsyncSession, scanned: int, batch: int) -> list[Event]:
    query = select(Event).where(Event.id > scanned).order_by(Event.id).limit(batch)
    return list(await session.scalars(query))


async def _record_gaps(session: AsyncSession, scanned: int, events: Sequence[Event]) -> None:
    """Ids between the old mark and the highest id seen that are not visible yet."""
    if not events:
        return
    seen = {event.id for event in events}
    missing = [i for i in range(scanned + 1, events[-1].id) if i not in seen]
    # Taken after the scan: whoever holds a missing id got its xid before the scan, so below xmax.
    snapshot = await _snapshot(session)
    if not missing or snapshot is None:
        return
    found_at = now_utc()
    await session.execute(
        insert(FeedGap),
        [{"event_id": i, "horizon": snapshot.xmax, "found_at": found_at} for i in missing],
    )


async def _pins_at(session: AsyncSession, events: Sequence[Event]) -> dict[int, str]:
    """Each event's PIN as of that event: named in the event (birth, re-establishment), else the
    latest PIN fact written at or before it, else the person's current PIN. Two queries per pass."""
    people = {event.subject_citizen_id for event in events if event.subject_citizen_id is not None}
    facts = await session.execute(
        select(Fact.citizen_id, Fact.event_id, Fact.value)
        .where(Fact.citizen_id.in_(people), Fact.item == Item.PIN)
        .order_by(Fact.id)
    )
    history: dict[int, list[tuple[int, str]]] = {}
    for citizen_id, event_id, value in facts.all():
        history.setdefault(citizen_id, []).append((event_id, str(value)))
    current_rows = await session.execute(select(Citizen.id, Citizen.pin).where(Citizen.id.in_(people)))
    current = {citizen_id: pin for citizen_id, pin in current_rows.all()}
    return {event.id: _pin_of(event, history, current) for event in events}


def _pin_of(event: Event, history: dict[int, list[tuple[int, str]]], current: dict[int, str]) -> str:
    data = event.data or {}
    named = data.get("new_pin") or data.get("pin")
    if named:
        return str(named)
    citizen_id = event.subject_citizen_id or 0
    written = [pin for event_id, pin in history.get(citizen_id, []) if event_id <= event.id]
    return written[-1] if written else current[citizen_id]


def _kinds(events: Sequence[Event]) -> tuple[dict[int, FeedKind], list[Event]]:
    """The feed's kind of each change to the register among ``events``, and the entries about a
    person whose type this version does not know (to hold: they may be changes)."""
    kinds: dict[int, FeedKind] = {}
    unknown: list[Event] = []
    for event in events:
        if not event.subject_citizen_id:
            continue
        known = known_type(event.event_type)
        if known is None:
            unknown.append(event)
        elif (kind := KIND_OF_EVENT.get(known)) is not None:
            kinds[event.id] = kind
    return kinds, unknown


async def _hold(session: AsyncSession, events: Sequence[Event]) -> None:
    """Entries of a later version's type (the installation was rolled back): this version cannot
    say whether they changed the register. Passing over them would lose a change for every
    subscriber, stopping at them would stop the feed: they are held as gaps of their own, re-read at
    every pass and sequenced by the first version that knows their type (docs/adr/0006)."""
    if not events:
        return
    found_at = now_utc()
    for event in events:
        log.warning("change feed: entry %s of unknown type %s held", event.id, event.event_type.value)
    await session.execute(
        insert(FeedGap),
        [
            {"event_id": e.id, "horizon": None, "found_at": found_at, "held_type": e.event_type.value}
            for e in events
        ],
    )


def _entry(event: Event, kind: FeedKind, seq: int, pin: str) -> FeedEntry:
    data = event.data or {}
    return FeedEntry(
        seq=seq,
        event_id=event.id,
        citizen_id=event.subject_citizen_id,
        kind=kind,
        items=sorted(str(item) for item in data.get("items", [])),
        pin=pin,
        previous_pin=data.get("old_pin") if kind is FeedKind.PIN_REESTABLISHED else None,
        occurred_at=event.occurred_at,
        sequenced_at=now_utc(),
    )


async def _webhook_targets(session: AsyncSession) -> list[tuple[Subscription, frozenset[str]]]:
    rows = await session.execute(
        select(Subscription, Organisation.mandate)
        .join(Organisation, Organisation.id == Subscription.organisation_id)
        .where(
            Subscription.deleted_at.is_(None),
            Subscription.webhook_url.is_not(None),
            Organisation.active.is_(True),
        )
        .order_by(Subscription.id)
    )
    return [(subscription, frozenset(mandate)) for subscription, mandate in rows.all()]


def matches(subscription: Subscription, mandate: frozenset[str], entry: FeedEntry) -> bool:
    """A subscription receives an entry of its kinds, made after it, that touches its mandate."""
    return (
        entry.kind.value in subscription.kinds
        and entry.seq > subscription.start_seq
        and bool(mandate & set(entry.items))
    )


async def _enqueue_webhooks(session: AsyncSession, entries: Sequence[FeedEntry]) -> None:
    targets = await _webhook_targets(session)
    now = now_utc()
    rows = [
        {
            "subscription_id": subscription.id,
            "seq": entry.seq,
            "status": DeliveryStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for entry in entries
        for subscription, mandate in targets
        if matches(subscription, mandate, entry)
    ]
    if rows:
        await session.execute(insert(WebhookDelivery), rows)


async def _pass(session: AsyncSession, batch: int) -> tuple[int, int]:
    scanned, last_seq = await _lock_state(session)
    late = await _resolve_gaps(session, await _snapshot(session))
    fresh = await _scan(session, scanned, batch)
    await _record_gaps(session, scanned, fresh)
    kinds, unknown = _kinds([*late, *fresh])
    await _hold(session, unknown)
    changes = [e for e in [*late, *fresh] if e.id in kinds]
    pins = await _pins_at(session, changes)
    entries = [
        _entry(event, kinds[event.id], last_seq + n, pins[event.id])
        for n, event in enumerate(changes, start=1)
    ]
    session.add_all(entries)
    await session.flush()  # one executemany: the rows have their keys already
    await _enqueue_webhooks(session, entries)
    await session.execute(
        update(FeedState)
        .where(FeedState.id == STATE_ID)
        .values(scanned_event_id=fresh[-1].id if fresh else scanned, last_seq=last_seq + len(entries))
    )
    return len(entries), len(fresh)


async def sequence_feed(session: AsyncSession, *, batch: int = BATCH) -> int:
    """One sequencer pass: append newly visible register events to the feed and queue their
    webhooks, in the caller's transaction (which must commit to release the lock). Returns the
    number of entries appended."""
    appended, _ = await _pass(session, batch)
    return appended


async def sequence_all(session: AsyncSession, *, batch: int = BATCH) -> int:
    """Passes until the scan has caught up with the log (a worker's loop body; one transaction)."""
    total = 0
    while True:
        appended, scanned = await _pass(session, batch)
        total += appended
        if scanned < batch:
            return total


async def try_sequence_feed(session: AsyncSession) -> int:
    """A pass if no other sequencer holds the lock (a reader need not queue behind the worker)."""
    if session.get_bind().dialect.name == "postgresql":
        free = await session.scalar(
            select(FeedState.id).where(FeedState.id == STATE_ID).with_for_update(skip_locked=True)
        )
        # None also when the row does not exist yet: then this pass creates it.
        if free is None and await session.scalar(select(FeedState.id)) is not None:
            return 0
    return await sequence_feed(session)
