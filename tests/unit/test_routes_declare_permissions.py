"""Every route declares the permission it needs, or says why it is public."""

from __future__ import annotations

import importlib
from pathlib import Path

from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount, Route

from dancu.access.permissions import Permission
from dancu.app import ROUTERS, create_app
from dancu.lookup.hot_route import HotRoute
from dancu.lookup.hot_search import HotSearchRoute
from dancu.settings import Settings
from dancu.web.deps import Public, Requires

# FastAPI's own documentation routes: the API description is public by design.
FRAMEWORK_ROUTES = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def _guards(dependant: Dependant) -> list[object]:
    found: list[object] = []
    for dep in dependant.dependencies:
        if isinstance(dep.call, Requires | Public):
            found.append(dep.call)
        found.extend(_guards(dep))
    return found


def _all_routes(tmp_path: Path) -> list[BaseRoute]:
    """The app's own routes and every feature router's (FastAPI wraps included routers)."""
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}"))
    routes: list[BaseRoute] = [r for r in app.routes if isinstance(r, Route | Mount)]
    for module_path in ROUTERS:
        routes.extend(_walk(importlib.import_module(module_path).router))
    return routes


def _walk(router: APIRouter) -> list[BaseRoute]:
    """A router's routes, including those of routers included into it (FastAPI wraps them)."""
    found: list[BaseRoute] = []
    for route in router.routes:
        if hasattr(route, "original_router"):
            found.extend(_walk(route.original_router))
        else:
            found.append(route)
    return found


def test_every_route_declares_requires_or_public(tmp_path: Path) -> None:
    missing, checked = [], 0
    for route in _all_routes(tmp_path):
        if isinstance(route, Mount) and route.path == "/static":
            continue
        if isinstance(route, APIRoute):
            checked += 1
            if not _guards(route.dependant):
                missing.append(f"{sorted(route.methods)} {route.path}")
        elif isinstance(route, Route) and route.path not in FRAMEWORK_ROUTES:
            missing.append(f"unguarded non-API route {route.path}")
    assert checked > 20
    assert missing == []


def test_public_routes_are_only_the_expected_ones(tmp_path: Path) -> None:
    public = sorted(
        route.path
        for route in _all_routes(tmp_path)
        if isinstance(route, APIRoute) and not any(isinstance(g, Requires) for g in _guards(route.dependant))
    )
    # Nothing under the register is public: personal data needs a permission.
    assert not [p for p in public if p.startswith(("/api/v1/registry", "/officer"))], public


def test_the_hot_routes_check_their_routes_permission(tmp_path: Path) -> None:
    """The lookup routes' hot path (dancu.lookup.hot_route) is not an APIRoute: it must stand before
    the route it serves and demand exactly the permission that route's guard demands."""
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}"))
    hot = [r for r in app.routes if isinstance(r, HotRoute)]
    assert sorted(r.path for r in hot) == ["/api/v1/lookup", "/api/v1/lookup/batch"]
    for route in hot:
        guards = [g for g in _guards(route.slow.dependant) if isinstance(g, Requires)]
        assert [g.permission for g in guards] == [route.permission]
        assert app.routes.index(route) < app.routes.index(route.slow)


def test_the_hot_search_checks_its_routes_permission(tmp_path: Path) -> None:
    """The search's hot path (dancu.lookup.hot_search) likewise: before the search route, demanding
    what that route's guard demands, and reading the same query parameters."""
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}"))
    hot = [r for r in app.routes if isinstance(r, HotSearchRoute)]
    assert [r.path for r in hot] == ["/api/v1/registry/citizens"]
    route = hot[0]
    guards = [g for g in _guards(route.slow.dependant) if isinstance(g, Requires)]
    assert [g.permission for g in guards] == [route.permission] == [Permission.CITIZEN_SEARCH]
    assert app.routes.index(route) < app.routes.index(route.slow)
    assert [p.name for p in route.parameters] == ["name", "dob", "after", "limit"]
