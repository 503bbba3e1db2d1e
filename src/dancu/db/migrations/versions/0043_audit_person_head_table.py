"""access log: each person's latest entry kept in a table of its own, not looked for in every month

Revision ID: 0043_audit_person_head_table
Revises: 0042_question_ends_once
Create Date: 2026-12-07 15:30:00

docs/adr/0017, amendment "session 25". Every append reads each of its people's latest entry for the
new entry's ``subject_prev_hash``. Since migration 0030 ``audit_person_heads`` found it with one
backward probe of ``ix_event_subject_latest`` in every month partition, merged: a cost that grows with
the months the log keeps online. With this month and the three made ahead, ~10 µs a person; with
three years online (41 partitions, the same people and entries), ~41 µs, in a loop of the function
on a 1 M register. A search page of twenty people pays it twenty times, and a national log keeps
years online (the retention schedule is data; nothing archives by default).

And once a person's last month was archived (docs/adr/0018), the probe found nothing and the
person's next entry started their list again from the genesis instead of linking to the archived
entry; the list was broken in two, each half verifying alone.

``audit_person_head`` holds, for each person the log names, their latest entry's id and hash. A
statement trigger on ``event`` (``AFTER INSERT … REFERENCING NEW TABLE``, once per statement, not per
row) keeps it: every writer (the group commit's statement, the ORM's insert, the COPY loader's appends)
goes through it, so none can forget it; the row of a person moves only forward (a later id). The
rows are written under the person's chain's lock, which every append holds from reading the person's
head to its commit, so two appends about a person still cannot both link to one entry.
``audit_person_heads`` keeps its signature and reads the table: one primary-key probe a person,
however many months are online (~3 µs a person in the same loop), and archiving a month leaves
the heads where they were.

The table is not evidence: the entries are. A head changed by hand makes the person's next entry
link to that value, which ``dancu audit verify`` finds as a broken link of the person's list, as it
finds a changed ``audit_chain`` head. The backfill reads the whole live log once (``DISTINCT ON``
over the (person, id) index); a person whose entries were all archived before this migration gets
no head, and their next entry starts from the genesis, as it did before. PostgreSQL only: SQLite
keeps the log in one table, where the person's latest entry is one index probe already.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0043_audit_person_head_table"
down_revision: str | None = "0042_question_ends_once"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = """
CREATE TABLE audit_person_head (
    citizen_id integer PRIMARY KEY,
    event_id bigint NOT NULL,
    entry_hash varchar(64) NOT NULL
)
"""

BACKFILL = """
INSERT INTO audit_person_head (citizen_id, event_id, entry_hash)
SELECT DISTINCT ON (subject_citizen_id) subject_citizen_id, id, entry_hash
FROM event WHERE subject_citizen_id IS NOT NULL
ORDER BY subject_citizen_id, id DESC
"""

# Once per INSERT or COPY into the log, with the statement's rows: each person's latest among them,
# kept only if later than the one held (an entry moved between partitions is not a new one).
NOTE = """
CREATE FUNCTION audit_note_person_heads() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO audit_person_head AS h (citizen_id, event_id, entry_hash)
    SELECT DISTINCT ON (a.subject_citizen_id) a.subject_citizen_id, a.id, a.entry_hash
    FROM added AS a
    WHERE a.subject_citizen_id IS NOT NULL
    ORDER BY a.subject_citizen_id, a.id DESC
    ON CONFLICT (citizen_id) DO UPDATE
        SET event_id = excluded.event_id, entry_hash = excluded.entry_hash
        WHERE h.event_id < excluded.event_id;
    RETURN NULL;
END
$fn$
"""

TRIGGER = """
CREATE TRIGGER event_person_heads AFTER INSERT ON event
REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION audit_note_person_heads()
"""

# The same signature and plan setting as migrations 0031 and 0032 (replacing the function replaces
# its settings: enable_sort is no longer set). One correlated probe a person, not a join: the plan
# is kept (generic), and a join's generic plan may scan the table whole while it is small.
HEADS_FROM_TABLE = """
CREATE OR REPLACE FUNCTION audit_person_heads(people integer[])
RETURNS TABLE (sid integer, last varchar)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT p.sid,
        (SELECT h.entry_hash FROM audit_person_head AS h WHERE h.citizen_id = p.sid)::varchar
    FROM unnest(people) AS p(sid);
END
$fn$
"""

# Migration 0032's function, which the downgrade puts back.
HEADS_FROM_MONTHS = """
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


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(TABLE)
    # No writer may append between the backfill and the trigger: the log's writers wait here.
    op.execute("LOCK TABLE event IN SHARE ROW EXCLUSIVE MODE")
    op.execute(BACKFILL)
    op.execute(NOTE)
    op.execute(TRIGGER)
    op.execute(HEADS_FROM_TABLE)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(HEADS_FROM_MONTHS)
    op.execute("DROP TRIGGER event_person_heads ON event")
    op.execute("DROP FUNCTION audit_note_person_heads()")
    op.execute("DROP TABLE audit_person_head")
