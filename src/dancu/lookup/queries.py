"""Reads of the lookup hot path: a fixed number of queries whatever the batch size.

One query finds the people by current PIN, one more only for numbers not found (cancelled PINs),
and one loads the facts of the matched people; each record is then resolved in memory exactly as
:func:`dancu.registry.queries.record_as_of` does.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.db.routing import stale_ok
from dancu.enums.registry import Item
from dancu.lookup.models import AskStatus, VerificationAsk, VerificationQuestion
from dancu.registry.history import RecordView, record_view
from dancu.registry.models import Citizen, Fact, PinRecord
from dancu.registry.queries import as_of_bounds


async def people_by_pins(session: AsyncSession, pins: Collection[str]) -> dict[str, Citizen]:
    """Each presented PIN (current or cancelled) mapped to its owner; unknown numbers are absent."""
    wanted = set(pins)
    if not wanted:
        return {}
    found = {
        c.pin: c for c in await session.scalars(stale_ok(select(Citizen).where(Citizen.pin.in_(wanted))))
    }
    rest = wanted - found.keys()
    if rest:
        rows = await session.execute(
            stale_ok(
                select(PinRecord.pin, Citizen)
                .join(Citizen, Citizen.id == PinRecord.citizen_id)
                .where(PinRecord.pin.in_(rest))
            )
        )
        found.update({pin: citizen for pin, citizen in rows.all()})
    return found


async def records_now(
    session: AsyncSession, citizen_ids: Collection[int], *, items: Collection[str] | None = None
) -> dict[int, RecordView]:
    """Each person's record valid today as known now, from one query over their facts; with
    ``items``, only those items (an item's value depends only on its own facts, so an answer that
    releases a few fields reads only theirs)."""
    day, instant = as_of_bounds(None, None)
    by_person: dict[int, list[Fact]] = defaultdict(list)
    if citizen_ids:
        wanted = select(Fact).where(Fact.citizen_id.in_(set(citizen_ids)), Fact.recorded_at <= instant)
        if items is not None:
            wanted = wanted.where(Fact.item.in_([Item(item) for item in items]))
        facts = await session.scalars(stale_ok(wanted))
        for fact in facts:
            by_person[fact.citizen_id].append(fact)
    return {cid: record_view(by_person[cid], valid_on=day, known_at=instant) for cid in citizen_ids}


async def person_and_record(
    session: AsyncSession, pin: str, *, items: Collection[str]
) -> tuple[Citizen, RecordView] | None:
    """The holder of ``pin`` and their record of ``items`` valid today as known now: one statement
    (the person joined to those facts) for a current PIN, as :func:`people_by_pins` and
    :func:`records_now` for a cancelled one. None: nobody holds or held it."""
    day, instant = as_of_bounds(None, None)
    facts_of = and_(
        Fact.citizen_id == Citizen.id,
        Fact.recorded_at <= instant,
        Fact.item.in_([Item(item) for item in items]),
    )
    wanted = select(Citizen, Fact).outerjoin(Fact, facts_of).where(Citizen.pin == pin)
    rows = (await session.execute(stale_ok(wanted))).all()
    if rows:
        facts = [fact for _, fact in rows if fact is not None]
        return rows[0][0], record_view(facts, valid_on=day, known_at=instant)
    citizen = (await people_by_pins(session, [pin])).get(pin)
    if citizen is None:
        return None
    return citizen, (await records_now(session, [citizen.id], items=items))[citizen.id]


async def questions_since(
    session: AsyncSession, *, requester_key: str, since: dt.datetime, pin_digest: str
) -> tuple[int, int]:
    """Questions a requester asked since ``since``, in all and about one PIN (refused ones included),
    in one statement: the probing limits are checked on every question."""
    about = func.count().filter(VerificationQuestion.pin_digest == pin_digest)
    wanted = select(func.count(), about).where(
        VerificationQuestion.requester_key == requester_key, VerificationQuestion.asked_at >= since
    )
    total, on_subject = (await session.execute(wanted)).one()
    return int(total or 0), int(on_subject or 0)


async def ask_of_requester(session: AsyncSession, ref: str, requester_key: str) -> VerificationAsk | None:
    """A requester's own one-off consent ask; another requester's is None (not disclosed)."""
    found: VerificationAsk | None = await session.scalar(
        select(VerificationAsk).where(
            VerificationAsk.ref == ref, VerificationAsk.requester_key == requester_key
        )
    )
    return found


async def ask_of_subject(session: AsyncSession, ref: str, citizen_id: int) -> VerificationAsk | None:
    found: VerificationAsk | None = await session.scalar(
        select(VerificationAsk).where(VerificationAsk.ref == ref, VerificationAsk.citizen_id == citizen_id)
    )
    return found


async def asks_of_subject(session: AsyncSession, citizen_id: int) -> list[VerificationAsk]:
    """The open asks of one person, oldest first."""
    return list(
        await session.scalars(
            select(VerificationAsk)
            .where(VerificationAsk.citizen_id == citizen_id, VerificationAsk.status == AskStatus.PENDING)
            .order_by(VerificationAsk.id)
        )
    )
