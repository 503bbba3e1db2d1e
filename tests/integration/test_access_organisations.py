"""Organisations, mandates and sub-accounts (NĐ 70 Điều 10 khoản 1 điểm a, b; NĐ 69 Điều 12)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event
from tests.support.builders import (
    PASSWORD,
    c06,
    issue_headers,
    make_officer,
    member,
    organisation,
    organisation_body,
    person,
    registrar,
)


@pytest.fixture
async def operator(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    return await registrar(client, session)


async def _actions(session: AsyncSession) -> list[dict[str, object]]:
    """The access package's events, each with its dedicated type as ``action``."""
    events = await session.scalars(select(Event).order_by(Event.id))
    return [
        e.data | {"action": e.event_type.value} for e in events if e.event_type.value.startswith("access.")
    ]


async def test_register_organisation_with_its_first_admin(
    client: httpx.AsyncClient, session: AsyncSession, operator: dict[str, str]
) -> None:
    org = await organisation(client, operator, "so.tuphap")
    assert org["actor_group"] == "k1"
    assert org["admin"]["is_org_admin"] is True
    assert org["admin"]["fields"] == sorted(org["mandate"])
    logged = [a["action"] for a in await _actions(session)]
    assert logged == ["access.organisation_registered", "access.member_created"]
    me = await client.get("/api/v1/auth/me", headers=await issue_headers(session, "so.tuphap"))
    assert "access:organisation:manage" in me.json()["permissions"]


async def test_only_the_registrar_registers_organisations(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_officer(session, username="xa.ca", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
    headers = await issue_headers(session, "xa.ca")
    response = await client.post("/api/v1/organisations", json=organisation_body("x.admin"), headers=headers)
    assert response.status_code == 403


@pytest.mark.parametrize("item", ["ethnicity", "religion"])
async def test_sensitive_items_need_a_stated_legal_basis(
    client: httpx.AsyncClient, operator: dict[str, str], item: str
) -> None:
    body = organisation_body("uy.ban.dantoc", mandate=["full_name", item])
    refused = await client.post("/api/v1/organisations", json=body, headers=operator)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "sensitive_basis"
    assert item in refused.json()["errors"][0]["message"]
    body["sensitive_basis"] = "Luật Bảo vệ dữ liệu cá nhân 2025 Điều 4; chức năng công tác dân tộc"
    accepted = await client.post("/api/v1/organisations", json=body, headers=operator)
    assert accepted.status_code == 201, accepted.text
    assert item in accepted.json()["mandate"]


async def test_mandate_change_is_logged_and_adding_religion_needs_a_basis(
    client: httpx.AsyncClient, session: AsyncSession, operator: dict[str, str]
) -> None:
    org = await organisation(client, operator, "ban.tongiao", mandate=["full_name", "pin"])
    url = f"/api/v1/organisations/{org['organisation_id']}/mandate"
    change = {"mandate": ["full_name", "religion"], "legal_basis": "QĐ giao nhiệm vụ số 7"}
    assert (await client.put(url, json=change, headers=operator)).status_code == 422
    change["sensitive_basis"] = "Luật Tín ngưỡng, tôn giáo 2016"
    response = await client.put(url, json=change, headers=operator)
    assert response.status_code == 200, response.text
    assert response.json()["mandate"] == ["full_name", "religion"]
    logged = (await _actions(session))[-1]
    assert logged["action"] == "access.mandate_changed"
    assert logged["added"] == ["religion"] and logged["removed"] == ["pin"]
    assert logged["sensitive_basis"] == "Luật Tín ngưỡng, tôn giáo 2016"


async def test_regulated_organisations_need_a_legal_representative(
    client: httpx.AsyncClient, session: AsyncSession, operator: dict[str, str]
) -> None:
    body = organisation_body("ngan.hang", group="k2", mandate=["full_name"])
    missing = await client.post("/api/v1/organisations", json=body, headers=operator)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "legal_representative_pin"
    body["legal_representative_pin"] = "001085000001"
    unknown = await client.post("/api/v1/organisations", json=body, headers=operator)
    assert unknown.status_code == 422
    body["legal_representative_pin"] = await person(client, await c06(client, session))
    accepted = await client.post("/api/v1/organisations", json=body, headers=operator)
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["has_legal_representative"] is True


async def test_sub_account_scope_must_be_inside_the_mandate(
    client: httpx.AsyncClient, session: AsyncSession, operator: dict[str, str]
) -> None:
    org = await organisation(client, operator, "bhxh.admin", mandate=["full_name", "date_of_birth", "pin"])
    admin = await issue_headers(session, "bhxh.admin")
    body = {
        "username": "bhxh.cb",
        "password": PASSWORD,
        "display_name": "Cán bộ",
        "field_scope": ["full_name", "ethnicity", "permanent_residence"],
    }
    url = f"/api/v1/organisations/{org['organisation_id']}/members"
    refused = await client.post(url, json=body, headers=admin)
    assert refused.status_code == 422
    error = refused.json()["errors"][0]
    assert error["field"] == "field_scope"
    assert "ethnicity" in error["message"] and "permanent_residence" in error["message"]
    body["field_scope"] = ["full_name"]
    created = await client.post(url, json=body, headers=admin)
    assert created.status_code == 201
    assert created.json()["fields"] == ["full_name"]


async def test_an_admin_never_touches_another_organisations_accounts(
    client: httpx.AsyncClient, session: AsyncSession, operator: dict[str, str]
) -> None:
    a = await organisation(client, operator, "org.a.admin")
    b = await organisation(client, operator, "org.b.admin")
    admin_a = await issue_headers(session, "org.a.admin")
    admin_b = await issue_headers(session, "org.b.admin")
    await member(client, session, admin_b, b["organisation_id"], "org.b.staff")
    b_members = f"/api/v1/organisations/{b['organisation_id']}/members"
    body = {"username": "intruder", "password": PASSWORD, "display_name": "x"}
    assert (await client.post(b_members, json=body, headers=admin_a)).status_code == 404
    assert (await client.get(b_members, headers=admin_a)).status_code == 404
    staff_id = (await client.get(b_members, headers=admin_b)).json()[-1]["account_id"]
    # Through its own organisation's URL, A still cannot reach B's account.
    own = f"/api/v1/organisations/{a['organisation_id']}/members/{staff_id}/disable"
    assert (await client.post(own, headers=admin_a)).status_code == 404
    assert (await client.post(f"{b_members}/{staff_id}/disable", headers=admin_a)).status_code == 404


async def test_staff_cannot_manage_and_disabled_staff_are_shut_out(
    client: httpx.AsyncClient, session: AsyncSession, operator: dict[str, str]
) -> None:
    org = await organisation(client, operator, "tinh.uy.admin")
    admin = await issue_headers(session, "tinh.uy.admin")
    staff = await member(client, session, admin, org["organisation_id"], "tinh.uy.cb")
    members = f"/api/v1/organisations/{org['organisation_id']}/members"
    assert (await client.get(members, headers=staff)).status_code == 403
    staff_id = (await client.get(members, headers=admin)).json()[-1]["account_id"]
    disabled = await client.post(f"{members}/{staff_id}/disable", headers=admin)
    assert disabled.status_code == 200 and disabled.json()["active"] is False
    assert (await client.get("/api/v1/auth/me", headers=staff)).status_code == 401
    assert (await _actions(session))[-1]["action"] == "access.member_disabled"


async def test_the_system_operator_cannot_register_organisations_or_mandates(
    client: httpx.AsyncClient, session: AsyncSession, operator: dict[str, str]
) -> None:
    """NĐ 70 Điều 10 khoản 1: organisations get their accounts and the fields they may exploit from
    the MPS identity agency (C06); the system operator runs the machine and decides none of it."""
    from tests.support.builders import operator as system_operator

    c06_registrar = operator
    admin = await person(client, await c06(client, session))
    sysop = await system_operator(client, session)
    refused = await client.post(
        "/api/v1/organisations",
        json=organisation_body("khong.duoc", legal_representative_pin=admin),
        headers=sysop,
    )
    assert refused.status_code == 403, refused.text
    org = await organisation(client, c06_registrar, "bo.noivu", legal_representative_pin=admin)
    mandate = await client.put(
        f"/api/v1/organisations/{org['organisation_id']}/mandate",
        json={"fields": ["full_name"]},
        headers=sysop,
    )
    assert mandate.status_code == 403, mandate.text
