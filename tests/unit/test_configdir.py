"""Configuration files (channels, routing, procedure, pauses, fees, verification limits) load from
``DANCU_CONFIG_DIR`` over the packaged defaults and are checked at start (issue 12, point 13:
"the channel, routing and procedure JSON files can only be changed inside the installed package")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dancu.app  # noqa: F401  (every feature registers its files)
from dancu import configdir
from dancu.access.groups import ActorGroup, OrganisationType
from dancu.access.permissions import OfficerRole
from dancu.cli.main import app
from dancu.exploitation.requests import policies
from dancu.settings import get_settings


@pytest.fixture
def operator_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(get_settings(), "config_dir", tmp_path)
    policies._routing.cache_clear()
    yield tmp_path
    policies._routing.cache_clear()


def test_the_packaged_files_are_valid() -> None:
    assert configdir.check_all() == []
    assert {
        "channel_matrix.json",
        "routing.json",
        "procedure.json",
        "pauses.json",
        "verification.json",
    } <= set(configdir.registered())


def test_an_operator_file_overrides_the_packaged_one(operator_dir: Path) -> None:
    """domain.md "How to use": "Where the law is unclear or unverified — [M] facts … — dancu keeps the
    rule in configuration or data": here the tier of an unlisted khoản 2 type, moved by the operator."""
    routing = json.loads(configdir.registered()["routing.json"].default.read_text(encoding="utf-8"))
    routing["organisation_types"]["notary"] = "identity_agency"
    (operator_dir / "routing.json").write_text(json.dumps(routing), encoding="utf-8")
    tier = policies.route(
        ActorGroup.K2, unit_code="48", unit_version="2025", organisation_type=OrganisationType.NOTARY
    )
    assert tier == policies.Tier(OfficerRole.IDENTITY_AGENCY, None)


def test_an_invalid_file_is_named_with_its_key_and_rule(operator_dir: Path) -> None:
    (operator_dir / "pauses.json").write_text(
        json.dumps({"consent": {"suspends_clock": "sometimes", "max_wait_days": 30}}), encoding="utf-8"
    )
    (operator_dir / "routng.json").write_text("{}", encoding="utf-8")
    problems = {(Path(p.file).name, p.key) for p in configdir.check_all()}
    assert ("pauses.json", "consent.suspends_clock") in problems
    assert ("routng.json", "(file)") in problems  # a misspelt name is not ignored silently


def test_serve_refuses_to_start_on_an_invalid_file(operator_dir: Path) -> None:
    (operator_dir / "procedure.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "procedure.json" in result.output and "not valid JSON" in result.output
