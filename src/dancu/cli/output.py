"""CLI output helpers: JSON on stdout, errors as JSON on stderr with a non-zero exit."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer

from dancu.errors import DomainError
from dancu.i18n import both


def emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(exc: DomainError, *, exit_code: int = 1) -> NoReturn:
    body: dict[str, Any] = {"error": exc.code, "message": both(exc.code, **exc.params)}
    if exc.problems:
        body["errors"] = [
            {"field": p.field, "rule": p.rule, "message": both(f"rule.{p.rule}", field=p.field, **p.params)}
            for p in exc.problems
        ]
    sys.stderr.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(exit_code)
