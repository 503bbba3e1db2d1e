"""Production refuses to start without its sealing keys and key passphrases; development warns."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dancu import sealing
from dancu.app import create_app
from dancu.cli.main import app as cli
from dancu.ops.startup import PASSPHRASES, StartupRefused
from dancu.settings import DeploymentMode, Settings, get_settings

NAMES = [name for name, _ in PASSPHRASES]


@pytest.fixture
def bare(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [*NAMES, "DANCU_SEALING_KEYS_FILE", "DANCU_DEV_OUTBOX"]:
        monkeypatch.delenv(name, raising=False)


def _settings(tmp_path: Path, **overrides: object) -> Settings:
    url = f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}"
    return Settings(database_url=url, cookie_secure=False, **overrides)  # type: ignore[arg-type]


@pytest.mark.usefixtures("bare")
def test_production_without_keys_refuses_naming_each_missing_piece(tmp_path: Path) -> None:
    with pytest.raises(StartupRefused) as refused:
        create_app(_settings(tmp_path, mode=DeploymentMode.PRODUCTION))
    for name in [*NAMES, "DANCU_SEALING_KEYS_FILE"]:
        assert name in str(refused.value)


@pytest.mark.usefixtures("bare")
def test_production_with_keys_and_passphrases_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keys = tmp_path / "sealing.keys"
    keys.write_text(sealing.new_key_line("k1") + "\n")
    for name in NAMES:
        monkeypatch.setenv(name, "correct horse battery staple")
    create_app(_settings(tmp_path, mode=DeploymentMode.PRODUCTION, sealing_keys_file=keys))
    monkeypatch.setenv("DANCU_DEV_OUTBOX", "true")
    with pytest.raises(StartupRefused, match="DANCU_DEV_OUTBOX"):
        create_app(_settings(tmp_path, mode=DeploymentMode.PRODUCTION, sealing_keys_file=keys))
    monkeypatch.delenv("DANCU_DEV_OUTBOX")
    bad = tmp_path / "bad.keys"
    bad.write_text("k1 not-a-key\n")
    for path, code in ((bad, "sealing.bad_keys_file"), (tmp_path / "absent", "sealing.keys_file_unreadable")):
        with pytest.raises(StartupRefused) as refused:
            create_app(_settings(tmp_path, mode=DeploymentMode.PRODUCTION, sealing_keys_file=path))
        assert code in str(refused.value)


@pytest.mark.usefixtures("bare")
def test_development_starts_and_warns_what_it_lacks(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="dancu.startup"):
        create_app(_settings(tmp_path, mode=DeploymentMode.DEVELOPMENT))
    warned = caplog.text
    assert "development mode" in warned
    for name in [*NAMES, "DANCU_SEALING_KEYS_FILE"]:
        assert name in warned


@pytest.mark.usefixtures("bare")
def test_serve_and_worker_in_production_exit_with_the_message_not_a_traceback() -> None:
    get_settings.cache_clear()
    try:
        for command in (["serve"], ["worker", "--once"]):
            result = CliRunner(env={"DANCU_MODE": "production"}).invoke(cli, command, catch_exceptions=False)
            assert result.exit_code == 2, result.output
            assert "refuses to start in production mode" in result.output
            assert "DANCU_SEALING_KEYS_FILE" in result.output
    finally:
        get_settings.cache_clear()
