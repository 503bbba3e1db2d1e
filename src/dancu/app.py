"""create_app(settings): mounts the API and page routers, middleware and error handlers."""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from dancu import __version__
from dancu.audit import logmask
from dancu.audit.group import DriverPath, GroupCommit
from dancu.db.engine import (
    HeldDriver,
    make_read_router,
    make_routing_sessionmaker,
    make_served_engine,
    make_sessionmaker,
    watch_failover,
)
from dancu.geo import picker
from dancu.lookup.hot_own_record import own_record_routes
from dancu.lookup.hot_route import HOT_PATH, hot_routes, pooled_connection
from dancu.lookup.hot_search import hot_search_routes
from dancu.lookup.hot_verify import hot_verify_routes
from dancu.lookup.read_group import ReadGroup, own_records
from dancu.ops import health as ops_health
from dancu.ops import metrics as ops_metrics
from dancu.ops import startup
from dancu.ops.middleware import OpsMiddleware
from dancu.settings import Settings, get_settings
from dancu.web import openapi, problems
from dancu.web.body_limit import BodyLimitMiddleware
from dancu.web.deps import Public
from dancu.web.input_guard import InputGuardMiddleware
from dancu.web.rate_limit import ClientRateLimitMiddleware
from dancu.web.templating import ROOT, make_templates
from dancu.web.transaction import UnitOfWorkRoute
from dancu.web.transport_headers import TransportHeadersMiddleware
from dancu.wiring import wire

log = logging.getLogger("dancu")

# The aggregators and cross-package hooks, set up once for every app (and for the tests).
wire()

# Feature routers, by module path; each module exposes ``router``.
ROUTERS = (
    "dancu.identity.api",
    "dancu.identity.delegations_api",
    "dancu.identity.delegations_pages",
    "dancu.identity.front_pages",
    "dancu.identity.pages",
    "dancu.identity.oidc.api",
    "dancu.identity.oidc.pages",
    "dancu.identity.oidc.logout_pages",
    "dancu.identity.eid_api",
    "dancu.identity.own_api",
    "dancu.identity.app_pages",
    "dancu.identity.app_child_accounts",
    "dancu.notify.pages",
    "dancu.registry.api",
    "dancu.registry.pages",
    "dancu.geo.api",
    "dancu.codes.api",
    "dancu.pin.api",
    "dancu.registry.audit_api",
    "dancu.organisations.api",
    "dancu.organisations.portal_api",
    "dancu.organisations.pages",
    "dancu.lookup.api",
    "dancu.exploitation.requests.api",
    "dancu.exploitation.requests.officer_api",
    "dancu.exploitation.requests.consent_api",
    "dancu.exploitation.requests.pages",
    "dancu.exploitation.requests.portal_pages",
    "dancu.exploitation.requests.consent_pages",
    "dancu.exploitation.fees.api",
    "dancu.exploitation.fees.pages",
    "dancu.corrections.api",
    "dancu.corrections.pages",
    "dancu.corrections.app_pages",
    "dancu.undetermined.api",
    "dancu.undetermined.pages",
    "dancu.undetermined.certificate_pages",
    "dancu.privacy.api",
    "dancu.privacy.breach_api",
    "dancu.privacy.pages",
    "dancu.privacy.breach_pages",
    "dancu.privacy.app_pages",
    "dancu.identity.app_notifications",
    "dancu.exploitation.documents.api",
    "dancu.exploitation.documents.pages",
    "dancu.exploitation.documents.app_pages",
    "dancu.sharing.feed.api",
    "dancu.sharing.feed.pages",
    "dancu.sharing.reconcile.api",
    "dancu.sharing.qcvn109.api",
    "dancu.lookup.pages",
    "dancu.lookup.app_pages",
    "dancu.audit.pages",
)


async def shut_down(app: FastAPI) -> None:
    """What the app holds, let go at shutdown: the shared readers and the group commit finish what
    they hold, then the log's held connection and every pool are closed."""
    await app.state.read_group.close()
    await app.state.own_reads.close()
    await app.state.log_group.close()
    app.state.held_log_connection.release()
    await app.state.log_engine.dispose()
    await app.state.engine.dispose()
    for replica in app.state.read_router.replicas:
        await replica.engine.dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logmask.install(sql_echo=settings.sql_echo)
    startup.check(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await shut_down(app)

    app = FastAPI(
        title="dancu",
        version=__version__,
        summary="Cơ sở dữ liệu quốc gia về dân cư — National Population Database",
        lifespan=lifespan,
        telemetry=None if settings.opentelemetry else {"tracing": False, "metrics": False, "logs": False},
    )
    engine = make_served_engine(
        settings.database_url, echo=settings.sql_echo, pgbouncer=settings.database_pgbouncer
    )
    read_router = make_read_router(
        engine,
        settings.database_replica_urls,
        max_lag_seconds=settings.replica_max_lag_seconds,
        probe_seconds=settings.replica_probe_seconds,
        read_your_writes_seconds=settings.read_your_writes_seconds,
        echo=settings.sql_echo,
        pgbouncer=settings.database_pgbouncer,
    )
    # Routes declared on the app itself get the same transaction boundary as the feature routers.
    app.router.route_class = UnitOfWorkRoute
    app.state.settings = settings
    app.state.engine = engine
    app.state.read_router = read_router
    app.state.sessionmaker = (
        make_routing_sessionmaker(read_router) if read_router.replicas else make_sessionmaker(engine)
    )
    # The lookup hot path reads on the pool's driver connection (docs/adr/0017): only on
    # PostgreSQL served from this pool (replicas route reads elsewhere; PgBouncer cannot keep the
    # driver's prepared statements), and only while the app's sessions are this pool's.
    app.state.own_sessionmaker = app.state.sessionmaker
    setattr(
        app.state,
        HOT_PATH,
        engine.dialect.name == "postgresql" and not read_router.replicas and not settings.database_pgbouncer,
    )
    # The access log's group commit (docs/adr/0017) has an engine of its own: the requests waiting
    # for their group hold connections of the main pool, which must not starve the one that
    # commits them. It connects on first use and, committing one group at a time, uses one
    # connection. Sessions come from whatever ``log_sessionmaker`` holds when a group commits (the
    # tests put their shared session in).
    log_engine = watch_failover(
        make_served_engine(
            settings.database_url, echo=settings.sql_echo, pgbouncer=settings.database_pgbouncer
        )
    )
    app.state.log_engine = log_engine
    app.state.log_sessionmaker = own_log_sessions = make_sessionmaker(log_engine)
    # The group commit's connection, held from one group to the next (one group at a time).
    app.state.held_log_connection = held_log_connection = HeldDriver(log_engine)

    def log_driver() -> DriverPath | None:
        """On PostgreSQL, while the log's sessions are its own engine's, a group commits on a
        connection of that engine with no ORM session (docs/adr/0017, "session 13")."""
        if log_engine.dialect.name != "postgresql" or app.state.log_sessionmaker is not own_log_sessions:
            return None
        return DriverPath(held_log_connection.use(), log_engine.url)

    app.state.log_group = GroupCommit(
        lambda: app.state.log_sessionmaker(),
        driver=log_driver,
        gather_seconds=settings.log_gather_ms / 1000,
    )
    app.state.read_group = ReadGroup(lambda: pooled_connection(app.state))
    app.state.own_reads = own_records(lambda: pooled_connection(app.state))
    app.state.metrics = ops_metrics.Metrics()
    app.state.templates = make_templates()
    # The address picker's lists (province → commune), for every form with an address.
    app.state.templates.env.globals |= {
        "geo_provinces": picker.province_options,
        "geo_communes": picker.commune_options,
        "geo_province_of": picker.province_of,
    }
    problems.install(app)
    app.add_middleware(InputGuardMiddleware)
    app.add_middleware(BodyLimitMiddleware, settings=settings)
    app.add_middleware(ClientRateLimitMiddleware, per_minute=settings.rate_limit_client_per_minute)
    app.add_middleware(TransportHeadersMiddleware, https=settings.cookie_secure)
    # Outermost, so that its timing covers the whole request.
    app.add_middleware(
        OpsMiddleware,
        router=read_router,
        metrics=app.state.metrics,
        cookie_secure=settings.cookie_secure,
        wal_ttl=settings.read_your_writes_seconds,
    )
    app.mount("/static", StaticFiles(directory=ROOT / "web" / "static"), name="static")

    @app.get("/health", tags=["ops"], dependencies=[Depends(Public("health"))])
    async def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    for router in (ops_health.router, ops_metrics.router):
        _add_routes(app, router)
    for module_path in ROUTERS:
        _add_routes(app, importlib.import_module(module_path).router)
    # Placed first: the lookups', the search's and the own record's common case is matched before
    # the app's other routes are walked.
    app.router.routes[0:0] = (
        hot_routes(app.router.routes)
        + hot_search_routes(app.router.routes)
        + hot_verify_routes(app.router.routes)
        + own_record_routes(app.router.routes)
    )
    openapi.install(app)
    return app


def _add_routes(app: FastAPI, router: APIRouter) -> None:
    """The feature router's routes, added to the app as they were built at import.

    ``include_router`` adds nothing here (no prefix, dependency or tag) but wraps the router in a
    per-app copy whose every route FastAPI analyses again on the app's first requests: a third of
    the CPU of a short-lived app (each test's), and a slower first request for each server worker.
    The routes keep their router as dependency provider, so ``app.dependency_overrides`` does not
    reach them: tests call the routes as real callers, with real sessions.
    """
    app.router.routes.extend(router.routes)
