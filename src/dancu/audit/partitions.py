"""The log's monthly partitions on PostgreSQL (docs/adr/0018): made ahead, listed, found sealed.

``event`` is partitioned by range of ``occurred_at``, one partition per UTC month named
``event_YYYY_MM``, plus ``event_default`` so that an insert never fails for want of a partition.
:func:`ensure` makes the partitions of this month and the next ``ahead`` months (the worker runs it
hourly; ``dancu audit partitions ensure`` by hand). Should an entry have landed in the default
partition (the worker stopped for months), :func:`ensure` moves it into the month made for it, in
the same transaction. SQLite keeps one table: nothing here applies to it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.chain_count import trigger_names
from dancu.audit.models import AuditCheckpoint

DEFAULT_AHEAD = 3  # months made ahead of the current one
DEFAULT_PARTITION = "event_default"
_NAME = re.compile(r"^event_(\d{4})_(\d{2})$")


def month_start(moment: dt.datetime | dt.date) -> dt.datetime:
    """The first instant (UTC) of the month ``moment`` falls in."""
    if isinstance(moment, dt.datetime):
        moment = moment.astimezone(dt.UTC)
    return dt.datetime(moment.year, moment.month, 1, tzinfo=dt.UTC)


def add_months(start: dt.datetime, months: int) -> dt.datetime:
    index = start.year * 12 + start.month - 1 + months
    return dt.datetime(index // 12, index % 12 + 1, 1, tzinfo=dt.UTC)


def partition_name(start: dt.datetime) -> str:
    return f"event_{start.year:04d}_{start.month:02d}"


def parse_month(value: str) -> dt.datetime:
    """``YYYY-MM`` → the first instant of that month (UTC); ValueError otherwise."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"not a month (YYYY-MM): {value}")
    return dt.datetime(int(match.group(1)), int(match.group(2)), 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Partition:
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime


def is_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def partitions(session: AsyncSession) -> list[Partition]:
    """The monthly partitions that exist, oldest first (the default partition is not listed)."""
    if not is_postgresql(session):
        return []
    rows = await session.execute(
        text(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'event'::regclass"
        )
    )
    found = []
    for (name,) in rows:
        match = _NAME.match(str(name))
        if match is not None:
            start = dt.datetime(int(match.group(1)), int(match.group(2)), 1, tzinfo=dt.UTC)
            found.append(Partition(str(name), start, add_months(start, 1)))
    return sorted(found, key=lambda p: p.starts_at)


def _literal(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S+00")  # from our own month arithmetic, never input


async def _create(session: AsyncSession, start: dt.datetime) -> int:
    """Make the month's partition; entries that fell into the default partition meanwhile are moved
    into it (the default is detached for the move, so no writer sees the month twice). How many."""
    name, end = partition_name(start), add_months(start, 1)
    bounds = f"FROM ('{_literal(start)}') TO ('{_literal(end)}')"
    stray = await session.scalar(
        text(f"SELECT count(*) FROM {DEFAULT_PARTITION} WHERE occurred_at >= :a AND occurred_at < :b"),  # noqa: S608
        {"a": start, "b": end},
    )
    moved = int(stray or 0)
    if moved:
        await session.execute(text(f"ALTER TABLE event DETACH PARTITION {DEFAULT_PARTITION}"))
    await session.execute(text(f"CREATE TABLE {name} PARTITION OF event FOR VALUES {bounds}"))
    await session.execute(
        text(
            f"CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {name} "
            "FOR EACH STATEMENT EXECUTE FUNCTION dancu_refuse_change()"
        )
    )
    if moved:
        where = "WHERE occurred_at >= :a AND occurred_at < :b"
        # Entries already written move as they are, whatever chain count they were written under
        # (it may have changed since): the new month's copy of the count's trigger (migration 0041)
        # is off for the move, while the detached default partition keeps every writer out.
        counts = await trigger_names(session)
        for trigger in counts:
            await session.execute(text(f'ALTER TABLE {name} DISABLE TRIGGER "{trigger}"'))
        await session.execute(
            text(f"INSERT INTO event SELECT * FROM {DEFAULT_PARTITION} {where} ORDER BY id"),  # noqa: S608
            {"a": start, "b": end},
        )
        for trigger in counts:
            await session.execute(text(f'ALTER TABLE {name} ENABLE TRIGGER "{trigger}"'))
        # The rows are in their month now. Detached, the default partition has lost the append-only
        # trigger cloned from ``event`` (PostgreSQL drops clones on detach; attaching clones it again),
        # so the copies left behind can be deleted, in this transaction, with nobody able to write.
        await session.execute(text(f"DELETE FROM {DEFAULT_PARTITION} {where}"), {"a": start, "b": end})  # noqa: S608
        await session.execute(text(f"ALTER TABLE event ATTACH PARTITION {DEFAULT_PARTITION} DEFAULT"))
    return moved


async def ensure(session: AsyncSession, *, now: dt.datetime, ahead: int = DEFAULT_AHEAD) -> dict[str, int]:
    """Make the partitions from this month to ``ahead`` months on that do not exist yet; for each
    one made, how many entries it took over from the default partition. The caller commits."""
    if not is_postgresql(session):
        return {}
    have = {p.name for p in await partitions(session)}
    made: dict[str, int] = {}
    this_month = month_start(now)
    for offset in range(ahead + 1):
        start = add_months(this_month, offset)
        if partition_name(start) not in have:
            made[partition_name(start)] = await _create(session, start)
    return made


async def default_rows(session: AsyncSession) -> int:
    if not is_postgresql(session):
        return 0
    return int(await session.scalar(text(f"SELECT count(*) FROM {DEFAULT_PARTITION}")) or 0)  # noqa: S608


@dataclass(frozen=True)
class Seal:
    """Whether a partition is sealed: its month is over and one checkpoint covers its last entry in
    every chain. ``reason`` says why not."""

    partition: Partition
    checkpoint: AuditCheckpoint | None
    reason: str | None


async def seal_of(
    session: AsyncSession, partition: Partition, *, now: dt.datetime, checkpoint: AuditCheckpoint | None
) -> Seal:
    if partition.ends_at > month_start(now):
        return Seal(partition, None, "month_not_over")
    if checkpoint is None:
        return Seal(partition, None, "no_checkpoint")
    rows = await session.execute(
        text(f"SELECT chain, max(seq), max(id) FROM {partition.name} GROUP BY chain")  # noqa: S608
    )
    for chain, seq, last_id in rows:
        head = checkpoint.heads.get(str(chain))
        if head is None or int(head[0]) < int(seq) or int(last_id) > checkpoint.last_event_id:
            return Seal(partition, None, "not_checkpointed")
    return Seal(partition, checkpoint, None)
