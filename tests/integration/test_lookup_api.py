"""k1 lookup by name + date of birth + PIN (NĐ 70 Điều 10 khoản 1) and yes/no verification (B7)."""

from __future__ import annotations

import unicodedata
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.audit.models import Event, EventType
from dancu.registry.models import Citizen
from dancu.web import deps
from dancu.web.deps import register_bearer_authenticator
from tests.support.builders import (
    DOB,
    NAME,
    c06,
    citizen_headers,
    dossier,
    issue_headers,
    member,
    organisation,
    person,
    registrar,
)


class World:
    def __init__(
        self,
        pin: str,
        officer: dict[str, str],
        agency: dict[str, str],
        org: dict[str, Any],
        admin: dict[str, str],
    ) -> None:
        self.pin, self.officer, self.agency, self.org, self.admin = pin, officer, agency, org, admin


@pytest.fixture
async def world(client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch) -> World:
    officer = await c06(client, session)
    pin = await person(client, officer)
    org = await organisation(client, await registrar(client, session), "bo.ldtbxh")
    admin = await issue_headers(session, "bo.ldtbxh")
    staff = await member(
        client,
        session,
        admin,
        org["organisation_id"],
        "bo.ldtbxh.cb",
        ["full_name", "date_of_birth", "pin", "sex"],
    )
    return World(pin, officer, staff, org, admin)


def ask(pin: str, name: str = NAME, dob: str = DOB, **extra: Any) -> dict[str, Any]:
    return {"full_name": name, "date_of_birth": dob, "pin": pin, "purpose": "Xét trợ cấp xã hội", **extra}


async def test_lookup_answers_only_the_members_fields_and_logs_it(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    response = await client.post(
        "/api/v1/lookup", json=ask(world.pin, staff_id="CB-17"), headers=world.agency
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body["fields"]) == {"full_name", "date_of_birth", "pin", "sex"}
    assert body["fields"]["pin"] == world.pin
    event = await session.get(Event, body["receipt"])
    assert event is not None and event.event_type is EventType.CITIZEN_VIEWED
    assert event.subject_citizen_id is not None
    assert event.fields == ["date_of_birth", "full_name", "pin", "sex"]
    assert event.purpose == "Xét trợ cấp xã hội"
    assert event.organisation_id == world.org["organisation_id"]
    assert event.legal_basis == world.org["legal_basis"]
    assert event.data["staff_id"] == "CB-17"
    assert event.channel == "portal"


@pytest.mark.parametrize(
    "name",
    [
        "NGUYỄN MINH KHANG",  # as printed on the card
        "  Nguyễn   Minh Khang ",
        unicodedata.normalize("NFD", NAME),  # decomposed diacritics
    ],
)
async def test_name_matches_after_nfc_whitespace_and_case(
    client: httpx.AsyncClient, world: World, name: str
) -> None:
    response = await client.post("/api/v1/lookup", json=ask(world.pin, name=name), headers=world.agency)
    assert response.status_code == 200, response.text


async def test_either_tone_mark_placement_matches_but_unaccented_does_not(
    client: httpx.AsyncClient, world: World
) -> None:
    """Both spellings of "Thùy"/"Thuỳ" are in everyday use on cards and in agencies' records."""
    full_name = {"family": "Hồ", "middle": "Thùy", "given": "Thoa"}
    pin = await person(client, world.officer, full_name=full_name)
    for typed, status in [("Hồ Thuỳ Thoa", 200), ("HỒ THÙY THOA", 200), ("Ho Thuy Thoa", 404)]:
        response = await client.post("/api/v1/lookup", json=ask(pin, name=typed), headers=world.agency)
        assert response.status_code == status, (typed, response.text)


@pytest.mark.parametrize(
    "change",
    [
        {"name": "Nguyen Minh Khang"},  # diacritics are significant
        {"name": "Nguyễn Minh Khanh"},
        {"dob": "1985-07-08"},
        {"dob": "1985"},
        {"pin": "001085999999"},
    ],
)
async def test_any_mismatch_is_the_same_404(
    client: httpx.AsyncClient, session: AsyncSession, world: World, change: dict[str, str]
) -> None:
    before = len((await session.scalars(select(Event.id))).all())
    body = ask(change.get("pin", world.pin), name=change.get("name", NAME), dob=change.get("dob", DOB))
    response = await client.post("/api/v1/lookup", json=body, headers=world.agency)
    assert response.status_code == 404
    assert response.json()["code"] == "lookup.no_match"
    assert len((await session.scalars(select(Event.id))).all()) == before  # nothing was released


async def test_a_cancelled_pin_still_finds_its_owner(client: httpx.AsyncClient, world: World) -> None:
    adjust = {"item": "sex", "value": "2", "reason": "Xác định lại giới tính", "proof": "QĐ 9", **dossier()}
    url = f"/api/v1/registry/citizens/{world.pin}"
    assert (await client.post(f"{url}/adjustments", json=adjust, headers=world.officer)).status_code == 204
    new = await client.post(
        f"{url}/pin-reestablishment",
        json={"ground": "forged_documents", **dossier()},
        headers=world.officer,
    )
    assert new.status_code == 200, new.text
    response = await client.post("/api/v1/lookup", json=ask(world.pin), headers=world.agency)
    assert response.status_code == 200
    assert response.json()["fields"]["pin"] == new.json()["pin"]


async def test_fields_outside_the_scope_are_refused_by_name(client: httpx.AsyncClient, world: World) -> None:
    body = ask(world.pin, fields=["full_name", "permanent_residence", "ethnicity"])
    response = await client.post("/api/v1/lookup", json=body, headers=world.agency)
    assert response.status_code == 403
    assert response.json()["code"] == "access.fields_outside_scope"
    assert "ethnicity" in response.json()["title"] and "permanent_residence" in response.json()["title"]
    narrow = await client.post("/api/v1/lookup", json=ask(world.pin, fields=["sex"]), headers=world.agency)
    assert set(narrow.json()["fields"]) == {"sex"}


async def test_batch_gives_one_receipt_per_person_found(client: httpx.AsyncClient, world: World) -> None:
    other = await person(
        client, world.officer, full_name={"family": "Trần", "middle": "Thị", "given": "Mai"}, sex="2"
    )
    subjects = [
        {"full_name": NAME, "date_of_birth": DOB, "pin": world.pin},
        {"full_name": "Nobody", "date_of_birth": DOB, "pin": world.pin},
        {"full_name": "Trần Thị Mai", "date_of_birth": DOB, "pin": other},
    ]
    response = await client.post(
        "/api/v1/lookup/batch",
        json={"subjects": subjects, "purpose": "Đối soát", "fields": ["full_name"]},
        headers=world.agency,
    )
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["found"] for r in results] == [True, False, True]
    assert results[0]["receipt"] != results[2]["receipt"] and results[1]["receipt"] is None
    assert results[2]["fields"] == {"full_name": {"family": "Trần", "middle": "Thị", "given": "Mai"}}
    too_many = {"subjects": subjects * 34, "purpose": "Đối soát"}
    assert (await client.post("/api/v1/lookup/batch", json=too_many, headers=world.agency)).status_code == 422


async def test_machine_client_uses_the_direct_channel(
    client: httpx.AsyncClient, session: AsyncSession, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stand-in for the OIDC provider's machine-client tokens, removed again after the test.
    monkeypatch.setattr(deps, "_bearer_authenticators", list(deps._bearer_authenticators))
    groups = {"k1-machine": ActorGroup.K1, "k2-machine": ActorGroup.K2}

    async def machine(_: AsyncSession, token: str) -> Actor | None:
        if token not in groups:
            return None
        return Actor.org_member(
            account_id=None,  # type: ignore[arg-type]
            label="Hệ thống BHXH",
            group=groups[token],
            organisation_id=world.org["organisation_id"],
            organisation_name="BHXH",
            fields=frozenset({"full_name", "pin"}),
            channel=Channel.DIRECT,
        )

    register_bearer_authenticator(machine)
    machine_headers = {"Authorization": "Bearer k1-machine"}
    # A system is not a person: it must name the agency's staff member who asks.
    anonymous = await client.post("/api/v1/lookup", json=ask(world.pin), headers=machine_headers)
    assert anonymous.status_code == 422
    assert anonymous.json()["errors"][0] == {
        "field": "staff_id",
        "rule": "lookup.staff_id_required",
        "message": anonymous.json()["errors"][0]["message"],
    }
    ok = await client.post(
        "/api/v1/lookup", json=ask(world.pin, staff_id="BHXH-0042"), headers=machine_headers
    )
    assert ok.status_code == 200, ok.text
    assert set(ok.json()["fields"]) == {"full_name", "pin"}
    assert ok.json()["staff_id"] == "BHXH-0042"
    event = await session.get(Event, ok.json()["receipt"])
    assert event is not None and event.channel == "direct"
    assert event.data["staff_id"] == "BHXH-0042"
    # k2 may not use a direct connection at all (Luật Điều 10 khoản 5 điểm a), not even for yes/no.
    question = {"question": "age_at_least", "pin": world.pin, "years": 18, "purpose": "Mở tài khoản"}
    refused = await client.post(
        "/api/v1/verify", json=question, headers={"Authorization": "Bearer k2-machine"}
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "access.channel_not_allowed"


async def _verify(client: httpx.AsyncClient, headers: dict[str, str], **question: Any) -> httpx.Response:
    return await client.post(
        "/api/v1/verify", json={"purpose": "Kiểm tra điều kiện", **question}, headers=headers
    )


async def test_verify_identity_match_answers_yes_or_no_only(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    common = {"question": "identity_match", "pin": world.pin, "date_of_birth": DOB}
    yes = await _verify(client, world.agency, full_name="NGUYỄN MINH KHANG", **common)
    assert yes.status_code == 200, yes.text
    assert set(yes.json()) == {"answer", "receipt"} and yes.json()["answer"] is True
    no = await _verify(client, world.agency, full_name="Nguyễn Minh Khôi", **common)
    assert no.json()["answer"] is False
    unknown = await _verify(client, world.agency, **{**common, "pin": "001085999999", "full_name": NAME})
    assert unknown.status_code == 200 and unknown.json()["answer"] is False
    event = await session.get(Event, yes.json()["receipt"])
    assert event is not None and event.subject_citizen_id is not None
    assert event.fields == ["date_of_birth", "full_name", "pin"]
    assert event.data["question"] == "identity_match"


@pytest.mark.parametrize(
    ("years", "on", "answer"),
    [(18, None, True), (41, "2026-07-06", False), (41, "2026-07-07", True), (120, None, False)],
)
async def test_verify_age_at_least(
    client: httpx.AsyncClient, world: World, years: int, on: str | None, answer: bool
) -> None:
    question: dict[str, Any] = {"question": "age_at_least", "pin": world.pin, "years": years}
    if on:
        question["on"] = on
    response = await _verify(client, world.agency, **question)
    assert response.status_code == 200, response.text
    assert response.json()["answer"] is answer


@pytest.mark.parametrize(
    ("unit_code", "unit_version", "answer"),
    [
        ("00070", "2025", True),  # Phường Hoàn Kiếm
        ("01", "2025", True),  # Hà Nội
        ("00004", "2025", False),  # Phường Ba Đình
        ("79", "2025", False),  # Hồ Chí Minh
        ("002", "pre2025", False),  # an old district: no exact mapping to a 2025 commune
    ],
)
async def test_verify_permanent_residence_in(
    client: httpx.AsyncClient, world: World, unit_code: str, unit_version: str, answer: bool
) -> None:
    response = await _verify(
        client,
        world.admin,  # the mandate holds the permanent residence; the staff member's scope does not
        question="permanent_residence_in",
        pin=world.pin,
        unit_code=unit_code,
        unit_version=unit_version,
    )
    assert response.status_code == 200, response.text
    assert response.json()["answer"] is answer


async def test_verify_consults_only_fields_within_the_members_scope(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    """The answer is derived from the permanent residence: outside the member's scope, it is refused
    and nothing is logged."""
    before = await session.scalar(select(func.count()).select_from(Event))
    response = await _verify(
        client,
        world.agency,
        question="permanent_residence_in",
        pin=world.pin,
        unit_code="01",
        unit_version="2025",
    )
    assert response.status_code == 403 and response.json()["code"] == "access.fields_outside_scope"
    assert "permanent_residence" in response.json()["title"]
    assert await session.scalar(select(func.count()).select_from(Event)) == before


async def test_verify_unknown_unit_or_person(client: httpx.AsyncClient, world: World) -> None:
    bad_unit = await _verify(
        client,
        world.admin,
        question="permanent_residence_in",
        pin=world.pin,
        unit_code="99999",
        unit_version="2025",
    )
    assert bad_unit.status_code == 422
    # domain.md §3.7: "one answer shape for no match, unknown PIN and no consent, so that existence
    # leaks nothing" — an unknown PIN is a plain "no", never a 404.
    nobody = await _verify(client, world.agency, question="age_at_least", pin="001085999999", years=18)
    assert nobody.status_code == 200 and nobody.json()["answer"] is False


async def test_the_citizens_tracker_shows_the_agency_lookup(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    response = await client.post(
        "/api/v1/lookup", json=ask(world.pin, fields=["full_name", "sex"]), headers=world.agency
    )
    assert response.status_code == 200, response.text
    citizen_id = await session.scalar(select(Citizen.id).where(Citizen.pin == world.pin))
    assert citizen_id is not None
    tracker = (
        await client.get("/api/v1/audit/tracker", headers=await citizen_headers(client, session, citizen_id))
    ).json()
    lookups = [e for e in tracker["entries"] if e["organisation_id"] == world.org["organisation_id"]]
    assert len(lookups) == 1
    assert lookups[0]["organisation_label"] == world.org["name"]
    assert sorted(lookups[0]["fields"]) == ["full_name", "sex"]
    assert lookups[0]["purpose"] == "Xét trợ cấp xã hội"
    assert lookups[0]["actor_group"] == "k1"
