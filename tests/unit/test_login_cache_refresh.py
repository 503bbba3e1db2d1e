"""A lapsed kept actor is re-read by one request while the others of the same bearer session wait
for it (identity/login_cache.py, lookup/hot_route.kept_actor): they get the actor that request
read, never the lapsed one, and take the route themselves when it kept nothing, when the cache is
cleared meanwhile, or when the reading takes too long."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from dancu.access.actor import Actor
from dancu.identity import login_cache
from dancu.lookup.hot_route import HOT_PATH, kept_actor
from dancu.web_tokens import token_hash

TOKEN = "tok-123"
DIGEST = token_hash(TOKEN)


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    login_cache.clear()
    yield
    login_cache.clear()


def _scope(token: str = TOKEN) -> dict[str, Any]:
    state = SimpleNamespace(settings=SimpleNamespace(auth_cache_seconds=2.0))
    setattr(state, HOT_PATH, True)
    return {"app": SimpleNamespace(state=state), "headers": [(b"authorization", f"Bearer {token}".encode())]}


async def _ask(
    outcomes: list[str], reread: asyncio.Event, actor: Actor | None, *, first: bool = False
) -> Actor | None:
    """One request: on the hot path with the kept actor, or on the route; the ``first`` request's
    route reads the session once ``reread`` is set and keeps ``actor`` (None: keeps nothing)."""
    async with kept_actor(_scope()) as kept:
        if kept is None:
            outcomes.append("route")
            if first:
                await reread.wait()
                if actor is not None:
                    login_cache.put(DIGEST, actor, seconds=2.0, session_left=60.0)
            return None
    outcomes.append("hot")
    return kept


async def test_one_request_rereads_and_the_others_get_what_it_read() -> None:
    actor = Actor.system("kept")
    outcomes: list[str] = []
    reread = asyncio.Event()
    first = asyncio.ensure_future(_ask(outcomes, reread, actor, first=True))
    await asyncio.sleep(0)
    others = [asyncio.ensure_future(_ask(outcomes, reread, actor)) for _ in range(5)]
    for _ in range(5):
        await asyncio.sleep(0)
    assert outcomes == ["route"]  # the others wait for the first one's reading
    reread.set()
    assert await first is None
    assert [await other for other in others] == [actor] * 5
    assert outcomes == ["route"] + ["hot"] * 5
    assert login_cache._refreshing == {}


async def test_waiters_take_the_route_when_the_reading_kept_nothing() -> None:
    outcomes: list[str] = []
    reread = asyncio.Event()
    first = asyncio.ensure_future(_ask(outcomes, reread, None, first=True))  # e.g. a closed session
    await asyncio.sleep(0)
    other = asyncio.ensure_future(_ask(outcomes, reread, None))
    for _ in range(5):
        await asyncio.sleep(0)
    assert outcomes == ["route"]
    reread.set()
    assert await first is None and await other is None
    assert outcomes == ["route", "route"]


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


async def test_a_kept_actor_is_used_at_once_and_other_sessions_do_not_wait() -> None:
    actor = Actor.system("kept")
    login_cache.put(DIGEST, actor, seconds=2.0, session_left=60.0)
    async with kept_actor(_scope()) as kept:
        assert kept is actor
    login_cache.start_refresh(DIGEST)
    async with kept_actor(_scope("another-token")) as other:
        assert other is None  # another session's reading is not this one's
    login_cache.end_refresh(DIGEST)
