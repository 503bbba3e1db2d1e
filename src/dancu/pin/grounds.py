"""Grounds to cancel (and re-establish) a PIN, and the rule that forms a PIN's prefix: both data.

Pure rules: no database, no web. The grounds are read from ``data/cancellation_grounds.json``
(NĐ 70/2024 Điều 11 khoản 7–9 as amended by NĐ 58/2026, and Điều 36 khoản 4), the prefix rule from
``data/prefix_rules.json``; the files say what was checked against which text and why.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, cast

from dancu.errors import invalid


@dataclass(frozen=True)
class Ground:
    code: str
    point: str
    text_vi: str
    text_en: str
    needs_citizen_request: bool  # NĐ 70 Điều 11 khoản 8: "theo nhu cầu của công dân"
    reestablish: bool  # a new PIN follows the cancellation
    valid_from: dt.date | None
    valid_to: dt.date | None  # inclusive; after it the ground is closed to new acts

    def open_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class PrefixRule:
    unit_version: str
    mode: str
    valid_from: dt.date | None
    valid_to: dt.date | None


def _load(filename: str) -> dict[str, Any]:
    text = resources.files("dancu.pin").joinpath("data", filename).read_text(encoding="utf-8")
    return cast(dict[str, Any], json.loads(text))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@cache
def grounds() -> Mapping[str, Ground]:
    """Every ground ever in force, closed ones included (past acts keep theirs)."""
    table = {}
    for entry in _load("cancellation_grounds.json")["grounds"]:
        table[entry["code"]] = Ground(
            code=entry["code"],
            point=entry["point"],
            text_vi=entry["text_vi"],
            text_en=entry["text_en"],
            needs_citizen_request=bool(entry["needs_citizen_request"]),
            reestablish=bool(entry["reestablish"]),
            valid_from=_date(entry["valid_from"]),
            valid_to=_date(entry["valid_to"]),
        )
    return MappingProxyType(table)


def ground_for_new_act(code: str, *, on: dt.date, reestablish: bool = True) -> Ground:
    """The ground an officer names for a cancellation made on ``on``, or a 422 on ``ground``.

    Rules: ``pin.unknown_ground``; ``pin.ground_closed`` (its validity ended, e.g. points a and b
    after NĐ 58/2026); ``pin.ground_not_reestablishing`` when a re-establishment names a ground
    that only cancels.
    """
    ground = grounds().get(code)
    if ground is None:
        raise invalid("ground", "pin.unknown_ground")
    if not ground.open_on(on):
        raise invalid("ground", "pin.ground_closed", until=str(ground.valid_to or ""))
    if ground.reestablish is not reestablish:
        raise invalid("ground", "pin.ground_not_reestablishing")
    return ground


@cache
def prefix_rules() -> tuple[PrefixRule, ...]:
    return tuple(
        PrefixRule(
            unit_version=entry["unit_version"],
            mode=entry["mode"],
            valid_from=_date(entry["valid_from"]),
            valid_to=_date(entry["valid_to"]),
        )
        for entry in _load("prefix_rules.json")["rules"]
    )


def prefix_mode(unit_version: str, *, on: dt.date) -> str:
    """How the prefix of a birth registered in a unit of ``unit_version`` is formed on ``on``."""
    for rule in prefix_rules():
        in_period = (rule.valid_from is None or rule.valid_from <= on) and (
            rule.valid_to is None or on <= rule.valid_to
        )
        if rule.unit_version == unit_version and in_period:
            return rule.mode
    raise invalid("birth_registration_place.unit_version", "pin.no_prefix_rule")
