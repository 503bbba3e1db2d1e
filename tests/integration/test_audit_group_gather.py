"""A group commit waits for the requests on their way to it (docs/adr/0017, "session 22"): it
commits them together, never waits when nobody is on the way, is released by a request that
leaves without entries, waits at most ``gather_seconds``, and the hot routes leave nobody counted
on the way once they have answered, whatever the answer. A request starting while a group's
transaction is open waits for it to end ("session 23"), whether it commits or fails."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.audit.group import Entries, GroupCommit
from dancu.registry.models import Citizen
from tests.integration.test_audit_group_commit import people, reads
from tests.integration.test_lookup_statement_count import Agency, agency, subject
from tests.support.builders import DOB, NAME, citizen_headers, officer_headers
from tests.support.unit_of_work import SharedSession

__all__ = ["agency", "people"]  # the fixtures

# Long enough that a test finishing well before it shows that nobody waited for the bound.
LONG = 30.0


async def test_a_group_waits_for_a_request_on_its_way_and_commits_both_together(
    session: AsyncSession, people: list[int]
) -> None:
    await session.commit()
    group = GroupCommit(SharedSession(session), gather_seconds=LONG)
    coming = group.on_the_way()
    first = asyncio.create_task(group.append(reads([people[0]])))
    await asyncio.sleep(0.2)
    assert not first.done() and group.groups == 0  # the group waits for the one on its way
    assert group.on_their_way == 1
    second = await asyncio.wait_for(group.append(reads([people[1]]), coming), LONG / 3)
    assert len(await first) == len(second) == 1
    assert group.groups == 1 and group.entries == 2 and group.on_their_way == 0
    await group.close()


async def test_nobody_on_the_way_commits_at_once(session: AsyncSession, people: list[int]) -> None:
    """An idle server: the request on its way is the one appending, so its group does not wait."""
    await session.commit()
    group = GroupCommit(SharedSession(session), gather_seconds=LONG)
    started = time.monotonic()
    with group.on_the_way() as coming:
        await group.append(reads([people[0]]), coming)
    await group.append(reads([people[1]]))  # nobody on the way at all
    assert time.monotonic() - started < LONG / 3
    assert group.groups == 2 and group.on_their_way == 0
    await group.close()


async def test_a_request_that_leaves_without_entries_releases_the_group(
    session: AsyncSession, people: list[int]
) -> None:
    await session.commit()
    group = GroupCommit(SharedSession(session), gather_seconds=LONG)
    with group.on_the_way():  # e.g. a PIN nobody holds: answered without an entry
        waiting = asyncio.create_task(group.append(reads([people[0]])))
        await asyncio.sleep(0.2)
        assert not waiting.done()
    await asyncio.wait_for(waiting, LONG / 3)
    assert group.groups == 1 and group.on_their_way == 0
    await group.close()


async def test_a_group_waits_at_most_its_gather_time(session: AsyncSession, people: list[int]) -> None:
    await session.commit()
    group = GroupCommit(SharedSession(session), gather_seconds=0.3)
    with group.on_the_way():  # never arrives while the entry waits
        started = time.monotonic()
        await asyncio.wait_for(group.append(reads([people[0]])), LONG / 3)
        waited = time.monotonic() - started
        assert 0.3 <= waited < LONG / 3
        assert group.groups == 1 and group.on_their_way == 1
    assert group.on_their_way == 0
    await group.close()


async def test_arriving_twice_counts_once(session: AsyncSession, people: list[int]) -> None:
    await session.commit()
    group = GroupCommit(SharedSession(session), gather_seconds=LONG)
    other = group.on_the_way()
    with group.on_the_way() as coming:
        await asyncio.wait_for(
            asyncio.gather(group.append(reads([people[0]]), other), group.append([], coming)), LONG / 3
        )
        coming.arrived()
    other.arrived()
    assert group.on_their_way == 0 and group.groups == 1
    await group.close()


class HeldOpen(GroupCommit):
    """A group commit whose transaction stays open, once entered, until the test lets it go on."""

    def __init__(self, *args: Any, fail: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entered, self.go_on, self.fail = asyncio.Event(), asyncio.Event(), fail

    async def _on_session(self, group: Any, contents: Entries) -> list[list[int] | None]:
        self.entered.set()
        await self.go_on.wait()
        if self.fail:
            raise RuntimeError("the database went away")
        return await super()._on_session(group, contents)


async def test_a_request_waits_for_the_open_group_then_goes_on_after_its_answers(
    session: AsyncSession, people: list[int]
) -> None:
    await session.commit()
    group = HeldOpen(SharedSession(session), gather_seconds=0)
    await asyncio.wait_for(group.after_open_group(), LONG / 3)  # none open: at once
    first = asyncio.create_task(group.append(reads([people[0]])))
    await asyncio.wait_for(group.entered.wait(), LONG / 3)
    waiting = asyncio.create_task(group.after_open_group())
    await asyncio.sleep(0.2)
    assert not waiting.done() and not first.done()
    group.go_on.set()
    await asyncio.wait_for(waiting, LONG / 3)
    assert first.done() and len(first.result()) == 1  # the open group's requests were answered first
    await asyncio.wait_for(group.after_open_group(), LONG / 3)  # and none is open now
    await group.close()


async def test_a_waiting_request_cancelled_or_a_failed_group_holds_nobody_back(
    session: AsyncSession, people: list[int]
) -> None:
    await session.commit()
    group = HeldOpen(SharedSession(session), gather_seconds=0, fail=True)
    first = asyncio.create_task(group.append(reads([people[0]])))
    await asyncio.wait_for(group.entered.wait(), LONG / 3)
    gone, waiting = (asyncio.create_task(group.after_open_group()) for _ in range(2))
    await asyncio.sleep(0.1)
    gone.cancel()  # its client went away: the other one still waits for the group, not for it
    await asyncio.sleep(0.1)
    assert not waiting.done()
    group.go_on.set()
    await asyncio.wait_for(waiting, LONG / 3)
    assert isinstance(first.exception(), RuntimeError) and group.groups == 0
    await group.close()


async def test_the_hot_routes_leave_nobody_on_the_way_whatever_they_answer(
    app: Any, client: httpx.AsyncClient, session: AsyncSession, agency: Agency
) -> None:
    group: GroupCommit = app.state.log_group
    purpose = {"purpose": "Xét trợ cấp xã hội"}
    citizen = await session.scalar(select(Citizen).where(Citizen.pin == agency.pins[0]))
    assert citizen is not None
    own = await citizen_headers(client, session, citizen.id)
    officer = await officer_headers(session, "c06.timkiem", OfficerRole.IDENTITY_AGENCY)
    asked: list[tuple[str, str, dict[str, Any] | None, dict[str, str], int]] = [
        ("post", "/api/v1/lookup", subject(agency.pins[0]) | purpose, agency.headers, 200),
        ("post", "/api/v1/lookup", subject("001099999999") | purpose, agency.headers, 404),
        ("post", "/api/v1/lookup", {"pin": "not a pin"}, agency.headers, 422),
        ("post", "/api/v1/lookup/batch", {"subjects": [subject(p) for p in agency.pins[:3]]} | purpose,
         agency.headers, 200),
        ("post", "/api/v1/verify", {"question": "identity_match", "full_name": NAME, "date_of_birth": DOB,
                                    "pin": agency.pins[1]} | purpose, agency.headers, 200),
        ("get", "/api/v1/eid/me/record", None, own, 200),
        ("get", "/api/v1/registry/citizens?name=khong%20co%20ai&limit=3", None, officer, 200),
    ]  # fmt: skip
    for method, url, body, headers, status in asked:
        for _ in range(2):  # the first request keeps the caller; the second takes the hot path
            response = await client.request(method, url, json=body, headers=headers)
            assert response.status_code == status, (url, response.text)
            assert group.on_their_way == 0, url
