"""Webhooks reach public addresses only (SSRF): refused at registration and, after DNS, at delivery."""

from __future__ import annotations

import ipaddress

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.clock import now_utc
from dancu.settings import get_settings
from dancu.sharing.feed import egress
from dancu.sharing.feed.models import DeliveryStatus
from dancu.sharing.feed.webhooks import deliver_due_webhooks
from tests.integration.test_sharing_feed import connected_system, subscribe
from tests.integration.test_sharing_webhooks import (  # noqa: F401 (_hook_dns: autouse)
    HOOK_ADDRESS,
    Receiver,
    _delivery,
    _hook_dns,
    _hooked_death,
)

REFUSED = [
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "100.64.0.1",  # carrier-grade NAT
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "::",
    "fc00::1",
    "fd00:ec2::254",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "64:ff9b::a01:203",  # NAT64 of 10.1.2.3
    "2002:a01:203::1",  # 6to4 of 10.1.2.3
]


@pytest.mark.parametrize("address", REFUSED)
def test_local_private_and_reserved_addresses_are_refused(address: str) -> None:
    assert egress.is_refused(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["203.119.8.10", "8.8.8.8", "2001:4860:4860::8888"])
def test_public_addresses_pass(address: str) -> None:
    assert not egress.is_refused(ipaddress.ip_address(address))


def test_the_operator_allow_list_admits_its_private_networks() -> None:
    allow = [ipaddress.ip_network("10.20.0.0/16")]
    assert not egress.is_refused(ipaddress.ip_address("10.20.3.4"), allow)
    assert egress.is_refused(ipaddress.ip_address("10.21.3.4"), allow)


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://10.0.0.5:8443/hook",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[fe80::1]/hook",
        "https://localhost/hook",
        "https://metadata.google.internal/hook",
    ],
)
async def test_registration_refuses_a_webhook_to_a_local_address(
    client: httpx.AsyncClient, session: AsyncSession, url: str
) -> None:
    headers, *_ = await connected_system(client, session)
    response = await subscribe(client, headers, kinds=["death"], webhook_url=url)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    [error] = response.json()["errors"]
    assert (error["field"], error["rule"]) == ("webhook_url", "sharing.webhook_address_refused")


async def test_delivery_refuses_a_name_that_resolves_to_a_private_address(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    # The name passed registration; by delivery its DNS points inside (rebinding): no connection.
    await _hooked_death(client, session)
    receiver = Receiver(failures=0)

    async def rebound(host: str, port: int) -> list[str]:
        return [HOOK_ADDRESS, "169.254.169.254"]

    assert (
        await deliver_due_webhooks(session, now=now_utc(), transport=receiver.transport, resolve=rebound) == 1
    )
    assert receiver.requests == []
    delivery = await _delivery(session)
    assert delivery.status is DeliveryStatus.PENDING
    assert "169.254.169.254" in (delivery.last_error or "")


async def test_delivery_connects_to_the_checked_address_naming_the_host(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await _hooked_death(client, session)
    receiver = Receiver(failures=0)
    assert await deliver_due_webhooks(session, now=now_utc(), transport=receiver.transport) == 1
    [sent] = receiver.requests
    assert sent.url.host == HOOK_ADDRESS and sent.url.path == "/dancu"
    assert sent.headers["host"] == "hook.example.vn"
    assert sent.extensions["sni_hostname"] == "hook.example.vn"
    assert (await _delivery(session)).status is DeliveryStatus.DELIVERED


async def test_delivery_to_an_allowed_private_network(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _hooked_death(client, session)
    monkeypatch.setenv("DANCU_WEBHOOK_ALLOW_NETWORKS", '["10.20.0.0/16"]')
    get_settings.cache_clear()
    receiver = Receiver(failures=0)

    async def private(host: str, port: int) -> list[str]:
        return ["10.20.3.4"]

    try:
        await deliver_due_webhooks(session, now=now_utc(), transport=receiver.transport, resolve=private)
    finally:
        get_settings.cache_clear()
    assert [r.url.host for r in receiver.requests] == ["10.20.3.4"]
