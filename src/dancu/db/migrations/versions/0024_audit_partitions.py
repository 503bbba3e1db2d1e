"""audit: the log partitioned by month on PostgreSQL, 64-bit entry ids (docs/adr/0018)

PostgreSQL: ``event`` becomes a table partitioned by range of ``occurred_at``, one partition per
UTC month from the oldest entry to three months ahead, plus a default partition (an insert never
fails for want of a partition). The existing rows are copied into it, in place of the old table,
with their ids, hashes and MACs unchanged; the id sequence is kept and widened to 64 bits.
A partitioned table's keys must name its partition key, so the primary key becomes
(id, occurred_at) and the two unique constraints gain ``occurred_at``; the foreign keys from
``fact`` and ``feed_entry`` to ``event.id`` cannot exist any more and are dropped (the append writes
an entry and the rows pointing at it in one transaction). Every column holding an entry id becomes
``bigint``: at 1,000 entries a second a 32-bit id runs out in 25 days.

SQLite keeps one table; it gets the same constraints (its INTEGER is already 64-bit), rebuilt by
batch mode, and the append-only triggers of 0002 are made again on the rebuilt tables.

Revision ID: 0024_audit_partitions
Revises: 0023_name_search_rekey
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import dancu.db.base

revision: str = "0024_audit_partitions"
down_revision: str | None = "0023_name_search_rekey"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONTHS_AHEAD = 3
WIDENED = (("fact", "event_id"), ("feed_entry", "event_id"), ("event_subject", "event_id"))


def _pg_partitions_sql() -> list[str]:
    """One partition per month from the oldest entry's month to MONTHS_AHEAD after this one."""
    rows = op.get_bind().execute(
        sa.text(
            "SELECT to_char(m, 'YYYY_MM'), m, m + interval '1 month' FROM generate_series("
            " date_trunc('month', coalesce((SELECT min(occurred_at) FROM event_unpartitioned), now())"
            "  AT TIME ZONE 'UTC'),"
            " date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => :ahead),"
            " interval '1 month') AS m"
        ),
        {"ahead": MONTHS_AHEAD},
    )
    out = []
    for name, start, end in rows:
        out.append(
            f"CREATE TABLE event_{name} PARTITION OF event FOR VALUES FROM "
            f"('{start.isoformat()}+00') TO ('{end.isoformat()}+00')"
        )
        out.append(
            f"CREATE TRIGGER event_{name}_no_truncate BEFORE TRUNCATE ON event_{name} "
            "FOR EACH STATEMENT EXECUTE FUNCTION dancu_refuse_change()"
        )
    return out


def _pg_upgrade() -> None:
    op.execute("ALTER TABLE fact DROP CONSTRAINT fk_fact_event_id_event")
    op.execute("ALTER TABLE feed_entry DROP CONSTRAINT fk_feed_entry_event_id_event")
    for table, column in WIDENED:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE bigint")
    op.execute("ALTER TABLE audit_checkpoint ALTER COLUMN last_event_id TYPE bigint")
    # The old table steps aside under another name; its index names are freed for the new one.
    op.execute("ALTER TABLE event RENAME TO event_unpartitioned")
    for name in ("pk_event", "uq_event_chain_seq", "uq_event_entry_hash"):
        op.execute(f"ALTER TABLE event_unpartitioned RENAME CONSTRAINT {name} TO {name}_old")
    for name in ("ix_event_occurred_at", "ix_event_subject_citizen_id"):
        op.execute(f"ALTER INDEX {name} RENAME TO {name}_old")
    op.execute("ALTER SEQUENCE event_id_seq OWNED BY NONE")
    op.execute(
        "CREATE TABLE event (LIKE event_unpartitioned INCLUDING DEFAULTS) PARTITION BY RANGE (occurred_at)"
    )
    op.execute("ALTER TABLE event ALTER COLUMN id TYPE bigint")
    op.execute("ALTER SEQUENCE event_id_seq AS bigint OWNED BY event.id")
    op.execute("ALTER TABLE event ADD CONSTRAINT pk_event PRIMARY KEY (id, occurred_at)")
    op.execute("ALTER TABLE event ADD CONSTRAINT uq_event_chain_seq UNIQUE (chain, seq, occurred_at)")
    op.execute("ALTER TABLE event ADD CONSTRAINT uq_event_entry_hash UNIQUE (entry_hash, occurred_at)")
    op.execute(
        "ALTER TABLE event ADD CONSTRAINT fk_event_actor_account_id_account "
        "FOREIGN KEY (actor_account_id) REFERENCES account (id)"
    )
    op.execute(
        "ALTER TABLE event ADD CONSTRAINT fk_event_subject_citizen_id_citizen "
        "FOREIGN KEY (subject_citizen_id) REFERENCES citizen (id)"
    )
    op.execute("CREATE INDEX ix_event_occurred_at ON event (occurred_at)")
    op.execute("CREATE INDEX ix_event_subject_citizen_id ON event (subject_citizen_id, occurred_at, id)")
    for statement in _pg_partitions_sql():
        op.execute(statement)
    op.execute("CREATE TABLE event_default PARTITION OF event DEFAULT")
    op.execute(
        "CREATE TRIGGER event_default_no_truncate BEFORE TRUNCATE ON event_default "
        "FOR EACH STATEMENT EXECUTE FUNCTION dancu_refuse_change()"
    )
    op.execute("INSERT INTO event SELECT * FROM event_unpartitioned ORDER BY id")
    op.execute("DROP TABLE event_unpartitioned")
    # Row triggers on a partitioned table are cloned onto every partition, present and future.
    op.execute(
        "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event "
        "FOR EACH ROW EXECUTE FUNCTION dancu_refuse_change()"
    )
    op.execute(
        "CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event "
        "FOR EACH STATEMENT EXECUTE FUNCTION dancu_refuse_change()"
    )


def _pg_downgrade() -> None:
    op.execute("ALTER TABLE event RENAME TO event_partitioned")
    for name in ("pk_event", "uq_event_chain_seq", "uq_event_entry_hash"):
        op.execute(f"ALTER TABLE event_partitioned RENAME CONSTRAINT {name} TO {name}_old")
    for name in ("ix_event_occurred_at", "ix_event_subject_citizen_id"):
        op.execute(f"ALTER INDEX {name} RENAME TO {name}_old")
    op.execute("ALTER SEQUENCE event_id_seq OWNED BY NONE")
    op.execute("CREATE TABLE event (LIKE event_partitioned INCLUDING DEFAULTS)")
    op.execute("ALTER TABLE event ALTER COLUMN id TYPE integer")
    op.execute("ALTER SEQUENCE event_id_seq AS integer OWNED BY event.id")
    op.execute("INSERT INTO event SELECT * FROM event_partitioned ORDER BY id")
    op.execute("DROP TABLE event_partitioned CASCADE")
    op.execute("ALTER TABLE event ADD CONSTRAINT pk_event PRIMARY KEY (id)")
    op.execute("ALTER TABLE event ADD CONSTRAINT uq_event_chain_seq UNIQUE (chain, seq)")
    op.execute("ALTER TABLE event ADD CONSTRAINT uq_event_entry_hash UNIQUE (entry_hash)")
    op.execute(
        "ALTER TABLE event ADD CONSTRAINT fk_event_actor_account_id_account "
        "FOREIGN KEY (actor_account_id) REFERENCES account (id)"
    )
    op.execute(
        "ALTER TABLE event ADD CONSTRAINT fk_event_subject_citizen_id_citizen "
        "FOREIGN KEY (subject_citizen_id) REFERENCES citizen (id)"
    )
    op.execute("CREATE INDEX ix_event_occurred_at ON event (occurred_at)")
    op.execute("CREATE INDEX ix_event_subject_citizen_id ON event (subject_citizen_id, id)")
    op.execute(
        "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event "
        "FOR EACH ROW EXECUTE FUNCTION dancu_refuse_change()"
    )
    op.execute(
        "CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event "
        "FOR EACH STATEMENT EXECUTE FUNCTION dancu_refuse_change()"
    )
    op.execute("ALTER TABLE audit_checkpoint ALTER COLUMN last_event_id TYPE integer")
    for table, column in WIDENED:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE integer")
    op.execute(
        "ALTER TABLE fact ADD CONSTRAINT fk_fact_event_id_event FOREIGN KEY (event_id) REFERENCES event (id)"
    )
    op.execute(
        "ALTER TABLE feed_entry ADD CONSTRAINT fk_feed_entry_event_id_event "
        "FOREIGN KEY (event_id) REFERENCES event (id)"
    )


def _sqlite_append_only(table: str) -> None:
    """The triggers of 0002: a batch rebuild drops them with the old table."""
    for operation in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'dancu: {operation} on append-only table {table} refused'); END"
        )


def _sqlite_event(*, partitioned: bool) -> None:
    extra = ["occurred_at"] if partitioned else []
    op.drop_index("ix_event_subject_citizen_id", table_name="event")
    with op.batch_alter_table("event", recreate="always") as batch:
        batch.drop_constraint("uq_event_chain_seq", type_="unique")
        batch.drop_constraint("uq_event_entry_hash", type_="unique")
        batch.create_unique_constraint("uq_event_chain_seq", ["chain", "seq", *extra])
        batch.create_unique_constraint("uq_event_entry_hash", ["entry_hash", *extra])
    columns = ["subject_citizen_id", *extra, "id"]
    op.create_index("ix_event_subject_citizen_id", "event", columns, unique=False)
    _sqlite_append_only("event")


def _sqlite_upgrade() -> None:
    _sqlite_event(partitioned=True)
    with op.batch_alter_table("fact", recreate="always") as batch:
        batch.drop_constraint("fk_fact_event_id_event", type_="foreignkey")
    _sqlite_append_only("fact")
    with op.batch_alter_table("feed_entry", recreate="always") as batch:
        batch.drop_constraint("fk_feed_entry_event_id_event", type_="foreignkey")


def _sqlite_downgrade() -> None:
    with op.batch_alter_table("feed_entry", recreate="always") as batch:
        batch.create_foreign_key("fk_feed_entry_event_id_event", "event", ["event_id"], ["id"])
    with op.batch_alter_table("fact", recreate="always") as batch:
        batch.create_foreign_key("fk_fact_event_id_event", "event", ["event_id"], ["id"])
    _sqlite_append_only("fact")
    _sqlite_event(partitioned=False)


def _entry_id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _create_archive_table() -> None:
    """What each archived month held (its file's digest, its chains' positions)."""
    op.create_table(
        "audit_archive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partition", sa.String(length=40), nullable=False),
        sa.Column("starts_at", dancu.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", dancu.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("entries", _entry_id(), nullable=False),
        sa.Column("first_event_id", _entry_id(), nullable=False),
        sa.Column("last_event_id", _entry_id(), nullable=False),
        sa.Column("listed", _entry_id(), nullable=False),
        sa.Column("chains", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("checkpoint_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("archived_at", dancu.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkpoint_id"],
            ["audit_checkpoint.id"],
            name=op.f("fk_audit_archive_checkpoint_id_audit_checkpoint"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_archive")),
        sa.UniqueConstraint("partition", name=op.f("uq_audit_archive_partition")),
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _pg_upgrade()
    else:
        _sqlite_upgrade()
    _create_archive_table()


def downgrade() -> None:
    op.drop_table("audit_archive")
    if op.get_bind().dialect.name == "postgresql":
        _pg_downgrade()
    else:
        _sqlite_downgrade()
