"""Resolving the people a use case touches and logging what it shows of them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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
    runs: list[tuple[list[str], list[int]]] = []
    for citizen, fields in reads:
        shown = sorted(fields)
        if runs and runs[-1][0] == shown:
            runs[-1][1].append(citizen.id)
        else:
            runs.append((shown, [citizen.id]))
    if group is not None:
        entries = [
            entry
            for shown, citizen_ids in runs
            for entry in read_entries(actor=actor, citizen_ids=citizen_ids, fields=shown, purpose=purpose)
        ]
        if entries:
            await group.append(entries)
        return
    if len(runs) > 1:
        await lock_chains(session, subject_ids=[c.id for c, _ in reads], actor=actor)
    for shown, citizen_ids in runs:
        await record_reads(session, actor=actor, citizen_ids=citizen_ids, fields=shown, purpose=purpose)
