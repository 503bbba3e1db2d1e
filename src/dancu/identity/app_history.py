"""A citizen's history item by item: for each item, its current value and every value the register
recorded for it (valid from, recorded at, update or adjustment, reason), newest record first.

Built from the register's own facts and bitemporal resolution (``registry.history``), so the app
shows what officers see, grouped the way a citizen checks their record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dancu.clock import today_vn
from dancu.enums.registry import Item
from dancu.i18n import Lang, t
from dancu.registry.history import resolve
from dancu.registry.models import Fact
from dancu.registry.pages_display import date_vi, instant_vi, item_label, show


@dataclass(frozen=True)
class ItemVersion:
    value: str
    valid_from: str
    valid_to: str
    recorded_at: str
    kind: str
    kind_label: str
    reason: str
    current: bool


@dataclass(frozen=True)
class ItemHistory:
    item: str
    key: str
    label: str
    current: str
    versions: list[ItemVersion]


def _label(item: Item, key: str, lang: Lang) -> str:
    label = item_label(item, lang)
    if not key:
        return label
    if item is Item.RELATION:
        return f"{label} — {t('enum.relation_role.' + key.split(':')[0], lang)}"
    return f"{label} — {key}"


def _version(fact: Fact, lang: Lang, *, current: bool) -> ItemVersion:
    last = fact.valid_to - dt.timedelta(days=1) if fact.valid_to else None
    return ItemVersion(
        value=show(fact.item, fact.value, lang) if fact.value is not None else "—",
        valid_from=date_vi(fact.valid_from),
        valid_to=date_vi(last),
        recorded_at=instant_vi(fact.recorded_at),
        kind=fact.change_kind.value,
        kind_label=t(f"enum.change_kind.{fact.change_kind.value}", lang),
        reason=fact.reason or "",
        current=current,
    )


def item_histories(facts: Sequence[Fact], lang: Lang, *, now: dt.datetime) -> list[ItemHistory]:
    """One entry per (item, key) in the law's order; ``facts`` newest first (queries.timeline)."""
    winners = resolve(facts, valid_on=today_vn(), known_at=now)
    grouped: dict[tuple[Item, str], list[Fact]] = {}
    for fact in facts:
        grouped.setdefault((fact.item, fact.key), []).append(fact)
    order = list(Item)
    result = []
    for (item, key), group in sorted(grouped.items(), key=lambda pair: (order.index(pair[0][0]), pair[0][1])):
        winner = winners.get((item, key))
        current = show(item, winner.value, lang) if winner is not None and winner.value is not None else "—"
        versions = [_version(f, lang, current=winner is not None and f.id == winner.id) for f in group]
        result.append(ItemHistory(item.value, key, _label(item, key, lang), current, versions))
    return result
