"""``dancu oidc``: key rotation and client registration print JSON; errors are JSON on stderr."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from joserfc.jwk import ECKey
from typer.testing import CliRunner

from dancu.cli.main import app
from dancu.settings import get_settings
from tests.support.migrated import migrated_sqlite

runner = CliRunner()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "cli.sqlite3"
    url = migrated_sqlite(path)
    monkeypatch.setenv("DANCU_DATABASE_URL", url)
    get_settings.cache_clear()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO organisation (name, actor_group, mandate, legal_basis, active, created_at) "
            "VALUES ('Bộ Y tế', 'k1', '[\"full_name\"]', 'NĐ 95/2022', 1, '2026-11-29 00:00:00')"
        )
    yield path
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, Any, str]:
    result = runner.invoke(app, ["oidc", *args])
    out = json.loads(result.stdout) if result.stdout.strip() else None
    return result.exit_code, out, result.stderr


def test_rotate_key_retires_the_previous_one(database: Path) -> None:
    code, first, err = run("rotate-key")
    assert code == 0, err
    code, second, err = run("rotate-key")
    assert code == 0, err
    assert second["kid"] != first["kid"]
    # Both keys (ES256 for access tokens, RS256 for ID tokens by default) are rotated together.
    assert {key["alg"] for key in first["keys"]} == {"ES256", "RS256"}
    assert sorted(second["retired"]) == sorted(key["kid"] for key in first["keys"])


def test_client_create_machine_with_jwks(database: Path, tmp_path: Path) -> None:
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [ECKey.generate_key("P-256", private=True).as_dict(private=False)]}))
    code, out, err = run(
        "client", "create", "--name", "Hệ thống BHXH", "--organisation-id", "1", "--kind", "machine",
        "--jwks-file", str(jwks),
    )  # fmt: skip
    assert code == 0, err
    assert out["client_id"].startswith("m_") and out["token_endpoint_auth_method"] == "private_key_jwt"


def test_client_create_refuses_bad_input(database: Path) -> None:
    code, _, _ = run("client", "create", "--name", "RP", "--organisation-id", "1", "--auth-method", "none")
    assert code == 2  # a relying party needs a redirect URI
    code, _, err = run(
        "client", "create", "--name", "RP", "--organisation-id", "99", "--auth-method", "none",
        "--redirect-uri", "https://rp.example.vn/cb",
    )  # fmt: skip
    assert code == 1 and json.loads(err)["error"] == "access.organisation_not_found"
