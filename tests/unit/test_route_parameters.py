"""Every integer a route takes from its path or query is bounded by the column it meets.

An unbounded integer reaches PostgreSQL's 32-bit columns and fails in the driver (500); bounded,
it is a 422 naming the parameter. See dancu.web.params.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import TypeAdapter

from dancu.web.params import INT32_MAX, INT64_MAX
from tests.unit.test_routes_declare_permissions import _all_routes


def _parameters(dependant: Dependant) -> list[Any]:
    found = list(dependant.path_params) + list(dependant.query_params)
    for sub in dependant.dependencies:
        found += _parameters(sub)
    return found


def _unbounded_integers(schema: dict[str, Any]) -> bool:
    """Bounded means within 32 bits, or exactly 64 bits for the few BIGINT sequences."""
    branches = [schema, *schema.get("anyOf", [])]
    return any(
        b.get("type") == "integer"
        and not (b.get("maximum", INT64_MAX + 1) <= INT32_MAX or b.get("maximum") == INT64_MAX)
        for b in branches
    )


def test_no_route_takes_an_unbounded_integer(tmp_path: Path) -> None:
    unbounded, checked = [], 0
    for route in _all_routes(tmp_path):
        if not isinstance(route, APIRoute):
            continue
        checked += 1
        for field in _parameters(route.dependant):
            info = field.field_info
            typed = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
            schema = TypeAdapter(typed).json_schema()
            if _unbounded_integers(schema):
                unbounded.append(f"{'/'.join(sorted(route.methods))} {route.path} {field.name}")
    assert checked > 100
    assert unbounded == []
