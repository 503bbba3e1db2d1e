"""The boundary owns every commit: no handler, helper or job calls ``commit()``, and every route
runs under the request's unit of work."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from fastapi import APIRouter
from fastapi.routing import APIRoute

import dancu
from dancu.app import ROUTERS, create_app
from dancu.settings import Settings
from dancu.web.transaction import UnitOfWorkRoute

SRC = Path(dancu.__file__).parent

# The only modules that may commit, and why.
MAY_COMMIT = {
    # The request boundary and its one deliberate exception, commit_then_refuse.
    "web/transaction.py",
    # The unit of work of workers, sweeps and delivery passes.
    "db/unit_of_work.py",
    # Alembic's own migration connection, outside any request or job.
    "db/migrations/env.py",
}
CLI = "cli/"  # the CLI's commands are their own outer layer


def _commits(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "commit"
    ]


def test_no_module_outside_the_boundaries_calls_commit() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative in MAY_COMMIT or relative.startswith(CLI):
            continue
        offenders.extend(f"{relative}:{line}" for line in _commits(path))
    assert offenders == [], "commit() belongs to the boundary (dancu.web.transaction, dancu.db.unit_of_work)"


def test_the_walk_sees_a_commit_where_there_is_one() -> None:
    """The check above is only as good as its detector: it must find the boundary's own commits."""
    assert _commits(SRC / "web" / "transaction.py")
    assert _commits(SRC / "db" / "unit_of_work.py")


def _walk(router: APIRouter) -> list[object]:
    found: list[object] = []
    for route in router.routes:
        if hasattr(route, "original_router"):  # FastAPI keeps included routers wrapped
            found.extend(_walk(route.original_router))
        else:
            found.append(route)
    return found


def test_every_route_runs_under_the_unit_of_work(tmp_path: Path) -> None:
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}"))
    routes = _walk(app.router)
    for module_path in ROUTERS:
        routes.extend(_walk(importlib.import_module(module_path).router))
    api_routes = [r for r in routes if isinstance(r, APIRoute)]
    assert len(api_routes) > 100
    outside = [f"{sorted(r.methods)} {r.path}" for r in api_routes if not isinstance(r, UnitOfWorkRoute)]
    assert outside == []
