"""A bench's own database, dropped at the end together with what dancu kept for it outside.

dancu keeps a PostgreSQL database's log evidence (MAC keys, anchor) under
``~/.local/share/dancu/audit/<database name>`` unless ``DANCU_AUDIT_DIR`` names a directory
(dancu.audit.config). A bench that creates a database of its own and drops it would otherwise
leave that directory behind, one per run, the anchor growing with every entry the run made
(tens of MB after a 10 M run). A directory the operator configured is theirs, never removed.
"""

from __future__ import annotations

import os
import shutil

import asyncpg
from sqlalchemy.engine import make_url

from dancu.audit.config import audit_dir
from dancu.seed import asyncpg_dsn


def evidence_dir(admin_url: str, name: str) -> str | None:
    """The directory dancu keeps database ``name``'s log evidence in by default, or None when
    ``DANCU_AUDIT_DIR`` configures one (which is not the bench's to remove)."""
    if os.environ.get("DANCU_AUDIT_DIR"):
        return None
    return str(audit_dir(make_url(admin_url).set(database=name)))


async def admin_execute(admin_url: str, statement: str) -> None:
    """One statement on a connection of its own to the server's admin database (``CREATE DATABASE``
    and ``DROP DATABASE`` cannot run in a transaction or in the database they name)."""
    connection = await asyncpg.connect(asyncpg_dsn(admin_url))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def drop_own_database(admin_url: str, name: str) -> None:
    """Drop the bench's database ``name`` (its connections closed) and its default evidence."""
    await admin_execute(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    directory = evidence_dir(admin_url, name)
    if directory is not None:
        shutil.rmtree(directory, ignore_errors=True)
