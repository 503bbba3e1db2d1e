"""Staff proposals for the two kinds that lacked them — PIN cancellation and re-establishment, DC01
collection — and the two-person rule (issue 12 point 2: "staff prepare a proposal, the head or a
delegated deputy approves, and the document and log name who approved … Applies to exploitation,
corrections, PIN decisions and collections")."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.audit.models import Event, EventType
from dancu.competence import policies as competence
from dancu.competence.models import Proposal, ProposalStatus
from dancu.settings import get_settings
from tests.integration.test_competent_person import Unit, on_a_friday, unit  # noqa: F401  (fixtures)
from tests.support.builders import dossier, issue_headers, make_officer

COLLECT = {
    "full_name": {"family": "Lê", "middle": "Văn", "given": "Tám"},
    "date_of_birth": "1948",
    "sex": "1",
    "birth_registration_place": {"unit_code": "00070", "unit_version": "2025"},
    "ethnicity": "01",
    "legal_basis": "NĐ 70/2024 Điều 5 khoản 6; Phiếu DC01",
    "dossier_number": "DC01-2026-88",
}


async def _last(session: AsyncSession, event_type: EventType) -> Event:
    found = await session.scalar(
        select(Event).where(Event.event_type == event_type).order_by(Event.id.desc())
    )
    assert found is not None
    return found


async def test_staff_propose_a_pin_reestablishment_and_the_head_decides_naming_the_proposal(
    client: httpx.AsyncClient,
    session: AsyncSession,
    unit: Unit,  # noqa: F811  (the fixture imported above)
) -> None:
    """TT 117/2026 Điều 17 khoản 3: the officer "lập đề xuất … và báo cáo Thủ trưởng"; khoản 4: the head
    decides. NĐ 70/2024 Điều 11: PIN cancellation and re-establishment is that decision; the log of the
    re-establishment names the proposal and its author, and the proposal is closed."""
    await make_officer(
        session, username="c06.canbo", role=OfficerRole.IDENTITY_AGENCY, position=Position.STAFF
    )
    await make_officer(session, username="c06.thutruong", role=OfficerRole.IDENTITY_AGENCY)
    staff = await issue_headers(session, "c06.canbo")
    head = await issue_headers(session, "c06.thutruong")
    url = f"/api/v1/registry/citizens/{unit.pin}"
    adjust = {"item": "sex", "value": "2", "reason": "Xác định lại giới tính", "proof": "QĐ 9", **dossier()}
    assert (await client.post(f"{url}/adjustments", json=adjust, headers=head)).status_code == 204
    empty = await client.post(f"{url}/pin-reestablishment/proposal", json={"text": "x"}, headers=staff)
    assert empty.status_code == 422
    proposed = await client.post(
        f"{url}/pin-reestablishment/proposal",
        json={"recommendation": "approve", "text": "Giới tính xác định lại theo QĐ 9; đề nghị xác lập lại"},
        headers=staff,
    )
    assert proposed.status_code == 201, proposed.text
    assert proposed.json()["kind"] == "pin" and proposed.json()["ref"] == unit.pin
    logged = await _last(session, EventType.DECISION_PROPOSED)
    assert logged.subject_citizen_id is not None and logged.data["kind"] == "pin"

    # Ground c (forged documents): grounds a and b are closed since NĐ 58/2026 (ADR 0016).
    change = {"ground": "forged_documents", **dossier()}
    decided = await client.post(f"{url}/pin-reestablishment", json=change, headers=head)
    assert decided.status_code == 200, decided.text
    event = await _last(session, EventType.PIN_REESTABLISHED)
    assert event.data["proposal_id"] == proposed.json()["id"]
    assert event.data["proposed_by"].startswith("C06.Canbo")
    assert event.data["approver_position"] == "head"
    proposal = await session.get(Proposal, proposed.json()["id"])
    assert proposal is not None
    await session.refresh(proposal)
    assert proposal.status is ProposalStatus.DECIDED


async def test_staff_propose_a_collection_and_the_head_approves_naming_the_proposal(
    client: httpx.AsyncClient,
    session: AsyncSession,
    unit: Unit,  # noqa: F811  (the fixture imported above)
) -> None:
    """TT 117/2026 Điều 5 khoản 3 điểm a, khoản 5: staff collect and "báo cáo Trưởng Công an cấp xã phê
    duyệt"; the head's collection names the proposal made on that DC01 dossier."""
    proposed = await client.post(
        f"/api/v1/registry/collections/{COLLECT['dossier_number']}/proposal",
        json={"recommendation": "approve", "text": "Đã đối chiếu giấy tờ; đề nghị phê duyệt thu thập"},
        headers=unit.staff,
    )
    assert proposed.status_code == 201, proposed.text
    assert proposed.json()["kind"] == "collection"
    collected = await client.post("/api/v1/registry/citizens/collect", json=COLLECT, headers=unit.head)
    assert collected.status_code == 201, collected.text
    event = await _last(session, EventType.CITIZEN_COLLECTED)
    assert event.data["proposal_id"] == proposed.json()["id"]
    assert event.data["proposed_by"].startswith("Xa.Canbo")
    assert event.data["approver_title"] == "Trưởng Công an cấp xã"


async def test_the_proposer_may_not_approve_their_own_proposal(
    client: httpx.AsyncClient,
    session: AsyncSession,
    unit: Unit,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """[M] competence.json two_person_rule (default on), reading TT 117/2026 Điều 17 khoản 3–4 — the
    proposal is "báo cáo" to another who "phê duyệt": whoever proposed may not approve. Refused with
    the rule named and nothing written; an operator may turn the rule off for a one-person unit."""
    url = f"/api/v1/registry/collections/{COLLECT['dossier_number']}/proposal"
    body = {"recommendation": "approve", "text": "Tự lập đề xuất"}
    assert (await client.post(url, json=body, headers=unit.head)).status_code == 201
    refused = await client.post("/api/v1/registry/citizens/collect", json=COLLECT, headers=unit.head)
    assert refused.status_code == 403, refused.text
    assert refused.json()["code"] == "competence.approver_is_proposer"
    assert "Điều 17 khoản 3–4" in refused.json()["title"]
    assert await session.scalar(select(Event).where(Event.event_type == EventType.CITIZEN_COLLECTED)) is None

    data = json.loads(competence.DATA.joinpath("competence.json").read_text(encoding="utf-8"))
    data["two_person_rule"] = False
    (tmp_path / "competence.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(get_settings(), "config_dir", tmp_path)
    competence.rules.cache_clear()
    try:
        allowed = await client.post("/api/v1/registry/citizens/collect", json=COLLECT, headers=unit.head)
    finally:
        competence.rules.cache_clear()
    assert allowed.status_code == 201, allowed.text


async def test_staff_propose_on_the_console_for_a_pin_and_a_collection(
    client: httpx.AsyncClient,
    session: AsyncSession,
    unit: Unit,  # noqa: F811  (the fixture imported above)
) -> None:
    """TT 117/2026 Điều 17 khoản 3 ("lập đề xuất … báo cáo"), on the console: a staff member reports a
    proposal on a DC01 dossier and on a PIN; an incomplete form is refused inline, nothing written."""
    collect = "/officer/collect/proposal"
    empty = await client.post(collect, data={"recommendation": "approve"}, headers=unit.staff)
    assert empty.status_code == 422
    assert 'id="e-proposal_text"' in empty.text
    assert await session.scalar(select(Proposal)) is None
    text = "Đã đối chiếu giấy tờ tùy thân; đề nghị phê duyệt"
    done = await client.post(
        collect,
        data={"dossier_number": "DC01-2026-99", "recommendation": "approve", "proposal_text": text},
        headers=unit.staff,
    )
    assert done.status_code == 303, done.text
    shown = await client.get(done.headers["location"], headers=unit.head)
    assert text in shown.text and "Xa.Canbo" in shown.text and 'id="notice"' in shown.text

    await make_officer(
        session, username="c06.canbo", role=OfficerRole.IDENTITY_AGENCY, position=Position.STAFF
    )
    staff = await issue_headers(session, "c06.canbo")
    url = f"/officer/citizens/{unit.pin}/pin-proposal"
    assert (await client.get(url, headers=staff)).status_code == 200
    bad = await client.post(url, data={"recommendation": "maybe", "proposal_text": "x"}, headers=staff)
    assert bad.status_code == 422 and 'id="e-recommendation"' in bad.text
    ok = await client.post(
        url, data={"recommendation": "approve", "proposal_text": "Đề nghị xác lập lại số"}, headers=staff
    )
    assert ok.status_code == 303, ok.text
    proposal = await session.scalar(select(Proposal).where(Proposal.ref == unit.pin))
    assert proposal is not None and proposal.kind.value == "pin"
    refused = await client.post(
        url, data={"recommendation": "approve", "proposal_text": "x"}, headers=unit.citizen
    )
    assert refused.status_code in (401, 403)
