"""Reading a submitted batch (pure): the file's checks, then each row's, as the file arrives.

A file that cannot be read as a batch (not UTF-8, a header without the required columns or with
unknown ones, no rows) is refused whole, naming the rule. A row that breaks a rule becomes an
INVALID_ROW result with its problem and field; it never stops the batch.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
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
# A row is five short fields: a longer line is not a row of this format, and must not fill memory.
MAX_LINE = 64 * 1024
# Plain strings, not the enum's members: a batch looks each one up a million times.
_NAME, _DOB = CompareField.FULL_NAME.value, CompareField.DATE_OF_BIRTH.value
_SEX, _UNIT = CompareField.SEX.value, CompareField.PERMANENT_RESIDENCE_UNIT.value
# Characters after which a CSV line needs the csv module: without them it is its commas' split.
_NOT_PLAIN = re.compile(r'["\r\x00]')


class InputRow(NamedTuple):
    row_no: int
    pin: str | None
    full_name: str | None
    date_of_birth: str | None
    sex: str | None
    unit_code: str | None
    problem: RowProblem | None
    problem_field: str | None


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
    if len(values[_NAME]) > NAME_MAX:
        return RowProblem.TOO_LONG, _NAME
    if not _valid_date(values[_DOB]):
        return RowProblem.DATE_FORMAT, _DOB
    sex = values.get(_SEX)
    if sex and sex not in SEXES:
        return RowProblem.SEX_VALUE, _SEX
    unit = values.get(_UNIT)
    if unit and not UNIT.fullmatch(unit):
        return RowProblem.UNIT_FORMAT, _UNIT
    return None


def check_row(row_no: int, values: dict[str, str]) -> InputRow:
    """The row as stored (``values`` already trimmed), or its problem (then only a well-formed PIN
    is kept)."""
    problem = _problem(values)
    if problem is not None:
        pin = values.get("pin") or ""
        return InputRow(row_no, pin if PIN.fullmatch(pin) else None, None, None, None, None, *problem)
    return InputRow(
        row_no, values["pin"], values[_NAME], values[_DOB], values.get(_SEX) or None,
        values.get(_UNIT) or None, None, None,
    )  # fmt: skip


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


def _csv_record(line: str) -> list[str] | None:
    """One line as CSV fields, or None when its quoting is broken (an unterminated quote, text after
    a closing quote). A field never spans lines in a batch, so a quote left open is that line's
    fault and the next line is read on its own instead of being swallowed into it."""
    try:
        return next(csv.reader([line], strict=True))
    except csv.Error:
        return None


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


class Reader:
    """Rows of a file that arrives in pieces: :meth:`feed` each piece as it is received, then call
    :meth:`finish`. Only the current line is held, so a file of any size reads in little memory.

    One line is one row (numbered from 1; blank lines are skipped); a CSV file's first line is its
    header, a JSONL file's rows are objects keyed by the header's names.
    """

    def __init__(self, source_format: SourceFormat) -> None:
        self.source_format = source_format
        self.columns: list[str] | None = (
            None if source_format is SourceFormat.CSV else list(REQUIRED + OPTIONAL)
        )
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._offset = 0
        self._pending = ""
        self._started = False
        self._row_no = 0
        self._finished = False

    def feed(self, data: bytes, *, final: bool = False) -> list[InputRow]:
        try:
            text = self._decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            raise invalid("file", "reconcile.not_utf8", offset=self._offset + exc.start) from None
        self._offset += len(data)
        if not self._started and text:
            text, self._started = text.removeprefix("\ufeff"), True
        lines = (self._pending + text).split("\n")
        self._pending = "" if final else lines.pop()
        if len(self._pending) > MAX_LINE:
            raise invalid("file", "reconcile.line_too_long", row=self._row_no + 1, limit=MAX_LINE)
        return [row for line in lines if (row := self._line(line.removesuffix("\r"))) is not None]

    def finish(self) -> list[InputRow]:
        """The last rows; refuses a file without rows. Later calls return nothing."""
        if self._finished:
            return []
        self._finished = True
        rows = self.feed(b"", final=True)
        if self.columns is None or (self._row_no == 0 and self.source_format is SourceFormat.JSONL):
            raise invalid("file", "reconcile.empty")
        return rows

    def _line(self, line: str) -> InputRow | None:
        if not line.strip():
            return None
        if self.columns is None:
            header = _csv_record(line)
            if header is None:
                raise invalid("file.header", "reconcile.bad_quote")
            self.columns = check_header(header)
            return None
        self._row_no += 1
        if self.source_format is SourceFormat.JSONL:
            values = _json_values(line)
            return (
                invalid_row(self._row_no, values)
                if isinstance(values, RowProblem)
                else check_row(self._row_no, values)
            )
        record = line.split(",") if _NOT_PLAIN.search(line) is None else _csv_record(line)
        if record is None:
            return invalid_row(self._row_no, RowProblem.BAD_QUOTE)
        if len(record) != len(self.columns):
            return invalid_row(self._row_no, RowProblem.COLUMN_COUNT)
        return check_row(self._row_no, dict(zip(self.columns, map(str.strip, record), strict=True)))


def parse(content: bytes, source_format: SourceFormat) -> tuple[list[str], Iterator[InputRow]]:
    """A whole file at once (tests, small files): its checked columns and rows."""
    reader = Reader(source_format)
    rows = reader.feed(content)
    rows += reader.finish()
    assert reader.columns is not None
    return reader.columns, iter(rows)


def format_for(content_type: str | None) -> SourceFormat:
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in ("text/csv", "application/csv"):
        return SourceFormat.CSV
    if kind in ("application/x-ndjson", "application/jsonl", "application/x-jsonlines"):
        return SourceFormat.JSONL
    problem = FieldProblem("content-type", "reconcile.unsupported_type", {"type": kind[:60]})
    raise DomainError("validation.failed", status=415, problems=[problem])
