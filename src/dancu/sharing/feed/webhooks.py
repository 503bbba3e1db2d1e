"""Webhook delivery from the outbox, after commit: signed, retried with back-off, then dead-lettered.

The signature is HMAC-SHA256 with the subscription's secret over ``"<t>." + body`` where ``t`` is
the Unix time of the attempt, sent as ``X-Dancu-Signature: t=<t>,v1=<hex>`` (docs/webhooks.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import Channel
from dancu.access.models import Organisation
from dancu.audit.actions import record_event
from dancu.audit.models import EventType
from dancu.errors import Conflict, NotFound
from dancu.sharing.feed import actions, egress, queries
from dancu.sharing.feed.models import DeliveryStatus, FeedEntry, Subscription, WebhookDelivery
from dancu.sharing.feed.sequencer import matches

SCHEDULE_FILE = Path(__file__).parent / "data" / "webhook_schedule.json"
SIGNATURE_HEADER = "X-Dancu-Signature"
MAX_ERROR = 500


@dataclass(frozen=True)
class Schedule:
    backoff_seconds: tuple[int, ...]
    max_attempts: int
    timeout_seconds: float
    batch: int

    def wait_after(self, attempts: int) -> dt.timedelta:
        """The pause after the ``attempts``-th failure (the last step repeats)."""
        step = self.backoff_seconds[min(attempts, len(self.backoff_seconds)) - 1]
        return dt.timedelta(seconds=step)


@cache
def schedule() -> Schedule:
    raw = json.loads(SCHEDULE_FILE.read_text(encoding="utf-8"))
    return Schedule(
        backoff_seconds=tuple(int(s) for s in raw["backoff_seconds"]),
        max_attempts=int(raw["max_attempts"]),
        timeout_seconds=float(raw["timeout_seconds"]),
        batch=int(raw["batch"]),
    )


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify_signature(secret: str, header: str, body: bytes, *, now: int, tolerance: int = 300) -> bool:
    """What a receiver does (also the documented snippet): parse, recompute, compare, check age."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), parts.get("v1", ""))


def _webhook_actor(organisation: Organisation, subscription: Subscription) -> Actor:
    return Actor(
        label=f"{organisation.name} (webhook #{subscription.id})",
        group=organisation.actor_group,
        channel=Channel.DIRECT,
        organisation_id=organisation.id,
        organisation_name=organisation.name,
        fields=frozenset(organisation.mandate),
    )


async def _due(session: AsyncSession, now: dt.datetime, batch: int) -> list[WebhookDelivery]:
    query = (
        select(WebhookDelivery)
        .where(WebhookDelivery.status == DeliveryStatus.PENDING, WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(batch)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Several workers may run: each takes rows the others are not sending.
        query = query.with_for_update(skip_locked=True)
    return list(await session.scalars(query))


async def _body(
    session: AsyncSession, delivery: WebhookDelivery
) -> tuple[bytes, queries.FeedItem, Subscription, Organisation] | None:
    """The signed body, or None when nothing may be sent any more (subscription gone, mandate narrowed)."""
    subscription = await session.get(Subscription, delivery.subscription_id)
    entry = await session.get(FeedEntry, delivery.seq)
    assert subscription is not None and entry is not None
    organisation = await session.get(Organisation, subscription.organisation_id)
    if subscription.deleted_at is not None or organisation is None or not organisation.active:
        return None
    mandate = frozenset(organisation.mandate)
    if not matches(subscription, mandate, entry):
        return None
    [item] = await queries.payloads(session, [entry], mandate)
    body = json.dumps({"event": item.payload}, ensure_ascii=False, separators=(",", ":")).encode()
    return body, item, subscription, organisation


def _failed(delivery: WebhookDelivery, error: str, *, now: dt.datetime, plan: Schedule) -> None:
    delivery.last_error = error[:MAX_ERROR]
    if delivery.attempts >= plan.max_attempts:
        delivery.status = DeliveryStatus.DEAD
    else:
        delivery.next_attempt_at = now + plan.wait_after(delivery.attempts)


async def _post(
    http: httpx.AsyncClient, url: str, body: bytes, headers: dict[str, str], resolve: egress.Resolver
) -> httpx.Response:
    """Post to the address checked after resolution, naming the URL's host to it (Host, TLS SNI and
    certificate check), so the connection goes only where the check looked."""
    target = await egress.pin(url, resolve)
    return await http.post(
        target.url,
        content=body,
        headers={**headers, "Host": target.host_header},
        extensions={"sni_hostname": target.server_name},
    )


async def _attempt(
    session: AsyncSession,
    http: httpx.AsyncClient,
    delivery: WebhookDelivery,
    *,
    now: dt.datetime,
    resolve: egress.Resolver,
) -> bool:
    plan = schedule()
    prepared = await _body(session, delivery)
    if prepared is None:
        delivery.status = DeliveryStatus.DROPPED
        return False
    body, item, subscription, organisation = prepared
    if delivery.attempts == 0:
        # The data leaves with the first attempt: that is the read to log, once per delivery.
        actor = _webhook_actor(organisation, subscription)
        await actions.log_release(
            session, [item], actor=actor, legal_basis=organisation.legal_basis, ref_prefix="webhook"
        )
    timestamp = int(now.timestamp())
    assert subscription.webhook_url is not None and subscription.webhook_secret is not None
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: signature_header(subscription.webhook_secret, timestamp, body),
        "X-Dancu-Delivery": str(delivery.id),
        "X-Dancu-Seq": str(delivery.seq),
    }
    delivery.attempts += 1
    delivery.last_attempt_at = now
    try:
        response = await _post(http, subscription.webhook_url, body, headers, resolve)
    except (httpx.HTTPError, egress.EgressRefused) as exc:
        delivery.last_status_code = None
        _failed(delivery, f"{type(exc).__name__}: {exc}", now=now, plan=plan)
        return False
    delivery.last_status_code = response.status_code
    if 200 <= response.status_code < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.last_error = None
        return True
    _failed(delivery, f"HTTP {response.status_code}", now=now, plan=plan)
    return False


async def deliver_due_webhooks(
    session: AsyncSession,
    *,
    now: dt.datetime,
    transport: httpx.AsyncBaseTransport | None = None,
    resolve: egress.Resolver | None = None,
) -> int:
    """Attempt every delivery due at ``now`` (one batch); returns how many attempts were made.

    Runs after the feed entries committed; the caller commits the outcome. ``transport`` and
    ``resolve`` let tests and embedders replace the network (httpx.MockTransport, an ASGI app)
    and DNS; the address check applies whatever they are.
    """
    resolve = resolve or egress.system_resolve
    plan = schedule()
    due = await _due(session, now, plan.batch)
    attempts = 0
    async with httpx.AsyncClient(transport=transport, timeout=plan.timeout_seconds) as http:
        for delivery in due:
            before = delivery.attempts
            await _attempt(session, http, delivery, now=now, resolve=resolve)
            attempts += delivery.attempts - before
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    return attempts


async def requeue(session: AsyncSession, delivery_id: int, *, now: dt.datetime, actor: Actor) -> None:
    """An operator sends a dead letter again, with a fresh schedule of attempts."""
    delivery = await session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise NotFound("sharing.delivery_not_found")
    if delivery.status is not DeliveryStatus.DEAD:
        raise Conflict("sharing.delivery_not_dead")
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = now
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    await record_event(
        session,
        EventType.WEBHOOK_REQUEUED,
        actor=actor,
        data={"delivery_id": delivery.id, "subscription_id": delivery.subscription_id, "seq": delivery.seq},
    )
