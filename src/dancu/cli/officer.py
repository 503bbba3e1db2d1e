"""``dancu officer``: officer accounts."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
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
    position: Annotated[
        Position,
        typer.Option(help="head (Trưởng/Giám đốc/Thủ trưởng), deputy (cấp phó) or staff (cán bộ)"),
    ] = Position.STAFF,
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
            position=position,
            unit_code=unit_code,
            unit_version="2025" if unit_code else None,
        )
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None

    async def work(session: AsyncSession) -> dict[str, Any]:
        account = await create_officer(session, **body.model_dump(), actor=cli_actor())
        return {
            "id": account.id,
            "username": account.username,
            "role": body.role.value,
            "position": body.position.value,
        }

    emit(run_in_session(work))


@app.command("set-position")
def officer_set_position(
    username: Annotated[str, typer.Option()],
    position: Annotated[Position, typer.Option(help="head, deputy or staff")],
) -> None:
    """Record an officer's position in their unit: only the head decides, a deputy under a written
    delegation (TT 117/2026 Điều 3 khoản 6, Điều 17 khoản 3–4)."""
    from dancu.identity.delegations import set_position

    async def work(session: AsyncSession) -> dict[str, Any]:
        account = await set_position(session, username, position, actor=cli_actor())
        return {"id": account.id, "username": account.username, "position": position.value}

    emit(run_in_session(work))


@app.command("delegations")
def officer_delegations(username: Annotated[str, typer.Option(help="Any officer of the unit")]) -> None:
    """The written delegations of an officer's unit, newest first, and whether each is in force today."""
    from dancu.clock import today_vn
    from dancu.competence.queries import unit_delegations
    from dancu.competence.schemas import delegation_out
    from dancu.identity.delegations import officer_actor

    async def work(session: AsyncSession) -> dict[str, Any]:
        actor = await officer_actor(session, username)
        found = await unit_delegations(session, actor)
        return {"items": [delegation_out(d, today=today_vn()).model_dump(mode="json") for d in found]}

    emit(run_in_session(work))
