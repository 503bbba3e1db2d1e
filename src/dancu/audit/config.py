"""Where the log's evidence outside the database lives (docs/adr/0015).

Three files, none of which the database holds, all under one directory by default:

- ``mac-keys.json``: the secret keys of the entries' keyed MAC (``DANCU_AUDIT_MAC_KEY_FILE``);
- ``trusted-keys.json``: the checkpoint public keys ``verify`` trusts (``DANCU_AUDIT_TRUSTED_KEYS``);
- ``anchor.jsonl``: every checkpoint and the chain heads after every commit that logged, appended
  (``DANCU_AUDIT_ANCHOR``; ``off`` writes and checks none).

The directory is ``DANCU_AUDIT_DIR`` when set; otherwise ``audit/`` next to an SQLite database file
(so a database in a temporary directory, as in tests, has its own), or
``~/.local/share/dancu/audit/<database name>`` for PostgreSQL. ``DANCU_AUDIT_WITNESS_URL``, when set,
receives each checkpoint by HTTP POST as well.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from dancu.settings import DEFAULT_DATA_DIR

OFF = "off"


def audit_dir(url: URL | str | None) -> Path:
    configured = os.environ.get("DANCU_AUDIT_DIR")
    if configured:
        return Path(configured)
    return _default_dir(url)


@lru_cache(maxsize=64)
def _default_dir(url: URL | str | None) -> Path:
    """Worked out once per database (every append asks; a URL is hashable, so it is not rendered)."""
    if url is not None:
        parsed = make_url(str(url))
        database = parsed.database
        if parsed.get_backend_name() == "sqlite":
            if database and database != ":memory:" and not database.startswith("file:"):
                return Path(database).resolve().parent / "audit"
        elif database:
            return DEFAULT_DATA_DIR / "audit" / database
    return DEFAULT_DATA_DIR / "audit"


def _file(variable: str, name: str, url: URL | str | None) -> Path:
    return _file_for(os.environ.get(variable), os.environ.get("DANCU_AUDIT_DIR"), name, url)


@lru_cache(maxsize=256)
def _file_for(configured: str | None, directory: str | None, name: str, url: URL | str | None) -> Path:
    """A file's path for the environment's values as read now (each append reads them: an operator
    or a test may change them between appends), worked out once per combination."""
    if configured:
        return Path(configured)
    return (Path(directory) if directory else _default_dir(url)) / name


def mac_key_file(url: URL | str | None) -> Path:
    return _file("DANCU_AUDIT_MAC_KEY_FILE", "mac-keys.json", url)


def trusted_keys_file(url: URL | str | None) -> Path:
    return _file("DANCU_AUDIT_TRUSTED_KEYS", "trusted-keys.json", url)


def anchor_file(url: URL | str | None) -> Path | None:
    """The append-only anchor, or None when switched off (``DANCU_AUDIT_ANCHOR=off``)."""
    if os.environ.get("DANCU_AUDIT_ANCHOR", "").strip().lower() == OFF:
        return None
    return _file("DANCU_AUDIT_ANCHOR", "anchor.jsonl", url)


def witness_url() -> str | None:
    return os.environ.get("DANCU_AUDIT_WITNESS_URL") or None


def url_of(session: AsyncSession | Session) -> URL:
    """The database a session writes to (its engine's URL), which names the default directory."""
    return session.get_bind().engine.url
