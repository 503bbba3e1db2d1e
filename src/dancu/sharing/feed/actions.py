"""Writes of the change feed: subscriptions and the reads they release. Flush, never commit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import Channel
from dancu.access.models import Organisation
from dancu.audit.actions import record_event, record_read
from dancu.audit.models import EventType
from dancu.clock import now_utc
from dancu.sharing.feed import policies, queries
from dancu.sharing.feed.models import DeliveryStatus, FeedState, Subscription, WebhookDelivery
from dancu.sharing.feed.schemas import SubscriptionIn
from dancu.sharing.feed.sequencer import STATE_ID

FEED_PURPOSE = "nhận thông tin thay đổi (kết nối, chia sẻ trực tiếp)"


async def _feed_position(session: AsyncSession) -> int:
    return int(await session.scalar(select(FeedState.last_seq).where(FeedState.id == STATE_ID)) or 0)


async def create_subscription(
    session: AsyncSession, body: SubscriptionIn, *, actor: Actor
) -> tuple[Subscription, str | None]:
    """Subscribe the actor's organisation; returns the subscription and its webhook secret (once)."""
    organisation_id = policies.ensure_connected_system(actor)
    policies.check_kinds(body.kinds, actor.fields or ())
    policies.check_webhook_url(body.webhook_url)
    secret = "whsec_" + secrets.token_urlsafe(32) if body.webhook_url else None
    subscription = Subscription(
        organisation_id=organisation_id,
        kinds=[kind.value for kind in body.kinds],
        webhook_url=body.webhook_url,
        webhook_secret=secret,
        start_seq=await _feed_position(session),
        created_at=now_utc(),
    )
    session.add(subscription)
    await session.flush()  # the new subscription's id is used below
    await record_event(
        session,
        EventType.FEED_SUBSCRIBED,
        actor=actor,
        data={
            "subscription_id": subscription.id,
            "kinds": subscription.kinds,
            "webhook": body.webhook_url is not None,
            "start_seq": subscription.start_seq,
        },
    )
    return subscription, secret


async def delete_subscription(session: AsyncSession, subscription_id: int, *, actor: Actor) -> None:
    """End a subscription: its queued webhooks are dropped, its past events stay delivered."""
    organisation_id = policies.ensure_connected_system(actor)
    subscription = await queries.subscription_of(session, organisation_id, subscription_id)
    subscription.deleted_at = now_utc()
    await session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.subscription_id == subscription.id,
            WebhookDelivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.DEAD]),
        )
        .values(status=DeliveryStatus.DROPPED)
    )
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    await record_event(
        session, EventType.FEED_UNSUBSCRIBED, actor=actor, data={"subscription_id": subscription.id}
    )


@dataclass(frozen=True)
class FeedPage:
    items: list[queries.FeedItem]
    next_cursor: int


async def log_release(
    session: AsyncSession,
    items: list[queries.FeedItem],
    *,
    actor: Actor,
    legal_basis: str | None,
    ref_prefix: str,
) -> None:
    """Each released event is a read of that person's data, logged for their Data Tracker."""
    for item in items:
        await record_read(
            session,
            actor=actor,
            citizen_id=item.entry.citizen_id,
            fields=item.fields,
            purpose=FEED_PURPOSE,
            channel=Channel.DIRECT,
            legal_basis=legal_basis,
            request_ref=f"{ref_prefix}:{item.entry.seq}",
        )


async def read_feed(session: AsyncSession, *, after: int, limit: int, actor: Actor) -> FeedPage:
    """The next events for the actor's subscriptions, each logged as a read of its subject."""
    organisation_id = policies.ensure_connected_system(actor)
    organisation = await session.get(Organisation, organisation_id)
    assert organisation is not None  # the bearer authenticator checked it
    mandate = frozenset(actor.fields or ())
    subscriptions = await queries.active_subscriptions(session, organisation_id)
    entries, cursor = await queries.matching_entries(
        session, subscriptions, mandate, after=after, limit=limit
    )
    items = await queries.payloads(session, entries, mandate)
    await log_release(session, items, actor=actor, legal_basis=organisation.legal_basis, ref_prefix="feed")
    return FeedPage(items, cursor)
