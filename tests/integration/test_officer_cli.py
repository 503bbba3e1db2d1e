"""``dancu officer``: the operator creates officers with their position in the unit and changes it
(TT 117/2026 Điều 3 khoản 6, Điều 17 khoản 3–4: only the head decides; staff propose)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from dancu.cli.main import app
from dancu.settings import get_settings
from tests.support.migrated import migrated_sqlite


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Result]]:
    url = migrated_sqlite(tmp_path / "officers.sqlite3")
    monkeypatch.setenv("DANCU_DATABASE_URL", url)
    monkeypatch.setenv("DANCU_NEW_PASSWORD", "mat-khau-rat-dai-123")
    get_settings.cache_clear()
    yield lambda *args: CliRunner().invoke(app, list(args))
    get_settings.cache_clear()


def test_officers_are_created_staff_unless_named_head_or_deputy(cli: Callable[..., Result]) -> None:
    """TT 117/2026 Điều 17 khoản 3: a new officer is staff (proposes) unless the operator records the
    head or a deputy; the position can be changed later, and the change is logged."""
    base = ["officer", "create", "--role", "commune_police", "--unit-code", "00070"]
    staff = cli(*base, "--username", "xa.moi", "--display-name", "Cán bộ mới")
    assert staff.exit_code == 0, staff.output
    assert json.loads(staff.stdout)["position"] == "staff"
    head = cli(
        *base, "--username", "xa.truong", "--display-name", "Trưởng Công an phường", "--position", "head"
    )
    assert head.exit_code == 0, head.output and json.loads(head.stdout)["position"] == "head"
    wrong = cli(*base, "--username", "xa.sai", "--display-name", "Sai", "--position", "chief")
    assert wrong.exit_code == 2
    moved = cli("officer", "set-position", "--username", "xa.moi", "--position", "deputy")
    assert moved.exit_code == 0, moved.output
    assert json.loads(moved.stdout)["position"] == "deputy"
    unknown = cli("officer", "set-position", "--username", "xa.khongco", "--position", "deputy")
    assert unknown.exit_code != 0 and "competence.officer_not_found" in unknown.output
    listed = cli("officer", "delegations", "--username", "xa.truong")
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout) == {"items": []}
