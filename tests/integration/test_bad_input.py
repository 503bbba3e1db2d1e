"""Bad input a client sends is a 422 naming the parameter, never a 500, on both engines."""

from __future__ import annotations

import httpx
import pytest
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.lookup.schemas import IdentityMatchIn, LookupIn
from tests.support.builders import bearer_for, birth_body, make_officer, officer_page_login


@pytest.fixture
async def officer(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    _, password = await make_officer(session, username="c06.bad", role=OfficerRole.IDENTITY_AGENCY)
    return await bearer_for(client, "c06.bad", password)


def _names(response: httpx.Response, field: str, rule: str) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [(field, rule)]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/documents/2147483648", "document_id"),
        ("/api/v1/organisations/2147483648", "organisation_id"),
        ("/api/v1/fees/receipts?before=2147483648", "before"),
        ("/api/v1/fees/receipts?organisation_id=99999999999999999999", "organisation_id"),
        ("/api/v1/registry/citizens?name=Nguyen&after=2147483648", "after"),
    ],
)
async def test_an_id_beyond_its_column_is_refused_naming_it(
    client: httpx.AsyncClient, officer: dict[str, str], path: str, field: str
) -> None:
    _names(await client.get(path, headers=officer), field, "less_than_equal")


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f", "\x85"])
async def test_a_control_character_in_a_query_is_refused_naming_it(
    client: httpx.AsyncClient, officer: dict[str, str], character: str
) -> None:
    # PostgreSQL refused a NUL with a 500 while SQLite searched for it: now neither sees it.
    response = await client.get(
        "/api/v1/registry/citizens", params={"name": f"Nguy{character}ễn"}, headers=officer
    )
    _names(response, "name", "control_character")


async def test_a_nul_deep_in_a_json_body_is_refused_naming_its_path(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    body = birth_body(full_name={"family": "Nguyễn", "middle": "Minh", "given": "Kh\u0000ang"})
    response = await client.post("/api/v1/registry/births", json=body, headers=officer)
    _names(response, "full_name.given", "control_character")


async def test_a_lone_surrogate_in_a_json_body_is_refused(client: httpx.AsyncClient) -> None:
    raw = b'{"username": "a\\ud800b", "password": "x"}'
    response = await client.post(
        "/api/v1/auth/login", content=raw, headers={"content-type": "application/json"}
    )
    _names(response, "username", "control_character")


async def test_a_nul_in_a_form_or_a_path_is_refused(client: httpx.AsyncClient) -> None:
    form = await client.post(
        "/login", data={"username": "can\x00bo", "password": "x"}, headers={"accept": "application/json"}
    )
    _names(form, "username", "control_character")
    path = await client.get("/api/v1/pin/00108500%000001/decode")
    _names(path, "path", "control_character")


async def test_line_breaks_and_tabs_stay_allowed(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/login", json={"username": "không\tcó\nai", "password": "x"})
    assert response.status_code == 401, response.text


async def test_an_impossible_date_in_a_search_is_an_invalid_date_not_nobody(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    response = await client.get(
        "/api/v1/registry/citizens", params={"name": "Nguyễn", "dob": "2026-02-30"}, headers=officer
    )
    _names(response, "dob", "partial_date")


async def test_an_impossible_date_on_the_search_page_is_named(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_officer(session, username="c06.page", role=OfficerRole.IDENTITY_AGENCY)
    await officer_page_login(client, "c06.page", "mat-khau-rat-dai-123")
    page = await client.get("/officer/citizens", params={"name": "Nguyễn", "dob": "2026-02-30"})
    assert page.status_code == 422
    assert "Ngày sinh: nhập ngày/tháng/năm (28/05/1992)" in page.text


@pytest.mark.parametrize("schema", [LookupIn, IdentityMatchIn])
def test_an_impossible_date_in_a_lookup_is_an_invalid_date(schema: type[BaseModel]) -> None:
    body = {
        "full_name": "Nguyễn Văn A",
        "date_of_birth": "2026-02-30",
        "pin": "001085000001",
        "purpose": "Kiểm tra",
    }
    if schema is IdentityMatchIn:
        body["question"] = "identity_match"
    with pytest.raises(ValidationError) as raised:
        schema.model_validate(body)
    [error] = raised.value.errors()
    assert error["loc"] == ("date_of_birth",) and str(error["ctx"]["error"]) == "partial_date"


def _multipart(*parts: tuple[bytes, bytes]) -> tuple[bytes, dict[str, str]]:
    """A multipart body written by hand: clients escape control characters that an attacker sends."""
    boundary = b"dancuBoundary7MA4YWxk"
    body = b"".join(
        b"--"
        + boundary
        + b"\r\nContent-Disposition: form-data; "
        + disposition
        + b"\r\n\r\n"
        + value
        + b"\r\n"
        for disposition, value in parts
    )
    headers = {
        "content-type": f"multipart/form-data; boundary={boundary.decode()}",
        "accept": "application/json",
    }
    return body + b"--" + boundary + b"--\r\n", headers


@pytest.mark.parametrize("character", [b"\x00", b"\x1b", b"\x7f"])
async def test_a_control_character_in_a_multipart_field_or_file_name_is_refused(
    client: httpx.AsyncClient, character: bytes
) -> None:
    body, headers = _multipart((b'name="username"', b"can" + character + b"bo"), (b'name="password"', b"x"))
    _names(await client.post("/login", content=body, headers=headers), "username", "control_character")
    pdf = b"%PDF-1.7\n%%EOF\n"
    body, headers = _multipart((b'name="file"; filename="ban' + character + b'sao.pdf"', pdf))
    _names(
        await client.post("/xac-minh/kiem-tra", content=body, headers=headers), "file", "control_character"
    )
    body, headers = _multipart((b'name="user' + character + b'name"', b"canbo"))
    _names(await client.post("/login", content=body, headers=headers), "body", "control_character")
    # The file's own bytes are the file's business (a PDF is binary); a clean form still goes through.
    body, headers = _multipart((b'name="file"; filename="ban-sao.pdf"', pdf + character))
    assert (await client.post("/xac-minh/kiem-tra", content=body, headers=headers)).status_code != 422
