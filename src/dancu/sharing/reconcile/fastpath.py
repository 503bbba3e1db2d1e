"""The comparison of one chunk on PostgreSQL, where most of it runs inside the server.

Nearly every submitted row either broke a rule, names a PIN never assigned, or gives the name
byte for byte as the register holds it. For those rows every rule of :mod:`compare` is an equality
of stored text, so one statement joins the chunk to the register once, writes their results
straight into ``reconcile_result`` and sends back only the rest — rows whose name differs in its
bytes, which may still agree under the lookup's rule (Unicode form, case, spacing, tone-mark
placement, no marks at all) and are compared in Python by :func:`compare.outcome`, the one
definition of the rule. The same statement returns every person compared, for the chunk's log
entry (docs/adr/0007). ``test_reconcile`` runs every case on both engines, so the SQL here and the
Python rule are held to the same results.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.enums.registry import LifeStatus
from dancu.sharing.reconcile.bulk import driver_connection
from dancu.sharing.reconcile.models import CompareField, ResultCode

_R = ResultCode
_FIELDS = f"""concat_ws(',',
    CASE WHEN date_of_birth <> c_dob THEN '{CompareField.DATE_OF_BIRTH.value}' END,
    CASE WHEN sex IS NOT NULL AND sex <> c_sex THEN '{CompareField.SEX.value}' END,
    CASE WHEN unit_code IS NOT NULL AND unit_code IS DISTINCT FROM c_unit
         THEN '{CompareField.PERMANENT_RESIDENCE_UNIT.value}' END)"""
# Precedence as in compare.outcome: INVALID_ROW, UNKNOWN_PIN, CANCELLED_PIN, DECEASED, MISMATCH.
_CODE = f"""CASE WHEN problem IS NOT NULL THEN '{_R.INVALID_ROW.value}'
    WHEN c_id IS NULL THEN '{_R.UNKNOWN_PIN.value}'
    WHEN c_pin <> pin THEN '{_R.CANCELLED_PIN.value}'
    WHEN c_status = $4 THEN '{_R.DECEASED.value}'
    WHEN {_FIELDS} <> '' THEN '{_R.MISMATCH.value}' ELSE '{_R.MATCH.value}' END"""
_SLOW = "problem IS NULL AND c_id IS NOT NULL AND full_name <> c_full_name"

# $1 batch, $2 < row_no ≤ $3, $4 the dead status. The chunk is joined once (MATERIALIZED: the CTE
# is read three times); the INSERT runs to completion whether or not anything reads it (PostgreSQL
# runs a data-modifying WITH exactly once). The first branch returns the rows left for Python, and
# one last row (row_no NULL) the sorted ids of everyone compared.
CHUNK_SQL = f"""
WITH j AS MATERIALIZED (
    SELECT i.row_no, i.pin, i.full_name, i.date_of_birth, i.sex, i.unit_code, i.problem, i.problem_field,
           c.id AS c_id, c.pin AS c_pin, c.full_name AS c_full_name, c.name_search AS c_name_search,
           c.dob AS c_dob, c.sex AS c_sex, c.status AS c_status, c.residence_unit_code AS c_unit
    FROM reconcile_input i
    LEFT JOIN pin_record p ON p.pin = i.pin
    LEFT JOIN citizen c ON c.id = p.citizen_id
    WHERE i.batch_id = $1 AND i.row_no > $2 AND i.row_no <= $3
), written AS (
    INSERT INTO reconcile_result (batch_id, row_no, code, fields, current_pin, detail)
    SELECT $1, row_no, {_CODE},
           CASE WHEN problem IS NOT NULL OR c_id IS NULL THEN '' ELSE {_FIELDS} END,
           CASE WHEN problem IS NULL AND c_pin <> pin THEN c_pin END,
           CASE WHEN problem IS NULL THEN NULL
                WHEN coalesce(problem_field, '') = '' THEN problem
                ELSE problem || ':' || problem_field END
    FROM j WHERE NOT ({_SLOW})
)
SELECT row_no, pin, full_name, date_of_birth, sex, unit_code, problem, problem_field,
       c_id, c_pin, c_full_name, c_name_search, c_dob, c_sex, c_status, c_unit, NULL::int[] AS subjects
FROM j WHERE {_SLOW}
UNION ALL
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       (SELECT coalesce(array_agg(DISTINCT c_id ORDER BY c_id), '{{}}') FROM j
        WHERE problem IS NULL AND c_id IS NOT NULL)
"""  # noqa: S608 (only this module's constants are interpolated)


async def compare_in_server(
    session: AsyncSession, batch_id: int, lo: int, hi: int
) -> tuple[list[Sequence[Any]], list[int]]:
    """Write the results of the chunk's plain rows; return the rows left for Python (the 16 columns
    of :func:`queries.chunk_query`) and the sorted ids of every person the chunk compared."""
    conn = await driver_connection(session)
    records = await conn.fetch(CHUNK_SQL, batch_id, lo, hi, LifeStatus.DEAD.value)
    left: list[Sequence[Any]] = []
    subjects: list[int] = []
    for record in records:
        if record["row_no"] is None:
            subjects = list(record["subjects"])
        else:
            left.append(tuple(record)[:16])
    return left, subjects
