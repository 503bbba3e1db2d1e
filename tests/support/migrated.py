"""Databases of their own, already migrated, in a fraction of the time a migration takes.

Tests whose code commits (the CLI, the audit tools, the demo) need a database of their own. Running
the twenty migrations for each costs seconds; instead each test worker migrates one template per
engine, once, and copies it: SQLite copies the file, PostgreSQL creates the database from the
template (``CREATE DATABASE … TEMPLATE``). The copy is the schema the migrations built, nothing
else: migrations write no file outside the database, and the template holds no rows of a test.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from dancu.db.migrate import upgrade
from tests.conftest import PG_ADMIN_URL, _pg_admin

_sqlite_template: Path | None = None
_pg_template: str | None = None


def migrated_sqlite(path: Path) -> str:
    """A migrated SQLite database at ``path``; its URL."""
    global _sqlite_template
    if _sqlite_template is None:
        folder = Path(tempfile.mkdtemp(prefix="dancu-template-"))
        template = folder / "template.sqlite3"
        upgrade(f"sqlite+aiosqlite:///{template}")
        atexit.register(shutil.rmtree, folder, True)
        _sqlite_template = template
    shutil.copyfile(_sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


def migrated_postgres(name: str | None = None) -> str:
    """A new, migrated PostgreSQL database (dropped by the caller); its URL."""
    global _pg_template
    if _pg_template is None:
        template = f"dancu_template_{os.getpid()}_{secrets.token_hex(3)}"
        asyncio.run(_pg_admin(f'CREATE DATABASE "{template}"'))
        atexit.register(_drop_quietly, template)  # before migrating: a failed migration leaves none
        upgrade(_url_of(template))
        _pg_template = template
    name = name or f"dancu_test_{os.getpid()}_{secrets.token_hex(3)}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{_pg_template}"'))
    return _url_of(name)


def _url_of(database: str) -> str:
    return str(make_url(PG_ADMIN_URL).set(database=database).render_as_string(hide_password=False))


def _drop_quietly(database: str) -> None:
    # At exit the server may already be gone (a throwaway cluster stopped first): nothing to keep.
    with contextlib.suppress(Exception):
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
