"""Operator pages for connected systems: register one, rotate its key, traffic, errors, dead letters."""

from __future__ import annotations

import datetime as dt
import json
import re

import httpx
import pytest
from joserfc.jwk import ECKey
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.models import Organisation
from dancu.access.permissions import OfficerRole
from dancu.audit.models import Event, EventType
from dancu.clock import now_utc
from dancu.identity.oidc.models import OidcClient
from dancu.sharing.feed.models import DeliveryStatus, WebhookDelivery
from dancu.sharing.feed.sequencer import sequence_feed
from dancu.sharing.feed.webhooks import deliver_due_webhooks, schedule
from tests.integration.test_oidc_client_credentials import assertion, form
from tests.integration.test_sharing_feed import birth, connected_system, die, subscribe, token_for
from tests.integration.test_sharing_webhooks import (
    HOOK,
    Receiver,
    _hook_dns,  # noqa: F401 (autouse)
)
from tests.support.builders import c06, make_officer, officer_headers, page_session

HTML = {"Accept": "text/html"}


@pytest.fixture
async def csrf(client: httpx.AsyncClient, session: AsyncSession) -> str:
    """An operator's logged-in browser; returns the pages' CSRF token."""
    await make_officer(session, username="vanhanh.ketnoi", role=OfficerRole.OPERATOR)
    await page_session(client, session, "vanhanh.ketnoi")
    home = await client.get("/officer/systems", headers=HTML)
    assert home.status_code == 200, home.text
    found = re.search(r'name="csrf_token" value="([^"]+)"', home.text)
    assert found
    return found.group(1)


@pytest.fixture
async def c06_csrf(client: httpx.AsyncClient, session: AsyncSession, csrf: str) -> str:
    """A C06 officer's browser (organisations and mandates are theirs to register, not the
    operator's); returns the registration form's CSRF token. The operator's account exists too."""
    await make_officer(session, username="c06.ketnoi", role=OfficerRole.IDENTITY_AGENCY)
    await page_session(client, session, "c06.ketnoi")
    new = await client.get("/officer/systems/new", headers=HTML)
    assert new.status_code == 200, new.text
    found = re.search(r'name="csrf_token" value="([^"]+)"', new.text)
    assert found
    return found.group(1)


async def as_operator(client: httpx.AsyncClient, session: AsyncSession) -> str:
    await page_session(client, session, "vanhanh.ketnoi")
    home = await client.get("/officer/systems", headers=HTML)
    found = re.search(r'name="csrf_token" value="([^"]+)"', home.text) or re.search(
        r'csrf[^"]*"[^"]*"([^"]+)"', home.text
    )
    assert found
    return found.group(1)


def public(key: ECKey) -> str:
    return json.dumps(key.as_dict(private=False))


def register_form(csrf: str, key: ECKey, **overrides: object) -> dict[str, object]:
    form: dict[str, object] = {
        "csrf_token": csrf,
        "name": "Bảo hiểm xã hội Việt Nam",
        "legal_basis": "Nghị định 89/2020/NĐ-CP",
        "mandate": ["pin", "full_name", "date_of_birth", "death"],
        "admin.username": "bhxh.quantri",
        "admin.display_name": "Quản trị BHXH",
        "admin.password": "mat-khau-bhxh-123456",
        "client_name": "Hệ thống thu BHXH",
        "jwk": public(key),
    }
    return form | overrides


async def test_c06_registers_a_system_that_connects_once_its_security_check_is_recorded(
    client: httpx.AsyncClient, session: AsyncSession, c06_csrf: str
) -> None:
    """TT 117/2026 Điều 11 khoản 4 điểm a: a system connects after A05's written confirmation is on
    record; the organisation and its mandate are registered by C06 (NĐ 70 Điều 10 khoản 1)."""
    key = ECKey.generate_key("P-256", private=True, auto_kid=True)
    response = await client.post("/officer/systems", data=register_form(c06_csrf, key), headers=HTML)
    assert response.status_code == 303, response.text
    organisation_id = int(response.headers["location"].split("/")[-1].split("?")[0])
    organisation = await session.get(Organisation, organisation_id)
    assert organisation is not None and organisation.mandate == ["full_name", "pin", "date_of_birth", "death"]
    machine = await session.scalar(select(OidcClient).where(OidcClient.organisation_id == organisation_id))
    assert machine is not None and machine.jwks is not None
    assert machine.jwks["keys"][0]["kid"] == key.kid

    csrf = await as_operator(client, session)
    listing = await client.get("/officer/systems", headers=HTML)
    assert "Bảo hiểm xã hội Việt Nam" in listing.text and machine.client_id in listing.text
    refused = await client.post("/oidc/token", data=form(assertion(machine.client_id, key)))
    assert refused.json()["error"] == "unauthorized_client"
    check = {"csrf_token": csrf, "basis": "a05_confirmation", "document_number": "45/A05-P3"}
    bad = await client.post(f"/officer/systems/{organisation_id}/security-checks", data=check, headers=HTML)
    assert bad.status_code == 422  # no date of the confirmation
    check["document_date"] = "2026-11-20"
    recorded = await client.post(
        f"/officer/systems/{organisation_id}/security-checks", data=check, headers=HTML
    )
    assert recorded.status_code == 303, recorded.text
    detail = await client.get(f"/officer/systems/{organisation_id}", headers=HTML)
    assert "45/A05-P3" in detail.text
    headers = await token_for(client, machine, key)  # a bearer header wins over the cookie
    assert (await subscribe(client, headers, kinds=["death"])).status_code == 201


async def test_a_bad_registration_is_answered_inline_and_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession, c06_csrf: str
) -> None:
    csrf = c06_csrf
    private = ECKey.generate_key("P-256", private=True)
    before = await session.scalar(select(Organisation.id).order_by(Organisation.id.desc()).limit(1))
    for overrides, message in (
        ({"jwk": json.dumps(private.as_dict(private=True))}, "chỉ tải lên khóa công khai"),
        ({"jwk": "{not json"}, "phải là khóa công khai JWK"),
        ({"admin.password": "ngan"}, "Mật khẩu"),
    ):
        response = await client.post(
            "/officer/systems", data=register_form(csrf, private, **overrides), headers=HTML
        )
        assert response.status_code == 422, overrides
        assert message in response.text
    after = await session.scalar(select(Organisation.id).order_by(Organisation.id.desc()).limit(1))
    assert before == after


async def test_rotating_the_key_retires_the_old_one(
    client: httpx.AsyncClient, session: AsyncSession, csrf: str
) -> None:
    _, organisation, old_key, machine = await connected_system(client, session)
    new_key = ECKey.generate_key("P-256", private=True, auto_kid=True)
    url = f"/officer/systems/{organisation.id}/clients/{machine.id}/key"
    response = await client.post(url, data={"csrf_token": csrf, "jwk": public(new_key)}, headers=HTML)
    assert response.status_code == 303, response.text

    refused = await client.post("/oidc/token", data=form(assertion(machine.client_id, old_key)))
    assert refused.status_code == 401
    assert (
        await client.post("/oidc/token", data=form(assertion(machine.client_id, new_key)))
    ).status_code == 200
    [rotated] = (
        await session.scalars(select(Event).where(Event.event_type == EventType.SYSTEM_KEY_ROTATED))
    ).all()
    assert rotated.data["retired_kids"] == [old_key.kid] and rotated.data["new_kid"] == new_key.kid
    # The refused attempt with the retired key is logged against the system and shown to the operator.
    [failed] = (
        await session.scalars(select(Event).where(Event.event_type == EventType.CLIENT_AUTH_FAILED))
    ).all()
    assert failed.organisation_id == organisation.id and failed.data["client_id"] == machine.client_id
    assert failed.subject_citizen_id is None and failed.data["error"] == "invalid_client"
    detail = await client.get(f"/officer/systems/{organisation.id}", headers=HTML)
    assert 'class="auth-failures"' in detail.text and machine.client_id in detail.text
    assert "invalid_client" in detail.text
    # A request naming no registered client leaves no entry (nothing to attribute).
    stranger = await client.post("/oidc/token", data={"grant_type": "client_credentials", "client_id": "x"})
    assert stranger.status_code in (400, 401)
    count = select(func.count()).where(Event.event_type == EventType.CLIENT_AUTH_FAILED)
    assert await session.scalar(count) == 1


async def test_the_same_key_cannot_be_uploaded_again(
    client: httpx.AsyncClient, session: AsyncSession, csrf: str
) -> None:
    _, organisation, old_key, machine = await connected_system(client, session)
    url = f"/officer/systems/{organisation.id}/clients/{machine.id}/key"
    response = await client.post(url, data={"csrf_token": csrf, "jwk": public(old_key)}, headers=HTML)
    assert response.status_code == 422
    assert "kid" in response.text


async def test_traffic_errors_and_dead_letters_are_shown_and_requeued(
    client: httpx.AsyncClient, session: AsyncSession, csrf: str
) -> None:
    officer = await c06(client, session)
    headers, organisation, _, _ = await connected_system(client, session, name="Sở Lao động Hà Nội")
    assert (await subscribe(client, headers, kinds=["death"], webhook_url=HOOK)).status_code == 201
    pin = await birth(client, officer, "Xuân")
    await die(client, officer, pin)
    assert len((await client.get("/api/v1/feed", headers=headers)).json()["events"]) == 1
    await sequence_feed(session)
    moment = now_utc()
    for _ in range(schedule().max_attempts):
        await deliver_due_webhooks(session, now=moment, transport=Receiver(1000, status=502).transport)
        moment += dt.timedelta(days=1)

    detail = await client.get(f"/officer/systems/{organisation.id}", headers=HTML)
    assert detail.status_code == 200
    assert "Đọc thay đổi" in detail.text and "Webhook" in detail.text
    assert "HTTP 502" in detail.text

    letters = await client.get("/officer/systems/dead-letters", headers=HTML)
    [delivery] = (await session.scalars(select(WebhookDelivery))).all()
    assert f'data-delivery="{delivery.id}"' in letters.text
    requeue = await client.post(
        f"/officer/systems/dead-letters/{delivery.id}/requeue", data={"csrf_token": csrf}, headers=HTML
    )
    assert requeue.status_code == 303
    await session.refresh(delivery)
    assert delivery.status is DeliveryStatus.PENDING
    again = await client.post(
        f"/officer/systems/dead-letters/{delivery.id}/requeue", data={"csrf_token": csrf}, headers=HTML
    )
    assert again.status_code == 409


async def test_other_officers_may_not_open_the_pages(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    officer = await c06(client, session)
    assert (await client.get("/officer/systems", headers=officer)).status_code == 403
    sysop = await officer_headers(session, "vanhanh.khac", OfficerRole.OPERATOR)
    assert (await client.get("/officer/systems/new", headers=sysop)).status_code == 403
    assert (await client.get("/api/v1/feed/subscriptions", headers=officer)).status_code == 403
