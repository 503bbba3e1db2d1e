"""The ``dancu`` command run in this process (no interpreter start, no re-import of the app).

Exceptions are not caught: a command that would print a traceback fails the test with it, so a
test that a command answers plainly needs no "Traceback not in stderr" check. Exactly one test
(tests/integration/test_cli_commands.py) runs the installed entry point in a real process.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import Result
from typer.testing import CliRunner

from dancu.cli.main import app
from dancu.settings import get_settings

# The installed command, next to this interpreter (as the operator runs it).
DANCU = str(Path(sys.executable).with_name("dancu"))


def run_cli(*args: str, database_url: str | None = None) -> Result:
    """``dancu ARGS`` with DANCU_DATABASE_URL set for the call only; settings are read afresh."""
    env = {"DANCU_DATABASE_URL": database_url} if database_url else None
    get_settings.cache_clear()
    try:
        return CliRunner(env=env).invoke(app, list(args), catch_exceptions=False)
    finally:
        get_settings.cache_clear()


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"
