"""The access log's group commit (docs/adr/0017): requests waiting at once share one append and one
commit, each gets exactly its own entries' ids once they are committed, a failed group answers every
request in it with the error and keeps nothing, and the log verifies as if appended one by one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from dancu.access.actor import Actor
from dancu.audit import actions as audit
from dancu.audit.chain_count import set_log_chains
from dancu.audit.group import GroupCommit
from dancu.audit.models import Event, EventType
from dancu.audit.verify import verify_log
from dancu.identity.use_cases import PURPOSE
from dancu.registry.models import Citizen
from dancu.seed import seed_population
from tests.integration.test_lookup_statement_count import Agency, agency, subject
from tests.support.builders import citizen_headers
from tests.support.statements import kinds, statements
from tests.support.unit_of_work import SharedSession

__all__ = ["agency"]  # the fixture, shared with the statement-count tests

ACTOR = Actor.system("group commit test")


@pytest.fixture
async def people(session: AsyncSession) -> list[int]:
    await seed_population(session, citizens=12, seed=7, actor=ACTOR)
    ids = list(await session.scalars(select(Citizen.id).order_by(Citizen.id)))
    await audit.lock_chains(session, subject_ids=ids, actor=ACTOR)  # their heads exist from here on
    await session.commit()
    return ids


def reads(citizen_ids: list[int | None]) -> list[dict[str, object]]:
    return audit.read_entries(actor=ACTOR, citizen_ids=citizen_ids, fields=["pin"], purpose="Kiểm tra")


async def test_requests_waiting_together_share_one_append_and_one_commit(
    session: AsyncSession, engine: AsyncEngine, people: list[int], backend: str
) -> None:
    await session.commit()
    # asyncpg reads the definitions of the entry's column types once per connection, on first use.
    await GroupCommit(SharedSession(session)).append(reads([people[0]]))
    group = GroupCommit(SharedSession(session))
    asked = [[people[i], people[i + 1]] for i in range(0, 10, 2)] + [[people[0]]]
    with statements(engine, session) as seen:
        answers = await asyncio.gather(*(group.append(reads(list(ids))) for ids in asked))
    assert group.groups == 1 and group.entries == 11
    # One append for the eleven entries of six requests: on PostgreSQL two calls on the driver
    # (audit/driver_append.py), on SQLite the ORM path's four statements.
    assert len(seen) == (2 if backend == "postgresql" else 4), kinds(seen)
    for ids, receipts in zip(asked, answers, strict=True):  # each request: its own entries, in order
        rows = [await session.get(Event, receipt) for receipt in receipts]
        assert [row.subject_citizen_id for row in rows if row is not None] == ids
    assert len({r for receipts in answers for r in receipts}) == 11
    report = await verify_log(session)
    assert report.ok, report.as_dict()
    await group.close()


async def test_the_groups_append_and_the_request_append_write_one_log(
    session: AsyncSession, people: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The group's append (on PostgreSQL on the driver, audit/driver_append.py) and the append in
    a request's own transaction (the ORM path) interleave on the same people and chains, chains
    without a head row yet included, and the log verifies: one format, one chain, one list per
    person."""
    # Every person on a chain of their own that has no head row yet: made on first use.
    monkeypatch.setenv("DANCU_AUDIT_CHAINS", "100003")
    await set_log_chains(session, 100003)  # the log's count, which every writer's must be
    group = GroupCommit(SharedSession(session))
    first = await group.append(reads([people[0], people[1], None]))
    by_request = await audit.record_reads(
        session, actor=ACTOR, citizen_ids=[people[0], people[2]], fields=["pin"], purpose="Kiểm tra"
    )
    await session.commit()
    second = await group.append(reads([people[2], people[0]]))
    receipts = first + [event.id for event in by_request] + second
    rows = [await session.get(Event, receipt) for receipt in receipts]
    subjects = [people[0], people[1], None, people[0], people[2], people[2], people[0]]
    assert [row.subject_citizen_id for row in rows if row is not None] == subjects
    entry = {row.id: row for row in rows if row is not None}
    # Each person's list runs through both paths: the group's later entry links to the request's.
    assert entry[second[1]].subject_prev_hash == entry[by_request[0].id].entry_hash
    assert entry[by_request[0].id].subject_prev_hash == entry[first[0]].entry_hash
    assert entry[first[0]].data == entry[by_request[0].id].data == {}
    assert entry[first[0]].fields == entry[by_request[0].id].fields == ["pin"]
    report = await verify_log(session)
    assert report.ok, report.as_dict()
    await group.close()


async def test_a_failed_group_answers_every_request_with_the_error_and_keeps_nothing(
    session: AsyncSession, people: list[int]
) -> None:
    await session.commit()
    before = len(list(await session.scalars(select(Event.id))))

    @asynccontextmanager
    async def failing() -> AsyncIterator[AsyncSession]:
        async with SharedSession(session) as shared:
            original = shared.commit

            async def refuse() -> None:
                raise RuntimeError("disk full")

            shared.commit = refuse  # type: ignore[method-assign]
            try:
                yield shared
            finally:
                shared.commit = original  # type: ignore[method-assign]

    group = GroupCommit(failing)
    outcomes = await asyncio.gather(
        group.append(reads([people[0]])), group.append(reads([people[1]])), return_exceptions=True
    )
    assert [str(o) for o in outcomes] == ["disk full", "disk full"]
    assert len(list(await session.scalars(select(Event.id)))) == before  # rolled back, none kept
    assert group.groups == 0
    await group.close()


async def test_an_api_lookup_is_answered_once_its_group_committed(
    app: object, client: httpx.AsyncClient, agency: Agency
) -> None:
    group: GroupCommit = app.state.log_group  # type: ignore[attr-defined]
    before = group.groups
    body = subject(agency.pins[0]) | {"purpose": "Xét trợ cấp xã hội"}
    response = await client.post("/api/v1/lookup", json=body, headers=agency.headers)
    assert response.status_code == 200, response.text
    assert group.groups == before + 1  # the entry went through the group commit, not the request's


async def test_the_citizens_own_page_logs_its_read_through_the_group_on_postgresql(
    app: object, client: httpx.AsyncClient, session: AsyncSession, agency: Agency, backend: str
) -> None:
    """The identity app's home page writes nothing but its read entry: on PostgreSQL the group
    commits it before the page is built; on SQLite the page's own transaction appends it (its write
    session holds the database lock the group would wait for). The entry is the same."""
    group: GroupCommit = app.state.log_group  # type: ignore[attr-defined]
    citizen = await session.scalar(select(Citizen).where(Citizen.pin == agency.pins[0]))
    assert citizen is not None
    headers = await citizen_headers(client, session, citizen.id)
    before = group.groups
    response = await client.get("/app", headers=headers)
    assert response.status_code == 200, response.text
    assert group.groups == before + (1 if backend == "postgresql" else 0)
    session.expunge_all()
    entry = await session.scalar(
        select(Event).where(Event.subject_citizen_id == citizen.id).order_by(Event.id.desc()).limit(1)
    )
    assert entry is not None and entry.event_type is EventType.CITIZEN_VIEWED
    assert entry.channel == "identity_app" and entry.purpose == PURPOSE
    assert set(entry.fields or []) >= {"full_name", "date_of_birth", "pin"}


async def test_a_logout_reaches_the_kept_actor_at_once(client: httpx.AsyncClient, agency: Agency) -> None:
    """The lookup keeps its caller's actor for a few seconds; a logout in this process empties it."""
    body = subject(agency.pins[0]) | {"purpose": "Xét trợ cấp xã hội"}
    assert (await client.post("/api/v1/lookup", json=body, headers=agency.headers)).status_code == 200
    assert (await client.post("/api/v1/auth/logout", headers=agency.headers)).status_code == 204
    after = await client.post("/api/v1/lookup", json=body, headers=agency.headers)
    assert after.status_code == 401, after.text
