"""Bad input a client sends is a 422 naming the parameter, never a 500, on both engines."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from tests.conftest import bearer_for, make_officer


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
