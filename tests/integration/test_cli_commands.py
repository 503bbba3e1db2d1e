"""The installed `dancu` command, run as an operator would (a separate process, fresh imports)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DANCU = str(Path(sys.executable).with_name("dancu"))


def _run(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DANCU_DATABASE_URL": url}
    return subprocess.run([DANCU, *args], capture_output=True, text=True, env=env, timeout=300, check=False)


def test_upgrade_demo_and_citizen_show_in_fresh_processes(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    assert _run("db", "upgrade", url=url).returncode == 0
    demo = _run("demo", "--citizens", "30", "--json", url=url)
    assert demo.returncode == 0, demo.stderr
    logins = json.loads(demo.stdout)["logins"]
    assert {login["role"] for login in logins} >= {"commune_police", "provincial_police", "identity_agency"}
    again = _run("demo", "--citizens", "30", "--json", url=url)
    assert again.returncode == 0, again.stderr  # idempotent
    bad = _run("citizen", "show", "12345", url=url)
    assert bad.returncode != 0 and "pin.not_12_digits" in bad.stderr
    unknown = _run("citizen", "show", "001099000000", url=url)
    assert unknown.returncode != 0 and "citizen.not_found" in unknown.stderr


def test_a_database_that_was_not_migrated_gets_a_plain_answer_not_a_traceback(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'empty.sqlite3'}"
    run = _run("fees", "assess", "--product", "SPDC03", "--fields", "3", "--group", "k2", url=url)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    error = json.loads(run.stderr)
    assert error["error"] == "cli.database_error" and "dancu db upgrade" in error["message"]["en"]
