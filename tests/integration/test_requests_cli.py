"""``dancu requests escalate`` as an operator runs it, on a database of its own."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import run_cli, sqlite_url


def test_escalate_runs_on_a_fresh_database(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "cli.sqlite3")
    assert run_cli("db", "upgrade", database_url=url).exit_code == 0
    swept = run_cli("requests", "escalate", database_url=url)
    assert swept.exit_code == 0, swept.stderr
    assert json.loads(swept.stdout) == {"escalated": [], "routed": [], "expired": []}
