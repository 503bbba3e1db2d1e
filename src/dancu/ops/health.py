"""Liveness and readiness for load balancers and orchestrators.

``/health/live``: the process answers (restart it if not). ``/health/ready``: this instance can
serve — the primary answers and is writable (not a node in recovery, which is what a stale entry
point reaches during a failover). Replicas are reported with their reachability and lag; a
missing or lagging replica does not make the instance unready, because its reads then go to the
primary.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from dancu import __version__
from dancu.db.faults import describe, is_unavailable
from dancu.db.routing import ReadRouter
from dancu.errors import DomainError
from dancu.web.deps import Public
from dancu.web.problems import MEDIA_TYPE, problem_body
from dancu.web.transaction import UnitOfWorkRoute

READY_TIMEOUT_SECONDS = 3.0

router = APIRouter(
    route_class=UnitOfWorkRoute, prefix="/health", tags=["ops"], dependencies=[Depends(Public("health"))]
)


@router.get("/live")
async def live() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


async def primary_state(engine: AsyncEngine) -> dict[str, Any]:
    """Reachability and role of the primary entry point."""
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS), engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                in_recovery = bool(await conn.scalar(text("SELECT pg_is_in_recovery()")))
            else:
                await conn.execute(text("SELECT 1"))
                in_recovery = False
    except Exception as exc:
        if not is_unavailable(exc):
            raise
        return {"reachable": False, "role": None, "error": describe(exc)}
    return {"reachable": True, "role": "replica" if in_recovery else "primary"}


def replica_states(read_router: ReadRouter) -> list[dict[str, Any]]:
    usable = {id(r) for r in read_router.usable_replicas()}
    return [
        {
            "name": r.name,
            "reachable": r.reachable,
            "role": None if not r.reachable else ("replica" if r.in_recovery else "primary"),
            "lag_seconds": r.lag_seconds,
            "serving_reads": id(r) in usable,
            **({"error": r.error} if r.error else {}),
        }
        for r in read_router.replicas
    ]


NOT_READY = {
    "description": "The primary is unreachable or read-only: a problem document (code db.unavailable) "
    "that also carries the primary's and each replica's state",
    "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
}


@router.get("/ready", responses={503: NOT_READY})
async def ready(request: Request) -> JSONResponse:
    read_router: ReadRouter = request.app.state.read_router
    primary = await primary_state(read_router.primary)
    await read_router.probe()
    is_ready = primary["role"] == "primary"
    body = {
        "status": "ready" if is_ready else "unavailable",
        "primary": primary,
        "replicas": replica_states(read_router),
        "max_lag_seconds": read_router.max_lag_seconds,
    }
    if is_ready:
        return JSONResponse(body)
    retry_after = str(request.app.state.settings.unavailable_retry_after_seconds)
    # Not ready is an error answer like any other (problem+json), with the readiness details kept.
    problem = problem_body(request, DomainError("db.unavailable", status=503)) | body
    return JSONResponse(problem, status_code=503, headers={"Retry-After": retry_after}, media_type=MEDIA_TYPE)
