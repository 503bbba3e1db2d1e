"""Households keep exactly one head; family links are reciprocal and acyclic."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from tests.support.builders import birth_body, dossier, issue_headers, make_officer


@pytest.fixture
async def c06(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    await make_officer(session, username="c06.ho", role=OfficerRole.IDENTITY_AGENCY)
    return await issue_headers(session, "c06.ho")


async def _person(
    client: httpx.AsyncClient, headers: dict[str, str], given: str, dob: str, sex: str = "1", **kw: object
) -> str:
    body = birth_body(
        full_name={"family": "Phạm", "middle": "Văn" if sex == "1" else "Thị", "given": given},
        date_of_birth=dob,
        sex=sex,
        **kw,
    )
    response = await client.post("/api/v1/registry/births", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["pin"])


async def test_household_lifecycle_keeps_one_head(client: httpx.AsyncClient, c06: dict[str, str]) -> None:
    father = await _person(client, c06, "Bình", "1970-01-01")
    son = await _person(client, c06, "Cường", "1995-02-02", father={"pin": father})
    daughter = await _person(client, c06, "Dung", "1998-03-03", sex="2", father={"pin": father})
    created = await client.post(
        "/api/v1/registry/households", json={"head_pin": father, "on": "2000-01-01", **dossier()}, headers=c06
    )
    assert created.status_code == 201, created.text
    number = created.json()["number"]
    for pin in (son, daughter):
        moved = await client.post(
            f"/api/v1/registry/households/{number}/members",
            json={"pin": pin, "relation_to_head": "child", "on": "2000-01-01", **dossier()},
            headers=c06,
        )
        assert moved.status_code == 200, moved.text
    head = await client.post(
        f"/api/v1/registry/households/{number}/head",
        json={"new_head_pin": son, "old_head_relation": "parent", "on": "2024-01-01", **dossier()},
        headers=c06,
    )
    assert head.status_code == 200, head.text
    relations = {m["pin"]: m["relation_to_head"] for m in head.json()["members"]}
    assert relations == {son: "head", father: "parent", daughter: "child"}
    split = await client.post(
        f"/api/v1/registry/households/{number}/split",
        json={"new_head_pin": daughter, "members": {}, "on": "2025-01-01", **dossier()},
        headers=c06,
    )
    assert split.status_code == 201, split.text
    assert [m["relation_to_head"] for m in split.json()["members"]] == ["head"]
    left = (await client.get(f"/api/v1/registry/households/{number}", headers=c06)).json()
    assert {m["pin"] for m in left["members"]} == {son, father}


async def test_a_second_head_is_refused(client: httpx.AsyncClient, c06: dict[str, str]) -> None:
    first = await _person(client, c06, "An", "1980-01-01")
    second = await _person(client, c06, "Bảo", "1982-01-01")
    number = (
        await client.post(
            "/api/v1/registry/households",
            json={"head_pin": first, "on": "2010-01-01", **dossier()},
            headers=c06,
        )
    ).json()["number"]
    response = await client.post(
        f"/api/v1/registry/households/{number}/members",
        json={"pin": second, "relation_to_head": "head", "on": "2010-01-01", **dossier()},
        headers=c06,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "household.head_count"
    members = (await client.get(f"/api/v1/registry/households/{number}", headers=c06)).json()["members"]
    assert [m["pin"] for m in members] == [first]  # nothing half-written


async def test_nobody_is_their_own_ancestor(client: httpx.AsyncClient, c06: dict[str, str]) -> None:
    grandfather = await _person(client, c06, "Giang", "1940-01-01")
    father = await _person(client, c06, "Hải", "1965-01-01", father={"pin": grandfather})
    child = await _person(client, c06, "Khoa", "1990-01-01", father={"pin": father})
    response = await client.post(
        f"/api/v1/registry/citizens/{grandfather}/relations",
        json={"role": "father", "relative_pin": child, **dossier()},
        headers=c06,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["rule"] in ("relation.own_ancestor", "relation.parent_not_older")


async def test_spouses_are_linked_both_ways(client: httpx.AsyncClient, c06: dict[str, str]) -> None:
    husband = await _person(client, c06, "Long", "1988-01-01")
    wife = await _person(client, c06, "Mai", "1990-01-01", sex="2")
    response = await client.post(
        f"/api/v1/registry/citizens/{husband}/relations",
        json={"role": "wife", "relative_pin": wife, "valid_from": "2015-05-05", **dossier()},
        headers=c06,
    )
    assert response.status_code == 204, response.text
    wife_record = (await client.get(f"/api/v1/registry/citizens/{wife}", headers=c06)).json()
    husbands = [r for r in wife_record["keyed"]["relation"].values() if r["role"] == "husband"]
    assert [h["pin"] for h in husbands] == [husband]
