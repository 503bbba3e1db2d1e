"""API contract of reconciliation: the batch's status; results are files (CSV or JSON lines)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel

from dancu.jobs.models import JobStatus
from dancu.sharing.reconcile.models import SourceFormat


class ResultFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"


class BatchOut(BaseModel):
    id: int
    status: JobStatus
    format: SourceFormat
    columns: list[str]
    sha256: str
    rows: int
    invalid_rows: int
    done: int
    total: int
    attempts: int
    # Per result code, once finished.
    counts: dict[str, int]
    created_at: dt.datetime
    finished_at: dt.datetime | None
    results_url: str
