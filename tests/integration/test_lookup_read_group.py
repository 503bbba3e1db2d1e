"""Reads of one person in flight at once are made in one statement (lookup/read_group.py): each
request still gets exactly its own person and record (single lookups by PIN, own records by id), an
unknown or cancelled number still falls back to its own read, a request that went away is skipped,
and a failed read fails every request it carried."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.enums.registry import Item
from dancu.lookup import queries
from dancu.lookup.read_group import ReadGroup, own_records
from dancu.registry import driver_sets
from dancu.registry.models import Citizen
from dancu.seed import seed_population
from tests.support.driver_reads import RecordsOnConnection

ACTOR = Actor.system("read group test")
ITEMS = [Item.FULL_NAME.value, Item.PERMANENT_RESIDENCE.value, Item.DATE_OF_BIRTH.value]


class Counting:
    """The session's asyncpg connection, counting the statements sent through it."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.statements: list[str] = []
        self.fail: Exception | None = None

    async def fetch(self, query: str, *args: Any) -> list[Any]:
        self.statements.append(query)
        if self.fail is not None:
            raise self.fail
        return list(await self.driver.fetch(query, *args))


@pytest.fixture
async def world(session: AsyncSession, backend: str) -> tuple[list[str], Counting, ReadGroup]:
    if backend != "postgresql":
        pytest.skip("the read group serves the driver path, on PostgreSQL only; SQLite reads in the request")
    await seed_population(session, citizens=12, seed=21, actor=ACTOR)
    await session.commit()
    pins = list(await session.scalars(select(Citizen.pin).order_by(Citizen.id)))
    counting = Counting((await (await session.connection()).get_raw_connection()).driver_connection)

    return pins, counting, ReadGroup(_connecting(counting))


def _connecting(counting: Counting) -> Any:
    @asynccontextmanager
    async def connect() -> AsyncIterator[Any]:
        yield counting

    return connect


async def _alone(counting: Counting, pin: str) -> Any:
    return (await queries.people_on_driver(queries.OnConnection(counting.driver), [pin], items=ITEMS)).get(
        pin
    )


async def test_lookups_in_flight_share_one_statement(world: tuple[list[str], Counting, ReadGroup]) -> None:
    pins, counting, group = world
    asked = [*pins[:7], pins[0]]  # the same person asked twice at once: both answered
    found = await asyncio.gather(*(queries.people_on_driver(group, [pin], items=ITEMS) for pin in asked))
    assert (group.current.reads, group.current.requests) == (1, 8)
    assert counting.statements == [queries._current_of(8)]
    for pin, got in zip(asked, found, strict=True):
        (person, view), (same, same_view) = got[pin], await _alone(counting, pin)
        assert person == same and person.id > 0
        assert (view.single, view.keyed, view.fact_ids) == (
            same_view.single,
            same_view.keyed,
            same_view.fact_ids,
        )
    # Idle again: the next request is read at once, alone, by the one-PIN statement.
    counting.statements.clear()
    assert pins[3] in await queries.people_on_driver(group, [pins[3]], items=ITEMS)
    assert counting.statements == [queries._SETS_ONE_SQL]
    await group.close()


async def test_unknown_and_cancelled_numbers_keep_their_own_fallback(
    world: tuple[list[str], Counting, ReadGroup],
) -> None:
    """A number nobody holds now comes back without rows from the shared read; its request then reads
    the PIN register itself (one statement of its own), as the one-by-one read did."""
    pins, counting, group = world
    unknown = "0" * 12
    found = await asyncio.gather(
        *(queries.people_on_driver(group, [pin], items=ITEMS) for pin in (pins[0], unknown))
    )
    assert pins[0] in found[0] and found[1] == {}
    assert counting.statements == [queries._current_of(2), queries._FORMER_ONE_SQL]
    await group.close()


async def test_a_request_gone_is_skipped_and_a_failed_read_fails_every_request(
    world: tuple[list[str], Counting, ReadGroup],
) -> None:
    pins, counting, group = world
    gone = asyncio.ensure_future(queries.people_on_driver(group, [pins[0]], items=ITEMS))
    kept = asyncio.ensure_future(queries.people_on_driver(group, [pins[1]], items=ITEMS))
    await asyncio.sleep(0)  # both are waiting for the reader
    gone.cancel()
    assert pins[1] in await kept
    assert gone.cancelled()
    assert (group.current.requests, counting.statements) == (1, [queries._SETS_ONE_SQL])

    counting.fail = ConnectionResetError("the database went away")
    failed = await asyncio.gather(
        *(queries.people_on_driver(group, [pin], items=ITEMS) for pin in pins[:3]), return_exceptions=True
    )
    assert all(isinstance(outcome, ConnectionResetError) for outcome in failed)
    counting.fail = None  # the reader is still there for the next request
    assert pins[2] in await queries.people_on_driver(group, [pins[2]], items=ITEMS)
    await group.close()


async def test_own_records_in_flight_share_one_statement(
    session: AsyncSession, world: tuple[list[str], Counting, ReadGroup]
) -> None:
    """The identity app's own-record reads by id (registry.driver_sets.record_on_driver): several at
    once are one statement, each answered with its own holder and the record its own read gives; an
    id nobody has is None."""
    pins, counting, _ = world
    ids = list(await session.scalars(select(Citizen.id).order_by(Citizen.id)))
    reads = own_records(_connecting(counting))
    asked = [*ids[:5], max(ids) + 1]
    found = await asyncio.gather(*(driver_sets.record_on_driver(reads, cid) for cid in asked))
    assert (reads.reads, reads.requests) == (1, 6)
    assert counting.statements == [driver_sets._records_of(8)]
    alone = RecordsOnConnection(counting.driver)
    for cid, got in zip(asked[:5], found[:5], strict=True):
        same = await driver_sets.record_on_driver(alone, cid)
        assert got is not None and same is not None
        assert got[0] == same[0] and got[0].pin in pins
        assert (got[1].single, got[1].keyed, got[1].fact_ids) == (
            same[1].single,
            same[1].keyed,
            same[1].fact_ids,
        )
    assert found[-1] is None
    await reads.close()
