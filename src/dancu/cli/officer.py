"""``dancu officer``: officer accounts."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dancu.access.permissions import OfficerRole
from dancu.cli.common import cli_actor, emit, run_in_session

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

app = typer.Typer(help="Officer accounts", no_args_is_help=True)


@app.command("create")
def officer_create(
    username: Annotated[str, typer.Option()],
    role: Annotated[OfficerRole, typer.Option()],
    display_name: Annotated[str, typer.Option()],
    unit_code: Annotated[
        str | None, typer.Option(help="Province (2 digits) or commune (5 digits), 2025 table")
    ] = None,
) -> None:
    """Create an officer account; the password is read from DANCU_NEW_PASSWORD or prompted."""
    from dancu.identity.actions import create_officer
    from dancu.identity.schemas import OfficerIn

    password = os.environ.get("DANCU_NEW_PASSWORD") or typer.prompt("Password", hide_input=True)
    try:
        body = OfficerIn(
            username=username,
            password=password,
            display_name=display_name,
            role=role,
            unit_code=unit_code,
            unit_version="2025" if unit_code else None,
        )
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None

    async def work(session: AsyncSession) -> dict[str, Any]:
        account = await create_officer(session, **body.model_dump(), actor=cli_actor())
        return {"id": account.id, "username": account.username, "role": body.role.value}

    emit(run_in_session(work))
