"""Reconciliation over the API: submit a batch, follow it, download its results.

The batch is the request body itself (``text/csv`` or ``application/x-ndjson``); the purpose and
the staff member go in the query. Only the submitting organisation sees a batch.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.errors import Conflict, DomainError, FieldProblem
from dancu.jobs.models import Job, JobStatus
from dancu.sharing import channels
from dancu.sharing.reconcile import actions, parsing, queries
from dancu.sharing.reconcile.adapter import RECONCILIATION
from dancu.sharing.reconcile.models import ReconcileBatch
from dancu.sharing.reconcile.schemas import BatchOut, ResultFormat
from dancu.web.deps import DbSession, Requires
from dancu.web.params import RowId
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1/reconciliations", tags=["reconciliation"])

Reconciler = Annotated[Actor, Depends(Requires(Permission.RECONCILE))]
RESULT_HEADER = ("row_no", "pin", "code", "fields", "current_pin", "detail")
BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    }
}


def _too_large(limit: int) -> DomainError:
    problem = FieldProblem("file", "reconcile.file_too_large", {"limit": limit})
    return DomainError("validation.failed", status=413, problems=[problem])


async def _body(request: Request, limit: int) -> AsyncIterator[bytes]:
    """The body as it arrives, refused as soon as it passes ``limit`` bytes; never held whole."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    size = 0
    async for part in request.stream():
        size += len(part)
        if size > limit:
            raise _too_large(limit)
        yield part


def _out(batch: ReconcileBatch, job: Job) -> BatchOut:
    return BatchOut(
        id=batch.id,
        status=job.status,
        format=batch.source_format,
        columns=list(batch.columns),
        sha256=batch.file_sha256,
        rows=batch.row_count,
        invalid_rows=batch.invalid_count,
        done=job.progress_done,
        total=job.progress_total,
        attempts=job.attempts,
        counts=dict(batch.counts or {}),
        created_at=batch.created_at,
        finished_at=batch.finished_at,
        results_url=f"/api/v1/reconciliations/{batch.id}/results",
    )


@router.post("", status_code=202, response_model=BatchOut, openapi_extra=BODY_DOC)
async def submit(
    request: Request,
    actor: Reconciler,
    session: DbSession,
    purpose: Annotated[str, Query(min_length=3, max_length=300)],
    staff_id: Annotated[str | None, Query(max_length=100)] = None,
) -> BatchOut:
    """Stage the batch and queue its comparison; 202 with the batch's status."""
    acting = channels.authorise(RECONCILIATION.name, actor)
    source_format = parsing.format_for(request.headers.get("content-type"))
    settings = request.app.state.settings
    batch = await actions.submit(
        session,
        _body(request, settings.reconcile_max_bytes),
        source_format=source_format,
        purpose=purpose,
        staff_id=staff_id,
        actor=acting,
        max_rows=settings.reconcile_max_rows,
    )
    job = await session.get(Job, batch.job_id)
    assert job is not None
    out = _out(batch, job)
    return out


@router.get("/{batch_id}", response_model=BatchOut)
async def status(batch_id: RowId, actor: Reconciler, session: DbSession) -> BatchOut:
    acting = channels.authorise(RECONCILIATION.name, actor)
    batch, job = await queries.batch_for(session, batch_id, actor=acting)
    return _out(batch, job)


def _csv(rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(RESULT_HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


def _jsonl(rows: Sequence[Sequence[Any]]) -> str:
    lines = (json.dumps(dict(zip(RESULT_HEADER, row, strict=True)), ensure_ascii=False) for row in rows)
    return "".join(line + "\n" for line in lines)


@router.get("/{batch_id}/results")
async def results(
    batch_id: RowId,
    actor: Reconciler,
    session: DbSession,
    format: ResultFormat = ResultFormat.CSV,
) -> Response:
    """Every row's result, in row order, once the batch is finished (409 before)."""
    acting = channels.authorise(RECONCILIATION.name, actor)
    batch, job = await queries.batch_for(session, batch_id, actor=acting)
    if job.status is not JobStatus.DONE:
        raise Conflict("reconcile.not_finished", done=job.progress_done, total=job.progress_total)
    rows = await queries.results(session, batch.id)
    await actions.log_download(session, batch, actor=acting)
    if format is ResultFormat.CSV:
        return Response(_csv(rows), media_type="text/csv; charset=utf-8")
    return Response(_jsonl(rows), media_type="application/x-ndjson")
