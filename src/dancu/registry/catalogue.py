"""Item 26: the catalogue of "other information" (data, replaceable by the operator)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from dancu.errors import invalid

CATALOGUE_FILE = Path(__file__).parent / "data" / "extra_attributes.json"


class AttributeType(StrEnum):
    TEXT = "text"
    BOOLEAN = "boolean"
    INTEGER = "integer"


@dataclass(frozen=True)
class Attribute:
    code: str
    label_vi: str
    label_en: str
    type: AttributeType


@cache
def attributes() -> dict[str, Attribute]:
    raw = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return {
        a["code"]: Attribute(a["code"], a["label_vi"], a["label_en"], AttributeType(a["type"]))
        for a in raw["attributes"]
    }


_PYTHON_TYPE = {AttributeType.TEXT: str, AttributeType.BOOLEAN: bool, AttributeType.INTEGER: int}


def check_extra(key: str, value: dict[str, Any] | None) -> None:
    """The key must be a catalogue attribute and the value of its type (a bool is not an integer)."""
    attribute = attributes().get(key)
    if attribute is None:
        raise invalid("key", "extra.unknown_attribute", key=key)
    if value is None:
        return
    expected = _PYTHON_TYPE[attribute.type]
    actual = value.get("value")
    if type(actual) is not expected:
        raise invalid("value.value", "extra.wrong_type", key=key, type=attribute.type.value)
