"""Pure answers: the fields an agency receives, and the yes/no questions of B7."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any

from dancu.enums.registry import Item
from dancu.geo.enums import CodeTable, UnitLevel
from dancu.geo.queries import Unit, current_province_code, get_unit, lineage, map_commune_to_2025
from dancu.registry.history import RecordView

_ORDER = {item: position for position, item in enumerate(Item)}


@functools.lru_cache(maxsize=256)
def _in_order(fields: tuple[str, ...]) -> tuple[tuple[Item, str, bool], ...]:
    """The fields' items in the order of Điều 9, each with its value and whether it is keyed: an
    agency's fields are the same on every answer, so they are sorted and checked once."""
    items = sorted((Item(f) for f in fields), key=_ORDER.__getitem__)
    return tuple((item, item.value, item.multi_valued) for item in items)


def project(view: RecordView, fields: Iterable[str]) -> dict[str, Any]:
    """Only the named fields, in the order of Điều 9; keyed items as {key: value}."""
    out: dict[str, Any] = {}
    for item, name, keyed in _in_order(tuple(fields)):
        value = view.entries(item) if keyed else view.get(item)
        if value is not None and value != {}:
            out[name] = value
    return out


def _anniversary(born: dt.date, years: int) -> dt.date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # born on 29 February: the birthday falls on 1 March in a common year
        return dt.date(born.year + years, 3, 1)


def _birth_bounds(dob: str) -> tuple[dt.date, dt.date]:
    """Earliest and latest possible birth dates of a (possibly partial) date."""
    parts = [int(p) for p in dob.split("-")]
    if len(parts) == 3:
        day = dt.date(parts[0], parts[1], parts[2])
        return day, day
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def age_at_least(dob: str | None, years: int, on: dt.date) -> bool:
    """True only when every birth date the register allows makes the person ``years`` old on ``on``.

    With a partial date of birth an undecidable case answers False: the question is proved, not
    guessed.
    """
    if not dob:
        return False
    _, latest = _birth_bounds(dob)
    return _anniversary(latest, years) <= on


def _commune_2025(unit: Unit) -> str | None:
    if unit.table is CodeTable.FROM_2025:
        return unit.code
    mapped = map_commune_to_2025(unit.code)
    return mapped.code if mapped else None


def unit_contains(asked: Unit, residence: dict[str, Any] | None) -> bool:
    """Is the residence (code + table version as stored) inside the asked unit?

    Same table: the asked unit is the residence's unit or one above it. Across tables, pre-2025
    units are mapped forward with :mod:`dancu.geo.queries`: provinces always (they merged whole),
    communes only where the mapping is known; an unknown mapping answers False, never a guess.
    """
    if not residence or not residence.get("unit_code"):
        return False
    person = get_unit(residence["unit_code"], residence["unit_version"])
    if person is None:
        return False
    if asked.table is person.table:
        return asked.code in {u.code for u in lineage(person)}
    if asked.level is UnitLevel.PROVINCE and asked.table is CodeTable.FROM_2025:
        return current_province_code(person.code, person.table) == asked.code
    if asked.level is UnitLevel.COMMUNE and person.level is UnitLevel.COMMUNE:
        target = _commune_2025(asked)
        return target is not None and target == _commune_2025(person)
    return False
