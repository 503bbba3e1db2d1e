"""API contract of the geo package: code tables, units and the pre-2025 → 2025 mapping."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from dancu.geo import queries
from dancu.geo.enums import CodeTable, UnitLevel


class TableOut(BaseModel):
    table: CodeTable
    title_vi: str
    title_en: str
    in_force_from: date | None
    in_force_until: date | None
    provinces: int
    districts: int
    communes: int

    @classmethod
    def of(cls, info: queries.TableInfo) -> TableOut:
        return cls(
            table=info.table,
            title_vi=info.title_vi,
            title_en=info.title_en,
            in_force_from=info.in_force_from,
            in_force_until=info.in_force_until,
            **info.counts,
        )


class UnitOut(BaseModel):
    code: str = Field(examples=["00070"])
    table: CodeTable
    level: UnitLevel
    name: str = Field(examples=["Phường Hoàn Kiếm"])
    province_code: str
    district_code: str | None
    full_name: str = Field(description="The unit and the units above it, as written on documents")

    @classmethod
    def of(cls, unit: queries.Unit) -> UnitOut:
        return cls(
            code=unit.code,
            table=unit.table,
            level=unit.level,
            name=unit.name,
            province_code=unit.province_code,
            district_code=unit.district_code,
            full_name=", ".join(u.name for u in queries.lineage(unit)),
        )


class MappingOut(BaseModel):
    unit: UnitOut
    province_2025: UnitOut = Field(description="Always known: provinces merged whole (NQ 202/2025/QH15)")
    commune_2025: UnitOut | None = Field(
        description="The 2025 commune the old commune went into whole; null when it was split or "
        "no successor is known (never a guess)"
    )
    candidates_2025: list[UnitOut] = Field(
        description="Every 2025 commune the old commune went into: one when merged whole, several when split"
    )
    commune_basis: str | None
    commune_mapping_complete: bool

    @classmethod
    def of(cls, mapping: queries.UnitMapping) -> MappingOut:
        return cls(
            unit=UnitOut.of(mapping.unit),
            province_2025=UnitOut.of(mapping.province),
            commune_2025=None if mapping.commune is None else UnitOut.of(mapping.commune),
            candidates_2025=[UnitOut.of(unit) for unit in mapping.candidates],
            commune_basis=mapping.commune_basis,
            commune_mapping_complete=mapping.commune_mapping_complete,
        )
