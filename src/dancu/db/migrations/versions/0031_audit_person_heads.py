"""access log: a person's latest entry read by a function that cannot sort their whole history

Revision ID: 0031_audit_person_heads
Revises: 0030_event_subject_without_lock
Create Date: 2026-12-06 03:20:00

docs/adr/0017, amendment "session 8". Every append reads each person's latest entry (by id, the
person's chain order) for the new entry's ``subject_prev_hash``:
``SELECT entry_hash FROM event WHERE subject_citizen_id = p ORDER BY id DESC LIMIT 1``. On the
partitioned log the bounded plan is a Merge Append of one backward index probe per month (migration
0030's ``ix_event_subject_latest``). The planner estimates a person's entries from the column's
statistics, where most people have one or none. It then prefers to append every month's matching
entries and sort them: at 10 M after the benches, 4.2 ms and ~2,000 entries read for each person
who had been looked up often, against 0.03 ms. A search page names 20 such people.

``audit_person_heads(people)`` runs that read with ``enable_sort`` off, for the function only, so
the only plan left without a sort is the Merge Append. ``audit_take_heads`` (migration 0028), the ORM
path's person-head statement and the COPY loader call it.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0031_audit_person_heads"
down_revision: str | None = "0030_event_subject_without_lock"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PERSON_HEADS = """
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

TAKE_HEADS = """
CREATE OR REPLACE FUNCTION audit_take_heads(chains integer[], counts integer[], people integer[])
RETURNS TABLE (
    t_chain integer, t_seq bigint, t_head varchar, t_ids bigint[], p_sid integer, p_last varchar
)
LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
    RETURN QUERY
    WITH locked AS (
        SELECT c.chain, w.n
        FROM audit_chain AS c JOIN unnest(chains, counts) AS w(chain, n) ON w.chain = c.chain
        ORDER BY c.chain
        FOR UPDATE OF c
    )
    UPDATE audit_chain AS a SET seq = a.seq + locked.n
    FROM locked
    WHERE a.chain = locked.chain
    RETURNING
        a.chain, a.seq::bigint, a.head_hash::varchar,
        (SELECT array_agg(nextval(pg_get_serial_sequence('event', 'id')))
         FROM generate_series(1, locked.n))::bigint[],
        NULL::integer, NULL::varchar;

    RETURN QUERY
    SELECT NULL::integer, NULL::bigint, NULL::varchar, NULL::bigint[], h.sid, h.last
    FROM audit_person_heads(people) AS h;
END
$fn$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PERSON_HEADS)
        op.execute(TAKE_HEADS)


# Migration 0028's second statement, which the downgrade puts back.
INLINE_PEOPLE = """
    RETURN QUERY
    SELECT
        NULL::integer, NULL::bigint, NULL::varchar, NULL::bigint[], p.sid,
        (SELECT e.entry_hash FROM event AS e
         WHERE e.subject_citizen_id = p.sid ORDER BY e.id DESC LIMIT 1)::varchar
    FROM unnest(people) AS p(sid);
"""
BY_FUNCTION = """
    RETURN QUERY
    SELECT NULL::integer, NULL::bigint, NULL::varchar, NULL::bigint[], h.sid, h.last
    FROM audit_person_heads(people) AS h;
"""


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TAKE_HEADS.replace(BY_FUNCTION, INLINE_PEOPLE))
        op.execute("DROP FUNCTION IF EXISTS audit_person_heads(integer[])")
