"""Rate limits: 429 problem+json with Retry-After, per client address and per account."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.settings import Settings
from dancu.web.rate_limit import Buckets
from tests.support.builders import bearer_for, make_officer


def test_a_bucket_refills_at_its_rate() -> None:
    now = [0.0]
    buckets = Buckets(60, clock=lambda: now[0])  # one a second, sixty at once
    assert [buckets.take("a") for _ in range(60)] == [0] * 60
    assert buckets.take("a") == 1
    assert buckets.take("b") == 0, "each key has its own bucket"
    now[0] += 1.0
    assert buckets.take("a") == 0
    assert buckets.take("a") == 1


def test_zero_switches_a_limit_off() -> None:
    buckets = Buckets(0)
    assert all(buckets.take("a") == 0 for _ in range(1000))


def _limited(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) >= 1
    assert response.json()["code"] == "http.too_many_requests"


@pytest.fixture
def settings(database_urls: dict[str, str], backend: str) -> Settings:
    return Settings(
        database_url=database_urls[backend],
        cookie_secure=False,
        rate_limit_client_per_minute=8,
        rate_limit_account_per_minute=3,
    )


async def test_a_client_address_beyond_its_limit_gets_429(client: httpx.AsyncClient) -> None:
    # A new username each time: five failures for one username lock it out (auth.locked) first.
    answers = [
        (await client.post("/api/v1/auth/login", json={"username": f"x{n}", "password": "y"}))
        for n in range(9)
    ]
    assert [a.status_code for a in answers[:8]] == [401] * 8
    _limited(answers[8])


async def test_an_account_beyond_its_limit_gets_429_from_any_address(
    app: object, session: AsyncSession
) -> None:
    _, password = await make_officer(session, username="c06.rate", role=OfficerRole.IDENTITY_AGENCY)
    _, other_password = await make_officer(session, username="c06.other", role=OfficerRole.IDENTITY_AGENCY)
    answers = []
    for n in range(5):
        # A new client address each time: only the account ties the requests together.
        transport = httpx.ASGITransport(app=app, client=(f"192.0.2.{n}", 1234))  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            if n == 0:
                headers = await bearer_for(http, "c06.rate", password)
                other = await bearer_for(http, "c06.other", other_password)
            answers.append(await http.get("/api/v1/auth/me", headers=headers))
    assert [a.status_code for a in answers[:3]] == [200] * 3
    _limited(answers[3])
    transport = httpx.ASGITransport(app=app, client=("192.0.2.99", 1234))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        assert (await http.get("/api/v1/auth/me", headers=other)).status_code == 200
