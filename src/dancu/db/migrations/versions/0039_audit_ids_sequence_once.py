"""access log: the heads' call resolves the entries' id sequence once, not once an id

Revision ID: 0039_audit_ids_sequence_once
Revises: 0038_question_counts_plan_kept
Create Date: 2026-12-07 00:00:00

docs/adr/0017, amendment "session 18". ``audit_take_heads`` (migrations 0028, 0031) draws a group's
ids with ``nextval(pg_get_serial_sequence('event', 'id'))`` for each id: a catalogue lookup of the
table and its column for every entry, while the chain heads are locked. A search page appends 20
entries in one group; at 10 M the call cost the database ~450 µs for 17 chains and 20 people, ~100 µs
of it in those lookups. The sequence is now resolved once a call, into a constant of the function.
Same signature, same locks in the same order, same rows and ids: a server of the previous release
calling it gets what it got before.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0039_audit_ids_sequence_once"
down_revision: str | None = "0038_question_counts_plan_kept"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Migration 0031's function with the sequence resolved once; the downgrade puts 0031's back.
TAKE_HEADS = """
CREATE OR REPLACE FUNCTION audit_take_heads(chains integer[], counts integer[], people integer[])
RETURNS TABLE (
    t_chain integer, t_seq bigint, t_head varchar, t_ids bigint[], p_sid integer, p_last varchar
)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    event_ids CONSTANT regclass := pg_get_serial_sequence('event', 'id')::regclass;
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
        (SELECT array_agg(nextval(event_ids)) FROM generate_series(1, locked.n))::bigint[],
        NULL::integer, NULL::varchar;

    RETURN QUERY
    SELECT NULL::integer, NULL::bigint, NULL::varchar, NULL::bigint[], h.sid, h.last
    FROM audit_person_heads(people) AS h;
END
$fn$
"""
ONCE = """DECLARE
    event_ids CONSTANT regclass := pg_get_serial_sequence('event', 'id')::regclass;
BEGIN"""
ONCE_DRAW = "(SELECT array_agg(nextval(event_ids)) FROM generate_series(1, locked.n))::bigint[]"
EACH_DRAW = """(SELECT array_agg(nextval(pg_get_serial_sequence('event', 'id')))
         FROM generate_series(1, locked.n))::bigint[]"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TAKE_HEADS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TAKE_HEADS.replace(ONCE, "BEGIN").replace(ONCE_DRAW, EACH_DRAW))
