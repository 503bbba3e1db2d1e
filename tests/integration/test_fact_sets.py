"""The history stored as one row per recording event (``fact_set``) and read as facts (the ``fact``
view): migration 0026's conversion, the append-only triggers and the expansion, on both engines."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.models import EventType
from dancu.db.engine import make_engine
from dancu.db.migrate import downgrade, upgrade
from dancu.enums.registry import ChangeKind, Item, Source
from dancu.errors import DomainError
from dancu.registry.actions.core import Change, Provenance, write
from dancu.registry.models import ASSERTIONS_PER_SET, Citizen, Fact, FactSet
from dancu.registry.queries import facts_of, item_as_of
from dancu.seed import seed_population
from tests.conftest import PG_ADMIN_URL, _pg_admin

BEFORE = "0025_undetermined_comparison"
FACT_FIELDS = (
    "citizen_id", "item", "key", "value", "ref_id", "valid_from", "valid_to", "recorded_at", "change_kind",
    "source", "verification", "legal_basis", "dossier_number", "reason", "event_id", "officer_account_id",
)  # fmt: skip
INSERT_FACT = text(
    f"INSERT INTO fact (id, {', '.join(FACT_FIELDS)}) VALUES (:id, {', '.join(':' + f for f in FACT_FIELDS)})"
)
CITIZEN = text(
    "INSERT INTO citizen (id, pin, family_name, middle_name, given_name, full_name, name_search, dob, sex, "
    "status, created_at, refreshed_at) VALUES (:id, :pin, 'Nguyễn', '', 'An', 'Nguyễn An', 'nguyen an', "
    "'1990', '1', 'alive', '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
)


@pytest.fixture
async def scratch(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database of its own at the revision before 0026 (the test migrates it further)."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'sets.sqlite3'}"
        await asyncio.to_thread(upgrade, url, BEFORE)
        yield url
        return
    name = f"dancu_sets_{secrets.token_hex(4)}"
    await _pg_admin(f'CREATE DATABASE "{name}"')
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        await asyncio.to_thread(upgrade, url, BEFORE)
        yield url
    finally:
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _fact(
    fact_id: int, citizen_id: int, event_id: int, item: str, value: Any, **extra: Any
) -> dict[str, Any]:
    return {
        "id": fact_id,
        "citizen_id": citizen_id,
        "item": item,
        "key": "",
        "value": None if value is None else json.dumps(value),
        "ref_id": None,
        "valid_from": None,
        "valid_to": None,
        "recorded_at": dt.datetime(2024, 1, event_id, 3, 0, tzinfo=dt.UTC),
        "change_kind": "collection",
        "source": "dc01",
        "verification": "verified",
        "legal_basis": None,
        "dossier_number": None,
        "reason": None,
        "event_id": event_id,
        "officer_account_id": None,
    } | extra


def _history() -> list[dict[str, Any]]:
    """Two people; an event touching both; a later adjustment of one (a keyed item, a removal, a
    bounded period); and one event of more assertions than a set holds."""
    rows = [
        _fact(1, 1, 7, "full_name", {"family": "Nguyễn", "middle": "", "given": "An"}),
        _fact(2, 1, 7, "sex", "1", valid_from=dt.date(1990, 1, 1)),
        _fact(3, 1, 7, "household", {"household_id": 4}, ref_id=4),
        _fact(4, 2, 7, "full_name", {"family": "Lê", "middle": "Văn", "given": "Bình"}),
        _fact(5, 2, 7, "sex", "1"),
        _fact(
            6,
            1,
            8,
            "card",
            {"number": "001090000001"},
            key="001090000001",
            change_kind="adjustment",
            reason="Sai số thẻ",
            dossier_number="HS-1",
            valid_to=dt.date(2030, 1, 1),
        ),
        _fact(7, 1, 8, "mobile", None, change_kind="adjustment", reason="Sai số thẻ", dossier_number="HS-1"),
    ]
    extra = [
        _fact(100 + n, 2, 9, "extra", n, key=f"k{n:03d}", change_kind="update") for n in range(300)
    ]  # fmt: skip
    return rows + extra


def _normal(row: Any) -> tuple[Any, ...]:
    """A fact as read with plain SQL, comparable across the two representations on one engine."""
    values = dict(row._mapping)
    value = values["value"]
    values["value"] = json.loads(value) if isinstance(value, str) else value
    return tuple(str(values[f]) if "valid" in f or f == "recorded_at" else values[f] for f in FACT_FIELDS)


async def _facts(url: str) -> list[tuple[int, tuple[Any, ...]]]:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(text(f"SELECT id, {', '.join(FACT_FIELDS)} FROM fact ORDER BY id"))
            return [(row.id, _normal(row)) for row in rows]
    finally:
        await engine.dispose()


async def _execute(url: str, *statements: tuple[Any, Any]) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            for statement, parameters in statements:
                await conn.execute(statement, parameters)
    finally:
        await engine.dispose()


async def test_migration_groups_facts_into_sets_and_back(scratch: str, backend: str) -> None:
    history = _history()
    citizens = [(CITIZEN, {"id": n, "pin": f"00109000000{n}"}) for n in (1, 2)]
    await _execute(scratch, *citizens, (INSERT_FACT, history))
    before = await _facts(scratch)
    assert len(before) == len(history)

    await asyncio.to_thread(upgrade, scratch)
    after = await _facts(scratch)
    # Every fact, with every column, in the same order; ids unique, ascending, and set id * 256 + position.
    assert [fact for _, fact in after] == [fact for _, fact in before]
    ids = [fact_id for fact_id, _ in after]
    assert ids == sorted(set(ids))
    engine = make_engine(scratch)
    try:
        async with AsyncSession(engine) as session:
            sets = list(await session.scalars(select(FactSet).order_by(FactSet.id)))
            # (1, 7), (2, 7), (1, 8), then event 9's 300 assertions cut into 256 + 44.
            assert [(s.citizen_id, s.event_id, len(s.assertions)) for s in sets] == [
                (1, 7, 3), (2, 7, 2), (1, 8, 2), (2, 9, ASSERTIONS_PER_SET), (2, 9, 300 - ASSERTIONS_PER_SET),
            ]  # fmt: skip
            assert sets[2].reason == "Sai số thẻ" and sets[2].change_kind is ChangeKind.ADJUSTMENT
            assert ids[:3] == [sets[0].id * ASSERTIONS_PER_SET + n for n in range(3)]
            assert sets[2].assertions[0] == {
                "i": "card", "k": "001090000001", "v": {"number": "001090000001"}, "t": "2030-01-01",
            }  # fmt: skip
            assert sets[2].assertions[1] == {"i": "mobile"}  # a removal: no value
            card = await item_as_of(
                session, 1, Item.CARD, key="001090000001", valid_on=dt.date(2029, 12, 31),
                known_at=dt.datetime(2024, 2, 1, tzinfo=dt.UTC),
            )  # fmt: skip
            assert (
                card is not None
                and card.value == {"number": "001090000001"}
                and card.dossier_number == "HS-1"
            )
            # A later set's id continues after the copied ones.
            nextval = "SELECT nextval(pg_get_serial_sequence('fact_set', 'id'))"
            if backend == "postgresql":
                assert await session.scalar(text(nextval)) == sets[-1].id + 1
    finally:
        await engine.dispose()

    await asyncio.to_thread(downgrade, scratch, BEFORE)
    restored = await _facts(scratch)
    assert [fact for _, fact in restored] == [fact for _, fact in before]
    assert [fact_id for fact_id, _ in restored] == list(range(1, len(before) + 1))


async def test_sets_and_the_view_refuse_updates_and_deletes(
    session: AsyncSession, system_actor: Actor, backend: str
) -> None:
    await seed_population(session, citizens=5, seed=2, actor=system_actor)
    statements = [
        "UPDATE fact_set SET reason = 'x'",
        "DELETE FROM fact_set",
        "UPDATE fact SET value = NULL",
        "DELETE FROM fact",
    ]
    if backend == "postgresql":
        statements.append("TRUNCATE fact_set")
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"):
            async with session.begin_nested():
                await session.execute(text(statement))
    assert await session.scalar(select(func.count()).select_from(FactSet)) == 5


async def test_one_event_is_one_set_and_reads_back_as_facts(
    session: AsyncSession, system_actor: Actor
) -> None:
    await seed_population(session, citizens=4, seed=6, actor=system_actor)
    citizen = await session.scalar(select(Citizen).order_by(Citizen.id).limit(1))
    assert citizen is not None
    seeded = await facts_of(session, citizen.id)
    (seeded_set,) = await session.scalars(select(FactSet).where(FactSet.citizen_id == citizen.id))
    assert [f.id for f in seeded] == [seeded_set.id * ASSERTIONS_PER_SET + n for n in range(len(seeded))]
    assert [f.item.value for f in seeded] == [a["i"] for a in seeded_set.assertions]
    pin = next(f for f in seeded if f.item is Item.PIN)
    assert pin.value == citizen.pin and isinstance(pin.valid_from, dt.date) and pin.valid_to is None
    household = next(f for f in seeded if f.item is Item.HOUSEHOLD)
    assert household.ref_id == household.value["household_id"] and isinstance(household.ref_id, int)

    provenance = Provenance(source=Source.DC02, dossier_number="HS-9", reason="Cập nhật")
    changes = [
        Change(Item.MOBILE, "0912345678"),
        Change(Item.EMAIL, "an@example.vn", valid_from=dt.date(2024, 5, 1), valid_to=dt.date(2026, 5, 1)),
        Change(Item.RELIGION, None),
    ]
    event = await write(
        session, citizen, changes, kind=ChangeKind.UPDATE, provenance=provenance, actor=system_actor,
        event_type=EventType.ITEM_UPDATED,
    )  # fmt: skip
    (written,) = await session.scalars(select(FactSet).where(FactSet.event_id == event.id))
    assert written.citizen_id == citizen.id and written.dossier_number == "HS-9"
    facts = list(await session.scalars(select(Fact).where(Fact.event_id == event.id).order_by(Fact.id)))
    assert [(f.item, f.value, f.valid_from, f.valid_to) for f in facts] == [
        (Item.MOBILE, "0912345678", None, None),
        (Item.EMAIL, "an@example.vn", dt.date(2024, 5, 1), dt.date(2026, 5, 1)),
        (Item.RELIGION, None, None, None),
    ]
    assert {(f.change_kind, f.source, f.reason, f.recorded_at) for f in facts} == {
        (ChangeKind.UPDATE, Source.DC02, "Cập nhật", written.recorded_at)
    }
    assert await item_as_of(session, citizen.id, Item.RELIGION) is None  # removed by the later set
    mobile = await item_as_of(session, citizen.id, Item.MOBILE)
    assert mobile is not None and mobile.id == written.id * ASSERTIONS_PER_SET


async def test_more_changes_than_a_set_holds_are_refused(session: AsyncSession, system_actor: Actor) -> None:
    await seed_population(session, citizens=2, seed=3, actor=system_actor)
    citizen = await session.scalar(select(Citizen).limit(1))
    assert citizen is not None
    changes = [Change(Item.MOBILE, "0912345678")] * (ASSERTIONS_PER_SET + 1)
    with pytest.raises(DomainError, match=r"validation\.failed"):
        await write(
            session, citizen, changes, kind=ChangeKind.UPDATE, provenance=Provenance(source=Source.DC02),
            actor=system_actor, event_type=EventType.ITEM_UPDATED,
        )  # fmt: skip
