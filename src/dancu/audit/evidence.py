"""The checks ``verify`` makes against evidence the database does not hold (docs/adr/0015):
the MAC keys, the trusted checkpoint keys and the anchor file; and the people listed in
``event_subject`` against the digest their entry carries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit import config
from dancu.audit.anchor import Anchor, read_anchor
from dancu.audit.findings import Entry, Problem, Report
from dancu.audit.mac import MacKeyFileError, MacKeys, load, mac_valid
from dancu.audit.models import AuditCheckpoint, AuditSigningKey, EventSubject
from dancu.audit.signing import signature_valid
from dancu.audit.trust import TrustFileError, read_trusted

CONFIGURED = Path("<configured>")  # verify_log's default: the files the configuration names


@dataclass
class Evidence:
    """The files outside the database, as read at the start of a verification."""

    mac_keys: MacKeys | None = None
    trusted: dict[str, str] | None = None
    anchor: Anchor | None = None
    anchor_path: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    # Filled while walking the log:
    newest_key: dict[int, int] = field(default_factory=dict)  # chain → newest MAC key position used
    keyed_entries: int = 0
    anchored_found: dict[int, str] = field(default_factory=dict)  # chain → hash at the anchored seq
    listings: dict[int, tuple[int, int, int, str]] = field(default_factory=dict)  # id → chain, seq, n, sha

    def describe(self, url: Any) -> dict[str, Any]:
        return {
            "mac_key_file": str(config.mac_key_file(url)),
            "mac_keys": len(self.mac_keys.keys) if self.mac_keys else 0,
            "trusted_keys_file": str(config.trusted_keys_file(url)),
            "trusted_keys": len(self.trusted or {}),
            "anchor": str(self.anchor_path) if self.anchor_path else "off",
            "anchor_lines": self.anchor.lines if self.anchor else 0,
        }


def load_evidence(url: Any, anchor_path: Path | None, *, until: dt.datetime | None = None) -> Evidence:
    evidence = Evidence()
    try:
        evidence.mac_keys = load(config.mac_key_file(url))
    except MacKeyFileError as exc:
        evidence.problems.append(Problem("keys.mac_file_unreadable", detail=str(exc)))
    try:
        evidence.trusted = read_trusted(config.trusted_keys_file(url))
    except TrustFileError as exc:
        evidence.problems.append(Problem("keys.trusted_file_unreadable", detail=str(exc)))
    evidence.anchor_path = config.anchor_file(url) if anchor_path == CONFIGURED else anchor_path
    if evidence.anchor_path is not None:
        evidence.anchor = read_anchor(evidence.anchor_path, until=until)
    return evidence


# --- While walking the log ---------------------------------------------------------------------------


def _legacy(event: Entry, keys: MacKeys, evidence: Evidence) -> bool:
    """An entry without a MAC is one older code wrote: its id is below the key file's boundary, no
    keyed entry precedes it in its chain, and the anchor (begun with the key) never saw its chain
    at an earlier position. The last two close the gaps that PostgreSQL leaves in ids."""
    if event.id >= keys.unkeyed_before_event_id or event.chain in evidence.newest_key:
        return False
    anchor = evidence.anchor
    return anchor is None or event.seq <= anchor.first_seen.get(event.chain, event.seq)


def check_mac(event: Entry, evidence: Evidence) -> Problem | None:
    """The entry's keyed MAC: present unless written before the first key, by a known key that its
    chain had not already left behind, and matching."""
    where: dict[str, Any] = {"entry_id": event.id, "chain": event.chain, "seq": event.seq}
    keys = evidence.mac_keys
    if event.entry_mac is None or event.mac_key is None:
        if keys is None or _legacy(event, keys, evidence):
            return None  # written before this installation had a key
        return Problem(
            "entry.unkeyed",
            **where,
            detail="the entry carries no keyed MAC although written after the key existed: "
            "it was inserted by something other than dancu (a forged entry)",
        )
    evidence.keyed_entries += 1
    if keys is None:
        return None  # reported once, after the walk
    position = keys.position(event.mac_key)
    if position is None:
        return Problem(
            "entry.unknown_mac_key", **where, detail=f"MAC key {event.mac_key} is not in the key file"
        )
    if not mac_valid(keys.keys[position].secret, event.entry_hash, event.entry_mac):
        return Problem(
            "entry.bad_mac",
            **where,
            detail="the keyed MAC does not match the entry's hash: the entry was written or rehashed "
            "without the key (a forged entry)",
        )
    newest = evidence.newest_key.get(event.chain, -1)
    if position < newest:
        return Problem(
            "entry.retired_mac_key",
            **where,
            detail=f"keyed with MAC key {event.mac_key}, which this chain had already replaced: "
            "an old key was used to append",
        )
    evidence.newest_key[event.chain] = position
    return None


def note_entry(event: Entry, evidence: Evidence) -> None:
    """Remember what later checks need: the anchored position's hash, and lists of people."""
    anchored = evidence.anchor.heads.get(event.chain) if evidence.anchor else None
    if anchored is not None and anchored[0] == event.seq:
        evidence.anchored_found[event.chain] = event.entry_hash
    data = event.data
    if isinstance(data, dict) and "subjects_sha256" in data:
        listed = (event.chain, event.seq, int(data.get("subjects", -1)), str(data["subjects_sha256"]))
        evidence.listings[event.id] = listed


# --- After the walk ----------------------------------------------------------------------------------


def check_keys_present(evidence: Evidence, report: Report) -> None:
    if evidence.mac_keys is None and evidence.keyed_entries:
        report.add(
            Problem(
                "keys.mac_file_missing",
                detail=f"{evidence.keyed_entries} entries carry a keyed MAC but the MAC key file is "
                "missing: they cannot be checked",
            )
        )


def check_anchored_heads(evidence: Evidence, report: Report) -> None:
    """Every chain reaches at least as far as the anchor saw it, through the entry it saw."""
    if evidence.anchor is None:
        return
    for chain, (seq, digest) in sorted(evidence.anchor.heads.items()):
        reached = report.chains.get(chain, (0, ""))[0]
        if reached < seq:
            report.add(
                Problem(
                    "chain.moved_back",
                    chain=chain,
                    seq=seq,
                    detail=f"the anchor outside the database saw this chain reach position {seq}; the "
                    f"database's chain ends at position {reached}: the entries after it were removed",
                )
            )
        elif evidence.anchored_found.get(chain) != digest:
            report.add(
                Problem(
                    "chain.anchored_entry_changed",
                    chain=chain,
                    seq=seq,
                    detail="the entry at this position is not the one the anchor outside the database saw",
                )
            )


def check_anchor_file(evidence: Evidence, report: Report) -> None:
    if evidence.anchor_path is None:
        return
    if evidence.anchor is None:
        if evidence.keyed_entries or report.checkpoints:
            report.add(
                Problem(
                    "anchor.missing",
                    detail=f"the anchor file {evidence.anchor_path} does not exist, yet the log has "
                    "entries or checkpoints written since anchoring began: it was removed or moved",
                )
            )
        return
    for line in evidence.anchor.unreadable:
        report.add(Problem("anchor.unreadable_line", detail=f"line {line} of {evidence.anchor_path}"))


async def check_keys_and_anchored_checkpoints(
    session: AsyncSession, evidence: Evidence, report: Report, checkpoints: list[AuditCheckpoint]
) -> None:
    """The database's public keys are the trusted ones; every anchored checkpoint is still there."""
    trusted = evidence.trusted or {}
    rows = await session.execute(select(AuditSigningKey.key_id, AuditSigningKey.public_key))
    stored_keys: dict[str, str] = {key_id: public for key_id, public in rows}
    for key_id in sorted({c.key_id for c in checkpoints} - stored_keys.keys()):
        report.add(
            Problem(
                "key.missing",
                detail=f"checkpoints are signed with key {key_id}, which the database no longer holds: "
                "it was deleted",
            )
        )
    for key_id, public in stored_keys.items():
        if key_id in trusted and trusted[key_id] != public:
            report.add(
                Problem(
                    "key.replaced",
                    detail=f"the public key {key_id} stored in the database is not the trusted one: it "
                    "was replaced (checkpoints signed with the replacement do not verify)",
                )
            )
    if evidence.anchor is None:
        return
    stored = {c.id: c for c in checkpoints}
    anchored = evidence.anchor.checkpoints
    for checkpoint_id, record in sorted(anchored.items()):
        key = trusted.get(str(record.get("key_id")))
        body = str(record.get("body", "")).encode()
        if key is None or not signature_valid(key, str(record.get("signature")), body):
            report.add(
                Problem(
                    "anchor.bad_record",
                    checkpoint_id=checkpoint_id,
                    detail="the anchor's record of this checkpoint is not signed by a trusted key",
                )
            )
            continue
        found = stored.get(checkpoint_id)
        if found is None:
            report.add(
                Problem(
                    "checkpoint.missing",
                    checkpoint_id=checkpoint_id,
                    detail="the anchor outside the database holds this checkpoint; the database does "
                    "not: it was deleted",
                )
            )
        elif found.checkpoint_hash != record.get("checkpoint_hash"):
            report.add(
                Problem(
                    "checkpoint.replaced",
                    checkpoint_id=checkpoint_id,
                    detail="the database's checkpoint differs from the one anchored outside it",
                )
            )
    if anchored:
        since = min(anchored)
        for checkpoint in checkpoints:
            if checkpoint.id > since and checkpoint.id not in anchored:
                report.add(
                    Problem(
                        "checkpoint.not_anchored",
                        checkpoint_id=checkpoint.id,
                        detail="the anchor does not hold this checkpoint: it was not made by "
                        "`dancu audit checkpoint`, or its anchoring failed (`dancu audit anchor` adds it)",
                    )
                )


async def check_listed_people(
    session: AsyncSession, evidence: Evidence, report: Report, *, archived: dict[int, list[int]] | None = None
) -> None:
    """``event_subject`` lists, for an entry about many people, exactly the people whose sorted ids'
    SHA-256 the entry carries (and so its hash and MAC cover them); ``archived``: the lists of the
    entries read from archive files (their rows left the table with their month)."""
    listings = evidence.listings
    seen: set[int] = set()

    def close(event_id: int, ids: list[int]) -> None:
        seen.add(event_id)
        listed = listings.get(event_id)
        if listed is None:
            report.add(
                Problem(
                    "subjects.unlisted",
                    entry_id=event_id,
                    detail=f"event_subject names {len(ids)} people for an entry that lists nobody: "
                    "the rows were added",
                )
            )
            return
        chain, seq, count, digest = listed
        if hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest() != digest:
            report.add(
                Problem(
                    "subjects.changed",
                    entry_id=event_id,
                    chain=chain,
                    seq=seq,
                    detail=f"the entry lists {count} people (their ids' hash is part of it); "
                    f"event_subject now names {len(ids)}, not the same: rows were removed or changed",
                )
            )

    rows = await session.stream(
        select(EventSubject.event_id, EventSubject.citizen_id)
        .order_by(EventSubject.event_id, EventSubject.citizen_id)
        .execution_options(yield_per=5000)
    )
    current: int | None = None
    ids: list[int] = []
    async for event_id, citizen_id in rows:
        if event_id != current:
            if current is not None:
                close(current, ids)
            current, ids = event_id, []
        ids.append(int(citizen_id))
    if current is not None:
        close(current, ids)
    for event_id, people in sorted((archived or {}).items()):
        if event_id not in seen:
            close(event_id, people)
    for event_id in sorted(listings.keys() - seen):
        close(event_id, [])
