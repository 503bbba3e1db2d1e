"""``dancu sealing``: keys for secrets at rest (docs/operations.md, "Keys and secrets")."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.cli.common import emit, fail, run_in_session

app = typer.Typer(help="Secrets at rest: sealing keys and their rotation", no_args_is_help=True)


@app.command("new-key")
def new_key(key_id: Annotated[str, typer.Argument(help="1-16 letters, digits, '-' or '_'")]) -> None:
    """Print a new keys-file line (put it first in DANCU_SEALING_KEYS_FILE to seal with it)."""
    from dancu import sealing

    try:
        typer.echo(sealing.new_key_line(key_id))
    except sealing.SealingError as exc:
        fail(exc)


@app.command("reseal")
def reseal() -> None:
    """Seal every stored secret again with the first key of the keys file; prints counts per column."""
    from dancu.db import resealing

    async def work(session: AsyncSession) -> dict[str, int]:
        return await resealing.reseal(session)

    emit(run_in_session(work))


@app.command("status")
def status() -> None:
    """How many stored values each key id seals, per column (an old key may go when it seals none)."""
    from dancu.db import resealing

    async def work(session: AsyncSession) -> dict[str, dict[str, int]]:
        return await resealing.key_use(session)

    emit(run_in_session(work, read_only=True))
