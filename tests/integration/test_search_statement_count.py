"""The SQL statements of one page of the officer's name search, counted exactly.

A count, not a timing (see test_lookup_statement_count.py): a change that adds a statement to the
search (a second read for the cursor, an entry appended per person, the caller read again) fails
here. A page is: the caller (a bearer session whose actor the process keeps after the first search:
no statement), the page itself, its cursor's key read inside it, and the group commit's append of
one entry per person shown.
"""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from tests.support.builders import birth_body, c06
from tests.support.statements import kinds, statements

URL = "/api/v1/registry/citizens"
CALLER = 1  # the login session with its account and organisation, when the actor is not kept
KEPT_CALLER = 0
# The page in one statement, a next page's included: the cursor's key is a subquery of it
# (a next page was two statements: the cursor's key, then the page).
PAGE = 1
# The group commit's append (docs/adr/0017): two calls on the driver on PostgreSQL, four on SQLite.
GROUP_APPEND = {"postgresql": 2, "sqlite": 4}


async def _page(
    session: AsyncSession,
    engine: AsyncEngine,
    client: httpx.AsyncClient,
    params: dict[str, Any],
    officer: Any,
) -> tuple[httpx.Response, list[str]]:
    await client.get(URL, params=params, headers=officer)  # warm: first-use work is not the path
    session.expunge_all()  # as in a request's own session: no row is already at hand
    with statements(engine, session) as seen:
        response = await client.get(URL, params=params, headers=officer)
    assert response.status_code == 200, response.text
    assert response.json()["results"]  # a page that logs somebody
    return response, seen


async def _officer_and_people(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    officer = await c06(client, session)
    for given in ("An", "Bình", "Cường"):
        body = birth_body(full_name={"family": "Đỗ", "middle": "Quang", "given": given})
        assert (await client.post("/api/v1/registry/births", json=body, headers=officer)).status_code == 201
    return officer


async def test_a_first_page(
    client: httpx.AsyncClient, session: AsyncSession, engine: AsyncEngine, backend: str
) -> None:
    officer = await _officer_and_people(client, session)
    _, seen = await _page(session, engine, client, {"name": "do quang", "limit": "2"}, officer)
    assert len(seen) == KEPT_CALLER + PAGE + GROUP_APPEND[backend], kinds(seen)


async def test_a_next_page_reads_its_cursor_in_the_page(
    client: httpx.AsyncClient, session: AsyncSession, engine: AsyncEngine, backend: str
) -> None:
    officer = await _officer_and_people(client, session)
    first = await client.get(URL, params={"name": "do quang", "limit": "2"}, headers=officer)
    after = first.json()["next_after"]
    assert after is not None
    params = {"name": "do quang", "limit": "2", "after": str(after)}
    response, seen = await _page(session, engine, client, params, officer)
    assert [r["citizen_id"] for r in response.json()["results"]] != [
        r["citizen_id"] for r in first.json()["results"]
    ]
    assert len(seen) == KEPT_CALLER + PAGE + GROUP_APPEND[backend], kinds(seen)


async def test_a_page_without_the_kept_actor(
    app: Any, client: httpx.AsyncClient, session: AsyncSession, engine: AsyncEngine, backend: str
) -> None:
    """With the actor cache off every page reads its caller again (the route answers): one more."""
    app.state.settings = app.state.settings.model_copy(update={"auth_cache_seconds": 0.0})
    officer = await _officer_and_people(client, session)
    first = await client.get(URL, params={"name": "do quang", "limit": "2"}, headers=officer)
    params = {"name": "do quang", "limit": "2", "after": str(first.json()["next_after"])}
    _, seen = await _page(session, engine, client, params, officer)
    assert len(seen) == CALLER + PAGE + GROUP_APPEND[backend], kinds(seen)
