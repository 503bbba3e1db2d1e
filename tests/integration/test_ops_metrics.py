"""/metrics: Prometheus text that the official parser reads, behind the monitoring bearer token."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.groups import ActorGroup, Channel
from dancu.access.permissions import OfficerRole
from dancu.calendar.queries import legal_date
from dancu.clock import now_utc
from dancu.exploitation.requests.enums import RequesterKind, RequestStatus
from dancu.exploitation.requests.models import ExploitationRequest
from dancu.jobs.models import Job, JobKind, JobStatus
from dancu.settings import Settings

TOKEN = "scraper-token-0123456789abcdef"


@pytest.fixture
def settings(database_urls: dict[str, str], backend: str) -> Settings:
    url = database_urls[backend]
    return Settings(database_url=url, cookie_secure=False, metrics_token=TOKEN, database_replica_urls=[url])


def _request(ref: str, due_on: dt.date, status: RequestStatus = RequestStatus.ROUTED) -> ExploitationRequest:
    now = now_utc()
    return ExploitationRequest(
        ref=ref,
        status=status,
        requester_kind=RequesterKind.ORGANISATION,
        requester_label="Ngân hàng thử",
        actor_group=ActorGroup.K2,
        channel=Channel.PORTAL,
        purpose="thử",
        content="thử",
        legal_basis="thử",
        fields=["full_name"],
        commitment_accepted=True,
        commitment_text="thử",
        received_at=now,
        received_on=legal_date(now),
        due_on=due_on,
        competent_role=OfficerRole.COMMUNE_POLICE,
    )


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def test_metrics_are_guarded_by_the_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/metrics")).status_code == 401
    wrong = await client.get("/metrics", headers={"Authorization": "Bearer " + "x" * 30})
    assert wrong.status_code == 401 and wrong.json()["code"] == "ops.metrics_token_required"


async def test_metrics_do_not_exist_without_a_token(database_urls: dict[str, str], backend: str) -> None:
    from dancu.app import create_app

    app = create_app(Settings(database_url=database_urls[backend], cookie_secure=False))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        assert (await http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})).status_code == 404
    await app.state.engine.dispose()


async def test_metrics_show_latency_pools_lag_jobs_and_deadlines(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    today = legal_date(now_utc())
    session.add_all(
        [
            Job(kind=JobKind.RECONCILE, status=JobStatus.QUEUED, run_after=now_utc(), created_at=now_utc()),
            Job(kind=JobKind.RECONCILE, status=JobStatus.QUEUED, run_after=now_utc(), created_at=now_utc()),
            Job(kind=JobKind.RECONCILE, status=JobStatus.DONE, run_after=now_utc(), created_at=now_utc()),
            _request("MT-OVERDUE", today - dt.timedelta(days=3)),
            _request("MT-TODAY", today),
            _request("MT-LATER", today + dt.timedelta(days=40)),
            _request("MT-DECIDED", today - dt.timedelta(days=3), RequestStatus.REFUSED),
        ]
    )
    await session.flush()
    assert (await client.get("/health/live")).status_code == 200
    assert (await client.get("/api/v1/codes/countries/VN")).status_code == 200

    response = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples = _samples(response.text)

    latency = {
        labels: value
        for (name, labels), value in samples.items()
        if name == "dancu_http_request_duration_seconds_count"
    }
    # Per route template, never the raw path (which may hold a PIN).
    assert latency[(("method", "GET"), ("route", "/api/v1/codes/{code_list}/{code}"), ("status", "200"))] == 1
    assert latency[(("method", "GET"), ("route", "/health/live"), ("status", "200"))] == 1
    assert samples[("dancu_db_pool_connections", (("database", "primary"), ("state", "size")))] >= 1
    assert ("dancu_db_pool_connections", (("database", "replica-1"), ("state", "checked_out"))) in samples
    assert samples[("dancu_db_replica_lag_seconds", (("database", "replica-1"),))] == 0
    assert samples[("dancu_db_up", (("database", "replica-1"),))] == 1
    assert samples[("dancu_db_up", (("database", "primary"),))] == 1
    assert samples[("dancu_job_queue_depth", (("kind", "sharing.reconcile"), ("status", "queued")))] == 2
    assert ("dancu_job_queue_depth", (("kind", "sharing.reconcile"), ("status", "done"))) not in samples
    assert samples[("dancu_requests_near_deadline", (("window", "overdue"),))] == 1
    assert samples[("dancu_requests_near_deadline", (("window", "due_soon"),))] == 1
