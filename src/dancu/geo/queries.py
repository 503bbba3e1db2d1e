"""Administrative units: look-ups, listings, the pre-2025 → 2025 mapping and address display.

Everything is read from the JSON files in ``geo/data`` (built by ``scripts/build-geo-data``) once per
process, on first use, into plain dicts; no query touches the database. A code means nothing without its
table: "24" is Bắc Giang in the pre-2025 table and Bắc Ninh in the 2025 one, so every function takes both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from dancu.errors import NotFound, invalid
from dancu.geo.enums import CodeTable, UnitLevel


@dataclass(frozen=True, slots=True)
class Unit:
    """One administrative unit of one code table.

    ``province_code`` is the unit's own code for a province; ``district_code`` is the unit's own code for a
    district, the enclosing district for a pre-2025 commune, and None in the 2025 table.
    """

    code: str
    table: CodeTable
    level: UnitLevel
    name: str
    province_code: str
    district_code: str | None = None

    @property
    def province(self) -> Unit:
        return _table(self.table).units[self.province_code]

    @property
    def district(self) -> Unit | None:
        return None if self.district_code is None else _table(self.table).units[self.district_code]

    @property
    def parent_code(self) -> str | None:
        if self.level is UnitLevel.PROVINCE:
            return None
        if self.level is UnitLevel.COMMUNE and self.district_code is not None:
            return self.district_code
        return self.province_code


@dataclass(frozen=True, slots=True)
class TableInfo:
    table: CodeTable
    title_vi: str
    title_en: str
    in_force_from: date | None
    in_force_until: date | None
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class UnitMapping:
    """Where a pre-2025 unit lies in the 2025 table.

    ``commune`` is the one 2025 commune an old commune went into whole, or None; ``candidates`` lists
    every 2025 commune it went into (several when it was split, none when no successor is known).
    """

    unit: Unit
    province: Unit
    commune: Unit | None
    candidates: tuple[Unit, ...]
    commune_basis: str | None
    commune_mapping_complete: bool


@dataclass(slots=True)
class _Table:
    info: TableInfo
    units: dict[str, Unit] = field(default_factory=dict)
    # Children in code order: province -> districts, province -> communes, district -> communes.
    districts_of: dict[str, list[Unit]] = field(default_factory=dict)
    communes_of: dict[str, list[Unit]] = field(default_factory=dict)
    provinces: list[Unit] = field(default_factory=list)


def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((resources.files("dancu.geo") / "data" / name).read_text("utf-8"))
    return data


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _info(table: CodeTable, meta: dict[str, Any]) -> TableInfo:
    return TableInfo(
        table=table,
        title_vi=meta["title_vi"],
        title_en=meta["title_en"],
        in_force_from=_date(meta["in_force_from"]),
        in_force_until=_date(meta["in_force_until"]),
        counts={"provinces": 0, "districts": 0, "communes": 0, **meta["counts"]},
    )


@cache
def _table(table: CodeTable) -> _Table:
    raw = _read(f"units-{table.value}.json")
    loaded = _Table(info=_info(table, raw["meta"]))
    for code, name in raw["provinces"].items():
        loaded.units[code] = Unit(code, table, UnitLevel.PROVINCE, name, code)
    for code, (province, name) in raw.get("districts", {}).items():
        loaded.units[code] = Unit(code, table, UnitLevel.DISTRICT, name, province, code)
    for code, (parent, name) in raw["communes"].items():
        # Pre-2025 communes name their district, 2025 communes their province.
        district = parent if len(parent) == 3 else None
        province = raw["districts"][parent][0] if district else parent
        loaded.units[code] = Unit(code, table, UnitLevel.COMMUNE, name, province, district)
    _index(loaded)
    return loaded


def _index(loaded: _Table) -> None:
    for unit in sorted(loaded.units.values(), key=lambda u: u.code):
        if unit.level is UnitLevel.PROVINCE:
            loaded.provinces.append(unit)
        elif unit.level is UnitLevel.DISTRICT:
            loaded.districts_of.setdefault(unit.province_code, []).append(unit)
        else:
            loaded.communes_of.setdefault(unit.province_code, []).append(unit)
            if unit.district_code is not None:
                loaded.communes_of.setdefault(unit.district_code, []).append(unit)


@cache
def _province_mapping() -> dict[str, str]:
    return {old: entry["to"] for old, entry in _read("province_mapping.json")["provinces"].items()}


@cache
def _commune_mapping() -> tuple[dict[str, list[str]], dict[str, Any]]:
    """Old commune code → its 2025 commune codes (one: merged whole; several: split). Built by
    ``scripts/geo/build_commune_mapping.py``, whose provenance the file's ``meta`` records."""
    raw = _read("commune_mapping.json")
    return raw["communes"], raw["meta"]


def load_all() -> None:
    """Load every table and mapping now (at start-up) rather than on the first request."""
    for table in CodeTable:
        _table(table)
    _province_mapping()
    _commune_mapping()


def coerce_table(table: CodeTable | str) -> CodeTable | None:
    """The table named by a stored version string, or None for a string that names no table."""
    try:
        return CodeTable(table)
    except ValueError:
        return None


def tables() -> list[TableInfo]:
    return [_table(table).info for table in CodeTable]


def table_in_force(on: date) -> CodeTable:
    """The code table in force on a (legal, Vietnam-local) date."""
    start = _table(CodeTable.FROM_2025).info.in_force_from
    return CodeTable.FROM_2025 if start is None or on >= start else CodeTable.PRE_2025


def get_unit(code: str, table: CodeTable | str) -> Unit | None:
    known = coerce_table(table)
    return None if known is None else _table(known).units.get(code)


def require_unit(code: str, table: CodeTable | str) -> Unit:
    """The unit, or a 404 ``geo.unknown_unit`` naming the code and the table."""
    unit = get_unit(code, table)
    if unit is None:
        raise NotFound("geo.unknown_unit", unit=code, table=str(table))
    return unit


def provinces(table: CodeTable) -> list[Unit]:
    return list(_table(table).provinces)


def districts(province_code: str) -> list[Unit]:
    """Districts of a pre-2025 province (the 2025 table has no district level); [] for an unknown code."""
    return list(_table(CodeTable.PRE_2025).districts_of.get(province_code, []))


def communes(province_code: str, table: CodeTable) -> list[Unit]:
    """Communes of a province, in code order; [] for an unknown code."""
    if len(province_code) != 2:
        return []
    return list(_table(table).communes_of.get(province_code, []))


def district_communes(district_code: str) -> list[Unit]:
    """Communes of a pre-2025 district, in code order; [] for an unknown code."""
    if len(district_code) != 3:
        return []
    return list(_table(CodeTable.PRE_2025).communes_of.get(district_code, []))


def province_successor(old_province_code: str) -> Unit:
    """The 2025 province a pre-2025 province merged into (NQ 202/2025/QH15); 404 for an unknown code."""
    target = _province_mapping().get(old_province_code)
    if target is None:
        raise NotFound("geo.unknown_unit", unit=old_province_code, table=CodeTable.PRE_2025.value)
    return _table(CodeTable.FROM_2025).units[target]


def current_province_code(code: str, table: CodeTable | str) -> str | None:
    """The 2025 province a unit of either table lies in; None for an unknown unit.

    Provinces merged whole, so this is exact for every pre-2025 unit even where the commune is unmapped.
    """
    unit = get_unit(code, table)
    if unit is None:
        return None
    if unit.table is CodeTable.FROM_2025:
        return unit.province_code
    return _province_mapping()[unit.province_code]


def commune_successors(code: str) -> tuple[Unit, ...]:
    """Every 2025 commune a pre-2025 commune went into, in code order; empty when none is known."""
    units = _table(CodeTable.FROM_2025).units
    return tuple(units[target] for target in _commune_mapping()[0].get(code, ()))


def assignable_communes(code: str, table: CodeTable | str) -> tuple[Unit, ...]:
    """The 2025 communes an officer may assign a resident of ``code`` to when the map gives no single
    successor (domain.md §1.5: "never guess a successor for a split commune"): the successors of a
    split commune, or every commune of the 2025 province when the old commune is not in the map."""
    unit = get_unit(code, table)
    if unit is None:
        return ()
    if unit.table is CodeTable.PRE_2025 and unit.level is UnitLevel.COMMUNE:
        successors = commune_successors(code)
        if successors:
            return successors
    province = current_province_code(code, table)
    return tuple(communes(province, CodeTable.FROM_2025)) if province else ()


def map_commune_to_2025(code: str) -> Unit | None:
    """The 2025 commune a pre-2025 commune went into *whole*; None (never a guess) otherwise.

    A commune split between several 2025 communes has no single successor: which one a resident
    belongs to depends on the address, so an officer decides (see :func:`commune_successors`).
    """
    successors = commune_successors(code)
    return successors[0] if len(successors) == 1 else None


def mapping_to_2025(code: str) -> UnitMapping:
    """The 2025 province (always known) and commune (where known) of a pre-2025 unit; 404 if unknown."""
    unit = require_unit(code, CodeTable.PRE_2025)
    is_commune = unit.level is UnitLevel.COMMUNE
    meta = _commune_mapping()[1]
    return UnitMapping(
        unit=unit,
        province=province_successor(unit.province_code),
        commune=map_commune_to_2025(code) if is_commune else None,
        candidates=commune_successors(code) if is_commune else (),
        commune_basis=meta["basis"] if is_commune else None,
        commune_mapping_complete=bool(meta["complete"]) if is_commune else False,
    )


def lineage(unit: Unit) -> list[Unit]:
    """The unit and the units above it, innermost first: commune, district (pre-2025), province."""
    chain = [unit]
    if unit.level is UnitLevel.COMMUNE and unit.district is not None:
        chain.append(unit.district)
    if unit.level is not UnitLevel.PROVINCE:
        chain.append(unit.province)
    return chain


def display_address(unit_code: str, table: CodeTable | str, detail: str | None = None) -> str:
    """An address as written on Vietnamese documents: detail, commune, [district,] province.

    "số 5 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội". 404 ``geo.unknown_unit`` for an unknown code.
    """
    parts = [unit.name for unit in lineage(require_unit(unit_code, table))]
    if detail and detail.strip():
        parts.insert(0, " ".join(detail.split()))
    return ", ".join(parts)


def validate_unit(
    code: str, table: CodeTable | str, *, level: UnitLevel | None = None, field: str = "unit_code"
) -> Unit:
    """The unit for input validation: a 422 naming ``field`` when the table, the code or the level is wrong.

    Rules: ``geo.unknown_table``, ``geo.unknown_unit``, ``geo.not_province`` / ``geo.not_district`` /
    ``geo.not_commune``.
    """
    known = coerce_table(table)
    if known is None:
        raise invalid(field, "geo.unknown_table", table=str(table))
    unit = _table(known).units.get(code)
    if unit is None:
        raise invalid(field, "geo.unknown_unit", code=code, table=known.value)
    if level is not None and unit.level is not level:
        raise invalid(field, f"geo.not_{level.value}", code=code, table=known.value)
    return unit
