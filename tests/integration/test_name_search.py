"""Search finds a person under every everyday spelling of their name (issue 13: one normalisation for
lookup, search and matching, ``dancu.names``): both tone-mark placements ("Thùy"/"Thuỳ"), composed or
decomposed Unicode, no marks at all, and either apostrophe in names such as "H’Hen" — through the
officer's search page and the API alike."""

from __future__ import annotations

import asyncio
import unicodedata
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.group import GroupCommit
from dancu.audit.models import Event, EventType
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.db.migrate import downgrade, upgrade
from dancu.names import search_key
from dancu.registry.queries import citizen_by_pin
from dancu.registry.views import SUMMARY_FIELDS
from dancu.seed import seed_population
from tests.conftest import _pg_admin
from tests.support.audit_scratch import query, sql
from tests.support.builders import c06, person
from tests.support.migrated import migrated_postgres, migrated_sqlite

HTML = {"Accept": "text/html"}
THOA = {"family": "Hồ", "middle": "Thùy", "given": "Thoa"}
# An Ê Đê name; phones and word processors type its apostrophe as U+2019.
HHEN = {"family": "Niê", "middle": "Thị", "given": "H'Hen"}


async def _found(client: httpx.AsyncClient, officer: dict[str, str], typed: str) -> tuple[list[str], str]:
    api = await client.get("/api/v1/registry/citizens", params={"name": typed}, headers=officer)
    assert api.status_code == 200, api.text
    page = await client.get("/officer/citizens", params={"name": typed}, headers=HTML | officer)
    assert page.status_code == 200, page.text
    return [row["pin"] for row in api.json()["results"]], page.text


@pytest.mark.parametrize(
    "typed",
    [
        "Hồ Thùy Thoa",
        "Hồ Thuỳ Thoa",
        "HỒ THUỲ THOA",
        unicodedata.normalize("NFD", "Hồ Thuỳ Thoa"),
        "Ho Thuy Thoa",
        "ho thuy",
    ],
)
async def test_every_spelling_of_a_name_finds_the_record(
    client: httpx.AsyncClient, session: AsyncSession, typed: str
) -> None:
    officer = await c06(client, session)
    pin = await person(client, officer, full_name=THOA)
    pins, page = await _found(client, officer, typed)
    assert pins == [pin]
    assert pin in page and "Hồ Thùy Thoa" in page


@pytest.mark.parametrize(
    "typed", ["Niê Thị H'Hen", "Niê Thị H\u2019Hen", "nie thi h\u2019hen", "NIE THI H`HEN"]
)
async def test_either_apostrophe_finds_the_record(
    client: httpx.AsyncClient, session: AsyncSession, typed: str
) -> None:
    officer = await c06(client, session)
    pin = await person(client, officer, full_name=HHEN)
    pins, page = await _found(client, officer, typed)
    assert pins == [pin] and pin in page


async def test_the_stored_key_is_the_one_normalisation(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    officer = await c06(client, session)
    citizen = await citizen_by_pin(session, await person(client, officer, full_name=HHEN))
    assert citizen.name_search == search_key(citizen.full_name) == "nie thi h'hen"


def test_the_upgrade_re_keys_names_written_under_the_old_fold(backend: str, tmp_path: Path) -> None:
    """Keys written before search used ``search_key`` kept a phone's apostrophe ("h’hen") and the
    dash's spacing; migration 0023 re-keys those rows, so "H'Hen" finds a person registered earlier."""
    url = migrated_sqlite(tmp_path / "rekey.sqlite3") if backend == "sqlite" else migrated_postgres()
    try:
        asyncio.run(seed_people(url))
        old_keys = {"Niê Thị H\u2019Hen": "nie thi h\u2019hen", "Nguyễn-Văn An": "nguyen-van an"}
        planted = query(url, "SELECT id FROM citizen ORDER BY id LIMIT 2")
        for (citizen_id,), (name, key) in zip(planted, old_keys.items(), strict=True):
            asyncio.run(
                sql(
                    url,
                    "UPDATE citizen SET full_name = :name, name_search = :key WHERE id = :id",
                    params={"name": name, "key": key, "id": citizen_id},
                )
            )
        downgrade(url, "0022_undetermined_nationality")
        upgrade(url)
        keys = dict(
            query(
                url,
                f"SELECT full_name, name_search FROM citizen WHERE id IN ({planted[0][0]}, {planted[1][0]})",
            )
        )
        assert keys == {name: search_key(name) for name in old_keys}
        assert keys["Niê Thị H\u2019Hen"] == search_key("Niê Thị H'Hen") == "nie thi h'hen"
    finally:
        if backend == "postgresql":
            asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))


async def seed_people(url: str) -> None:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            await seed_population(session, citizens=3, seed=5, actor=Actor.system("test"))
            await session.commit()
    finally:
        await engine.dispose()


async def test_an_api_search_is_answered_once_its_group_committed_each_person_shown(
    app: object, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    # The API's search only reads and logs: its entries go through the process's group commit
    # (docs/adr/0017), one entry per person shown, before the page is answered.
    officer = await c06(client, session)
    pin = await person(client, officer, full_name=THOA)
    group: GroupCommit = app.state.log_group  # type: ignore[attr-defined]
    groups, entries = group.groups, group.entries
    api = await client.get("/api/v1/registry/citizens", params={"name": "ho thuy"}, headers=officer)
    assert api.status_code == 200, api.text
    assert [row["pin"] for row in api.json()["results"]] == [pin]
    assert (group.groups, group.entries) == (groups + 1, entries + 1)
    citizen = await citizen_by_pin(session, pin)
    logged = (
        await session.scalars(
            select(Event)
            .where(Event.subject_citizen_id == citizen.id, Event.event_type == EventType.CITIZEN_VIEWED)
            .order_by(Event.id.desc())
        )
    ).first()
    assert logged is not None and logged.fields == sorted(SUMMARY_FIELDS)
