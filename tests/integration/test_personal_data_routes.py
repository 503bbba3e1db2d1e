"""Every route whose response can hold personal data refuses the callers it must refuse.

The routes are found by walking the app's routers (included sub-routers too), so a new route
under a personal-data prefix fails :func:`test_every_personal_data_route_has_a_refusal_case`
until it is given a case here. The cases:

* ``OFFICER`` — the register's officer routes (API and pages): another citizen, a k1 agency
  member and a k2 member all get 403.
* ``LOOKUP`` — the k1 lookup: a citizen and a k2 member get 403; a sub-account asking for a field
  outside its scope gets 403; without ``fields`` the answer holds only the scope; ethnicity and
  religion appear only for an organisation whose mandate names them.
* ``VERIFY`` — a citizen gets 403; an agency gets a yes/no and a receipt, no data, and only about
  fields within its mandate ∩ scope.
* ``OWN`` — a citizen's own data: officers and agency members get 403, and no path parameter
  names a person (a citizen cannot ask for someone else's).
* ``REPRESENTED`` — a represented person's data in the identity app's API: officers and agency
  members get 403, and so does a citizen who does not represent the person, whether or not the
  person exists (a representative's reads: test_own_data_api).
* ``PORTAL`` — the agency portal's pages: a citizen and an officer get 403; a k2 member gets 403
  on the lookup pages; a sub-account asking for a field outside its scope gets 403 and no data.
* ``DEV`` — development pages: 404 unless switched on.
* ``REQUESTER`` — the requester's side of the exploitation procedure (API and the /cong/ portal):
  officers get 403; another organisation or citizen gets 404 for a request that is not theirs
  (checked with real requests in test_requests_procedure and test_requests_portal_pages).
* ``CONSENT`` — the data subject's consent: officers and organisation members get 403; another
  citizen gets 404 (checked with real consents in test_requests_procedure).
* ``FEES`` — fee receipts name their payer (a person, for k4 payers): a caller who is neither the
  payer nor a fee officer gets 403 for one receipt, an empty listing, and 403 recording a payment.
* ``DOCUMENT`` — an issued document: another citizen, a k1 and a k2 member get 403 for its
  metadata and PDF, and cannot issue or revoke one.
* ``SUBJECT`` — the data subject's rights requests (Luật 91/2025 Điều 4), API and /app pages:
  officers and organisation members get 403; another citizen gets 404 for a request that is not theirs.
* ``RECONCILE`` — reconciliation batches: a citizen, an officer and a k2 member get 403; a k1
  organisation other than the submitter gets 404 for the batch and its results.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import httpx
import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.app import ROUTERS
from dancu.registry.models import Citizen
from dancu.registry.queries import citizen_by_pin
from tests.support.builders import (
    DOB,
    NAME,
    c06,
    citizen_headers,
    issue_headers,
    make_officer,
    member,
    organisation,
    person,
    registrar,
)

PERSONAL_DATA_PREFIXES = (
    "/api/v1/registry",
    "/officer",
    "/api/v1/lookup",
    "/api/v1/verify",
    "/api/v1/eid/accounts",
    "/api/v1/eid/me",
    "/api/v1/eid/represented",
    "/api/v1/audit",
    "/api/v1/corrections",
    "/dev/",
    "/api/v1/requests",
    "/api/v1/officer",
    "/api/v1/consents",
    "/app/dong-y",
    "/app/xac-thuc",
    "/cong/",
    "/api/v1/fees/receipts",
    "/fees/receipts",
    "/api/v1/documents",
    "/api/v1/feed",
    "/api/v1/reconciliations",
    "/api/v1/qcvn109",
    "/portal",
    "/api/v1/privacy-requests",
    "/api/v1/privacy/",
    "/app/privacy",
    "/api/v1/undetermined",
    "/api/v1/identity-certificates",
)


class Case(StrEnum):
    OFFICER = "officer"
    LOOKUP = "lookup"
    VERIFY = "verify"
    OWN = "own"
    REPRESENTED = "represented"
    DEV = "dev"
    REQUESTER = "requester"
    CONSENT = "consent"
    FEES = "fees"
    DOCUMENT = "document"
    FEED = "feed"
    RECONCILE = "reconcile"
    PORTAL = "portal"
    SUBJECT = "subject"


_OFFICER_ROUTES = """
POST /api/v1/registry/births
POST /api/v1/registry/citizens/collect
GET /api/v1/registry/citizens
GET /api/v1/registry/citizens/{pin}
GET /api/v1/registry/citizens/{pin}/items/{item}
GET /api/v1/registry/citizens/{pin}/history
POST /api/v1/registry/citizens/{pin}/updates
POST /api/v1/registry/citizens/{pin}/adjustments
POST /api/v1/registry/citizens/{pin}/death
POST /api/v1/registry/citizens/{pin}/cards
POST /api/v1/registry/citizens/{pin}/residence/{kind}
POST /api/v1/registry/citizens/{pin}/residence-removals
POST /api/v1/registry/citizens/{pin}/absences
POST /api/v1/registry/citizens/{pin}/relations
POST /api/v1/registry/citizens/{pin}/pin-reestablishment
POST /api/v1/registry/citizens/{pin}/pin-cancellation
POST /api/v1/registry/citizens/{pin}/pin-reestablishment/proposal
POST /api/v1/registry/collections/{dossier_number}/proposal
POST /api/v1/registry/households
GET /api/v1/registry/households/{number}
POST /api/v1/registry/households/{number}/members
POST /api/v1/registry/households/{number}/head
POST /api/v1/registry/households/{number}/split
GET /officer/citizens
GET /officer/citizens/{pin}
GET /officer/births/new
POST /officer/births/new
GET /officer/collect/new
POST /officer/collect/new
GET /officer/collect/proposal
POST /officer/collect/proposal
GET /officer/citizens/{pin}/adjust
POST /officer/citizens/{pin}/adjust
GET /officer/citizens/{pin}/update
POST /officer/citizens/{pin}/update
GET /officer/citizens/{pin}/death
POST /officer/citizens/{pin}/death
GET /officer/citizens/{pin}/pin-proposal
POST /officer/citizens/{pin}/pin-proposal
GET /officer/citizens/{pin}/card
POST /officer/citizens/{pin}/card
GET /officer/audit
GET /officer/citizens/{pin}/residence
POST /officer/citizens/{pin}/residence
POST /officer/citizens/{pin}/residence/removal
POST /officer/citizens/{pin}/residence/absence
GET /officer/citizens/{pin}/eid
POST /officer/citizens/{pin}/eid/level2
POST /officer/citizens/{pin}/eid/lock
POST /api/v1/eid/accounts/{pin}/level2
POST /api/v1/eid/accounts/{pin}/lock
POST /api/v1/eid/accounts/{pin}/unlock
GET /api/v1/audit/proof/{pin}
GET /api/v1/corrections
GET /api/v1/corrections/{reference}
POST /api/v1/corrections/{reference}/proposal
POST /api/v1/corrections/{reference}/approval
POST /api/v1/corrections/{reference}/refusal
GET /officer/delegations
POST /officer/delegations
POST /officer/delegations/{delegation_id}/revoke
POST /api/v1/corrections/{reference}/assignment
GET /officer/corrections
GET /officer/corrections/{reference}
POST /officer/corrections/{reference}/approve
POST /officer/corrections/{reference}/refuse
POST /officer/corrections/{reference}/propose
POST /officer/corrections/{reference}/assign
GET /officer/corrections/{reference}/attachments/{attachment_id}
GET /api/v1/privacy-requests
POST /api/v1/privacy-requests
GET /api/v1/privacy-requests/{reference}
POST /api/v1/privacy-requests/{reference}/acknowledgement
POST /api/v1/privacy-requests/{reference}/extension
POST /api/v1/privacy-requests/{reference}/grant
POST /api/v1/privacy-requests/{reference}/refusal
GET /officer/privacy
GET /officer/privacy/paper
POST /officer/privacy/paper
GET /officer/privacy/{reference}
POST /officer/privacy/{reference}/acknowledge
POST /officer/privacy/{reference}/extend
POST /officer/privacy/{reference}/grant
POST /officer/privacy/{reference}/refuse
GET /api/v1/privacy/breaches
POST /api/v1/privacy/breaches
GET /api/v1/privacy/breaches/{reference}
POST /api/v1/privacy/breaches/{reference}/measures
POST /api/v1/privacy/breaches/{reference}/notification
POST /api/v1/privacy/breaches/{reference}/closure
GET /officer/breaches
GET /officer/breaches/new
POST /officer/breaches/new
GET /officer/breaches/{reference}
POST /officer/breaches/{reference}/measures
POST /officer/breaches/{reference}/notify
POST /officer/breaches/{reference}/close
GET /officer/systems
GET /officer/systems/new
POST /officer/systems
GET /officer/systems/{organisation_id}
POST /officer/systems/{organisation_id}/clients/{client_id}/key
POST /officer/systems/{organisation_id}/security-checks
GET /officer/systems/dead-letters
POST /officer/systems/dead-letters/{delivery_id}/requeue
GET /api/v1/qcvn109/citizens/{pin}
POST /api/v1/qcvn109/validate
POST /api/v1/qcvn109/imports
GET /officer/portal-requests
POST /officer/portal-requests/{request_id}/approve
POST /officer/portal-requests/{request_id}/refuse
GET /officer/requests
GET /officer/requests/dashboard
GET /officer/requests/written
POST /officer/requests/written
GET /officer/requests/{ref}
GET /officer/requests/{ref}/attachments/{attachment_id}
POST /officer/requests/{ref}/approve
POST /officer/requests/{ref}/refuse
POST /officer/requests/{ref}/clarify
POST /officer/requests/{ref}/propose
POST /officer/requests/{ref}/assign
GET /officer/requests/{ref}/subjects/{position}/paper-consent
POST /officer/requests/{ref}/subjects/{position}/paper-consent
GET /api/v1/officer/requests
POST /api/v1/officer/requests/written
POST /api/v1/officer/requests/escalations
GET /api/v1/officer/requests/{ref}
GET /api/v1/officer/requests/{ref}/attachments/{attachment_id}
POST /api/v1/officer/requests/{ref}/clarification
POST /api/v1/officer/requests/{ref}/proposal
POST /api/v1/officer/requests/{ref}/approve
GET /api/v1/officer/delegations
POST /api/v1/officer/delegations
POST /api/v1/officer/delegations/{delegation_id}/revocation
POST /api/v1/officer/requests/{ref}/refuse
POST /api/v1/officer/requests/{ref}/assignment
POST /api/v1/officer/requests/{ref}/subjects/{position}/paper-consent
GET /api/v1/identity-certificates
GET /api/v1/undetermined
GET /api/v1/undetermined/{reference}
GET /api/v1/undetermined/{reference}/reply/pdf
GET /officer/citizens/{pin}/identity-certificate
GET /officer/undetermined
GET /officer/undetermined/new
GET /officer/undetermined/{reference}
GET /officer/undetermined/{reference}/reply/pdf
POST /api/v1/identity-certificates/{number}/dispatch
POST /api/v1/identity-certificates/{number}/hand-over
POST /api/v1/registry/citizens/{pin}/identity-certificate/renewal
POST /api/v1/undetermined
POST /api/v1/undetermined/{reference}/acceptance
POST /api/v1/undetermined/{reference}/certificate
POST /api/v1/undetermined/{reference}/comparison
POST /api/v1/undetermined/{reference}/comparison/answer
POST /api/v1/undetermined/{reference}/proposal
POST /api/v1/undetermined/{reference}/reply/hand-over
POST /api/v1/undetermined/{reference}/extension
POST /api/v1/undetermined/{reference}/refusal
POST /api/v1/undetermined/{reference}/residence-check
POST /api/v1/undetermined/{reference}/verification
POST /officer/citizens/{pin}/identity-certificate/renew
POST /officer/identity-certificates/{number}/dispatch
POST /officer/identity-certificates/{number}/hand-over
POST /officer/undetermined
POST /officer/undetermined/{reference}/accept
POST /officer/undetermined/{reference}/certificate
POST /officer/undetermined/{reference}/comparison
POST /officer/undetermined/{reference}/comparison/answer
POST /officer/undetermined/{reference}/propose
POST /officer/undetermined/{reference}/reply/hand-over
POST /officer/undetermined/{reference}/extend
POST /officer/undetermined/{reference}/refuse
POST /officer/undetermined/{reference}/residence-check
POST /officer/undetermined/{reference}/start
"""

_REQUESTER_ROUTES = """
POST /api/v1/requests
GET /api/v1/requests
GET /api/v1/requests/{ref}
GET /api/v1/requests/{ref}/attachments/{attachment_id}
POST /api/v1/requests/{ref}/clarification
POST /api/v1/requests/{ref}/withdraw
POST /api/v1/requests/{ref}/delivery
GET /api/v1/requests/{ref}/delivery
GET /cong/de-nghi
GET /cong/de-nghi/moi
POST /cong/de-nghi/moi
GET /cong/de-nghi/{ref}
POST /cong/de-nghi/{ref}/nhan
POST /cong/de-nghi/{ref}/bo-sung
POST /cong/de-nghi/{ref}/rut
"""

_SUBJECT_ROUTES = """
GET /api/v1/eid/me/privacy-requests
POST /api/v1/eid/me/privacy-requests
GET /api/v1/eid/me/privacy-requests/{reference}
POST /api/v1/eid/me/privacy-requests/{reference}/withdrawal
GET /app/privacy
POST /app/privacy
GET /app/privacy/{reference}
POST /app/privacy/{reference}/withdraw
POST /api/v1/eid/me/privacy-restrictions/{restriction_id}/lift
POST /app/privacy/restrictions/{restriction_id}/lift
"""

_CONSENT_ROUTES = """
GET /api/v1/consents
GET /api/v1/consents/{consent_ref}/preview
POST /api/v1/consents/{consent_ref}/decision
POST /api/v1/consents/{consent_ref}/withdraw
GET /api/v1/consents/{consent_ref}/receipt
GET /app/dong-y
GET /app/dong-y/{consent_ref}
POST /app/dong-y/{consent_ref}/xem-truoc
POST /app/dong-y/{consent_ref}/quyet-dinh
POST /app/dong-y/{consent_ref}/rut
GET /app/dong-y/{consent_ref}/bien-nhan
POST /app/dong-y/{consent_ref}/bien-nhan
GET /app/xac-thuc/{ask_ref}
POST /app/xac-thuc/{ask_ref}
"""

CASES: dict[str, Case] = {
    **{line: Case.OFFICER for line in _OFFICER_ROUTES.strip().splitlines()},
    "POST /api/v1/lookup": Case.LOOKUP,
    "POST /api/v1/lookup/batch": Case.LOOKUP,
    "POST /api/v1/verify": Case.VERIFY,
    "POST /api/v1/verify/consent-requests": Case.VERIFY,
    "GET /api/v1/verify/consent-requests/{ask_ref}": Case.VERIFY,
    "GET /api/v1/eid/me/verification-asks": Case.OWN,
    "POST /api/v1/eid/me/verification-asks": Case.OWN,
    "GET /api/v1/audit/tracker": Case.OWN,
    "GET /api/v1/audit/proof": Case.OWN,
    "POST /api/v1/eid/me/lock": Case.OWN,
    "POST /api/v1/eid/me/child-accounts": Case.OWN,
    "GET /api/v1/eid/me/corrections": Case.OWN,
    "GET /api/v1/eid/me/record": Case.OWN,
    "GET /api/v1/eid/me/history": Case.OWN,
    "GET /api/v1/eid/me/represented": Case.OWN,
    "GET /api/v1/eid/represented/{person_id}/record": Case.REPRESENTED,
    "GET /api/v1/eid/represented/{person_id}/history": Case.REPRESENTED,
    "POST /api/v1/eid/me/corrections": Case.OWN,
    "GET /dev/outbox": Case.DEV,
    **{line: Case.REQUESTER for line in _REQUESTER_ROUTES.strip().splitlines()},
    **{line: Case.CONSENT for line in _CONSENT_ROUTES.strip().splitlines()},
    **{line: Case.SUBJECT for line in _SUBJECT_ROUTES.strip().splitlines()},
    "GET /api/v1/fees/receipts": Case.FEES,
    "GET /api/v1/fees/receipts/{receipt_id}": Case.FEES,
    "POST /api/v1/fees/receipts/{receipt_id}/payments": Case.FEES,
    "GET /fees/receipts/{receipt_id}": Case.FEES,
    "POST /api/v1/documents/confirmations": Case.DOCUMENT,
    "POST /api/v1/documents/as-of-certificates": Case.DOCUMENT,
    "GET /api/v1/documents/{document_id}": Case.DOCUMENT,
    "GET /api/v1/documents/{document_id}/pdf": Case.DOCUMENT,
    "POST /api/v1/documents/{document_id}/revocation": Case.DOCUMENT,
    "GET /api/v1/feed": Case.FEED,
    "GET /api/v1/feed/subscriptions": Case.FEED,
    "POST /api/v1/feed/subscriptions": Case.FEED,
    "DELETE /api/v1/feed/subscriptions/{subscription_id}": Case.FEED,
    "POST /api/v1/reconciliations": Case.RECONCILE,
    "GET /api/v1/reconciliations/{batch_id}": Case.RECONCILE,
    "GET /api/v1/reconciliations/{batch_id}/results": Case.RECONCILE,
    "GET /portal": Case.PORTAL,
    "GET /portal/lookup": Case.PORTAL,
    "POST /portal/lookup": Case.PORTAL,
    "GET /portal/verify": Case.PORTAL,
    "POST /portal/verify": Case.PORTAL,
}


def _walk(router: APIRouter, prefix: str = "") -> Iterator[tuple[str, APIRoute]]:
    for route in router.routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
        elif hasattr(route, "original_router"):  # a router included into this one
            context = getattr(route, "include_context", None)
            yield from _walk(route.original_router, prefix + getattr(context, "prefix", ""))


def personal_data_routes() -> list[str]:
    found: list[str] = []
    for module_path in ROUTERS:
        for path, route in _walk(importlib.import_module(module_path).router):
            if path.startswith(PERSONAL_DATA_PREFIXES):
                found.extend(f"{method} {path}" for method in sorted(route.methods or ()))
    return sorted(set(found))


def _routes(case: Case) -> list[str]:
    present = set(personal_data_routes())
    return [key for key, c in CASES.items() if c is case and key in present]


def test_every_personal_data_route_has_a_refusal_case() -> None:
    routes = personal_data_routes()
    assert len(routes) > 40  # the walk reaches included sub-routers
    assert [r for r in routes if r not in CASES] == []


@dataclass
class World:
    pin: str
    subject_id: int  # the citizen of ``pin``
    other_citizen: dict[str, str]
    officer: dict[str, str]
    k1_staff: dict[str, str]
    k2_staff: dict[str, str]
    sensitive_staff: dict[str, str]


SCOPE = ["full_name", "date_of_birth", "pin"]


@pytest.fixture
async def world(client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch) -> World:
    officer = await c06(client, session)
    pin = await person(client, officer)
    other_pin = await person(
        client, officer, full_name={"family": "Lê", "middle": "Thị", "given": "Hoa"}, sex="2"
    )
    other: Citizen = await citizen_by_pin(session, other_pin)
    operator = await registrar(client, session)
    k1 = await organisation(client, operator, "k1.admin")
    await organisation(
        client, operator, "k2.admin", group="k2", mandate=["full_name"], legal_representative_pin=other_pin
    )
    await organisation(
        client,
        operator,
        "k1s.admin",
        mandate=["full_name", "ethnicity", "religion"],
        sensitive_basis="Luật Bảo vệ dữ liệu cá nhân 2025 Điều 4; công tác dân tộc, tôn giáo",
    )
    return World(
        pin=pin,
        subject_id=(await citizen_by_pin(session, pin)).id,
        other_citizen=await citizen_headers(client, session, other.id),
        officer=officer,
        k1_staff=await member(
            client,
            session,
            await issue_headers(session, "k1.admin"),
            k1["organisation_id"],
            "k1.staff",
            SCOPE,
        ),
        k2_staff=await issue_headers(session, "k2.admin"),
        sensitive_staff=await issue_headers(session, "k1s.admin"),
    )


def _url(key: str, world: World) -> tuple[str, str]:
    method, path = key.split(" ", 1)
    values = {
        "pin": world.pin,
        "person_id": str(world.subject_id),
        "item": "full_name",
        "kind": "permanent",
        "number": "0000000001",
        "ref": "DN-2026-00000000",
        "consent_ref": "DY-2026-00000000",
        "reference": "DC02-2026-000001",
        "attachment_id": "1",
        "ask_ref": "XT-2026-0000000A",
        "dossier_number": "DC01-2026-1",
    }
    values |= {"organisation_id": "1", "client_id": "1", "delivery_id": "1", "subscription_id": "1"}
    values |= {"request_id": "1", "restriction_id": "1", "delegation_id": "1", "position": "0"}
    if "privacy" in path:
        values["reference"] = "QDL-2026-000001"
    elif "breaches" in path:
        values["reference"] = "VP-2026-00001"
    url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
    return method, url


async def _call(client: httpx.AsyncClient, key: str, world: World, headers: dict[str, str]) -> httpx.Response:
    method, url = _url(key, world)
    json_body: dict[str, Any] | None = {} if method in ("POST", "PUT") else None
    return await client.request(
        method, url, json=json_body, headers={**headers, "Accept": "application/json"}
    )


async def test_officer_routes_refuse_citizens_and_agencies(client: httpx.AsyncClient, world: World) -> None:
    routes = _routes(Case.OFFICER)
    assert len(routes) > 30
    wrong = []
    for key in routes:
        for who, headers in (
            ("another citizen", world.other_citizen),
            ("k1 member", world.k1_staff),
            ("k2 member", world.k2_staff),
        ):
            response = await _call(client, key, world, headers)
            if response.status_code != 403:
                wrong.append(f"{key} as {who}: {response.status_code}")
    assert wrong == []


def _lookup_body(key: str, world: World, fields: list[str] | None) -> dict[str, Any]:
    subject = {"full_name": NAME, "date_of_birth": DOB, "pin": world.pin}
    extra: dict[str, Any] = {"purpose": "Kiểm tra quyền", **({"fields": fields} if fields else {})}
    return {"subjects": [subject], **extra} if key.endswith("/batch") else {**subject, **extra}


def _answer(key: str, response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    fields: dict[str, Any] = body["results"][0]["fields"] if key.endswith("/batch") else body["fields"]
    return fields


async def test_lookup_refuses_wrong_callers_and_keeps_to_the_scope(
    client: httpx.AsyncClient, world: World
) -> None:
    routes = _routes(Case.LOOKUP)
    assert len(routes) == 2
    for key in routes:
        url = key.split(" ", 1)[1]
        for headers in (world.other_citizen, world.k2_staff):
            assert (
                await client.post(url, json=_lookup_body(key, world, None), headers=headers)
            ).status_code == 403
        for over in (["permanent_residence"], ["ethnicity"], ["full_name", "religion"]):
            refused = await client.post(url, json=_lookup_body(key, world, over), headers=world.k1_staff)
            assert refused.status_code == 403, (key, over)
        scoped = _answer(
            key, await client.post(url, json=_lookup_body(key, world, None), headers=world.k1_staff)
        )
        assert set(scoped) == set(SCOPE)
        named = await client.post(url, json=_lookup_body(key, world, None), headers=world.sensitive_staff)
        assert set(_answer(key, named)) == {"full_name", "ethnicity", "religion"}


async def test_verify_refuses_citizens_and_answers_agencies_yes_or_no(
    client: httpx.AsyncClient, world: World
) -> None:
    assert _routes(Case.VERIFY) == [
        "POST /api/v1/verify",
        "POST /api/v1/verify/consent-requests",
        "GET /api/v1/verify/consent-requests/{ask_ref}",
    ]
    for key in _routes(Case.VERIFY):
        for headers in (world.other_citizen, world.officer):
            assert (await _call(client, key, world, headers)).status_code == 403, key
    # Another requester's (or no) ask is "not found", whatever its number.
    missing = await _call(client, "GET /api/v1/verify/consent-requests/{ask_ref}", world, world.k1_staff)
    assert missing.status_code == 404
    question = {"question": "age_at_least", "pin": world.pin, "years": 18, "purpose": "Mở tài khoản"}
    assert (
        await client.post("/api/v1/verify", json=question, headers=world.other_citizen)
    ).status_code == 403
    response = await client.post("/api/v1/verify", json=question, headers=world.k1_staff)
    assert response.status_code == 200, response.text
    assert set(response.json()) == {"answer", "receipt"}
    # The answer comes from the date of birth: outside a mandate of the name only, it is refused.
    outside = await client.post("/api/v1/verify", json=question, headers=world.k2_staff)
    assert outside.status_code == 403 and outside.json()["code"] == "access.fields_outside_scope"


async def test_own_data_routes_refuse_officers_and_agencies(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    await make_officer(session, username="xa.own", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
    commune = await issue_headers(session, "xa.own")
    routes = _routes(Case.OWN)
    assert routes
    for key in routes:
        assert "{" not in key, f"{key}: an own-data route must not take a person in its path"
        for headers in (commune, world.k1_staff, world.k2_staff):
            assert (await _call(client, key, world, headers)).status_code == 403, key


async def test_represented_routes_refuse_everyone_but_a_representative(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    routes = _routes(Case.REPRESENTED)
    assert len(routes) == 2
    for key in routes:
        for headers in (world.officer, world.k1_staff, world.k2_staff, world.other_citizen):
            refused = await _call(client, key, world, headers)
            assert refused.status_code == 403, key
            assert world.pin not in refused.text
        missing = key.replace("{person_id}", "999999").split(" ", 1)[1]
        nobody = await client.get(missing, headers={**world.other_citizen, "Accept": "application/json"})
        assert nobody.status_code == 403 and nobody.json()["code"] == refused.json()["code"], key


async def test_development_pages_are_absent_by_default(client: httpx.AsyncClient, world: World) -> None:
    for key in _routes(Case.DEV):
        for headers in (world.other_citizen, world.k1_staff, {}):
            assert (await _call(client, key, world, headers)).status_code == 404, key


async def test_requester_routes_refuse_officers(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    await make_officer(session, username="xa.req", role=OfficerRole.COMMUNE_POLICE, unit_code="00070")
    commune = await issue_headers(session, "xa.req")
    routes = _routes(Case.REQUESTER)
    assert len(routes) == 15
    for key in routes:
        assert (await _call(client, key, world, commune)).status_code == 403, key
        assert (await _call(client, key, world, world.officer)).status_code == 403, key


async def test_consent_routes_refuse_officers_and_organisations(
    client: httpx.AsyncClient, world: World
) -> None:
    routes = _routes(Case.CONSENT)
    assert len(routes) == 14
    for key in routes:
        for headers in (world.officer, world.k1_staff, world.k2_staff):
            assert (await _call(client, key, world, headers)).status_code == 403, key
        if "{" in key:  # another citizen asking about a consent that is not theirs: "not found"
            assert (await _call(client, key, world, world.other_citizen)).status_code == 404, key


async def test_subject_rights_routes_refuse_officers_organisations_and_other_citizens(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    """A data subject's request (Luật 91/2025 Điều 4) is theirs alone: officers and organisation
    members get 403 on the subject's routes; another citizen gets 404 for a real request."""
    subject_id = (await citizen_by_pin(session, world.pin)).id
    owner = await citizen_headers(client, session, subject_id)
    body = {"kind": "access", "scope": "register", "details": "Tôi muốn xem dữ liệu của mình"}
    filed = await client.post("/api/v1/eid/me/privacy-requests", json=body, headers=owner)
    assert filed.status_code == 201, filed.text
    reference = filed.json()["reference"]
    routes = _routes(Case.SUBJECT)
    assert len(routes) == 10
    for key in routes:
        method, url = _url(key, world)
        url = url.replace("QDL-2026-000001", reference)
        json_body: dict[str, Any] | None = {} if method == "POST" else None
        for headers in (world.officer, world.k1_staff, world.k2_staff):
            response = await client.request(
                method, url, json=json_body, headers={**headers, "Accept": "application/json"}
            )
            assert response.status_code == 403, key
        if "{" in key:
            headers = {**world.other_citizen, "Accept": "application/json"}
            assert (await client.request(method, url, json=json_body, headers=headers)).status_code == 404, (
                key
            )


async def test_fee_receipts_refuse_everyone_but_the_payer_and_fee_officers(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    from sqlalchemy import select

    from dancu.access.groups import ActorGroup
    from dancu.access.models import Organisation
    from dancu.exploitation.fees.actions import issue_receipt
    from dancu.exploitation.fees.enums import ProductCode, SourceKind
    from tests.support.builders import SYSTEM

    payer = await session.scalar(select(Organisation).where(Organisation.name == "Tổ chức k2.admin"))
    assert payer is not None
    receipt = await issue_receipt(
        session,
        source_kind=SourceKind.DELIVERY,
        source_ref="refusal-case",
        payer_label=payer.name,
        payer_organisation_id=payer.id,
        product=ProductCode.SPDC03,
        fields_delivered=1,
        actor_group=ActorGroup.K2,
        own_data=False,
        actor=SYSTEM,
    )
    receipt_id = receipt.id
    await session.commit()
    routes = _routes(Case.FEES)
    assert len(routes) == 4
    for key in routes:
        method, path = key.split(" ", 1)
        url = path.replace("{receipt_id}", str(receipt_id))
        body = {"method": "counter"} if method == "POST" else None
        for headers in (world.other_citizen, world.k1_staff):
            response = await client.request(
                method, url, json=body, headers={**headers, "Accept": "application/json"}
            )
            if "{" in path or method == "POST":
                assert response.status_code == 403, key
            else:
                assert response.status_code == 200 and response.json()["items"] == [], key
        if method == "GET":
            assert (await client.get(url, headers=world.k2_staff)).status_code == 200, key


async def test_documents_refuse_other_citizens_and_agencies(client: httpx.AsyncClient, world: World) -> None:
    routes = _routes(Case.DOCUMENT)
    assert len(routes) == 5
    issued = await client.post(
        "/api/v1/documents/confirmations", json={"pin": world.pin}, headers=world.officer
    )
    assert issued.status_code == 201, issued.text
    document_id = str(issued.json()["id"])
    wrong = []
    for key in routes:
        method, path = key.split(" ", 1)
        url = path.replace("{document_id}", document_id)
        body = (
            {"pin": world.pin, "valid_on": "2020-01-01", "reason": "Thử quyền"} if method == "POST" else None
        )
        for who, headers in (
            ("another citizen", world.other_citizen),
            ("k1 member", world.k1_staff),
            ("k2 member", world.k2_staff),
        ):
            response = await client.request(
                method, url, json=body, headers={**headers, "Accept": "application/json"}
            )
            if response.status_code != 403:
                wrong.append(f"{key} as {who}: {response.status_code}")
    assert wrong == []
    assert (await client.get(f"/api/v1/documents/{document_id}", headers=world.officer)).status_code == 200


async def test_the_change_feed_refuses_people_officers_and_portal_staff(
    client: httpx.AsyncClient, world: World
) -> None:
    """Only a k1 body's machine client over the direct channel (tests/integration/test_sharing_feed.py)."""
    routes = _routes(Case.FEED)
    assert len(routes) == 4
    for key in routes:
        for headers in (world.other_citizen, world.officer, world.k1_staff, world.k2_staff):
            assert (await _call(client, key, world, headers)).status_code == 403, key


async def test_reconciliation_refuses_other_callers_and_other_organisations(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    routes = _routes(Case.RECONCILE)
    assert len(routes) == 3
    content = f"pin,full_name,date_of_birth\n{world.pin},{NAME},{DOB}\n".encode()
    upload = {"params": {"purpose": "Đối soát"}, "content": content}
    submitted = await client.post(
        "/api/v1/reconciliations", **upload, headers={**world.k1_staff, "content-type": "text/csv"}
    )
    assert submitted.status_code == 202, submitted.text
    batch_id = str(submitted.json()["id"])
    for key in routes:
        method, path = key.split(" ", 1)
        url = path.replace("{batch_id}", batch_id)
        extra = upload if method == "POST" else {}
        for headers in (world.other_citizen, world.officer, world.k2_staff):
            response = await client.request(
                method, url, **extra, headers={**headers, "content-type": "text/csv"}
            )
            assert response.status_code == 403, key
        if method == "GET":
            response = await client.request(method, url, headers=world.sensitive_staff)
            assert response.status_code == 404, key


async def test_portal_pages_refuse_citizens_officers_and_keep_to_the_scope(
    client: httpx.AsyncClient, world: World
) -> None:
    routes = _routes(Case.PORTAL)
    assert len(routes) == 5
    for key in routes:
        for headers in (world.other_citizen, world.officer):
            assert (await _call(client, key, world, headers)).status_code == 403, key
        if "/lookup" in key:
            assert (await _call(client, key, world, world.k2_staff)).status_code == 403, key
    form = {"full_name": NAME, "date_of_birth": DOB, "pin": world.pin, "purpose": "Kiểm tra quyền"}
    for over in (["permanent_residence"], ["full_name", "religion"]):
        refused = await client.post("/portal/lookup", data={**form, "fields": over}, headers=world.k1_staff)
        assert refused.status_code == 403 and 'id="answer-table"' not in refused.text, over
    scoped = await client.post("/portal/lookup", data=form, headers=world.k1_staff)
    assert scoped.status_code == 200 and 'id="answer-table"' in scoped.text
