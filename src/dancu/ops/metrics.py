"""Prometheus metrics (prometheus-client), one registry per app so that several apps in one process
(tests, several workers' factories) never collide.

Request latency is observed by :class:`~dancu.ops.middleware.OpsMiddleware`; the database figures
(pool use, replicas' reachability and lag, job queue depth, requests near their legal deadline)
are read when Prometheus scrapes, so they are never older than the scrape.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, Histogram, generate_latest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from starlette.types import Scope

from dancu.calendar.queries import legal_date, load_calendar
from dancu.clock import now_utc
from dancu.db.faults import is_unavailable
from dancu.db.routing import ReadRouter, stale_ok
from dancu.errors import DomainError, Unauthenticated
from dancu.exploitation.requests.enums import RequestStatus
from dancu.exploitation.requests.models import ExploitationRequest
from dancu.exploitation.requests.policies import procedure
from dancu.jobs.models import Job, JobStatus
from dancu.ops.middleware import route_template
from dancu.web.deps import Public
from dancu.web.transaction import UnitOfWorkRoute

# Latency buckets from a fast lookup (a few ms) to a slow document render (seconds).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Requests whose decision clock runs (paused ones have no due date).
CLOCK_RUNNING = (RequestStatus.SUBMITTED, RequestStatus.ROUTED)
PENDING_JOBS = (JobStatus.QUEUED, JobStatus.RUNNING)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.latency = Histogram(
            "dancu_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template",
            ("method", "route", "status"),
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        # Each label set's child, as the histogram keeps it: ``labels`` takes a lock and builds the
        # key on every call, and every request observes once.
        self._latency_of: dict[tuple[str, str, int], Any] = {}
        self.pool = Gauge(
            "dancu_db_pool_connections",
            "Connections of each database pool",
            ("database", "state"),
            registry=r,
        )
        self.db_up = Gauge(
            "dancu_db_up", "1 when the database answered the scrape's probe", ("database",), registry=r
        )
        self.lag = Gauge(
            "dancu_db_replica_lag_seconds",
            "How far each replica's replay is behind",
            ("database",),
            registry=r,
        )
        self.jobs = Gauge(
            "dancu_job_queue_depth", "Background jobs waiting or running", ("kind", "status"), registry=r
        )
        self.deadlines = Gauge(
            "dancu_requests_near_deadline",
            "Exploitation requests awaiting a decision whose deadline is close (due_soon) or past (overdue)",
            ("window",),
            registry=r,
        )

    def observe(self, scope: Scope, status: int, seconds: float) -> None:
        key = (scope.get("method", ""), route_template(scope), status)
        child = self._latency_of.get(key)
        if child is None:
            child = self._latency_of[key] = self.latency.labels(key[0], key[1], str(status))
        child.observe(seconds)

    def pools(self, router: ReadRouter) -> None:
        self.pool.clear()
        engines: list[tuple[str, AsyncEngine]] = [("primary", router.primary)]
        engines += [(r.name, r.engine) for r in router.replicas]
        for name, engine in engines:
            pool = engine.pool
            for state in ("size", "checkedout", "checkedin", "overflow"):
                reader = getattr(pool, state, None)
                if callable(reader):
                    self.pool.labels(name, state.replace("checked", "checked_")).set(reader())

    def replicas(self, router: ReadRouter) -> None:
        self.lag.clear()
        for replica in router.replicas:
            self.db_up.labels(replica.name).set(1 if replica.reachable else 0)
            if replica.lag_seconds is not None:
                self.lag.labels(replica.name).set(replica.lag_seconds)

    async def register_figures(self, session: AsyncSession) -> None:
        self.jobs.clear()
        rows = await session.execute(
            stale_ok(
                select(Job.kind, Job.status, func.count())
                .where(Job.status.in_(PENDING_JOBS))
                .group_by(Job.kind, Job.status)
            )
        )
        for kind, status, count in rows.all():
            self.jobs.labels(str(kind), str(status)).set(count)
        today = legal_date(now_utc())
        soon = load_calendar().add_working_days(today, procedure().escalate_within_working_days)
        waiting = select(func.count()).where(
            ExploitationRequest.status.in_(CLOCK_RUNNING), ExploitationRequest.due_on.is_not(None)
        )
        overdue = await session.scalar(stale_ok(waiting.where(ExploitationRequest.due_on < today)))
        due_soon = await session.scalar(
            stale_ok(waiting.where(ExploitationRequest.due_on >= today, ExploitationRequest.due_on <= soon))
        )
        self.deadlines.labels("overdue").set(overdue or 0)
        self.deadlines.labels("due_soon").set(due_soon or 0)


def scraper(request: Request) -> None:
    """Only the monitoring system, by the bearer token from DANCU_METRICS_TOKEN; without a token
    configured the endpoint does not exist."""
    configured = request.app.state.settings.metrics_token
    if configured is None:
        raise DomainError("http.not_found", status=404)
    header = request.headers.get("authorization", "")
    presented = header[7:].strip() if header.lower().startswith("bearer ") else ""
    if not hmac.compare_digest(presented.encode(), configured.get_secret_value().encode()):
        raise Unauthenticated("ops.metrics_token_required")


router = APIRouter(route_class=UnitOfWorkRoute, tags=["ops"])


@router.get(
    "/metrics",
    dependencies=[Depends(Public("monitoring: guarded by the metrics bearer token, not a login"))],
    include_in_schema=False,
)
async def metrics(request: Request, _: Annotated[None, Depends(scraper)]) -> Response:
    state = request.app.state
    figures: Metrics = state.metrics
    read_router: ReadRouter = state.read_router
    await read_router.probe()
    figures.pools(read_router)
    figures.replicas(read_router)
    try:
        async with state.sessionmaker() as session:
            await figures.register_figures(session)
            figures.db_up.labels("primary").set(1)
    except Exception as exc:
        if not is_unavailable(exc):
            raise
        # The scrape still answers (latency, pools) while the database is down; dancu_db_up says so.
        figures.db_up.labels("primary").set(0)
    return Response(generate_latest(figures.registry), media_type=CONTENT_TYPE_LATEST)
