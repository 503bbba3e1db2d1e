"""Issue 12, points 1 and 3: yes/no verification is exploitation, and khoản 2 organisations reach
the competent head that NĐ 70 Điều 9 names whatever their seat."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.exploitation.fees.enums import ProductCode, SourceKind
from dancu.exploitation.fees.models import FeeReceipt
from dancu.lookup import gate
from dancu.lookup.models import VerificationQuestion
from tests.integration.request_support import (
    BANK_FIELDS,
    World,
    build_world,
    consent,
    file,
    officer_post,
    request_body,
    subject,
)
from tests.support.builders import issue_headers, organisation

UNKNOWN_PIN = "001085999999"


async def _typed_org(
    client: httpx.AsyncClient, world: World, admin: str, kind: str, unit: str, group: str = "k2"
) -> dict[str, str]:
    await organisation(
        client,
        world.registrar,
        admin,
        group=group,
        mandate=["full_name", "date_of_birth", "pin", "sex"],
        organisation_type=kind,
        unit_code=unit,
        legal_representative_pin=world.third_pin,
        name=f"Tổ chức {admin}",
    )
    return {"admin": admin}


async def test_a_bank_registered_in_da_nang_is_routed_to_c06(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """NĐ 70 Điều 9 khoản 1 (as amended by NĐ 58/2026): "Thủ trưởng cơ quan quản lý căn cước của Bộ
    Công an" decides for "tổ chức tín dụng, trung gian thanh toán, doanh nghiệp viễn thông …", wherever
    they are registered; khoản 2 gives notaries to the Giám đốc Công an cấp tỉnh of their seat."""
    world = await build_world(client, session)
    await _typed_org(client, world, "nh.danang", "credit_institution", "48")
    await _typed_org(client, world, "cc.danang", "notary", "48")
    body = request_body([subject(world.customer_pin)], ["full_name", "sex"])
    bank = await file(client, await issue_headers(session, "nh.danang"), body)
    assert (bank["competent_role"], bank["competent_unit"]) == ("identity_agency", None)
    notary = await file(client, await issue_headers(session, "cc.danang"), body)
    assert (notary["competent_role"], notary["competent_unit"]) == ("provincial_police", "48")


async def test_only_a_khoan_2_organisation_has_a_type(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await build_world(client, session)
    body = {
        "name": "Công ty khác",
        "actor_group": "k3",
        "organisation_type": "telecom",
        "mandate": ["full_name"],
        "legal_basis": "Giấy chứng nhận đăng ký doanh nghiệp",
        "admin": {"username": "k3.admin", "password": "mat-khau-rat-dai-123", "display_name": "A"},
    }
    refused = await client.post("/api/v1/organisations", json=body, headers=world.registrar)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["rule"] == "organisations.type_only_k2"


async def _ask(client: httpx.AsyncClient, headers: dict[str, str], **question: Any) -> httpx.Response:
    age = {"question": "age_at_least", "years": 18} if "question" not in question else {}
    body = {"purpose": "Xác thực khách hàng", **age, **question}
    return await client.post("/api/v1/verify", json=body, headers=headers)


async def test_a_bank_without_the_subjects_consent_gets_no_answer(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """New NĐ 70 Điều 9 khoản 5: khoản 8 Điều 10 Luật Căn cước requesters exploit "khi được cá nhân
    là chủ thể của thông tin được khai thác đồng ý"; domain.md §3.7: "one answer shape for no match,
    unknown PIN and no consent, so that existence leaks nothing" and "every call logged"."""
    world = await build_world(client, session)
    known = await _ask(client, world.bank, pin=world.customer_pin)
    unknown = await _ask(client, world.bank, pin=UNKNOWN_PIN)
    assert known.status_code == unknown.status_code == 403
    assert known.json() == unknown.json()
    assert known.json()["code"] == "verify.no_consent"
    logged = await session.scalar(
        select(func.count())
        .select_from(VerificationQuestion)
        .where(VerificationQuestion.outcome == "verify.no_consent")
    )
    assert logged == 2


async def _permit(client: httpx.AsyncClient, session: AsyncSession, world: World, fields: list[str]) -> str:
    filed = await file(client, world.bank, request_body([subject(world.customer_pin)], fields))
    await consent(client, world.customer, filed["ref"], fields, [])
    approved = await officer_post(client, world.province, filed["ref"], "approve", {})
    assert approved.status_code == 200, approved.text
    return str(approved.json()["permit"]["number"])


async def test_with_a_permit_and_consent_the_answer_is_charged_as_spdc01(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """TT 48/2022: "SPDC01 Xác thực thông tin công dân qua tin nhắn SMS, văn bản điện tử, văn bản
    giấy" 1.000 đồng/trường thông tin; the answer relies on a permit and the subject's consent over
    the field it consults (new NĐ 70 Điều 9 khoản 5)."""
    world = await build_world(client, session)
    permit = await _permit(client, session, world, ["date_of_birth"])
    answered = await _ask(client, world.bank, pin=world.customer_pin)
    assert answered.status_code == 200, answered.text
    assert answered.json()["answer"] is True and answered.json()["permit"] == permit
    receipt = await session.get(FeeReceipt, answered.json()["fee_receipt"])
    assert receipt is not None and receipt.source_kind is SourceKind.VERIFICATION
    assert receipt.product is ProductCode.SPDC01
    assert (receipt.fields_delivered, receipt.amount) == (1, 1000)
    # The consent covers the date of birth only: a residence question is refused like any other.
    residence = await _ask(
        client,
        world.bank,
        pin=world.customer_pin,
        question="permanent_residence_in",
        unit_code="01",
        unit_version="2025",
    )
    assert residence.status_code == 403, residence.text
    assert residence.json()["code"] == "verify.no_consent"


async def test_fixed_parameters_and_bounded_questions(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """domain.md §3.7 (oracle protection [M]): "only the permit's questions, with fixed parameters
    (… no caller-chosen dates, thresholds …)"; "rate limits and daily caps per requester and per
    subject (configurable)"."""
    world = await build_world(client, session)
    await _permit(client, session, world, ["date_of_birth"])
    chosen_date = await _ask(client, world.bank, pin=world.customer_pin, on="2026-07-06")
    assert chosen_date.status_code == 422 and chosen_date.json()["errors"][0]["rule"] == "verify.fixed_date"
    threshold = await _ask(client, world.bank, pin=world.customer_pin, years=41)
    assert threshold.status_code == 422 and threshold.json()["errors"][0]["rule"] == "verify.fixed_threshold"
    for _ in range(5):
        assert (await _ask(client, world.bank, pin=world.customer_pin)).status_code == 200
    capped = await _ask(client, world.bank, pin=world.customer_pin)
    assert capped.status_code == 429 and capped.json()["code"] == "verify.limit_subject"
    # A 429 tells when to come back (its OpenAPI response requires Retry-After): after one period
    # (verification.json) every counted question has aged out.
    assert capped.headers["Retry-After"] == str(gate.limits().period_hours * 3600)
    # A refused question is counted too (it outlives the refusal).
    rows = await session.scalar(
        select(func.count())
        .select_from(VerificationQuestion)
        .where(VerificationQuestion.outcome == "verify.limit_subject")
    )
    assert rows == 1


assert BANK_FIELDS  # the world's bank may ask for the date of birth
