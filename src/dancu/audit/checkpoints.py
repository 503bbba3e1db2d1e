"""Sealing the log: a checkpoint signs every chain head and the Merkle root of per-person heads.

Once committed, a checkpoint is also written outside the database (:func:`publish`: the anchor file,
and the witness URL when one is configured); docs/adr/0015."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit import anchor, config
from dancu.audit import chain as rules
from dancu.audit.actions import next_id
from dancu.audit.models import AuditChain, AuditCheckpoint, Event
from dancu.audit.signing import signing_key
from dancu.clock import now_utc


async def lock_all_heads(session: AsyncSession) -> dict[str, list[Any]]:
    """Lock every chain head (writers wait), so the sealed state is exactly what is committed."""
    if session.get_bind().dialect.name == "sqlite":
        # UPDATE takes SQLite's write lock before reading, like a writer does.
        await session.execute(update(AuditChain).values(seq=AuditChain.seq))
    rows = await session.execute(
        select(AuditChain.chain, AuditChain.seq, AuditChain.head_hash)
        .order_by(AuditChain.chain)
        .with_for_update()
    )
    return {str(c): [s, h] for c, s, h in rows}


async def subject_leaves(session: AsyncSession, last_event_id: int) -> list[tuple[int, int, str]]:
    """(person, number of entries, hash of the latest entry) for every person, as of an event id."""
    per_subject = (
        select(Event.subject_citizen_id, func.count(), func.max(Event.id))
        .where(Event.subject_citizen_id.is_not(None), Event.id <= last_event_id)
        .group_by(Event.subject_citizen_id)
        .subquery()
    )
    rows = await session.execute(
        select(per_subject.c[0], per_subject.c[1], Event.entry_hash)
        .join(Event, Event.id == per_subject.c[2])
        .order_by(per_subject.c[0])
    )
    return [(int(s), int(n), str(h)) for s, n, h in rows]


def leaf_hashes(leaves: list[tuple[int, int, str]]) -> list[str]:
    return [rules.leaf_hash(s, n, h) for s, n, h in leaves]


async def latest_checkpoint(session: AsyncSession) -> AuditCheckpoint | None:
    return await session.scalar(select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1))


async def create_checkpoint(session: AsyncSession) -> AuditCheckpoint:
    """Seal the current heads; the caller commits."""
    heads = await lock_all_heads(session)
    last_event_id = int(await session.scalar(select(func.coalesce(func.max(Event.id), 0))) or 0)
    leaves = await subject_leaves(session, last_event_id)
    previous = await latest_checkpoint(session)
    key_id, key = await signing_key(session)
    fields: dict[str, Any] = {
        "checkpoint_id": await next_id(session, "audit_checkpoint"),
        "created_at": now_utc(),
        "key_id": key_id,
        "last_event_id": last_event_id,
        "heads": heads,
        "subject_root": rules.merkle_root(leaf_hashes(leaves)),
        "subject_count": len(leaves),
        "prev_checkpoint_hash": previous.checkpoint_hash if previous else rules.GENESIS,
    }
    body = rules.checkpoint_body(**fields)
    checkpoint = AuditCheckpoint(
        id=fields.pop("checkpoint_id"),
        **fields,
        checkpoint_hash=rules.sha256_hex(body),
        signature=key.sign(body).hex(),
    )
    session.add(checkpoint)
    await session.flush()  # the new checkpoint's id is used below
    return checkpoint


def body_of(checkpoint: AuditCheckpoint) -> bytes:
    return rules.checkpoint_body(
        checkpoint_id=checkpoint.id,
        created_at=checkpoint.created_at,
        key_id=checkpoint.key_id,
        last_event_id=checkpoint.last_event_id,
        heads=checkpoint.heads,
        subject_root=checkpoint.subject_root,
        subject_count=checkpoint.subject_count,
        prev_checkpoint_hash=checkpoint.prev_checkpoint_hash,
    )


def anchor_record(checkpoint: AuditCheckpoint) -> dict[str, Any]:
    """The line the anchor file (and the witness) get for a checkpoint: its signed body in full."""
    return anchor.checkpoint_record(
        checkpoint_id=checkpoint.id,
        checkpoint_hash=checkpoint.checkpoint_hash,
        key_id=checkpoint.key_id,
        signature=checkpoint.signature,
        body=body_of(checkpoint),
    )


async def unanchored(session: AsyncSession, path: Path) -> list[dict[str, Any]]:
    """Records of the checkpoints newer than the newest one the anchor file holds (all of them when it
    holds none): the ones a crash between commit and anchoring, or an upgrade, left out."""
    found = anchor.read_anchor(path)
    newest = max(found.checkpoints, default=0) if found is not None else 0
    rows = await session.scalars(
        select(AuditCheckpoint).where(AuditCheckpoint.id > newest).order_by(AuditCheckpoint.id)
    )
    return [anchor_record(c) for c in rows]


def publish(url: Any, records: list[dict[str, Any]]) -> dict[str, Any]:
    """After the commit: append the checkpoint records to the anchor file and POST them to the
    witness, when configured; says what happened to each (a failure does not undo the checkpoint)."""
    path = config.anchor_file(url)
    witness = config.witness_url()
    outcome: dict[str, Any] = {"anchor": str(path) if path else "off", "witness": witness or "off"}
    if path is not None:
        try:
            for record in records:
                anchor.append_record(path, record)
            outcome["anchored"] = [r["id"] for r in records]
        except OSError as exc:
            outcome["anchor_error"] = str(exc)
    if witness is not None:
        outcome["witness_answers"] = [anchor.post_to_witness(witness, r) for r in records]
    return outcome
