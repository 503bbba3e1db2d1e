"""The access log on both engines: chained writes, checkpoints, proofs, the Data Tracker, its API."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.access.permissions import OfficerRole
from dancu.audit.actions import chain_count, record_event, record_read
from dancu.audit.checkpoints import create_checkpoint
from dancu.audit.models import AuditChain, Event, EventType
from dancu.audit.proof import ProofError, build_proof, public_keys, verify_proof
from dancu.audit.queries import tracker
from dancu.audit.signing import rotate_key
from dancu.audit.verify import verify_log
from dancu.clock import freeze, now_utc
from dancu.registry.models import Citizen
from dancu.seed import seed_population
from tests.support.builders import citizen_headers, issue_headers, make_officer

BANK = Actor.org_member(
    account_id=None,  # type: ignore[arg-type]
    label="nv.vietcombank",
    group=ActorGroup.K2,
    organisation_id=42,
    organisation_name="Ngân hàng TMCP Ngoại thương Việt Nam",
    fields=frozenset({"full_name", "dob"}),
    channel=Channel.EID_PLATFORM,
)
POLICE = Actor(label="dieu.tra", group=ActorGroup.K1, channel=Channel.DIRECT, organisation_name="C01")


@pytest.fixture
async def people(session: AsyncSession, system_actor: Actor) -> list[int]:
    await seed_population(session, citizens=12, seed=3, actor=system_actor)
    return list(await session.scalars(select(Citizen.id).order_by(Citizen.id).limit(3)))


async def test_every_write_and_read_is_chained_and_verifies(
    session: AsyncSession, system_actor: Actor, people: list[int]
) -> None:
    first, second, _ = people
    await record_read(session, actor=BANK, citizen_id=first, fields=["full_name", "dob"], purpose="eKYC")
    await record_read(
        session, actor=system_actor, citizen_id=second, fields=["pin"], purpose="x", channel="cli"
    )
    await record_event(session, EventType.ITEM_UPDATED, actor=system_actor, subject_citizen_id=first)
    events = list(await session.scalars(select(Event).order_by(Event.id)))
    assert {e.chain for e in events if e.subject_citizen_id == first} == {first % chain_count()}
    read = next(e for e in events if e.actor_label == "nv.vietcombank")
    assert (read.actor_group, read.channel, read.organisation_label, read.fields, read.purpose) == (
        ActorGroup.K2, Channel.EID_PLATFORM, BANK.organisation_name, ["dob", "full_name"], "eKYC",
    )  # fmt: skip
    mine = [e for e in events if e.subject_citizen_id == first]
    assert mine[0].subject_prev_hash == "0" * 64 and mine[1].subject_prev_hash == mine[0].entry_hash
    heads = {c.chain: c for c in await session.scalars(select(AuditChain))}
    for event in events:
        assert heads[event.chain].seq >= event.seq
    report = await verify_log(session)
    assert report.ok, report.as_dict()
    assert report.entries == len(events)


async def test_checkpoint_signs_heads_and_rotation_keeps_old_keys(
    session: AsyncSession, system_actor: Actor, people: list[int]
) -> None:
    await record_read(session, actor=BANK, citizen_id=people[0], fields=["dob"], purpose="eKYC")
    one = await create_checkpoint(session)
    old_key = one.key_id
    await rotate_key(session)
    await record_read(session, actor=BANK, citizen_id=people[0], fields=["dob"], purpose="eKYC")
    two = await create_checkpoint(session)
    assert two.key_id != old_key and two.prev_checkpoint_hash == one.checkpoint_hash
    assert set(await public_keys(session)) >= {old_key, two.key_id}
    report = await verify_log(session)
    assert report.ok and report.checkpoints == 2, report.as_dict()


async def test_proof_for_a_person_and_its_failure_when_an_entry_is_missing(
    session: AsyncSession, system_actor: Actor, people: list[int]
) -> None:
    first, second, third = people
    for who, actor in ((first, BANK), (second, BANK), (first, POLICE), (third, BANK), (first, BANK)):
        await record_read(session, actor=actor, citizen_id=who, fields=["dob"], purpose="p")
    await create_checkpoint(session)
    await record_read(session, actor=BANK, citizen_id=first, fields=["dob"], purpose="after the seal")
    proof = await build_proof(session, first)
    keys = await public_keys(session)
    assert verify_proof(proof, keys) == {
        "sealed": True, "checkpoint": proof["checkpoint"]["id"], "sealed_entries": 3, "unsealed_entries": 1,
    }  # fmt: skip
    proof["entries"].pop(1)
    proof["sealed_count"] = 2
    with pytest.raises(ProofError):
        verify_proof(proof, keys)


async def test_deferred_entries_are_redacted_in_the_citizens_proof(
    session: AsyncSession, people: list[int]
) -> None:
    later = dt.date(2099, 1, 1)
    await record_read(session, actor=POLICE, citizen_id=people[0], fields=["dob"], purpose="điều tra",
                      disclosure_after=later)  # fmt: skip
    await record_read(session, actor=BANK, citizen_id=people[0], fields=["dob"], purpose="eKYC")
    await create_checkpoint(session)
    proof = await build_proof(session, people[0], redact_before=dt.date(2030, 1, 1))
    assert proof["entries"][0]["redacted"] and "content" not in proof["entries"][0]
    assert verify_proof(proof, await public_keys(session))["sealed_entries"] == 2


async def test_tracker_newest_first_deferred_and_own_reads_hidden(
    session: AsyncSession, people: list[int]
) -> None:
    citizen = people[0]
    me = Actor.citizen(account_id=None, label="toi", citizen_id=citizen, eid_level="2")  # type: ignore[arg-type]
    with freeze(dt.datetime(2026, 5, 1, 3, tzinfo=dt.UTC)):
        await record_read(session, actor=BANK, citizen_id=citizen, fields=["dob"], purpose="eKYC",
                          legal_basis="Luật Căn cước Điều 10 khoản 8", consent_ref="CONSENT-1")  # fmt: skip
        await record_read(session, actor=POLICE, citizen_id=citizen, fields=["full_name"], purpose="điều tra",
                          disclosure_after=dt.date(2026, 6, 1))  # fmt: skip
        await record_read(session, actor=me, citizen_id=citizen, fields=["dob"], purpose="xem")
        await record_read(session, actor=BANK, citizen_id=people[1], fields=["dob"], purpose="eKYC")
        await record_read(session, actor=BANK, citizen_id=citizen, fields=["pin"], purpose="eKYC 2")
    may = dt.datetime(2026, 5, 2, tzinfo=dt.UTC)
    seen = await tracker(session, citizen, now=may)
    assert [e.purpose for e in seen] == ["eKYC 2", "xem", "eKYC"]
    assert seen[2].organisation_label == "Ngân hàng TMCP Ngoại thương Việt Nam"
    assert (seen[2].legal_basis, seen[2].consent_ref, seen[2].channel) == (
        "Luật Căn cước Điều 10 khoản 8", "CONSENT-1", Channel.EID_PLATFORM,
    )  # fmt: skip
    # Account ids are None here, so mark "my" reads by the label the API would pass as account id.
    june = dt.datetime(2026, 5, 31, 17, 0, tzinfo=dt.UTC)  # 1 June 00:00 in Viet Nam
    assert [e.purpose for e in await tracker(session, citizen, now=june)] == [
        "eKYC 2",
        "xem",
        "điều tra",
        "eKYC",
    ]
    page = await tracker(session, citizen, now=june, limit=2)
    rest = await tracker(session, citizen, now=june, limit=2, before_id=page[-1].id)
    assert [e.purpose for e in page + rest] == ["eKYC 2", "xem", "điều tra", "eKYC"]


async def test_tracker_leaves_out_the_citizens_own_reads(
    session: AsyncSession, system_actor: Actor, people: list[int]
) -> None:
    account_id, _ = await make_officer(session, username="tracker.self", role=OfficerRole.AUDITOR)
    me = Actor.citizen(account_id=account_id, label="toi", citizen_id=people[0], eid_level="2")
    await record_read(session, actor=me, citizen_id=people[0], fields=["dob"], purpose="xem")
    await record_event(session, EventType.ITEM_UPDATED, actor=me, subject_citizen_id=people[0], purpose="sửa")
    seen = await tracker(session, people[0], now=now_utc(), own_account_id=account_id)
    assert [e.purpose for e in seen] == ["sửa"]


# --- API -----------------------------------------------------------------------------------------


async def test_tracker_and_proof_api(
    client: httpx.AsyncClient, session: AsyncSession, people: list[int]
) -> None:
    # The citizen and the auditor log in as themselves: their sessions carry OWN_TRACKER_READ and
    # AUDIT_VERIFY, as the routes require.
    await record_read(session, actor=BANK, citizen_id=people[0], fields=["dob"], purpose="eKYC")
    await create_checkpoint(session)
    me = await citizen_headers(client, session, people[0])
    await make_officer(session, username="kiem.toan.api", role=OfficerRole.AUDITOR)
    auditor = await issue_headers(session, "kiem.toan.api")
    body = (await client.get("/api/v1/audit/tracker", headers=me)).json()
    assert [e["organisation_label"] for e in body["entries"]] == ["Ngân hàng TMCP Ngoại thương Việt Nam"]
    own = (await client.get("/api/v1/audit/proof", headers=me)).json()
    assert verify_proof(own["proof"], own["public_keys"])["sealed"]
    pin = await session.scalar(select(Citizen.pin).where(Citizen.id == people[0]))
    response = await client.get(f"/api/v1/audit/proof/{pin}", headers=auditor)
    assert response.status_code == 200, response.text
    assert verify_proof(response.json()["proof"], response.json()["public_keys"])["sealed_entries"] >= 1


async def test_audit_api_refuses_without_permission(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_officer(session, username="c06.noaudit", role=OfficerRole.IDENTITY_AGENCY)
    headers = await issue_headers(session, "c06.noaudit")
    assert (await client.get("/api/v1/audit/tracker", headers=headers)).status_code == 403
    assert (await client.get("/api/v1/audit/proof/001190621150", headers=headers)).status_code == 403
    assert (await client.get("/api/v1/audit/tracker")).status_code == 401


async def test_an_auditor_gets_a_proof_that_verifies(
    client: httpx.AsyncClient, session: AsyncSession, people: list[int]
) -> None:
    await record_read(session, actor=BANK, citizen_id=people[0], fields=["dob"], purpose="eKYC")
    await create_checkpoint(session)
    await make_officer(session, username="kiem.toan.vien", role=OfficerRole.AUDITOR)
    headers = await issue_headers(session, "kiem.toan.vien")
    pin = await session.scalar(select(Citizen.pin).where(Citizen.id == people[0]))
    response = await client.get(f"/api/v1/audit/proof/{pin}", headers=headers)
    assert response.status_code == 200, response.text
    assert verify_proof(response.json()["proof"], response.json()["public_keys"])["sealed"]
