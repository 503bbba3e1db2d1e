"""Reads of reconciliation: a batch (scoped to its organisation), a chunk's join, the results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.errors import NotFound
from dancu.jobs.models import Job
from dancu.registry.models import Citizen, PinRecord
from dancu.sharing.reconcile.bulk import driver_connection, is_postgresql
from dancu.sharing.reconcile.models import ReconcileBatch, ReconcileInput, ReconcileResult, ResultCode

RESULT_PAGE = 20_000


async def batch_for(session: AsyncSession, batch_id: int, *, actor: Actor) -> tuple[ReconcileBatch, Job]:
    """The batch and its job, only for a member of the organisation that submitted it (else 404)."""
    row = (
        await session.execute(
            select(ReconcileBatch, Job)
            .join(Job, Job.id == ReconcileBatch.job_id)
            .where(ReconcileBatch.id == batch_id, ReconcileBatch.organisation_id == actor.organisation_id)
        )
    ).first()
    if row is None or actor.organisation_id is None:
        raise NotFound("reconcile.batch_not_found")
    return row[0], row[1]


def chunk_query(batch_id: int, lo: int, hi: int) -> Any:
    """Rows lo < row_no ≤ hi joined, by any PIN ever assigned, to the person's current record."""
    i, p, c = ReconcileInput, PinRecord, Citizen
    return (
        select(
            i.row_no,
            i.pin,
            i.full_name,
            i.date_of_birth,
            i.sex,
            i.unit_code,
            i.problem,
            i.problem_field,
            c.id,
            c.pin,
            c.full_name,
            c.name_search,
            c.dob,
            c.sex,
            c.status,
            c.residence_unit_code,
        )
        .select_from(i)
        .outerjoin(p, p.pin == i.pin)
        .outerjoin(c, c.id == p.citizen_id)
        .where(i.batch_id == batch_id, i.row_no > lo, i.row_no <= hi)
        .order_by(i.row_no)
    )


# The same join for PostgreSQL, sent straight to the driver: at a million rows the ORM's per-row
# result processing costs more than the join itself. No ORDER BY: results are keyed by row_no.
CHUNK_SQL = """
SELECT i.row_no, i.pin, i.full_name, i.date_of_birth, i.sex, i.unit_code, i.problem, i.problem_field,
       c.id, c.pin, c.full_name, c.name_search, c.dob, c.sex, c.status, c.residence_unit_code
FROM reconcile_input i
LEFT JOIN pin_record p ON p.pin = i.pin
LEFT JOIN citizen c ON c.id = p.citizen_id
WHERE i.batch_id = $1 AND i.row_no > $2 AND i.row_no <= $3
"""


async def chunk_rows(session: AsyncSession, batch_id: int, lo: int, hi: int) -> Sequence[Sequence[Any]]:
    """The rows of one chunk, each as the 16 columns of :func:`chunk_query`."""
    if is_postgresql(session):
        conn = await driver_connection(session)
        return [tuple(record) for record in await conn.fetch(CHUNK_SQL, batch_id, lo, hi)]
    return (await session.execute(chunk_query(batch_id, lo, hi))).all()


async def counts(session: AsyncSession, batch_id: int) -> dict[str, int]:
    rows = await session.execute(
        select(ReconcileResult.code, func.count())
        .where(ReconcileResult.batch_id == batch_id)
        .group_by(ReconcileResult.code)
    )
    found = {ResultCode(code).value: int(n) for code, n in rows.all()}
    return {code.value: found.get(code.value, 0) for code in ResultCode}


async def results(session: AsyncSession, batch_id: int) -> list[Sequence[Any]]:
    """Every result in row order with the submitted PIN, read in keyset pages."""
    out: list[Sequence[Any]] = []
    after = 0
    r, i = ReconcileResult, ReconcileInput
    while True:
        page = (
            await session.execute(
                select(r.row_no, i.pin, r.code, r.fields, r.current_pin, r.detail)
                .join(i, (i.batch_id == r.batch_id) & (i.row_no == r.row_no))
                .where(r.batch_id == batch_id, r.row_no > after)
                .order_by(r.row_no)
                .limit(RESULT_PAGE)
            )
        ).all()
        out.extend(page)
        if len(page) < RESULT_PAGE:
            return out
        after = page[-1][0]
