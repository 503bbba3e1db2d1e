"""yes/no verification: the requesters' locks and the count in one call

Revision ID: 0035_question_locks_with_count
Revises: 0034_question_counts_replanned
Create Date: 2026-12-06 10:40:00

docs/adr/0017, amendment "session 12". A group of yes/no questions on the driver path
(lookup/verify_driver.py) took its requesters' advisory locks in one statement, then counted their
questions in another: the count had to be a statement of its own so that its snapshot, taken once
the locks were held, saw every question committed by whoever held them before. Each was a round
trip made while the locks were held, and the bench's one agency has one lock, which the two server
processes' groups take in turn until their commits.

``verification_locked_counts`` makes both in one call. It is VOLATILE PL/pgSQL: each statement in
it takes a fresh snapshot, so the count (``verification_counts`` of migration 0034, unchanged) still
reads after the locks are held, as ``audit_take_heads`` (migration 0028) reads the people's heads
after its chain locks. The locks are taken in ascending order of their keys, the same keys as the
session path's ``REQUESTER_LOCK``, so no two groups deadlock on them.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0035_question_locks_with_count"
down_revision: str | None = "0034_question_counts_replanned"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOCKED_COUNTS = """
CREATE OR REPLACE FUNCTION verification_locked_counts(
    requesters text[], digests text[], since timestamptz, cap integer
)
RETURNS TABLE (requester text, digest text, last_seq bigint, last_at timestamptz, total bigint, about bigint)
LANGUAGE plpgsql VOLATILE
AS $fn$
BEGIN
    PERFORM pg_advisory_xact_lock(keys.h) FROM (
        SELECT DISTINCT hashtextextended('verification:' || k, 0) AS h FROM unnest(requesters) AS k ORDER BY h
    ) AS keys;
    RETURN QUERY SELECT * FROM verification_counts(requesters, digests, since, cap);
END
$fn$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(LOCKED_COUNTS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS verification_locked_counts(text[], text[], timestamptz, integer)")
