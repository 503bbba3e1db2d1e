"""The history as one row per recording event per person (``fact_set``), read through a ``fact`` view
that expands each set into its assertions (docs/adr/0019).

Existing facts are grouped by (citizen, event, recorded_at, provenance) in id order; the sets are
numbered in the order of their first fact, so the order of facts (recorded_at, id) is kept. The old
per-item table is dropped: a read-only copy would double the history's size and drift from it.
``ix_fact_ref (item, ref_id)`` is not rebuilt: no query reads by it.

Revision ID: 0026_fact_sets
Revises: 0025_undetermined_comparison
Create Date: 2026-12-05 20:20:00
"""

# ruff: noqa: S608  (statements are built from this module's constant column names only)
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import dancu.db.base

revision: str = "0026_fact_sets"
down_revision: str | None = "0025_undetermined_comparison"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PER_SET = 256  # registry.models.ASSERTIONS_PER_SET: a fact's id is its set's id * 256 + position
PROVENANCE = (
    "recorded_at", "change_kind", "source", "verification", "legal_basis", "dossier_number", "reason",
    "event_id", "officer_account_id",
)  # fmt: skip
FACT_COLUMNS = ("id", "citizen_id", "item", "key", "value", "ref_id", "valid_from", "valid_to", *PROVENANCE)

PG_VIEW = f"""
CREATE VIEW fact AS
SELECT s.id::bigint * {PER_SET} + e.n - 1 AS id, s.citizen_id,
       (e.a ->> 'i')::varchar(40) AS item,
       coalesce(e.a ->> 'k', '')::varchar(80) COLLATE "C" AS key,
       (e.a -> 'v')::jsonb AS value,
       (e.a ->> 'r')::integer AS ref_id,
       (e.a ->> 'f')::date AS valid_from,
       (e.a ->> 't')::date AS valid_to,
       {", ".join(f"s.{c}" for c in PROVENANCE)}
FROM fact_set AS s CROSS JOIN LATERAL json_array_elements(s.assertions) WITH ORDINALITY AS e(a, n)
"""
# json_each numbers array elements from 0; ``->`` keeps a value's JSON form (a string stays quoted).
SQLITE_VIEW = f"""
CREATE VIEW fact AS
SELECT s.id * {PER_SET} + e.key AS id, s.citizen_id,
       e.value ->> '$.i' AS item,
       coalesce(e.value ->> '$.k', '') AS key,
       e.value -> '$.v' AS value,
       e.value ->> '$.r' AS ref_id,
       e.value ->> '$.f' AS valid_from,
       e.value ->> '$.t' AS valid_to,
       {", ".join(f"s.{c}" for c in PROVENANCE)}
FROM fact_set AS s, json_each(s.assertions) AS e
"""

# Sets in the order of their first fact; a group larger than a set holds is cut in id order.
PG_COPY = f"""
INSERT INTO fact_set (id, citizen_id, assertions, {", ".join(PROVENANCE)})
SELECT row_number() OVER (ORDER BY min(id)), citizen_id,
       json_agg(
         jsonb_build_object('i', item)
         || CASE WHEN key <> '' THEN jsonb_build_object('k', key) ELSE '{{}}' END
         || CASE WHEN value IS NOT NULL THEN jsonb_build_object('v', value) ELSE '{{}}' END
         || CASE WHEN ref_id IS NOT NULL THEN jsonb_build_object('r', ref_id) ELSE '{{}}' END
         || CASE WHEN valid_from IS NOT NULL THEN jsonb_build_object('f', valid_from) ELSE '{{}}' END
         || CASE WHEN valid_to IS NOT NULL THEN jsonb_build_object('t', valid_to) ELSE '{{}}' END
         ORDER BY id
       ),
       {", ".join(PROVENANCE)}
FROM (
  SELECT f.*, (row_number() OVER (
    PARTITION BY citizen_id, {", ".join(PROVENANCE)} ORDER BY id) - 1) / {PER_SET} AS part
  FROM fact AS f
) AS numbered
GROUP BY citizen_id, {", ".join(PROVENANCE)}, part
"""


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "fact_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        # json, not jsonb, on PostgreSQL: a bulk load's server time is mostly parsing this column, and
        # json only checks the syntax (3x the COPY rate of jsonb here); reads expand one person's sets.
        sa.Column("assertions", sa.JSON(), nullable=False),
        sa.Column("recorded_at", dancu.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("change_kind", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("verification", sa.String(length=40), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=True),
        sa.Column("dossier_number", sa.String(length=60), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("officer_account_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(_size_check(postgres), name="assertions_per_set"),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_fact_set_citizen_id_citizen")),
        sa.ForeignKeyConstraint(
            ["officer_account_id"], ["account.id"], name=op.f("fk_fact_set_officer_account_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_set")),
    )
    if postgres:
        op.execute(PG_COPY)
        op.execute(
            "SELECT setval(pg_get_serial_sequence('fact_set', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM fact_set), false)"
        )
    else:
        _sqlite_copy()
    op.create_index("ix_fact_set_citizen_id", "fact_set", ["citizen_id", "recorded_at"], unique=False)
    op.create_index("ix_fact_set_event_id", "fact_set", ["event_id"], unique=False)
    op.drop_table("fact")  # its indexes and append-only triggers go with it
    op.execute(PG_VIEW if postgres else SQLITE_VIEW)
    _append_only(postgres)


def _size_check(postgres: bool) -> str:
    if postgres:
        return f"json_typeof(assertions) = 'array' AND json_array_length(assertions) BETWEEN 1 AND {PER_SET}"
    return f"json_array_length(assertions) BETWEEN 1 AND {PER_SET}"


def _assertion(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"i": row.item}
    if row.key:
        out["k"] = row.key
    if row.value is not None:  # a JSON number comes back as a number (the column's numeric affinity)
        out["v"] = json.loads(row.value) if isinstance(row.value, str) else row.value
    if row.ref_id is not None:
        out["r"] = row.ref_id
    if row.valid_from is not None:
        out["f"] = row.valid_from
    if row.valid_to is not None:
        out["t"] = row.valid_to
    return out


def _sqlite_copy() -> None:
    """SQLite before 3.44 has no ordered aggregate: group in id order here (an embedded database)."""
    conn = op.get_bind()
    rows = conn.execute(sa.text(f"SELECT {', '.join(FACT_COLUMNS)} FROM fact ORDER BY id"))
    sets: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    order: list[tuple[Any, ...]] = []
    for row in rows:
        group = (row.citizen_id, *(getattr(row, c) for c in PROVENANCE))
        part = 0
        while len(sets.get((*group, part), ())) >= PER_SET:
            part += 1
        if (*group, part) not in sets:
            sets[(*group, part)] = []
            order.append((*group, part))
        sets[(*group, part)].append(_assertion(row))
    insert = sa.text(
        f"INSERT INTO fact_set (id, citizen_id, assertions, {', '.join(PROVENANCE)}) "
        f"VALUES (:id, :citizen_id, :assertions, {', '.join(':' + c for c in PROVENANCE)})"
    )
    for number, group in enumerate(order, start=1):
        values = dict(zip(("citizen_id", *PROVENANCE), group[:-1], strict=True))
        conn.execute(
            insert, values | {"id": number, "assertions": json.dumps(sets[group], ensure_ascii=False)}
        )


def _append_only(postgres: bool) -> None:
    """fact_set refuses updates and deletes (as 0002 made ``fact`` do); the view refuses them by name
    too, so a write aimed at ``fact`` fails with the same message as before."""
    if postgres:
        op.execute(
            "CREATE TRIGGER fact_set_append_only BEFORE UPDATE OR DELETE ON fact_set "
            "FOR EACH ROW EXECUTE FUNCTION dancu_refuse_change()"
        )
        op.execute(
            "CREATE TRIGGER fact_set_no_truncate BEFORE TRUNCATE ON fact_set "
            "FOR EACH STATEMENT EXECUTE FUNCTION dancu_refuse_change()"
        )
        op.execute(
            "CREATE TRIGGER fact_append_only INSTEAD OF UPDATE OR DELETE ON fact "
            "FOR EACH ROW EXECUTE FUNCTION dancu_refuse_change()"
        )
        return
    for table, when in (("fact_set", "BEFORE"), ("fact", "INSTEAD OF")):
        for operation in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{operation.lower()} {when} {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'dancu: {operation} on append-only table {table} refused'); END"
            )


def downgrade() -> None:
    """Back to one row per fact, renumbered in the same order (0025's ids cannot be recovered)."""
    postgres = op.get_bind().dialect.name == "postgresql"
    op.execute(f"CREATE TEMPORARY TABLE fact_rows AS SELECT {', '.join(FACT_COLUMNS)} FROM fact")
    op.execute("DROP VIEW fact")  # and its triggers
    op.create_table(
        "fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column(
            "key",
            sa.String(length=80).with_variant(sa.String(length=80, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("recorded_at", dancu.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("change_kind", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("verification", sa.String(length=40), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=True),
        sa.Column("dossier_number", sa.String(length=60), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("officer_account_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizen.id"], name=op.f("fk_fact_citizen_id_citizen")),
        sa.ForeignKeyConstraint(
            ["officer_account_id"], ["account.id"], name=op.f("fk_fact_officer_account_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact")),
    )
    rest = ", ".join(FACT_COLUMNS[1:])
    op.execute(f"INSERT INTO fact (id, {rest}) SELECT row_number() OVER (ORDER BY id), {rest} FROM fact_rows")
    op.execute("DROP TABLE fact_rows")
    if postgres:
        op.execute(
            "SELECT setval(pg_get_serial_sequence('fact', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM fact), false)"
        )
    op.create_index(
        "ix_fact_citizen_item", "fact", ["citizen_id", "item", "key", "recorded_at"], unique=False
    )
    op.create_index("ix_fact_ref", "fact", ["item", "ref_id"], unique=False)
    op.drop_table("fact_set")  # and its triggers
    if postgres:
        op.execute(
            "CREATE TRIGGER fact_append_only BEFORE UPDATE OR DELETE ON fact "
            "FOR EACH ROW EXECUTE FUNCTION dancu_refuse_change()"
        )
        op.execute(
            "CREATE TRIGGER fact_no_truncate BEFORE TRUNCATE ON fact "
            "FOR EACH STATEMENT EXECUTE FUNCTION dancu_refuse_change()"
        )
        return
    for operation in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER fact_no_{operation.lower()} BEFORE {operation} ON fact "
            f"BEGIN SELECT RAISE(ABORT, 'dancu: {operation} on append-only table fact refused'); END"
        )
