"""The worker's sweeps for the access log:

- hourly, the log's monthly partitions made ahead of time (docs/adr/0018): a month's partition exists
  long before its first entry, and the default partition stays empty;
- every minute, the chain heads' table vacuumed where autovacuum does not do it. Its 64 rows are
  updated by every append, thousands of times a second under load; autovacuum keeps such a table at
  a few pages, but on a cluster where it does not run for it (``autovacuum`` or ``track_counts``
  off, or the table's ``autovacuum_enabled`` false) each group walks more dead versions than the one
  before: 0.357 of a plain insert's speed after a VACUUM against 0.271 before it, after one session
  of benches (docs/adr/0017, session 15). The worker then vacuums it itself, and says so once.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from dancu.audit.partitions import ensure
from dancu.jobs.sweeps import Sweep, register

log = logging.getLogger("dancu.audit")

HEADS_TABLE = "audit_chain"
HEADS_VACUUM_EVERY = dt.timedelta(minutes=1)
# Whether autovacuum looks after the heads' table: on for the cluster, counting the table's changes
# (autovacuum's trigger), and not turned off for the table itself.
AUTOVACUUM_RUNS = text(
    "SELECT current_setting('autovacuum')::boolean AND current_setting('track_counts')::boolean"
    " AND coalesce((SELECT o.option_value::boolean"
    " FROM pg_class AS c, pg_options_to_table(c.reloptions) AS o"
    " WHERE c.oid = 'audit_chain'::regclass AND o.option_name = 'autovacuum_enabled'), true)"
)
VACUUM_HEADS = text("VACUUM audit_chain")
_WARNED: set[str] = set()  # this process has said it once


async def ensure_partitions(session: AsyncSession, now: dt.datetime) -> int:
    made = await ensure(session, now=now)
    if made:
        log.info("audit partitions made: %s", made)
    return len(made)


async def vacuum_heads(session: AsyncSession, now: dt.datetime) -> int:
    """``VACUUM audit_chain`` when autovacuum does not look after it (PostgreSQL): 1 when it ran.
    A VACUUM cannot run in a transaction, so it runs on a connection of its own in autocommit; it
    writes nothing of the register or the log, only reclaims the heads' dead versions."""
    if session.get_bind().dialect.name != "postgresql" or await session.scalar(AUTOVACUUM_RUNS):
        return 0
    if HEADS_TABLE not in _WARNED:
        _WARNED.add(HEADS_TABLE)
        log.warning(
            "autovacuum does not run for %s (autovacuum, track_counts or the table's autovacuum_enabled "
            "is off): the worker vacuums it every minute; turn autovacuum on (docs/operations.md)",
            HEADS_TABLE,
        )
    bind = session.bind
    engine = bind.engine if isinstance(bind, AsyncConnection) else bind
    if engine is None:
        raise RuntimeError("the worker's sessions are bound to no engine: the heads cannot be vacuumed")
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(VACUUM_HEADS)
    return 1


register(Sweep("audit.partitions", dt.timedelta(hours=1), ensure_partitions))
register(Sweep("audit.heads_vacuum", HEADS_VACUUM_EVERY, vacuum_heads))
