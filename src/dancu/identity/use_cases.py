"""The identity app's reads of a record: the citizen's own, or a represented person's.

Each resolves the person (the caller, or someone the caller represents in both records), logs
the read in the identity app's channel naming the caller, and returns what the page shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import Channel
from dancu.audit.actions import read_entries, record_events
from dancu.audit.group import GroupCommit
from dancu.enums.registry import Item
from dancu.errors import Conflict, Forbidden, NotFound
from dancu.identity import citizens, representatives
from dancu.identity.models import Account, AccountStatus
from dancu.registry import queries
from dancu.registry.driver_sets import Holder, RecordsSource, record_on_driver
from dancu.registry.history import RecordView
from dancu.registry.models import Citizen, Fact

REPRESENTATIVE_PURPOSE = "Người đại diện theo pháp luật xem thông tin của người được đại diện (NĐ 69 Điều 14)"
PURPOSE = "Công dân xem thông tin của mình (Luật Căn cước Điều 10 khoản 7)"


async def _subject(session: AsyncSession, person_id: int | None, actor: Actor) -> tuple[Citizen, str]:
    """The person read (the caller when ``person_id`` is None) and the purpose the log records."""
    if actor.citizen_id is None:
        raise Forbidden("audit.not_a_citizen")
    if person_id is None:
        return await queries.citizen_by_id(session, actor.citizen_id), PURPOSE
    person = await representatives.ensure_represents(session, actor.citizen_id, person_id)
    return person, REPRESENTATIVE_PURPOSE


def _entries(actor: Actor, citizen_id: int, fields: list[str], purpose: str) -> list[dict[str, Any]]:
    """The read's entry in the identity app's channel, naming the caller: one builder for the session
    path and the hot path, so both write the same entry."""
    return read_entries(
        actor=actor, citizen_ids=[citizen_id], fields=fields, purpose=purpose, channel=Channel.IDENTITY_APP
    )


def _record_fields(view: RecordView) -> list[str]:
    """Every item a record holds: what a read of the whole record is logged as reading."""
    return [i.value for i in view.single] + [i.value for i in view.keyed]


async def _append(session: AsyncSession, entries: list[dict[str, Any]], group: GroupCommit | None) -> None:
    """The read's entries: in the caller's transaction, or with ``group`` (a read whose only write is
    its entries) committed by the process's group commit before this returns (docs/adr/0017)."""
    if group is not None:
        await group.append(entries)
    else:
        await record_events(session, entries)


def _name_entries(actor: Actor, people: list[representatives.Represented]) -> list[dict[str, Any]]:
    """A list of the people the caller represents shows each one's name: the read is in each
    person's own log, naming the caller, as any other read of their data is."""
    if not people:
        return []
    ids = [p.citizen_id for p in people]
    return read_entries(
        actor=actor,
        citizen_ids=ids,
        fields=[Item.FULL_NAME.value],
        purpose=REPRESENTATIVE_PURPOSE,
        channel=Channel.IDENTITY_APP,
    )


async def read_record(
    session: AsyncSession, person_id: int | None = None, *, actor: Actor, group: GroupCommit | None = None
) -> tuple[Citizen, RecordView]:
    """The record now, with every item it holds logged as read (by ``group`` when given: the
    citizen's own page, which writes nothing else)."""
    citizen, purpose = await _subject(session, person_id, actor)
    view = await queries.record_as_of(session, citizen.id)
    await _append(session, _entries(actor, citizen.id, _record_fields(view), purpose), group)
    return citizen, view


async def read_home(
    session: AsyncSession, *, actor: Actor, group: GroupCommit | None = None
) -> tuple[Citizen, RecordView, list[representatives.Represented]]:
    """The app's home page: the caller's record now and the people they may act for, by name. The
    record's read and each listed person's name read are logged together (by ``group`` when given)."""
    citizen, purpose = await _subject(session, None, actor)
    view = await queries.record_as_of(session, citizen.id)
    people = await representatives.represented_by(session, citizen.id, own=view)
    entries = _entries(actor, citizen.id, _record_fields(view), purpose) + _name_entries(actor, people)
    await _append(session, entries, group)
    return citizen, view, people


@dataclass(frozen=True)
class OwnRecord:
    """The hot path's own record (:func:`read_own_record_on_driver`): who, the record, and the read's
    entries, which the caller hands to the group commit and waits for before it answers."""

    holder: Holder
    view: RecordView
    entries: list[dict[str, Any]]


async def read_own_record_on_driver(source: RecordsSource, *, actor: Actor) -> OwnRecord:
    """:func:`read_record` of the caller's own record on an asyncpg connection (the identity app's
    JSON read on the hot path, docs/adr/0017): the same person, the same record and the same entry,
    appended by the caller through the group commit before the answer leaves."""
    if actor.citizen_id is None:
        raise Forbidden("audit.not_a_citizen")
    found = await record_on_driver(source, actor.citizen_id)
    if found is None:
        raise NotFound("citizen.not_found")
    holder, view = found
    return OwnRecord(holder, view, _entries(actor, holder.id, _record_fields(view), PURPOSE))


async def read_history(
    session: AsyncSession, person_id: int | None = None, *, actor: Actor
) -> tuple[Citizen, list[Fact]]:
    """Every fact about the person, with the items they hold logged as read."""
    citizen, purpose = await _subject(session, person_id, actor)
    facts = list(await queries.timeline(session, citizen.id))
    await _append(session, _entries(actor, citizen.id, sorted({f.item.value for f in facts}), purpose), None)
    return citizen, facts


async def request_child_account(
    session: AsyncSession, child_pin: str | None = None, *, child_id: int | None = None, actor: Actor
) -> tuple[Citizen, Account]:
    """A representative asks for the e-ID account of a child of 6 to under 14 (NĐ 69 Điều 7): the
    child, named by PIN or by the id the app listed, must be someone the caller represents in both
    records (403 otherwise, whether or not the person exists); the request is recorded in the
    child's log naming the representative."""
    if actor.citizen_id is None:
        raise Forbidden("audit.not_a_citizen")
    if child_id is None:
        found = await session.scalar(select(Citizen.id).where(Citizen.pin == child_pin))
        if found is None:
            raise Forbidden("eid.not_representative")
        child_id = found
    try:
        child = await representatives.ensure_represents(session, actor.citizen_id, child_id)
    except Forbidden:
        # A parent no longer represents a child of 14 or more (NĐ 69 Điều 14): name the age rule.
        if await representatives.parent_in_both_records(session, actor.citizen_id, child_id):
            raise Conflict("eid.child_age") from None
        raise
    account = await citizens.request_child_account(session, child, actor=actor)
    return child, account


@dataclass(frozen=True)
class ChildAccount:
    """A person the caller represents and the state of their e-ID account (None: no account)."""

    citizen_id: int
    full_name: str
    basis: representatives.Basis
    status: AccountStatus | None
    activation_deadline: dt.datetime | None


async def child_accounts(session: AsyncSession, *, actor: Actor) -> list[ChildAccount]:
    """The people the caller represents (the same list the app's home page shows) with their
    account's state, so a parent sees the account asked for. Names and account states only: each
    name's read is in that person's log, naming the caller."""
    if actor.citizen_id is None:
        raise Forbidden("audit.not_a_citizen")
    people = await representatives.represented_by(session, actor.citizen_id)
    await _append(session, _name_entries(actor, people), None)
    out = []
    for person in people:
        account = await citizens.account_of_citizen(session, person.citizen_id)
        out.append(
            ChildAccount(
                citizen_id=person.citizen_id,
                full_name=person.full_name,
                basis=person.basis,
                status=account.status if account else None,
                activation_deadline=account.activation_deadline if account else None,
            )
        )
    return out
