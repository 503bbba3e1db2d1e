"""``dancu db``: the database schema (Alembic migrations)."""

from __future__ import annotations

from typing import Annotated

import typer

from dancu.cli.common import emit, fail
from dancu.errors import DomainError

app = typer.Typer(help="Database schema (Alembic migrations)", no_args_is_help=True)


@app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Apply migrations up to REVISION (default: head)."""
    from sqlalchemy.engine import make_url

    from dancu.db.migrate import upgrade
    from dancu.settings import get_settings

    url = get_settings().database_url
    try:
        upgrade(url, revision)
    except DomainError as exc:  # e.g. 0012 sealing existing rows without DANCU_SEALING_KEYS_FILE
        fail(exc)
    emit({"upgraded_to": revision, "database": make_url(url).render_as_string(hide_password=True)})
