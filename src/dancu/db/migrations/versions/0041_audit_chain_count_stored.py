"""access log: the log states its chain count, and refuses an entry on another count's chain

Revision ID: 0041_audit_chain_count_stored
Revises: 0040_audit_heads_plan_kept
Create Date: 2026-12-07 02:45:00

docs/adr/0004, amendment "session 19". Every entry about a person goes on the chain ``person % N``
(an entry without a person: ``actor % N``), and each append reads the person's latest entry under
that chain's lock: that is what keeps a person's list of entries one list. N was read from each
process's environment (``DANCU_AUDIT_CHAINS``, default 64) and nothing compared it between them: a
worker started with another N would lock another chain for the same person, and two appends about
that person at once would both link to the same previous entry, forking the person's list without a
word until ``dancu audit verify`` ran.

The log now states N in the database, where every writer's insert meets it: a trigger of ``event``
named after N (``event_chains_<N>``; on PostgreSQL cloned to every month's partition) refuses an
entry whose chain is not its key modulo N, so a process with another N fails loudly instead of
forking a list. It checks new rows only: the entries already written are not read (a national log's
months would be), and a log whose N was changed before keeps its earlier entries as they are. On
PostgreSQL the trigger's condition is evaluated without calling its function, which only raises with
the count to use; a right entry costs what a CHECK constraint would. (A CHECK constraint would have
had to be NOT VALID for the same reason, and SQLAlchemy cannot reflect one on the partitioned table.)
N here is the migrating process's ``DANCU_AUDIT_CHAINS`` (default 64), the count the log's writers
were told to share; ``dancu audit chains N`` changes it, with writes stopped (docs/operations.md).
"""

import os
from collections.abc import Sequence

from alembic import op

revision: str = "0041_audit_chain_count_stored"
down_revision: str | None = "0040_audit_heads_plan_kept"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULT_CHAINS = 64  # as dancu.audit.append.DEFAULT_CHAINS when this was written


def _chains() -> int:
    return max(1, int(os.environ.get("DANCU_AUDIT_CHAINS", DEFAULT_CHAINS)))


REFUSE = """
CREATE OR REPLACE FUNCTION audit_refuse_other_chain() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'event.chain %: not the chain of this entry''s key among the log''s % chains; run every writer with DANCU_AUDIT_CHAINS=% (dancu audit chains)',
        NEW.chain, TG_ARGV[0], TG_ARGV[0]
        USING ERRCODE = 'check_violation';
END
$fn$
"""


# A frozen copy of dancu.audit.chain_count._add as this migration made it.
def _trigger(postgresql: bool, n: int) -> str:
    wrong = f"NEW.chain <> coalesce(NEW.subject_citizen_id, NEW.actor_account_id, 0) % {n}"
    if postgresql:
        return (
            f"CREATE TRIGGER event_chains_{n} BEFORE INSERT ON event FOR EACH ROW WHEN ({wrong}) "
            f"EXECUTE FUNCTION audit_refuse_other_chain('{n}')"
        )
    return (
        f"CREATE TRIGGER event_chains_{n} BEFORE INSERT ON event FOR EACH ROW WHEN {wrong} "
        f"BEGIN SELECT RAISE(ABORT, 'event.chain: not the chain of this entry''s key among the log''s "
        f"{n} chains; run every writer with DANCU_AUDIT_CHAINS={n} (dancu audit chains)'); END"
    )


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute(REFUSE)
    op.execute(_trigger(postgresql, _chains()))


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        names = "SELECT tgname FROM pg_trigger WHERE tgrelid = 'event'::regclass AND tgname LIKE 'event\\_chains\\_%'"
    else:
        names = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'event\\_chains\\_%' ESCAPE '\\'"
    for (name,) in list(op.get_bind().exec_driver_sql(names)):
        op.execute(f'DROP TRIGGER "{name}" ON event' if postgresql else f'DROP TRIGGER "{name}"')
    if postgresql:
        op.execute("DROP FUNCTION audit_refuse_other_chain()")
