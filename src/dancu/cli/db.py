"""``dancu db``: the database schema (Alembic migrations)."""

from __future__ import annotations

from typing import Annotated

import typer

from dancu.cli.common import emit

app = typer.Typer(help="Database schema (Alembic migrations)", no_args_is_help=True)


@app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Apply migrations up to REVISION (default: head)."""
    from sqlalchemy.engine import make_url

    from dancu.db.migrate import upgrade
    from dancu.settings import get_settings

    url = get_settings().database_url
    upgrade(url, revision)
    emit({"upgraded_to": revision, "database": make_url(url).render_as_string(hide_password=True)})
