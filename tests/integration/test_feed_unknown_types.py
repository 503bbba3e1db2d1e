"""The change feed and entries of a type this version does not know (docs/adr/0006): after a
rollback the log holds a later version's entries; the sequencer holds those about a person (they
may be changes to the register), goes on with everything after them, and the first version that
knows their type sequences them."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.audit.models import Event, EventType
from dancu.registry.models import Citizen
from dancu.seed import seed_population
from dancu.sharing.feed.models import FeedEntry, FeedGap, FeedKind
from dancu.sharing.feed.sequencer import sequence_feed
from tests.support.foreign_entries import append_foreign, future_entry

LATER = Actor(label="nv.later", group=ActorGroup.K1, channel=Channel.DIRECT, organisation_name="C06")


@pytest.fixture
async def people(session: AsyncSession, system_actor: Actor) -> list[int]:
    await seed_population(session, citizens=4, seed=9, actor=system_actor)
    await sequence_feed(session)  # the seed's own changes, out of the way
    return list(await session.scalars(select(Citizen.id).order_by(Citizen.id).limit(2)))


def forget(monkeypatch: pytest.MonkeyPatch, forgotten: EventType) -> None:
    """This version reads ``forgotten`` as a type it does not know, as a version before the type
    existed would: the entries stand for a later version's."""
    # The log's lenient column type (db.base.LenientEnum); the dialect's copies of it share the dict.
    monkeypatch.delitem(Event.__table__.c.event_type.type._by_value, forgotten.value)


async def _feed_of(session: AsyncSession, event_id: int) -> list[FeedEntry]:
    return list(await session.scalars(select(FeedEntry).where(FeedEntry.event_id == event_id)))


async def test_an_unknown_entry_is_held_the_feed_goes_on_and_a_version_that_knows_it_sequences_it(
    session: AsyncSession, people: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    forget(monkeypatch, EventType.ITEM_UPDATED)
    update = future_entry(actor=LATER, citizen_id=people[0], event_type=EventType.ITEM_UPDATED.value)
    held = await append_foreign(session, update | {"data": {"items": ["occupation"]}})
    moved = future_entry(actor=LATER, citizen_id=people[1], event_type=EventType.RESIDENCE_CHANGED.value)
    after = await append_foreign(session, moved)
    about_nobody = await append_foreign(session, future_entry(actor=LATER, citizen_id=None))
    for _ in range(2):  # held across passes, never sequenced, never dropped
        await sequence_feed(session)
        assert await _feed_of(session, held) == []
        gaps = list(await session.scalars(select(FeedGap).where(FeedGap.held_type.is_not(None))))
        assert [(g.event_id, g.held_type) for g in gaps] == [(held, EventType.ITEM_UPDATED.value)]
    (went_on,) = await _feed_of(session, after)  # the feed went on past it
    assert went_on.kind is FeedKind.RESIDENCE
    assert await session.get(FeedGap, about_nobody) is None  # about nobody: never a change

    monkeypatch.undo()  # rolled forward: this version knows the type again
    session.expunge_all()  # a new version's process reads the entries afresh
    await sequence_feed(session)
    (late,) = await _feed_of(session, held)
    assert late.kind is FeedKind.CORRECTION and late.items == ["occupation"]
    assert late.seq > (await _feed_of(session, after))[0].seq
    assert await session.get(FeedGap, held) is None
