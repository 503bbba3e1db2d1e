"""A batch of entries is appended in four statements, with its chain heads taken in chain order,
and the log it writes verifies like one written an entry at a time (ADR 0004)."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from dancu.access.actor import Actor
from dancu.audit import actions as audit
from dancu.audit import chain as rules
from dancu.audit.driver_append import append_on_driver
from dancu.audit.models import AuditChain, Event, EventType
from dancu.audit.verify import content_of, verify_log
from dancu.registry.models import Citizen
from dancu.seed import seed_population
from tests.support.statements import compilations, kinds, statements

ACTOR = Actor.system("batch append test")


@pytest.fixture
async def seeded(session: AsyncSession) -> list[int]:
    await seed_population(session, citizens=12, seed=5, actor=ACTOR)
    return list(await session.scalars(select(Citizen.id).order_by(Citizen.id)))


@pytest.fixture
async def people(session: AsyncSession, seeded: list[int]) -> list[int]:
    await audit.lock_chains(session, subject_ids=seeded, actor=ACTOR)  # their heads exist from here on
    await session.commit()  # a fresh transaction: no head held
    return seeded


def by_chain_descending(ids: list[int]) -> list[int]:
    return sorted(ids, key=lambda i: rules.chain_for(i, None, audit.chain_count()), reverse=True)


async def test_a_batch_takes_its_heads_in_chain_order_in_four_statements(
    session: AsyncSession, engine: AsyncEngine, people: list[int]
) -> None:
    asked = by_chain_descending(people) * 2  # every person twice, the highest chain first
    chains = sorted({rules.chain_for(i, None, audit.chain_count()) for i in asked})
    assert len(chains) >= 3
    with statements(engine) as seen:
        events = await audit.record_reads(
            session, actor=ACTOR, citizen_ids=asked, fields=["pin"], purpose="Kiểm tra"
        )
    assert len(seen) == 4, kinds(seen)  # heads, person heads, insert … returning, new heads
    assert session.info[audit.ORDER] == chains
    assert [e.subject_citizen_id for e in events] == asked  # in the order given
    for event in events:  # what was inserted is what was hashed: nothing read back
        digest = rules.entry_hash(
            content_of(event), subject_prev_hash=event.subject_prev_hash, prev_hash=event.prev_hash
        )
        assert digest == event.entry_hash
    first, again = events[: len(people)], events[len(people) :]
    for earlier, later in zip(first, again, strict=True):  # a person asked twice: linked in order
        assert later.subject_prev_hash == earlier.entry_hash and later.id > earlier.id
    await session.commit()
    report = await verify_log(session)
    assert report.ok, report.as_dict()


async def test_a_batch_extends_chains_that_already_hold_entries(
    session: AsyncSession, engine: AsyncEngine, people: list[int]
) -> None:
    one = await audit.record_event(session, EventType.ITEM_UPDATED, actor=ACTOR, subject_citizen_id=people[0])
    with statements(engine) as seen:  # entries filling different columns: still one INSERT
        batch = await audit.record_events(
            session,
            [
                audit.entry(
                    EventType.CITIZEN_VIEWED, actor=ACTOR, subject_citizen_id=people[0], fields=["sex"]
                ),
                audit.entry(EventType.LOGIN_FAILED, actor=ACTOR, data={"reason": "no person"}, reason="x"),
            ],
        )
    assert len(seen) == 4, kinds(seen)
    assert batch[0].chain == one.chain and batch[0].seq == one.seq + 1
    assert batch[0].prev_hash == one.entry_hash and batch[0].subject_prev_hash == one.entry_hash
    assert batch[1].subject_citizen_id is None and batch[1].subject_prev_hash is None
    heads = {c.chain: c for c in await session.scalars(select(AuditChain))}
    assert heads[batch[0].chain].head_hash == batch[0].entry_hash
    assert (await verify_log(session)).ok


async def test_chains_get_their_heads_on_first_use(session: AsyncSession, seeded: list[int]) -> None:
    used = {rules.chain_for(i, None, audit.chain_count()) for i in seeded}
    missing = used - set(await session.scalars(select(AuditChain.chain)))
    assert missing  # as on a new database, or after N was raised while writes were stopped
    events = await audit.record_reads(
        session, actor=ACTOR, citizen_ids=seeded, fields=["pin"], purpose="Kiểm tra"
    )
    heads = {c.chain: c.seq for c in await session.scalars(select(AuditChain))}
    assert used <= heads.keys()
    per_chain = Counter(e.chain for e in events)
    assert {chain: heads[chain] for chain in missing} == {chain: per_chain[chain] for chain in missing}
    assert (await verify_log(session)).ok


async def test_the_append_is_compiled_once_whatever_the_batch(
    session: AsyncSession, engine: AsyncEngine, people: list[int]
) -> None:
    """The append's four statements have one shape for any batch (bound arrays on PostgreSQL, one
    JSON text on SQLite), so once warm a batch of any size over any chains is served from the
    compiled cache: nothing is compiled per call (a VALUES list has no cache key and was compiled
    on every append)."""
    for warm in (people[:1], people[:2]):  # one entry is inserted by execute, several by executemany
        await audit.record_reads(session, actor=ACTOR, citizen_ids=warm, fields=["pin"], purpose="Kiểm tra")
        await session.commit()
    for batch in (people[1:2], people[:5], by_chain_descending(people) * 2):
        with compilations(engine) as compiled:
            await audit.record_reads(
                session, actor=ACTOR, citizen_ids=batch, fields=["pin"], purpose="Kiểm tra"
            )
        assert compiled == []
        await session.commit()
    report = await verify_log(session)
    assert report.ok, report.as_dict()


async def test_the_heads_call_keeps_one_plan(session: AsyncSession, backend: str, people: list[int]) -> None:
    """The heads' statement takes arrays of chains and counts, whose length a generic plan cannot
    know: left to choose, the server found the generic plan dearer than one made for the call's few
    chains and planned the statement for every group (migration 0040, docs/adr/0017 "session 19").
    The function keeps its generic plan, and the heads the driver's append takes with it are right."""
    if backend != "postgresql":
        pytest.skip(
            "audit_take_heads is PostgreSQL's driver path; SQLite appends through the ORM path, tested above"
        )
    settings = await session.scalar(text("SELECT proconfig FROM pg_proc WHERE proname = 'audit_take_heads'"))
    assert "plan_cache_mode=force_generic_plan" in list(settings or [])
    driver = (await (await session.connection()).get_raw_connection()).driver_connection
    assert driver is not None
    for turn in range(8):  # past the five custom plans the server would otherwise try first
        asked = by_chain_descending(people[: 1 + turn % len(people)])
        entries = audit.read_entries(actor=ACTOR, citizen_ids=asked, fields=["pin"], purpose="Kiểm tra")
        ids = await append_on_driver(session, driver, entries)  # audit_take_heads, then the insert
        written = (
            await session.execute(
                select(Event.chain, Event.seq, Event.entry_hash).where(Event.id.in_(ids)).order_by(Event.id)
            )
        ).all()
        assert len(written) == len(asked)
        last = {chain: (seq, digest) for chain, seq, digest in written}  # each chain's last entry
        heads = await session.execute(select(AuditChain.chain, AuditChain.seq, AuditChain.head_hash))
        assert {chain: (seq, digest) for chain, seq, digest in heads if chain in last} == last
    report = await verify_log(session)
    assert report.ok, report.as_dict()
