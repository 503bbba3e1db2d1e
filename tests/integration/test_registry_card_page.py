"""The console's card form (item 14): a card issued is recorded through the card procedure, and bad
input comes back on the page with a message beside each field, in Vietnamese or English."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.models import Event, EventType
from dancu.enums.registry import Item, Source
from dancu.registry.models import Citizen, Fact
from tests.integration.test_registry_pages import HTML, login, register_birth


@pytest.fixture
async def csrf(client: httpx.AsyncClient, session: AsyncSession) -> str:
    return await login(client, session, "ca.hoankiem", "00070")


def card_form(csrf: str, pin: str, **overrides: str) -> dict[str, str]:
    data = {
        "csrf_token": csrf,
        "card.kind": "can_cuoc",
        "card.number": pin,
        "card.issued_on": "2026-11-20",
        "card.issued_by": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
        "card.expires_on": "2041-10-02",
        "dossier_number": "CC-2026-0042",
        "legal_basis": "Luật Căn cước 2023 Điều 24",
    }
    return data | overrides


async def test_card_form_records_the_card_in_the_register(
    client: httpx.AsyncClient, session: AsyncSession, csrf: str
) -> None:
    pin = await register_birth(client, csrf)
    person = await client.get(f"/officer/citizens/{pin}", headers=HTML)
    assert f'href="/officer/citizens/{pin}/card"' in person.text
    form = await client.get(f"/officer/citizens/{pin}/card", headers=HTML)
    assert form.status_code == 200
    # A chip card's number is the PIN: offered in the form, which the officer may change.
    assert "Loại thẻ" in form.text and f'name="card.number" type="text" value="{pin}"' in form.text
    done = await client.post(f"/officer/citizens/{pin}/card", data=card_form(csrf, pin), headers=HTML)
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/officer/citizens/{pin}?notice=card_recorded"
    shown = await client.get(done.headers["location"], headers=HTML)
    assert "Đã ghi nhận thẻ được cấp" in shown.text
    citizen_id = await session.scalar(select(Citizen.id).where(Citizen.pin == pin))
    card = await session.scalar(select(Fact).where(Fact.citizen_id == citizen_id, Fact.item == Item.CARD))
    assert card is not None and card.key == pin and card.source is Source.CARD_PROCEDURE
    assert card.value["kind"] == "can_cuoc" and card.value["expires_on"] == "2041-10-02"
    recorded = select(Event).where(
        Event.subject_citizen_id == citizen_id, Event.event_type == EventType.CARD_RECORDED
    )
    assert (await session.scalar(recorded)) is not None


async def test_card_form_shows_bad_input_beside_each_field_and_saves_nothing(
    client: httpx.AsyncClient, session: AsyncSession, csrf: str
) -> None:
    pin = await register_birth(client, csrf)
    url = f"/officer/citizens/{pin}/card"
    bad = card_form(
        csrf, pin, **{"card.number": "12AB", "card.issued_on": "2024-13-01", "card.issued_by": ""}
    )
    refused = await client.post(url, data=bad, headers=HTML)
    assert refused.status_code == 422, refused.text
    for field in ("card.number", "card.issued_on", "card.issued_by"):
        assert f'id="e-{field}"' in refused.text, field
    assert "Số thẻ" in refused.text and "Nơi cấp" in refused.text and "Ngày cấp" in refused.text
    assert 'value="12AB"' in refused.text  # what was typed stays on the page
    english = await client.post(url, data=bad, headers=HTML | {"Accept-Language": "en"})
    assert english.status_code == 422 and "Card number" in english.text and "Issued by" in english.text
    citizen_id = await session.scalar(select(Citizen.id).where(Citizen.pin == pin))
    cards = await session.scalars(select(Fact).where(Fact.citizen_id == citizen_id, Fact.item == Item.CARD))
    assert list(cards) == []
