"""``dancu audit verify``: recompute every chain, every person link and every checkpoint signature."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit import chain as rules
from dancu.audit.checkpoints import body_of, leaf_hashes, subject_leaves
from dancu.audit.models import AuditChain, AuditCheckpoint, Event
from dancu.audit.signing import public_keys, signature_valid


@dataclass
class Problem:
    what: str  # a stable code: entry.hash_mismatch, chain.gap, checkpoint.bad_signature, …
    entry_id: int | None = None
    chain: int | None = None
    seq: int | None = None
    checkpoint_id: int | None = None
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None and v != ""}


@dataclass
class Report:
    entries: int = 0
    chains: dict[int, tuple[int, str]] = field(default_factory=dict)
    checkpoints: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "chains": {str(c): {"seq": s, "head": h} for c, (s, h) in sorted(self.chains.items())},
            "checkpoints": self.checkpoints,
            "first_problem": self.problems[0].as_dict() if self.problems else None,
            "problems": [p.as_dict() for p in self.problems[:50]],
        }


def content_of(event: Event) -> dict[str, Any]:
    return {column: getattr(event, column) for column in rules.CONTENT_COLUMNS}


def check_entry(event: Event, chains: dict[int, tuple[int, str]], subjects: dict[int, str]) -> Problem | None:
    """Check one entry against the state of its chain and its person; advance both."""
    where: dict[str, Any] = {"entry_id": event.id, "chain": event.chain, "seq": event.seq}
    last_seq, last_hash = chains.get(event.chain, (0, rules.GENESIS))
    chains[event.chain] = (event.seq, event.entry_hash)
    subject_head = subjects.get(event.subject_citizen_id or 0, rules.GENESIS)
    if event.subject_citizen_id is not None:
        subjects[event.subject_citizen_id] = event.entry_hash
    if event.seq != last_seq + 1:
        return Problem("chain.gap_or_reorder", **where, detail=f"expected seq {last_seq + 1}")
    if event.prev_hash != last_hash:
        return Problem("chain.broken_link", **where, detail="prev_hash is not the previous entry's hash")
    if event.subject_citizen_id is not None and event.subject_prev_hash != subject_head:
        return Problem("subject.broken_link", **where, detail="an earlier entry about this person changed")
    computed = rules.entry_hash(
        content_of(event), subject_prev_hash=event.subject_prev_hash, prev_hash=event.prev_hash
    )
    if computed != event.entry_hash:
        return Problem("entry.hash_mismatch", **where, detail="the entry's content was changed")
    return None


async def verify_entries(session: AsyncSession, report: Report) -> None:
    subjects: dict[int, str] = {}
    # Ids are taken under the chain lock, so id order is seq order within every chain.
    result = await session.stream_scalars(select(Event).order_by(Event.id).execution_options(yield_per=2000))
    async for event in result:
        report.entries += 1
        problem = check_entry(event, report.chains, subjects)
        if problem is not None:
            report.problems.append(problem)


async def _check_heads(session: AsyncSession, checkpoint: AuditCheckpoint) -> Problem | None:
    for chain, (seq, head) in checkpoint.heads.items():
        found = await session.scalar(
            select(Event.entry_hash).where(Event.chain == int(chain), Event.seq == seq)
        )
        if found != head:
            return Problem(
                "checkpoint.head_missing", chain=int(chain), seq=seq, checkpoint_id=checkpoint.id,
                detail="the sealed head of this chain is no longer in the log",
            )  # fmt: skip
    return None


async def verify_checkpoint(
    session: AsyncSession, checkpoint: AuditCheckpoint, keys: dict[str, str], prev_hash: str
) -> Problem | None:
    where: dict[str, Any] = {"checkpoint_id": checkpoint.id}
    body = body_of(checkpoint)
    if checkpoint.prev_checkpoint_hash != prev_hash:
        return Problem("checkpoint.broken_link", **where, detail="a checkpoint was removed or reordered")
    if rules.sha256_hex(body) != checkpoint.checkpoint_hash:
        return Problem("checkpoint.hash_mismatch", **where)
    if checkpoint.key_id not in keys:
        return Problem("checkpoint.unknown_key", **where, detail=checkpoint.key_id)
    if not signature_valid(keys[checkpoint.key_id], checkpoint.signature, body):
        return Problem("checkpoint.bad_signature", **where)
    if (problem := await _check_heads(session, checkpoint)) is not None:
        return problem
    leaves = await subject_leaves(session, checkpoint.last_event_id)
    if rules.merkle_root(leaf_hashes(leaves)) != checkpoint.subject_root:
        return Problem("checkpoint.subject_root_mismatch", **where, detail="entries about a person changed")
    return None


async def verify_heads(session: AsyncSession, report: Report) -> None:
    """The stored chain heads name the last entries: a removed latest entry shows here."""
    rows = await session.execute(select(AuditChain.chain, AuditChain.seq, AuditChain.head_hash))
    for chain, seq, head in rows:
        if report.chains.get(chain, (0, rules.GENESIS)) != (seq, head):
            report.problems.append(
                Problem("chain.head_mismatch", chain=chain, seq=seq, detail="the latest entries were removed")
            )


async def verify_log(session: AsyncSession) -> Report:
    """Check every entry, every chain head and every checkpoint; problems in log order."""
    report = Report()
    await verify_entries(session, report)
    await verify_heads(session, report)
    keys = await public_keys(session)
    checkpoints = list(await session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id)))
    prev = rules.GENESIS
    for checkpoint in checkpoints:
        report.checkpoints += 1
        problem = await verify_checkpoint(session, checkpoint, keys, prev)
        if problem is not None:
            report.problems.append(problem)
        prev = checkpoint.checkpoint_hash
    return report
