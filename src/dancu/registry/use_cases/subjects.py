"""Resolving the people a use case touches and logging what it shows of them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.actions import lock_chains, read_entries, record_reads
from dancu.audit.group import GroupCommit
from dancu.registry import policies, queries
from dancu.registry.models import Citizen

PURPOSE = "Quản lý dân cư (NĐ 70/2024 Điều 5, 6)"


async def person(session: AsyncSession, pin: str, *, actor: Actor, field: str | None = None) -> Citizen:
    """The person a PIN names (a cancelled PIN resolves to its owner), inside the actor's territory.

    404 for an unknown PIN, 403 outside the territory; ``field`` names the body field that gave
    the PIN (None: the path).
    """
    citizen = await queries.citizen_by_pin(session, pin)
    policies.ensure_citizen_in_territory(actor, citizen, field=field)
    return citizen


def _runs(reads: Iterable[tuple[int, Iterable[str]]]) -> list[tuple[list[str], list[int]]]:
    """Consecutive people shown the same fields, as (fields, their ids)."""
    runs: list[tuple[list[str], list[int]]] = []
    for citizen_id, fields in reads:
        shown = sorted(fields)
        if runs and runs[-1][0] == shown:
            runs[-1][1].append(citizen_id)
        else:
            runs.append((shown, [citizen_id]))
    return runs


def entries_of_reads(
    reads: Iterable[tuple[int, Iterable[str]]], *, actor: Actor, purpose: str = PURPOSE
) -> list[dict[str, Any]]:
    """The contents of the read entries :func:`log_reads` hands to the group commit, one per person
    (by id) shown, in order; for a path that reads without a session (the search's hot path)."""
    return [
        entry
        for shown, citizen_ids in _runs(reads)
        for entry in read_entries(actor=actor, citizen_ids=citizen_ids, fields=shown, purpose=purpose)
    ]


async def log_reads(
    session: AsyncSession,
    reads: Sequence[tuple[Citizen, Iterable[str]]],
    *,
    actor: Actor,
    purpose: str = PURPOSE,
    group: GroupCommit | None = None,
) -> None:
    """One read entry per person shown, in order; people shown the same fields share one append
    (a search page is one append of 20 entries, not 20 appends of one). Several appends take every
    chain first in one order (ADR 0004); one append takes its own in order.

    With ``group`` (a use case whose only write is this log, read in a read-only unit of work) the
    entries go to the process's group commit in one append, and this returns once they are durable
    (docs/adr/0017)."""
    by_id = [(citizen.id, fields) for citizen, fields in reads]
    if group is not None:
        entries = entries_of_reads(by_id, actor=actor, purpose=purpose)
        if entries:
            await group.append(entries)
        return
    runs = _runs(by_id)
    if len(runs) > 1:
        await lock_chains(session, subject_ids=[c.id for c, _ in reads], actor=actor)
    for shown, citizen_ids in runs:
        await record_reads(session, actor=actor, citizen_ids=citizen_ids, fields=shown, purpose=purpose)
