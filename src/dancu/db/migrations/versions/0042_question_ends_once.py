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
row per requester, before the join. Same answers, same plan settings (0038): the function the
database holds is recreated with only that word added (and without it on the way down).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0042_question_ends_once"
down_revision: str | None = "0041_audit_chain_count_stored"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INLINED, COMPUTED_FIRST = "WITH ends AS (", "WITH ends AS MATERIALIZED ("


def _rewrite(old: str, new: str) -> str:
    """The function as the database holds it (properties, SET clauses and all), recreated with
    ``old`` written as ``new``; an error, not a silent no-op, when ``old`` is not in it."""
    return f"""
DO $do$
DECLARE
    definition text := pg_get_functiondef(
        'verification_counts(text[], text[], timestamptz, integer)'::regprocedure
    );
BEGIN
    IF position('{old}' IN definition) = 0 THEN
        RAISE EXCEPTION 'verification_counts does not read {old}';
    END IF;
    EXECUTE replace(definition, '{old}', '{new}');
END
$do$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_rewrite(INLINED, COMPUTED_FIRST))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_rewrite(COMPUTED_FIRST, INLINED))
