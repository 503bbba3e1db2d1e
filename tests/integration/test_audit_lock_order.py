"""Writers that log entries about several people take the chain heads in one ascending order, so
two of them can never deadlock on each other (ADR 0004)."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit import actions as audit
from dancu.audit.append import take_heads
from dancu.audit.chain import chain_for
from dancu.db.engine import make_engine
from dancu.registry.queries import citizen_by_pin
from tests.support.builders import c06, person

ACTOR = Actor.system("lock order test")


async def test_lock_chains_takes_heads_in_ascending_order_and_appends_do_not_retake_them(
    client: httpx.AsyncClient, session: AsyncSession, caplog: pytest.LogCaptureFixture
) -> None:
    officer = await c06(client, session)
    ids = []
    for given in ("An", "Bình", "Chi", "Dũng", "Em"):
        pin = await person(client, officer, full_name={"family": "Trần", "middle": "Văn", "given": given})
        ids.append((await citizen_by_pin(session, pin)).id)
    count = audit.chain_count()
    chains = {chain_for(i, None, count) for i in ids}
    assert len(chains) >= 2, "the people should spread over several chains"
    await session.commit()  # a fresh transaction: nothing held
    descending = sorted(ids, key=lambda i: chain_for(i, None, count), reverse=True)
    caplog.set_level(logging.WARNING, logger="dancu.audit")
    taken = await audit.lock_chains(session, subject_ids=descending, actor=ACTOR)
    assert taken == sorted(chains)
    assert session.info[audit.ORDER] == sorted(chains)
    for citizen_id in descending:  # the entries themselves, in the "wrong" order
        await audit.record_read(
            session, actor=ACTOR, citizen_id=citizen_id, fields=["pin"], purpose="Kiểm tra"
        )
    assert session.info[audit.ORDER] == sorted(chains)
    assert not [r for r in caplog.records if "out of order" in r.message]
    await session.commit()
    assert audit.ORDER not in session.info  # forgotten when the transaction ends

    # Without lock_chains the same appends are taken out of order, and that is logged.
    for citizen_id in descending:
        await audit.record_read(
            session, actor=ACTOR, citizen_id=citizen_id, fields=["pin"], purpose="Kiểm tra"
        )
    assert session.info[audit.ORDER] == sorted(chains, reverse=True)
    assert [r for r in caplog.records if "out of order" in r.message]


async def _hold(
    url: str, first: list[int], then: list[int], *, ordered: bool, started: asyncio.Event
) -> None:
    """One transaction taking two chain heads with a pause between, then rolling back."""
    engine = make_engine(url)
    try:
        async with AsyncSession(engine) as session:
            if ordered:
                await audit.lock_chains(session, subject_ids=[*first, *then], actor=ACTOR)
                started.set()
                await asyncio.sleep(0.3)
            else:
                await take_heads(session, {chain_for(first[0], None, audit.chain_count()): 1})
                started.set()
                await asyncio.sleep(0.3)
                await take_heads(session, {chain_for(then[0], None, audit.chain_count()): 1})
            await session.rollback()
    finally:
        await engine.dispose()


async def test_two_writers_in_opposite_orders_do_not_deadlock(
    backend: str, database_urls: dict[str, str]
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite has one database write lock: there is no lock order to get wrong")
    url = database_urls[backend]
    low, high = 1, 5  # citizen ids on chains 1 and 5 (N > 5)
    # The risk, shown: taken as written, opposite orders deadlock and PostgreSQL aborts one.
    a, b = asyncio.Event(), asyncio.Event()
    naive = await asyncio.gather(
        _hold(url, [low], [high], ordered=False, started=a),
        _hold(url, [high], [low], ordered=False, started=b),
        return_exceptions=True,
    )
    assert any(isinstance(r, DBAPIError) and "deadlock" in str(r) for r in naive), naive
    # The remedy: lock_chains sorts, so the second writer simply waits for the first.
    a, b = asyncio.Event(), asyncio.Event()
    ordered = await asyncio.wait_for(
        asyncio.gather(
            _hold(url, [low], [high], ordered=True, started=a),
            _hold(url, [high], [low], ordered=True, started=b),
            return_exceptions=True,
        ),
        timeout=20,
    )
    assert ordered == [None, None]
