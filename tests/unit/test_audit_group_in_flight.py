"""Several access-log groups of one process committing at once (audit/group.py, ``in_flight``): a
group may start while another waits for its commit, never more than allowed at once, each request
still gets exactly its own entries' ids, and closing waits for every group in flight. The append
itself is replaced by one that waits on a gate, so the test decides when each group's commit ends
(the append's statements are tested against both databases in test_audit_group_commit.py)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import pytest

from dancu.audit import group as group_module
from dancu.audit.group import GroupCommit


class _Session:
    async def commit(self) -> None:
        return None

    async def rollback(self) -> None:
        return None


@asynccontextmanager
async def _sessions() -> AsyncIterator[_Session]:
    yield _Session()


class _Appends:
    """Stands in for the group's append: numbers entries in order, counts the groups open at once,
    and holds each group until its gate opens."""

    def __init__(self) -> None:
        self.open = 0
        self.most_open = 0
        self.groups: list[list[str]] = []
        self.gates: list[asyncio.Event] = []
        self.next_id = 1

    async def __call__(self, session: object, contents: Sequence[Mapping[str, Any]]) -> list[int]:
        self.open += 1
        self.most_open = max(self.most_open, self.open)
        gate = asyncio.Event()
        self.gates.append(gate)
        self.groups.append([str(c["name"]) for c in contents])
        ids = list(range(self.next_id, self.next_id + len(contents)))
        self.next_id += len(contents)
        try:
            await gate.wait()
        finally:
            self.open -= 1
        return ids


async def _until(condition: Any) -> None:
    for _ in range(200):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition not reached")


@pytest.fixture
def appends(monkeypatch: pytest.MonkeyPatch) -> _Appends:
    fake = _Appends()
    monkeypatch.setattr(group_module, "_append", fake)
    return fake


def _entries(*names: str) -> list[dict[str, str]]:
    return [{"name": name} for name in names]


async def test_a_second_group_commits_while_the_first_waits_and_a_third_gathers(appends: _Appends) -> None:
    group = GroupCommit(_sessions, in_flight=lambda: 2)
    first = asyncio.ensure_future(group.append(_entries("a1", "a2")))
    await _until(lambda: len(appends.gates) == 1)
    second = asyncio.ensure_future(group.append(_entries("b1")))
    await _until(lambda: len(appends.gates) == 2)
    assert appends.open == 2  # the second group did not wait for the first one's commit
    # Both slots taken: these two wait, then go together as one group once a slot frees.
    third = asyncio.ensure_future(group.append(_entries("c1")))
    fourth = asyncio.ensure_future(group.append(_entries("d1", "d2")))
    for _ in range(20):
        await asyncio.sleep(0)
    assert len(appends.gates) == 2 and not third.done()
    appends.gates[1].set()
    assert await second == [3]
    await _until(lambda: len(appends.gates) == 3)
    assert appends.groups == [["a1", "a2"], ["b1"], ["c1", "d1", "d2"]]
    appends.gates[0].set()
    appends.gates[2].set()
    assert await first == [1, 2]
    assert await third == [4]
    assert await fourth == [5, 6]
    assert appends.most_open == 2
    assert (group.groups, group.entries) == (3, 6)
    await group.close()


async def test_one_in_flight_keeps_one_group_at_a_time(appends: _Appends) -> None:
    group = GroupCommit(_sessions, in_flight=lambda: 1)
    first = asyncio.ensure_future(group.append(_entries("a")))
    await _until(lambda: len(appends.gates) == 1)
    second = asyncio.ensure_future(group.append(_entries("b")))
    for _ in range(20):
        await asyncio.sleep(0)
    assert len(appends.gates) == 1 and not second.done()
    appends.gates[0].set()
    await _until(lambda: len(appends.gates) == 2)
    appends.gates[1].set()
    assert (await first, await second) == ([1], [2])
    assert appends.most_open == 1
    await group.close()


async def test_closing_waits_for_every_group_in_flight(appends: _Appends) -> None:
    group = GroupCommit(_sessions, in_flight=lambda: 2)
    first = asyncio.ensure_future(group.append(_entries("a")))
    await _until(lambda: len(appends.gates) == 1)
    second = asyncio.ensure_future(group.append(_entries("b")))
    await _until(lambda: len(appends.gates) == 2)
    closing = asyncio.ensure_future(group.close())
    for _ in range(20):
        await asyncio.sleep(0)
    assert not closing.done()  # two groups still committing
    appends.gates[0].set()
    for _ in range(20):
        await asyncio.sleep(0)
    assert not closing.done()
    appends.gates[1].set()
    await closing
    assert (await first, await second) == ([1], [2])


async def test_a_failed_group_fails_only_its_own_requests(
    appends: _Appends, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0

    async def sometimes_failing(session: object, contents: Sequence[Mapping[str, Any]]) -> list[int]:
        nonlocal calls
        calls += 1
        if calls == 1:
            await asyncio.sleep(0)
            raise RuntimeError("disk full")
        return await appends(session, contents)

    monkeypatch.setattr(group_module, "_append", sometimes_failing)
    group = GroupCommit(_sessions, in_flight=lambda: 2)
    failing = asyncio.ensure_future(group.append(_entries("a")))
    await asyncio.sleep(0)
    succeeding = asyncio.ensure_future(group.append(_entries("b")))
    await _until(lambda: len(appends.gates) == 1)
    appends.gates[0].set()
    with pytest.raises(RuntimeError, match="disk full"):
        await failing
    assert await succeeding == [1]
    assert group.groups == 1
    await group.close()
