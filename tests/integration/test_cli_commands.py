"""The ``dancu`` command: the installed entry point once in a real process, the rest in-process."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.support.cli import DANCU, run_cli, sqlite_url


def test_the_installed_command_runs_in_a_fresh_process(tmp_path: Path) -> None:
    # The one subprocess test of the CLI: it proves the console script is installed, finds its
    # settings in the environment and answers with real exit codes. Everything else is in-process.
    env = {**os.environ, "DANCU_DATABASE_URL": sqlite_url(tmp_path / "cli.sqlite3")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [DANCU, *args], capture_output=True, text=True, env=env, timeout=300, check=False
        )

    upgraded = run("db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert json.loads(upgraded.stdout)["upgraded_to"] == "head"
    bad = run("citizen", "show", "12345")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "pin.not_12_digits" in json.dumps(json.loads(bad.stderr))


def test_upgrade_demo_and_citizen_show(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "cli.sqlite3")
    assert run_cli("db", "upgrade", database_url=url).exit_code == 0
    demo = run_cli("demo", "--citizens", "30", "--json", database_url=url)
    assert demo.exit_code == 0, demo.stderr
    logins = json.loads(demo.stdout)["logins"]
    assert {login["role"] for login in logins} >= {"commune_police", "provincial_police", "identity_agency"}
    again = run_cli("demo", "--citizens", "30", "--json", database_url=url)
    assert again.exit_code == 0, again.stderr  # idempotent
    bad = run_cli("citizen", "show", "12345", database_url=url)
    assert bad.exit_code != 0 and "pin.not_12_digits" in bad.stderr
    unknown = run_cli("citizen", "show", "001099000000", database_url=url)
    assert unknown.exit_code != 0 and "citizen.not_found" in unknown.stderr


def test_a_database_that_was_not_migrated_gets_a_plain_answer_not_a_traceback(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "empty.sqlite3")
    # run_cli lets exceptions through: a traceback would fail the test before the checks below.
    run = run_cli("fees", "assess", "--product", "SPDC03", "--fields", "3", "--group", "k2", database_url=url)
    assert run.exit_code == 1
    error = json.loads(run.stderr)
    assert error["error"] == "cli.database_error" and "dancu db upgrade" in error["message"]["en"]
