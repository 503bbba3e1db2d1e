"""``dancu requests escalate`` as an operator runs it (a separate process, fresh imports)."""

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


def test_escalate_runs_on_a_fresh_database(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    assert _run("db", "upgrade", url=url).returncode == 0
    swept = _run("requests", "escalate", url=url)
    assert swept.returncode == 0, swept.stderr
    assert json.loads(swept.stdout) == {"escalated": [], "routed": [], "expired": []}
