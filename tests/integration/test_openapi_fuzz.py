"""schemathesis against the app's own OpenAPI description, with every check: no 5xx, and every
status, media type, body and header an operation answers is the one its description declares.
Then a short stateful run (links inferred by schemathesis) chains operations on what earlier
answers returned. bench/schemathesis_run.py is the long run (≥ 10,000 requests, three callers).

SQLite only, on purpose: schemathesis drives the ASGI app through its own synchronous client (its
own event loop), so this test builds its own migrated SQLite database instead of the shared async
``session``/``app`` fixtures, and keeps ``max_examples`` small so the whole run stays under 90 s
on the two-core machine. Requests carry an officer's bearer token (identity agency: nationwide,
most permissions), so the protected routes are exercised past their permission checks.
"""

from __future__ import annotations

import asyncio
import atexit
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.testclient import TestClient

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.app import create_app
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.db.migrate import upgrade
from dancu.settings import Settings
from tests.support.builders import TEST_TOTP_SECRET, birth_body, totp_now

USERNAME = "c06.fuzz"
PASSWORD = "mat-khau-kiem-thu-fuzz-123"


async def _seed_officer(url: str) -> None:
    from dancu.identity.actions import create_officer

    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            await create_officer(
                session,
                username=USERNAME,
                password=PASSWORD,
                display_name="Kiểm thử",
                role=OfficerRole.IDENTITY_AGENCY,
                unit_code=None,
                unit_version="2025",
                actor=Actor.system("fuzz"),
                totp_secret=TEST_TOTP_SECRET,
                position=Position.HEAD,  # reaches the decisions, not only their refusal
            )
            await session.commit()
    finally:
        await engine.dispose()


# The schema is read when the module is collected, so the app exists from then on; its database
# is only created (migrated, seeded) by the ``seeded`` fixture, and removed at exit.
_DB_DIR = Path(tempfile.mkdtemp(prefix="dancu-fuzz-"))
atexit.register(shutil.rmtree, _DB_DIR, True)  # also when the test is deselected
_URL = f"sqlite+aiosqlite:///{_DB_DIR / 'fuzz.sqlite3'}"
# Rate limits off: thousands of requests come from one address and one account on purpose.
APP = create_app(
    Settings(
        database_url=_URL,
        cookie_secure=False,
        rate_limit_client_per_minute=0,
        rate_limit_account_per_minute=0,
    )
)
# Building the description of every route takes longer than schemathesis' 10 s default on a busy
# two-core machine, and a timeout here is a collection error that drops every case of the module.
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, timeout=120)
# The coverage phase (every boundary of every parameter: thousands of cases) is the bench's job
# (bench/schemathesis_run.py); here examples and a few fuzzed cases per operation keep the run short.
schema.config.phases.coverage.enabled = False


@dataclass(frozen=True)
class Seeded:
    headers: dict[str, str]
    pin: str  # a registered person, so routes taking a PIN get past "not found"


@pytest.fixture(scope="module")
def seeded() -> Iterator[Seeded]:
    upgrade(_URL)
    asyncio.run(_seed_officer(_URL))
    with TestClient(APP) as http:
        response = http.post("/api/v1/auth/login", json={"username": USERNAME, "password": PASSWORD})
        assert response.status_code == 200, response.text
        headers = {"Authorization": f"Bearer {response.json()['token']}"}
        passed = http.post("/api/v1/auth/second-factor", json={"code": totp_now()}, headers=headers)
        assert passed.status_code == 204, passed.text
        birth = http.post("/api/v1/registry/births", json=birth_body(), headers=headers)
        assert birth.status_code == 201, birth.text
    yield Seeded(headers=headers, pin=birth.json()["pin"])


@schema.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_no_operation_answers_with_a_server_error(case: Any, seeded: Seeded) -> None:
    # Logging out would end the token the other operations use; its 5xx-freedom is kept by sending
    # it without the token (an anonymous logout is answered 401).
    headers = {} if case.path.endswith("/logout") else seeded.headers
    if case.path_parameters and "pin" in case.path_parameters:
        # A random PIN is almost always unknown (404); the registered one reaches the procedures.
        case.path_parameters["pin"] = seeded.pin
    case.call_and_validate(headers=headers, checks=CHECKS)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


class _Workflow(schema.as_state_machine()):  # type: ignore[misc]
    headers: ClassVar[dict[str, str]] = {}

    def get_call_kwargs(self, case: Any) -> dict[str, Any]:
        return {"headers": {} if case.path.endswith("/logout") else self.headers}

    def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
        case.validate_response(response, checks=CHECKS)


def test_chained_operations_keep_the_contract(seeded: Seeded) -> None:
    _Workflow.headers = seeded.headers
    _Workflow.run(
        settings=settings(
            max_examples=15,
            stateful_step_count=4,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
    )
