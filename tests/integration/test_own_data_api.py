"""The identity app's JSON API for a citizen's own data and a represented person's: the values the
/app pages show, each read logged in the person's log in the identity app's channel naming the
caller; nobody else's data, whatever id is asked for. (Who is refused: test_personal_data_routes.)"""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.groups import Channel
from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.audit.verify import verify_log
from dancu.identity.models import Account
from dancu.identity.use_cases import REPRESENTATIVE_PURPOSE
from dancu.registry.queries import citizen_by_pin
from tests.integration.test_identity_eid import collect_adult
from tests.support.builders import born_aged, child_of, citizen_headers, issue_headers, make_officer


@pytest.fixture
async def officer(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    await make_officer(session, username="xa.api", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
    return await issue_headers(session, "xa.api")


async def _reads(session: AsyncSession, citizen_id: int) -> list[Event]:
    viewed = select(Event).where(
        Event.event_type == EventType.CITIZEN_VIEWED, Event.subject_citizen_id == citizen_id
    )
    return list(await session.scalars(viewed.order_by(Event.id)))


async def test_a_citizen_reads_their_record_and_history_and_each_read_is_logged(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    person = await collect_adult(client, officer)
    citizen = await citizen_by_pin(session, person["pin"])
    headers = await citizen_headers(client, session, citizen.id)

    record = await client.get("/api/v1/eid/me/record", headers=headers)
    assert record.status_code == 200, record.text
    body = record.json()
    assert body["pin"] == person["pin"] and body["citizen_id"] == citizen.id
    assert body["items"]["full_name"] == {"family": "Trần", "middle": "Thị", "given": "Lan"}
    assert body["items"]["date_of_birth"] == "1990-05-17"
    (read,) = await _reads(session, citizen.id)
    assert read.channel is Channel.IDENTITY_APP and read.actor_account_id is not None
    assert {"full_name", "date_of_birth"} <= set(read.fields or [])
    # Again, with the caller's actor kept: on PostgreSQL the hot path answers (lookup/hot_own_record.py),
    # the same answer with the same entry.
    again = await client.get("/api/v1/eid/me/record", headers=headers)
    assert again.status_code == 200
    assert again.json() | {"known_at": None} == body | {"known_at": None}  # known at each read's instant
    first, second = await _reads(session, citizen.id)
    same = ("actor_account_id", "actor_label", "channel", "purpose", "fields", "actor_group", "legal_basis")
    assert [getattr(second, a) for a in same] == [getattr(first, a) for a in same]

    history = await client.get("/api/v1/eid/me/history", headers=headers)
    assert history.status_code == 200, history.text
    facts = history.json()
    assert any(f["item"] == "full_name" and f["value"]["given"] == "Lan" for f in facts)
    assert len(await _reads(session, citizen.id)) == 3
    assert (await client.get("/api/v1/eid/me/represented", headers=headers)).json() == []

    assert (await client.get("/api/v1/eid/me/record")).status_code == 401
    assert (await verify_log(session)).ok


async def test_a_parent_reads_a_child_under_14_and_the_childs_log_names_the_parent(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    mother = await collect_adult(client, officer)
    stranger = await collect_adult(client, officer, given="Hoa", mobile="0987654321", card="001190054321")
    child = await citizen_by_pin(
        session, await child_of(client, officer, mother["pin"], born_on=born_aged(6))
    )
    mother_id = (await citizen_by_pin(session, mother["pin"])).id
    headers = await citizen_headers(client, session, mother_id)
    account = await session.scalar(select(Account.id).where(Account.citizen_id == mother_id))

    listed = await client.get("/api/v1/eid/me/represented", headers=headers)
    assert listed.status_code == 200, listed.text
    (entry,) = listed.json()
    assert entry["citizen_id"] == child.id and entry["basis"] == "parent"
    assert entry["full_name"] == child.full_name
    assert entry["account_status"] is None  # no e-ID account asked for yet
    # The list shows the child's name: the child's log says the mother read it.
    (named,) = await _reads(session, child.id)
    assert named.fields == ["full_name"] and named.purpose == REPRESENTATIVE_PURPOSE

    record = await client.get(f"/api/v1/eid/represented/{child.id}/record", headers=headers)
    assert record.status_code == 200, record.text
    assert record.json()["pin"] == child.pin
    history = await client.get(f"/api/v1/eid/represented/{child.id}/history", headers=headers)
    assert history.status_code == 200 and history.json()
    reads = await _reads(session, child.id)
    assert len(reads) == 3
    assert [(r.actor_account_id, r.channel) for r in reads] == [(account, Channel.IDENTITY_APP)] * 3

    # The stranger exists and is nobody's child here; an id nobody holds answers the same.
    stranger_id = (await citizen_by_pin(session, stranger["pin"])).id
    for other in (stranger_id, 999_999):
        for suffix in ("record", "history"):
            refused = await client.get(f"/api/v1/eid/represented/{other}/{suffix}", headers=headers)
            assert refused.status_code == 403 and refused.json()["code"] == "eid.not_representative"
            assert stranger["pin"] not in refused.text
    assert await _reads(session, stranger_id) == []
    bad = await client.get("/api/v1/eid/represented/0/record", headers=headers)
    assert bad.status_code == 422 and "person_id" in bad.text
    assert (await verify_log(session)).ok
