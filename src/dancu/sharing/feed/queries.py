"""Reads of the change feed: a subscriber's page of events and the payload of one event.

Payload values are the facts the event wrote (history rows are never changed), so building a
payload again later — for a retried webhook — gives the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.db.routing import stale_ok
from dancu.enums.registry import Item
from dancu.registry.models import Fact
from dancu.sharing.feed.models import FeedEntry, FeedKind, Subscription
from dancu.sharing.feed.sequencer import matches

SCAN = 500  # feed entries examined per round while filling a page
MAX_ROUNDS = 20  # then the page ends early; its cursor still moves forward


@dataclass(frozen=True)
class FeedItem:
    """One entry as a subscriber receives it, with the fields released (for the access log)."""

    entry: FeedEntry
    payload: dict[str, Any]
    fields: list[str]


async def active_subscriptions(session: AsyncSession, organisation_id: int) -> list[Subscription]:
    return list(
        await session.scalars(
            select(Subscription)
            .where(Subscription.organisation_id == organisation_id, Subscription.deleted_at.is_(None))
            .order_by(Subscription.id)
        )
    )


async def subscription_of(session: AsyncSession, organisation_id: int, subscription_id: int) -> Subscription:
    """The organisation's live subscription; another organisation's is "not found"."""
    from dancu.errors import NotFound

    subscription = await session.scalar(
        select(Subscription).where(
            Subscription.id == subscription_id,
            Subscription.organisation_id == organisation_id,
            Subscription.deleted_at.is_(None),
        )
    )
    if subscription is None:
        raise NotFound("sharing.subscription_not_found")
    return subscription


def _matches_any(subscriptions: Sequence[Subscription], mandate: frozenset[str], entry: FeedEntry) -> bool:
    return any(matches(subscription, mandate, entry) for subscription in subscriptions)


async def _entries_after(session: AsyncSession, after: int, kinds: set[str]) -> list[FeedEntry]:
    query = (
        select(FeedEntry)
        .where(FeedEntry.seq > after, FeedEntry.kind.in_([FeedKind(k) for k in kinds]))
        .order_by(FeedEntry.seq)
        .limit(SCAN)
    )
    return list(await session.scalars(stale_ok(query)))


async def matching_entries(
    session: AsyncSession,
    subscriptions: Sequence[Subscription],
    mandate: frozenset[str],
    *,
    after: int,
    limit: int,
) -> tuple[list[FeedEntry], int]:
    """Up to ``limit`` entries after ``after`` that the subscriptions receive, and the next cursor."""
    kinds = {kind for subscription in subscriptions for kind in subscription.kinds}
    found: list[FeedEntry] = []
    cursor = after
    if not kinds:
        return found, cursor
    for _ in range(MAX_ROUNDS):
        rows = await _entries_after(session, cursor, kinds)
        for entry in rows:
            cursor = entry.seq
            if _matches_any(subscriptions, mandate, entry):
                found.append(entry)
                if len(found) == limit:
                    return found, cursor
        if len(rows) < SCAN:
            break
    return found, cursor


async def _facts_of(session: AsyncSession, event_ids: Iterable[int]) -> dict[int, list[Fact]]:
    by_event: dict[int, list[Fact]] = {}
    rows = await session.scalars(
        stale_ok(select(Fact).where(Fact.event_id.in_(list(event_ids))).order_by(Fact.id))
    )
    for fact in rows:
        by_event.setdefault(fact.event_id, []).append(fact)
    return by_event


def payload(entry: FeedEntry, facts: Sequence[Fact], mandate: frozenset[str]) -> FeedItem:
    """The event as a subscriber may see it: its PIN and the new values of mandated items only."""
    changes = [
        {
            "item": fact.item.value,
            "key": fact.key,
            "value": fact.value,
            "valid_from": fact.valid_from.isoformat() if fact.valid_from else None,
            "valid_to": fact.valid_to.isoformat() if fact.valid_to else None,
        }
        for fact in facts
        if fact.item.value in mandate and fact.item is not Item.PIN
    ]
    body: dict[str, Any] = {
        "seq": entry.seq,
        "kind": entry.kind.value,
        "event_time": entry.occurred_at.isoformat(),
        "pin": entry.pin,
        "changes": changes,
    }
    if entry.previous_pin is not None:
        body["previous_pin"] = entry.previous_pin
    fields = sorted({Item.PIN.value} | {change["item"] for change in changes})
    return FeedItem(entry, body, fields)


async def payloads(
    session: AsyncSession, entries: Sequence[FeedEntry], mandate: frozenset[str]
) -> list[FeedItem]:
    facts = await _facts_of(session, [entry.event_id for entry in entries])
    return [payload(entry, facts.get(entry.event_id, []), mandate) for entry in entries]
