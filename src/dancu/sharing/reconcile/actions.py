"""Writes of reconciliation: submit a batch, compare one chunk, finish, log a results download.

``submit`` runs in the request's transaction: the input rows, the batch, its job (the outbox row)
and the submission's log entry commit together or not at all. ``compare_chunk`` runs in the
worker's transaction for one chunk: results, the chunk's log entry and (by the caller) the job's
checkpoint commit together, so a chunk is either wholly done or not at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterable, AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import Channel
from dancu.access.models import Organisation
from dancu.access.policies import fields_outside
from dancu.audit.actions import record_event
from dancu.audit.models import EventSubject, EventType
from dancu.clock import now_utc
from dancu.errors import invalid
from dancu.jobs.actions import enqueue
from dancu.jobs.models import JobKind
from dancu.sharing.reconcile import compare, fastpath, parsing, queries
from dancu.sharing.reconcile.bulk import insert_rows, is_postgresql
from dancu.sharing.reconcile.models import (
    ReconcileBatch,
    ReconcileInput,
    ReconcileResult,
    ResultCode,
    SourceFormat,
)

CHUNK_ROWS = 50_000
LOAD_ROWS = 20_000
INPUT_COLUMNS = tuple(parsing.InputRow._fields)
RESULT_COLUMNS = ("batch_id", "row_no", "code", "fields", "current_pin", "detail")
IDENTIFYING = ("pin", "full_name", "date_of_birth")


async def _legal_basis(session: AsyncSession, actor: Actor) -> str | None:
    organisation = await session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
    return organisation.legal_basis if organisation else None


async def _pieces(content: bytes | AsyncIterable[bytes]) -> AsyncIterator[bytes]:
    if isinstance(content, bytes):
        yield content
        return
    async for piece in content:
        yield piece


@dataclass
class _Staging:
    """Rows parsed but not yet staged, and the file's running totals."""

    batch_id: int
    max_rows: int
    waiting: list[parsing.InputRow] = field(default_factory=list)
    count: int = 0
    invalid_count: int = 0

    async def add(self, session: AsyncSession, rows: list[parsing.InputRow], *, flush: bool = False) -> None:
        self.waiting.extend(rows)
        if len(self.waiting) < LOAD_ROWS and not flush:
            return
        piece, self.waiting = self.waiting, []
        self.count += len(piece)
        if self.count > self.max_rows:
            raise invalid("file", "reconcile.too_many_rows", limit=self.max_rows)
        self.invalid_count += sum(1 for row in piece if row.problem is not None)
        await insert_rows(
            session, ReconcileInput, ("batch_id", *INPUT_COLUMNS), [(self.batch_id, *row) for row in piece]
        )


async def _stage(
    session: AsyncSession,
    batch: ReconcileBatch,
    reader: parsing.Reader,
    first_rows: list[parsing.InputRow],
    pieces: AsyncIterator[bytes],
    digest: Any,
    max_rows: int,
) -> None:
    """Read the rest of the file into the staging table as it arrives, in slices of LOAD_ROWS."""
    staging = _Staging(batch.id, max_rows)
    await staging.add(session, first_rows)
    async for piece in pieces:
        digest.update(piece)
        await staging.add(session, reader.feed(piece))
    await staging.add(session, reader.finish(), flush=True)
    batch.row_count, batch.invalid_count = staging.count, staging.invalid_count
    batch.file_sha256 = digest.hexdigest()


async def _header(
    reader: parsing.Reader, pieces: AsyncIterator[bytes], digest: Any
) -> tuple[list[str], list[parsing.InputRow]]:
    """Read until the columns are known (file-level errors refuse the batch before anything is
    written); the rows already read come along."""
    rows: list[parsing.InputRow] = []
    while reader.columns is None:
        piece = await anext(pieces, None)
        if piece is None:
            rows += reader.finish()
            break
        digest.update(piece)
        rows += reader.feed(piece)
    assert reader.columns is not None
    return reader.columns, rows


def _check_mandate(columns: Sequence[str], actor: Actor) -> None:
    """Optional columns are compared only within the caller's fields (mandate ∩ scope)."""
    needs = {"sex": "sex", "permanent_residence_unit": "permanent_residence"}
    for column in columns:
        if column in needs and fields_outside(actor.fields or frozenset(), [needs[column]]):
            raise invalid("file.header", "reconcile.column_outside_mandate", column=column)


async def submit(
    session: AsyncSession,
    content: bytes | AsyncIterable[bytes],
    *,
    source_format: SourceFormat,
    purpose: str,
    staff_id: str | None,
    actor: Actor,
    max_rows: int,
    chunk_rows: int = CHUNK_ROWS,
) -> ReconcileBatch:
    """Check and stage a batch and queue its comparison; file-level errors refuse it whole.

    ``content`` may be the request body as it arrives: it is staged as it is read, never held."""
    assert actor.organisation_id is not None and actor.organisation_name is not None
    reader, pieces, digest = parsing.Reader(source_format), _pieces(content), hashlib.sha256()
    columns, first_rows = await _header(reader, pieces, digest)
    _check_mandate(columns, actor)
    job = await enqueue(session, JobKind.RECONCILE, payload={})
    legal_basis = await _legal_basis(session, actor)
    batch = ReconcileBatch(
        job_id=job.id,
        organisation_id=actor.organisation_id,
        organisation_label=actor.organisation_name,
        account_id=actor.account_id,
        actor_label=actor.label,
        actor_group=actor.group,
        legal_basis=legal_basis,
        purpose=purpose,
        staff_id=staff_id,
        source_format=source_format,
        columns=columns,
        file_sha256="",  # known once the whole file is read, below
        row_count=0,
        invalid_count=0,
        counts={},
        created_at=now_utc(),
    )
    session.add(batch)
    await session.flush()  # the batch's id keys the staging rows COPied next
    await _stage(session, batch, reader, first_rows, pieces, digest, max_rows)
    if batch.row_count == 0:
        raise invalid("file", "reconcile.empty")
    job.payload = {"batch_id": batch.id, "chunk_rows": chunk_rows}
    job.progress_total = batch.row_count
    await record_event(
        session,
        EventType.RECONCILIATION_SUBMITTED,
        actor=actor,
        data={
            "batch_id": batch.id,
            "rows": batch.row_count,
            "format": source_format.value,
            "sha256": batch.file_sha256,
        },
        purpose=purpose,
        legal_basis=legal_basis,
    )
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    return batch


def batch_actor(batch: ReconcileBatch, channel: Channel) -> Actor:
    """The submitter as the access log names them, for entries the worker writes on their behalf."""
    return Actor(
        label=batch.actor_label,
        account_id=batch.account_id,
        group=batch.actor_group,
        channel=channel,
        organisation_id=batch.organisation_id,
        organisation_name=batch.organisation_label,
    )


def _result(batch_id: int, row: Sequence[Any]) -> tuple[tuple[Any, ...], int | None]:
    row_no, pin, full_name, dob, sex, unit, problem, problem_field = row[:8]
    if problem is not None:
        detail = f"{problem}:{problem_field}" if problem_field else str(problem)
        return (batch_id, row_no, ResultCode.INVALID_ROW.value, "", None, detail), None
    registered = None if row[8] is None else compare.Registered(*row[8:])
    found = compare.outcome(pin, registered, full_name=full_name, date_of_birth=dob, sex=sex, unit_code=unit)
    return (batch_id, row_no, found.code.value, found.fields, found.current_pin, None), found.citizen_id


def compared_fields(columns: Sequence[str]) -> list[str]:
    return sorted(set(IDENTIFYING) | {c for c in columns if c in parsing.OPTIONAL})


async def compare_chunk(
    session: AsyncSession, batch: ReconcileBatch, *, lo: int, hi: int, actor: Actor
) -> int:
    """Compare rows lo < row_no ≤ hi, write their results and one log entry naming every person
    compared (docs/adr/0007); the number of people compared."""
    if is_postgresql(session):
        rows, subjects = await fastpath.compare_in_server(session, batch.id, lo, hi)
        outcomes = [_result(batch.id, row) for row in rows]
    else:
        outcomes = [_result(batch.id, row) for row in await queries.chunk_rows(session, batch.id, lo, hi)]
        subjects = sorted({cid for _, cid in outcomes if cid is not None})
    await insert_rows(session, ReconcileResult, RESULT_COLUMNS, [result for result, _ in outcomes])
    if not subjects:
        return 0
    digest = hashlib.sha256(",".join(map(str, subjects)).encode()).hexdigest()
    event = await record_event(
        session,
        EventType.RECONCILIATION_COMPARED,
        actor=actor,
        data={
            "batch_id": batch.id,
            "rows": [lo + 1, hi],
            "subjects": len(subjects),
            "subjects_sha256": digest,
        },
        fields=compared_fields(batch.columns),
        purpose=batch.purpose,
        legal_basis=batch.legal_basis,
    )
    people = [(cid, event.id) for cid in subjects]
    await insert_rows(session, EventSubject, ("citizen_id", "event_id"), people)
    return len(subjects)


async def finish(session: AsyncSession, batch: ReconcileBatch) -> None:
    batch.counts = await queries.counts(session, batch.id)
    batch.finished_at = now_utc()
    await session.flush()  # autoflush is off: later reads in this unit must see the change


async def log_download(session: AsyncSession, batch: ReconcileBatch, *, actor: Actor) -> None:
    """The results say, per row, which compared fields differ: the member downloading them must
    hold every optional column compared, as the one who submitted did (checked before logging)."""
    _check_mandate(batch.columns, actor)
    await record_event(
        session,
        EventType.RECONCILIATION_RESULTS_DOWNLOADED,
        actor=actor,
        data={"batch_id": batch.id, "rows": batch.row_count},
        purpose=batch.purpose,
        legal_basis=batch.legal_basis,
    )
