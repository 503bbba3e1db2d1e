"""Bitemporal resolution: which fact the register held for a valid date, as known at an instant.

Pure functions over facts, so the rule is tested without a database and shared by the as-of
view, the current projection and documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from dancu.enums.registry import KEYED_ITEMS, Item


class FactLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def item(self) -> Item: ...
    @property
    def key(self) -> str: ...
    @property
    def value(self) -> Any: ...
    @property
    def valid_from(self) -> dt.date | None: ...
    @property
    def valid_to(self) -> dt.date | None: ...
    @property
    def recorded_at(self) -> dt.datetime: ...


def covers(fact: FactLike, day: dt.date) -> bool:
    """Valid periods are half-open: [valid_from, valid_to); None is unbounded."""
    return (fact.valid_from is None or fact.valid_from <= day) and (
        fact.valid_to is None or day < fact.valid_to
    )


def resolve(
    facts: Iterable[FactLike], *, valid_on: dt.date, known_at: dt.datetime
) -> dict[tuple[Item, str], Any]:
    """The winning fact per (item, key): the latest recorded by ``known_at`` that covers ``valid_on``."""
    winners: dict[tuple[Item, str], Any] = {}
    for fact in facts:
        if fact.recorded_at > known_at or not covers(fact, valid_on):
            continue
        slot = (fact.item, fact.key)
        current = winners.get(slot)
        if current is None or (fact.recorded_at, fact.id) > (current.recorded_at, current.id):
            winners[slot] = fact
    return winners


@dataclass(frozen=True)
class RecordView:
    """A person's record at one (valid date, known-at) point: single items and keyed items."""

    valid_on: dt.date
    known_at: dt.datetime
    single: dict[Item, Any] = field(default_factory=dict)
    keyed: dict[Item, dict[str, Any]] = field(default_factory=dict)
    fact_ids: dict[str, int] = field(default_factory=dict)

    def get(self, item: Item) -> Any:
        return self.single.get(item)

    def entries(self, item: Item) -> dict[str, Any]:
        return self.keyed.get(item, {})


# Each item's value, looked up once per fact of every record resolved.
_VALUE = {item: item.value for item in Item}


def record_view(facts: Iterable[FactLike], *, valid_on: dt.date, known_at: dt.datetime) -> RecordView:
    view = RecordView(valid_on=valid_on, known_at=known_at)
    for (item, key), fact in sorted(resolve(facts, valid_on=valid_on, known_at=known_at).items()):
        if fact.value is None:
            continue  # cleared for this period
        view.fact_ids[f"{_VALUE[item]}:{key}" if key else _VALUE[item]] = fact.id
        if item in KEYED_ITEMS:
            view.keyed.setdefault(item, {})[key] = fact.value
        else:
            view.single[item] = fact.value
    return view
