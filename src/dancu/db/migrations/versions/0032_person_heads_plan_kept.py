"""access log: the person-head read is planned once per connection, not on every append

Revision ID: 0032_person_heads_plan_kept
Revises: 0031_audit_person_heads
Create Date: 2026-12-06 05:00:00

docs/adr/0017, amendment "session 9". Migration 0031's ``audit_person_heads`` is a SQL-language
function with a ``SET`` clause: PostgreSQL 15 cannot inline it and keeps no plan for its statement,
so every call planned the read again. At 10 M, under the lookup bench, pg_stat_statements counted
one plan per group commit: 187 µs of planning beside 78 µs of execution.

The function is now PL/pgSQL, whose statements keep their plans in the connection's plan cache, with
``plan_cache_mode = force_generic_plan`` beside 0031's ``enable_sort = off``. Its parameter is the
array of people, whose length a custom plan would take from the call and a generic plan cannot
know: left to choose, the server would go on planning a custom plan for each call. The generic
plan is 0031's bounded one (one backward index probe per month, no sort), planned with sorting off.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0032_person_heads_plan_kept"
down_revision: str | None = "0031_audit_person_heads"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# CREATE OR REPLACE may change a function's language and sets every property it names (the SET
# clauses included) anew; audit_take_heads, which calls the function by name, is untouched.
PERSON_HEADS = """
CREATE OR REPLACE FUNCTION audit_person_heads(people integer[])
RETURNS TABLE (sid integer, last varchar)
LANGUAGE plpgsql STABLE
SET enable_sort = off
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT p.sid,
        (SELECT e.entry_hash FROM event AS e
         WHERE e.subject_citizen_id = p.sid ORDER BY e.id DESC LIMIT 1)::varchar
    FROM unnest(people) AS p(sid);
END
$fn$
"""

# Migration 0031's function, which the downgrade puts back.
PERSON_HEADS_0031 = """
CREATE OR REPLACE FUNCTION audit_person_heads(people integer[])
RETURNS TABLE (sid integer, last varchar)
LANGUAGE sql STABLE
SET enable_sort = off
AS $fn$
    SELECT p.sid,
        (SELECT e.entry_hash FROM event AS e
         WHERE e.subject_citizen_id = p.sid ORDER BY e.id DESC LIMIT 1)::varchar
    FROM unnest(people) AS p(sid)
$fn$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PERSON_HEADS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PERSON_HEADS_0031)
