"""Request limits and transport headers: body size (413), no-store, HSTS."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.app import create_app
from dancu.settings import Settings
from dancu.web.body_limit import BodyLimitMiddleware
from tests.support.builders import make_officer, officer_page_login

MIB = 1024 * 1024


def _assert_too_large(response: httpx.Response) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "http.payload_too_large" and body["status"] == 413
    assert str(MIB) in body["title"]


async def test_a_declared_body_over_the_limit_is_refused_before_the_route_runs(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/api/v1/auth/login",
        content=b"{" + b" " * (2 * MIB) + b"}",
        headers={"content-type": "application/json"},
    )
    _assert_too_large(response)


async def _chunks(total: int, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    sent = 0
    while sent < total:
        yield b" " * size
        sent += size


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/api/v1/auth/login", "application/json"),  # FastAPI reads the body for a schema
        ("/login", "application/x-www-form-urlencoded"),  # a page reads the form
    ],
)
async def test_a_chunked_body_is_counted_as_it_arrives(
    client: httpx.AsyncClient, path: str, content_type: str
) -> None:
    # No Content-Length: only counting the bytes as they arrive can stop it.
    response = await client.post(
        path, content=_chunks(3 * MIB), headers={"content-type": content_type, "accept": "application/json"}
    )
    _assert_too_large(response)


async def test_upload_routes_have_their_larger_limit(client: httpx.AsyncClient) -> None:
    # 1.5 MiB is over the default but within the upload limit: the route's own answer (here:
    # login required), not 413.
    response = await client.post(
        "/api/v1/qcvn109/validate",
        content=b"<x/>" * (400 * 1024),
        headers={"content-type": "application/xml"},
    )
    assert response.status_code == 401, response.text


def test_each_upload_route_gets_its_setting() -> None:
    settings = Settings(body_max_bytes=2048, upload_max_bytes=4096, reconcile_max_bytes=8192)
    limits = BodyLimitMiddleware(lambda *a: None, settings)  # type: ignore[arg-type]
    assert limits.limit_for("/api/v1/reconciliations") == 8192
    assert limits.limit_for("/api/v1/reconciliations/1") == 2048
    assert limits.limit_for("/app/corrections/new") == 4096
    assert limits.limit_for("/api/v1/requests") == 4096
    assert limits.limit_for("/api/v1/requests/R-1/clarification") == 4096
    assert limits.limit_for("/api/v1/auth/login") == 2048


async def test_personal_data_pages_and_answers_are_not_stored(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_officer(session, username="c06.cache", role=OfficerRole.IDENTITY_AGENCY)
    await officer_page_login(client, "c06.cache", "mat-khau-rat-dai-123")
    page = await client.get("/officer/citizens", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    static = await client.get("/static/dancu.css")
    assert "no-store" not in static.headers.get("cache-control", "")


async def test_every_answer_carries_the_browser_headers_and_a_request_id(client: httpx.AsyncClient) -> None:
    """The security headers go on pages, API answers, refusals and static files alike; the caller's
    request id is echoed (or one is made), and API answers are never stored."""
    answers = [
        await client.get("/health", headers={"x-request-id": "req-42"}),
        await client.get("/api/v1/auth/me"),  # a refusal (problem+json) carries them too
        await client.get("/static/dancu.css"),
    ]
    for response in answers:
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert answers[0].headers["x-request-id"] == "req-42"
    assert len(answers[1].headers["x-request-id"]) == 32
    assert answers[1].status_code == 401 and answers[1].headers["cache-control"] == "no-store"


async def test_plain_http_on_a_developer_machine_sends_no_hsts(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert "strict-transport-security" not in response.headers


@pytest.mark.parametrize(("cookie_secure", "base_url"), [(True, "http://test"), (False, "https://test")])
async def test_https_deployments_send_hsts(settings: Settings, cookie_secure: bool, base_url: str) -> None:
    app = create_app(settings.model_copy(update={"cookie_secure": cookie_secure}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url) as http:
        response = await http.get("/health")
    await app.state.engine.dispose()
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")
