"""Logging a read or an event of personal data is the use case's job: a handler module (an API or
a pages module) that imports a logging function could log on its own, beside or instead of the
one door, and the copies drift apart (issue 9)."""

from __future__ import annotations

import ast
from pathlib import Path

import dancu

SRC = Path(dancu.__file__).parent
LOGGING = frozenset({"record_read", "record_event", "record_reads", "log_reads", "log_document_read"})


def _is_handler(path: Path) -> bool:
    """API and page modules: ``api.py``, ``pages*.py`` and their ``*_api.py`` / ``*_pages.py`` kin."""
    name = path.stem
    return name == "api" or name.startswith("pages") or name.endswith(("_api", "_pages"))


def _imported_logging(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.extend(f"{node.lineno}: {a.name}" for a in node.names if a.name in LOGGING)
        # A module imported whole and called through (``audit.record_read(...)``) counts too.
        elif isinstance(node, ast.Attribute) and node.attr in LOGGING:
            found.append(f"{node.lineno}: .{node.attr}")
    return found


def _offenders(root: Path) -> list[str]:
    return [
        f"{path.relative_to(root).as_posix()}:{hit}"
        for path in sorted(root.rglob("*.py"))
        if _is_handler(path)
        for hit in _imported_logging(path)
    ]


def test_no_api_or_pages_module_imports_a_logging_function() -> None:
    assert _offenders(SRC) == [], "log reads and events in a use case or action, not in a handler"


def test_the_walk_finds_a_handler_that_logs(tmp_path: Path) -> None:
    """The check above is only as good as its detector: it must see each way a handler could log."""
    (tmp_path / "feature").mkdir()
    (tmp_path / "feature" / "api.py").write_text("from dancu.audit.actions import record_read\n")
    (tmp_path / "feature" / "pages_forms.py").write_text("from x import log_reads as logged\n")
    (tmp_path / "feature" / "officer_api.py").write_text("from dancu import audit\naudit.record_event()\n")
    (tmp_path / "feature" / "app_pages.py").write_text("from y import log_document_read\n")
    (tmp_path / "feature" / "actions.py").write_text("from dancu.audit.actions import record_read\n")
    assert _offenders(tmp_path) == [
        "feature/api.py:1: record_read",
        "feature/app_pages.py:1: log_document_read",
        "feature/officer_api.py:2: .record_event",
        "feature/pages_forms.py:1: log_reads",
    ]
