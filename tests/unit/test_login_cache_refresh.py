"""A bearer session whose actor the process does not keep is read on the driver by one request
while the others of the same session wait for it (identity/login_cache.py, lookup/hot_route.kept_actor):
they get the actor that request read, never a lapsed one, and take the route themselves when the
reading found no usable session, when the cache is cleared meanwhile, or when the reading takes too
long. An access token (a JWT) is never read there: its requests go to the route at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any

import pytest

from dancu.access.actor import Actor
from dancu.identity import login_cache
from dancu.identity.driver_login import BearerActor
from dancu.lookup import hot_route
from dancu.lookup.hot_route import HOT_PATH, kept_actor
from dancu.web_tokens import token_hash

TOKEN = "tok-123"
DIGEST = token_hash(TOKEN)


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    login_cache.clear()
    yield
    login_cache.clear()


class Reader:
    """The driver's reading of a session (``bearer_actor``): it waits for ``release`` and then
    finds ``actor`` (None: no usable session); ``digests`` are the sessions it was asked for."""

    def __init__(self, actor: Actor | None) -> None:
        self.actor = actor
        self.release = asyncio.Event()
        self.digests: list[str] = []

    async def __call__(self, _connection: Any, digest: str) -> BearerActor | None:
        self.digests.append(digest)
        await self.release.wait()
        return None if self.actor is None else BearerActor(self.actor, session_left=60.0)


@pytest.fixture
def reader(monkeypatch: pytest.MonkeyPatch) -> Reader:
    reading = Reader(Actor.system("read on the driver"))

    @asynccontextmanager
    async def connection(_state: Any) -> AsyncIterator[object]:
        yield object()

    monkeypatch.setattr(hot_route, "pooled_connection", connection)
    monkeypatch.setattr(hot_route, "bearer_actor", reading)
    return reading


def _scope(token: str = TOKEN) -> dict[str, Any]:
    state = SimpleNamespace(settings=SimpleNamespace(auth_cache_seconds=2.0))
    setattr(state, HOT_PATH, True)
    return {"app": SimpleNamespace(state=state), "headers": [(b"authorization", f"Bearer {token}".encode())]}


async def _ask(outcomes: list[str], token: str = TOKEN) -> Actor | None:
    """One request: on the hot path with the actor kept or read, or on the route."""
    async with kept_actor(_scope(token)) as kept:
        outcomes.append("route" if kept is None else "hot")
        return kept


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_one_request_reads_and_the_others_get_what_it_read(reader: Reader) -> None:
    outcomes: list[str] = []
    first = asyncio.ensure_future(_ask(outcomes))
    await asyncio.sleep(0)
    others = [asyncio.ensure_future(_ask(outcomes)) for _ in range(5)]
    await _settle()
    assert outcomes == [] and reader.digests == [DIGEST]  # one reading; the others wait for it
    reader.release.set()
    assert [await first] + [await other for other in others] == [reader.actor] * 6
    assert outcomes == ["hot"] * 6
    assert login_cache.get(DIGEST) is reader.actor  # kept for the next requests
    assert await _ask(outcomes) is reader.actor and reader.digests == [DIGEST]
    assert login_cache._refreshing == {}


async def test_everyone_takes_the_route_when_the_reading_found_no_usable_session(reader: Reader) -> None:
    reader.actor = None  # e.g. a closed session, a second factor still pending
    outcomes: list[str] = []
    first = asyncio.ensure_future(_ask(outcomes))
    await asyncio.sleep(0)
    other = asyncio.ensure_future(_ask(outcomes))
    await _settle()
    assert outcomes == []
    reader.release.set()
    assert await first is None and await other is None
    assert outcomes == ["route", "route"] and login_cache.get(DIGEST) is None


async def test_an_access_token_goes_to_the_route_unread(reader: Reader) -> None:
    outcomes: list[str] = []
    assert await _ask(outcomes, token="eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln") is None
    assert outcomes == ["route"] and reader.digests == []


async def test_a_cleared_cache_sends_the_waiters_to_the_route() -> None:
    login_cache.start_refresh(DIGEST)
    pending = login_cache.refreshing(DIGEST)
    assert pending is not None
    waiting = asyncio.ensure_future(login_cache.wait_for_refresh(pending))
    await asyncio.sleep(0)
    login_cache.clear()  # an account or session changed meanwhile
    assert await waiting is None
    login_cache.end_refresh(DIGEST)


async def test_a_slow_reading_is_not_waited_for_long(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(login_cache, "REFRESH_WAIT", 0.01)
    login_cache.start_refresh(DIGEST)
    pending = login_cache.refreshing(DIGEST)
    assert pending is not None
    assert await login_cache.wait_for_refresh(pending) is None
    login_cache.end_refresh(DIGEST)
    assert login_cache.refreshing(DIGEST) is None


async def test_a_kept_actor_is_used_at_once_and_other_sessions_do_not_wait(reader: Reader) -> None:
    actor = Actor.system("kept")
    login_cache.put(DIGEST, actor, seconds=2.0, session_left=60.0)
    async with kept_actor(_scope()) as kept:
        assert kept is actor
    assert reader.digests == []
    login_cache.start_refresh(DIGEST)
    reader.release.set()
    async with kept_actor(_scope("another-token")) as other:
        assert other is reader.actor  # read for itself, not waiting for this one's reading
    assert reader.digests == [token_hash("another-token")]
    login_cache.end_refresh(DIGEST)
