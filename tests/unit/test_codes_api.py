"""The code-list API, mounted on the real app (it is not in ``ROUTERS`` until the app wires it in)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi.routing import APIRoute

from dancu.app import create_app
from dancu.codes.api import router
from dancu.settings import Settings
from dancu.web.deps import Public

PROBLEM = "application/problem+json"


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/x.sqlite3", cookie_secure=False))
    if not any(getattr(r, "path", "").startswith("/api/v1/codes") for r in app.routes):
        app.include_router(router)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http
    await app.state.engine.dispose()


def test_every_route_is_declared_public() -> None:
    for route in router.routes:
        assert isinstance(route, APIRoute)
        assert any(isinstance(d.dependency, Public) for d in route.dependencies), route.path


async def test_lists_and_entries(client: httpx.AsyncClient) -> None:
    summary = (await client.get("/api/v1/codes")).json()
    assert {s["code_list"]: s["size"] for s in summary}["ethnicities"] == 54
    ethnicities = (await client.get("/api/v1/codes/ethnicities")).json()
    assert ethnicities["entries"][0] == {"code": "01", "name_vi": "Kinh", "name_en": "Kinh (Viet)"}
    assert ethnicities["meta"]["evidence"] == "M"
    viet_nam = await client.get("/api/v1/codes/countries/VN")
    assert viet_nam.json()["name_vi"] == "Việt Nam"
    assert viet_nam.headers["cache-control"].startswith("public")
    o_plus = await client.get("/api/v1/codes/blood-groups/O+")
    assert o_plus.status_code == 200 and o_plus.json()["code"] == "O+"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/codes/planets", 422),
        ("/api/v1/codes/countries/ZZ", 404),
        ("/api/v1/codes/religions/" + "9" * 50, 422),
        ("/api/v1/codes/ethnicities/%00", 422),  # a control character: refused before any lookup
    ],
)
async def test_bad_input_is_problem_json(client: httpx.AsyncClient, path: str, status: int) -> None:
    response = await client.get(path, headers={"Accept-Language": "en"})
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
