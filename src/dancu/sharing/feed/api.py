"""The change feed over the API, for connected systems' machine clients (Luật Căn cước Điều 10 khoản 5 a).

A k1 body's machine client (bearer token from client_credentials) manages its subscriptions and
pulls its events with a cursor; see docs/webhooks.md for pushed events.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.sharing.feed import actions, policies, queries, sequencer
from dancu.sharing.feed.models import FeedKind, Subscription
from dancu.sharing.feed.schemas import FeedEventOut, FeedPageOut, SubscriptionIn, SubscriptionOut
from dancu.web.deps import DbSession, Requires
from dancu.web.params import RowId, SeqCursor
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1/feed", tags=["sharing"])

_feed_reader = Requires(Permission.FEED_READ)


async def _connected_system(actor: Annotated[Actor, Depends(_feed_reader)]) -> Actor:
    """Refused before the body is read: a person at a portal never reaches the feed."""
    policies.ensure_connected_system(actor)
    return actor


Subscriber = Annotated[Actor, Depends(_connected_system)]
MAX_LIMIT = 500


def subscription_out(subscription: Subscription, secret: str | None = None) -> SubscriptionOut:
    return SubscriptionOut(
        subscription_id=subscription.id,
        kinds=[FeedKind(kind) for kind in subscription.kinds],
        webhook_url=subscription.webhook_url,
        start_seq=subscription.start_seq,
        created_at=subscription.created_at,
        webhook_secret=secret,
    )


@router.get("", response_model=FeedPageOut)
async def feed(
    actor: Subscriber,
    session: DbSession,
    after: Annotated[SeqCursor, Query(description="The next_cursor of the previous page; 0 at first")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> FeedPageOut:
    # Readers also advance the feed when no worker holds the sequencer, so a feed is never
    # older than the request; a running worker is never waited for.
    await sequencer.try_sequence_feed(session)
    page = await actions.read_feed(session, after=after, limit=limit, actor=actor)
    return FeedPageOut(
        events=[FeedEventOut.model_validate(item.payload) for item in page.items],
        next_cursor=page.next_cursor,
    )


@router.post("/subscriptions", status_code=201, response_model=SubscriptionOut)
async def subscribe(body: SubscriptionIn, actor: Subscriber, session: DbSession) -> SubscriptionOut:
    subscription, secret = await actions.create_subscription(session, body, actor=actor)
    return subscription_out(subscription, secret)


@router.get("/subscriptions", response_model=list[SubscriptionOut])
async def subscriptions(actor: Subscriber, session: DbSession) -> list[SubscriptionOut]:
    organisation_id = policies.ensure_connected_system(actor)
    return [subscription_out(s) for s in await queries.active_subscriptions(session, organisation_id)]


@router.delete("/subscriptions/{subscription_id}", status_code=204)
async def unsubscribe(subscription_id: RowId, actor: Subscriber, session: DbSession) -> Response:
    await actions.delete_subscription(session, subscription_id, actor=actor)
    return Response(status_code=204)
