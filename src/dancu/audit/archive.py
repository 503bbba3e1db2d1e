"""Archiving sealed months of the log to files, and reading them back (docs/adr/0018).

An archive file (``event_YYYY_MM.jsonl.gz``) is gzip'd JSON lines:

1. ``{"kind": "header", "format": …, "partition": …, "entries": …, "chains": …, "checkpoint": …}``:
   the month, what it held, and the checkpoint that sealed it (its signed body, as anchored);
2. one ``{"kind": "entry", …}`` per entry in id order: every column, values as the hash covers them;
3. one ``{"kind": "subjects", "event_id": …, "citizen_ids": […]}`` per entry about many people,
   after the page of entries it belongs to;
4. ``{"kind": "manifest", "lines": n, "sha256": …}``: the SHA-256 of the n lines before it.

:func:`archive_before` writes the file (fsynced) before it records the archive in ``audit_archive``
(with the same digest), logs the operator's action, and detaches and drops the partition: all in the
caller's transaction, so a failure leaves the month in the database. :class:`ArchiveFile` reads a
file back for ``verify --archive``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit import chain as rules
from dancu.audit import partitions as parts
from dancu.audit.actions import record_event
from dancu.audit.checkpoints import anchor_record, latest_checkpoint
from dancu.audit.models import AuditArchive, Event, EventSubject, EventType
from dancu.errors import DomainError

FORMAT = "dancu-audit-archive-v1"
LINK_COLUMNS = ("prev_hash", "subject_prev_hash", "entry_hash", "mac_key", "entry_mac")


def entry_record(event: Event) -> dict[str, Any]:
    """An entry as its archive line holds it: the values its hash covers, then its links and MAC."""
    content = {column: rules.plain(getattr(event, column)) for column in rules.CONTENT_COLUMNS}
    return {"kind": "entry", **content, **{column: getattr(event, column) for column in LINK_COLUMNS}}


async def chain_positions(session: AsyncSession, partition: str) -> dict[str, Any]:
    """Each chain's runs of consecutive positions in the partition (gaps and islands), and its last
    entry there (position, hash): ``{"runs": {chain: [[first, last], …]}, "heads": {chain: [seq, hash]}}``."""
    rows = await session.execute(
        text(
            "SELECT chain, min(seq), max(seq) FROM (SELECT chain, seq, "  # noqa: S608 (our partition name)
            f"seq - row_number() OVER (PARTITION BY chain ORDER BY seq) AS run FROM {partition}) AS t "
            "GROUP BY chain, run ORDER BY chain, min(seq)"
        )
    )
    ranges: dict[str, list[list[int]]] = {}
    for chain, first, last in rows:
        ranges.setdefault(str(chain), []).append([int(first), int(last)])
    heads = await session.execute(
        text(f"SELECT DISTINCT ON (chain) chain, seq, entry_hash FROM {partition} ORDER BY chain, seq DESC")  # noqa: S608
    )
    return {"runs": ranges, "heads": {str(c): [int(s), str(h)] for c, s, h in heads}}


class _Writer:
    """Lines into a gzip file, with the running SHA-256 the manifest names."""

    def __init__(self, stream: gzip.GzipFile) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()
        self.lines = 0

    def write(self, record: dict[str, Any]) -> None:
        line = (json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n").encode()
        self.digest.update(line)
        self.lines += 1
        self.stream.write(line)


PAGE = 5000


async def _write_subjects(session: AsyncSession, out: _Writer, event_ids: list[int]) -> int:
    """The lists of people of the entries ``event_ids`` (those about many people); how many rows."""
    rows = await session.execute(
        select(EventSubject.event_id, EventSubject.citizen_id)
        .where(EventSubject.event_id.in_(event_ids))
        .order_by(EventSubject.event_id, EventSubject.citizen_id)
    )
    lists: dict[int, list[int]] = {}
    for event_id, citizen_id in rows:
        lists.setdefault(int(event_id), []).append(int(citizen_id))
    for event_id, people in lists.items():
        out.write({"kind": "subjects", "event_id": event_id, "citizen_ids": people})
    return sum(len(people) for people in lists.values())


async def _export(
    session: AsyncSession, partition: parts.Partition, header: dict[str, Any], path: Path
) -> tuple[str, int]:
    """Write the month to ``path`` (through a temporary file, fsynced, then renamed); its digest and
    the number of people-listing rows it carried."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    listed = 0
    in_month = (Event.occurred_at >= partition.starts_at, Event.occurred_at < partition.ends_at)
    with partial.open("wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as zipped:
            out = _Writer(zipped)
            out.write(header)
            # Pages by id, not a server-side cursor: the partition is dropped in this transaction,
            # which PostgreSQL refuses while a cursor on it is open.
            after = 0
            while True:
                page = list(
                    await session.scalars(
                        select(Event).where(*in_month, Event.id > after).order_by(Event.id).limit(PAGE)
                    )
                )
                if not page:
                    break
                for event in page:
                    out.write(entry_record(event))
                after = page[-1].id
                listed += await _write_subjects(session, out, [event.id for event in page])
            sha256 = out.digest.hexdigest()
            zipped.write(
                (json.dumps({"kind": "manifest", "lines": out.lines, "sha256": sha256}) + "\n").encode()
            )
        raw.flush()
        os.fsync(raw.fileno())
    partial.replace(path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return sha256, listed


async def _archive_one(
    session: AsyncSession, seal: parts.Seal, *, directory: Path, actor: Actor, now: dt.datetime
) -> dict[str, Any]:
    partition, checkpoint = seal.partition, seal.checkpoint
    assert checkpoint is not None  # a sealed partition names its checkpoint
    stats = (
        await session.execute(text(f"SELECT count(*), min(id), max(id) FROM {partition.name}"))  # noqa: S608
    ).one()
    entries, first_id, last_id = int(stats[0]), int(stats[1] or 0), int(stats[2] or 0)
    chains = await chain_positions(session, partition.name)
    header = {
        "kind": "header",
        "format": FORMAT,
        "partition": partition.name,
        "starts_at": rules.plain(partition.starts_at),
        "ends_at": rules.plain(partition.ends_at),
        "entries": entries,
        "first_event_id": first_id,
        "last_event_id": last_id,
        "chains": chains,
        "checkpoint": anchor_record(checkpoint),
    }
    path = directory / f"{partition.name}.jsonl.gz"
    sha256, listed = await _export(session, partition, header, path)
    session.add(
        AuditArchive(
            partition=partition.name,
            starts_at=partition.starts_at,
            ends_at=partition.ends_at,
            file_name=path.name,
            entries=entries,
            first_event_id=first_id,
            last_event_id=last_id,
            listed=listed,
            chains=chains,
            checkpoint_id=checkpoint.id,
            sha256=sha256,
            archived_at=now,
        )
    )
    data = {"partition": partition.name, "entries": entries, "file": path.name, "sha256": sha256}
    await record_event(session, EventType.LOG_ARCHIVED, actor=actor, data=data)
    await session.execute(
        text(f"DELETE FROM event_subject WHERE event_id IN (SELECT id FROM {partition.name})")  # noqa: S608
    )
    await session.execute(text(f"ALTER TABLE event DETACH PARTITION {partition.name}"))
    await session.execute(text(f"DROP TABLE {partition.name}"))
    return data | {"path": str(path), "listed": listed, "checkpoint": checkpoint.id}


async def archive_before(
    session: AsyncSession, *, before: dt.datetime, directory: Path, actor: Actor, now: dt.datetime
) -> list[dict[str, Any]]:
    """Archive every monthly partition that ends by ``before`` (the first instant of a month), oldest
    first; each must be sealed, else nothing is archived. The caller commits, after which the files
    are the only copy of those months: keep them where the database's administrators cannot write."""
    if not parts.is_postgresql(session):
        raise DomainError("audit.archive_needs_postgresql")
    checkpoint = await latest_checkpoint(session)
    wanted = [p for p in await parts.partitions(session) if p.ends_at <= before]
    seals = [await parts.seal_of(session, p, now=now, checkpoint=checkpoint) for p in wanted]
    for seal in seals:
        if seal.reason is not None:
            raise DomainError("audit.archive_not_sealed", partition=seal.partition.name, reason=seal.reason)
    return [await _archive_one(session, s, directory=directory, actor=actor, now=now) for s in seals]


# --- Reading an archive back --------------------------------------------------------------------------


class ArchivedEntry:
    """An entry read from an archive, with the attributes ``verify`` reads from an :class:`Event`."""

    id: int
    chain: int
    seq: int
    subject_citizen_id: int | None
    prev_hash: str
    subject_prev_hash: str | None
    entry_hash: str
    mac_key: str | None
    entry_mac: str | None
    data: Any

    def __init__(self, record: dict[str, Any]) -> None:
        self.__dict__.update({k: v for k, v in record.items() if k != "kind"})


@dataclass
class ArchiveFile:
    """One archive file, read once, in order: its header, entries, lists of people and manifest."""

    path: Path
    header: dict[str, Any] = field(default_factory=dict)
    subjects: dict[int, list[int]] = field(default_factory=dict)
    sha256: str | None = None  # of the lines before the manifest, as read
    manifest: dict[str, Any] | None = None
    problem: str | None = None  # why the file cannot be trusted, once read

    @classmethod
    def open(cls, path: Path) -> ArchiveFile:
        archive = cls(path)
        with gzip.open(path, "rb") as stream:
            first = stream.readline()
        try:
            archive.header = json.loads(first)
        except ValueError:
            archive.header = {}
        if archive.header.get("kind") != "header" or archive.header.get("format") != FORMAT:
            archive.problem = "not a dancu log archive (no header line)"
        return archive

    @property
    def partition(self) -> str:
        return str(self.header.get("partition", self.path.name))

    def entries(self) -> Iterator[ArchivedEntry]:
        """The entries in id order; afterwards ``subjects``, ``sha256`` and ``manifest`` are set."""
        digest = hashlib.sha256()
        lines = 0
        try:
            with gzip.open(self.path, "rb") as stream:
                for line in stream:
                    record = json.loads(line)
                    if record.get("kind") == "manifest":
                        self.manifest = record
                        break
                    digest.update(line)
                    lines += 1
                    if record.get("kind") == "entry":
                        yield ArchivedEntry(record)
                    elif record.get("kind") == "subjects":
                        self.subjects[int(record["event_id"])] = [int(c) for c in record["citizen_ids"]]
        except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
            self.problem = f"unreadable at line {lines + 1}: {exc}"
            return
        self.sha256 = digest.hexdigest()
        if self.manifest is None:
            self.problem = "no manifest line: the file was cut short"
        elif self.manifest.get("sha256") != self.sha256 or self.manifest.get("lines") != lines:
            self.problem = "its lines do not match its own manifest: the file was changed"
