"""yes/no verification: the requester's last and first questions read once per requester

Revision ID: 0042_question_ends_once
Revises: 0041_audit_chain_count_stored
Create Date: 2026-12-07 11:20:00

docs/adr/0017, amendment "session 23". ``verification_counts`` (migration 0038) reads, for each
requester of a group, its last question and the period's first (``ends``), and for each question
the count about its subject. ``ends`` was referenced once, so PostgreSQL inlined it into the join
with the questions and ran its two lateral probes again for every question of the requester: a
group of twelve questions of one agency probed ``ix_verification_question_seq`` and
``ix_verification_question_requester`` twelve times each (``pg_stat_user_indexes`` under the
verification bench: 1.0 scan of each per question). ``MATERIALIZED`` computes ``ends`` once, one
row per requester, before the join. Same answers, same plan settings (0038); only ``ends`` changed.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0042_question_ends_once"
down_revision: str | None = "0041_audit_chain_count_stored"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Migration 0038's function, which the downgrade puts back.
COUNTS_0038 = """
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
# This migration's: the same function with ``ends`` computed first.
COUNTS = COUNTS_0038.replace("    WITH ends AS (", "    WITH ends AS MATERIALIZED (", 1)
assert COUNTS != COUNTS_0038


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # CREATE OR REPLACE sets every property it names anew (the SET clauses included).
        op.execute(COUNTS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(COUNTS_0038)
