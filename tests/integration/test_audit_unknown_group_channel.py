"""Entries of an actor group or a channel this version does not know (a later version appended
them, then the installation was rolled back): the log still verifies, every reader shows them as
unknown, and a change to the stored word is still named. The same rollback as
test_audit_unknown_event_type.py, in the log's two other enum columns."""

from __future__ import annotations

import dataclasses
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
from dancu.audit.models import Event, EventType, UnknownActorGroup, UnknownChannel
from dancu.audit.proof import build_proof, public_keys, verify_proof
from dancu.audit.verify import verify_log
from dancu.db.base import known
from tests.support.audit_scratch import BANK, citizen_ids, invoke, query, scratch_database, tamper
from tests.support.builders import citizen_headers, make_officer, page_session
from tests.support.foreign_entries import (
    FUTURE_CHANNEL,
    FUTURE_GROUP,
    append_foreign,
    archive_and_verify,
    assert_cli_verifies_and_proves,
    committed,
    future_entry,
    people,
)

__all__ = ["people"]  # the fixture, shared with the other unknown-value tests

LATER = Actor(label="nv.later", group=ActorGroup.K1, channel=Channel.DIRECT, organisation_name="Cục C06 sau")
UNKNOWN_CHANNEL_VI = f"Phương thức không xác định ({FUTURE_CHANNEL})"
UNKNOWN_CHANNEL_EN = f"Unknown channel ({FUTURE_CHANNEL})"


async def _foreign_then_known(session: AsyncSession, citizen_id: int) -> tuple[int, int]:
    """A read of the person by an actor of an unknown group, a change through an unknown channel,
    then a known read (whose link runs through both); the two foreign entries' ids."""
    group = await append_foreign(
        session,
        future_entry(
            actor=LATER, citizen_id=citizen_id, event_type=EventType.CITIZEN_VIEWED, actor_group=FUTURE_GROUP
        ),
    )
    channel = await append_foreign(
        session,
        future_entry(
            actor=LATER, citizen_id=citizen_id, event_type=EventType.ITEM_UPDATED, channel=FUTURE_CHANNEL
        ),
    )
    await record_read(session, actor=BANK, citizen_id=citizen_id, fields=["dob"], purpose="after")
    return group, channel


# --- Verification, reading, writing -------------------------------------------------------------


async def test_verify_walks_entries_of_an_unknown_group_and_channel(
    session: AsyncSession, people: list[int]
) -> None:
    await _foreign_then_known(session, people[0])
    nobody = future_entry(actor=LATER, citizen_id=None, event_type=EventType.LOGOUT, actor_group=FUTURE_GROUP)
    await append_foreign(session, nobody | {"channel": FUTURE_CHANNEL})
    report = await verify_log(session)
    assert report.ok, report.as_dict()
    assert report.entries == len((await session.scalars(select(Event.id))).all())


async def test_unknown_words_read_back_as_unknown_and_are_never_written(
    session: AsyncSession, system_actor: Actor, people: list[int]
) -> None:
    group, channel = await _foreign_then_known(session, people[0])
    by_group = (await session.scalars(select(Event).where(Event.id == group))).one()
    by_channel = (await session.scalars(select(Event).where(Event.id == channel))).one()
    assert by_group.actor_group == UnknownActorGroup(FUTURE_GROUP) and known(by_group.actor_group) is None
    assert by_group.channel is Channel.DIRECT and known(by_group.channel) is Channel.DIRECT
    assert by_channel.channel == UnknownChannel(FUTURE_CHANNEL) and known(by_channel.channel) is None
    assert by_channel.actor_group is ActorGroup.K1
    # Never equal to a member, nor to its word as a string, nor to another column's unknown word.
    assert by_group.actor_group not in set(ActorGroup) and by_group.actor_group != FUTURE_GROUP
    assert by_channel.channel not in set(Channel) and UnknownChannel("k5") != UnknownActorGroup("k5")
    # An unknown word is read, never written: this version logs only the groups and channels it knows.
    wrong: list[dict[str, object]] = [
        {"group": by_group.actor_group},
        {"group": FUTURE_GROUP},
        {"channel": by_channel.channel},
        {"channel": FUTURE_CHANNEL},
    ]
    for change in wrong:
        actor = dataclasses.replace(system_actor, **change)  # type: ignore[arg-type]
        with pytest.raises(StatementError):
            async with session.begin_nested():
                await record_event(session, EventType.LOGOUT, actor=actor, subject_citizen_id=people[0])


@pytest.fixture
def scratch(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A database of its own (the CLI commits), the anchor on."""
    yield from scratch_database(backend, tmp_path, monkeypatch, anchored=True)


def _committed_foreign(url: str, citizen_id: int) -> tuple[int, int]:
    return committed(url, lambda session: _foreign_then_known(session, citizen_id))


def test_the_cli_verifies_an_unknown_group_and_channel_and_checks_their_proof(scratch: str) -> None:
    person = citizen_ids(scratch)[0]
    _committed_foreign(scratch, person)
    assert_cli_verifies_and_proves(scratch, person)


@pytest.mark.parametrize(("column", "other"), [("actor_group", "k6"), ("channel", "village_kiosk")])
def test_a_changed_unknown_word_is_named(scratch: str, column: str, other: str) -> None:
    group, channel = _committed_foreign(scratch, citizen_ids(scratch)[0])
    foreign = group if column == "actor_group" else channel
    tamper(scratch, f"UPDATE event SET {column} = '{other}' WHERE id = {foreign}")
    code, report = invoke("verify")
    assert code == 1 and not report["ok"], report
    assert (report["first_problem"]["what"], report["first_problem"]["entry_id"]) == (
        "entry.hash_mismatch",
        foreign,
    )


@pytest.mark.parametrize(("column", "word"), [("actor_group", FUTURE_GROUP), ("channel", FUTURE_CHANNEL)])
def test_a_known_word_changed_to_an_unknown_one_is_named(scratch: str, column: str, word: str) -> None:
    known = int(query(scratch, "SELECT max(id) FROM event WHERE purpose IS NOT NULL")[0][0])
    tamper(scratch, f"UPDATE event SET {column} = '{word}' WHERE id = {known}")
    code, report = invoke("verify")
    assert code == 1 and not report["ok"], report
    assert (report["first_problem"]["what"], report["first_problem"]["entry_id"]) == (
        "entry.hash_mismatch",
        known,
    )


# --- The Data Tracker, the auditor's page, proofs -------------------------------------------------


async def test_the_tracker_api_shows_an_unknown_group_and_channel_as_unknown(
    client: httpx.AsyncClient, session: AsyncSession, people: list[int]
) -> None:
    group, channel = await _foreign_then_known(session, people[0])
    me = await citizen_headers(client, session, people[0])
    response = await client.get("/api/v1/audit/tracker", headers=me)
    assert response.status_code == 200, response.text
    entries = {e["id"]: e for e in response.json()["entries"]}
    assert entries[group]["actor_group"] is None and entries[group]["actor_group_raw"] == FUTURE_GROUP
    assert entries[group]["channel"] == entries[group]["channel_raw"] == "direct"
    assert entries[channel]["channel"] is None and entries[channel]["channel_raw"] == FUTURE_CHANNEL
    assert entries[channel]["actor_group"] == entries[channel]["actor_group_raw"] == "k1"
    known = [e for i, e in entries.items() if i not in (group, channel)]
    assert known and all(
        e["actor_group"] == e["actor_group_raw"] and e["channel"] == e["channel_raw"] for e in known
    )
    # The contract says so: each may be null while its raw word names what was stored.
    schema = (await client.get("/openapi.json")).json()["components"]["schemas"]["TrackerEntryOut"]
    for name in ("actor_group", "channel"):
        assert {name, f"{name}_raw"} <= set(schema["required"])
        assert {"type": "null"} in schema["properties"][name]["anyOf"]
        assert f"{name}_raw" in schema["properties"][name]["description"]


async def test_the_tracker_page_shows_entries_of_an_unknown_group_and_channel(
    client: httpx.AsyncClient, session: AsyncSession, people: list[int]
) -> None:
    await _foreign_then_known(session, people[0])
    await citizen_headers(client, session, people[0])
    await page_session(client, session, f"cd{people[0]}")
    vi = await client.get("/app/tracker")
    assert vi.status_code == 200, vi.text
    assert "Cục C06 sau" in vi.text
    client.cookies.set("lang", "en")
    en = await client.get("/app/tracker")
    assert en.status_code == 200 and "Cục C06 sau" in en.text


async def test_the_auditors_log_page_shows_an_unknown_channel_in_both_languages(
    client: httpx.AsyncClient, session: AsyncSession, people: list[int]
) -> None:
    await _foreign_then_known(session, people[0])
    await make_officer(session, username="kiem.toan.kenh", role=OfficerRole.AUDITOR)
    await page_session(client, session, "kiem.toan.kenh")
    vi = await client.get("/officer/audit")
    assert vi.status_code == 200, vi.text
    assert UNKNOWN_CHANNEL_VI in vi.text and "enum.channel." not in vi.text
    client.cookies.set("lang", "en")
    en = await client.get("/officer/audit")
    assert en.status_code == 200 and UNKNOWN_CHANNEL_EN in en.text


async def test_a_proof_carries_the_stored_group_and_channel_and_verifies(
    client: httpx.AsyncClient, session: AsyncSession, people: list[int]
) -> None:
    await _foreign_then_known(session, people[0])
    await create_checkpoint(session)
    proof = await build_proof(session, people[0])
    assert verify_proof(proof, await public_keys(session))["sealed_entries"] == 3
    assert [(e["content"]["actor_group"], e["content"]["channel"]) for e in proof["entries"]] == [
        (FUTURE_GROUP, "direct"),
        ("k1", FUTURE_CHANNEL),
        ("k2", "portal"),
    ]
    me = await citizen_headers(client, session, people[0])
    own = await client.get("/api/v1/audit/proof", headers=me)
    assert own.status_code == 200, own.text
    assert verify_proof(own.json()["proof"], own.json()["public_keys"])["sealed"]


# --- Archives (PostgreSQL: SQLite keeps the log in one table) -------------------------------------


def test_a_month_with_an_unknown_group_and_channel_is_archived_and_verifies(
    scratch: str, backend: str, tmp_path: Path
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite keeps the log in one table: nothing is archived")
    (group, channel), lines = archive_and_verify(
        lambda: _committed_foreign(scratch, citizen_ids(scratch)[0]), tmp_path / "arch"
    )
    assert (lines[group]["actor_group"], lines[channel]["channel"]) == (FUTURE_GROUP, FUTURE_CHANNEL)
