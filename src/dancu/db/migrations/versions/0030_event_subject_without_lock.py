"""access log: an entry names its person without a foreign key, and its hash is not a unique key

Revision ID: 0030_event_subject_without_lock
Revises: 0029_citizen_search_indexes
Create Date: 2026-12-06 02:00:00

docs/adr/0017, amendment "session 8". Two costs every access-log entry paid on PostgreSQL, and what
keeps their guarantees:

- ``fk_event_subject_citizen_id_citizen``: the foreign key's check takes ``FOR KEY SHARE`` on the
  person's ``citizen`` row for every entry. That lock is written into the row, so each lookup dirtied
  a random page of a 10-million-row table. In a 10-second lookup load at 10 M people it made 75 % of
  the WAL: 5 KB per lookup, 60 % of those records full-page images. It cost ~100 µs of database CPU
  per lookup. What the key guarded, that an entry's person exists, holds without it. An entry's person
  is one the use case has just read. People are never deleted: a death or disappearance is a fact, and
  ``citizen_no_delete`` below now refuses a deletion or truncation of ``citizen`` in the database
  itself, which the key only did for people with entries.
- ``uq_event_entry_hash``: a unique index on a random 64-character key, one random leaf page per
  entry. Nothing reads entries by hash. An entry's hash covers its chain predecessor's, so no two
  entries of a valid log share one, and ``dancu audit verify`` recomputes every hash.

And one index more, ``ix_event_subject_latest`` on (person, id): every append
reads each person's latest entry (by id: the person's chain order) for the entry's
``subject_prev_hash``. The Data Tracker's index is ordered by time, so that read took every entry of
the person in every month from the table and sorted them. Each new entry of a person read all the
earlier ones: ~200 for each bench subject after a million lookups, years of entries for a person looked up daily.
Now it reads one index entry, and one row, per month partition holding the person's entries. The
index does not carry the hash: a 64-character column made it four times wider, and its random leaf
pages wrote more full-page images than the rest of the entry together.

On a log of many months the index build holds writes to ``event`` for its duration (minutes per
hundred million entries). To avoid it, an operator can make it beforehand, outside a transaction:
``CREATE INDEX ix_event_subject_latest ON ONLY event (subject_citizen_id, id)``, then for each
partition ``CREATE INDEX CONCURRENTLY … ON event_YYYY_MM (subject_citizen_id, id)`` and ``ALTER INDEX
ix_event_subject_latest ATTACH PARTITION …``. This migration then finds it (``IF NOT EXISTS``).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0030_event_subject_without_lock"
down_revision: str | None = "0029_citizen_search_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FK = "fk_event_subject_citizen_id_citizen"
UNIQUE_HASH = "uq_event_entry_hash"
NEVER_REMOVED = "people are never removed from the register"
LATEST = "ix_event_subject_latest"


def _sqlite_append_only(table: str) -> None:
    """The triggers of 0002: a batch rebuild drops them with the old table."""
    for operation in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'dancu: {operation} on append-only table {table} refused'); END"
        )


def _sqlite_event(*, keyed: bool) -> None:
    # Batch mode recreates the table; the index would clash with the copy's, so it is made again after.
    op.drop_index("ix_event_subject_citizen_id", table_name="event")
    with op.batch_alter_table("event", recreate="always") as batch:
        if keyed:
            batch.create_foreign_key(FK, "citizen", ["subject_citizen_id"], ["id"])
            batch.create_unique_constraint(UNIQUE_HASH, ["entry_hash", "occurred_at"])
        else:
            batch.drop_constraint(FK, type_="foreignkey")
            batch.drop_constraint(UNIQUE_HASH, type_="unique")
    op.create_index("ix_event_subject_citizen_id", "event", ["subject_citizen_id", "occurred_at", "id"])
    _sqlite_append_only("event")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        _sqlite_event(keyed=False)
        op.create_index(LATEST, "event", ["subject_citizen_id", "id"])
        op.execute(
            "CREATE TRIGGER citizen_no_delete BEFORE DELETE ON citizen "
            f"BEGIN SELECT RAISE(ABORT, 'dancu: DELETE on citizen refused: {NEVER_REMOVED}'); END"
        )
        return
    op.execute(f"ALTER TABLE event DROP CONSTRAINT {FK}")
    op.execute(f"ALTER TABLE event DROP CONSTRAINT {UNIQUE_HASH}")
    # On the partitioned table: each month's partition gets its own, the ones made later too.
    op.execute(f"CREATE INDEX IF NOT EXISTS {LATEST} ON event (subject_citizen_id, id)")
    # Rows stay updatable (a person's current name and PIN are kept on the row); only removal is refused.
    op.execute(
        "CREATE FUNCTION dancu_refuse_removal() RETURNS trigger AS $$ BEGIN "
        f"RAISE EXCEPTION 'dancu: % on % refused: {NEVER_REMOVED}', TG_OP, TG_TABLE_NAME "
        "USING ERRCODE = 'restrict_violation'; END $$ LANGUAGE plpgsql"
    )
    op.execute(
        "CREATE TRIGGER citizen_no_delete BEFORE DELETE ON citizen "
        "FOR EACH ROW EXECUTE FUNCTION dancu_refuse_removal()"
    )
    op.execute(
        "CREATE TRIGGER citizen_no_truncate BEFORE TRUNCATE ON citizen "
        "FOR EACH STATEMENT EXECUTE FUNCTION dancu_refuse_removal()"
    )


def downgrade() -> None:
    op.drop_index(LATEST, table_name="event")
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TRIGGER citizen_no_delete")
        _sqlite_event(keyed=True)
        return
    op.execute("DROP TRIGGER citizen_no_truncate ON citizen")
    op.execute("DROP TRIGGER citizen_no_delete ON citizen")
    op.execute("DROP FUNCTION dancu_refuse_removal()")
    op.execute(f"ALTER TABLE event ADD CONSTRAINT {UNIQUE_HASH} UNIQUE (entry_hash, occurred_at)")
    op.execute(
        f"ALTER TABLE event ADD CONSTRAINT {FK} FOREIGN KEY (subject_citizen_id) REFERENCES citizen (id)"
    )
