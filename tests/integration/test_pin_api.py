"""The PIN API: decode and validate, problem+json for invalid PINs, Vietnamese by default, English on request.

These routes touch no database, so the app runs on a throwaway SQLite URL that is never migrated.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dancu.app import create_app
from dancu.settings import Settings

EN = {"Accept-Language": "en"}


@pytest.fixture
async def pin_client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/x.sqlite3", cookie_secure=False))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client
    await app.state.engine.dispose()


def only_problem(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == 422
    assert body["code"] == "validation.failed"
    assert len(body["errors"]) == 1
    return dict(body["errors"][0])


async def test_decode_a_hanoi_man_born_1999(pin_client: httpx.AsyncClient) -> None:
    response = await pin_client.get("/api/v1/pin/001099012345/decode")
    assert response.status_code == 200
    assert response.json() == {
        "pin": "001099012345",
        "prefix": "001",
        "place_kind": "province",
        "place_name": "Hà Nội",
        "century_digit": 0,
        "sex": "1",
        "sex_label": "Nam",
        "birth_year": 1999,
        "random_part": "012345",
    }
    assert response.headers["cache-control"] == "no-store"


async def test_decode_labels_follow_accept_language(pin_client: httpx.AsyncClient) -> None:
    response = await pin_client.get("/api/v1/pin/175301000000/decode", headers=EN)
    body = response.json()
    assert (body["place_kind"], body["place_name"], body["sex_label"], body["birth_year"]) == (
        "country",
        "Hoa Kỳ",
        "Female",
        2001,
    )


@pytest.mark.parametrize(
    ("pin", "rule"),
    [
        ("12345", "pin.not_12_digits"),
        ("00109901234A", "pin.not_12_digits"),
        ("001099012345%20", "pin.not_12_digits"),
        ("123456789", "pin.looks_like_cmnd9"),
        ("097099012345", "pin.unknown_prefix"),
    ],
)
async def test_decode_an_invalid_pin_is_a_problem_naming_field_and_rule(
    pin_client: httpx.AsyncClient, pin: str, rule: str
) -> None:
    problem = only_problem(await pin_client.get(f"/api/v1/pin/{pin}/decode"))
    assert (problem["field"], problem["rule"]) == ("pin", rule)


async def test_problem_is_vietnamese_by_default_and_english_on_request(pin_client: httpx.AsyncClient) -> None:
    vi = await pin_client.get("/api/v1/pin/12345/decode")
    assert vi.json()["title"] == "Dữ liệu gửi lên không hợp lệ"
    assert only_problem(vi)["message"].startswith("pin phải gồm đúng 12 chữ số")
    en = await pin_client.get("/api/v1/pin/12345/decode", headers=EN)
    assert en.json()["title"] == "The submitted data is invalid"
    assert only_problem(en)["message"] == (
        "pin must be exactly 12 digits (0–9), with no spaces, dots or letters"
    )


async def test_validate_without_record_fields(pin_client: httpx.AsyncClient) -> None:
    response = await pin_client.post("/api/v1/pin/validate", json={"pin": "079305000123"})
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True
    assert (body["decoded"]["place_name"], body["decoded"]["sex"], body["decoded"]["birth_year"]) == (
        "Hồ Chí Minh",
        "2",
        2005,
    )
    assert body["warnings"] == []


async def test_validate_matching_record(pin_client: httpx.AsyncClient) -> None:
    record = {"pin": "079305000123", "sex": "2", "birth_year": 2005, "birth_registration_prefix": "079"}
    response = await pin_client.post("/api/v1/pin/validate", json=record)
    assert response.status_code == 200
    assert response.json()["warnings"] == []


async def test_validate_warns_where_the_record_differs(pin_client: httpx.AsyncClient) -> None:
    record = {"pin": "079305000123", "sex": "1", "birth_year": 2004, "birth_registration_prefix": "001"}
    response = await pin_client.post("/api/v1/pin/validate", json=record, headers=EN)
    assert response.status_code == 200  # warnings, not errors: NĐ 70 Điều 11 khoản 8
    body = response.json()
    assert body["valid"] is True
    warnings = {w["code"]: w for w in body["warnings"]}
    assert list(warnings) == ["sex_mismatch", "birth_year_mismatch", "birth_registration_mismatch"]
    year = warnings["birth_year_mismatch"]
    assert (year["field"], year["pin_value"], year["record_value"]) == ("birth_year", "2005", "2004")
    assert year["message"].startswith(
        "The year of birth encoded in the personal identification number differs"
    )


async def test_validate_warnings_are_vietnamese_by_default(pin_client: httpx.AsyncClient) -> None:
    response = await pin_client.post("/api/v1/pin/validate", json={"pin": "079305000123", "birth_year": 2004})
    [warning] = response.json()["warnings"]
    assert warning["message"].startswith(
        "Năm sinh thể hiện trong số định danh cá nhân khác năm sinh trong hồ sơ"
    )
    assert (warning["pin_value"], warning["record_value"]) == ("2005", "2004")


@pytest.mark.parametrize(
    ("body", "field", "rule"),
    [
        ({"pin": "12345"}, "pin", "pin.not_12_digits"),
        ({"pin": "123456789"}, "pin", "pin.looks_like_cmnd9"),
        ({"pin": "296099012345"}, "pin", "pin.unknown_prefix"),
        (
            {"pin": "001099012345", "birth_registration_prefix": "097"},
            "birth_registration_prefix",
            "pin.unknown_prefix",
        ),
        (
            {"pin": "001099012345", "birth_registration_prefix": "1"},
            "birth_registration_prefix",
            "pin.prefix_not_3_digits",
        ),
        ({}, "pin", "missing"),
        ({"pin": 1099012345}, "pin", "string_type"),
        ({"pin": "001099012345", "sex": "3"}, "sex", "enum"),
        ({"pin": "001099012345", "birth_year": "x"}, "birth_year", "int_parsing"),
        ({"pin": "001099012345", "extra": 1}, "extra", "extra_forbidden"),
    ],
)
async def test_validate_rejects_bad_input_as_a_problem(
    pin_client: httpx.AsyncClient, body: dict[str, Any], field: str, rule: str
) -> None:
    problem = only_problem(await pin_client.post("/api/v1/pin/validate", json=body, headers=EN))
    assert (problem["field"], problem["rule"]) == (field, rule)
    assert problem["message"]


async def test_routes_are_public_and_in_the_openapi_document(pin_client: httpx.AsyncClient) -> None:
    paths = (await pin_client.get("/openapi.json")).json()["paths"]
    assert "get" in paths["/api/v1/pin/{pin}/decode"]
    assert "post" in paths["/api/v1/pin/validate"]
