"""Helpers shared by the access, lookup and personal-data-route tests (and a check that they work).

``Permission.ORG_REGISTER`` is not yet granted to any officer role in ``access.permissions``;
until it is, :func:`registrar` grants it to the operator role for the duration of one test.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access import permissions
from dancu.access.permissions import OfficerRole, Permission
from dancu.clock import now_utc
from dancu.identity.models import Account, AccountKind, AccountStatus, EidLevel
from dancu.identity.passwords import hash_password
from tests.conftest import bearer_for, make_officer
from tests.support.factories import birth_body

PASSWORD = "mat-khau-to-chuc-123"
NAME = "Nguyễn Minh Khang"
DOB = "1985-07-07"
K1_MANDATE = ["full_name", "date_of_birth", "pin", "sex", "permanent_residence", "marital_status"]


async def registrar(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    """The operator registers organisations (Permission.ORG_REGISTER)."""
    role = OfficerRole.OPERATOR
    assert Permission.ORG_REGISTER in permissions.ROLE_PERMISSIONS[role]
    _, password = await make_officer(session, username="c06.vanhanh", role=role)
    return await bearer_for(client, "c06.vanhanh", password)


async def c06(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    _, password = await make_officer(session, username="c06.dangky", role=OfficerRole.IDENTITY_AGENCY)
    return await bearer_for(client, "c06.dangky", password)


async def person(client: httpx.AsyncClient, officer: dict[str, str], **overrides: Any) -> str:
    body = birth_body(date_of_birth=DOB, religion="01", **overrides)
    response = await client.post("/api/v1/registry/births", json=body, headers=officer)
    assert response.status_code == 201, response.text
    return str(response.json()["pin"])


def organisation_body(
    admin: str, *, group: str = "k1", mandate: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "name": f"Tổ chức {admin}",
        "actor_group": group,
        "mandate": K1_MANDATE if mandate is None else mandate,
        "legal_basis": "Nghị định quy định chức năng, nhiệm vụ số 01/2025",
        "unit_code": "01",
        "unit_version": "2025",
        "admin": {"username": admin, "password": PASSWORD, "display_name": admin.title()},
        **extra,
    }


async def organisation(
    client: httpx.AsyncClient, headers: dict[str, str], admin: str, **kwargs: Any
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/organisations", json=organisation_body(admin, **kwargs), headers=headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def member(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    organisation_id: int,
    username: str,
    scope: list[str] | None = None,
) -> dict[str, str]:
    body = {"username": username, "password": PASSWORD, "display_name": username, "field_scope": scope}
    response = await client.post(
        f"/api/v1/organisations/{organisation_id}/members", json=body, headers=admin_headers
    )
    assert response.status_code == 201, response.text
    return await bearer_for(client, username, PASSWORD)


async def citizen_headers(
    client: httpx.AsyncClient, session: AsyncSession, citizen_id: int
) -> dict[str, str]:
    username = f"cd{citizen_id}"
    session.add(
        Account(
            username=username,
            password_hash=hash_password(PASSWORD),
            display_name="Công dân",
            kind=AccountKind.CITIZEN,
            citizen_id=citizen_id,
            eid_level=EidLevel.LEVEL_2,
            status=AccountStatus.ACTIVE,
            created_at=now_utc(),
        )
    )
    await session.flush()
    return await bearer_for(client, username, PASSWORD)


async def test_helpers_build_an_agency_member_who_can_log_in(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = await organisation(client, await registrar(client, session), "bo.tuphap")
    admin = await bearer_for(client, "bo.tuphap", PASSWORD)
    staff = await member(client, admin, org["organisation_id"], "bo.tuphap.cb1", ["full_name"])
    me = await client.get("/api/v1/auth/me", headers=staff)
    assert me.status_code == 200
    assert "access:citizen:lookup" in me.json()["permissions"]
    assert "access:organisation:manage" not in me.json()["permissions"]
