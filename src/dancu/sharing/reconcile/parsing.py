"""Reading a submitted batch (pure): the file's checks, then each row's.

A file that cannot be read as a batch (not UTF-8, a header without the required columns or with
unknown ones, no rows) is refused whole, naming the rule. A row that breaks a rule becomes an
INVALID_ROW result with its problem and field; it never stops the batch.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from dancu.errors import DomainError, FieldProblem, invalid
from dancu.sharing.reconcile.models import CompareField, RowProblem, SourceFormat

REQUIRED = ("pin", CompareField.FULL_NAME.value, CompareField.DATE_OF_BIRTH.value)
OPTIONAL = (CompareField.SEX.value, CompareField.PERMANENT_RESIDENCE_UNIT.value)
KNOWN = frozenset(REQUIRED + OPTIONAL)
PIN = re.compile(r"[0-9]{12}")
PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
UNIT = re.compile(r"[0-9]{2,10}")
SEXES = frozenset({"0", "1", "2"})  # QCVN 109: 0 no information, 1 male, 2 female
NAME_MAX = 300


class InputRow(NamedTuple):
    row_no: int
    pin: str | None
    full_name: str | None
    date_of_birth: str | None
    sex: str | None
    unit_code: str | None
    problem: RowProblem | None
    problem_field: str | None


def decode(content: bytes) -> str:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise invalid("file", "reconcile.not_utf8", offset=exc.start) from None
    return text.removeprefix("\ufeff")


@lru_cache(maxsize=65_536)  # a batch has at most ~40,000 distinct birth dates a century
def _valid_date(value: str) -> bool:
    match = PARTIAL_DATE.fullmatch(value)
    if match is None:
        return False
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        dt.date(year or 0, month or 1, day or 1)
    except ValueError:
        return False
    return True


def _problem(values: dict[str, str]) -> tuple[RowProblem, str] | None:
    for name in REQUIRED:
        if not values.get(name):
            return RowProblem.MISSING_VALUE, name
    if not PIN.fullmatch(values["pin"]):
        return RowProblem.PIN_FORMAT, "pin"
    if len(values[CompareField.FULL_NAME]) > NAME_MAX:
        return RowProblem.TOO_LONG, CompareField.FULL_NAME.value
    if not _valid_date(values[CompareField.DATE_OF_BIRTH]):
        return RowProblem.DATE_FORMAT, CompareField.DATE_OF_BIRTH.value
    sex = values.get(CompareField.SEX)
    if sex and sex not in SEXES:
        return RowProblem.SEX_VALUE, CompareField.SEX.value
    unit = values.get(CompareField.PERMANENT_RESIDENCE_UNIT)
    if unit and not UNIT.fullmatch(unit):
        return RowProblem.UNIT_FORMAT, CompareField.PERMANENT_RESIDENCE_UNIT.value
    return None


def check_row(row_no: int, values: dict[str, str]) -> InputRow:
    """The row as stored (``values`` already trimmed), or its problem (then only a well-formed PIN
    is kept)."""
    problem = _problem(values)
    if problem is not None:
        pin = values.get("pin") or ""
        return InputRow(row_no, pin if PIN.fullmatch(pin) else None, None, None, None, None, *problem)
    return InputRow(
        row_no,
        values["pin"],
        values[CompareField.FULL_NAME],
        values[CompareField.DATE_OF_BIRTH],
        values.get(CompareField.SEX) or None,
        values.get(CompareField.PERMANENT_RESIDENCE_UNIT) or None,
        None,
        None,
    )


def invalid_row(row_no: int, problem: RowProblem, field: str | None = None) -> InputRow:
    return InputRow(row_no, None, None, None, None, None, problem, field)


def check_header(header: list[str]) -> list[str]:
    columns = [name.strip().lower() for name in header]
    for name in columns:
        if name not in KNOWN:
            raise invalid("file.header", "reconcile.unknown_column", column=name[:60])
    if len(set(columns)) != len(columns):
        raise invalid("file.header", "reconcile.duplicate_column")
    for name in REQUIRED:
        if name not in columns:
            raise invalid("file.header", "reconcile.missing_column", column=name)
    return columns


def csv_rows(text: str) -> tuple[list[str], Iterator[InputRow]]:
    """The checked header and the rows (numbered from 1, the header excluded)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise invalid("file", "reconcile.empty")
    columns = check_header(header)

    def rows() -> Iterator[InputRow]:
        row_no = 0
        for record in reader:
            if not record:
                continue  # a blank line is not a row
            row_no += 1
            if len(record) != len(columns):
                yield invalid_row(row_no, RowProblem.COLUMN_COUNT)
            else:
                yield check_row(row_no, {c: v.strip() for c, v in zip(columns, record, strict=True)})

    return columns, rows()


def _json_values(line: str) -> dict[str, str] | RowProblem:
    try:
        value = json.loads(line)
    except ValueError:
        return RowProblem.NOT_JSON_OBJECT
    if not isinstance(value, dict):
        return RowProblem.NOT_JSON_OBJECT
    if not set(value) <= KNOWN:
        return RowProblem.UNKNOWN_KEY
    return {k: "" if v is None else str(v).strip() for k, v in value.items()}


def jsonl_rows(text: str) -> tuple[list[str], Iterator[InputRow]]:
    """One JSON object per line with the CSV header's names as keys; blank lines are skipped."""
    if not text.strip():
        raise invalid("file", "reconcile.empty")

    def rows() -> Iterator[InputRow]:
        row_no = 0
        for line in text.splitlines():
            if not line.strip():
                continue
            row_no += 1
            values = _json_values(line)
            if isinstance(values, RowProblem):
                yield invalid_row(row_no, values)
            else:
                yield check_row(row_no, values)

    return list(REQUIRED + OPTIONAL), rows()


def parse(content: bytes, source_format: SourceFormat) -> tuple[list[str], Iterator[InputRow]]:
    text = decode(content)
    return csv_rows(text) if source_format is SourceFormat.CSV else jsonl_rows(text)


def format_for(content_type: str | None) -> SourceFormat:
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in ("text/csv", "application/csv"):
        return SourceFormat.CSV
    if kind in ("application/x-ndjson", "application/jsonl", "application/x-jsonlines"):
        return SourceFormat.JSONL
    problem = FieldProblem("content-type", "reconcile.unsupported_type", {"type": kind[:60]})
    raise DomainError("validation.failed", status=415, problems=[problem])
