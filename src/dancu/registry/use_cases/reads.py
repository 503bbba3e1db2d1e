"""Reads of the register by an officer: search, the record as of a date, one item, the history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.group import GroupCommit
from dancu.enums.registry import Item
from dancu.registry import policies, queries
from dancu.registry.history import RecordView
from dancu.registry.models import Citizen, Fact
from dancu.registry.schemas import CitizenSummary
from dancu.registry.use_cases.subjects import entries_of_reads, log_reads, person
from dancu.registry.views import SUMMARY_FIELDS, summary_of_row


async def search(
    session: AsyncSession,
    *,
    name: str,
    dob: str | None,
    after_id: int | None,
    limit: int,
    actor: Actor,
    group: GroupCommit | None = None,
) -> list[Citizen]:
    """People whose name starts with ``name`` inside the actor's territory; each one shown is logged
    (by ``group``, the process's group commit, when the caller only reads: the API)."""
    found = await queries.search_citizens(
        session,
        territory=policies.territory_of(actor),
        name=name,
        dob=dob,
        after_id=after_id,
        limit=limit,
    )
    await log_reads(session, [(c, SUMMARY_FIELDS) for c in found], actor=actor, group=group)
    return found


async def search_on_driver(
    connection: queries.DriverConnection,
    *,
    name: str,
    dob: str | None,
    after_id: int | None,
    limit: int,
    actor: Actor,
) -> tuple[list[CitizenSummary], list[dict[str, Any]]]:
    """As :func:`search` on an asyncpg connection (the search's hot path, docs/adr/0017): the page and
    the contents of its read entries, one per person shown, which the caller hands to the group
    commit and waits for before it answers (the connection is back in its pool by then)."""
    rows = await queries.search_on_driver(
        connection,
        territory=policies.territory_of(actor),
        name=name,
        dob=dob,
        after_id=after_id,
        limit=limit,
    )
    entries = entries_of_reads([(row["id"], SUMMARY_FIELDS) for row in rows], actor=actor)
    return [summary_of_row(row) for row in rows], entries


async def read_record(
    session: AsyncSession, pin: str, *, valid_on: dt.date | None, known_at: dt.date | None, actor: Actor
) -> tuple[Citizen, RecordView]:
    """The whole record on ``valid_on`` as known on ``known_at``; the items it holds are logged."""
    citizen = await person(session, pin, actor=actor)
    view = await queries.record_as_of(session, citizen.id, valid_on=valid_on, known_at=known_at)
    fields = [i.value for i in view.single] + [i.value for i in view.keyed]
    await log_reads(session, [(citizen, fields)], actor=actor)
    return citizen, view


async def read_item(
    session: AsyncSession,
    pin: str,
    item: Item,
    *,
    key: str,
    valid_on: dt.date | None,
    known_at: dt.date | None,
    actor: Actor,
) -> tuple[Citizen, Fact | None]:
    """One item on ``valid_on`` as known on ``known_at`` and the fact that says so."""
    citizen = await person(session, pin, actor=actor)
    fact = await queries.item_as_of(session, citizen.id, item, key=key, valid_on=valid_on, known_at=known_at)
    await log_reads(session, [(citizen, [item.value])], actor=actor)
    return citizen, fact


async def read_history(
    session: AsyncSession, pin: str, *, item: Item | None = None, actor: Actor
) -> tuple[Citizen, list[Fact]]:
    """Every fact about the person (of one item when given); the items shown are logged."""
    citizen = await person(session, pin, actor=actor)
    facts = [f for f in await queries.timeline(session, citizen.id) if item is None or f.item is item]
    await log_reads(session, [(citizen, {f.item.value for f in facts})], actor=actor)
    return citizen, facts


FORM_ITEMS = (Item.FULL_NAME, Item.PIN)


async def read_for_form(
    session: AsyncSession, pin: str, items: Sequence[Item] = (), *, actor: Actor
) -> tuple[Citizen, dict[Item, Fact | None]]:
    """The person a form is about and the current facts of ``items``; the form shows the name and
    the PIN as well, and everything it shows is logged."""
    citizen = await person(session, pin, actor=actor)
    current = {item: await queries.item_as_of(session, citizen.id, item) for item in items}
    await log_reads(session, [(citizen, {i.value for i in (*FORM_ITEMS, *items)})], actor=actor)
    return citizen, current
