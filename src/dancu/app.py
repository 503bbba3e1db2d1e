"""create_app(settings): mounts the API and page routers, middleware and error handlers."""

from __future__ import annotations

import importlib
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from dancu import __version__
from dancu.audit import logmask
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.settings import Settings, get_settings
from dancu.web import openapi, problems
from dancu.web.body_limit import BodyLimitMiddleware
from dancu.web.deps import Public
from dancu.web.input_guard import InputGuardMiddleware
from dancu.web.rate_limit import ClientRateLimitMiddleware
from dancu.web.templating import ROOT, make_templates
from dancu.web.transport_headers import TransportHeadersMiddleware

log = logging.getLogger("dancu")

# Feature routers, by module path; each module exposes ``router``.
ROUTERS = (
    "dancu.identity.api",
    "dancu.identity.pages",
    "dancu.identity.oidc.api",
    "dancu.identity.oidc.pages",
    "dancu.identity.eid_api",
    "dancu.identity.app_pages",
    "dancu.notify.pages",
    "dancu.registry.api",
    "dancu.registry.pages",
    "dancu.geo.api",
    "dancu.codes.api",
    "dancu.pin.api",
    "dancu.audit.api",
    "dancu.access.api",
    "dancu.access.portal_api",
    "dancu.access.pages",
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
    "dancu.notify.app_pages",
    "dancu.exploitation.documents.api",
    "dancu.exploitation.documents.pages",
    "dancu.exploitation.documents.app_pages",
    "dancu.sharing.feed.api",
    "dancu.sharing.feed.pages",
    "dancu.sharing.reconcile.api",
    "dancu.sharing.qcvn109.api",
    "dancu.lookup.pages",
)

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    request.state.request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Request-Id"] = request.state.request_id
    if request.url.path.startswith("/api/") or request.url.path in ("/login",):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logmask.install(sql_echo=settings.sql_echo)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await app.state.engine.dispose()

    app = FastAPI(
        title="dancu",
        version=__version__,
        summary="Cơ sở dữ liệu quốc gia về dân cư — National Population Database",
        lifespan=lifespan,
    )
    engine = make_engine(settings.database_url, echo=settings.sql_echo)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.templates = make_templates()
    problems.install(app)
    app.add_middleware(InputGuardMiddleware)
    app.add_middleware(BodyLimitMiddleware, settings=settings)
    app.add_middleware(ClientRateLimitMiddleware, per_minute=settings.rate_limit_client_per_minute)
    app.add_middleware(TransportHeadersMiddleware, https=settings.cookie_secure)
    app.middleware("http")(_security_headers)
    app.mount("/static", StaticFiles(directory=ROOT / "web" / "static"), name="static")

    @app.get("/health", tags=["ops"], dependencies=[Depends(Public("health"))])
    async def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    for module_path in ROUTERS:
        app.include_router(importlib.import_module(module_path).router)
    openapi.install(app)
    return app
