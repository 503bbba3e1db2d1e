"""Tables of a reconciliation batch: the batch, its input rows (the staging table), its results.

Input and result rows are keyed by (batch, row number); the result key is what makes a chunk that
is retried after a crash unable to add a second result for the same row. Their ``batch_id`` has
no foreign key on purpose: rows arrive by the million through COPY, a per-row key check costs
more than the rest of the insert, and only :mod:`dancu.sharing.reconcile.actions` writes them,
for the batch it created or is working on in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dancu.access.groups import ActorGroup
from dancu.db.base import Base, str_enum


class SourceFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"


class ResultCode(StrEnum):
    MATCH = "MATCH"
    MISMATCH = "MISMATCH"  # the PIN is current; the listed fields differ
    UNKNOWN_PIN = "UNKNOWN_PIN"
    CANCELLED_PIN = "CANCELLED_PIN"  # a cancelled number; current_pin is the person's number now
    DECEASED = "DECEASED"
    INVALID_ROW = "INVALID_ROW"  # the row itself broke a rule; nothing was compared


class CompareField(StrEnum):
    """Fields a row may carry and a mismatch may name."""

    FULL_NAME = "full_name"
    DATE_OF_BIRTH = "date_of_birth"
    SEX = "sex"
    PERMANENT_RESIDENCE_UNIT = "permanent_residence_unit"


class RowProblem(StrEnum):
    """Why a row is INVALID_ROW (the batch goes on)."""

    MISSING_VALUE = "missing_value"
    PIN_FORMAT = "pin_format"
    DATE_FORMAT = "date_format"
    SEX_VALUE = "sex_value"
    UNIT_FORMAT = "unit_format"
    TOO_LONG = "too_long"
    COLUMN_COUNT = "column_count"
    NOT_JSON_OBJECT = "not_json_object"
    UNKNOWN_KEY = "unknown_key"
    BAD_QUOTE = "bad_quote"  # a quote left open or text after a closing quote (CSV)


class ReconcileBatch(Base):
    __tablename__ = "reconcile_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id"), unique=True)
    # Who asked, copied so the batch keeps its owner if accounts change; reads are scoped by it.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    organisation_label: Mapped[str] = mapped_column(String(300))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    actor_label: Mapped[str] = mapped_column(String(200))
    actor_group: Mapped[ActorGroup] = mapped_column(str_enum(ActorGroup, 20))
    legal_basis: Mapped[str | None] = mapped_column(String(300))
    purpose: Mapped[str] = mapped_column(String(300))
    staff_id: Mapped[str | None] = mapped_column(String(100))
    source_format: Mapped[SourceFormat] = mapped_column(str_enum(SourceFormat, 10))
    columns: Mapped[list[str]] = mapped_column(JSON)
    file_sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer)
    invalid_count: Mapped[int] = mapped_column(Integer)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime | None]


class ReconcileInput(Base):
    """One submitted row as parsed; ``problem`` set means the row is INVALID_ROW."""

    __tablename__ = "reconcile_input"

    batch_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    row_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    pin: Mapped[str | None] = mapped_column(String(12))
    full_name: Mapped[str | None] = mapped_column(String(300))
    date_of_birth: Mapped[str | None] = mapped_column(String(10))
    sex: Mapped[str | None] = mapped_column(String(1))
    unit_code: Mapped[str | None] = mapped_column(String(10))
    problem: Mapped[RowProblem | None] = mapped_column(str_enum(RowProblem, 30))
    problem_field: Mapped[str | None] = mapped_column(String(40))


class ReconcileResult(Base):
    __tablename__ = "reconcile_result"

    batch_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    row_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    code: Mapped[ResultCode] = mapped_column(str_enum(ResultCode, 20))
    # Comma-separated CompareField values that differ (empty when none were compared or all agree).
    fields: Mapped[str] = mapped_column(String(120), default="")
    current_pin: Mapped[str | None] = mapped_column(String(12))
    # For INVALID_ROW: "<problem>:<field>".
    detail: Mapped[str | None] = mapped_column(String(80))
