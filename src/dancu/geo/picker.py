"""What the address picker of every form lists: provinces, then the communes of the chosen province,
from the code table in force (2025). The old table (before 1 July 2025) is used only where an
address from history needs it, by its code. Installed as template globals by ``dancu.app``."""

from __future__ import annotations

from dancu.geo import queries
from dancu.geo.enums import CodeTable

Options = list[tuple[str, str]]


def province_options() -> Options:
    return [(unit.code, unit.name) for unit in queries.provinces(CodeTable.FROM_2025)]


def commune_options(province_code: str | None) -> Options:
    """The communes of a 2025 province by name; [] when no province is chosen yet."""
    if not province_code:
        return []
    return [(unit.code, unit.name) for unit in queries.communes(province_code, CodeTable.FROM_2025)]


def province_of(unit_code: str | None, table: str | None = None) -> str:
    """The 2025 province a unit of either table lies in ('' when unknown or not given)."""
    if not unit_code:
        return ""
    return queries.current_province_code(unit_code, table or CodeTable.FROM_2025.value) or ""
