"""access log: the (person, id) index kept on SQLite only, where it still has a reader

Revision ID: 0044_subject_latest_sqlite_only
Revises: 0043_audit_person_head_table
Create Date: 2026-12-07 17:30:00

docs/adr/0017, amendment "session 26". Migration 0030 added ``ix_event_subject_latest`` (person, id)
for one read: each append's look-up of a person's latest entry. Since migration 0043 that read takes
``audit_person_head`` on PostgreSQL, and the index has one reader left there, a person's proof
(every entry of the person in id order), which the Data Tracker's index (person, time, id) serves
with a sort of that person's entries. Every entry still wrote the index at a random place: on a
copy of a 1 M register, ``bench/append.py --group 12`` measured 176–197 µs of the database's CPU an
entry with it and 155–162 without.

On PostgreSQL the index goes, from the log and every month partition (dropping a partitioned index
drops its partitions' too); the downgrade builds it again. SQLite keeps it: there the log is one
table, and the person's latest entry is read through it. The models keep it for SQLite only
(``dancu.db.base.ONE_ENGINE_INDEXES``), so the schema comparison expects it on each engine as built.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0044_subject_latest_sqlite_only"
down_revision: str | None = "0043_audit_person_head_table"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LATEST = "ix_event_subject_latest"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {LATEST}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # As migration 0030 built it: on the partitioned log, which builds it on every partition.
    op.execute(f"CREATE INDEX IF NOT EXISTS {LATEST} ON event (subject_citizen_id, id)")
