"""``dancu fees``: what a delivery costs under the rates in force (shipped data and operator rates)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.groups import ActorGroup
from dancu.cli.common import emit, run_in_session
from dancu.clock import today_vn
from dancu.exploitation.fees.enums import ProductCode
from dancu.exploitation.fees.rules import Assessment

app = typer.Typer(help="Fees for exploiting register information (TT 48/2022/TT-BTC)", no_args_is_help=True)


def assessment_json(assessment: Assessment) -> dict[str, Any]:
    from dancu.exploitation.fees.rules import format_vnd

    body = asdict(assessment)
    body["on"] = assessment.on.isoformat()
    body["amount_text"] = format_vnd(assessment.amount)
    return body


@app.command("assess")
def assess_command(
    product: Annotated[ProductCode, typer.Option(help="Product code SPDC01–SPDC05")],
    fields: Annotated[int, typer.Option(min=0, help="Information fields delivered")],
    group: Annotated[ActorGroup, typer.Option(help="Payer's actor group (k1–k4, citizen, officer)")],
    on: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Legal date (default: today in Viet Nam)")
    ] = None,
    own_data: Annotated[bool, typer.Option("--own-data", help="The payer reads their own data")] = False,
) -> None:
    """Print the fee (JSON) for FIELDS fields of PRODUCT delivered to GROUP on ON."""
    from dancu.exploitation.fees.queries import rate_table
    from dancu.exploitation.fees.rules import assess

    day = on.date() if on else today_vn()

    async def work(session: AsyncSession) -> dict[str, Any]:
        result = assess(
            product,
            fields_delivered=fields,
            actor_group=group,
            own_data=own_data,
            on=day,
            rates=await rate_table(session),
        )
        return assessment_json(result)

    emit(run_in_session(work, read_only=True))
