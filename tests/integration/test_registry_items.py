"""Items with shapes of their own: item 26 catalogue, temporary residence periods, cards, the item view."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from tests.support.builders import address, birth_body, dossier, issue_headers, make_officer


@pytest.fixture
async def c06(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    await make_officer(session, username="c06.items", role=OfficerRole.IDENTITY_AGENCY)
    return await issue_headers(session, "c06.items")


@pytest.fixture
async def pin(client: httpx.AsyncClient, c06: dict[str, str]) -> str:
    response = await client.post(
        "/api/v1/registry/births", json=birth_body(date_of_birth="1985-07-07"), headers=c06
    )
    assert response.status_code == 201, response.text
    return str(response.json()["pin"])


async def test_extra_attribute_from_the_catalogue_keeps_source_and_flag(
    client: httpx.AsyncClient, c06: dict[str, str], pin: str
) -> None:
    value = {"value": "Kỹ sư xây dựng", "source_system": "CSDL bảo hiểm xã hội", "verified": True}
    body = {"item": "extra", "key": "occupation", "value": value, "source": "shared_database", **dossier()}
    response = await client.post(f"/api/v1/registry/citizens/{pin}/updates", json=body, headers=c06)
    assert response.status_code == 204, response.text
    item = (
        await client.get(f"/api/v1/registry/citizens/{pin}/items/extra?key=occupation", headers=c06)
    ).json()
    assert item["value"] == value
    assert item["fact"]["source"] == "shared_database"


@pytest.mark.parametrize(
    ("key", "value", "rule"),
    [
        (
            "favourite_colour",
            {"value": "xanh", "source_system": "x", "verified": False},
            "extra.unknown_attribute",
        ),
        ("disability", {"value": "có", "source_system": "x", "verified": False}, "extra.wrong_type"),
        ("occupation", {"value": "x", "verified": True}, "missing"),
    ],
)
async def test_bad_extra_attributes_are_refused(
    client: httpx.AsyncClient, c06: dict[str, str], pin: str, key: str, value: dict[str, object], rule: str
) -> None:
    body = {"item": "extra", "key": key, "value": value, **dossier()}
    response = await client.post(f"/api/v1/registry/citizens/{pin}/updates", json=body, headers=c06)
    assert response.status_code == 422
    assert response.json()["errors"][0]["rule"] == rule


async def test_temporary_residence_holds_for_its_period_only(
    client: httpx.AsyncClient, c06: dict[str, str], pin: str
) -> None:
    body = {
        "address": address({"unit_code": "00004", "unit_version": "2025"}, "phòng trọ 3"),
        "start": "2024-01-10",
        "end": "2024-06-30",
        **dossier(),
    }
    response = await client.post(
        f"/api/v1/registry/citizens/{pin}/residence/temporary", json=body, headers=c06
    )
    assert response.status_code == 204, response.text
    url = f"/api/v1/registry/citizens/{pin}/items/temporary_residence"
    assert (await client.get(url, params={"as_of": "2024-06-30"}, headers=c06)).json()["value"][
        "detail"
    ] == "phòng trọ 3"
    assert (await client.get(url, params={"as_of": "2024-07-01"}, headers=c06)).json()["value"] is None
    assert (await client.get(url, params={"as_of": "2024-01-09"}, headers=c06)).json()["value"] is None


async def test_temporary_residence_needs_an_end(
    client: httpx.AsyncClient, c06: dict[str, str], pin: str
) -> None:
    body = {"address": address(), "start": "2024-01-10", **dossier()}
    response = await client.post(
        f"/api/v1/registry/citizens/{pin}/residence/temporary", json=body, headers=c06
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "end"


async def test_card_history_keeps_every_card(
    client: httpx.AsyncClient, c06: dict[str, str], pin: str
) -> None:
    for number, kind, issued in (("012345678", "cmnd12", "2005-03-01"), (pin, "cccd", "2021-05-05")):
        card = {"kind": kind, "number": number, "issued_on": issued, "issued_by": "Cục Cảnh sát QLHC về TTXH"}
        if kind == "cmnd12":
            card["number"] = "0" * 3 + number  # a 12-digit CMND
        response = await client.post(
            f"/api/v1/registry/citizens/{pin}/cards", json={"card": card, **dossier()}, headers=c06
        )
        assert response.status_code == 204, response.text
    record = (await client.get(f"/api/v1/registry/citizens/{pin}", headers=c06)).json()
    assert sorted(c["kind"] for c in record["keyed"]["card"].values()) == ["cccd", "cmnd12"]


async def test_period_end_before_start_is_refused(
    client: httpx.AsyncClient, c06: dict[str, str], pin: str
) -> None:
    body = {
        "start": "2024-05-01",
        "end": "2024-04-01",
        "destination": "TP HCM",
        "reason": "công tác",
        **dossier(),
    }
    response = await client.post(f"/api/v1/registry/citizens/{pin}/absences", json=body, headers=c06)
    assert response.status_code == 422
    assert response.json()["errors"][0]["rule"] == "period_end_before_start"
