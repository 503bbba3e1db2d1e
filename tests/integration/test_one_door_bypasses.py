"""Indirect paths to personal data are refused like direct ones: every person a request touches is
checked, and a refusal writes nothing, returns nothing and logs nothing as if it were allowed.

Each test replays one bypass found against the register: a relation (and the representation it
sets up) reaching a person outside the officer's territory, a household answer listing people
outside it, a birth writing into a parent's record elsewhere, and a request for a sensitive field
outside the requester's mandate ∩ scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.enums.registry import ChangeKind, Item, Source
from dancu.registry.actions.core import Change, Provenance, write
from dancu.registry.queries import citizen_by_pin
from tests.integration.request_support import request_body, subject
from tests.support.builders import (
    DOB,
    PASSWORD,
    STRANGER_NAME,
    SYSTEM,
    bearer_for,
    birth_body,
    c06,
    citizen_headers,
    dossier,
    make_officer,
    member,
    organisation,
    person,
    registrar,
    stranger_birth,
)
from tests.support.counts import written


@dataclass
class World:
    c06: dict[str, str]
    commune: dict[str, str]  # Công an Phường Hoàn Kiếm
    inside: str  # a resident of Hoàn Kiếm
    neighbour: str  # another resident of Hoàn Kiếm
    stranger: str  # a resident of Hồ Chí Minh


@pytest.fixture
async def world(client: httpx.AsyncClient, session: AsyncSession) -> World:
    national = await c06(client, session)
    born = await client.post("/api/v1/registry/births", json=stranger_birth(), headers=national)
    assert born.status_code == 201, born.text
    stranger = str(born.json()["pin"])
    _, password = await make_officer(
        session, username="xa.hoankiem", role=OfficerRole.COMMUNE_POLICE, unit_code="00070"
    )
    return World(
        c06=national,
        commune=await bearer_for(client, "xa.hoankiem", password),
        inside=await person(client, national),
        neighbour=await person(client, national, full_name={"family": "Lê", "middle": "Văn", "given": "Tám"}),
        stranger=stranger,
    )


def _refused(response: httpx.Response, status: int = 403) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert STRANGER_NAME not in response.text
    body: dict[str, Any] = response.json()
    return body


def _fields(problem: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["field"], e["rule"]) for e in problem.get("errors", [])]


# --- a. relations and representation -----------------------------------------------------------


@pytest.mark.parametrize("role", ["represented_person", "legal_representative", "child", "wife"])
async def test_a_relation_with_a_person_outside_the_territory_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, world: World, role: str
) -> None:
    before = await written(session)
    response = await client.post(
        f"/api/v1/registry/citizens/{world.inside}/relations",
        json={"role": role, "relative_pin": world.stranger, **dossier()},
        headers=world.commune,
    )
    problem = _refused(response)
    assert _fields(problem) == [("relative_pin", "auth.out_of_territory")]
    assert world.stranger not in str(problem.get("title"))
    assert await written(session) == before


async def test_a_relation_inside_the_territory_is_still_recorded_both_ways(
    client: httpx.AsyncClient, world: World
) -> None:
    response = await client.post(
        f"/api/v1/registry/citizens/{world.inside}/relations",
        json={"role": "represented_person", "relative_pin": world.neighbour, **dossier()},
        headers=world.commune,
    )
    assert response.status_code == 204, response.text
    back = await client.get(f"/api/v1/registry/citizens/{world.neighbour}", headers=world.commune)
    roles = {r["role"] for r in back.json()["keyed"]["relation"].values()}
    assert "legal_representative" in roles


async def test_a_one_sided_representation_link_shows_the_citizen_nothing(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    """A link in the stranger's record naming the citizen as legal representative (as the bypass
    left behind) without the citizen's record naming the stranger back represents no one."""
    citizen = await citizen_by_pin(session, world.inside)
    stranger = await citizen_by_pin(session, world.stranger)
    link = {"role": "legal_representative", "full_name": citizen.full_name, "nationality": "VN"}
    link |= {"citizen_id": citizen.id, "pin": citizen.pin}
    await write(
        session,
        stranger,
        [Change(Item.RELATION, link, key=f"legal_representative:{citizen.id}", ref_id=citizen.id)],
        kind=ChangeKind.UPDATE,
        provenance=Provenance(source=Source.CIVIL_STATUS),
        actor=SYSTEM,
        event_type=EventType.RELATION_CHANGED,
    )
    stranger_id = stranger.id
    headers = await citizen_headers(client, session, citizen.id)
    await session.commit()
    before = await written(session)
    for suffix in ("", "/history"):
        response = await client.get(
            f"/app/for/{stranger_id}{suffix}", headers={**headers, "Accept": "application/json"}
        )
        assert _refused(response)["code"] == "eid.not_representative"
        assert world.stranger not in response.text
    home = await client.get("/app", headers=headers)
    assert home.status_code == 200 and f"/app/for/{stranger_id}" not in home.text
    assert STRANGER_NAME not in home.text
    assert await written(session) == before | {
        "event:registry.citizen_viewed": before.get("event:registry.citizen_viewed", 0) + 1  # own home page
    }


# --- b. households --------------------------------------------------------------------------------


async def _household(client: httpx.AsyncClient, headers: dict[str, str], head: str) -> str:
    created = await client.post(
        "/api/v1/registry/households",
        json={"head_pin": head, "on": "2010-01-01", **dossier()},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    return str(created.json()["number"])


async def test_moving_someone_into_a_household_outside_the_territory_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    number = await _household(client, world.c06, world.stranger)
    before = await written(session)
    move = {"pin": world.inside, "relation_to_head": "other", "on": "2024-01-01", **dossier()}
    response = await client.post(
        f"/api/v1/registry/households/{number}/members", json=move, headers=world.commune
    )
    assert world.stranger not in _refused(response).get("detail", "")
    assert world.stranger not in response.text
    for path, body in (
        ("head", {"new_head_pin": world.inside, "old_head_relation": "other", "on": "2024-01-01"}),
        ("split", {"new_head_pin": world.inside, "members": {}, "on": "2024-01-01"}),
    ):
        other = await client.post(
            f"/api/v1/registry/households/{number}/{path}", json=body | dossier(), headers=world.commune
        )
        _refused(other)
        assert world.stranger not in other.text
    assert await written(session) == before


async def _reads_of(session: AsyncSession, pin: str) -> int:
    citizen = await citizen_by_pin(session, pin)
    query = select(func.count()).where(
        Event.event_type == EventType.CITIZEN_VIEWED, Event.subject_citizen_id == citizen.id
    )
    return int(await session.scalar(query) or 0)


async def test_a_household_answer_logs_a_read_of_every_member_it_shows(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    number = await _household(client, world.commune, world.inside)
    head_reads = await _reads_of(session, world.inside)
    move = {"pin": world.neighbour, "relation_to_head": "sibling", "on": "2024-01-01", **dossier()}
    response = await client.post(
        f"/api/v1/registry/households/{number}/members", json=move, headers=world.commune
    )
    assert response.status_code == 200, response.text
    assert {m["pin"] for m in response.json()["members"]} == {world.inside, world.neighbour}
    assert await _reads_of(session, world.inside) == head_reads + 1
    assert await _reads_of(session, world.neighbour) == 1


# --- c. births ------------------------------------------------------------------------------------


@pytest.mark.parametrize("parent", ["father", "mother", "legal_representative"])
async def test_a_birth_naming_a_parent_from_another_province_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, world: World, parent: str
) -> None:
    before = await written(session)
    body = birth_body(**{parent: {"pin": world.stranger}})
    response = await client.post("/api/v1/registry/births", json=body, headers=world.commune)
    assert _fields(_refused(response)) == [(f"{parent}.pin", "auth.out_of_territory")]
    assert await written(session) == before
    # The civil-status data the law asks for (name and nationality) can still be given.
    by_name = birth_body(**{parent: {"full_name": STRANGER_NAME, "nationality": "VN"}})
    assert (
        await client.post("/api/v1/registry/births", json=by_name, headers=world.commune)
    ).status_code == 201


async def test_a_birth_into_a_household_outside_the_territory_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    number = await _household(client, world.c06, world.stranger)
    before = await written(session)
    body = birth_body(household_number=number, relation_to_head="grandchild")
    response = await client.post("/api/v1/registry/births", json=body, headers=world.commune)
    assert _fields(_refused(response)) == [("household_number", "auth.out_of_territory")]
    assert await written(session) == before


# --- d. fields of a request: mandate ∩ scope, sensitive ones included --------------------------


async def _religion_agency(
    client: httpx.AsyncClient, operator: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """A k1 body whose mandate names religion, and its admin (scope = the whole mandate)."""
    named = await organisation(
        client,
        operator,
        "ubdt.admin",
        mandate=["full_name", "date_of_birth", "pin", "religion"],
        sensitive_basis="Luật Bảo vệ dữ liệu cá nhân 2025 Điều 4; công tác tôn giáo",
    )
    return named, await bearer_for(client, "ubdt.admin", PASSWORD)


async def test_a_request_for_a_sensitive_field_outside_mandate_or_scope_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    operator = await registrar(client, session)
    named, admin = await _religion_agency(client, operator)
    staff = await member(
        client, session, admin, named["organisation_id"], "ubdt.cb", ["full_name", "date_of_birth"]
    )
    unnamed = await organisation(client, operator, "so.admin")  # a k1 mandate without religion
    agency = await bearer_for(client, "so.admin", PASSWORD)
    asked = request_body([subject(world.inside, dob=DOB)], ["religion"])
    before = await written(session)
    for headers in (staff, agency):
        response = await client.post("/api/v1/requests", json=asked, headers=headers)
        problem = _refused(response, 422)
        assert problem["code"] == "request.field_not_allowed"
        assert _fields(problem) == [("fields", "request.outside_mandate")]
    paper = request_body(
        [subject(world.inside, dob=DOB) | {"paper_consent": "dc02_signature"}],
        ["religion"],
        organisation_id=unnamed["organisation_id"],
        document_number="CV-7/2026",
    )
    response = await client.post("/api/v1/officer/requests/written", json=paper, headers=world.commune)
    assert _fields(_refused(response, 422)) == [("fields", "request.outside_mandate")]
    assert await written(session) == before
    # Within mandate ∩ scope the same staff member is served.
    allowed = request_body([subject(world.inside, dob=DOB)], ["full_name"])
    assert (await client.post("/api/v1/requests", json=allowed, headers=staff)).status_code == 201


async def test_a_delivery_holds_only_the_collecting_members_fields(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    """The admin files for name and religion; a staff member scoped to the name cannot collect it."""
    operator = await registrar(client, session)
    named, admin = await _religion_agency(client, operator)
    staff = await member(client, session, admin, named["organisation_id"], "ubdt.cb", ["full_name"])
    _, password = await make_officer(
        session, username="pc06.hanoi", role=OfficerRole.PROVINCIAL_POLICE, unit_code="01"
    )
    province = await bearer_for(client, "pc06.hanoi", password)
    filed = await client.post(
        "/api/v1/requests",
        json=request_body([subject(world.inside, dob=DOB)], ["full_name", "religion"]),
        headers=admin,
    )
    assert filed.status_code == 201, filed.text
    ref = filed.json()["ref"]
    approved = await client.post(f"/api/v1/officer/requests/{ref}/approve", json={}, headers=province)
    assert approved.status_code == 200, approved.text
    before = await written(session)
    refused = await client.post(f"/api/v1/requests/{ref}/delivery", headers=staff)
    assert _refused(refused)["code"] == "access.fields_outside_scope"
    assert "values" not in refused.text
    assert await written(session) == before
    delivered = await client.post(f"/api/v1/requests/{ref}/delivery", headers=admin)
    assert delivered.status_code == 201, delivered.text
    again = await client.get(f"/api/v1/requests/{ref}/delivery", headers=staff)
    assert _refused(again)["code"] == "access.fields_outside_scope"
