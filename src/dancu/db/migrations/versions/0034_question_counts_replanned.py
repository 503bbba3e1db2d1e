"""yes/no verification: the probing count is planned for the table as it is at each group

Revision ID: 0034_question_counts_replanned
Revises: 0033_question_ordinals
Create Date: 2026-12-06 07:20:00

docs/adr/0017, amendment "session 10". The driver path's count (lookup/verify_driver.py) was one
prepared statement on each pooled connection. ``verification_question`` starts empty; on an empty
table every plan costs the same, and the plan the server kept was a sequential scan and a sort (or,
with sequential scans off, the requester's index filtered by subject). Kept for the connection's
life and never replaced without an ANALYZE (this machine kind runs without autovacuum), it scanned
the whole table in every group as it grew: 5.2 ms a group after a few thousand questions, half the
verification's throughput in the first run on a new register.

``verification_counts`` runs the same reads in PL/pgSQL with ``plan_cache_mode =
force_custom_plan``: each call is planned with the table's size at that moment (about 0.2 ms), so
the index probes are chosen once there is anything to probe. It also answers each requester's last
question (its number and instant), which the questions' insert numbers after, so the insert reads
nothing of the table.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0034_question_counts_replanned"
down_revision: str | None = "0033_question_ordinals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = """
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
        op.execute(COUNTS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS verification_counts(text[], text[], timestamptz, integer)")
