"""Yes/no verification's hot path (dancu.lookup.hot_verify, verify_driver; docs/adr/0017): on
PostgreSQL a k1 caller whose actor is kept is answered on the driver, the question counted and
written with its entry by the group commit; the answer is the route's byte for byte, the refusals
are the route's, and concurrent questions over a limit are answered exactly up to the limit on
either path. On SQLite the route answers every request (the driver path never runs)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import secrets
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.app import create_app, shut_down
from dancu.audit.models import Event
from dancu.db.engine import make_engine
from dancu.lookup import gate, use_cases
from dancu.lookup.actions import pin_digest
from dancu.lookup.hot_route import HOT_PATH
from dancu.lookup.models import VerificationQuestion
from dancu.settings import Settings
from tests.conftest import _pg_admin
from tests.integration.test_lookup_api import World, world
from tests.integration.test_lookup_hot_path import _logged, driver_reads, reestablish_pin
from tests.support import migrated
from tests.support.builders import (
    DOB,
    NAME,
    c06,
    issue_headers,
    member,
    organisation,
    person,
    registrar,
)

__all__ = ["driver_reads", "world"]  # the fixtures, shared with the lookup tests

QUESTIONS = [
    {"question": "identity_match", "full_name": NAME, "date_of_birth": DOB},
    {"question": "identity_match", "full_name": NAME, "date_of_birth": "1990-01-02"},  # a "no"
    {"question": "age_at_least", "years": 18},
    {"question": "permanent_residence_in", "unit_code": "01", "unit_version": "2025"},
    {"question": "permanent_residence_in", "unit_code": "79", "unit_version": "2025"},  # a "no"
]


def question(pin: str, asked: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return asked | {"pin": pin, "purpose": "Xét trợ cấp xã hội", **extra}


def _row(row: VerificationQuestion) -> tuple[Any, ...]:
    return (
        row.requester_key,
        row.organisation_id,
        row.account_id,
        row.actor_group,
        row.pin_digest,
        row.question,
        row.outcome,
        row.permit_number,
        row.consent_ref,
        row.fee_receipt_id,
    )


async def _question_row(session: AsyncSession, receipt: int) -> VerificationQuestion:
    session.expunge_all()
    row = await session.scalar(
        select(VerificationQuestion).where(VerificationQuestion.receipt_event_id == receipt)
    )
    assert row is not None, receipt
    return row


async def _same_by_route_and_hot_path(
    app: Any,
    client: httpx.AsyncClient,
    session: AsyncSession,
    backend: str,
    body: dict[str, Any],
    headers: dict[str, str],
) -> tuple[httpx.Response, httpx.Response]:
    """The question asked through the route (which also keeps the caller's actor), then again with
    the hot path on (PostgreSQL): the same bytes but for the receipt, the same entry, the same row."""
    setattr(app.state, HOT_PATH, False)
    by_route = await client.post("/api/v1/verify", json=body, headers=headers)
    setattr(app.state, HOT_PATH, backend == "postgresql")
    by_hot_path = await client.post("/api/v1/verify", json=body, headers=headers)
    assert by_route.status_code == by_hot_path.status_code == 200, (by_route.text, by_hot_path.text)
    one, two = by_route.json()["receipt"], by_hot_path.json()["receipt"]
    assert two > one
    # The same bytes but for the receipt (a k1 body: no permit, no fee receipt, keys left out).
    assert by_hot_path.content == by_route.content.replace(
        f'"receipt":{one}'.encode(), f'"receipt":{two}'.encode()
    )
    assert by_hot_path.headers["content-type"] == by_route.headers["content-type"] == "application/json"
    session.expunge_all()
    first, second = await session.get(Event, one), await session.get(Event, two)
    assert first is not None and second is not None
    assert _logged(second) == _logged(first)
    assert _row(await _question_row(session, two)) == _row(await _question_row(session, one))
    return by_route, by_hot_path


@pytest.mark.parametrize("asked", QUESTIONS)
async def test_a_kept_caller_gets_the_routes_answer_its_entry_and_its_question_row(
    app: Any,
    client: httpx.AsyncClient,
    session: AsyncSession,
    world: World,
    backend: str,
    driver_reads: list[list[str]],
    asked: dict[str, Any],
) -> None:
    body = question(world.pin, asked, staff_id="CB-1")
    # A member holding the whole mandate (the world's member holds no residence).
    asker = await member(client, session, world.admin, world.org["organisation_id"], "bo.ldtbxh.xt")
    await _same_by_route_and_hot_path(app, client, session, backend, body, asker)
    assert driver_reads == ([[world.pin]] if backend == "postgresql" else [])


async def test_a_question_by_a_cancelled_pin_is_the_routes_on_the_driver(
    app: Any,
    client: httpx.AsyncClient,
    session: AsyncSession,
    world: World,
    backend: str,
    driver_reads: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A cancelled PIN resolves to its holder on both paths (NĐ 70 Điều 11): the same answer, and
    on PostgreSQL the driver path gives it (the session path's use case does not run)."""
    await reestablish_pin(client, world)
    asker = await member(client, session, world.admin, world.org["organisation_id"], "bo.ldtbxh.xt")
    body = question(world.pin, QUESTIONS[0])
    on_session: list[Any] = []
    real: Callable[..., Any] = use_cases.verify

    async def spying(*args: Any, **kwargs: Any) -> Any:
        on_session.append(args)
        return await real(*args, **kwargs)

    monkeypatch.setattr(use_cases, "verify", spying)
    by_route, _ = await _same_by_route_and_hot_path(app, client, session, backend, body, asker)
    assert by_route.json()["answer"] is True
    assert len(on_session) == (1 if backend == "postgresql" else 2)  # the route's own question only
    assert driver_reads == ([[world.pin]] if backend == "postgresql" else [])


def _problem(response: httpx.Response) -> tuple[Any, ...]:
    body = response.json()
    body.pop("instance", None)
    body.pop("request_id", None)
    return response.status_code, response.headers["content-type"], response.headers.get("retry-after"), body


async def test_refusals_are_the_routes(
    app: Any,
    client: httpx.AsyncClient,
    session: AsyncSession,
    world: World,
    backend: str,
    driver_reads: list[list[str]],
) -> None:
    asker = await member(client, session, world.admin, world.org["organisation_id"], "bo.ldtbxh.xt")
    residence = {"question": "permanent_residence_in", "unit_version": "2025"}
    refused = {
        # 403: a field outside the member's scope (the world's member holds no residence)
        "scope": (world.agency, question(world.pin, residence | {"unit_code": "01"})),
        # 422: a unit nobody knows, named as the field
        "unit": (asker, question(world.pin, residence | {"unit_code": "99999"})),
        # 422: a body the type refuses (the route's validation names the field)
        "body": (asker, question("12", QUESTIONS[0])),
        # 401: a token nobody holds (the route's on both)
        "token": (
            {"Authorization": "Bearer " + secrets.token_urlsafe(32)},
            question(world.pin, QUESTIONS[0]),
        ),
    }
    answers: dict[str, list[tuple[Any, ...]]] = {}
    for hot in (False, True):
        setattr(app.state, HOT_PATH, hot and backend == "postgresql")
        for name, (headers, body) in refused.items():
            answers.setdefault(name, []).append(
                _problem(await client.post("/api/v1/verify", json=body, headers=headers))
            )
    assert [a[0][0] for a in answers.values()] == [403, 422, 422, 401]
    for name, (by_route, by_hot_path) in answers.items():
        assert by_route == by_hot_path, name
    # 429: the sixth question about one person in the period (max_per_subject 5) is refused and
    # logged, whichever path asks it; the hot path's declined question is the session path's.
    setattr(app.state, HOT_PATH, backend == "postgresql")
    body = question(world.pin, QUESTIONS[2])
    for _ in range(gate.limits().max_per_subject):
        assert (await client.post("/api/v1/verify", json=body, headers=world.agency)).status_code == 200
    hot_refusal = _problem(await client.post("/api/v1/verify", json=body, headers=world.agency))
    setattr(app.state, HOT_PATH, False)
    route_refusal = _problem(await client.post("/api/v1/verify", json=body, headers=world.agency))
    assert hot_refusal[0] == 429 and hot_refusal == route_refusal
    outcomes = list(
        await session.scalars(
            select(VerificationQuestion.outcome)
            .where(
                VerificationQuestion.pin_digest == pin_digest(world.pin),
                VerificationQuestion.question == "age_at_least",
            )
            .order_by(VerificationQuestion.id)
        )
    )
    assert outcomes == ["answered"] * 5 + ["verify.limit_subject"] * 2
    # Five of the answered on the driver (the first kept the actor), and the hot path tried the
    # refused one before the session path refused it.
    assert len(driver_reads) == (6 if backend == "postgresql" else 0)


# --- Concurrent questions, on a database of their own (real commits, several "processes") -------


@pytest.fixture
async def own_database(backend: str, database_urls: dict[str, str]) -> AsyncIterator[str]:
    if backend != "postgresql":
        pytest.skip("SQLite's write transaction holds the one database lock: questions cannot interleave")
    name = f"dancu_test_{os.getpid()}_{secrets.token_hex(3)}"
    await _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{migrated._pg_template}"')
    try:
        yield migrated._url_of(name)
    finally:
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Server:
    """One app on the database, as one server process: its own pools and its own group commit."""

    def __init__(self, url: str, *, hot: bool) -> None:
        self.app = create_app(Settings(database_url=url, cookie_secure=False))
        setattr(self.app.state, HOT_PATH, hot)
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://test")

    async def close(self) -> None:
        await self.client.aclose()
        await shut_down(self.app)


async def _agency(url: str, client: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    """A person and a k1 agency's member, committed."""
    engine = make_engine(url)
    try:
        async with AsyncSession(engine, expire_on_commit=False) as session:
            officer = await c06(client, session)
            await session.commit()
            pin = await person(client, officer)
            registering = await registrar(client, session)
            await session.commit()
            org = await organisation(client, registering, "bo.ldtbxh")
            admin = await issue_headers(session, "bo.ldtbxh")
            await session.commit()
            staff = await member(client, session, admin, org["organisation_id"], "bo.ldtbxh.cb")
            await session.commit()
    finally:
        await engine.dispose()
    return pin, staff


async def _counted(url: str, pin: str) -> tuple[list[str], int]:
    engine = make_engine(url)
    try:
        async with AsyncSession(engine) as session:
            rows = (
                await session.execute(
                    select(
                        VerificationQuestion.outcome,
                        VerificationQuestion.requester_seq,
                        VerificationQuestion.asked_at,
                    )
                    .where(VerificationQuestion.pin_digest == pin_digest(pin))
                    .order_by(VerificationQuestion.requester_seq)
                )
            ).all()
            outcomes = [outcome for outcome, _, _ in rows]
            # Numbered 1, 2, 3 … in the order counted, on every path, never back in time.
            assert [seq for _, seq, _ in rows] == list(range(1, len(rows) + 1))
            assert [at for _, _, at in rows] == sorted(at for _, _, at in rows)
            entries = await session.scalar(
                select(func.count())
                .select_from(Event)
                .where(Event.data["question"].as_string() == "age_at_least")
            )
    finally:
        await engine.dispose()
    return outcomes, int(entries or 0)


@pytest.mark.parametrize("limit", ["subject", "requester"])
async def test_concurrent_questions_over_a_limit_are_answered_exactly_up_to_it(
    own_database: str, monkeypatch: pytest.MonkeyPatch, limit: str
) -> None:
    """Two servers on the hot path and one on the session path ask 8 questions each at once about
    one person: exactly the limit is answered, every other question is refused, and all 24 are
    logged and counted."""
    rules = gate.limits()
    if limit == "requester":  # three questions a period for the requester, whoever they are about
        rules = gate.Limits(rules.period_hours, 1000, 3, rules.age_years_allowed)
        monkeypatch.setattr(gate, "limits", lambda: rules)
    allowed = rules.max_per_subject if limit == "subject" else rules.max_per_requester
    servers = [
        Server(own_database, hot=True),
        Server(own_database, hot=True),
        Server(own_database, hot=False),
    ]
    try:
        pin, staff = await _agency(own_database, servers[0].client)
        # Each server keeps the caller's actor (login_cache is per process: here one for all), so the
        # hot servers answer on the driver from the first question; a lookup keeps it without asking.
        lookup = {"full_name": NAME, "date_of_birth": DOB, "pin": pin, "purpose": "Xét trợ cấp xã hội"}
        assert (await servers[0].client.post("/api/v1/lookup", json=lookup, headers=staff)).status_code == 200
        body = question(pin, {"question": "age_at_least", "years": 18})
        asked = [
            server.client.post("/api/v1/verify", json=body, headers=staff)
            for server in servers
            for _ in range(8)
        ]
        responses = await asyncio.gather(*asked)
    finally:
        for server in servers:
            await server.close()
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * allowed + [429] * (24 - allowed), [r.text for r in responses]
    code = f"verify.limit_{limit}"
    assert {r.json()["code"] for r in responses if r.status_code == 429} == {code}
    outcomes, entries = await _counted(own_database, pin)
    assert sorted(outcomes) == sorted(["answered"] * allowed + [code] * (24 - allowed))
    assert entries == allowed  # an entry for each answer, none for a refusal


async def test_a_group_counts_only_once_it_holds_the_requesters_lock(own_database: str) -> None:
    """The driver path's one call (migration 0035) takes the requester's lock, then counts in a
    snapshot of its own: a second group waits for the first one's commit and then counts its
    question. Counted in the call's first snapshot, it would see none and answer past the limit."""
    import asyncpg

    from dancu.lookup.verify_driver import COUNT

    dsn = own_database.replace("postgresql+asyncpg://", "postgresql://")
    first, second = await asyncpg.connect(dsn), await asyncpg.connect(dsn)
    args = (["requester"], ["d1"], dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 5)
    try:
        await first.execute("BEGIN")
        assert [tuple(r)[4:] for r in await first.fetch(COUNT, *args)] == [(0, 0)]
        await first.execute(
            "INSERT INTO verification_question (asked_at, requester_key, requester_seq, actor_group,"
            " pin_digest, question, outcome) VALUES (now(), 'requester', 1, 'k1', 'd1', 'age_at_least',"
            " 'answered')"
        )
        await second.execute("BEGIN")
        counting = asyncio.ensure_future(second.fetch(COUNT, *args))
        await asyncio.sleep(0.3)
        assert not counting.done()  # waiting for the lock the first group holds until its commit
        await first.execute("COMMIT")
        (row,) = await counting
        assert (row["last_seq"], row["total"], row["about"]) == (1, 1, 1)  # the first group's question
        await second.execute("ROLLBACK")
    finally:
        await first.close()
        await second.close()
