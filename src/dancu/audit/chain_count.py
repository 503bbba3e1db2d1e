"""The log's chain count as the database states it (migration 0041, docs/adr/0004 "session 19").

Every entry about a person goes on the chain ``person % N`` (without a person: ``actor % N``), and
an append reads the person's latest entry under that chain's lock. Writers take N from their
environment (``DANCU_AUDIT_CHAINS``, :func:`dancu.audit.append.chain_count`); the database states
the N they must share, in the name of a trigger of ``event`` (``event_chains_<N>``; on PostgreSQL
cloned to every month's partition), which refuses an entry whose chain is not its key modulo N. It
checks new rows only, so changing N reads none of the entries already written. (A CHECK constraint
would have had to be NOT VALID, which SQLAlchemy cannot reflect on the partitioned table.)
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

MAX_CHAINS = 1_048_576
_NAME = re.compile(r"event_chains_(\d+)")
_PG_NAMES = (
    "SELECT tgname FROM pg_trigger WHERE tgrelid = 'event'::regclass AND tgname LIKE 'event\\_chains\\_%'"
)
_SQLITE_NAMES = (
    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'event\\_chains\\_%' ESCAPE '\\'"
)


def _postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def trigger_names(session: AsyncSession) -> list[str]:
    """The triggers of ``event`` that state a chain count: one (:func:`set_log_chains` replaces it)."""
    statement = _PG_NAMES if _postgresql(session) else _SQLITE_NAMES
    return [str(name) for name in await session.scalars(text(statement))]


async def log_chains(session: AsyncSession) -> int | None:
    """The N the log states (None: a database migrated before 0041 and never given one)."""
    counts = [int(m.group(1)) for name in await trigger_names(session) if (m := _NAME.fullmatch(name))]
    return max(counts) if counts else None


def _add(postgresql: bool, n: int) -> str:
    """The trigger that refuses an entry off the chain of its key among ``n``. On PostgreSQL its
    condition is evaluated without calling the function, which only raises (migration 0041's
    ``audit_refuse_other_chain``): a right entry costs what a CHECK constraint would."""
    # n is a whole number checked by the caller: the only value written into these statements.
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


async def set_log_chains(session: AsyncSession, n: int) -> int | None:
    """State ``n`` as the log's chain count in the caller's transaction (the caller commits); the
    count stated before. On PostgreSQL the trigger's replacement locks ``event`` until the commit,
    so an append in flight finishes first and any later one is checked against ``n``. Every writer
    must then run with ``DANCU_AUDIT_CHAINS=n``: one that does not has its entries refused."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_CHAINS:
        raise ValueError(f"a chain count is a whole number from 1 to {MAX_CHAINS}")
    before = await log_chains(session)
    postgresql = _postgresql(session)
    for name in await trigger_names(session):
        await session.execute(
            text(f'DROP TRIGGER "{name}" ON event' if postgresql else f'DROP TRIGGER "{name}"')
        )
    await session.execute(text(_add(postgresql, n)))
    return before
