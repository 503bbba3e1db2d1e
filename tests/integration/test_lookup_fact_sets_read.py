"""The lookup's driver path reads the fact sets themselves (lookup.queries.people_on_driver) while
the session path reads the ``fact`` view over them: for every person of a seeded population, every
item released, both give the same person and the same record, values' object keys in the same order
(they reach the answer's bytes)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.clock import now_utc
from dancu.enums.registry import Item
from dancu.lookup import queries
from dancu.registry.driver_sets import COALESCED, record_on_driver
from dancu.registry.history import RecordView
from dancu.registry.models import Citizen
from dancu.registry.queries import record_as_of
from dancu.seed import seed_population
from tests.support.driver_reads import RecordsOnConnection

ACTOR = Actor.system("fact sets read test")
EVERY_ITEM = [item.value for item in Item]


def _exact(view: RecordView) -> str:
    """The record as bytes: equal views whose objects list their keys in another order differ."""
    return json.dumps([view.single, view.keyed, view.fact_ids], default=str, ensure_ascii=False)


async def _both(session: AsyncSession, pins: list[str], items: list[str]) -> tuple[dict[str, Any], ...]:
    by_view = await queries.people_and_records(session, pins, items=items)
    raw = await (await session.connection()).get_raw_connection()
    by_sets = await queries.people_on_driver(queries.OnConnection(raw.driver_connection), pins, items=items)
    return by_view, by_sets


async def test_the_sets_and_the_view_give_the_same_people_and_records(
    session: AsyncSession, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("the driver path runs on PostgreSQL only; SQLite reads the view on every path")
    await seed_population(session, citizens=60, seed=11, actor=ACTOR)
    await session.commit()
    pins = list(await session.scalars(select(Citizen.pin).order_by(Citizen.id)))
    by_view, by_sets = await _both(session, pins, EVERY_ITEM)
    assert by_sets.keys() == by_view.keys() == set(pins)
    keyed_people = 0
    for pin in pins:
        (person, view), (same_person, same_view) = by_view[pin], by_sets[pin]
        assert same_person == person
        # Each read takes its own "now" (known_at); what was known and valid then is the same.
        assert (same_view.valid_on, same_view.single, same_view.keyed, same_view.fact_ids) == (
            view.valid_on,
            view.single,
            view.keyed,
            view.fact_ids,
        ), pin
        assert _exact(same_view) == _exact(view), pin
        keyed_people += bool(view.keyed)
    assert keyed_people > 0  # the population has keyed items (relations), so keys were compared too
    # Fewer items released: only theirs, on both paths.
    few = [Item.FULL_NAME.value, Item.PERMANENT_RESIDENCE.value]
    by_view, by_sets = await _both(session, pins[:10], few)
    for pin in pins[:10]:
        assert _exact(by_sets[pin][1]) == _exact(by_view[pin][1])
        assert set(by_sets[pin][1].single) <= {Item.FULL_NAME, Item.PERMANENT_RESIDENCE}


async def test_the_own_record_read_by_id_is_the_registers_record(session: AsyncSession, backend: str) -> None:
    """The identity app's own record on the hot path (registry.driver_sets.record_on_driver) reads a
    person's sets by id: the record :func:`dancu.registry.queries.record_as_of` gives, byte for byte,
    for every person of a seeded population; an id nobody has is None."""
    if backend != "postgresql":
        pytest.skip(
            "record_on_driver reads through asyncpg, on PostgreSQL only; SQLite answers the "
            "own record on the session path"
        )
    await seed_population(session, citizens=40, seed=13, actor=ACTOR)
    await session.commit()
    people = list(await session.scalars(select(Citizen).order_by(Citizen.id)))
    driver = (await (await session.connection()).get_raw_connection()).driver_connection
    for citizen in people:
        found = await record_on_driver(RecordsOnConnection(driver), citizen.id)
        assert found is not None
        holder, view = found
        assert (holder.id, holder.pin) == (citizen.id, citizen.pin)
        assert _exact(view) == _exact(await record_as_of(session, citizen.id)), citizen.pin
    assert await record_on_driver(RecordsOnConnection(driver), max(c.id for c in people) + 1) is None


_PLANS = "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1"


async def _plan_costs(driver: Any, statement: str, pin: str) -> tuple[float, float]:
    """The estimated total cost of ``statement``'s generic plan and of its custom plan for ``pin``
    (a literal: EXPLAIN EXECUTE takes no parameters)."""
    costs = []
    await driver.execute(f"PREPARE kept_plan_probe AS {statement}")
    try:
        for mode in ("force_generic_plan", "force_custom_plan"):
            await driver.execute(f"SET LOCAL plan_cache_mode = {mode}")
            plan = await driver.fetchval(f"EXPLAIN (FORMAT JSON) EXECUTE kept_plan_probe({pin}, now())")
            plan = json.loads(plan) if isinstance(plan, str) else plan  # the pool's codec decodes JSON
            costs.append(float(plan[0]["Plan"]["Total Cost"]))
    finally:
        await driver.execute("DEALLOCATE kept_plan_probe")
        await driver.execute("RESET plan_cache_mode")
    return costs[0], costs[1]


async def test_one_pin_is_read_under_one_kept_plan(session: AsyncSession, backend: str) -> None:
    """The single lookup's read binds its PIN as a value, so the server keeps the prepared
    statement's generic plan instead of planning every execution (docs/adr/0017, "session 9").

    PostgreSQL plans a prepared statement anew on every execution while its generic plan is
    estimated dearer than a custom one (plus the planning). For a PIN array of unknown length the
    generic plan assumes many people: at 10 M, 169 against 17, so the read was planned every time
    (168 µs of planning beside 130 µs of execution). A value estimates one person either way, which
    the costs show at any scale; ``pg_prepared_statements`` then counts the executions on the
    generic plan."""
    if backend != "postgresql":
        pytest.skip("prepared statements' plans are PostgreSQL's")
    await seed_population(session, citizens=3, seed=12, actor=ACTOR)
    await session.commit()
    pins = list(await session.scalars(select(Citizen.pin).order_by(Citizen.id)))
    driver = (await (await session.connection()).get_raw_connection()).driver_connection
    generic, custom = await _plan_costs(driver, queries._SETS_ONE_SQL, f"'{pins[0]}'")
    assert generic <= custom
    # The pooled connection may have run the statement for an earlier test of this process already.
    before = [(int(r[0]), int(r[1])) for r in await driver.fetch(_PLANS, queries._SETS_ONE_SQL)] or [(0, 0)]
    for turn in range(12):
        found = await queries.people_on_driver(
            queries.OnConnection(driver), [pins[turn % 3]], items=EVERY_ITEM
        )
        assert set(found) == {pins[turn % 3]}
    plans = await driver.fetch(_PLANS, queries._SETS_ONE_SQL)
    assert len(plans) == 1
    # The server tries five custom plans on a connection before it compares; every execution after
    # them is generic (on a new connection: 7 generic and 5 custom of these 12).
    (generic_before, custom_before), custom_now = before[0], max(before[0][1], 5)
    assert (plans[0]["generic_plans"], plans[0]["custom_plans"]) == (
        generic_before + 12 - (custom_now - custom_before),
        custom_now,
    )
    # The array statement (a batch's) does not have that property: the reason a single PIN avoids it.
    generic, custom = await _plan_costs(driver, queries._SETS_SQL, f"ARRAY['{pins[0]}']")
    assert generic > custom


async def test_single_lookups_read_together_give_each_its_own_rows(
    session: AsyncSession, backend: str
) -> None:
    """The coalesced read (lookup.queries.sets_of_current, lookup/read_group.py) of every list length,
    full and padded with the last number repeated, gives each PIN exactly the rows its own one-PIN
    read gives, and each length's prepared statement runs on a kept generic plan, as the one-PIN
    read does (the PINs are values, each estimated as one person), not planned at every call."""
    if backend != "postgresql":
        pytest.skip("the coalesced read is the driver path's, on PostgreSQL only")
    await seed_population(session, citizens=40, seed=14, actor=ACTOR)
    await session.commit()
    pins = list(await session.scalars(select(Citizen.pin).order_by(Citizen.id)))
    driver = (await (await session.connection()).get_raw_connection()).driver_connection
    instant = now_utc()
    alone = {pin: sorted(map(tuple, await queries.sets_of_current(driver, [pin], instant))) for pin in pins}
    assert all(alone.values())
    for length in COALESCED:
        for count in (length - 1, length):
            asked = pins[:count]
            together = await queries.sets_of_current(driver, asked, instant)
            assert sorted(map(tuple, together)) == sorted(row for pin in asked for row in alone[pin]), count
        # Past the server's five custom plans, every further execution takes the kept generic plan.
        for _ in range(8):
            await queries.sets_of_current(driver, pins[:length], instant)
        plans = await driver.fetch(_PLANS, queries._current_of(length))
        assert plans[0]["generic_plans"] >= 3, length
