"""The OpenAPI document tells clients every error as problem+json and how to authenticate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dancu.app import create_app
from dancu.settings import Settings

OAUTH = {"/oidc/token", "/oidc/revoke", "/oidc/userinfo"}
PROTECTED = [
    ("get", "/api/v1/organisations/{organisation_id}"),
    ("post", "/api/v1/registry/births"),
    ("get", "/api/v1/audit/tracker"),
]


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('oa') / 'x.sqlite3'}"
    return create_app(Settings(database_url=url)).openapi()


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m, p, op) for p, ops in document["paths"].items() for m, op in ops.items()]


def test_every_error_answer_is_problem_json_with_its_schema(document: dict[str, Any]) -> None:
    wrong = []
    for method, path, operation in _operations(document):
        for status, answer in operation["responses"].items():
            if not status.startswith(("4", "5")):
                continue
            media = set(answer.get("content", {}))
            expected = (
                {"application/json"}
                if path in OAUTH and status in ("400", "401")
                else {"application/problem+json"}
            )
            if media != expected:
                wrong.append(f"{method.upper()} {path} {status} {sorted(media)}")
    assert wrong == []
    assert document["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status", "code"]


def test_every_operation_declares_its_common_errors(document: dict[str, Any]) -> None:
    for method, path, operation in _operations(document):
        declared = set(operation["responses"])
        assert {"400", "422", "429"} <= declared, f"{method} {path}"
        if "{" in path:
            assert "404" in declared, f"{method} {path}"
        if "requestBody" in operation:
            assert {"413", "415"} <= declared, f"{method} {path}"
    assert document["paths"]["/api/v1/feed"]["get"]["responses"]["429"]["headers"]["Retry-After"]["required"]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_protected_operations_name_their_security_and_auth_errors(
    document: dict[str, Any], method: str, path: str
) -> None:
    operation = document["paths"][path][method]
    assert {"401", "403"} <= set(operation["responses"])
    schemes = {name for requirement in operation["security"] for name in requirement}
    assert schemes == {"bearer", "session", "clientCredentials"}


def test_the_security_schemes_are_declared_and_public_operations_need_none(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"]["scheme"] == "bearer"
    assert (schemes["session"]["in"], schemes["session"]["name"]) == ("cookie", "dancu_session")
    assert schemes["clientCredentials"]["flows"]["clientCredentials"]["tokenUrl"] == "/oidc/token"
    assert "security" not in document["paths"]["/health"]["get"]
    assert "401" not in document["paths"]["/health"]["get"]["responses"]


def test_the_document_is_what_the_app_serves(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}"))
    served = TestClient(app).get("/openapi.json").json()
    assert "securitySchemes" in served["components"]
