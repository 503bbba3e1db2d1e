"""yes/no verification: the probing count keeps one plan per connection, right in every table state

Revision ID: 0038_question_counts_plan_kept
Revises: 0037_audit_entry_type
Create Date: 2026-12-06 19:20:00

docs/adr/0017, amendment "session 16". Migration 0034 planned the driver path's count anew at each
call (``force_custom_plan``) because a plan kept from when ``verification_question`` was empty
scanned the whole table in every group once it grew. At 10 M under the verification bench that
planning was most of the count: pg_stat_statements gave ~640 µs a group for the function against
~250 µs for its statement's execution, a third of the database's work on a question.

Now every statement keeps its generic plan, and the planner has only one path left that is not
disabled, whatever the table's size or statistics:

- with ``enable_seqscan``, ``enable_bitmapscan`` and ``enable_sort`` off (and ``jit`` off: the cost
  a disabled path is given would otherwise switch JIT compilation on for every call): the
  requester's last question by ``ix_verification_question_seq`` read backwards (every other index
  needs a sort for that order), the period's first by ``ix_verification_question_requester`` (the
  only index in ``asked_at, requester_seq`` order for one requester);
- the count about each subject by ``ix_verification_question_subject``: on an empty table the
  requester's indexes cost the same as the subject's, and the one the server kept read every
  question of the period for one subject's count. The count is written ``pin_digest >= d AND
  pin_digest <= d … ORDER BY pin_digest, asked_at``: the same rows, and in the B-tree the same start
  and stop as an equality, but an order only the subject's index gives without a sort (with an
  equality the planner drops ``pin_digest`` from the order, and the requester's index gives the rest).

Same answers as 0034's function; ``verification_locked_counts`` (0035) calls it by name, unchanged.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0038_question_counts_plan_kept"
down_revision: str | None = "0037_audit_entry_type"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = """
CREATE OR REPLACE FUNCTION verification_counts(
    requesters text[], digests text[], since timestamptz, cap integer
)
RETURNS TABLE (requester text, digest text, last_seq bigint, last_at timestamptz, total bigint, about bigint)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
SET enable_bitmapscan = off
SET enable_sort = off
SET jit = off
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH ends AS (
        SELECT t.r, l.seq, l.at, f.seq AS first_seq
        FROM (SELECT DISTINCT k.r FROM unnest(requesters) AS k(r)) AS t
        LEFT JOIN LATERAL (
            SELECT q.requester_seq AS seq, q.asked_at AS at FROM verification_question AS q
            WHERE q.requester_key = t.r ORDER BY q.requester_seq DESC LIMIT 1
        ) AS l ON true
        LEFT JOIN LATERAL (
            SELECT q.requester_seq AS seq FROM verification_question AS q
            WHERE q.requester_key = t.r AND q.asked_at >= since
            ORDER BY q.asked_at, q.requester_seq LIMIT 1
        ) AS f ON true
    )
    SELECT a.r, a.d, ends.seq, ends.at, coalesce(ends.seq - ends.first_seq + 1, 0)::bigint,
        (SELECT count(*) FROM (
            SELECT 1 FROM verification_question AS q
            WHERE q.requester_key = a.r AND q.pin_digest >= a.d AND q.pin_digest <= a.d
                AND q.asked_at >= since
            ORDER BY q.pin_digest, q.asked_at LIMIT cap
        ) AS s)
    FROM (SELECT DISTINCT k.r, k.d FROM unnest(requesters, digests) AS k(r, d)) AS a
    JOIN ends ON ends.r = a.r;
END
$fn$
"""

# Migration 0034's function, which the downgrade puts back (planned at each call).
COUNTS_0034 = """
CREATE OR REPLACE FUNCTION verification_counts(
    requesters text[], digests text[], since timestamptz, cap integer
)
RETURNS TABLE (requester text, digest text, last_seq bigint, last_at timestamptz, total bigint, about bigint)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH asked AS (SELECT DISTINCT k.r, k.d FROM unnest(requesters, digests) AS k(r, d)),
    ends AS (
        SELECT t.r, l.seq, l.at, f.seq AS first_seq
        FROM (SELECT DISTINCT asked.r FROM asked) AS t
        LEFT JOIN LATERAL (
            SELECT q.requester_seq AS seq, q.asked_at AS at FROM verification_question AS q
            WHERE q.requester_key = t.r ORDER BY q.requester_seq DESC LIMIT 1
        ) AS l ON true
        LEFT JOIN LATERAL (
            SELECT q.requester_seq AS seq FROM verification_question AS q
            WHERE q.requester_key = t.r AND q.asked_at >= since
            ORDER BY q.asked_at, q.requester_seq LIMIT 1
        ) AS f ON true
    )
    SELECT a.r, a.d, ends.seq, ends.at, coalesce(ends.seq - ends.first_seq + 1, 0)::bigint,
        (SELECT count(*) FROM (
            SELECT 1 FROM verification_question AS q
            WHERE q.requester_key = a.r AND q.pin_digest = a.d AND q.asked_at >= since LIMIT cap
        ) AS s)
    FROM asked AS a JOIN ends ON ends.r = a.r;
END
$fn$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # CREATE OR REPLACE sets every property it names anew (the SET clauses included).
        op.execute(COUNTS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(COUNTS_0034)
