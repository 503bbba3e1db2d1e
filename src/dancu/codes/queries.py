"""Look-ups in the shared code lists, read once per process from the JSON files in ``codes/data``.

Codes are exact strings: "01" (ethnicity, religion), "VN" (ISO 3166-1 alpha-2, upper case), "O+"
(blood group). A look-up never normalises its input; callers validate with :func:`validate_code`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from dancu.codes.enums import CodeList
from dancu.errors import invalid


@dataclass(frozen=True, slots=True)
class CodeEntry:
    code: str
    name_vi: str
    name_en: str | None = None


@dataclass(frozen=True, slots=True)
class _Loaded:
    meta: dict[str, Any]
    entries: tuple[CodeEntry, ...]
    by_code: dict[str, CodeEntry]


@cache
def _load(code_list: CodeList) -> _Loaded:
    text = (resources.files("dancu.codes") / "data" / code_list.file_name).read_text("utf-8")
    raw = json.loads(text)
    entries = tuple(CodeEntry(e["code"], e["name_vi"], e.get("name_en")) for e in raw["entries"])
    return _Loaded(meta=raw["meta"], entries=entries, by_code={e.code: e for e in entries})


def entries(code_list: CodeList) -> list[CodeEntry]:
    """Every entry of a list, in the list's own order (by code)."""
    return list(_load(code_list).entries)


def get(code_list: CodeList, code: str) -> CodeEntry | None:
    return _load(code_list).by_code.get(code)


def metadata(code_list: CodeList) -> dict[str, Any]:
    """Where the list comes from and how sure we are of it (evidence tags S/M), as shipped."""
    return dict(_load(code_list).meta)


def validate_code(code_list: CodeList, code: str, *, field: str) -> CodeEntry:
    """The entry, or a 422 naming ``field`` with the rule ``codes.unknown_<list>``."""
    entry = get(code_list, code)
    if entry is None:
        raise invalid(field, f"codes.unknown_{code_list.name.lower()}", code=code)
    return entry


def ethnicities() -> list[CodeEntry]:
    return entries(CodeList.ETHNICITIES)


def religions() -> list[CodeEntry]:
    return entries(CodeList.RELIGIONS)


def countries() -> list[CodeEntry]:
    return entries(CodeList.COUNTRIES)


def blood_groups() -> list[CodeEntry]:
    return entries(CodeList.BLOOD_GROUPS)


def get_ethnicity(code: str) -> CodeEntry | None:
    return get(CodeList.ETHNICITIES, code)


def get_religion(code: str) -> CodeEntry | None:
    return get(CodeList.RELIGIONS, code)


def get_country(code: str) -> CodeEntry | None:
    return get(CodeList.COUNTRIES, code)


def get_blood_group(code: str) -> CodeEntry | None:
    return get(CodeList.BLOOD_GROUPS, code)
