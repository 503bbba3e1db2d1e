"""Issue 12, point 5: a resident of an old commune that was split (or is not in the map) can still
file a correction and a request; the province police receives it."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.groups import ActorGroup
from dancu.access.permissions import OfficerRole
from dancu.exploitation.requests import policies
from dancu.registry.queries import citizen_by_pin
from tests.support.builders import CORRECTION_PROOF, birth_body, citizen_headers, issue_headers, make_officer

SPLIT_COMMUNE = "31268"  # Xã Tân Thạnh (pre-2025, province 92): went into more than one 2025 commune


def test_routing_falls_back_to_the_province_for_a_split_commune() -> None:
    """domain.md, changes of 2026-12-05 no. 8: "partial map never blocks; provincial fallback [M]"."""
    for group in (ActorGroup.K4, ActorGroup.CITIZEN, ActorGroup.K3):
        tier = policies.route(group, unit_code=SPLIT_COMMUNE, unit_version="pre2025")
        assert tier.role is OfficerRole.PROVINCIAL_POLICE and tier.unit_code is not None


async def test_a_resident_of_a_split_commune_files_a_correction(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """New NĐ 70 Điều 6 khoản 3 điểm đ: adjustment by "Trưởng Công an cấp xã nơi công dân cư trú";
    when the map cannot tell that commune, the filing is not refused (domain.md §1.5): the province
    police of the residence receives it."""
    await make_officer(session, username="xa.hoankiem", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
    officer = await issue_headers(session, "xa.hoankiem")
    born = await client.post(
        "/api/v1/registry/births", json=birth_body(date_of_birth="1990-05-17"), headers=officer
    )
    assert born.status_code == 201, born.text
    citizen = await citizen_by_pin(session, born.json()["pin"])
    citizen.residence_unit_code, citizen.residence_unit_version = SPLIT_COMMUNE, "pre2025"
    await session.flush()
    province = policies.route(ActorGroup.CITIZEN, unit_code=SPLIT_COMMUNE, unit_version="pre2025").unit_code
    body = {
        "items": [{"item": "full_name", "value": {"family": "Nguyễn", "middle": "Minh", "given": "Khanh"}}]
    }
    body["reason"] = "Tên bị sai dấu so với giấy khai sinh"
    body["proof"] = CORRECTION_PROOF  # NĐ 58/2026: every DC02 dossier carries its proof
    filed = await client.post(
        "/api/v1/eid/me/corrections", json=body, headers=await citizen_headers(client, session, citizen.id)
    )
    assert filed.status_code == 201, filed.text
    from dancu.corrections.models import CorrectionRequest

    stored = await session.get(CorrectionRequest, filed.json()["id"]) if "id" in filed.json() else None
    reference = filed.json()["reference"]
    if stored is None:
        from sqlalchemy import select

        stored = await session.scalar(
            select(CorrectionRequest).where(CorrectionRequest.reference == reference)
        )
    assert stored is not None and stored.commune_code == province  # held by the province police
