"""access log: the group commit's first two statements (chain heads, person heads) as one call

Revision ID: 0028_audit_take_heads
Revises: 0027_receipt_ids_bigint
Create Date: 2026-12-05 20:25:00

``audit_take_heads(chains, counts, people)`` (PostgreSQL only; docs/adr/0017) does what
:mod:`dancu.audit.append` does in its statements 1 and 2, in one round trip:

1. locks the heads of ``chains`` in ascending chain order, advances each by its count and draws
   that many ids from the entry sequence under the lock (rows with ``t_chain`` set);
2. then reads each person's latest entry hash (rows with ``p_sid`` set). A VOLATILE PL/pgSQL
   function takes a fresh snapshot for each statement it runs, so this read sees every entry
   committed before the locks were granted, exactly as the second statement of the two-statement
   form does (in READ COMMITTED a statement sees what was committed when it began).

A chain without a head row is simply absent from the answer; the caller creates it and calls again.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0028_audit_take_heads"
down_revision: str | None = "0027_receipt_ids_bigint"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = """
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
    SELECT
        NULL::integer, NULL::bigint, NULL::varchar, NULL::bigint[], p.sid,
        (SELECT e.entry_hash FROM event AS e
         WHERE e.subject_citizen_id = p.sid ORDER BY e.id DESC LIMIT 1)::varchar
    FROM unnest(people) AS p(sid);
END
$fn$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_take_heads(integer[], integer[], integer[])")
