"""Consent on paper for a deceased or missing subject by an heir or legal representative outside
the register, recorded by the handling officer (Luật Căn cước 2023 Điều 16 khoản 3 điểm d), over
the API on both engines."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.models import Event, EventType
from dancu.clock import today_vn
from dancu.exploitation.requests.models import PaperConsent
from tests.integration.request_support import (
    World,
    build_world,
    file,
    officer_post,
    request_body,
    subject,
)
from tests.support.builders import csrf_of, dossier, page_session, person

SCAN = b"%PDF-1.4\n% signed consent of the heir\n%%EOF\n"
FIELDS = ["full_name", "date_of_birth", "sex"]
DECEASED = {"family": "Võ", "middle": "Văn", "given": "Tâm"}
DECEASED_NAME = "Võ Văn Tâm"
HTML = {"Accept": "text/html"}


@pytest.fixture
async def world(client: httpx.AsyncClient, session: AsyncSession) -> World:
    return await build_world(client, session)


def paper(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "full_name": "Nguyễn Thị Hạnh",
        "document_kind": "passport",
        "document_number": "C1234567",
        "relation": "heir_under_will",
        "signed_on": today_vn().isoformat(),
        "granted": ["full_name", "sex"],
        "scan": {
            "filename": "dong-y.pdf",
            "media_type": "application/pdf",
            "content_base64": base64.b64encode(SCAN).decode(),
        },
    }
    return body | overrides


async def _person_with_status(client: httpx.AsyncClient, world: World, status: str) -> str:
    pin = await person(client, world.c06, full_name=DECEASED)
    body = {"status": status, "date": "2026-11-20", **dossier()}
    died = await client.post(f"/api/v1/registry/citizens/{pin}/death", json=body, headers=world.c06)
    assert died.status_code == 204, died.text
    return pin


async def _post(client: httpx.AsyncClient, headers: dict[str, str], ref: str, body: Any) -> httpx.Response:
    return await client.post(
        f"/api/v1/officer/requests/{ref}/subjects/0/paper-consent", json=body, headers=headers
    )


def _problem_fields(response: httpx.Response) -> set[str]:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    return {p["field"] for p in response.json().get("errors", [])}


async def test_the_officer_records_an_heirs_paper_consent_for_that_request_only(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    """Luật Căn cước Điều 16 khoản 3 điểm d: "Việc khai thác thông tin của người đã chết do người được
    xác định là người thừa kế của người đó quyết định." An heir under a will, outside the register,
    signs on paper; the officer handling the request records name, identity document, relation, date
    signed and the sealed scan, logged in the same transaction; it counts as the subject's consent
    for that request only. Refused: wrong role or unit, missing fields, a relation that does not
    fit, a date in the future, a subject who is not missing or dead."""
    dead = await _person_with_status(client, world, "dead")
    ref = (await file(client, world.bank, request_body([subject(dead, DECEASED_NAME)], FIELDS)))["ref"]
    other_ref = (await file(client, world.bank, request_body([subject(dead, DECEASED_NAME)], FIELDS)))["ref"]
    shown = (await client.get(f"/api/v1/officer/requests/{ref}", headers=world.province)).json()
    assert shown["status"] == "consent_pending", "nobody in the register can decide for this subject"

    assert (await _post(client, world.bank, ref, paper())).status_code == 403  # not an officer
    not_competent = await _post(client, world.province_79, ref, paper())
    assert not_competent.status_code in (403, 404), not_competent.text
    no_scan = await _post(client, world.province, ref, {k: v for k, v in paper().items() if k != "scan"})
    assert no_scan.status_code == 422 and "scan" in _problem_fields(no_scan)
    unnamed = await _post(client, world.province, ref, paper(full_name="", document_number="x"))
    assert unnamed.status_code == 422 and {"full_name", "document_number"} <= _problem_fields(unnamed)
    wrong_relation = await _post(client, world.province, ref, paper(relation="legal_representative"))
    assert wrong_relation.status_code == 422 and _problem_fields(wrong_relation) == {"relation"}
    assert "người thừa kế" in wrong_relation.json()["errors"][0]["message"]
    future = await _post(client, world.province, ref, paper(signed_on="2099-01-01"))
    assert future.status_code == 422 and _problem_fields(future) == {"signed_on"}
    english = await client.post(
        f"/api/v1/officer/requests/{ref}/subjects/0/paper-consent",
        json=paper(relation="legal_representative"),
        headers={**world.province, "Accept-Language": "en"},
    )
    assert "heir" in english.json()["errors"][0]["message"]
    alive_ref = (await file(client, world.bank, request_body([subject(world.customer_pin)], FIELDS)))["ref"]
    alive = await _post(client, world.province, alive_ref, paper())
    assert alive.status_code == 409 and alive.json()["code"] == "consent.paper_subject_can_decide"
    assert await session.scalar(select(PaperConsent)) is None, "no refusal leaves a paper consent"

    recorded = await _post(client, world.province, ref, paper())
    assert recorded.status_code == 201, recorded.text
    out = recorded.json()
    assert (out["consent_status"], out["request_status"]) == ("given", "routed")
    assert (out["granted_fields"], out["refused_fields"]) == (["full_name", "sex"], ["date_of_birth"])
    assert (out["full_name"], out["relation"], out["document_kind"]) == (
        "Nguyễn Thị Hạnh",
        "heir_under_will",
        "passport",
    )
    scan = await client.get(
        f"/api/v1/officer/requests/{ref}/attachments/{out['attachment_id']}", headers=world.province
    )
    assert scan.status_code == 200 and scan.content == SCAN
    event = await session.scalar(
        select(Event).where(Event.event_type == EventType.REQUEST_PAPER_CONSENT_RECORDED)
    )
    assert event is not None and event.data["request_ref"] == ref
    assert event.data["relation"] == "heir_under_will"
    assert event.data["signer"] == "Nguyễn Thị Hạnh"
    again = await _post(client, world.province, ref, paper())
    assert again.status_code == 409 and again.json()["code"] == "consent.not_pending"

    # For that request only: the other request about the same person still waits.
    other = (await client.get(f"/api/v1/officer/requests/{other_ref}", headers=world.province)).json()
    assert other["status"] == "consent_pending" and other["subjects"][0]["consent_status"] == "pending"
    assert (await officer_post(client, world.province, ref, "approve", {})).status_code == 200


async def test_only_the_legal_representative_signs_for_the_missing(
    client: httpx.AsyncClient, world: World
) -> None:
    """Luật Căn cước Điều 16 khoản 3 điểm d: "Việc khai thác thông tin của người bị tuyên bố mất tích
    do người đại diện hợp pháp của người đó quyết định" — a spouse's paper does not stand; the
    court-named representative's does."""
    missing = await _person_with_status(client, world, "missing")
    body = request_body([subject(missing, DECEASED_NAME)], FIELDS)
    ref = (await file(client, world.bank, body))["ref"]
    spouse = await _post(client, world.province, ref, paper(relation="spouse"))
    assert spouse.status_code == 422 and _problem_fields(spouse) == {"relation"}
    representative = await _post(client, world.province, ref, paper(relation="legal_representative"))
    assert representative.status_code == 201, representative.text
    assert representative.json()["consent_status"] == "given"


async def test_the_console_form_records_the_paper_consent(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    """Luật Căn cước Điều 16 khoản 3 điểm d, through the officer console: the request page links the
    form for a pending subject; missing fields and a relation that does not fit come back inline,
    naming the field; the recorded paper shows as the subject's consent."""
    dead = await _person_with_status(client, world, "dead")
    ref = (await file(client, world.bank, request_body([subject(dead, DECEASED_NAME)], FIELDS)))["ref"]
    await page_session(client, session, "pc06.hn")
    shown = await client.get(f"/officer/requests/{ref}", headers=HTML)
    assert shown.status_code == 200 and 'id="paper-consent-0"' in shown.text
    url = f"/officer/requests/{ref}/subjects/0/paper-consent"
    form = await client.get(url, headers=HTML)
    assert form.status_code == 200 and DECEASED_NAME in form.text
    day = today_vn().strftime("%d/%m/%Y")
    data = {
        "csrf_token": csrf_of(form.text),
        "full_name": "Nguyễn Thị Hạnh",
        "document_kind": "passport",
        "document_number": "C1234567",
        "relation": "spouse",
        "signed_on": day,
        "granted": ["full_name", "sex"],
    }
    files = {"scan": ("dong-y.pdf", SCAN, "application/pdf")}
    no_scan = await client.post(url, data=data, headers=HTML)
    assert no_scan.status_code == 422 and 'id="e-scan"' in no_scan.text
    unfit = data | {"relation": "legal_representative"}
    wrong = await client.post(url, data=unfit, files=files, headers=HTML)
    assert wrong.status_code == 422
    assert 'id="e-relation"' in wrong.text and "người thừa kế" in wrong.text
    assert 'value="Nguyễn Thị Hạnh"' in wrong.text  # what was typed stays
    assert await session.scalar(select(PaperConsent)) is None
    done = await client.post(url, data=data, files=files, headers=HTML)
    assert done.status_code == 303, done.text
    after = await client.get(done.headers["location"], headers=HTML)
    assert "Văn bản đồng ý riêng" in after.text and 'id="paper-consent-0"' not in after.text
    recorded = await session.scalar(select(PaperConsent))
    assert recorded is not None and recorded.relation.value == "spouse"
