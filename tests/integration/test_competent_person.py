"""The competent person decides (issue 12 point 2; domain.md §3.3): officers hold a position in their
unit; staff propose, the head approves or refuses, a deputy only under a written delegation in force
for that kind of decision; the log and the signed letter name who decided and under which delegation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.audit.models import Event, EventType
from dancu.clock import VN_TZ, freeze
from dancu.competence.models import Proposal, ProposalStatus
from dancu.enums.documents import DocumentKind
from dancu.exploitation.documents.models import Document
from dancu.registry.queries import citizen_by_pin
from tests.integration.request_support import consent, file, officer_post, request_body, subject
from tests.support.builders import (
    CORRECTION_PROOF,
    birth_body,
    citizen_headers,
    dossier,
    issue_headers,
    make_officer,
)
from tests.support.pdf_text import pdf_text

# Friday 4 December 2026, 10:00 in Hà Nội.
FRIDAY = dt.datetime(2026, 12, 4, 10, 0, tzinfo=VN_TZ)
NAME_FIX = {"item": "full_name", "value": {"family": "Nguyễn", "middle": "Minh", "given": "Khanh"}}


@pytest.fixture(autouse=True)
def on_a_friday() -> Iterator[None]:
    with freeze(FRIDAY):
        yield


@dataclass
class Unit:
    """Công an phường Hoàn Kiếm: its head, a deputy and a staff member; one resident filing DC02."""

    head: dict[str, str]
    deputy: dict[str, str]
    staff: dict[str, str]
    pin: str
    citizen: dict[str, str]


async def _officers(
    session: AsyncSession, role: OfficerRole, unit: str | None, prefix: str
) -> list[dict[str, str]]:
    out = []
    for suffix, position in (("truong", Position.HEAD), ("pho", Position.DEPUTY), ("canbo", Position.STAFF)):
        username = f"{prefix}.{suffix}"
        await make_officer(session, username=username, role=role, unit_code=unit, position=position)
        out.append(await issue_headers(session, username))
    return out


@pytest.fixture
async def unit(client: httpx.AsyncClient, session: AsyncSession) -> Unit:
    head, deputy, staff = await _officers(session, OfficerRole.COMMUNE_POLICE, "00070", "xa")
    born = await client.post(
        "/api/v1/registry/births", json=birth_body(date_of_birth="1990-05-17"), headers=head
    )
    assert born.status_code == 201, born.text
    pin = str(born.json()["pin"])
    citizen = await citizen_by_pin(session, pin)
    return Unit(head, deputy, staff, pin, await citizen_headers(client, session, citizen.id))


async def _file_correction(client: httpx.AsyncClient, unit: Unit, given: str = "Khanh") -> str:
    fix = NAME_FIX | {"value": NAME_FIX["value"] | {"given": given}}
    body = {"items": [fix], "reason": "Tên bị sai dấu so với giấy khai sinh", "proof": CORRECTION_PROOF}
    response = await client.post("/api/v1/eid/me/corrections", json=body, headers=unit.citizen)
    assert response.status_code == 201, response.text
    return str(response.json()["reference"])


def _delegation(**overrides: Any) -> dict[str, Any]:
    return {
        "number": "15/QĐ-CAP",
        "signed_on": "2026-11-30",
        "deputy_username": "xa.pho",
        "scope": ["correction"],
        "content": "Giao quyền phê duyệt điều chỉnh thông tin theo đề nghị của công dân",
        "valid_from": "2026-12-01",
        "valid_until": "2026-12-31",
    } | overrides


async def _event(session: AsyncSession, event_type: EventType, ref: str) -> Event:
    found = await session.scalar(
        select(Event)
        .where(Event.event_type == event_type, Event.request_ref == ref)
        .order_by(Event.id.desc())
    )
    assert found is not None, f"no {event_type} for {ref}"
    return found


async def test_a_staff_member_cannot_approve_a_correction(client: httpx.AsyncClient, unit: Unit) -> None:
    """TT 117/2026 Điều 8 khoản 3: "Trưởng Công an cấp xã thực hiện phê duyệt hồ sơ cập nhật, điều
    chỉnh thông tin theo đề nghị của công dân"; Điều 17 khoản 3: the officer "lập đề xuất … và báo cáo
    … Trưởng Công an cấp xã xem xét, phê duyệt". A staff member approving directly is refused, naming
    the rule, and the request stays undecided."""
    reference = await _file_correction(client, unit)
    for action, body in (("approval", None), ("refusal", {"ground": "other", "text": "Không đủ căn cứ"})):
        response = await client.post(
            f"/api/v1/corrections/{reference}/{action}", json=body, headers=unit.staff
        )
        assert response.status_code == 403, response.text
        problem = response.json()
        assert problem["code"] == "competence.staff_cannot_decide"
        assert "Điều 17 khoản 3–4" in problem["title"] and "Điều 8 khoản" in problem["title"]
    shown = await client.get(f"/api/v1/corrections/{reference}", headers=unit.head)
    assert shown.json()["status"] == "submitted"


async def test_staff_propose_and_the_head_approves_naming_both(
    client: httpx.AsyncClient, session: AsyncSession, unit: Unit
) -> None:
    """TT 117/2026 Điều 17 khoản 3–4 (and Điều 8 khoản 1 c, khoản 3): the staff member's proposal is
    reported to the head, who decides; the log names the approver, their title and the proposer."""
    reference = await _file_correction(client, unit)
    proposed = await client.post(
        f"/api/v1/corrections/{reference}/proposal",
        json={"recommendation": "approve", "text": "Giấy khai sinh ghi tên Khanh; đề nghị phê duyệt"},
        headers=unit.staff,
    )
    assert proposed.status_code == 201, proposed.text
    assert proposed.json()["status"] == "open" and proposed.json()["proposed_by"].startswith("Xa.Canbo")
    logged = await _event(session, EventType.DECISION_PROPOSED, reference)
    assert logged.data["recommendation"] == "approve"

    approved = await client.post(f"/api/v1/corrections/{reference}/approval", headers=unit.head)
    assert approved.status_code == 200, approved.text
    event = await _event(session, EventType.CORRECTION_APPROVED, reference)
    assert event.data["approver_position"] == "head"
    assert event.data["approver_title"] == "Trưởng Công an cấp xã"
    assert event.data["approved_by"].startswith("Xa.Truong")
    assert event.data["proposed_by"].startswith("Xa.Canbo")
    assert "delegation_number" not in event.data
    proposal = await session.scalar(select(Proposal).where(Proposal.ref == reference))
    assert proposal is not None and proposal.status is ProposalStatus.DECIDED
    assert proposal.decision is not None and proposal.decision["approver_title"] == "Trưởng Công an cấp xã"


async def test_a_deputy_decides_only_under_a_delegation_in_force_for_that_kind(
    client: httpx.AsyncClient, session: AsyncSession, unit: Unit
) -> None:
    """TT 117/2026 Điều 3 khoản 6: "Trưởng Công an cấp xã có thể giao quyền cho cấp phó thực hiện giải
    quyết, phê duyệt … Việc giao quyền phải được thể hiện bằng quyết định, trong đó xác định rõ phạm vi,
    nội dung, thời hạn giao quyền". Without one, outside its scope or its term, or once revoked, the
    deputy is refused; with one, the log names the delegation's number and date."""
    reference = await _file_correction(client, unit)
    approve = f"/api/v1/corrections/{reference}/approval"
    refused = await client.post(approve, headers=unit.deputy)
    assert refused.status_code == 403 and refused.json()["code"] == "competence.no_delegation"
    assert "Điều 3 khoản 6" in refused.json()["title"]

    # A delegation for exploitation only does not cover a correction; one whose term ended neither.
    for wrong in (
        _delegation(number="1/QĐ", scope=["exploitation"]),
        _delegation(number="2/QĐ", valid_until="2026-12-03"),
    ):
        given = await client.post("/api/v1/officer/delegations", json=wrong, headers=unit.head)
        assert given.status_code == 201, given.text
    assert (await client.post(approve, headers=unit.deputy)).json()["code"] == "competence.no_delegation"

    given = await client.post("/api/v1/officer/delegations", json=_delegation(), headers=unit.head)
    assert given.status_code == 201, given.text
    assert given.json()["in_force_today"] and given.json()["scope"] == ["correction"]
    created = await session.scalar(
        select(Event).where(Event.event_type == EventType.DELEGATION_CREATED).order_by(Event.id.desc())
    )
    assert created is not None and created.data["number"] == "15/QĐ-CAP"

    approved = await client.post(approve, headers=unit.deputy)
    assert approved.status_code == 200, approved.text
    event = await _event(session, EventType.CORRECTION_APPROVED, reference)
    assert event.data["approver_position"] == "deputy"
    assert event.data["approver_title"] == "Phó trưởng Công an cấp xã"
    assert (event.data["delegation_number"], event.data["delegation_date"]) == ("15/QĐ-CAP", "2026-11-30")

    # Revoked: the next correction is refused to the deputy again.
    revoked = await client.post(
        f"/api/v1/officer/delegations/{given.json()['id']}/revocation",
        json={"reason": "Điều động công tác khác"},
        headers=unit.head,
    )
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    second = await _file_correction(client, unit, given="Khánh")
    late = await client.post(f"/api/v1/corrections/{second}/approval", headers=unit.deputy)
    assert late.status_code == 403 and late.json()["code"] == "competence.no_delegation"
    listed = (await client.get("/api/v1/officer/delegations", headers=unit.staff)).json()["items"]
    assert [d["number"] for d in listed] == ["15/QĐ-CAP", "2/QĐ", "1/QĐ"]


async def test_only_the_head_delegates_and_only_to_a_deputy_of_the_unit(
    client: httpx.AsyncClient, session: AsyncSession, unit: Unit
) -> None:
    """TT 117/2026 Điều 3 khoản 6: the head gives the power "cho cấp phó"; "cấp phó được giao quyền
    không được giao quyền cho người khác"."""
    by_deputy = await client.post(
        "/api/v1/officer/delegations", json=_delegation(deputy_username="xa.pho"), headers=unit.deputy
    )
    assert by_deputy.status_code == 403 and by_deputy.json()["code"] == "competence.only_head_delegates"
    by_staff = await client.post("/api/v1/officer/delegations", json=_delegation(), headers=unit.staff)
    assert by_staff.status_code == 403
    to_staff = await client.post(
        "/api/v1/officer/delegations", json=_delegation(deputy_username="xa.canbo"), headers=unit.head
    )
    assert to_staff.status_code == 422 and to_staff.json()["errors"][0]["rule"] == "competence.not_a_deputy"
    await make_officer(
        session,
        username="xa2.pho",
        role=OfficerRole.COMMUNE_POLICE,
        unit_code="00004",
        position=Position.DEPUTY,
    )
    elsewhere = await client.post(
        "/api/v1/officer/delegations", json=_delegation(deputy_username="xa2.pho"), headers=unit.head
    )
    assert elsewhere.status_code == 422
    assert elsewhere.json()["errors"][0]["rule"] == "competence.deputy_not_in_unit"
    reversed_term = _delegation(valid_from="2026-12-31", valid_until="2026-12-01")
    bad = await client.post("/api/v1/officer/delegations", json=reversed_term, headers=unit.head)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "valid_until"


async def test_pin_reestablishment_and_collection_need_the_head(
    client: httpx.AsyncClient, session: AsyncSession, unit: Unit
) -> None:
    """NĐ 70/2024 Điều 11 and TT 117/2026 Điều 5 khoản 3 điểm a, khoản 5: staff "báo cáo Trưởng Công an
    cấp xã phê duyệt" a collection; PIN cancellation and re-establishment is the head's decision too."""
    await make_officer(
        session, username="c06.canbo", role=OfficerRole.IDENTITY_AGENCY, position=Position.STAFF
    )
    await make_officer(session, username="c06.thutruong", role=OfficerRole.IDENTITY_AGENCY)
    c06_staff = await issue_headers(session, "c06.canbo")
    c06_head = await issue_headers(session, "c06.thutruong")
    url = f"/api/v1/registry/citizens/{unit.pin}"
    adjust = {"item": "sex", "value": "2", "reason": "Xác định lại giới tính", "proof": "QĐ 9", **dossier()}
    assert (await client.post(f"{url}/adjustments", json=adjust, headers=c06_head)).status_code == 204
    # Ground c (forged documents): grounds a and b are closed since NĐ 58/2026 (ADR 0016).
    change = {"ground": "forged_documents", **dossier()}
    by_staff = await client.post(f"{url}/pin-reestablishment", json=change, headers=c06_staff)
    assert by_staff.status_code == 403 and by_staff.json()["code"] == "competence.staff_cannot_decide"
    by_head = await client.post(f"{url}/pin-reestablishment", json=change, headers=c06_head)
    assert by_head.status_code == 200, by_head.text
    event = await session.scalar(
        select(Event).where(Event.event_type == EventType.PIN_REESTABLISHED).order_by(Event.id.desc())
    )
    assert event is not None and event.data["approver_position"] == "head"
    assert event.data["approver_title"] == "Thủ trưởng cơ quan quản lý căn cước Bộ Công an"

    collect = {
        "full_name": {"family": "Lê", "middle": "Văn", "given": "Tám"},
        "date_of_birth": "1948",
        "sex": "1",
        "birth_registration_place": {"unit_code": "00070", "unit_version": "2025"},
        "ethnicity": "01",
        "legal_basis": "NĐ 70/2024 Điều 5 khoản 6; Phiếu DC01",
        "dossier_number": "DC01-2026-77",
    }
    staff = await client.post("/api/v1/registry/citizens/collect", json=collect, headers=unit.staff)
    assert staff.status_code == 403 and staff.json()["code"] == "competence.staff_cannot_decide"
    assert "Điều 5 khoản 3" in staff.json()["title"]
    head = await client.post("/api/v1/registry/citizens/collect", json=collect, headers=unit.head)
    assert head.status_code == 201, head.text
    collected = await session.scalar(
        select(Event).where(Event.event_type == EventType.CITIZEN_COLLECTED).order_by(Event.id.desc())
    )
    assert collected is not None and collected.data["approver_title"] == "Trưởng Công an cấp xã"


async def test_an_exploitation_refusal_letter_names_the_deputy_and_the_delegation(
    client: httpx.AsyncClient, session: AsyncSession, unit: Unit
) -> None:
    """TT 117/2026 Điều 17 khoản 4 điểm b: the head (or a deputy by delegation, Điều 3 khoản 6)
    "nêu rõ lý do"; domain.md §3.3: letters and logs show the approver's title and name (deputy: +
    delegation). Staff may only propose."""
    other = await client.post(
        "/api/v1/registry/births",
        json=birth_body(
            date_of_birth="1985-01-02", full_name={"family": "Lê", "middle": "Thị", "given": "Hoa"}, sex="2"
        ),
        headers=unit.head,
    )
    other_citizen = await citizen_by_pin(session, other.json()["pin"])
    requester = await citizen_headers(client, session, other_citizen.id)
    filed = await file(
        client,
        requester,
        request_body(
            [subject(unit.pin, name="Nguyễn Minh Khang", dob="1990-05-17")], ["permanent_residence"]
        ),
    )
    assert (filed["competent_role"], filed["competent_unit"]) == ("commune_police", "00070")
    await consent(client, unit.citizen, filed["ref"], ["permanent_residence"], [])
    refusal = {"grounds": ["purpose_not_lawful"], "text": "Mục đích không được chứng minh"}
    staff = await officer_post(client, unit.staff, filed["ref"], "refuse", refusal)
    assert staff.status_code == 403 and staff.json()["code"] == "competence.staff_cannot_decide"
    proposed = await officer_post(
        client,
        unit.staff,
        filed["ref"],
        "proposal",
        {"recommendation": "refuse", "text": "Không rõ mục đích"},
    )
    assert proposed.status_code == 201, proposed.text
    deputy = await officer_post(client, unit.deputy, filed["ref"], "refuse", refusal)
    assert deputy.status_code == 403 and deputy.json()["code"] == "competence.no_delegation"
    given = await client.post(
        "/api/v1/officer/delegations",
        json=_delegation(number="7/QĐ-CAP", scope=["exploitation"]),
        headers=unit.head,
    )
    assert given.status_code == 201, given.text
    refused = await officer_post(client, unit.deputy, filed["ref"], "refuse", refusal)
    assert refused.status_code == 200, refused.text

    event = await _event(session, EventType.REQUEST_REFUSED, filed["ref"])
    assert event.data["delegation_number"] == "7/QĐ-CAP" and event.data["proposed_by"].startswith("Xa.Canbo")
    letter = await session.scalar(
        select(Document).where(Document.kind == DocumentKind.REFUSAL, Document.source_ref == filed["ref"])
    )
    assert letter is not None
    text = " ".join(pdf_text(letter.pdf).split())
    assert "KT. Trưởng Công an cấp xã" in text and "Phó trưởng Công an cấp xã" in text
    assert "Quyết định giao quyền số 7/QĐ-CAP ngày 30/11/2026" in text


async def test_the_head_gives_and_revokes_a_delegation_on_the_console_page(
    client: httpx.AsyncClient, session: AsyncSession, unit: Unit
) -> None:
    """TT 117/2026 Điều 3 khoản 6: the decision states "phạm vi, nội dung, thời hạn giao quyền"; the head
    records it on the console, the unit's officers see it, staff get no form to give one."""
    empty = await client.post("/officer/delegations", data={"number": ""}, headers=unit.head)
    assert empty.status_code == 422
    assert 'id="e-number"' in empty.text and 'id="e-deputy_username"' in empty.text
    form = _delegation(scope=["correction", "exploitation"])
    done = await client.post("/officer/delegations", data=form, headers=unit.head)
    assert done.status_code == 303, done.text
    shown = await client.get(done.headers["location"], headers=unit.head)
    assert "Đã ghi quyết định giao quyền" in shown.text and "15/QĐ-CAP, 30/11/2026" in shown.text
    assert "Đang có hiệu lực" in shown.text and "Trưởng Công an cấp xã" in shown.text
    staff_view = await client.get("/officer/delegations", headers=unit.staff)
    assert staff_view.status_code == 200 and "15/QĐ-CAP" in staff_view.text
    assert '<span id="position">Cán bộ</span>' in staff_view.text
    assert 'id="give"' not in staff_view.text and "/revoke" not in staff_view.text
    listed = (await client.get("/api/v1/officer/delegations", headers=unit.head)).json()["items"]
    assert listed[0]["scope"] == ["correction", "exploitation"]
    revoke = f"/officer/delegations/{listed[0]['id']}/revoke"
    by_staff = await client.post(revoke, data={"reason": "Không"}, headers=unit.staff)
    assert by_staff.status_code == 403 and "Chỉ Thủ trưởng" in by_staff.text
    revoked = await client.post(revoke, data={"reason": "Điều động công tác"}, headers=unit.head)
    assert revoked.status_code == 303
    after = await client.get(revoked.headers["location"], headers=unit.head)
    assert "Đã thu hồi: Điều động công tác" in after.text


async def test_staff_propose_on_the_console_and_the_head_sees_it(
    client: httpx.AsyncClient, session: AsyncSession, unit: Unit
) -> None:
    """TT 117/2026 Điều 8 khoản 1 điểm c: "cán bộ tiếp nhận báo cáo đề xuất Trưởng Công an cấp xã phê
    duyệt"; the console gives staff a proposal form and refuses their approval with the rule."""
    reference = await _file_correction(client, unit)
    url = f"/officer/corrections/{reference}"
    empty = await client.post(f"{url}/propose", data={"recommendation": ""}, headers=unit.staff)
    assert empty.status_code == 422
    assert 'id="e-recommendation"' in empty.text and 'id="e-proposal_text"' in empty.text
    text = "Đối chiếu giấy khai sinh: tên đúng là Khanh"
    done = await client.post(
        f"{url}/propose", data={"recommendation": "approve", "proposal_text": text}, headers=unit.staff
    )
    assert done.status_code == 303, done.text
    refused = await client.post(f"{url}/approve", headers=unit.staff)
    assert refused.status_code == 403 and "Điều 17 khoản 3–4" in refused.text
    shown = await client.get(url, headers=unit.head)
    assert text in shown.text and "Xa.Canbo" in shown.text
    assert (await client.post(f"{url}/approve", headers=unit.head)).status_code == 303
    decided = await client.get(url, headers=unit.head)
    assert "đã quyết định: Xa.Truong" in decided.text


async def test_the_document_of_information_provided_names_the_head_who_approved(
    client: httpx.AsyncClient, session: AsyncSession, unit: Unit
) -> None:
    """TT 117/2026 Điều 17 khoản 4 điểm a: the head "phê duyệt phạm vi, nội dung thông tin được khai thác
    và hình thức cung cấp kết quả"; the permit and the signed document name who approved."""
    filed = await file(
        client,
        unit.citizen,
        request_body([subject(unit.pin, name="Nguyễn Minh Khang", dob="1990-05-17")], ["sex"]),
    )
    assert filed["own_data"] and filed["status"] == "routed"
    staff = await officer_post(client, unit.staff, filed["ref"], "approve", {})
    assert staff.status_code == 403 and staff.json()["code"] == "competence.staff_cannot_decide"
    approved = await officer_post(client, unit.head, filed["ref"], "approve", {})
    assert approved.status_code == 200, approved.text
    assert approved.json()["permit"]["issued_by_label"].startswith("Trưởng Công an cấp xã: Xa.Truong")
    delivered = await client.post(f"/api/v1/requests/{filed['ref']}/delivery", headers=unit.citizen)
    assert delivered.status_code == 201, delivered.text
    document = await session.scalar(
        select(Document).where(
            Document.kind == DocumentKind.PROVIDED_INFO, Document.source_ref == filed["ref"]
        )
    )
    assert document is not None
    text = " ".join(pdf_text(document.pdf).split())
    assert "Người phê duyệt: Trưởng Công an cấp xã: Xa.Truong (xa.truong)" in text
