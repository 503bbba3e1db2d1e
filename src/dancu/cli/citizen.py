"""``dancu citizen``: read the register from the command line (every read is logged)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dancu.cli.common import cli_actor, emit, fail, run_in_session
from dancu.errors import DomainError
from dancu.pin import rules as pin_rules

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

app = typer.Typer(help="Read the register", no_args_is_help=True)


@app.command("show")
def citizen_show(
    pin: Annotated[str, typer.Argument(help="Số định danh cá nhân (current or cancelled)")],
    as_of: Annotated[
        dt.datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], help="Valid date D")
    ] = None,
    known_at: Annotated[
        dt.datetime | None, typer.Option("--known-at", formats=["%Y-%m-%d"], help="As known on date K")
    ] = None,
) -> None:
    """Print a person's record on date D as the register knew it on date K (JSON)."""
    from dancu.audit.actions import record_read
    from dancu.registry import queries
    from dancu.registry.views import record_out

    try:
        pin_rules.parse(pin)
    except DomainError as exc:
        fail(exc)

    async def work(session: AsyncSession) -> dict[str, Any]:
        citizen = await queries.citizen_by_pin(session, pin)
        view = await queries.record_as_of(
            session,
            citizen.id,
            valid_on=as_of.date() if as_of else None,
            known_at=known_at.date() if known_at else None,
        )
        fields = [i.value for i in view.single] + [i.value for i in view.keyed]
        await record_read(
            session, actor=cli_actor(), citizen_id=citizen.id, fields=fields, purpose="CLI", channel="cli"
        )
        return record_out(citizen, view, "vi").model_dump(mode="json")

    emit(run_in_session(work))
