"""Entries of an event type this version does not know (a later version appended them, then the
installation was rolled back): the log still verifies, every reader shows them as unknown, and a
change to their stored type is still named."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.access.permissions import OfficerRole
from dancu.audit.actions import record_event, record_read
from dancu.audit.checkpoints import create_checkpoint
from dancu.audit.models import READ_TYPES, Event, UnknownEventType, known_type
from dancu.audit.proof import build_proof, public_keys, verify_proof
from dancu.audit.verify import verify_log
from dancu.sharing.feed.models import FeedEntry, FeedGap
from dancu.sharing.feed.sequencer import sequence_feed
from tests.support.audit_scratch import BANK, citizen_ids, invoke, query, scratch_database, tamper
from tests.support.builders import citizen_headers, make_officer, page_session
from tests.support.foreign_entries import (
    FUTURE_TYPE,
    append_foreign,
    archive_and_verify,
    assert_cli_verifies_and_proves,
    committed,
    future_entry,
    people,
)

__all__ = ["people"]  # the fixture, shared with the other unknown-value tests

LATER = Actor(label="nv.later", group=ActorGroup.K1, channel=Channel.DIRECT, organisation_name="C06")
UNKNOWN_VI = f"Loại sự kiện không xác định ({FUTURE_TYPE})"
UNKNOWN_EN = f"Unknown event type ({FUTURE_TYPE})"


async def _foreign_then_known(session: AsyncSession, citizen_id: int) -> int:
    """An entry of the unknown type about the person, then a known read about them (whose link
    runs through the unknown one); the unknown entry's id."""
    foreign = await append_foreign(session, future_entry(actor=LATER, citizen_id=citizen_id))
    await record_read(session, actor=BANK, citizen_id=citizen_id, fields=["dob"], purpose="after")
    return foreign


# --- Verification -------------------------------------------------------------------------------


async def test_verify_walks_an_entry_of_an_unknown_type(session: AsyncSession, people: list[int]) -> None:
    await _foreign_then_known(session, people[0])
    await append_foreign(session, future_entry(actor=LATER, citizen_id=None))  # about nobody
    report = await verify_log(session)
    assert report.ok, report.as_dict()
    assert report.entries == len((await session.scalars(select(Event.id))).all())


@pytest.fixture
def scratch(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A database of its own (the CLI commits), the anchor on."""
    yield from scratch_database(backend, tmp_path, monkeypatch, anchored=True)


def _committed_foreign(url: str, citizen_id: int) -> int:
    return committed(url, lambda session: _foreign_then_known(session, citizen_id))


def test_the_cli_verifies_an_unknown_type_and_checks_its_proof(scratch: str) -> None:
    person = citizen_ids(scratch)[0]
    _committed_foreign(scratch, person)
    assert_cli_verifies_and_proves(scratch, person)


def test_a_changed_unknown_type_is_named(scratch: str) -> None:
    foreign = _committed_foreign(scratch, citizen_ids(scratch)[0])
    tamper(scratch, f"UPDATE event SET event_type = 'registry.another_future_type' WHERE id = {foreign}")
    code, report = invoke("verify")
    assert code == 1 and not report["ok"]
    assert report["first_problem"]["what"] == "entry.hash_mismatch"
    assert report["first_problem"]["entry_id"] == foreign


def test_a_known_type_changed_to_an_unknown_one_is_named(scratch: str) -> None:
    known = int(query(scratch, "SELECT max(id) FROM event WHERE purpose IS NOT NULL")[0][0])
    tamper(scratch, f"UPDATE event SET event_type = '{FUTURE_TYPE}' WHERE id = {known}")
    code, report = invoke("verify")
    assert code == 1 and not report["ok"]
    assert (report["first_problem"]["what"], report["first_problem"]["entry_id"]) == (
        "entry.hash_mismatch",
        known,
    )


async def test_an_unknown_type_reads_back_as_unknown_and_is_never_written(
    session: AsyncSession, system_actor: Actor, people: list[int]
) -> None:
    foreign = await append_foreign(session, future_entry(actor=LATER, citizen_id=people[0]))
    stored = (await session.scalars(select(Event).where(Event.id == foreign))).one()
    assert stored.event_type == UnknownEventType(FUTURE_TYPE) and known_type(stored.event_type) is None
    assert stored.event_type not in READ_TYPES
    for wrong in (stored.event_type, FUTURE_TYPE):
        with pytest.raises(StatementError):
            async with session.begin_nested():
                await record_event(session, wrong, actor=system_actor, subject_citizen_id=people[0])  # type: ignore[arg-type]


# --- The Data Tracker, the auditor's page, proofs -------------------------------------------------


async def test_the_tracker_api_shows_an_unknown_type_as_unknown(
    client: httpx.AsyncClient, session: AsyncSession, people: list[int]
) -> None:
    foreign = await _foreign_then_known(session, people[0])
    me = await citizen_headers(client, session, people[0])
    response = await client.get("/api/v1/audit/tracker", headers=me)
    assert response.status_code == 200, response.text
    (entry,) = [e for e in response.json()["entries"] if e["id"] == foreign]
    assert entry["event_type"] is None and entry["event_type_raw"] == FUTURE_TYPE
    known = [e for e in response.json()["entries"] if e["id"] != foreign]
    assert known and all(e["event_type"] == e["event_type_raw"] for e in known)
    # The contract says so: event_type may be null, and then event_type_raw names the type.
    schema = (await client.get("/openapi.json")).json()["components"]["schemas"]["TrackerEntryOut"]
    assert {"event_type", "event_type_raw"} <= set(schema["required"])
    assert {"type": "null"} in schema["properties"]["event_type"]["anyOf"]
    assert "event_type_raw" in schema["properties"]["event_type"]["description"]


async def test_the_tracker_page_shows_an_unknown_type_in_both_languages(
    client: httpx.AsyncClient, session: AsyncSession, people: list[int]
) -> None:
    await _foreign_then_known(session, people[0])
    await citizen_headers(client, session, people[0])
    await page_session(client, session, f"cd{people[0]}")
    vi = await client.get("/app/tracker")
    assert vi.status_code == 200, vi.text
    assert UNKNOWN_VI in vi.text
    client.cookies.set("lang", "en")
    en = await client.get("/app/tracker")
    assert en.status_code == 200 and UNKNOWN_EN in en.text


async def test_the_auditors_log_page_shows_an_unknown_type(
    client: httpx.AsyncClient, session: AsyncSession, people: list[int]
) -> None:
    await _foreign_then_known(session, people[0])
    await make_officer(session, username="kiem.toan.la", role=OfficerRole.AUDITOR)
    await page_session(client, session, "kiem.toan.la")
    page = await client.get("/officer/audit")
    assert page.status_code == 200, page.text
    assert f'data-event-type="{FUTURE_TYPE}"' in page.text and UNKNOWN_VI in page.text


async def test_a_proof_carries_the_stored_type_and_verifies(
    client: httpx.AsyncClient, session: AsyncSession, people: list[int]
) -> None:
    await _foreign_then_known(session, people[0])
    await create_checkpoint(session)
    proof = await build_proof(session, people[0])
    assert verify_proof(proof, await public_keys(session))["sealed_entries"] == 2
    assert [e["content"]["event_type"] for e in proof["entries"]] == [FUTURE_TYPE, "registry.citizen_viewed"]
    me = await citizen_headers(client, session, people[0])
    own = await client.get("/api/v1/audit/proof", headers=me)
    assert own.status_code == 200, own.text
    assert verify_proof(own.json()["proof"], own.json()["public_keys"])["sealed"]


async def test_the_change_feed_holds_an_unknown_type(session: AsyncSession, people: list[int]) -> None:
    foreign = await _foreign_then_known(session, people[0])
    await sequence_feed(session)
    assert (await session.scalars(select(FeedEntry).where(FeedEntry.event_id == foreign))).all() == []
    held = await session.get(FeedGap, foreign)  # until a version that knows it (test_feed_unknown_types.py)
    assert held is not None and held.held_type == FUTURE_TYPE


# --- Archives (PostgreSQL: SQLite keeps the log in one table) -------------------------------------


def test_a_month_with_an_unknown_type_is_archived_and_verifies(
    scratch: str, backend: str, tmp_path: Path
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite keeps the log in one table: nothing is archived")
    foreign, lines = archive_and_verify(
        lambda: _committed_foreign(scratch, citizen_ids(scratch)[0]), tmp_path / "arch"
    )
    assert lines[foreign]["event_type"] == FUTURE_TYPE
