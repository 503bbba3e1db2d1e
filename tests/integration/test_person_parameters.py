"""Every parameter that names a person or a household is refused for a person the caller may not see.

The parameters are found by walking every route of the app (included sub-routers too) and reading
its path, query and body schemas: a parameter names a person when its schema carries the PIN
pattern (a 12-digit string, also as the keys of a mapping) or its name says so (``pin``,
``*_pin``, ``citizen_id``, ``person_id``, ``household_number``, a household's ``{number}``).
Each one found must have an entry below — a :class:`Probe` that calls the route as someone whose
territory or scope excludes the person, or an exemption that says why there is nobody to exclude —
so a new route with such a parameter fails :func:`test_every_person_parameter_has_a_probe` until it
is given one. A probe must be refused (403/404, or 422 for the channels where naming a person
takes the whole identification key), as problem+json, with nothing written to the register, the
requests or the log, and nothing about the person in the answer.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any

import httpx
import pytest
from fastapi.routing import APIRoute
from pydantic import TypeAdapter
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import OfficerRole
from dancu.app import ROUTERS
from dancu.registry.queries import citizen_by_pin
from tests.integration.request_support import request_body
from tests.integration.test_personal_data_routes import _walk
from tests.support.builders import (
    DOB,
    HCM,
    NAME,
    PASSWORD,
    STRANGER_NAME,
    address,
    bearer_for,
    birth_body,
    c06,
    citizen_headers,
    dossier,
    make_officer,
    member,
    organisation,
    person,
    registrar,
    stranger_birth,
)
from tests.support.counts import written

PIN_PATTERN = "^[0-9]{12}$"
PERSON_NAME = re.compile(r"(^|_)pin$|^(citizen|person)_id$|^household_number$")


# --- Finding the parameters ---------------------------------------------------------------------


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return _resolve(defs[ref.rsplit("/", 1)[-1]], defs)
    return schema


def _objects(schema: dict[str, Any], defs: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The object schemas a property may hold (directly, in a list, or in a union)."""
    schema = _resolve(schema, defs)
    if "properties" in schema:
        yield schema
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from _objects(schema[key], defs)
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            yield from _objects(option, defs)


def _names_person(name: str, schema: dict[str, Any], defs: dict[str, Any]) -> bool:
    own = _resolve(schema, defs)
    shallow = {k: v for k, v in own.items() if k not in ("properties", "$defs")}
    return bool(PERSON_NAME.search(name)) or PIN_PATTERN in json.dumps(shallow)


def _body_people(schema: dict[str, Any], defs: dict[str, Any], prefix: str) -> Iterator[str]:
    for obj in _objects(schema, defs):
        for name, prop in obj["properties"].items():
            nested = list(_objects(prop, defs))
            if nested:
                yield from _body_people(prop, defs, f"{prefix}{name}.")
            elif _names_person(name, prop, defs):
                yield f"{prefix}{name}"


def person_parameters(path: str, route: APIRoute) -> list[str]:
    found: list[str] = []
    dependant = route.dependant
    for kind, params in (("path", dependant.path_params), ("query", dependant.query_params)):
        for param in params:
            schema = TypeAdapter(Annotated[param.field_info.annotation, param.field_info]).json_schema()
            household = kind == "path" and param.name == "number" and "/households/" in path
            if household or _names_person(param.name, schema, schema.get("$defs", {})):
                found.append(f"{kind}:{param.name}")
    for body in dependant.body_params:
        schema = TypeAdapter(Annotated[body.field_info.annotation, body.field_info]).json_schema()
        defs = schema.get("$defs", {})
        if any(True for _ in _objects(schema, defs)):
            found.extend(f"body:{name}" for name in _body_people(schema, defs, ""))
        elif _names_person(body.name, schema, defs):  # a form field
            found.append(f"body:{body.name}")
    return sorted(set(found))


def routes_with_people() -> list[str]:
    keys: set[str] = set()
    for module_path in ROUTERS:
        for path, route in _walk(importlib.import_module(module_path).router):
            for parameter in person_parameters(path, route):
                keys.update(f"{method} {path} {parameter}" for method in route.methods or ())
    return sorted(keys)


# --- The world the probes run in ----------------------------------------------------------------


@dataclass
class World:
    inside: str  # a resident of Phường Hoàn Kiếm
    stranger: str  # a resident of Hồ Chí Minh
    stranger_id: int
    stranger_household: str
    household: str  # a household of Hoàn Kiếm
    headers: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Probe:
    """How to name the stranger in one parameter: who calls, and the body (None: no body)."""

    who: str
    body: Callable[[World], dict[str, Any]] | None = None
    form: bool = False  # a page posting a form
    status: frozenset[int] = frozenset({403, 404})
    # For a 200 answer (a page or a batch that must answer without the person): what it must hold.
    shows: Callable[[httpx.Response], bool] | None = None


def _person_of(w: World) -> dict[str, Any]:
    return {"relation_to_head": "other", "on": "2024-01-01", **dossier()}


def _registry(body: Callable[[World], dict[str, Any]] | None = None) -> Probe:
    return Probe("commune", body)


KEYED = frozenset({404, 422})
CARD = {"kind": "cccd", "number": "001190099999", "issued_on": "2024-01-01", "issued_by": "Cục Cảnh sát"}
R = "POST /api/v1/registry"
PROBES: dict[str, Probe] = {
    # The register's officer API: a commune officer of Hoàn Kiếm, the person lives in Hồ Chí Minh.
    f"{R}/births body:father.pin": _registry(lambda w: birth_body(father={"pin": w.stranger})),
    f"{R}/births body:mother.pin": _registry(lambda w: birth_body(mother={"pin": w.stranger})),
    f"{R}/births body:legal_representative.pin": _registry(
        lambda w: birth_body(legal_representative={"pin": w.stranger})
    ),
    f"{R}/births body:household_number": _registry(
        lambda w: birth_body(household_number=w.stranger_household, relation_to_head="child")
    ),
    "GET /api/v1/registry/citizens/{pin} path:pin": _registry(),
    "GET /api/v1/registry/citizens/{pin}/items/{item} path:pin": _registry(),
    "GET /api/v1/registry/citizens/{pin}/history path:pin": _registry(),
    f"{R}/citizens/{{pin}}/updates path:pin": _registry(
        lambda w: {"item": "religion", "value": "00", "valid_from": "2024-01-01", **dossier()}
    ),
    f"{R}/citizens/{{pin}}/adjustments path:pin": _registry(
        lambda w: {
            "item": "religion",
            "value": "00",
            "reason": "Sai sót",
            "proof": "Giấy tờ",
            **dossier(),
        }
    ),
    f"{R}/citizens/{{pin}}/death path:pin": _registry(
        lambda w: {"status": "dead", "date": "2025-01-01", "source": "civil_status", **dossier()}
    ),
    f"{R}/citizens/{{pin}}/cards path:pin": _registry(lambda w: {"card": CARD, **dossier()}),
    # The person may be moving in: refused when the new address is outside the territory too.
    f"{R}/citizens/{{pin}}/residence/{{kind}} path:pin": _registry(
        lambda w: {"address": address(HCM), "start": "2024-01-01", **dossier()}
    ),
    f"{R}/citizens/{{pin}}/residence-removals path:pin": _registry(
        lambda w: {"kind": "temporary_residence", "on": "2024-01-01", "reason": "other", **dossier()}
    ),
    f"{R}/citizens/{{pin}}/absences path:pin": _registry(
        lambda w: {
            "start": "2024-01-01",
            "end": "2024-06-01",
            "destination": "Hà Nội",
            "reason": "Công tác",
            **dossier(),
        }
    ),
    f"{R}/citizens/{{pin}}/relations path:pin": _registry(
        lambda w: {"role": "wife", "relative_pin": w.inside, **dossier()}
    ),
    f"{R}/citizens/{{pin}}/relations body:relative_pin": _registry(
        lambda w: {"role": "wife", "relative_pin": w.stranger, **dossier()}
    ),
    f"{R}/citizens/{{pin}}/pin-reestablishment path:pin": Probe(
        "province", lambda w: {"ground": "forged_documents", **dossier()}
    ),
    f"{R}/citizens/{{pin}}/pin-cancellation path:pin": Probe(
        "province", lambda w: {"nationality": ["VN"], "decision": "QĐ 12/QĐ-CTN", **dossier()}
    ),
    f"{R}/citizens/{{pin}}/pin-reestablishment/proposal path:pin": Probe(
        "province", lambda w: {"recommendation": "approve", "text": "Đề nghị xác lập lại"}
    ),
    f"{R}/households body:head_pin": _registry(
        lambda w: {"head_pin": w.stranger, "on": "2024-01-01", **dossier()}
    ),
    "GET /api/v1/registry/households/{number} path:number": _registry(),
    f"{R}/households/{{number}}/members path:number": _registry(lambda w: {"pin": w.inside, **_person_of(w)}),
    f"{R}/households/{{number}}/members body:pin": _registry(lambda w: {"pin": w.stranger, **_person_of(w)}),
    f"{R}/households/{{number}}/head path:number": _registry(
        lambda w: {"new_head_pin": w.inside, "old_head_relation": "other", "on": "2024-01-01", **dossier()}
    ),
    f"{R}/households/{{number}}/head body:new_head_pin": _registry(
        lambda w: {"new_head_pin": w.stranger, "old_head_relation": "other", "on": "2024-01-01", **dossier()}
    ),
    f"{R}/households/{{number}}/split path:number": _registry(
        lambda w: {"new_head_pin": w.inside, "members": {}, "on": "2024-01-01", **dossier()}
    ),
    f"{R}/households/{{number}}/split body:new_head_pin": _registry(
        lambda w: {"new_head_pin": w.stranger, "members": {}, "on": "2024-01-01", **dossier()}
    ),
    f"{R}/households/{{number}}/split body:members": _registry(
        lambda w: {
            "new_head_pin": w.inside,
            "members": {w.stranger: "child"},
            "on": "2024-01-01",
            **dossier(),
        }
    ),
    # The officer console (pages answer problem+json to a caller asking for JSON).
    "GET /officer/citizens/{pin} path:pin": _registry(),
    "GET /officer/citizens/{pin}/adjust path:pin": _registry(),
    "GET /officer/citizens/{pin}/update path:pin": _registry(),
    "GET /officer/citizens/{pin}/death path:pin": _registry(),
    "GET /officer/citizens/{pin}/eid path:pin": _registry(),
    "POST /officer/citizens/{pin}/adjust path:pin": Probe(
        "commune", lambda w: {"item": "religion"}, form=True
    ),
    "POST /officer/citizens/{pin}/update path:pin": Probe(
        "commune", lambda w: {"item": "religion"}, form=True
    ),
    "POST /officer/citizens/{pin}/death path:pin": Probe("commune", lambda w: {"status": "dead"}, form=True),
    "GET /officer/citizens/{pin}/pin-proposal path:pin": _registry(),
    "POST /officer/citizens/{pin}/pin-proposal path:pin": Probe(
        "commune", lambda w: {"recommendation": "approve", "proposal_text": "Đề xuất"}, form=True
    ),
    "GET /officer/citizens/{pin}/card path:pin": _registry(),
    "POST /officer/citizens/{pin}/card path:pin": Probe(
        "commune", lambda w: {"card.kind": "can_cuoc", "card.number": "001099012345"}, form=True
    ),
    # The residence page serves people moving in: outside the territory it shows the PIN typed and
    # no data, and registering them at an address outside the territory is refused.
    "GET /officer/citizens/{pin}/residence path:pin": Probe(
        "commune", status=frozenset({200}), shows=lambda r: 'name="address.detail"' in r.text
    ),
    "POST /officer/citizens/{pin}/residence path:pin": Probe(
        "commune",
        lambda w: (
            {"kind": "permanent", "address.code": HCM["unit_code"], "address.detail": "số 2"}
            | {"start": "2024-01-01", **dossier()}
        ),
        form=True,
    ),
    "POST /officer/citizens/{pin}/residence/removal path:pin": Probe("commune", lambda w: {}, form=True),
    "POST /officer/citizens/{pin}/residence/absence path:pin": Probe("commune", lambda w: {}, form=True),
    "POST /officer/citizens/{pin}/eid/level2 path:pin": Probe("commune", lambda w: {}, form=True),
    "POST /officer/citizens/{pin}/eid/lock path:pin": Probe(
        "commune", lambda w: {"action": "lock"}, form=True
    ),
    # The identity certificate of a person of undetermined nationality is renewed at any unit (NĐ 70
    # Điều 26 khoản 1): these routes reach only holders of one; the stranger holds none (404).
    "GET /officer/citizens/{pin}/identity-certificate path:pin": _registry(),
    "POST /officer/citizens/{pin}/identity-certificate/renew path:pin": Probe(
        "commune", lambda w: {"reason": "Bị hư hỏng"}, form=True
    ),
    f"{R}/citizens/{{pin}}/identity-certificate/renewal path:pin": _registry(
        lambda w: {"reason": "Bị hư hỏng"}
    ),
    # e-ID accounts managed by an officer.
    "POST /api/v1/eid/accounts/{pin}/level2 path:pin": _registry(
        lambda w: {"card_presented": True, "form_tk01": True, "mobile_confirmed": True}
    ),
    "POST /api/v1/eid/accounts/{pin}/lock path:pin": _registry(lambda w: {"reason": "Theo đề nghị"}),
    "POST /api/v1/eid/accounts/{pin}/unlock path:pin": _registry(lambda w: {"reason": "Theo đề nghị"}),
    # A citizen acting for someone they do not represent.
    "GET /app/for/{person_id} path:person_id": Probe("citizen"),
    "POST /api/v1/eid/me/child-accounts body:pin": Probe("citizen", lambda w: {"pin": w.stranger}),
    "POST /app/child-accounts body:pin": Probe("citizen", lambda w: {"pin": w.stranger}, form=True),
    "GET /app/for/{person_id}/history path:person_id": Probe("citizen"),
    "GET /api/v1/eid/represented/{person_id}/record path:person_id": Probe("citizen"),
    "GET /api/v1/eid/represented/{person_id}/history path:person_id": Probe("citizen"),
    # Documents and QCVN 109 messages about a person: the officer's territory.
    "POST /api/v1/documents/confirmations body:pin": _registry(lambda w: {"pin": w.stranger}),
    "POST /api/v1/documents/as-of-certificates body:pin": _registry(
        lambda w: {"pin": w.stranger, "valid_on": "2024-01-01"}
    ),
    "GET /api/v1/qcvn109/citizens/{pin} path:pin": _registry(),
    # k1 lookup: the whole key (name, date of birth, PIN) identifies the person; a PIN alone is "no match".
    "POST /api/v1/lookup body:pin": Probe(
        "k1",
        lambda w: {"pin": w.stranger, "full_name": NAME, "date_of_birth": DOB, "purpose": "Kiểm tra"},
        status=KEYED,
    ),
    "POST /api/v1/lookup/batch body:subjects.pin": Probe(
        "k1",
        lambda w: {
            "subjects": [{"pin": w.stranger, "full_name": NAME, "date_of_birth": DOB}],
            "purpose": "Kiểm tra",
        },
        status=frozenset({200}),
        shows=lambda r: (
            [{k: v for k, v in e.items() if v is not None} for e in r.json()["results"]]
            == [{"index": 0, "found": False}]
        ),
    ),
    # Verification answers agencies only; a citizen may not ask about anyone else.
    "POST /api/v1/verify body:pin": Probe(
        "citizen", lambda w: {"question": "age_at_least", "pin": w.stranger, "years": 18, "purpose": "Thử"}
    ),
    # A one-off consent ask is a verification too: a citizen may not ask anyone about anybody.
    "POST /api/v1/verify/consent-requests body:pin": Probe(
        "citizen", lambda w: {"question": "age_at_least", "pin": w.stranger, "years": 18, "purpose": "Thử"}
    ),
    # Requests name their subjects by the whole key; a PIN with someone else's name is refused.
    "POST /api/v1/requests body:subjects.pin": Probe(
        "k1",
        lambda w: request_body([{"pin": w.stranger, "full_name": NAME, "date_of_birth": DOB}], ["full_name"]),
        status=KEYED,
    ),
    "POST /api/v1/officer/requests/written body:subjects.pin": Probe(
        "commune",
        lambda w: request_body(
            [{"pin": w.stranger, "full_name": NAME, "date_of_birth": DOB, "paper_consent": "dc02_signature"}],
            ["full_name"],
            requester_pin=w.inside,
            document_number="VB-1/2026",
        ),
        status=KEYED,
    ),
    # A paper request of a data subject names them by PIN and name, inside the receiving officer's
    # territory; a stranger is "unknown", as an unknown PIN is.
    "POST /api/v1/privacy-requests body:pin": Probe(
        "commune",
        lambda w: {
            "kind": "access",
            "scope": "register",
            "details": "Đề nghị xem dữ liệu cá nhân",
            "pin": w.stranger,
            "full_name": STRANGER_NAME,
        },
        status=KEYED,
    ),
}

EXEMPT: dict[str, str] = {
    "GET /api/v1/pin/{pin}/decode path:pin": "pure PIN rules: the register is not read",
    "POST /api/v1/pin/validate body:pin": "pure PIN rules: the register is not read",
    "GET /api/v1/audit/proof/{pin} path:pin": "auditors (OfficerRole.AUDITOR) verify the whole log",
    "POST /api/v1/eid/registrations body:pin": "self-registration: the caller proves the PIN with the card",
    "POST /api/v1/eid/registrations body:card_number": "self-registration: the card that proves the PIN",
    "POST /api/v1/registry/citizens/{pin}/cards body:card.number": (
        "the number of the card recorded for the person in the path (probed); nothing is looked up by it"
    ),
    "POST /api/v1/eid/registrations/activate body:pin": "activation: the code sent to the register's mobile",
    "POST /api/v1/eid/unlock/start body:pin": "self-service unlock: the account's own password",
    "POST /api/v1/eid/unlock/finish body:pin": "self-service unlock: the code sent to the register's mobile",
    "POST /app/register body:pin": "self-registration page: as POST /api/v1/eid/registrations",
    "POST /app/activate body:pin": "activation page: as POST /api/v1/eid/registrations/activate",
    "GET /app/activate query:pin": "activation form resumed: the PIN is put back in the form, nothing read",
    "POST /app/unlock body:pin": "unlock page: as POST /api/v1/eid/unlock/*",
    "GET /officer/citizens query:pin": "the search box only redirects to /officer/citizens/{pin} (probed)",
    "POST /api/v1/organisations body:legal_representative_pin": (
        "the operator registers organisations nationwide; the answer holds none of the person's data"
    ),
    "POST /api/v1/officer/requests/written body:requester_pin": (
        "the paper's signatory files the request; the subjects are probed, and the requester sees only it"
    ),
}


def test_every_person_parameter_has_a_probe() -> None:
    found = routes_with_people()
    assert len(found) > 40  # the walk reaches included routers and nested body schemas
    assert "POST /api/v1/registry/households/{number}/split body:members" in found  # keys of a mapping
    assert [key for key in found if key not in PROBES and key not in EXEMPT] == []
    assert [key for key in [*PROBES, *EXEMPT] if key not in found] == []  # no stale entries


@pytest.fixture
async def world(client: httpx.AsyncClient, session: AsyncSession) -> World:
    national = await c06(client, session)
    born = await client.post("/api/v1/registry/births", json=stranger_birth(), headers=national)
    assert born.status_code == 201, born.text
    stranger = str(born.json()["pin"])
    inside = await person(client, national)
    households = []
    for head in (stranger, inside):
        created = await client.post(
            "/api/v1/registry/households",
            json={"head_pin": head, "on": "2010-01-01", **dossier()},
            headers=national,
        )
        assert created.status_code == 201, created.text
        households.append(str(created.json()["number"]))
    headers: dict[str, dict[str, str]] = {}
    for username, role, unit in (
        ("xa.hoankiem", OfficerRole.COMMUNE_POLICE, "00070"),
        ("pc06.hanoi", OfficerRole.PROVINCIAL_POLICE, "01"),
    ):
        _, password = await make_officer(session, username=username, role=role, unit_code=unit)
        headers["commune" if role is OfficerRole.COMMUNE_POLICE else "province"] = await bearer_for(
            client, username, password
        )
    operator = await registrar(client, session)
    k1 = await organisation(client, operator, "k1.admin")
    admin = await bearer_for(client, "k1.admin", PASSWORD)
    headers["k1"] = await member(
        client, session, admin, k1["organisation_id"], "k1.cb", ["full_name", "date_of_birth", "pin"]
    )
    inside_citizen = await citizen_by_pin(session, inside)
    headers["citizen"] = await citizen_headers(client, session, inside_citizen.id)
    stranger_citizen = await citizen_by_pin(session, stranger)
    return World(inside, stranger, stranger_citizen.id, households[0], households[1], headers)


def _request(key: str, world: World, probe: Probe) -> dict[str, Any]:
    method, path, parameter = key.split(" ")
    stranger_in_path = parameter.startswith("path:")
    values = {
        "pin": world.stranger if stranger_in_path and parameter == "path:pin" else world.inside,
        "number": world.stranger_household if parameter == "path:number" else world.household,
        "person_id": str(world.stranger_id),
        "item": "full_name",
        "kind": "permanent",
    }
    url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
    extra: dict[str, Any] = {}
    if probe.body is not None:
        extra = {"data": probe.body(world)} if probe.form else {"json": probe.body(world)}
    headers = {**world.headers[probe.who], "Accept": "application/json"}
    return {"method": method, "url": url, "headers": headers, **extra}


async def test_a_person_outside_the_callers_reach_is_refused_everywhere(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    wrong: list[str] = []
    for key, probe in PROBES.items():
        before = await written(session)
        request = _request(key, world, probe)
        response = await client.request(**request)
        if response.status_code not in probe.status:
            wrong.append(f"{key}: {response.status_code} {response.text[-300:]}")
            continue
        # A page posting a form answers with the form again and the refusal in it.
        kinds = ("application/problem+json", "text/html") if probe.form else ("application/problem+json",)
        if response.status_code != 200 and not response.headers["content-type"].startswith(kinds):
            wrong.append(f"{key}: {response.headers['content-type']}")
        if response.status_code == 200 and not (probe.shows and probe.shows(response)):
            wrong.append(f"{key}: answered {response.text[:200]}")
        # A refusal may echo the PIN the caller typed (naming the field), a page the PIN in its
        # address; nothing the register holds about the person.
        echoed = response.status_code != 200 or world.stranger in request["url"]
        if STRANGER_NAME in response.text or (not echoed and world.stranger in response.text):
            wrong.append(f"{key}: the answer names the person")
        if await written(session) != before:
            wrong.append(f"{key}: wrote {await written(session)} (was {before})")
    assert wrong == [], "\n".join(wrong)
