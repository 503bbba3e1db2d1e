"""Bench: schemathesis against a running ``dancu serve``, as four callers, with every check.

    .venv/bin/python bench/schemathesis_run.py --max-examples 40

Starts ``dancu serve`` on a fresh, migrated SQLite file (``--database-url`` for an existing, empty
PostgreSQL database: ``createdb -h 127.0.0.1 -U postgres dancu_st``),
seeds an officer (identity agency, TOTP), a registered person, a k1 organisation with a machine
client (client_credentials, private_key_jwt) and a citizen with an activated e-ID, and runs the
schemathesis CLI once per caller (the citizen; the k1 machine client; a k1 organisation's staff with
a bearer login session, whom the hot routes answer on PostgreSQL; the officer) with the checks
not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance
and response_headers_conformance, and the examples, coverage, fuzzing and stateful phases. Rate
limits are off for the run (one address, thousands of requests). Prints per caller and in total:
requests sent, and failures per check. The issue asks for at least 10,000 requests and 0 failures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from joserfc import jwt
from joserfc.jwk import ECKey
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lookup import agency_headers  # noqa: E402
from tests.support.builders import HOAN_KIEM, birth_body, dossier  # noqa: E402

from dancu.access.actor import Actor  # noqa: E402
from dancu.access.groups import ActorGroup  # noqa: E402
from dancu.access.models import Organisation, SecurityCheckBasis  # noqa: E402
from dancu.access.permissions import OfficerRole  # noqa: E402
from dancu.access.positions import Position  # noqa: E402
from dancu.clock import now_utc  # noqa: E402
from dancu.db.engine import make_engine, make_sessionmaker  # noqa: E402
from dancu.db.migrate import upgrade  # noqa: E402
from dancu.identity.oidc.models import ClientAuthMethod, ClientKind, OidcClient  # noqa: E402
from dancu.notify.models import OutboxMessage  # noqa: E402
from dancu.sharing.feed.schemas import SecurityCheckIn  # noqa: E402
from dancu.sharing.feed.systems import record_security_check  # noqa: E402

# A developer machine: dancu starts without sealing keys or key passphrases (dancu.ops.startup).
os.environ.setdefault("DANCU_MODE", "development")

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
)
# Schemathesis 4's JSON report names each failure by its type, not by the check that found it.
FAILURE_TYPES = {
    "ServerError": "not_a_server_error",
    "UndefinedStatusCode": "status_code_conformance",
    "UndefinedContentType": "content_type_conformance",
    "MissingContentType": "content_type_conformance",
    "MalformedMediaType": "content_type_conformance",
    "JsonSchemaError": "response_schema_conformance",  # a header's schema too: see the .txt report
    "MalformedJson": "response_schema_conformance",
    "MissingHeaders": "response_headers_conformance",
}
TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
OFFICER, OFFICER_PASSWORD = "c06.bench", "mat-khau-bench-rat-dai-1"
CITIZEN_PASSWORD = "mat-khau-cong-dan-bench-1"
MANDATE = ["pin", "full_name", "date_of_birth", "sex", "permanent_residence", "death"]


async def _seed_database(url: str) -> None:
    from dancu.identity.actions import create_officer

    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session:
        await create_officer(
            session,
            username=OFFICER,
            password=OFFICER_PASSWORD,
            display_name="Bench",
            role=OfficerRole.IDENTITY_AGENCY,
            unit_code=None,
            unit_version="2025",
            actor=Actor.system("bench"),
            totp_secret=TOTP,
            position=Position.HEAD,  # decides (collection, cards), not only proposes
        )
        await session.commit()
    await engine.dispose()


async def _machine(url: str) -> tuple[str, ECKey]:
    engine = make_engine(url)
    key = ECKey.generate_key("P-256", private=True, auto_kid=True)
    async with make_sessionmaker(engine)() as session:
        organisation = Organisation(
            name="Bộ Lao động (bench)",
            actor_group=ActorGroup.K1,
            mandate=MANDATE,
            legal_basis="Nghị định quy định chức năng, nhiệm vụ số 62/2022",
            created_at=now_utc(),
        )
        session.add(organisation)
        await session.flush()
        client = OidcClient(
            client_id=f"m_{organisation.id}_bench",
            name="Hệ thống bench",
            organisation_id=organisation.id,
            kind=ClientKind.MACHINE,
            redirect_uris=[],
            allowed_claims=[],
            token_endpoint_auth_method=ClientAuthMethod.PRIVATE_KEY_JWT,
            jwks={"keys": [key.as_dict(private=False)]},
            active=True,
            created_at=now_utc(),
        )
        session.add(client)
        # A machine client gets tokens only once A05's security check is on record (TT 117/2026 Điều 11).
        await record_security_check(
            session,
            organisation,
            SecurityCheckIn(
                basis=SecurityCheckBasis.A05_CONFIRMATION,
                document_number="A05-BENCH-1",
                document_date=now_utc().date(),
            ),
            actor=Actor.system("bench"),
        )
        await session.commit()
        client_id = client.client_id
    await engine.dispose()
    return client_id, key


async def _last_code(url: str, recipient: str) -> str:
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session:
        message = await session.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == recipient)
            .order_by(OutboxMessage.id.desc())
        )
    await engine.dispose()
    assert message is not None
    found = re.search(r"\b(\d{6})\b", message.body)
    assert found is not None
    return found.group(1)


_USED_CODES: set[str] = set()


def _fresh_totp() -> str:
    """A TOTP code not used before: dancu refuses a replayed code, and several logins of the run
    can fall in the same 30-second step."""
    import pyotp

    while (code := pyotp.TOTP(TOTP).now()) in _USED_CODES:
        time.sleep(1)
    _USED_CODES.add(code)
    return code


async def _officer_token(http: httpx.AsyncClient) -> str:
    login = await http.post("/api/v1/auth/login", json={"username": OFFICER, "password": OFFICER_PASSWORD})
    token = str(login.json()["token"])
    passed = await http.post(
        "/api/v1/auth/second-factor",
        json={"code": _fresh_totp()},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert passed.status_code == 204, passed.text
    return token


async def _citizen_token(http: httpx.AsyncClient, url: str, officer: dict[str, str]) -> str:
    mobile = "0912345678"
    body = {
        "full_name": {"family": "Trần", "middle": "Thị", "given": "Lan"},
        "date_of_birth": "1990-05-17",
        "sex": "2",
        "birth_registration_place": HOAN_KIEM,
        "ethnicity": "01",
        "permanent_residence": {**HOAN_KIEM, "detail": "12 Hàng Bài"},
        "other_items": {"mobile": mobile},
        **dossier(),
    }
    created = await http.post("/api/v1/registry/citizens/collect", json=body, headers=officer)
    assert created.status_code == 201, created.text
    pin = created.json()["pin"]
    card = {
        "card": {
            "kind": "can_cuoc",
            "number": "001190012345",
            "issued_on": "2024-07-01",
            "issued_by": "Cục C06",
        },
        **dossier(),
    }
    issued = await http.post(f"/api/v1/registry/citizens/{pin}/cards", json=card, headers=officer)
    assert issued.status_code in (200, 201, 204), issued.text
    person = {
        "pin": pin,
        "full_name": "Trần Thị Lan",
        "date_of_birth": "1990-05-17",
        "card_number": "001190012345",
    }
    started = await http.post("/api/v1/eid/registrations", json=person)
    assert started.status_code == 201, started.text
    activate = {"pin": pin, "code": await _last_code(url, mobile), "password": CITIZEN_PASSWORD}
    assert (await http.post("/api/v1/eid/registrations/activate", json=activate)).status_code == 200
    login = await http.post("/api/v1/auth/login", json={"username": pin, "password": CITIZEN_PASSWORD})
    token = str(login.json()["token"])
    code = await _last_code(url, mobile)
    passed = await http.post(
        "/api/v1/auth/second-factor", json={"code": code}, headers={"Authorization": f"Bearer {token}"}
    )
    assert passed.status_code == 204, passed.text
    return token


async def _machine_token(http: httpx.AsyncClient, base: str, url: str) -> str:
    client_id, key = await _machine(url)
    now = int(time.time())
    claims = {"iss": client_id, "sub": client_id, "aud": f"{base}/oidc/token", "iat": now, "exp": now + 60}
    claims["jti"] = secrets.token_urlsafe(12)
    assertion = jwt.encode({"alg": "ES256", "kid": key.kid}, claims, key)
    response = await http.post(
        "/oidc/token",
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion,
        },
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


async def _token(caller: str, base: str, url: str) -> str:
    """A fresh credential for ``caller``, taken just before its run: a machine client's access token
    lives 10 minutes, and the officer's run may lock or end the citizen's e-ID session."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        if caller == "k1":
            return await _machine_token(http, base, url)
        if caller == "k1-session":
            headers = await agency_headers(url, http, run=f".st{secrets.token_hex(3)}")
            return headers["Authorization"].removeprefix("Bearer ")
        officer = await _officer_token(http)
        if caller == "officer":
            return officer
        return await _citizen_token(http, url, {"Authorization": f"Bearer {officer}"})


async def _register_someone(base: str) -> None:
    """A registered person, so operations taking a PIN can reach past "not found"."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        headers = {"Authorization": f"Bearer {await _officer_token(http)}"}
        births = await http.post("/api/v1/registry/births", json=birth_body(), headers=headers)
        assert births.status_code == 201, births.text


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    dancu = str(Path(sys.executable).parent / "dancu")
    server = subprocess.Popen(
        [dancu, "serve", "--port", str(port)], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"dancu serve did not start; see {log}")


def _run_schemathesis(
    base: str, token: str, caller: str, args: argparse.Namespace, out: Path
) -> dict[str, Any]:
    report = out / f"{caller}.json"
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{base}/openapi.json",
        "--checks",
        ",".join(CHECKS),
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--header",
        f"Authorization: Bearer {token}",
        "--max-examples",
        str(args.max_examples),
        "--workers",
        str(args.workers),
        "--continue-on-failure",
        "--suppress-health-check",
        "all",
        "--report",
        "json",
        "--report-json-path",
        str(report),
        # Logging out and locking one's own e-ID end the very session the run uses.
        "--exclude-path-regex",
        "^/api/v1/(auth/logout|eid/me/lock)$",
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    (out / f"{caller}.txt").write_text(done.stdout + done.stderr)
    return json.loads(report.read_text()) if report.exists() else {}


def _figures(report: dict[str, Any]) -> tuple[int, int, Counter[str]]:
    """Test cases sent (one request each; a stateful scenario counts each step), errors, and
    failures per check, from schemathesis' JSON report."""
    failures: Counter[str] = Counter()
    for failure in report.get("failures", []):
        names = [v for v in _walk(failure) if isinstance(v, str) and v in CHECKS]
        check = names[0] if names else FAILURE_TYPES.get(str(failure.get("type")), "unclassified")
        failures[check] += int(failure.get("count", 1))
    cases = report.get("test_cases", {})
    return (
        int(cases.get("generated", 0)),
        len(report.get("errors", [])) + int(cases.get("errored", 0)),
        failures,
    )


def _walk(value: Any) -> Any:
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--max-examples", type=int, default=40)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--out", type=Path, default=None, help="keep reports here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dancu-st-"))
    out = args.out or work
    out.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite+aiosqlite:///{work / 'bench.sqlite3'}"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DANCU_DATABASE_URL": url,
        "DANCU_COOKIE_SECURE": "false",
        "DANCU_OIDC_ISSUER": base,
        "DANCU_RATE_LIMIT_CLIENT_PER_MINUTE": "0",
        "DANCU_RATE_LIMIT_ACCOUNT_PER_MINUTE": "0",
    }
    os.environ.update({k: v for k, v in env.items() if k.startswith("DANCU_")})
    upgrade(url)
    asyncio.run(_seed_database(url))
    server = _serve(env, port, out / "server.log")
    try:
        asyncio.run(_register_someone(base))
        total_requests, total_errors, total_failures = 0, 0, Counter[str]()
        # The officer goes last: its run changes accounts (locks, resets) the others rely on.
        for caller in ("citizen", "k1", "k1-session", "officer"):
            token = asyncio.run(_token(caller, base, url))
            started = time.monotonic()
            report = _run_schemathesis(base, token, caller, args, out)
            requests, errors, failures = _figures(report)
            total_requests += requests
            total_errors += errors
            total_failures += failures
            print(
                f"{caller:8} requests {requests:6}  {time.monotonic() - started:5.0f} s  "
                f"errors {errors}  failures {dict(failures)}"
            )
        print(f"{'total':8} requests {total_requests:6}  errors {total_errors}  failures per check:")
        for check in (*CHECKS, "unclassified"):
            print(f"  {check:30} {total_failures[check]}")
        print(f"reports and server log: {out}")
    finally:
        server.terminate()
        server.wait(timeout=10)
        if args.out is None:
            print(f"(kept {work})")


if __name__ == "__main__":
    main()
