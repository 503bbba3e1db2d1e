"""Issue 12, point 4 (the brief's point 3): every end of a request is a signed written reply with
reasons in the requester's documents, and a pause of the clock is configuration."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu import clock
from dancu.access.actor import Actor
from dancu.enums.documents import DocumentKind
from dancu.exploitation.documents.models import Document
from dancu.exploitation.requests import policies
from dancu.exploitation.requests.actions.escalate import escalate_due
from dancu.settings import get_settings
from tests.integration.request_support import build_world, file, request_body, subject
from tests.support.builders import issue_headers


@contextmanager
def on(day: str) -> Iterator[None]:
    with clock.freeze(dt.datetime.fromisoformat(day).replace(hour=3, tzinfo=dt.UTC)):
        yield


async def _letters(session: AsyncSession, ref: str) -> list[Document]:
    return list(await session.scalars(select(Document).where(Document.source_ref == ref)))


async def test_a_lapsed_consent_wait_produces_a_signed_letter(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """NĐ 70 Điều 10 khoản 2: "Trường hợp không đồng ý cho phép khai thác thông tin thì phải có văn
    bản trả lời và nêu rõ lý do"; domain.md §3.5: "consent wait lapsed … nothing ends silently"."""
    with on("2026-12-07"):
        world = await build_world(client, session)
        ref = (await file(client, world.bank, request_body([subject(world.customer_pin)], ["sex"])))["ref"]
    with on("2027-01-08"):  # more than the 30 days of pauses.json
        result = await escalate_due(session, now=clock.now_utc(), actor=Actor.system("test"))
        assert result.expired == [ref]
    [letter] = await _letters(session, ref)
    assert letter.kind is DocumentKind.REFUSAL and letter.pdf.startswith(b"%PDF")
    assert letter.recipient_organisation_id == world.bank_org_id
    # Issued under the competent unit's name (PC06 Hà Nội), by the system, which the letter says.
    assert letter.issuing_unit_label == "Công an Thành phố Hà Nội"
    assert "thay mặt Công an Thành phố Hà Nội" in letter.issuer_label
    # The requester may fetch it, on the day it is written (the login of 2026-12-07 lasted hours):
    # fetched at the real time, the test failed from 2026-12-07 11:00 UTC on.
    with on("2027-01-08"):
        bank = await issue_headers(session, "nh.admin")
        pdf = await client.get(f"/api/v1/documents/{letter.id}/pdf", headers=bank)
    assert pdf.status_code == 200 and pdf.content == letter.pdf


async def test_all_subjects_refusing_and_a_withdrawal_each_get_a_reply(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """domain.md §3.5: "Every end after receipt is a written reply (văn bản) with reasons": all
    subjects refused consent; withdrawal acknowledged."""
    world = await build_world(client, session)
    refused_ref = (await file(client, world.bank, request_body([subject(world.customer_pin)], ["sex"])))[
        "ref"
    ]
    pending = (await client.get("/api/v1/consents", headers=world.customer)).json()
    consent_ref = next(c["consent_ref"] for c in pending if c["request_ref"] == refused_ref)
    await client.get(f"/api/v1/consents/{consent_ref}/preview", headers=world.customer)
    decided = await client.post(
        f"/api/v1/consents/{consent_ref}/decision",
        json={"granted": [], "refused": ["sex"]},
        headers=world.customer,
    )
    assert decided.status_code == 200, decided.text
    [letter] = await _letters(session, refused_ref)
    assert "thay mặt" in letter.issuer_label
    withdrawn_ref = (await file(client, world.bank, request_body([subject(world.customer_pin)], ["sex"])))[
        "ref"
    ]
    withdrawn = await client.post(f"/api/v1/requests/{withdrawn_ref}/withdraw", headers=world.bank)
    assert withdrawn.status_code == 200, withdrawn.text
    assert [d.kind for d in await _letters(session, withdrawn_ref)] == [DocumentKind.REFUSAL]


async def test_the_consent_wait_may_be_configured_not_to_stop_the_clock(
    client: httpx.AsyncClient, session: AsyncSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NĐ 70 Điều 10 khoản 2 counts "03 ngày làm việc, kể từ ngày nhận được đề nghị" with no
    suspension; domain.md §3.5: pausing is [M], "disabled = the strict reading, due 03 working days
    after receipt"."""
    (tmp_path / "pauses.json").write_text(
        json.dumps(
            {
                "consent": {"suspends_clock": False, "max_wait_days": 30},
                "clarification": {"suspends_clock": True, "max_wait_days": 30},
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(get_settings(), "config_dir", tmp_path)
    policies.pauses.cache_clear()
    try:
        with on("2026-12-07"):  # Monday
            world = await build_world(client, session)
            filed = await file(client, world.bank, request_body([subject(world.customer_pin)], ["sex"]))
        assert filed["status"] == "consent_pending" and filed["due_on"] == "2026-12-10"
    finally:
        policies.pauses.cache_clear()
