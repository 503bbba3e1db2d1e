"""Portal accounts of k2/k3 organisations (NĐ 69/2024 Điều 12): the legal representative asks from
their own level-2 e-ID; an officer with ORG_REGISTER approves (organisation + admin) or refuses."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.models import Organisation
from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.clock import now_utc
from dancu.identity.models import Account, AccountKind, AccountStatus, EidLevel
from dancu.identity.passwords import hash_password
from dancu.registry.queries import citizen_by_pin
from tests.support.builders import PASSWORD, bearer_for, c06, make_officer, person, registrar

URL = "/api/v1/portal-accounts/requests"


async def citizen_with_level(
    client: httpx.AsyncClient, session: AsyncSession, pin: str, level: EidLevel
) -> dict[str, str]:
    citizen = await citizen_by_pin(session, pin)
    username = f"cd{citizen.id}"
    session.add(
        Account(
            username=username,
            password_hash=hash_password(PASSWORD),
            display_name="Nguyễn Minh Khang",
            kind=AccountKind.CITIZEN,
            citizen_id=citizen.id,
            eid_level=level,
            status=AccountStatus.ACTIVE,
            created_at=now_utc(),
        )
    )
    await session.flush()
    return await bearer_for(client, username, PASSWORD)


def request_body(**overrides: Any) -> dict[str, Any]:
    return {
        "organisation_name": "Công ty Cổ phần Viễn thông Sông Hồng",
        "tax_code": "0101234567",
        "actor_group": "k2",
        "address": "12 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội",
        "representative_role": "Tổng Giám đốc",
        "admin_username": "songhong.admin",
        "admin_password": "mat-khau-quan-tri-sh-1",
        **overrides,
    }


@pytest.fixture
async def people(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, Any]:
    officer = await c06(client, session)
    level2_pin = await person(client, officer)
    level1_pin = await person(
        client, officer, full_name={"family": "Lê", "middle": "Thị", "given": "Hoa"}, sex="2"
    )
    return {
        "level2": await citizen_with_level(client, session, level2_pin, EidLevel.LEVEL_2),
        "level1": await citizen_with_level(client, session, level1_pin, EidLevel.LEVEL_1),
        "level2_citizen_id": (await citizen_by_pin(session, level2_pin)).id,
        "operator": await registrar(client, session),
    }


async def test_a_level1_account_is_refused_naming_the_level(
    client: httpx.AsyncClient, session: AsyncSession, people: dict[str, Any]
) -> None:
    refused = await client.post(URL, json=request_body(), headers=people["level1"])
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["code"] == "eid.level2_required"
    assert "mức độ 2" in refused.json()["title"] and "mức độ 1" in refused.json()["title"]
    english = await client.post(
        URL, json=request_body(), headers=people["level1"] | {"Accept-Language": "en"}
    )
    assert "level-2" in english.json()["title"] and "level 1" in english.json()["title"]
    # An officer has no e-ID level at all.
    assert (await client.post(URL, json=request_body(), headers=people["operator"])).status_code == 403
    assert (
        await session.scalar(select(Event).where(Event.event_type == EventType.PORTAL_ACCOUNT_REQUESTED))
        is None
    )


async def test_request_approve_and_the_admin_creates_sub_accounts(
    client: httpx.AsyncClient, session: AsyncSession, people: dict[str, Any]
) -> None:
    created = await client.post(URL, json=request_body(), headers=people["level2"])
    assert created.status_code == 201, created.text
    request_id = created.json()["request_id"]
    assert created.json()["status"] == "pending" and "admin_password" not in created.json()
    logged = await session.scalar(select(Event).where(Event.event_type == EventType.PORTAL_ACCOUNT_REQUESTED))
    assert logged is not None and logged.subject_citizen_id == people["level2_citizen_id"]
    again = await client.post(URL, json=request_body(admin_username="khac.admin"), headers=people["level2"])
    assert again.status_code == 409  # one open request per tax code

    pending = await client.get(URL, headers=people["operator"])
    assert [r["request_id"] for r in pending.json()] == [request_id]
    assert (await client.get(URL, headers=people["level2"])).status_code == 403
    citizen_approves = await client.post(
        f"{URL}/{request_id}/approve", json={"legal_basis": "GP 12/GP-BTTTT"}, headers=people["level2"]
    )
    assert citizen_approves.status_code == 403

    approved = await client.post(
        f"{URL}/{request_id}/approve",
        json={"mandate": ["full_name", "date_of_birth"], "legal_basis": "Giấy phép viễn thông 12/GP-BTTTT"},
        headers=people["operator"],
    )
    assert approved.status_code == 200, approved.text
    org = approved.json()
    assert org["actor_group"] == "k2" and org["has_legal_representative"] is True
    assert org["admin"]["username"] == "songhong.admin" and org["admin"]["is_org_admin"] is True
    organisation = await session.get(Organisation, org["organisation_id"])
    assert (
        organisation is not None
        and organisation.legal_representative_citizen_id == people["level2_citizen_id"]
    )
    types = list(await session.scalars(select(Event.event_type).order_by(Event.id)))
    assert types[-3:] == [
        EventType.ORGANISATION_REGISTERED,
        EventType.MEMBER_CREATED,
        EventType.PORTAL_ACCOUNT_APPROVED,
    ]
    twice = await client.post(
        f"{URL}/{request_id}/approve", json={"legal_basis": "GP 12"}, headers=people["operator"]
    )
    assert twice.status_code == 409

    admin = await bearer_for(client, "songhong.admin", "mat-khau-quan-tri-sh-1")
    staff = {"username": "songhong.cb1", "password": "mat-khau-nhan-vien-1", "display_name": "Nhân viên 1"}
    made = await client.post(
        f"/api/v1/organisations/{org['organisation_id']}/members", json=staff, headers=admin
    )
    assert made.status_code == 201, made.text
    mine = await client.get(f"{URL}/mine", headers=people["level2"])
    assert [(r["status"], r["organisation_id"]) for r in mine.json()] == [
        ("approved", org["organisation_id"])
    ]


async def test_refusal_gives_the_reason_to_the_requester(
    client: httpx.AsyncClient, session: AsyncSession, people: dict[str, Any]
) -> None:
    created = await client.post(URL, json=request_body(actor_group="k3"), headers=people["level2"])
    request_id = created.json()["request_id"]
    missing = await client.post(f"{URL}/{request_id}/refuse", json={"reason": ""}, headers=people["operator"])
    assert missing.status_code == 422
    refused = await client.post(
        f"{URL}/{request_id}/refuse",
        json={"reason": "Mã số thuế không khớp đăng ký doanh nghiệp"},
        headers=people["operator"],
    )
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    mine = (await client.get(f"{URL}/mine", headers=people["level2"])).json()
    assert mine[0]["refusal_reason"] == "Mã số thuế không khớp đăng ký doanh nghiệp"
    event = await session.scalar(select(Event).where(Event.event_type == EventType.PORTAL_ACCOUNT_REFUSED))
    assert event is not None and event.subject_citizen_id == people["level2_citizen_id"]
    assert (await client.get(URL, headers=people["operator"])).json() == []
    assert (
        await client.post(
            f"{URL}/{request_id}/approve", json={"legal_basis": "GP 1"}, headers=people["operator"]
        )
    ).status_code == 409


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"actor_group": "k4"}, "actor_group"),
        ({"actor_group": "k1"}, "actor_group"),
        ({"tax_code": "01012345"}, "tax_code"),
        ({"admin_password": "ngan"}, "admin_password"),
    ],
)
async def test_bad_requests_name_the_field(
    client: httpx.AsyncClient, people: dict[str, Any], change: dict[str, str], field: str
) -> None:
    response = await client.post(URL, json=request_body(**change), headers=people["level2"])
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_only_org_register_decides(
    client: httpx.AsyncClient, session: AsyncSession, people: dict[str, Any]
) -> None:
    created = await client.post(URL, json=request_body(), headers=people["level2"])
    _, password = await make_officer(
        session, username="xa.thuong", role=OfficerRole.COMMUNE_POLICE, unit_code="00070"
    )
    commune = await bearer_for(client, "xa.thuong", password)
    url = f"{URL}/{created.json()['request_id']}/refuse"
    assert (await client.post(url, json={"reason": "Không rõ"}, headers=commune)).status_code == 403
    assert (
        await client.post(f"{URL}/999999/refuse", json={"reason": "x y z"}, headers=people["operator"])
    ).status_code == 404


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


async def test_the_pages_request_then_the_officer_approves(
    client: httpx.AsyncClient, session: AsyncSession, people: dict[str, Any]
) -> None:
    # Bearer sessions work on pages too (no CSRF for a header token); the citizen's form first.
    form = await client.get("/app/organisations/request", headers=people["level1"])
    assert form.status_code == 200 and 'id="level-needed"' in form.text
    body = {k: v for k, v in request_body().items()}
    refused = await client.post("/app/organisations/request", data=body, headers=people["level1"])
    assert refused.status_code == 403 and "mức độ 2" in refused.text
    bad = await client.post(
        "/app/organisations/request", data=body | {"tax_code": "123"}, headers=people["level2"]
    )
    assert bad.status_code == 422 and "Mã số thuế" in bad.text
    assert "mat-khau-quan-tri-sh-1" not in bad.text  # the password is never echoed back
    sent = await client.post("/app/organisations/request", data=body, headers=people["level2"])
    assert sent.status_code == 303
    mine = await client.get(sent.headers["location"], headers=people["level2"])
    assert 'id="notice"' in mine.text and "Đang chờ xử lý" in mine.text

    listed = await client.get("/officer/portal-requests", headers=people["operator"])
    assert listed.status_code == 200 and "Công ty Cổ phần Viễn thông Sông Hồng" in listed.text
    request_id = int(re.search(r'id="request-(\d+)"', listed.text).group(1))  # type: ignore[union-attr]
    missing = await client.post(
        f"/officer/portal-requests/{request_id}/approve",
        data={"mandate": "full_name"},
        headers=people["operator"],
    )
    assert missing.status_code == 422
    done = await client.post(
        f"/officer/portal-requests/{request_id}/approve",
        data={"mandate": "full_name, date_of_birth", "legal_basis": "Giấy phép 12/GP-BTTTT"},
        headers=people["operator"],
    )
    assert done.status_code == 303 and done.headers["location"].endswith("notice=approved")
    organisation = await session.scalar(select(Organisation).where(Organisation.name.like("%Sông Hồng")))
    assert organisation is not None and organisation.mandate == ["full_name", "date_of_birth"]
    approved = await client.get("/app/organisations/request", headers=people["level2"])
    assert "Đã chấp thuận" in approved.text and "songhong.admin" in approved.text
