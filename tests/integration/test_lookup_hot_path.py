"""The k1 lookup routes' hot path (dancu.lookup.hot_route, docs/adr/0017): on PostgreSQL a bearer
caller (kept, or read on the driver) is answered on the driver, with every check of the route and
the same answer, the same entry and the same refusals; everything else goes to the route. On SQLite
the route answers every request (the driver path never runs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.models import Event, EventType
from dancu.lookup import queries, use_cases
from dancu.registry.queries import citizen_by_pin
from dancu.settings import Settings
from dancu.web.rate_limit import Buckets
from tests.integration.test_lookup_api import World, ask, world
from tests.support.builders import DOB, NAME, dossier
from tests.support.hot_path import route_only

__all__ = ["world"]  # the fixture, shared with the lookup API tests


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The caller stays kept for the whole test: at the default 2 s, a loaded machine let the kept
    actor lapse between a test's requests, and the route, not the driver, answered the next one."""
    return settings.model_copy(update={"auth_cache_seconds": 60.0})


@pytest.fixture
def driver_reads(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The PINs of every read on the driver path, in order."""
    seen: list[list[str]] = []
    real: Callable[..., Any] = queries.people_on_driver

    async def spying(connection: Any, pins: Any, **kwargs: Any) -> Any:
        seen.append(sorted(set(pins)))
        return await real(connection, pins, **kwargs)

    monkeypatch.setattr(queries, "people_on_driver", spying)
    return seen


async def reestablish_pin(client: httpx.AsyncClient, world: World) -> str:
    """The world's person gets a new PIN (a sex adjustment, then re-establishment on forged
    documents): ``world.pin`` is a cancelled number from then on. The new PIN."""
    adjust = {"item": "sex", "value": "2", "reason": "Xác định lại giới tính", "proof": "QĐ 9", **dossier()}
    url = f"/api/v1/registry/citizens/{world.pin}"
    assert (await client.post(f"{url}/adjustments", json=adjust, headers=world.officer)).status_code == 204
    new = await client.post(
        f"{url}/pin-reestablishment", json={"ground": "forged_documents", **dossier()}, headers=world.officer
    )
    assert new.status_code == 200, new.text
    return str(new.json()["pin"])


def one(pin: str, name: str = NAME) -> dict[str, str]:
    return {"full_name": name, "date_of_birth": DOB, "pin": pin}


async def _entry(session: AsyncSession, receipt: int) -> Event:
    session.expunge_all()
    event = await session.get(Event, receipt)
    assert event is not None
    return event


def _logged(event: Event) -> tuple[Any, ...]:
    return (
        event.event_type,
        event.subject_citizen_id,
        event.actor_account_id,
        event.organisation_id,
        event.channel,
        event.legal_basis,
        event.purpose,
        event.fields,
        event.data,
    )


async def test_a_kept_caller_gets_the_routes_answer_and_entry(
    app: Any,
    client: httpx.AsyncClient,
    session: AsyncSession,
    world: World,
    backend: str,
    driver_reads: list[list[str]],
) -> None:
    with route_only(app):  # the route answers the first request (and keeps the caller)
        first = await client.post(
            "/api/v1/lookup", json=ask(world.pin, staff_id="CB-1"), headers=world.agency
        )
    assert first.status_code == 200, first.text
    assert driver_reads == []
    second = await client.post("/api/v1/lookup", json=ask(world.pin, staff_id="CB-1"), headers=world.agency)
    assert second.status_code == 200, second.text
    assert driver_reads == ([[world.pin]] if backend == "postgresql" else [])
    assert second.headers["content-type"] == first.headers["content-type"] == "application/json"
    assert second.headers["x-request-id"] and second.headers["cache-control"] == "no-store"
    one, two = first.json(), second.json()
    assert two["fields"] == one["fields"] and two["staff_id"] == one["staff_id"] == "CB-1"
    assert two["receipt"] > one["receipt"]
    by_route, by_hot_path = await _entry(session, one["receipt"]), await _entry(session, two["receipt"])
    citizen = await citizen_by_pin(session, world.pin)
    assert by_hot_path.event_type is EventType.CITIZEN_VIEWED and by_hot_path.subject_citizen_id == citizen.id
    assert _logged(by_hot_path) == _logged(by_route)


async def test_a_kept_caller_is_refused_as_the_route_refuses(
    client: httpx.AsyncClient,
    session: AsyncSession,
    world: World,
    backend: str,
    driver_reads: list[list[str]],
) -> None:
    await client.post("/api/v1/lookup", json=ask(world.pin), headers=world.agency)  # read on the driver
    mismatch = await client.post(
        "/api/v1/lookup", json=ask(world.pin, dob="1990-01-02"), headers=world.agency
    )
    assert mismatch.status_code == 404 and mismatch.json()["code"] == "lookup.no_match"
    assert mismatch.headers["content-type"] == "application/problem+json"
    outside = await client.post(
        "/api/v1/lookup", json=ask(world.pin, fields=["ethnicity"]), headers=world.agency
    )
    assert outside.status_code == 403 and outside.json()["code"] == "access.fields_outside_scope"
    # A body the model refuses is answered by the route's own validation, naming the field.
    bad = await client.post("/api/v1/lookup", json=ask("12"), headers=world.agency)
    assert bad.status_code == 422, bad.text
    assert [e["field"] for e in bad.json()["errors"]] == ["pin"]
    english = await client.post(
        "/api/v1/lookup",
        json=ask(world.pin, dob="1990-01-02"),
        headers=world.agency | {"Accept-Language": "en"},
    )
    assert english.json()["title"] != mismatch.json()["title"]  # in the caller's language
    assert driver_reads == ([[world.pin]] * 3 if backend == "postgresql" else [])


async def test_the_account_limit_counts_the_hot_path(
    app: Any, client: httpx.AsyncClient, world: World, backend: str, driver_reads: list[list[str]]
) -> None:
    app.state.account_buckets = Buckets(2)
    for _ in range(2):
        assert (
            await client.post("/api/v1/lookup", json=ask(world.pin), headers=world.agency)
        ).status_code == 200
    third = await client.post("/api/v1/lookup", json=ask(world.pin), headers=world.agency)
    assert third.status_code == 429 and third.headers["retry-after"]
    assert third.json()["code"] == "http.too_many_requests"
    assert len(driver_reads) == (2 if backend == "postgresql" else 0)


async def test_a_cancelled_or_unknown_pin_is_answered_on_the_driver_path(
    client: httpx.AsyncClient,
    world: World,
    backend: str,
    driver_reads: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await client.post("/api/v1/lookup", json=ask(world.pin), headers=world.agency)
    on_session: list[str] = []  # the session path's lookups from here on (the route's, or the fallback's)
    for name in ("lookup", "lookup_batch"):
        real: Callable[..., Any] = getattr(use_cases, name)

        async def spying(
            *args: Any, _real: Callable[..., Any] = real, _name: str = name, **kwargs: Any
        ) -> Any:
            on_session.append(_name)
            return await _real(*args, **kwargs)

        monkeypatch.setattr(use_cases, name, spying)
    new_pin = await reestablish_pin(client, world)
    old = await client.post("/api/v1/lookup", json=ask(world.pin), headers=world.agency)
    assert old.status_code == 200, old.text
    assert old.json()["fields"]["pin"] == new_pin
    batch = {
        "subjects": [one(world.pin), one(new_pin), one("001099000000")],
        "purpose": "Xét hồ sơ",
    }
    answered = await client.post("/api/v1/lookup/batch", json=batch, headers=world.agency)
    assert answered.status_code == 200, answered.text
    assert [r["found"] for r in answered.json()["results"]] == [True, True, False]
    receipts = [r["receipt"] for r in answered.json()["results"]]
    assert receipts[0] != receipts[1] and receipts[2] is None
    unknown = await client.post("/api/v1/lookup", json=ask("001099000000"), headers=world.agency)
    assert unknown.status_code == 404 and unknown.json()["code"] == "lookup.no_match", unknown.text
    # The driver path answered each (a cancelled PIN by its holder, through the PIN register).
    expected = [[world.pin], [world.pin], sorted([world.pin, new_pin, "001099000000"]), ["001099000000"]]
    assert driver_reads == (expected if backend == "postgresql" else [])
    assert on_session == ([] if backend == "postgresql" else ["lookup", "lookup_batch", "lookup"])


async def test_a_batch_of_current_pins_is_answered_on_the_driver(
    client: httpx.AsyncClient, world: World, backend: str, driver_reads: list[list[str]]
) -> None:
    batch = {"subjects": [one(world.pin), one(world.pin, name="Trần Văn Khác")], "purpose": "Xét hồ sơ"}
    first = await client.post("/api/v1/lookup/batch", json=batch, headers=world.agency)
    second = await client.post("/api/v1/lookup/batch", json=batch, headers=world.agency)
    assert first.status_code == second.status_code == 200, second.text
    for answer in (first.json(), second.json()):
        assert [r["found"] for r in answer["results"]] == [True, False]
        assert answer["results"][1]["receipt"] is None  # the mismatch is neither released nor logged
    assert second.json()["results"][0]["fields"] == first.json()["results"][0]["fields"]
    assert driver_reads == ([[world.pin]] * 2 if backend == "postgresql" else [])
