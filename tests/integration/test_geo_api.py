"""The public geo API over the real app: tables, units, the 2025 mapping, and bad input as problem+json."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi.routing import APIRoute

from dancu.app import create_app
from dancu.geo.api import router
from dancu.settings import Settings
from dancu.web.deps import Public

PROBLEM = "application/problem+json"
API = "/api/v1/geo"


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    # Geo routes never touch the database; a throwaway SQLite URL satisfies the app factory.
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/x.sqlite3", cookie_secure=False))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http
    await app.state.engine.dispose()


def test_every_geo_route_is_public() -> None:
    assert len(router.routes) == 7
    for route in router.routes:
        assert isinstance(route, APIRoute)
        assert route.path.startswith(API)
        assert any(isinstance(d.dependency, Public) for d in route.dependencies), route.path


async def test_tables(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{API}/tables")
    assert response.status_code == 200
    tables = {t["table"]: t for t in response.json()}
    assert (tables["pre2025"]["provinces"], tables["pre2025"]["districts"]) == (63, 696)
    assert (tables["2025"]["provinces"], tables["2025"]["communes"]) == (34, 3321)
    assert tables["2025"]["in_force_from"] == "2025-07-01"
    assert response.headers["cache-control"] == "public, max-age=3600"


async def test_provinces_of_each_table(client: httpx.AsyncClient) -> None:
    new = (await client.get(f"{API}/2025/provinces")).json()
    old = (await client.get(f"{API}/pre2025/provinces")).json()
    assert (len(new), len(old)) == (34, 63)
    assert new[0] == {
        "code": "01",
        "table": "2025",
        "level": "province",
        "name": "Thành phố Hà Nội",
        "province_code": "01",
        "district_code": None,
        "full_name": "Thành phố Hà Nội",
    }


async def test_the_reused_code_24(client: httpx.AsyncClient) -> None:
    new = (await client.get(f"{API}/2025/units/24")).json()
    old = (await client.get(f"{API}/pre2025/units/24")).json()
    assert (new["name"], old["name"]) == ("Tỉnh Bắc Ninh", "Tỉnh Bắc Giang")


async def test_communes_and_districts(client: httpx.AsyncClient) -> None:
    communes = (await client.get(f"{API}/2025/provinces/01/communes")).json()
    assert len(communes) == 126
    hoan_kiem = next(c for c in communes if c["code"] == "00070")
    assert hoan_kiem["full_name"] == "Phường Hoàn Kiếm, Thành phố Hà Nội"
    districts = (await client.get(f"{API}/pre2025/provinces/01/districts")).json()
    assert len(districts) == 30 and districts[1]["name"] == "Quận Hoàn Kiếm"
    in_district = (await client.get(f"{API}/pre2025/districts/002/communes")).json()
    assert len(in_district) == 18
    assert in_district[0]["full_name"].endswith("Quận Hoàn Kiếm, Thành phố Hà Nội")


async def test_mapping_of_a_commune_merged_whole(client: httpx.AsyncClient) -> None:
    body = (await client.get(f"{API}/pre2025/units/00001/mapping")).json()
    assert body["unit"]["name"] == "Phường Phúc Xá"
    assert body["province_2025"]["code"] == "01"
    assert body["commune_2025"]["name"] == "Phường Hồng Hà"
    assert [u["code"] for u in body["candidates_2025"]] == ["00097"]
    assert "vietnamadminunits" in body["commune_basis"]
    assert body["commune_mapping_complete"] is False


async def test_a_split_commune_lists_candidates_without_guessing(
    client: httpx.AsyncClient,
) -> None:
    body = (await client.get(f"{API}/pre2025/units/00070/mapping")).json()
    assert body["unit"]["name"] == "Phường Hàng Trống"
    assert body["commune_2025"] is None
    assert [u["name"] for u in body["candidates_2025"]] == ["Phường Hoàn Kiếm", "Phường Cửa Nam"]


async def test_mapping_answers_null_where_no_successor_is_known(client: httpx.AsyncClient) -> None:
    body = (await client.get(f"{API}/pre2025/units/26935/mapping")).json()
    assert body["province_2025"]["name"] == "Thành phố Hồ Chí Minh"
    assert body["commune_2025"] is None
    assert body["candidates_2025"] == []


async def test_mapping_of_a_province(client: httpx.AsyncClient) -> None:
    body = (await client.get(f"{API}/pre2025/units/27/mapping")).json()
    assert (body["unit"]["name"], body["province_2025"]["name"]) == ("Tỉnh Bắc Ninh", "Tỉnh Bắc Ninh")
    assert body["province_2025"]["code"] == "24"
    assert body["commune_2025"] is None and body["commune_basis"] is None


async def test_unknown_unit_is_a_404_in_the_callers_language(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{API}/2025/units/99999", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["code"] == "geo.unknown_unit"
    assert body["title"] == "No administrative unit has code 99999 in code table 2025"
    vi = await client.get(f"{API}/2025/units/99999")
    assert vi.json()["title"] == "Không có đơn vị hành chính mã 99999 trong bảng mã 2025"


async def test_an_invalid_table_is_a_422(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{API}/2024/provinces")
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["errors"][0]["field"] == "table"


async def test_the_2025_table_has_no_districts(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{API}/2025/provinces/01/districts")
    assert response.status_code == 404
    assert response.json()["code"] == "geo.no_district_level"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/2025/units/abc", 422),
        ("/2025/units/0007", 422),
        ("/2025/units/" + "1" * 5000, 422),
        ("/2025/units/%F0%9F%98%80", 422),
        ("/2025/units/00%0070", 422),
        ("/2025/units/002", 404),  # districts exist only in the pre-2025 table
        ("/pre2025/units/98", 404),
        ("/2025/provinces/00070/communes", 422),
        ("/2025/provinces/02/communes", 404),  # Hà Giang merged into Tuyên Quang
        ("/pre2025/provinces/99/districts", 404),
        ("/pre2025/districts/999/communes", 404),
        ("/2025/districts/002/communes", 404),
        ("/pre2025/units/99999/mapping", 404),
        ("/pre2025/units/x/mapping", 422),
        ("/2025/units/00070/mapping", 404),  # the mapping runs from the pre-2025 table only
        ("/PRE2025/provinces", 422),
        ("/%00/provinces", 422),
        ("/tables/x", 404),
    ],
)
async def test_bad_input_is_never_a_500(client: httpx.AsyncClient, path: str, status: int) -> None:
    response = await client.get(API + path, headers={"Accept": "application/json"})
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == status


async def test_writes_are_refused_as_problem_json(client: httpx.AsyncClient) -> None:
    response = await client.post(f"{API}/2025/units/00070", json={"name": "x"})
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM
