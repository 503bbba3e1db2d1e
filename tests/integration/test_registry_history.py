"""Full history: residence changes, adjustments, the as-of view, append-only storage, PIN re-establishment."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu import clock
from dancu.access.permissions import OfficerRole
from dancu.names import search_key
from tests.support.builders import (
    BA_DINH,
    address,
    birth_body,
    dossier,
    issue_headers,
    make_officer,
)

UNITS = ["00070", "00004", "00008", "00025"]  # Hoàn Kiếm, Ba Đình, Ngọc Hà, Giảng Võ (2025 table)


@contextmanager
def at(day: str) -> Iterator[None]:
    with clock.freeze(dt.datetime.fromisoformat(day).replace(hour=3, tzinfo=dt.UTC)):
        yield


@pytest.fixture
async def c06(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    await make_officer(session, username="c06.hanoi", role=OfficerRole.IDENTITY_AGENCY, unit_code=None)
    return await issue_headers(session, "c06.hanoi")


async def _born_1990(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    body = birth_body(
        date_of_birth="1990-05-01",
        permanent_residence=address({"unit_code": UNITS[0], "unit_version": "2025"}, "A"),
    )
    with at("2020-01-01"):
        response = await client.post("/api/v1/registry/births", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["pin"])


async def _move(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    pin: str,
    unit: str,
    detail: str,
    start: str,
    when: str,
) -> None:
    body = {
        "address": address({"unit_code": unit, "unit_version": "2025"}, detail),
        "start": start,
        **dossier(),
    }
    with at(when):
        response = await client.post(
            f"/api/v1/registry/citizens/{pin}/residence/permanent", json=body, headers=headers
        )
    assert response.status_code == 204, response.text


async def _residence(
    client: httpx.AsyncClient, headers: dict[str, str], pin: str, **params: str
) -> str | None:
    record = (await client.get(f"/api/v1/registry/citizens/{pin}", params=params, headers=headers)).json()
    value = record["items"].get("permanent_residence")
    return value["detail"] if value else None


async def test_three_moves_keep_four_values_and_answer_as_of(
    client: httpx.AsyncClient, c06: dict[str, str]
) -> None:
    pin = await _born_1990(client, c06)
    await _move(client, c06, pin, UNITS[1], "B", "2021-02-15", "2021-03-01")
    await _move(client, c06, pin, UNITS[2], "C", "2022-05-20", "2022-06-01")
    await _move(client, c06, pin, UNITS[3], "D", "2023-08-10", "2023-09-01")

    history = (
        await client.get(f"/api/v1/registry/citizens/{pin}/history?item=permanent_residence", headers=c06)
    ).json()
    assert [h["value"]["detail"] for h in history] == ["D", "C", "B", "A"]
    assert [h["valid_from"] for h in history] == ["2023-08-10", "2022-05-20", "2021-02-15", "1990-05-01"]
    assert history[0]["recorded_at"].startswith("2023-09-01")

    assert await _residence(client, c06, pin, as_of="1989-12-31") is None  # before birth
    assert await _residence(client, c06, pin, as_of="2000-01-01") == "A"
    assert await _residence(client, c06, pin, as_of="2021-02-14") == "A"
    assert await _residence(client, c06, pin, as_of="2021-02-15") == "B"
    assert await _residence(client, c06, pin, as_of="2022-12-31") == "C"
    assert await _residence(client, c06, pin) == "D"
    # What the register knew: at the end of 2021 it did not yet know of the moves to C and D.
    assert await _residence(client, c06, pin, as_of="2023-12-31", known_at="2021-12-31") == "B"
    assert await _residence(client, c06, pin, as_of="2023-12-31", known_at="2020-06-01") == "A"
    # A move recorded late is still known only from when it was recorded.
    assert await _residence(client, c06, pin, as_of="2022-05-25", known_at="2022-05-31") == "B"


async def test_adjustment_keeps_the_wrong_value_in_history(
    client: httpx.AsyncClient, c06: dict[str, str]
) -> None:
    pin = await _born_1990(client, c06)
    body = {
        "item": "full_name",
        "value": {"family": "Nguyễn", "middle": "Minh", "given": "Khanh"},
        "reason": "Sai chính tả tên khi thu thập",
        "proof": "Bản sao giấy khai sinh số 123",
        **dossier(),
    }
    with at("2024-03-05"):
        response = await client.post(f"/api/v1/registry/citizens/{pin}/adjustments", json=body, headers=c06)
    assert response.status_code == 204, response.text
    history = (
        await client.get(f"/api/v1/registry/citizens/{pin}/history?item=full_name", headers=c06)
    ).json()
    assert [h["value"]["given"] for h in history] == ["Khanh", "Khang"]
    assert history[0]["change_kind"] == "adjustment" and "Sai chính tả" in history[0]["reason"]
    now = (await client.get(f"/api/v1/registry/citizens/{pin}", headers=c06)).json()
    assert now["items"]["full_name"]["given"] == "Khanh"
    before = (
        await client.get(f"/api/v1/registry/citizens/{pin}", params={"known_at": "2024-03-04"}, headers=c06)
    ).json()
    assert before["items"]["full_name"]["given"] == "Khang"


async def test_adjustment_needs_a_reason_and_proof(client: httpx.AsyncClient, c06: dict[str, str]) -> None:
    pin = await _born_1990(client, c06)
    body = {"item": "sex", "value": "2", **dossier()}
    response = await client.post(f"/api/v1/registry/citizens/{pin}/adjustments", json=body, headers=c06)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"reason", "proof"}


async def test_history_rows_cannot_be_updated_or_deleted(
    session: AsyncSession, client: httpx.AsyncClient, c06: dict[str, str]
) -> None:
    await _born_1990(client, c06)
    for statement in (
        "UPDATE fact SET value = NULL",
        "DELETE FROM fact",
        "DELETE FROM pin_record",
        "UPDATE event SET reason = 'x'",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            async with session.begin_nested():
                await session.execute(text(statement))


async def test_people_cannot_be_removed(
    session: AsyncSession, client: httpx.AsyncClient, c06: dict[str, str]
) -> None:
    """The access log names its people without a foreign key (migration 0030): the database itself
    refuses to remove a person, whether or not anything was logged about them yet."""
    await _born_1990(client, c06)
    statements = ["DELETE FROM citizen"]
    if session.get_bind().dialect.name == "postgresql":
        statements.append("TRUNCATE citizen CASCADE")
    for statement in statements:
        with pytest.raises(DBAPIError, match="people are never removed"):
            async with session.begin_nested():
                await session.execute(text(statement))
    assert await session.scalar(text("SELECT count(*) FROM citizen")) == 1


async def test_sex_adjustment_warns_but_keeps_the_pin(client: httpx.AsyncClient, c06: dict[str, str]) -> None:
    pin = await _born_1990(client, c06)
    body = {
        "item": "sex",
        "value": "2",
        "reason": "Xác định lại giới tính",
        "proof": "Quyết định số 9",
        **dossier(),
    }
    assert (
        await client.post(f"/api/v1/registry/citizens/{pin}/adjustments", json=body, headers=c06)
    ).status_code == 204
    record = (await client.get(f"/api/v1/registry/citizens/{pin}", headers=c06)).json()
    assert record["pin"] == pin
    assert [w["code"] for w in record["warnings"]] == ["sex_mismatch"]


async def test_pin_reestablishment_resolves_the_old_number(
    client: httpx.AsyncClient, c06: dict[str, str]
) -> None:
    pin = await _born_1990(client, c06)
    adjust = {
        "item": "sex",
        "value": "2",
        "reason": "Xác định lại giới tính",
        "proof": "Quyết định số 9",
        **dossier(),
    }
    await client.post(f"/api/v1/registry/citizens/{pin}/adjustments", json=adjust, headers=c06)
    response = await client.post(
        f"/api/v1/registry/citizens/{pin}/pin-reestablishment",
        json={"ground": "forged_documents", **dossier()},
        headers=c06,
    )
    assert response.status_code == 200, response.text
    new_pin = response.json()["pin"]
    assert new_pin != pin and new_pin[3] == "1"  # 20th century, female
    via_old = (await client.get(f"/api/v1/registry/citizens/{pin}", headers=c06)).json()
    assert via_old["pin"] == new_pin
    assert (await client.get(f"/api/v1/registry/citizens/{new_pin}", headers=c06)).json()["warnings"] == []


async def test_commune_officer_cannot_read_outside_the_commune(
    client: httpx.AsyncClient, session: AsyncSession, c06: dict[str, str]
) -> None:
    pin = await _born_1990(client, c06)  # lives in Hoàn Kiếm
    await make_officer(
        session, username="ca.badinh", role=OfficerRole.COMMUNE_POLICE, unit_code=BA_DINH["unit_code"]
    )
    other = await issue_headers(session, "ca.badinh")
    assert (await client.get(f"/api/v1/registry/citizens/{pin}", headers=other)).status_code == 403
    found = (
        await client.get("/api/v1/registry/citizens", params={"name": "nguyen minh"}, headers=other)
    ).json()
    assert found["results"] == []
    await make_officer(session, username="ca.tinh", role=OfficerRole.PROVINCIAL_POLICE, unit_code="01")
    province = await issue_headers(session, "ca.tinh")
    found = (
        await client.get("/api/v1/registry/citizens", params={"name": "Nguyễn Minh"}, headers=province)
    ).json()
    assert [r["pin"] for r in found["results"]] == [pin]


async def test_death_removes_residence_and_sets_status(
    client: httpx.AsyncClient, c06: dict[str, str]
) -> None:
    pin = await _born_1990(client, c06)
    body = {"status": "dead", "date": "2025-01-02", **dossier()}
    assert (
        await client.post(f"/api/v1/registry/citizens/{pin}/death", json=body, headers=c06)
    ).status_code == 204
    record = (await client.get(f"/api/v1/registry/citizens/{pin}", headers=c06)).json()
    assert record["items"]["death"] == {"status": "dead", "date": "2025-01-02"}
    assert "permanent_residence" not in record["items"]
    earlier = (
        await client.get(f"/api/v1/registry/citizens/{pin}", params={"as_of": "2024-12-31"}, headers=c06)
    ).json()
    assert earlier["items"]["permanent_residence"]["detail"] == "A"


async def test_search_pages_by_name_then_id_without_skipping(
    client: httpx.AsyncClient, c06: dict[str, str]
) -> None:
    names = ["Khang", "An", "Bình", "An", "Cường"]
    pins = []
    for given in names:
        body = birth_body(
            full_name={"family": "Đỗ", "middle": "Quang", "given": given}, date_of_birth="1990-05-01"
        )
        pins.append((await client.post("/api/v1/registry/births", json=body, headers=c06)).json()["pin"])
    seen: list[str] = []
    after = None
    while True:
        params = {"name": "do quang", "limit": "2", **({"after": str(after)} if after else {})}
        page = (await client.get("/api/v1/registry/citizens", params=params, headers=c06)).json()
        seen.extend(r["full_name"] for r in page["results"])
        after = page["next_after"]
        if after is None:
            break
    assert seen == sorted(seen, key=search_key)
    assert len(seen) == len(names)


SCAN = base64.b64encode(b"%PDF-1.7 don de nghi").decode()
CITIZEN_REQUEST = {
    "reference": "DN-2026-0042",
    "received_on": "2026-03-02",
    "document": {"filename": "don.pdf", "media_type": "application/pdf", "content_base64": SCAN},
}


async def _sex_redetermined(client: httpx.AsyncClient, c06: dict[str, str], pin: str) -> None:
    adjust = {"item": "sex", "value": "2", "reason": "Xác định lại giới tính", "proof": "QĐ 9", **dossier()}
    response = await client.post(f"/api/v1/registry/citizens/{pin}/adjustments", json=adjust, headers=c06)
    assert response.status_code == 204, response.text


async def test_points_a_and_b_are_closed_after_decree_58(
    client: httpx.AsyncClient, c06: dict[str, str]
) -> None:
    """NĐ 58/2026 Điều 5 rewrites NĐ 70 Điều 11 khoản 9: "hủy, xác lập lại số định danh cá nhân
    đối với các trường hợp quy định tại điểm c, điểm d khoản 7 Điều này" and repeals "điểm a, điểm b
    khoản 7": from 15/03/2026 a sex re-determination is no ground for a new PIN."""
    pin = await _born_1990(client, c06)
    await _sex_redetermined(client, c06, pin)
    body = {"ground": "sex_or_birth_year_changed", "citizen_request": CITIZEN_REQUEST, **dossier()}
    with at("2026-03-16"):
        response = await client.post(
            f"/api/v1/registry/citizens/{pin}/pin-reestablishment", json=body, headers=c06
        )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["rule"] == "pin.ground_closed"
    assert (await client.get(f"/api/v1/registry/citizens/{pin}", headers=c06)).json()["pin"] == pin


async def test_a_wish_ground_needs_the_citizens_written_request(
    client: httpx.AsyncClient, session: AsyncSession, c06: dict[str, str]
) -> None:
    """NĐ 70/2024 Điều 11 khoản 8: the cases of điểm a, b khoản 7 are done "theo nhu cầu của công
    dân" — the citizen's own request on record (reference, date, scan), not an officer's word."""
    pin = await _born_1990(client, c06)
    await _sex_redetermined(client, c06, pin)
    url = f"/api/v1/registry/citizens/{pin}/pin-reestablishment"
    with at("2026-03-05"):
        bare = await client.post(url, json={"ground": "collection_error", **dossier()}, headers=c06)
        assert bare.status_code == 422, bare.text
        assert bare.json()["errors"][0]["rule"] == "pin.citizen_request_required"
        forged = {**CITIZEN_REQUEST, "document": {**CITIZEN_REQUEST["document"], "content_base64": "AAAA"}}
        body = {"ground": "collection_error", "citizen_request": forged, **dossier()}
        wrong = await client.post(url, json=body, headers=c06)
        assert wrong.status_code == 422, wrong.text
        assert wrong.json()["errors"][0]["rule"] == "pin.request_type"
        body = {"ground": "collection_error", "citizen_request": CITIZEN_REQUEST, **dossier()}
        done = await client.post(url, json=body, headers=c06)
    assert done.status_code == 200, done.text
    row = (
        await session.execute(
            text("SELECT ground, request_reference, request_sha256 FROM pin_change WHERE old_pin = :p"),
            {"p": pin},
        )
    ).one()
    assert row.ground == "collection_error" and row.request_reference == "DN-2026-0042"
    assert row.request_sha256 == hashlib.sha256(base64.b64decode(SCAN)).hexdigest()


async def test_an_unknown_ground_is_refused(client: httpx.AsyncClient, c06: dict[str, str]) -> None:
    """NĐ 70 Điều 11 khoản 7 lists the grounds; anything else is no ground (the grounds data)."""
    pin = await _born_1990(client, c06)
    response = await client.post(
        f"/api/v1/registry/citizens/{pin}/pin-reestablishment",
        json={"ground": "officer_says_so", **dossier()},
        headers=c06,
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["rule"] == "pin.unknown_ground"
