"""What ``verify`` knows of archived months (docs/adr/0018): the records in ``audit_archive`` and the
files given with ``--archive``.

Given its file, an archived month is verified like the live log: its entries are walked in id order
among the live ones (hash, links, MAC), its lists of people checked, its file's lines held against
the digest recorded when it was written, and the checkpoints that sealed it checked with its entries
counted. Without its file, each chain resumes after the positions the month held (the links into it
cannot be checked, and the output says which months were not given), and a checkpoint whose
per-person root counted its entries is not recomputed.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.archive import ArchivedEntry, ArchiveFile
from dancu.audit.findings import Problem, Report
from dancu.audit.models import AuditArchive, AuditCheckpoint, Event


@dataclass
class Archives:
    records: list[AuditArchive] = field(default_factory=list)
    files: dict[str, ArchiveFile] = field(default_factory=dict)  # partition → the file given
    problems: list[Problem] = field(default_factory=list)
    # Filled while walking the given files: each person's (id, hash) there, ascending; the hash at
    # every position a checkpoint names.
    people: dict[str, dict[int, list[tuple[int, str]]]] = field(default_factory=dict)
    positions: dict[tuple[int, int], str] = field(default_factory=dict)
    wanted: set[tuple[int, int]] = field(default_factory=set)
    roots_not_checked: int = 0
    runs: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    # --- Which months are not given, and where they sat in the chains ---------------------------

    def missing(self) -> list[AuditArchive]:
        return [r for r in self.records if r.partition not in self.files]

    def _runs(self, chain: int) -> list[tuple[int, int]]:
        """The chain's positions in months not given, as sorted runs (worked out once per chain)."""
        if chain not in self.runs:
            runs = [
                (int(first), int(last))
                for record in self.missing()
                for first, last in record.chains.get("runs", {}).get(str(chain), [])
            ]
            self.runs[chain] = sorted(runs)
        return self.runs[chain]

    def covers(self, chain: int, first: int, last: int) -> bool:
        """Every position first..last of ``chain`` is in a month that was not given."""
        position = first
        for start, end in self._runs(chain):
            if start <= position <= end:
                position = end + 1
            if position > last:
                return True
        return position > last

    def touches(self, chain: int, after: int, before: int) -> bool:
        """Some position strictly between ``after`` and ``before`` is in a month not given."""
        return any(start < before and end > after for start, end in self._runs(chain))

    # --- The given files' entries, merged in id order ----------------------------------------------

    def entries(self) -> Iterator[ArchivedEntry]:
        return heapq.merge(*(self._read(name, f) for name, f in self.files.items()), key=lambda e: e.id)

    def _read(self, name: str, archive: ArchiveFile) -> Iterator[ArchivedEntry]:
        people = self.people.setdefault(name, {})
        for entry in archive.entries():
            if entry.subject_citizen_id is not None:
                people.setdefault(entry.subject_citizen_id, []).append((entry.id, entry.entry_hash))
            if (entry.chain, entry.seq) in self.wanted:
                self.positions[(entry.chain, entry.seq)] = entry.entry_hash
            yield entry

    def subjects(self) -> dict[int, list[int]]:
        listed: dict[int, list[int]] = {}
        for archive in self.files.values():
            listed |= archive.subjects
        return listed

    # --- After the walk ------------------------------------------------------------------------------

    def finish(self, report: Report) -> None:
        """The given files against their records; the chains' ends in months not given."""
        recorded = {r.partition: r for r in self.records}
        for name, archive in self.files.items():
            record = recorded[name]
            if archive.problem is not None:
                self.problems.append(
                    Problem("archive.changed", detail=f"archive {archive.path}: {archive.problem}")
                )
            elif archive.sha256 != record.sha256:
                self.problems.append(
                    Problem(
                        "archive.changed",
                        detail=f"archive {archive.path}: its lines are not those written when {name} was "
                        "archived (the digest recorded then differs): the file was changed",
                    )
                )
        for record in self.missing():
            for chain, (seq, digest) in record.chains.get("heads", {}).items():
                if int(seq) > report.chains.get(int(chain), (0, ""))[0]:
                    report.chains[int(chain)] = (int(seq), str(digest))
        report.problems.extend(self.problems)
        report.outside["archives"] = {
            "given": {name: str(f.path) for name, f in sorted(self.files.items())},
            "not_given": [r.partition for r in self.missing()],
            "checkpoint_roots_not_checked": self.roots_not_checked,
        }

    def anchored(self, anchor_heads: dict[int, tuple[int, str]], found: dict[int, str]) -> None:
        """Positions the anchor saw that lie in months not given: the month's last entry of a chain is
        recorded (its hash is compared); another position there cannot be looked at without the file."""
        for chain, (seq, digest) in anchor_heads.items():
            if chain in found or not self.covers(chain, seq, seq):
                continue
            recorded = [r.chains.get("heads", {}).get(str(chain)) for r in self.missing()]
            last = [(int(h[0]), str(h[1])) for h in recorded if h is not None and int(h[0]) == seq]
            found[chain] = last[0][1] if last else digest

    def head_at(self, chain: int, seq: int) -> tuple[bool, str | None]:
        """(known, hash) of the entry at a checkpoint's head in an archived month."""
        if (chain, seq) in self.positions:
            return True, self.positions[(chain, seq)]
        return (False, None) if self.covers(chain, seq, seq) else (True, None)

    def leaves(
        self, checkpoint: AuditCheckpoint, live: dict[int, tuple[int, int, str]]
    ) -> list[tuple[int, int, str]] | None:
        """The checkpoint's per-person leaves: the live entries up to it, plus those of the months
        archived after it was made (it counted them); None when such a month was not given."""
        counted = [
            r
            for r in self.records
            # The archive was sealed by the newest checkpoint of its time: those up to it counted it.
            if r.checkpoint_id >= checkpoint.id and r.first_event_id <= checkpoint.last_event_id
        ]
        if any(r.partition not in self.files for r in counted):
            self.roots_not_checked += 1
            return None
        merged = dict(live)
        for record in counted:
            for person, entries in self.people.get(record.partition, {}).items():
                upto = bisect.bisect_right(entries, (checkpoint.last_event_id, "~"))
                if not upto:
                    continue
                count, last_id, digest = merged.get(person, (0, 0, ""))
                newest_id, newest_hash = entries[upto - 1]
                if newest_id > last_id:
                    last_id, digest = newest_id, newest_hash
                merged[person] = (count + upto, last_id, digest)
        return [(person, n, digest) for person, (n, _, digest) in sorted(merged.items())]


async def load(
    session: AsyncSession, paths: Sequence[Path], checkpoints: Iterable[AuditCheckpoint]
) -> Archives:
    archives = Archives(records=list(await session.scalars(select(AuditArchive).order_by(AuditArchive.id))))
    recorded = {r.partition for r in archives.records}
    for path in paths:
        try:
            archive = ArchiveFile.open(path)
        except OSError as exc:
            archives.problems.append(Problem("archive.unreadable", detail=f"archive {path}: {exc}"))
            continue
        if archive.problem is not None or archive.partition not in recorded:
            archives.problems.append(
                Problem(
                    "archive.unknown",
                    detail=f"archive {path}: {archive.problem or 'this database never archived '}"
                    f"{'' if archive.problem else archive.partition}",
                )
            )
            continue
        archives.files[archive.partition] = archive
    archives.wanted = {(int(c), int(s)) for cp in checkpoints for c, (s, _) in cp.heads.items()}
    return archives


async def live_leaves(session: AsyncSession, last_event_id: int) -> dict[int, tuple[int, int, str]]:
    """Person → (entries, id of the latest, its hash) over the live log up to an entry id."""
    per_subject = (
        select(Event.subject_citizen_id, func.count(), func.max(Event.id))
        .where(Event.subject_citizen_id.is_not(None), Event.id <= last_event_id)
        .group_by(Event.subject_citizen_id)
        .subquery()
    )
    rows = await session.execute(
        select(per_subject.c[0], per_subject.c[1], per_subject.c[2], Event.entry_hash).join(
            Event, Event.id == per_subject.c[2]
        )
    )
    return {int(s): (int(n), int(i), str(h)) for s, n, i, h in rows}
