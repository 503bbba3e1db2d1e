"""``dancu audit``: seal the log, rotate the signing key, verify everything, prove a person's entries."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.cli.common import cli_actor, emit, fail, run_in_session
from dancu.errors import DomainError

PURPOSE = "CLI: audit proof"
app = typer.Typer(help="The access log: checkpoints, keys, verification, proofs", no_args_is_help=True)


@app.command("checkpoint")
def checkpoint() -> None:
    """Seal every chain head into a checkpoint signed with the active key."""
    from dancu.audit.checkpoints import create_checkpoint

    async def work(session: AsyncSession) -> dict[str, Any]:
        made = await create_checkpoint(session)
        return {
            "checkpoint": made.id,
            "key_id": made.key_id,
            "last_event_id": made.last_event_id,
            "chains": len(made.heads),
            "subjects": made.subject_count,
            "checkpoint_hash": made.checkpoint_hash,
        }

    emit(run_in_session(work))


@app.command("rotate-key")
def rotate_key() -> None:
    """Retire the active signing key (its private half is erased) and create a new one."""
    from dancu.audit.signing import rotate_key as rotate

    async def work(session: AsyncSession) -> dict[str, Any]:
        key = await rotate(session)
        return {"key_id": key.key_id, "public_key": key.public_key}

    emit(run_in_session(work))


@app.command("verify")
def verify() -> None:
    """Recompute every chain and checkpoint; exit 1 naming the first bad entry if any."""
    from dancu.audit.verify import verify_log

    async def work(session: AsyncSession) -> dict[str, Any]:
        return (await verify_log(session)).as_dict()

    report = run_in_session(work, read_only=True)
    if not report["ok"]:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(1)
    emit(report)


@app.command("proof")
def proof(
    pin: Annotated[str, typer.Argument(help="Số định danh cá nhân")],
    check: Annotated[bool, typer.Option("--check/--no-check", help="Verify the proof too")] = True,
) -> None:
    """Print the proof that no entry about a person was removed up to the latest checkpoint."""
    from dancu.audit.actions import record_read
    from dancu.audit.proof import build_proof, public_keys, verify_proof
    from dancu.registry.queries import citizen_by_pin

    async def work(session: AsyncSession) -> dict[str, Any]:
        citizen = await citizen_by_pin(session, pin)
        built = await build_proof(session, citizen.id)
        keys = await public_keys(session)
        await record_read(
            session,
            actor=cli_actor(),
            citizen_id=citizen.id,
            fields=["access_log"],
            purpose="CLI: audit proof",
        )
        return {"proof": built, "public_keys": keys}

    out = run_in_session(work)
    if check:
        try:
            out["verified"] = verify_proof(out["proof"], out["public_keys"])
        except DomainError as exc:
            fail(exc)
    emit(out)
