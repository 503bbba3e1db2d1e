"""The SQL statements of the k1 lookup, the batch lookup and yes/no verification, counted exactly.

A count, not a timing: it does not depend on the machine, and a change that adds a statement to a
hot path (a second organisation read, a re-read after insert, an entry appended per person) fails
here. Each request is: the caller (login session with organisation; kept a few seconds on the lookup
routes), the person(s) by PIN and their facts for the released fields (one statement for one person,
two for a batch), and the access-log append (heads, person heads, insert, new heads) — the same
number of appends for one person and for a batch of 100.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from dancu.registry.queries import citizen_by_pin
from tests.integration.test_direct_connection import _machine_token
from tests.support.builders import (
    DOB,
    NAME,
    PASSWORD,
    bearer_for,
    birth_body,
    born_aged,
    c06,
    citizen_headers,
    issue_headers,
    member,
    organisation,
    person,
    registrar,
)
from tests.support.statements import kinds, statements

# The login session with its account and the organisation, in one statement, to build the actor
# (the organisation was a second read until it joined the session's: 8 → 7 per lookup).
CALLER = 1
# A machine client: its bearer is first tried as a login session, then checked as an access token
# (the signing key), and its client and organisation build the actor.
MACHINE_CALLER = 4
LOG_APPEND = 4  # chain heads, person heads, one INSERT … RETURNING, new chain heads
# A lookup's caller is a bearer session whose actor the process keeps for a few seconds
# (identity/login_cache.py, docs/adr/0017): after the warm-up request it costs no statement
# (7 → 6 per lookup and per batch); with the cache off it costs CALLER again.
KEPT_CALLER = 0
# The lookups' entries go through the group commit (docs/adr/0017), whose append on PostgreSQL is
# two calls on the driver: the chain and person heads in one function call (migration 0027), the
# entries and the new heads in one statement (5 → 3 per lookup); SQLite keeps the four.
GROUP_APPEND = {"postgresql": 2, "sqlite": LOG_APPEND}
# + the person by PIN with the facts of the released fields, in one statement (6 → 5)
LOOKUP = KEPT_CALLER + 1
# + the people by PIN with their facts of the released fields, in one statement as for one person
# (6 → 5; the people and their facts were two)
BATCH = KEPT_CALLER + 1
# + the probing limits (one count of the requester's questions, in all and about this PIN), the
# person by PIN (the age question needs no facts) and the question's own row (domain.md §3.7); the
# route's caller is kept too (docs/adr/0017, verification: 8 → 7).
VERIFY_ON_SESSION = KEPT_CALLER + 1 + 1 + LOG_APPEND + 1
# On PostgreSQL the hot path: the person and the facts asked about in one statement, then in the
# group's transaction the requester's lock and the count in one call (migration 0035: 6 → 5), the
# append, whose insert also writes the question rows (8 → 6, the residence question's facts
# included: 9 → 6; the rows in the append's statement: 5 → 4).
VERIFY_ON_DRIVER = 1 + 1 + GROUP_APPEND["postgresql"]
# The citizen's own page: its entry by the group commit on PostgreSQL (docs/adr/0017, "session 8,
# verification": 9 → 7), in the page's transaction on SQLite (its write session holds the lock). The
# people they represent are found in the record the page has read (7 → 6).
OWN_DATA_PAGE = {"postgresql": 2 + 2 + GROUP_APPEND["postgresql"], "sqlite": 2 + 2 + LOG_APPEND}
# A parent's page: the children named, then their records' relations, however many (was 2 a child).
REPRESENTED = 2
# The identity app's JSON read of the same record, its caller kept (as the lookups'): on PostgreSQL
# its hot path, the person with their fact sets in one statement and the entry by the group commit
# (docs/adr/0017, "session 10": 4 -> 3); on SQLite the route's person, facts and the four statements
# of the entry in the request's own transaction.
OWN_RECORD_API = {
    "postgresql": KEPT_CALLER + 1 + GROUP_APPEND["postgresql"],
    "sqlite": KEPT_CALLER + 2 + LOG_APPEND,
}


class Agency:
    def __init__(self, pins: list[str], headers: dict[str, str], organisation_id: int) -> None:
        self.pins, self.headers, self.organisation_id = pins, headers, organisation_id


@pytest.fixture
async def agency(client: httpx.AsyncClient, session: AsyncSession) -> Agency:
    officer = await c06(client, session)
    pins = [await person(client, officer) for _ in range(10)]
    org = await organisation(client, await registrar(client, session), "bo.ldtbxh")
    admin = await bearer_for(client, "bo.ldtbxh", PASSWORD)
    scope = ["full_name", "date_of_birth", "pin", "sex", "permanent_residence"]
    headers = await member(client, session, admin, org["organisation_id"], "bo.ldtbxh.cb", scope)
    return Agency(pins, headers, org["organisation_id"])


def subject(pin: str) -> dict[str, str]:
    return {"full_name": NAME, "date_of_birth": DOB, "pin": pin}


async def counted(
    session: AsyncSession,
    engine: AsyncEngine,
    client: httpx.AsyncClient,
    url: str,
    body: dict[str, Any],
    agency: Agency,
) -> tuple[httpx.Response, list[str]]:
    await client.post(url, json=body, headers=agency.headers)  # warm: first-use work is not the path
    session.expunge_all()  # as in a request's own session: no row is already at hand
    with statements(engine, session) as seen:
        response = await client.post(url, json=body, headers=agency.headers)
    assert response.status_code == 200, response.text
    return response, seen


async def test_one_lookup(
    client: httpx.AsyncClient, session: AsyncSession, engine: AsyncEngine, agency: Agency, backend: str
) -> None:
    body = subject(agency.pins[0]) | {"purpose": "Xét trợ cấp xã hội"}
    response, seen = await counted(session, engine, client, "/api/v1/lookup", body, agency)
    assert response.json()["receipt"] > 0
    assert len(seen) == LOOKUP + GROUP_APPEND[backend], kinds(seen)


async def test_one_lookup_without_the_kept_actor(
    app: Any,
    client: httpx.AsyncClient,
    session: AsyncSession,
    engine: AsyncEngine,
    agency: Agency,
    backend: str,
) -> None:
    """With the actor cache off every lookup reads its caller again: one statement more."""
    app.state.settings = app.state.settings.model_copy(update={"auth_cache_seconds": 0.0})
    body = subject(agency.pins[0]) | {"purpose": "Xét trợ cấp xã hội"}
    response, seen = await counted(session, engine, client, "/api/v1/lookup", body, agency)
    assert response.json()["receipt"] > 0
    assert len(seen) == CALLER + LOOKUP + GROUP_APPEND[backend], kinds(seen)


async def test_a_batch_of_100_costs_a_fixed_number_of_statements(
    client: httpx.AsyncClient, session: AsyncSession, engine: AsyncEngine, agency: Agency, backend: str
) -> None:
    subjects = [subject(pin) for pin in agency.pins] * 10
    body = {"subjects": subjects, "purpose": "Xét trợ cấp xã hội"}
    response, seen = await counted(session, engine, client, "/api/v1/lookup/batch", body, agency)
    receipts = [r["receipt"] for r in response.json()["results"]]
    assert len(set(receipts)) == 100 and None not in receipts  # one entry per person asked about
    assert len(seen) == BATCH + GROUP_APPEND[backend], kinds(seen)


# A number that is nobody's current one (cancelled, or never assigned) costs one more statement, by
# the PIN register, on the driver path; the session path (SQLite) reads the numbers' holders and
# then the register's (2 more; none holds the number, so no facts are read).
FORMER_PINS = {"postgresql": 1, "sqlite": 2}


async def test_a_batch_with_an_unknown_pin_costs_one_statement_more(
    client: httpx.AsyncClient, session: AsyncSession, engine: AsyncEngine, agency: Agency, backend: str
) -> None:
    subjects = [subject(pin) for pin in agency.pins] * 10
    subjects[-1] = subject("001099000000")
    body = {"subjects": subjects, "purpose": "Xét trợ cấp xã hội"}
    response, seen = await counted(session, engine, client, "/api/v1/lookup/batch", body, agency)
    found = [r["found"] for r in response.json()["results"]]
    assert found == [True] * 99 + [False]
    assert len(seen) == BATCH + FORMER_PINS[backend] + GROUP_APPEND[backend], kinds(seen)


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ({"question": "age_at_least", "years": 18}, 0),
        ({"question": "identity_match", "full_name": NAME, "date_of_birth": DOB}, 0),
        ({"question": "permanent_residence_in", "unit_code": "01", "unit_version": "2025"}, 1),
    ],
)
async def test_one_yes_no_question(
    client: httpx.AsyncClient,
    session: AsyncSession,
    engine: AsyncEngine,
    agency: Agency,
    question: dict[str, Any],
    facts: int,
    backend: str,
) -> None:
    body = question | {"pin": agency.pins[0], "purpose": "Xét trợ cấp xã hội"}
    response, seen = await counted(session, engine, client, "/api/v1/verify", body, agency)
    assert isinstance(response.json()["answer"], bool)
    expected = VERIFY_ON_DRIVER if backend == "postgresql" else VERIFY_ON_SESSION + facts
    assert len(seen) == expected, kinds(seen)


async def test_one_lookup_by_a_machine_client(
    client: httpx.AsyncClient, session: AsyncSession, engine: AsyncEngine, agency: Agency, backend: str
) -> None:
    """A directly connected system: its token, its client and its organisation build the actor
    (with the legal basis), then the same four reads and the same append as a person's lookup."""
    token = await _machine_token(client, session, agency.organisation_id)
    machine = Agency(agency.pins, {"Authorization": f"Bearer {token}"}, agency.organisation_id)
    body = subject(agency.pins[0]) | {"purpose": "Khám chữa bệnh BHYT", "staff_id": "BS-9"}
    response, seen = await counted(session, engine, client, "/api/v1/lookup", body, machine)
    assert response.json()["staff_id"] == "BS-9"
    assert len(seen) == MACHINE_CALLER + LOOKUP + GROUP_APPEND[backend], kinds(seen)


@pytest.mark.parametrize(
    ("url", "counts"),
    [("/app", OWN_DATA_PAGE), ("/api/v1/eid/me/record", OWN_RECORD_API)],
    ids=["page", "api"],
)
async def test_the_citizens_own_record(
    client: httpx.AsyncClient,
    session: AsyncSession,
    engine: AsyncEngine,
    agency: Agency,
    backend: str,
    url: str,
    counts: dict[str, int],
) -> None:
    """The identity app's home page (the caller's login session, unread notifications for the
    layout, the person and their facts, the read entry; nobody represented) and the same record over
    the app's JSON API, once the first request has had the caller's actor kept."""
    citizen = await citizen_by_pin(session, agency.pins[0])
    headers = await citizen_headers(client, session, citizen.id)
    await client.get(url, headers=headers)
    session.expunge_all()
    with statements(engine, session) as seen:
        response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    assert len(seen) == counts[backend], kinds(seen)


async def test_a_parents_own_page_reads_the_children_at_once(
    client: httpx.AsyncClient, session: AsyncSession, engine: AsyncEngine, agency: Agency, backend: str
) -> None:
    """A parent's home page lists the children under 14 they may act for: the children named by the
    parent's record, and their records' relations, in two statements with one child or three."""
    officer = await issue_headers(session, "c06.dangky")  # the agency fixture's registering officer
    mother = await citizen_by_pin(session, agency.pins[1])
    headers = await citizen_headers(client, session, mother.id)
    seen_for: dict[int, int] = {}
    children = []
    for born_on in (born_aged(8), born_aged(6), born_aged(4)):  # under 14 whenever the suite runs
        body = birth_body(date_of_birth=born_on, mother={"pin": mother.pin})
        born = await client.post("/api/v1/registry/births", json=body, headers=officer)
        assert born.status_code == 201, born.text
        children.append((await citizen_by_pin(session, born.json()["pin"])).id)
        if len(children) in (1, 3):
            await client.get("/app", headers=headers)
            session.expunge_all()
            with statements(engine, session) as seen:
                response = await client.get("/app", headers=headers)
            assert response.status_code == 200, response.text
            for child in children:
                assert f'href="/app/for/{child}"' in response.text
            seen_for[len(children)] = len(seen)
    assert seen_for == {1: OWN_DATA_PAGE[backend] + REPRESENTED, 3: OWN_DATA_PAGE[backend] + REPRESENTED}
