"""Read-only API over the administrative-unit code tables. Code tables are public information.

Lists are bounded (at most a few hundred units per province) and returned whole, in code order.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from dancu.errors import NotFound
from dancu.geo import queries
from dancu.geo.enums import CodeTable
from dancu.geo.schemas import MappingOut, TableOut, UnitOut
from dancu.web.deps import Public
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1/geo", tags=["geo"])

PUBLIC = [Depends(Public("code tables are public"))]
# Code tables change only with a release; the app's API-wide "no-store" is meant for personal data.
CACHE_CONTROL = "public, max-age=3600"

TablePath = Annotated[CodeTable, Path(description="Code table: pre2025 (until 30/06/2025) or 2025")]
ProvinceCode = Annotated[str, Path(pattern=r"^[0-9]{2}$", examples=["01"])]
DistrictCode = Annotated[str, Path(pattern=r"^[0-9]{3}$", examples=["002"])]
UnitCode = Annotated[str, Path(pattern=r"^([0-9]{2}|[0-9]{3}|[0-9]{5})$", examples=["00070"])]


def _public_cache(response: Response) -> None:
    response.headers["Cache-Control"] = CACHE_CONTROL


def _units(units: list[queries.Unit], response: Response) -> list[UnitOut]:
    _public_cache(response)
    return [UnitOut.of(unit) for unit in units]


def _require_district_level(table: CodeTable) -> None:
    if table is not CodeTable.PRE_2025:
        raise NotFound("geo.no_district_level", table=table.value)


@router.get("/tables", response_model=list[TableOut], dependencies=PUBLIC)
async def list_tables(response: Response) -> list[TableOut]:
    _public_cache(response)
    return [TableOut.of(info) for info in queries.tables()]


@router.get("/{table}/provinces", response_model=list[UnitOut], dependencies=PUBLIC)
async def list_provinces(table: TablePath, response: Response) -> list[UnitOut]:
    return _units(queries.provinces(table), response)


@router.get("/{table}/provinces/{province_code}/communes", response_model=list[UnitOut], dependencies=PUBLIC)
async def list_communes(table: TablePath, province_code: ProvinceCode, response: Response) -> list[UnitOut]:
    queries.require_unit(province_code, table)
    return _units(queries.communes(province_code, table), response)


@router.get("/{table}/provinces/{province_code}/districts", response_model=list[UnitOut], dependencies=PUBLIC)
async def list_districts(table: TablePath, province_code: ProvinceCode, response: Response) -> list[UnitOut]:
    _require_district_level(table)
    queries.require_unit(province_code, table)
    return _units(queries.districts(province_code), response)


@router.get("/{table}/districts/{district_code}/communes", response_model=list[UnitOut], dependencies=PUBLIC)
async def list_district_communes(
    table: TablePath, district_code: DistrictCode, response: Response
) -> list[UnitOut]:
    _require_district_level(table)
    queries.require_unit(district_code, table)
    return _units(queries.district_communes(district_code), response)


@router.get("/{table}/units/{code}", response_model=UnitOut, dependencies=PUBLIC)
async def get_unit(table: TablePath, code: UnitCode, response: Response) -> UnitOut:
    _public_cache(response)
    return UnitOut.of(queries.require_unit(code, table))


@router.get("/pre2025/units/{code}/mapping", response_model=MappingOut, dependencies=PUBLIC)
async def get_mapping(code: UnitCode, response: Response) -> MappingOut:
    """Where a pre-2025 unit lies from 01/07/2025: its province always, its commune where known."""
    _public_cache(response)
    return MappingOut.of(queries.mapping_to_2025(code))
