"""``dancu audit``: seal the log, rotate the keys, verify everything, prove a person's entries.

A checkpoint is anchored outside the database once committed (docs/adr/0015): appended to the
anchor file, POSTed to the witness if one is configured.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.chain_count import MAX_CHAINS
from dancu.cli.common import cli_actor, emit, fail, run_in_session
from dancu.errors import DomainError

PURPOSE = "CLI: audit proof"
app = typer.Typer(help="The access log: checkpoints, keys, verification, proofs", no_args_is_help=True)


@app.command("checkpoint")
def checkpoint() -> None:
    """Seal every chain head into a checkpoint signed with the active key, then anchor it outside
    the database (with any earlier checkpoint whose anchoring did not happen)."""
    from dancu.audit import config
    from dancu.audit.checkpoints import anchor_record, create_checkpoint, publish, unanchored

    async def work(session: AsyncSession) -> tuple[dict[str, Any], Any, list[dict[str, Any]]]:
        url = config.url_of(session)
        path = config.anchor_file(url)
        earlier = await unanchored(session, path) if path is not None else []
        made = await create_checkpoint(session)
        out = {
            "checkpoint": made.id,
            "key_id": made.key_id,
            "last_event_id": made.last_event_id,
            "chains": len(made.heads),
            "subjects": made.subject_count,
            "checkpoint_hash": made.checkpoint_hash,
        }
        return out, url, [*earlier, anchor_record(made)]

    out, url, records = run_in_session(work)
    out |= publish(url, records)  # after the commit: never anchor what did not commit
    emit(out)


@app.command("anchor")
def anchor_checkpoints() -> None:
    """Anchor the checkpoints the anchor file lacks (after a crash, or once after upgrading)."""
    from dancu.audit import config
    from dancu.audit.checkpoints import publish, unanchored

    async def work(session: AsyncSession) -> tuple[Any, list[dict[str, Any]]]:
        url = config.url_of(session)
        path = config.anchor_file(url)
        return url, await unanchored(session, path) if path is not None else []

    url, records = run_in_session(work, read_only=True)
    emit(publish(url, records))


@app.command("trust-keys")
def trust_keys() -> None:
    """Copy the database's checkpoint public keys into the trusted-keys file: once, when upgrading an
    installation made before that file existed (you vouch for the keys the database holds now)."""
    from dancu.audit import config
    from dancu.audit.signing import public_keys
    from dancu.audit.trust import add_trusted

    async def work(session: AsyncSession) -> dict[str, Any]:
        keys = await public_keys(session)
        path = config.trusted_keys_file(config.url_of(session))
        return {"trusted_keys_file": str(path), "keys": sorted(keys), "written": add_trusted(path, keys)}

    emit(run_in_session(work, read_only=True))


@app.command("rotate-mac-key")
def rotate_mac_key() -> None:
    """Add a new key for the entries' keyed MAC and use it from now on; old keys stay to verify."""
    from dancu.audit import config, mac

    async def work(session: AsyncSession) -> Path:
        return config.mac_key_file(config.url_of(session))

    path = run_in_session(work, read_only=True)
    try:
        keys = mac.rotate(path)
    except mac.MacKeyFileError as exc:
        sys.stderr.write(f"{exc}\n")
        raise typer.Exit(1) from exc
    emit({"mac_key_file": str(path), "active": keys.active.id, "keys": [k.id for k in keys.keys]})


@app.command("chains")
def chains(
    count: Annotated[
        int | None,
        typer.Argument(
            min=1, max=MAX_CHAINS, help="The new count; only while every writer of the log is stopped"
        ),
    ] = None,
) -> None:
    """The number of chains the log's entries are spread over, as the database states it, and this
    process's (DANCU_AUDIT_CHAINS): every writer must run with the log's, or its entries are refused.
    With COUNT, state a new one; then start every writer with DANCU_AUDIT_CHAINS=COUNT."""
    from dancu.audit.append import chain_count
    from dancu.audit.chain_count import log_chains, set_log_chains

    async def work(session: AsyncSession) -> dict[str, Any]:
        if count is None:
            return {"log_chains": await log_chains(session), "this_process": chain_count()}
        before = await set_log_chains(session, count)
        return {"log_chains": count, "before": before, "this_process": chain_count()}

    emit(run_in_session(work, read_only=count is None))


@app.command("rotate-key")
def rotate_key() -> None:
    """Retire the active signing key (its private half is erased) and create a new one."""
    from dancu.audit.signing import rotate_key as rotate

    async def work(session: AsyncSession) -> dict[str, Any]:
        key = await rotate(session)
        return {"key_id": key.key_id, "public_key": key.public_key}

    emit(run_in_session(work))


@app.command("verify")
def verify(
    anchor: Annotated[
        Path | None,
        typer.Option(help="Hold the log against this anchor file (e.g. the witness's copy)"),
    ] = None,
    archive: Annotated[
        list[Path] | None,
        typer.Option(
            "--archive",
            help="An archive file of a month moved out of the database (repeat the option for several): "
            "its entries are verified with the live log",
        ),
    ] = None,
    anchor_until: Annotated[
        str | None,
        typer.Option(
            help="Only what the anchor recorded up to this moment (ISO 8601): for a copy restored to it"
        ),
    ] = None,
) -> None:
    """Recompute every chain, MAC and checkpoint and compare with the anchor outside the database;
    exit 1 naming every problem found (kind, chain, position, in words; also on stderr)."""
    import datetime as dt

    from dancu.audit.verify import CONFIGURED, in_one_snapshot, verify_log

    until = None
    if anchor_until is not None:
        try:
            until = dt.datetime.fromisoformat(anchor_until)
        except ValueError as exc:
            raise typer.BadParameter(f"not an ISO 8601 moment: {anchor_until}") from exc
        if until.tzinfo is None:
            raise typer.BadParameter("say the time zone (e.g. +00:00)")

    async def work(session: AsyncSession) -> dict[str, Any]:
        # The anchor is read before the snapshot is taken (verify_log loads it before its first
        # query), so it never names a head the snapshot cannot have: its lines follow their commits.
        await in_one_snapshot(session)
        found = await verify_log(
            session, anchor=anchor or CONFIGURED, anchor_until=until, archives=archive or []
        )
        return found.as_dict()

    report = run_in_session(work, read_only=True)
    if not report["ok"]:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        for line in report["findings"]:
            sys.stderr.write(f"{line}\n")
        raise typer.Exit(1)
    emit(report)


partitions_app = typer.Typer(help="The log's monthly partitions on PostgreSQL", no_args_is_help=True)
app.add_typer(partitions_app, name="partitions")


@partitions_app.command("ensure")
def partitions_ensure(
    ahead: Annotated[int, typer.Option(min=0, max=24, help="Months to make ahead of this one")] = 3,
) -> None:
    """Make the log's partitions from this month to AHEAD months on (the worker does it hourly);
    entries that fell into the default partition move into their month. Nothing to do on SQLite."""
    from dancu.audit.partitions import default_rows, ensure, partitions
    from dancu.clock import now_utc

    async def work(session: AsyncSession) -> dict[str, Any]:
        made = await ensure(session, now=now_utc(), ahead=ahead)
        have = [p.name for p in await partitions(session)]
        return {"made": made, "partitions": have, "in_default": await default_rows(session)}

    emit(run_in_session(work))


@app.command("archive")
def archive(
    before: Annotated[str, typer.Option(help="Archive every month before this one (YYYY-MM)")],
    to: Annotated[
        Path | None, typer.Option(help="Directory for the archive files (default: the audit directory)")
    ] = None,
) -> None:
    """Move every sealed month before BEFORE out of the database: each to a file with its checkpoint
    and a manifest digest, then the month's partition is detached and dropped (PostgreSQL)."""
    from dancu.audit import config
    from dancu.audit.archive import archive_before
    from dancu.audit.checkpoints import anchor_record, create_checkpoint, publish
    from dancu.audit.partitions import parse_month
    from dancu.clock import now_utc

    try:
        month = parse_month(before)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--before") from exc

    async def work(session: AsyncSession) -> tuple[dict[str, Any], Any, list[dict[str, Any]]]:
        url = config.url_of(session)
        directory = to or config.audit_dir(url) / "archive"
        actor = cli_actor()
        done = await archive_before(session, before=month, directory=directory, actor=actor, now=now_utc())
        out: dict[str, Any] = {"archived": done, "directory": str(directory)}
        if not done:
            return out, url, []
        # A checkpoint of what stays: its per-person leaves count the live entries, so proofs made
        # from now on verify without the archives (docs/adr/0018).
        made = await create_checkpoint(session)
        out["checkpoint"] = made.id
        return out, url, [anchor_record(made)]

    out, url, records = run_in_session(work)
    if records:
        out |= publish(url, records)  # after the commit
    emit(out)


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
