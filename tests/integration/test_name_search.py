"""Search finds a person under every everyday spelling of their name (issue 13: one normalisation for
lookup, search and matching, ``dancu.names``): both tone-mark placements ("Thùy"/"Thuỳ"), composed or
decomposed Unicode, no marks at all, and either apostrophe in names such as "H’Hen" — through the
officer's search page and the API alike."""

from __future__ import annotations

import unicodedata

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.names import search_key
from dancu.registry.queries import citizen_by_pin
from tests.support.builders import c06, person

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
