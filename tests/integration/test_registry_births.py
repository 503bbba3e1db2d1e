"""Birth registration and DC01 collection through the officer API; PINs; rejected input writes nothing."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.pin.rules import parse
from dancu.registry.models import Citizen, Fact, PinRecord
from tests.support.builders import BA_DINH, birth_body, collect_undetermined, issue_headers, make_officer


@pytest.fixture
async def officer(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    await make_officer(session, username="ca.hoankiem", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
    return await issue_headers(session, "ca.hoankiem")


async def _counts(session: AsyncSession) -> tuple[int, int, int, int]:
    return (
        await session.scalar(select(func.count()).select_from(Citizen)) or 0,
        await session.scalar(select(func.count()).select_from(Fact)) or 0,
        await session.scalar(select(func.count()).select_from(PinRecord)) or 0,
        await session.scalar(
            select(func.count()).select_from(Event).where(Event.event_type != EventType.LOGIN_SUCCEEDED)
        )
        or 0,
    )


async def test_birth_assigns_a_pin_consistent_with_the_record(
    client: httpx.AsyncClient, officer: dict[str, str], session: AsyncSession
) -> None:
    response = await client.post("/api/v1/registry/births", json=birth_body(), headers=officer)
    assert response.status_code == 201, response.text
    pin = response.json()["pin"]
    decoded = parse(pin)
    assert decoded.prefix == "001" and decoded.birth_year == 2026 and decoded.sex.value == "1"
    record = (await client.get(f"/api/v1/registry/citizens/{pin}", headers=officer)).json()
    assert record["items"]["full_name"] == {"family": "Nguyễn", "middle": "Minh", "given": "Khang"}
    assert record["items"]["pin"] == pin
    assert record["warnings"] == []
    assert {r["role"] for r in record["keyed"]["relation"].values()} == {"father", "mother"}
    events = await session.scalars(
        select(Event.event_type).where(Event.subject_citizen_id == record["citizen_id"])
    )
    assert EventType.BIRTH_REGISTERED in set(events)


async def test_birth_links_a_registered_parent_both_ways(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    mother = await client.post(
        "/api/v1/registry/births",
        json=birth_body(
            full_name={"family": "Trần", "middle": "Thị", "given": "Lan"}, sex="2", date_of_birth="1995-04-03"
        ),
        headers=officer,
    )
    mother_pin = mother.json()["pin"]
    child = await client.post(
        "/api/v1/registry/births", json=birth_body(mother={"pin": mother_pin}), headers=officer
    )
    child_pin = child.json()["pin"]
    child_record = (await client.get(f"/api/v1/registry/citizens/{child_pin}", headers=officer)).json()
    assert child_record["keyed"]["relation"]["mother"]["pin"] == mother_pin
    mother_record = (await client.get(f"/api/v1/registry/citizens/{mother_pin}", headers=officer)).json()
    children = [r for r in mother_record["keyed"]["relation"].values() if r["role"] == "child"]
    assert [c["pin"] for c in children] == [child_pin]


async def test_bad_unit_is_422_naming_the_field_and_writes_nothing(
    client: httpx.AsyncClient, officer: dict[str, str], session: AsyncSession
) -> None:
    before = await _counts(session)
    bad = birth_body(hometown={"unit_code": "99999", "unit_version": "2025", "detail": ""})
    response = await client.post("/api/v1/registry/births", json=bad, headers=officer)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "hometown.unit_code"
    assert await _counts(session) == before


async def test_invalid_name_and_missing_parent_are_named(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    body = birth_body(full_name={"family": "Ng4yen", "given": "An"}, father=None, mother=None)
    response = await client.post(
        "/api/v1/registry/births", json=body, headers={**officer, "Accept-Language": "en"}
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert "full_name.family" in fields


async def test_out_of_territory_birth_is_refused(client: httpx.AsyncClient, officer: dict[str, str]) -> None:
    response = await client.post(
        "/api/v1/registry/births", json=birth_body(birth_registration_place=BA_DINH), headers=officer
    )
    assert response.status_code == 403
    assert response.json()["code"] == "auth.out_of_territory"


async def test_collect_dc01_accepts_a_partial_date_of_birth(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    body = {
        "full_name": {"family": "Lê", "middle": "Văn", "given": "Tám"},
        "date_of_birth": "1948",
        "sex": "1",
        "birth_registration_place": {"unit_code": "00070", "unit_version": "2025"},
        "ethnicity": "01",
        "cmnd9": "011234567",
        "permanent_residence": {"unit_code": "00070", "unit_version": "2025", "detail": "12 Hàng Bài"},
        "legal_basis": "NĐ 70/2024 Điều 5 khoản 6; Phiếu DC01",
        "dossier_number": "DC01-2026-77",
    }
    response = await client.post("/api/v1/registry/citizens/collect", json=body, headers=officer)
    assert response.status_code == 201, response.text
    pin = response.json()["pin"]
    assert parse(pin).birth_year == 1948
    record = (await client.get(f"/api/v1/registry/citizens/{pin}", headers=officer)).json()
    assert record["items"]["date_of_birth"] == "1948"
    assert record["items"]["cmnd9"] == "011234567"


async def test_bad_pin_in_path_is_422(client: httpx.AsyncClient, officer: dict[str, str]) -> None:
    response = await client.get("/api/v1/registry/citizens/12345", headers=officer)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "pin"


async def test_unknown_pin_is_404(client: httpx.AsyncClient, officer: dict[str, str]) -> None:
    response = await client.get("/api/v1/registry/citizens/001099000000", headers=officer)
    assert response.status_code == 404
    assert response.json()["code"] == "citizen.not_found"


async def test_a_birth_or_death_dated_in_the_future_is_refused_by_name_and_writes_nothing(
    client: httpx.AsyncClient, officer: dict[str, str], session: AsyncSession
) -> None:
    from dancu.clock import today_vn

    tomorrow = (today_vn() + dt.timedelta(days=1)).isoformat()
    before = await _counts(session)
    response = await client.post(
        "/api/v1/registry/births", json=birth_body(date_of_birth=tomorrow), headers=officer
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    errors = response.json()["errors"]
    assert [(e["field"], e["rule"]) for e in errors] == [("date_of_birth", "date_in_future")]
    assert "tương lai" in errors[0]["message"]
    assert await _counts(session) == before
    today = await client.post(
        "/api/v1/registry/births", json=birth_body(date_of_birth=today_vn().isoformat()), headers=officer
    )
    assert today.status_code == 201, today.text  # born today: not the future
    pin = today.json()["pin"]
    death = {
        "status": "dead",
        "date": str(today_vn().year + 1),
        "legal_basis": "Luật Hộ tịch",
        "dossier_number": "TK-1",
    }
    refused = await client.post(f"/api/v1/registry/citizens/{pin}/death", json=death, headers=officer)
    assert refused.status_code == 422, refused.text
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [("date", "date_in_future")]


async def test_place_of_birth_and_hometown_may_be_abroad(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    """Luật Căn cước Điều 9 khoản 1 điểm e, g (nơi sinh, quê quán) name places, not Vietnamese units:
    a child born in Japan to a family from Laos is registered with a country code for each."""
    body = birth_body(
        place_of_birth={"country": "JP", "detail": "Bệnh viện Đại học Tokyo"},
        hometown={"country": "LA"},
    )
    response = await client.post("/api/v1/registry/births", json=body, headers=officer)
    assert response.status_code == 201, response.text
    pin = response.json()["pin"]
    record = (await client.get(f"/api/v1/registry/citizens/{pin}", headers=officer)).json()
    assert record["items"]["place_of_birth"] == {"country": "JP", "detail": "Bệnh viện Đại học Tokyo"}
    assert record["items"]["hometown"] == {"country": "LA", "detail": ""}
    for place, rule in (
        ({"country": "ZZ"}, "codes.unknown_countries"),
        ({"country": "VN"}, "place.unit_or_country"),
        ({"country": "JP", "unit_code": "00070", "unit_version": "2025"}, "place.unit_or_country"),
    ):
        bad = await client.post(
            "/api/v1/registry/births", json=birth_body(place_of_birth=place), headers=officer
        )
        assert bad.status_code == 422, bad.text
        assert bad.json()["errors"][0]["field"].startswith("place_of_birth"), bad.text
        assert bad.json()["errors"][0]["rule"] == rule, bad.text


UNDETERMINED = {
    "full_name": {"family": "Nguyễn", "middle": "Thị", "given": "Mai"},
    "date_of_birth": "1990-04-02",
    "sex": "2",
    "birth_registration_place": {"unit_code": "00070", "unit_version": "2025"},
    "ethnicity": "01",
    "nationality": ["XX"],
    "permanent_residence": {"unit_code": "00070", "unit_version": "2025", "detail": "5 Hàng Đào"},
    "legal_basis": "NĐ 70/2024 Điều 24 (sửa đổi bởi NĐ 58/2026)",
    "dossier_number": "DC01-2026-XX1",
}


async def test_a_person_of_undetermined_nationality_brings_papers_and_is_verified_before_collection(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    """NĐ 70 Điều 24 as amended by NĐ 58/2026: the person declares DC01 with "giấy tờ … chứng minh về
    mối quan hệ huyết thống với người có quốc tịch hoặc đã từng có quốc tịch Việt Nam" (khoản 2), and is
    collected only "Sau khi thực hiện kiểm tra, xác minh, đối sánh thông tin" (khoản 6): the plain DC01
    collection refuses them (the dossier procedure is tests/integration/test_undetermined_nationality.py)."""
    url = "/api/v1/registry/citizens/collect"
    bare = await client.post(url, json=UNDETERMINED, headers=officer)
    assert bare.status_code == 422 and bare.json()["errors"][0]["rule"] == "collect.undetermined_papers"
    mixed = {**UNDETERMINED, "nationality": ["XX", "FR"], "papers": ["GKS 12/1990", "Trích lục 3/2026"]}
    assert (await client.post(url, json=mixed, headers=officer)).status_code == 422
    body = {**UNDETERMINED, "papers": ["Giấy khai sinh số 12/1990", "Trích lục hộ tịch của mẹ số 3/2026"]}
    direct = await client.post(url, json=body, headers=officer)
    assert direct.status_code == 409 and direct.json()["code"] == "collect.undetermined_needs_verification"
    from tests.support.builders import c06

    accepted = await collect_undetermined(client, officer, body, comparer=await c06(client, session))
    due = dt.date.fromisoformat(accepted["pin_due_on"])
    done = dt.date.fromisoformat(accepted["updated_on"])
    assert due - done == dt.timedelta(days=15)
    record = (await client.get(f"/api/v1/registry/citizens/{accepted['pin']}", headers=officer)).json()
    assert record["items"]["nationality"] == ["XX"]


async def test_acquiring_a_nationality_cancels_the_pin(
    client: httpx.AsyncClient, session: AsyncSession, officer: dict[str, str]
) -> None:
    """NĐ 70/2024 Điều 36 khoản 4: the PIN of a person of Vietnamese origin with undetermined
    nationality is cancelled when they acquire a nationality; Vietnamese nationality brings a
    citizen's PIN at once, the old number resolving to them and never reused."""
    from tests.support.builders import c06, dossier

    body = {**UNDETERMINED, "papers": ["Giấy khai sinh số 12/1990", "Trích lục hộ tịch của mẹ số 3/2026"]}
    pins = []
    national = await c06(client, session)
    for given in ("Mai", "Lan"):
        person = {**body, "full_name": {**UNDETERMINED["full_name"], "given": given}}
        pins.append((await collect_undetermined(client, officer, person, comparer=national))["pin"])
    url = "/api/v1/registry/citizens/{}/pin-cancellation"
    still = {"nationality": ["XX"], "decision": "QĐ 1", **dossier()}
    assert (await client.post(url.format(pins[0]), json=still, headers=national)).status_code == 422
    to_vn = {"nationality": ["VN"], "decision": "QĐ 1204/QĐ-CTN nhập quốc tịch", **dossier()}
    became = await client.post(url.format(pins[0]), json=to_vn, headers=national)
    assert became.status_code == 200, became.text
    new_pin = became.json()["new_pin"]
    assert new_pin and new_pin != pins[0]
    record = (await client.get(f"/api/v1/registry/citizens/{pins[0]}", headers=national)).json()
    assert record["pin"] == new_pin and record["items"]["nationality"] == ["VN"]
    to_fr = {"nationality": ["FR"], "decision": "Hộ chiếu Pháp số 19FR12345", **dossier()}
    foreign = await client.post(url.format(pins[1]), json=to_fr, headers=national)
    assert foreign.status_code == 200 and foreign.json()["new_pin"] is None
    row = (
        await session.execute(
            text("SELECT ground, new_pin FROM pin_change WHERE old_pin = :p"), {"p": pins[1]}
        )
    ).one()
    assert row.ground == "nationality_acquired" and row.new_pin is None
    again = await client.post(url.format(new_pin), json=to_fr, headers=national)
    assert again.status_code == 409 and again.json()["code"] == "pin.not_undetermined_nationality"
