"""``dancu audit verify``: recompute every chain, every person link, every entry's keyed MAC and
every checkpoint signature, and hold the log against the evidence kept outside the database (the MAC
keys, the trusted public keys, the anchor file; docs/adr/0004 and 0015)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit import archived, config, evidence
from dancu.audit import chain as rules
from dancu.audit.archived import Archives
from dancu.audit.checkpoints import body_of, leaf_hashes, subject_leaves
from dancu.audit.evidence import CONFIGURED, Evidence
from dancu.audit.findings import Entry, Problem, Report
from dancu.audit.models import AuditChain, AuditCheckpoint, Event
from dancu.audit.signing import signature_valid

__all__ = ["CONFIGURED", "Problem", "Report", "check_entry", "content_of", "verify_log"]


def content_of(event: Entry) -> dict[str, Any]:
    return {column: getattr(event, column) for column in rules.CONTENT_COLUMNS}


def check_entry(event: Entry, chains: dict[int, tuple[int, str]], subjects: dict[int, str]) -> Problem | None:
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


async def _in_id_order(session: AsyncSession, archives: Archives) -> AsyncIterator[Entry]:
    """The live entries and those of the archive files given, merged in id order."""
    files = archives.entries()
    pending = next(files, None)
    result = await session.stream_scalars(select(Event).order_by(Event.id).execution_options(yield_per=2000))
    async for event in result:
        while pending is not None and pending.id < event.id:
            yield pending
            pending = next(files, None)
        yield event
    while pending is not None:
        yield pending
        pending = next(files, None)


def _resume_after_archives(
    event: Entry, report: Report, subjects: dict[int, str], last_seen: dict[int, int], archives: Archives
) -> None:
    """Across positions held by months archived but not given, take the entry's links as they are."""
    last_seq = report.chains.get(event.chain, (0, rules.GENESIS))[0]
    if event.seq > last_seq + 1 and archives.covers(event.chain, last_seq + 1, event.seq - 1):
        report.chains[event.chain] = (event.seq - 1, event.prev_hash)
    person = event.subject_citizen_id
    if person is not None and archives.touches(event.chain, last_seen.get(person, 0), event.seq):
        subjects[person] = event.subject_prev_hash or rules.GENESIS


async def verify_entries(
    session: AsyncSession, report: Report, outside: Evidence, archives: Archives | None = None
) -> None:
    archives = archives or Archives()
    subjects = report.people
    last_seen: dict[int, int] = {}  # person → position of their latest entry walked (its chain's)
    resuming = bool(archives.missing())
    # Ids are taken under the chain lock, so id order is seq order within every chain.
    async for event in _in_id_order(session, archives):
        report.entries += 1
        if resuming:
            _resume_after_archives(event, report, subjects, last_seen, archives)
            if event.subject_citizen_id is not None:
                last_seen[event.subject_citizen_id] = event.seq
        problem = check_entry(event, report.chains, subjects)
        report.add(problem or evidence.check_mac(event, outside))
        evidence.note_entry(event, outside)
        if archives.records and event.subject_citizen_id is not None:
            if isinstance(event, Event):
                report.people_archived.discard(event.subject_citizen_id)
            else:
                report.people_archived.add(event.subject_citizen_id)


async def _check_heads(
    session: AsyncSession, checkpoint: AuditCheckpoint, archives: Archives
) -> Problem | None:
    for chain, (seq, head) in checkpoint.heads.items():
        found = await session.scalar(
            select(Event.entry_hash).where(Event.chain == int(chain), Event.seq == seq)
        )
        if found is None and archives.records:
            known, found = archives.head_at(int(chain), int(seq))
            if not known:
                continue  # in a month archived and not given: not checkable here
        if found != head:
            return Problem(
                "checkpoint.head_missing", chain=int(chain), seq=seq, checkpoint_id=checkpoint.id,
                detail="the sealed head of this chain is no longer in the log",
            )  # fmt: skip
    return None


async def verify_checkpoint(
    session: AsyncSession,
    checkpoint: AuditCheckpoint,
    keys: dict[str, str],
    prev_hash: str,
    archives: Archives | None = None,
) -> Problem | None:
    archives = archives or Archives()
    where: dict[str, Any] = {"checkpoint_id": checkpoint.id}
    body = body_of(checkpoint)
    if checkpoint.prev_checkpoint_hash != prev_hash:
        return Problem("checkpoint.broken_link", **where, detail="a checkpoint was removed or reordered")
    if rules.sha256_hex(body) != checkpoint.checkpoint_hash:
        return Problem(
            "checkpoint.hash_mismatch", **where, detail="the checkpoint's sealed content was changed"
        )
    if checkpoint.key_id not in keys:
        return Problem(
            "checkpoint.unknown_key", **where,
            detail=f"signed with key {checkpoint.key_id}, which the trusted-keys file does not hold",
        )  # fmt: skip
    if not signature_valid(keys[checkpoint.key_id], checkpoint.signature, body):
        return Problem(
            "checkpoint.bad_signature", **where,
            detail="the signature does not verify with the trusted public key of its key id",
        )  # fmt: skip
    if (problem := await _check_heads(session, checkpoint, archives)) is not None:
        return problem
    if archives.records:
        live = await archived.live_leaves(session, checkpoint.last_event_id)
        merged = archives.leaves(checkpoint, live)
        if merged is None:
            return None  # it counted entries of a month archived and not given
        leaves = merged
    else:
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


# Migration 0043: the trigger that keeps each person's latest entry, and the table it keeps.
_HEADS_TRIGGER = (
    "SELECT tgenabled::text FROM pg_trigger "  # a "char", which the driver would give as bytes
    "WHERE tgrelid = 'event'::regclass AND tgname = 'event_person_heads'"
)
_PERSON_HEADS = "SELECT citizen_id, event_id, entry_hash FROM audit_person_head ORDER BY citizen_id"


async def verify_person_heads(session: AsyncSession, report: Report) -> None:
    """On PostgreSQL, the table of each person's latest entry (which the next entry about them links
    to) against the walk, in the walk's snapshot: a head changed, missing or no longer kept would
    fork or break the person's list at their next entry, so it is named before that happens. A
    person whose entries are all in months archived and not given is not checked here."""
    if session.get_bind().dialect.name != "postgresql":
        return
    # Fires in ordinary sessions only when enabled (O) or always (A); not when disabled (D) or set
    # to fire on replicas only (R).
    if (await session.scalar(text(_HEADS_TRIGGER))) not in ("O", "A"):
        report.add(
            Problem(
                "person_head.not_kept",
                detail="the trigger event_person_heads is missing or disabled: the next entries about "
                "a person will not link to their latest entry",
            )
        )
    wrong: list[tuple[int, int]] = []
    kept = 0  # heads of people whose latest entry walked is live
    rows = await session.stream(text(_PERSON_HEADS).execution_options(yield_per=10_000))
    async for citizen_id, event_id, entry_hash in rows:
        walked = report.people.get(citizen_id)
        if walked is None or citizen_id in report.people_archived:
            continue  # every entry about them in months archived (given or not)
        kept += 1
        if walked != entry_hash:
            wrong.append((citizen_id, event_id))
    if wrong:
        report.add(
            Problem(
                "person_head.mismatch", entry_id=wrong[0][1],
                detail=f"{len(wrong)} people's kept latest entry is not their latest entry in the log "
                f"(first: person {wrong[0][0]})",
            )
        )  # fmt: skip
    missing = len(report.people) - len(report.people_archived) - kept  # archived ones are walked ones
    if missing:  # the people are named only then: the table's ids read again
        held = set(await session.scalars(text("SELECT citizen_id FROM audit_person_head")))
        first = min(p for p in report.people if p not in held and p not in report.people_archived)
        report.add(
            Problem(
                "person_head.missing",
                detail=f"{missing} people named by the log have no kept latest entry (first: person {first})",
            )
        )


async def in_one_snapshot(session: AsyncSession) -> None:
    """Before the session's first query: its transaction sees the whole log as of one moment
    (PostgreSQL's REPEATABLE READ; a SQLite read transaction already does). On a live log, entries
    committed while verify walks it would otherwise be missed by the walk yet counted in the heads
    read after it, and reported as removed (``chain.head_mismatch``)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))


async def verify_log(
    session: AsyncSession,
    *,
    anchor: Path | None = CONFIGURED,
    anchor_until: dt.datetime | None = None,
    archives: Sequence[Path] = (),
) -> Report:
    """Check every entry, every chain head and every checkpoint, then the evidence outside the
    database; problems in log order. ``anchor``: the anchor file to hold the log against (None: none;
    by default the configured one); ``anchor_until``: only what it recorded up to then (a copy of
    the database restored to that moment); ``archives``: files of archived months to verify with
    the live log (docs/adr/0018)."""
    url = config.url_of(session)
    outside = evidence.load_evidence(url, anchor, until=anchor_until)
    report = Report(problems=list(outside.problems))
    report.outside = outside.describe(url)
    checkpoints = list(await session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id)))
    moved = await archived.load(session, archives, checkpoints)
    await verify_entries(session, report, outside, moved)
    if moved.records:
        moved.finish(report)
        if outside.anchor is not None:
            moved.anchored(outside.anchor.heads, outside.anchored_found)
    evidence.check_keys_present(outside, report)
    await verify_heads(session, report)
    await verify_person_heads(session, report)
    evidence.check_anchored_heads(outside, report)
    if checkpoints and outside.trusted is None:
        report.add(
            Problem(
                "keys.not_trusted",
                detail="no trusted-keys file: checkpoint signatures are not checked against keys held "
                "outside the database (run `dancu audit trust-keys` once after upgrading)",
            )
        )
    keys = outside.trusted or {}
    prev = rules.GENESIS
    for checkpoint in checkpoints:
        report.checkpoints += 1
        report.add(await verify_checkpoint(session, checkpoint, keys, prev, moved))
        prev = checkpoint.checkpoint_hash
    await evidence.check_keys_and_anchored_checkpoints(session, outside, report, checkpoints)
    evidence.check_anchor_file(outside, report)
    await evidence.check_listed_people(session, outside, report, archived=moved.subjects())
    return report
