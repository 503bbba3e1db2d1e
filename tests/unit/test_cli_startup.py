"""``dancu --help`` and ``dancu pin decode`` import only what they use: no web, database or PDF stack.

A structural check on the modules a fresh process imports (``python -X importtime``), not a timing:
importing the app, SQLAlchemy, WeasyPrint or pyHanko costs seconds on every command line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dancu.cli.main import COMMANDS, LazyCommand, app, load_command

HEAVY = (
    "fastapi",
    "starlette",
    "sqlalchemy",
    "alembic",
    "asyncpg",
    "aiosqlite",
    "weasyprint",
    "pyhanko",
    "argon2",
    "jinja2",
    "dancu.app",
    "dancu.db",
    "dancu.identity.passwords",
)
_IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)\s*$", re.MULTILINE)


def _imported_by(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dancu", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return run, set(_IMPORTED.findall(run.stderr))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_help_lists_every_command_without_importing_the_stack() -> None:
    run, modules = _imported_by("--help")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "dancu.cli.main" in modules  # the parse saw the imports at all
    assert _heavy(modules) == []
    for entry in COMMANDS:
        assert entry.name in run.stdout
        assert entry.target.partition(":")[0] not in modules


def test_pin_decode_imports_the_pin_rules_and_nothing_of_the_database() -> None:
    run, modules = _imported_by("pin", "decode", "001099012345")
    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads(run.stdout)["place_name"] == "Hà Nội"
    assert "dancu.pin.rules" in modules
    assert _heavy(modules) == []


@pytest.mark.parametrize("entry", COMMANDS, ids=lambda e: e.name)
def test_each_listed_help_is_the_command_own_help(entry: LazyCommand) -> None:
    real = load_command(entry)
    assert " ".join((real.help or "").split()) == " ".join(entry.help.split())


def test_every_group_and_command_of_the_package_is_listed() -> None:
    listed = {entry.target.partition(":")[0] for entry in COMMANDS}
    cli_dir = Path(__file__).parents[2] / "src" / "dancu" / "cli"
    command_modules = {
        f"dancu.cli.{path.stem}"
        for path in cli_dir.glob("*.py")
        if path.stem not in {"__init__", "main", "common"}
    }
    assert command_modules <= listed


def test_a_command_runs_after_being_loaded_on_demand() -> None:
    result = CliRunner().invoke(app, ["pin", "decode", "001099012345"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["birth_year"] == 1999


def test_cli_commands_never_commit_themselves() -> None:
    cli_dir = Path(__file__).parents[2] / "src" / "dancu" / "cli"
    committing = [
        path.name
        for path in cli_dir.glob("*.py")
        if path.name != "common.py" and re.search(r"\.commit\(", path.read_text(encoding="utf-8"))
    ]
    assert committing == []
