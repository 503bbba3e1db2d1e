"""The officer's name search on the hot path (dancu.lookup.hot_search, docs/adr/0017): on PostgreSQL a
caller whose actor is kept is answered on the driver with the route's page, byte for byte, the same
entries, the same territory and the same refusals; everything else goes to the route. On SQLite the
route answers every request (the driver path never runs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.identity import login_cache
from dancu.registry import queries
from dancu.web_tokens import token_hash
from tests.integration.test_lookup_hot_path import _logged
from tests.support.builders import BA_DINH, HOAN_KIEM, birth_body, c06, officer_headers, stranger_birth
from tests.support.hot_path import route_only

URL = "/api/v1/registry/citizens"
GIVEN = ("Khang", "An", "Bình", "An", "Cường")


@pytest.fixture
def driver_searches(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The arguments of every search read on the driver path, in order."""
    seen: list[dict[str, Any]] = []
    real: Callable[..., Any] = queries.search_on_driver

    async def spying(connection: Any, **kwargs: Any) -> Any:
        seen.append(kwargs)
        return await real(connection, **kwargs)

    monkeypatch.setattr(queries, "search_on_driver", spying)
    return seen


async def _born(client: httpx.AsyncClient, officer: dict[str, str], body: dict[str, Any]) -> str:
    response = await client.post("/api/v1/registry/births", json=body, headers=officer)
    assert response.status_code == 201, response.text
    return str(response.json()["pin"])


async def _family(client: httpx.AsyncClient, officer: dict[str, str]) -> list[str]:
    """Five people named "Đỗ Quang …" living in Hà Nội (Hoàn Kiếm)."""
    return [
        await _born(client, officer, birth_body(full_name={"family": "Đỗ", "middle": "Quang", "given": g}))
        for g in GIVEN
    ]


async def _views_since(session: AsyncSession, last_id: int) -> list[Event]:
    session.expunge_all()
    found = await session.scalars(
        select(Event)
        .where(Event.event_type == EventType.CITIZEN_VIEWED, Event.id > last_id)
        .order_by(Event.id)
    )
    return list(found)


async def _last_id(session: AsyncSession) -> int:
    return max((e.id for e in await _views_since(session, 0)), default=0)


def _kept(headers: dict[str, str]) -> bool:
    return login_cache.get(token_hash(headers["Authorization"].removeprefix("Bearer "))) is not None


async def test_a_kept_caller_gets_the_routes_page_and_entries(
    app: Any,
    client: httpx.AsyncClient,
    session: AsyncSession,
    backend: str,
    driver_searches: list[dict[str, Any]],
) -> None:
    officer = await c06(client, session)
    await _family(client, officer)
    params = {"name": "do quang", "limit": "3"}
    before = await _last_id(session)
    with route_only(app):  # the route answers the first request (and keeps the caller)
        first = await client.get(URL, params=params, headers=officer)
    assert first.status_code == 200, first.text
    assert driver_searches == []
    by_route = await _views_since(session, before)
    second = await client.get(URL, params=params, headers=officer)
    assert second.status_code == 200, second.text
    assert len(driver_searches) == (1 if backend == "postgresql" else 0)
    assert second.content == first.content  # the same page, the same JSON
    assert second.headers["content-type"] == first.headers["content-type"] == "application/json"
    assert second.headers["x-request-id"] and second.headers["cache-control"] == "no-store"
    page = first.json()
    assert len(page["results"]) == 3 and page["next_after"] == page["results"][-1]["citizen_id"]
    by_hot_path = await _views_since(session, by_route[-1].id)
    # One entry per person shown, with the content the route logs (the append orders them by chain).
    assert sorted(e.subject_citizen_id for e in by_route) == sorted(r["citizen_id"] for r in page["results"])
    assert sorted(map(_logged, by_hot_path)) == sorted(map(_logged, by_route))


async def test_the_cursor_pages_through_everyone_on_the_hot_path(
    app: Any,
    client: httpx.AsyncClient,
    session: AsyncSession,
    backend: str,
    driver_searches: list[dict[str, Any]],
) -> None:
    officer = await c06(client, session)
    pins = await _family(client, officer)

    async def pages() -> list[list[str]]:
        seen: list[list[str]] = []
        after = None
        while True:
            params = {"name": "Đỗ Quang", "limit": "2", **({"after": str(after)} if after else {})}
            answer = await client.get(URL, params=params, headers=officer)
            assert answer.status_code == 200, answer.text
            seen.append([r["pin"] for r in answer.json()["results"]])
            after = answer.json()["next_after"]
            if after is None:
                return seen

    await client.get(URL, params={"name": "Đỗ Quang"}, headers=officer)  # the route keeps the caller
    driver_searches.clear()
    hot = await pages()
    assert sorted(pin for page in hot for pin in page) == sorted(pins)
    assert [len(page) for page in hot] == [2, 2, 1]
    assert len(driver_searches) == (3 if backend == "postgresql" else 0)
    app.state.settings = app.state.settings.model_copy(update={"auth_cache_seconds": 0.0})
    assert await pages() == hot  # the route pages alike


async def test_a_cursor_naming_nobody_or_another_name_starts_the_page_at_the_name(
    client: httpx.AsyncClient, session: AsyncSession, backend: str, driver_searches: list[dict[str, Any]]
) -> None:
    officer = await c06(client, session)
    await _family(client, officer)
    await _born(client, officer, birth_body(full_name={"family": "An", "middle": "Văn", "given": "Ba"}))
    first = await client.get(URL, params={"name": "do quang", "limit": "2"}, headers=officer)
    assert len(driver_searches) == (1 if backend == "postgresql" else 0)  # the caller read on the driver
    an = (await client.get(URL, params={"name": "an van ba"}, headers=officer)).json()["results"][0]
    for after in ("2147483647", str(an["citizen_id"])):  # nobody; a key that sorts before "do quang"
        params = {"name": "do quang", "limit": "2", "after": after}
        again = await client.get(URL, params=params, headers=officer)
        assert again.status_code == 200, again.text
        assert again.json() == first.json()
    assert len(driver_searches) == (4 if backend == "postgresql" else 0)


async def test_a_kept_caller_is_refused_as_the_route_refuses(
    app: Any,
    client: httpx.AsyncClient,
    session: AsyncSession,
    backend: str,
    driver_searches: list[dict[str, Any]],
) -> None:
    officer = await c06(client, session)
    await client.get(URL, params={"name": "do quang"}, headers=officer)  # kept from here on
    assert _kept(officer)
    driver_searches.clear()
    short = await client.get(URL, params={"name": "a"}, headers=officer)
    assert short.status_code == 422 and short.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in short.json()["errors"]] == ["name"]
    bad_date = await client.get(URL, params={"name": "Nguyễn", "dob": "2026-02-30"}, headers=officer)
    assert bad_date.status_code == 422 and [e["field"] for e in bad_date.json()["errors"]] == ["dob"]
    too_many = await client.get(URL, params={"name": "Nguyễn", "limit": "101"}, headers=officer)
    assert too_many.status_code == 422 and [e["field"] for e in too_many.json()["errors"]] == ["limit"]
    assert driver_searches == []  # refused by the route's validation, not read
    operator = await officer_headers(session, "c06.vanhanh", OfficerRole.OPERATOR)
    with route_only(app):
        refusals = [await client.get(URL, params={"name": "do quang"}, headers=operator)]
    assert _kept(operator)  # the route kept the caller; (PostgreSQL) the second refusal is the hot path's
    refusals.append(await client.get(URL, params={"name": "do quang"}, headers=operator))
    for refused in refusals:
        assert refused.status_code == 403 and refused.json()["code"] == "auth.permission_denied"
        assert refused.headers["content-type"] == "application/problem+json"
    assert refusals[1].json() == refusals[0].json()
    anonymous = await client.get(URL, params={"name": "do quang"})
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "auth.required"
    assert driver_searches == []


async def test_the_hot_path_keeps_the_officers_territory(
    app: Any,
    client: httpx.AsyncClient,
    session: AsyncSession,
    backend: str,
    driver_searches: list[dict[str, Any]],
) -> None:
    officer = await c06(client, session)
    sau = {"family": "Võ", "middle": "Thị", "given": "Sáu"}
    here = await _born(client, officer, birth_body(full_name=sau))  # lives in Hà Nội (Hoàn Kiếm)
    there = await _born(client, officer, stranger_birth())  # lives in Hồ Chí Minh
    expected = {
        (OfficerRole.IDENTITY_AGENCY, None): [here, there],
        (OfficerRole.PROVINCIAL_POLICE, "01"): [here],
        (OfficerRole.COMMUNE_POLICE, HOAN_KIEM["unit_code"]): [here],
        (OfficerRole.COMMUNE_POLICE, BA_DINH["unit_code"]): [],
    }
    for number, ((role, unit), pins) in enumerate(expected.items()):
        headers = await officer_headers(session, f"ca.vung{number}", role, unit_code=unit)
        with route_only(app):
            by_route = await client.get(URL, params={"name": "vo thi sau"}, headers=headers)
        by_hot_path = await client.get(URL, params={"name": "vo thi sau"}, headers=headers)  # (PostgreSQL)
        for answer in (by_route, by_hot_path):
            assert answer.status_code == 200, answer.text
            assert sorted(r["pin"] for r in answer.json()["results"]) == sorted(pins), (role, unit)
    assert len(driver_searches) == (len(expected) if backend == "postgresql" else 0)
