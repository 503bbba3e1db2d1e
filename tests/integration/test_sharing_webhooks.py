"""Webhooks: delivered from the outbox after commit, signed, retried with back-off, dead-lettered."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from dancu import sealing
from dancu.audit.models import Event, EventType
from dancu.clock import now_utc
from dancu.sharing.feed import egress
from dancu.sharing.feed.models import DeliveryStatus, WebhookDelivery
from dancu.sharing.feed.sequencer import sequence_feed
from dancu.sharing.feed.webhooks import (
    SIGNATURE_HEADER,
    deliver_due_webhooks,
    requeue,
    schedule,
    verify_signature,
)
from tests.integration.test_sharing_feed import birth, connected_system, die, subscribe
from tests.support.builders import SYSTEM, c06

HOOK = "https://hook.example.vn/dancu"
HOOK_ADDRESS = "203.119.8.10"  # a public address (VNNIC's block), so the egress check lets it through


async def hook_dns(host: str, port: int) -> list[str]:
    """The test network's DNS: the receiver's name resolves to a public address."""
    if host != "hook.example.vn":
        raise OSError(f"unknown host {host}")
    return [HOOK_ADDRESS]


@pytest.fixture(autouse=True)
def _hook_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(egress, "system_resolve", hook_dns)


class Receiver:
    """A webhook endpoint that answers ``failures`` errors before it accepts."""

    def __init__(self, failures: int, *, status: int = 503) -> None:
        self.failures = failures
        self.status = status
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if len(self.requests) <= self.failures:
            return httpx.Response(self.status)
        return httpx.Response(204)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


async def _hooked_death(client: httpx.AsyncClient, session: AsyncSession) -> tuple[str, str, int]:
    """A subscriber with a webhook for deaths, and one death sequenced into the outbox."""
    officer = await c06(client, session)
    headers, organisation, _, _ = await connected_system(client, session)
    created = await subscribe(client, headers, kinds=["death"], webhook_url=HOOK)
    assert created.status_code == 201, created.text
    pin = await birth(client, officer, "Tâm")
    await die(client, officer, pin)
    await sequence_feed(session)
    return created.json()["webhook_secret"], pin, organisation.id


async def _delivery(session: AsyncSession) -> WebhookDelivery:
    [delivery] = (await session.scalars(select(WebhookDelivery))).all()
    await session.refresh(delivery)
    return delivery


async def test_a_receiver_that_fails_twice_gets_the_event_on_the_third_try_with_a_valid_signature(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    secret, pin, organisation_id = await _hooked_death(client, session)
    receiver = Receiver(failures=2)
    start = now_utc()
    backoff = schedule().backoff_seconds

    assert await deliver_due_webhooks(session, now=start, transport=receiver.transport) == 1
    not_yet = start + dt.timedelta(seconds=backoff[0] - 1)
    assert await deliver_due_webhooks(session, now=not_yet, transport=receiver.transport) == 0
    second = start + dt.timedelta(seconds=backoff[0])
    assert await deliver_due_webhooks(session, now=second, transport=receiver.transport) == 1
    third = second + dt.timedelta(seconds=backoff[1])
    assert await deliver_due_webhooks(session, now=third, transport=receiver.transport) == 1
    assert (
        await deliver_due_webhooks(session, now=third + dt.timedelta(days=1), transport=receiver.transport)
        == 0
    )

    assert len(receiver.requests) == 3
    final = receiver.requests[-1]
    assert verify_signature(
        secret, final.headers[SIGNATURE_HEADER], final.content, now=int(third.timestamp())
    )
    assert not verify_signature(
        "whsec_wrong", final.headers[SIGNATURE_HEADER], final.content, now=int(third.timestamp())
    )
    assert not verify_signature(
        secret, final.headers[SIGNATURE_HEADER], final.content + b" ", now=int(third.timestamp())
    )
    event = json.loads(final.content)["event"]
    assert (event["kind"], event["pin"]) == ("death", pin)
    assert [c["item"] for c in event["changes"]] == ["death"]
    assert all(r.content == final.content for r in receiver.requests), "a retry sends the same event"

    delivery = await _delivery(session)
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.DELIVERED, 3, None)
    reads = (
        await session.scalars(
            select(Event).where(
                Event.event_type == EventType.CITIZEN_VIEWED, Event.organisation_id == organisation_id
            )
        )
    ).all()
    assert [(r.request_ref, r.fields) for r in reads] == [(f"webhook:{event['seq']}", ["death", "pin"])]


async def test_after_the_last_attempt_it_is_a_dead_letter_and_requeueing_delivers_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    secret, _, _ = await _hooked_death(client, session)
    down = Receiver(failures=1000, status=500)
    moment = now_utc()
    for _ in range(schedule().max_attempts):
        assert await deliver_due_webhooks(session, now=moment, transport=down.transport) == 1
        moment += dt.timedelta(days=1)
    assert await deliver_due_webhooks(session, now=moment, transport=down.transport) == 0
    delivery = await _delivery(session)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DEAD, schedule().max_attempts)
    assert delivery.last_error == "HTTP 500"

    await requeue(session, delivery.id, now=moment, actor=SYSTEM)
    up = Receiver(failures=0)
    assert await deliver_due_webhooks(session, now=moment, transport=up.transport) == 1
    assert (await _delivery(session)).status is DeliveryStatus.DELIVERED
    assert verify_signature(
        secret, up.requests[0].headers[SIGNATURE_HEADER], up.requests[0].content, now=int(moment.timestamp())
    )


async def test_a_network_error_is_a_failed_attempt(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await _hooked_death(client, session)

    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    assert await deliver_due_webhooks(session, now=now_utc(), transport=httpx.MockTransport(unreachable)) == 1
    delivery = await _delivery(session)
    assert delivery.status is DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.last_error is not None and delivery.last_error.startswith("ConnectError")
    assert delivery.next_attempt_at > now_utc()


async def test_deleting_the_subscription_drops_what_is_queued(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    officer = await c06(client, session)
    headers, _, _, _ = await connected_system(client, session)
    created = await subscribe(client, headers, kinds=["death"], webhook_url=HOOK)
    pin = await birth(client, officer, "Vân")
    await die(client, officer, pin)
    await sequence_feed(session)
    url = f"/api/v1/feed/subscriptions/{created.json()['subscription_id']}"
    assert (await client.delete(url, headers=headers)).status_code == 204
    receiver = Receiver(failures=0)
    assert await deliver_due_webhooks(session, now=now_utc(), transport=receiver.transport) == 0
    assert receiver.requests == []
    assert (await _delivery(session)).status is DeliveryStatus.DROPPED


async def test_the_webhook_secret_is_sealed_at_rest_and_still_signs(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    secret, _, organisation_id = await _hooked_death(client, session)
    raw = await session.scalar(
        text("SELECT webhook_secret FROM feed_subscription WHERE organisation_id = :o"),
        {"o": organisation_id},
    )
    assert raw is not None and secret not in raw and raw.startswith("s1.")
    assert sealing.open_text(raw, purpose="feed_subscription.webhook_secret") == secret
    receiver = Receiver(failures=0)
    assert await deliver_due_webhooks(session, now=now_utc(), transport=receiver.transport) == 1
    [sent] = receiver.requests
    assert verify_signature(
        secret, sent.headers[SIGNATURE_HEADER], sent.content, now=int(now_utc().timestamp())
    )
