"""Issue 12, point 5 (second part): a correction the commune map cannot place is held by the province
police, who assign the competent commune police; the assignment is recorded and logged and the case
moves to that commune's queue. A resident of an old commune that changed code files a correction end
to end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import ROLE_PERMISSIONS, OfficerRole, Permission
from dancu.audit.models import Event, EventType
from dancu.clock import VN_TZ, freeze
from dancu.corrections.models import CorrectionRequest
from dancu.enums.registry import Item
from dancu.registry.models import Citizen
from dancu.registry.queries import citizen_by_pin, item_as_of
from tests.support.builders import CORRECTION_PROOF, birth_body, citizen_headers, issue_headers, make_officer

SPLIT_COMMUNE = "31268"  # Xã Tân Thạnh (pre-2025, Sóc Trăng → Cần Thơ 92): went to 31288 and 31666
SUCCESSOR = "31288"
UNMAPPED = "03751"  # Xã Chiềng Ly (pre-2025, Sơn La 14): not in the shipped commune map
RENAMED = ("00001", "00097")  # Phường Phúc Xá → Phường Hồng Hà (Hà Nội): merged whole, new code
NAME_FIX = {"item": "full_name", "value": {"family": "Nguyễn", "middle": "Minh", "given": "Khanh"}}


@pytest.fixture(autouse=True)
def on_a_friday() -> Iterator[None]:
    with freeze(dt.datetime(2026, 12, 4, 10, 0, tzinfo=VN_TZ)):
        yield


async def _resident_files(
    client: httpx.AsyncClient, session: AsyncSession, residence: str
) -> tuple[str, int]:
    await make_officer(session, username="xa.hoankiem", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
    born = await client.post(
        "/api/v1/registry/births",
        json=birth_body(date_of_birth="1990-05-17"),
        headers=await issue_headers(session, "xa.hoankiem"),
    )
    assert born.status_code == 201, born.text
    citizen = await citizen_by_pin(session, born.json()["pin"])
    citizen.residence_unit_code, citizen.residence_unit_version = residence, "pre2025"
    await session.flush()
    body = {"items": [NAME_FIX], "reason": "Tên bị sai dấu so với giấy khai sinh", "proof": CORRECTION_PROOF}
    filed = await client.post(
        "/api/v1/eid/me/corrections", json=body, headers=await citizen_headers(client, session, citizen.id)
    )
    assert filed.status_code == 201, filed.text
    return str(filed.json()["reference"]), citizen.id


async def _officer(session: AsyncSession, username: str, role: OfficerRole, unit: str) -> dict[str, str]:
    await make_officer(session, username=username, role=role, unit_code=unit)
    return await issue_headers(session, username)


def test_the_province_police_may_see_and_decide_corrections_held_at_province_level() -> None:
    """domain.md §1.5: "no successor, or several → route to the merged province (always known) and
    queue for a provincial officer to assign the commune police"; §2.3 (new NĐ 70 Điều 24): corrections
    received at the provincial identity office are decided by "Thủ trưởng cơ quan tiếp nhận hồ sơ"."""
    assert Permission.CORRECTION_DECIDE in ROLE_PERMISSIONS[OfficerRole.PROVINCIAL_POLICE]


async def test_a_resident_of_an_old_commune_that_changed_code_files_a_correction_end_to_end(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """New NĐ 70 Điều 6 khoản 3: "Trưởng Công an cấp xã nơi công dân cư trú" decides within 02 working
    days; TT 117 Điều 26 khoản 3: the 2025 restructuring may not "làm ảnh hưởng đến quyền, lợi ích hợp
    pháp của công dân". The old commune's code is mapped to the new commune, whose police decide."""
    old, new = RENAMED
    reference, citizen_id = await _resident_files(client, session, old)
    officer = await _officer(session, "xa.hongha", OfficerRole.COMMUNE_POLICE, new)
    queue = await client.get("/api/v1/corrections", headers=officer)
    assert [r["reference"] for r in queue.json()["items"]] == [reference]
    assert queue.json()["items"][0]["commune_code"] == new
    approved = await client.post(f"/api/v1/corrections/{reference}/approval", headers=officer)
    assert approved.status_code == 200, approved.text
    name = await item_as_of(session, citizen_id, Item.FULL_NAME)
    assert name is not None and name.value["given"] == "Khanh"


async def _events(session: AsyncSession, reference: str) -> list[Event]:
    return list(await session.scalars(select(Event).where(Event.request_ref == reference).order_by(Event.id)))


async def test_the_province_police_assign_a_split_communes_correction_to_a_successor(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """domain.md §1.5: "A partial map must never block a procedure: no successor, or several → route to
    the merged province (always known) and queue for a provincial officer to assign the commune police;
    record who and why. Never guess a successor for a split commune." """
    reference, _ = await _resident_files(client, session, SPLIT_COMMUNE)
    province = await _officer(session, "tinh.cantho", OfficerRole.PROVINCIAL_POLICE, "92")
    commune = await _officer(session, "xa.truongthanh", OfficerRole.COMMUNE_POLICE, SUCCESSOR)
    other_province = await _officer(session, "tinh.hanoi", OfficerRole.PROVINCIAL_POLICE, "01")

    queue = await client.get("/api/v1/corrections", headers=province)
    assert queue.status_code == 200, queue.text
    [row] = queue.json()["items"]
    assert row["reference"] == reference and row["commune_code"] == "92"
    assert [c["code"] for c in row["assignable"]] == ["31288", "31666"]  # the successors, no guess
    assert (await client.get("/api/v1/corrections", headers=commune)).json()["items"] == []

    url = f"/api/v1/corrections/{reference}/assignment"
    body: dict[str, Any] = {"commune_code": "00070", "reason": "Địa chỉ thuộc ấp Tân Thạnh A"}
    wrong = await client.post(url, json=body, headers=province)
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "commune_code"
    body["commune_code"] = SUCCESSOR
    assert (await client.post(url, json=body, headers=other_province)).status_code == 403
    assert (await client.post(url, json=body, headers=commune)).status_code == 403

    assigned = await client.post(url, json=body, headers=province)
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["commune_code"] == SUCCESSOR
    assert assigned.json()["assignment"]["assigned_from"] == "92"
    stored = await session.scalar(select(CorrectionRequest).where(CorrectionRequest.reference == reference))
    assert stored is not None
    await session.refresh(stored)
    assert stored.commune_code == SUCCESSOR and stored.assigned_at is not None
    assert stored.assigned_by_account_id is not None and stored.assignment_reason == body["reason"]
    [event] = [e for e in await _events(session, reference) if e.event_type is EventType.CORRECTION_ASSIGNED]
    assert event.data["from"] == "92" and event.data["commune_code"] == SUCCESSOR
    assert event.actor_account_id == stored.assigned_by_account_id

    assert (await client.get("/api/v1/corrections", headers=province)).json()["items"] == []
    assert (await client.post(url, json=body, headers=province)).status_code == 403  # no longer theirs
    moved = await client.get("/api/v1/corrections", headers=commune)
    assert [r["reference"] for r in moved.json()["items"]] == [reference]
    approved = await client.post(f"/api/v1/corrections/{reference}/approval", headers=commune)
    assert approved.status_code == 200, approved.text


async def test_an_unmapped_commune_may_go_to_any_commune_of_its_province_from_the_console(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """domain.md §1.5 ("no successor … queue for a provincial officer to assign the commune police"):
    when the old commune is not in the map, the choice is any commune of the 2025 province."""
    reference, _ = await _resident_files(client, session, UNMAPPED)
    province = await _officer(session, "tinh.sonla", OfficerRole.PROVINCIAL_POLICE, "14")
    page = await client.get(f"/officer/corrections/{reference}", headers=province)
    assert page.status_code == 200 and 'id="assign"' in page.text
    form_url = f"/officer/corrections/{reference}/assign"
    empty = await client.post(form_url, data={"commune_code": "", "reason": ""}, headers=province)
    assert empty.status_code == 422 and 'id="e-commune_code"' in empty.text and 'id="e-reason"' in empty.text
    api = await client.get(f"/api/v1/corrections/{reference}", headers=province)
    choices = [c["code"] for c in api.json()["assignable"]]
    assert len(choices) > 10 and SUCCESSOR not in choices
    done = await client.post(
        form_url, data={"commune_code": choices[0], "reason": "Theo địa chỉ thường trú"}, headers=province
    )
    assert done.status_code == 303, done.text
    commune = await _officer(session, "xa.sonla", OfficerRole.COMMUNE_POLICE, choices[0])
    moved = await client.get("/api/v1/corrections", headers=commune)
    assert [r["reference"] for r in moved.json()["items"]] == [reference]


async def test_the_province_police_assign_a_khoan_4_request_of_a_split_communes_resident(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """New NĐ 70 Điều 9 khoản 4 (NĐ 58/2026 Điều 5 khoản 5): "Trưởng Công an cấp xã" decides for
    "cá nhân cư trú trên địa bàn quản lý"; domain.md §1.5: when the map cannot tell that commune, the
    province police receive the request and assign the commune police, recording who and why."""
    from tests.integration.request_support import OTHER_NAME, build_world, file, request_body, subject

    world = await build_world(client, session)
    resident = await session.get(Citizen, world.customer_id)
    assert resident is not None
    resident.residence_unit_code, resident.residence_unit_version = SPLIT_COMMUNE, "pre2025"
    await session.flush()
    filed = await file(client, world.customer, request_body([subject(world.other_pin, OTHER_NAME)], ["sex"]))
    assert (filed["competent_role"], filed["competent_unit"]) == ("provincial_police", "92")
    assert filed["assignable_communes"] == []  # the requester is not shown the officers' choices
    province = await _officer(session, "tinh.cantho", OfficerRole.PROVINCIAL_POLICE, "92")
    held = await client.get(f"/api/v1/officer/requests/{filed['ref']}", headers=province)
    assert held.json()["assignable_communes"] == ["31288", "31666"]  # the successors, no guess
    commune = await _officer(session, "xa.truongthanh", OfficerRole.COMMUNE_POLICE, SUCCESSOR)
    url = f"/api/v1/officer/requests/{filed['ref']}/assignment"
    body: dict[str, Any] = {"commune_code": "00070", "reason": "Địa chỉ thuộc ấp Tân Thạnh A"}
    wrong = await client.post(url, json=body, headers=province)
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "commune_code"
    body["commune_code"] = SUCCESSOR
    assert (await client.post(url, json=body, headers=commune)).status_code in (403, 404)
    assigned = await client.post(url, json=body, headers=province)
    assert assigned.status_code == 200, assigned.text
    assert (assigned.json()["competent_role"], assigned.json()["competent_unit"]) == (
        "commune_police",
        SUCCESSOR,
    )
    [event] = [e for e in await _events(session, filed["ref"]) if e.event_type is EventType.REQUEST_ASSIGNED]
    assert event.data["assigned_from"] == "92" and event.data["commune_code"] == SUCCESSOR
    queue = await client.get("/api/v1/officer/requests", headers=commune)
    assert [r["ref"] for r in queue.json()["requests"]] == [filed["ref"]]
    assert (await client.get("/api/v1/officer/requests", headers=province)).json()["requests"] == []


async def test_the_province_police_assign_a_requests_commune_on_the_console(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """domain.md §1.5: "no successor, or several → route to the merged province … and queue for a
    provincial officer to assign the commune police; record who and why. Never guess a successor";
    NĐ 70 Điều 9 khoản 4 (as amended): the Trưởng Công an cấp xã of the residence then decides. The
    console page offers only the successors, refuses an empty form inline and a commune officer's post,
    and moves the request to the chosen commune's queue."""
    from tests.integration.request_support import OTHER_NAME, build_world, file, request_body, subject

    world = await build_world(client, session)
    resident = await session.get(Citizen, world.customer_id)
    assert resident is not None
    resident.residence_unit_code, resident.residence_unit_version = SPLIT_COMMUNE, "pre2025"
    await session.flush()
    filed = await file(client, world.customer, request_body([subject(world.other_pin, OTHER_NAME)], ["sex"]))
    province = await _officer(session, "tinh.cantho", OfficerRole.PROVINCIAL_POLICE, "92")
    shown = await client.get(f"/officer/requests/{filed['ref']}", headers=province)
    assert shown.status_code == 200 and 'id="assign"' in shown.text
    assert (
        'value="31288"' in shown.text and 'value="31666"' in shown.text and 'value="00070"' not in shown.text
    )
    form_url = f"/officer/requests/{filed['ref']}/assign"
    empty = await client.post(form_url, data={"commune_code": "", "reason": ""}, headers=province)
    assert empty.status_code == 422
    assert 'id="e-commune_code"' in empty.text and 'id="e-reason"' in empty.text
    wrong = await client.post(
        form_url, data={"commune_code": "00070", "reason": "Địa chỉ thuộc ấp Tân Thạnh A"}, headers=province
    )
    assert wrong.status_code == 422 and 'id="e-commune_code"' in wrong.text
    commune = await _officer(session, "xa.truongthanh", OfficerRole.COMMUNE_POLICE, SUCCESSOR)
    data = {"commune_code": SUCCESSOR, "reason": "Địa chỉ thuộc ấp Tân Thạnh A"}
    assert (await client.post(form_url, data=data, headers=commune)).status_code in (403, 404)
    done = await client.post(form_url, data=data, headers=province)
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/officer/requests?notice=assigned"
    back = await client.get(done.headers["location"], headers=province)
    assert 'id="notice"' in back.text and filed["ref"] not in back.text
    [event] = [e for e in await _events(session, filed["ref"]) if e.event_type is EventType.REQUEST_ASSIGNED]
    assert event.data["commune_code"] == SUCCESSOR and event.data["reason"] == data["reason"]
    queue = await client.get("/api/v1/officer/requests", headers=commune)
    assert [r["ref"] for r in queue.json()["requests"]] == [filed["ref"]]
