"""The driver paths' decoding of fact sets (docs/adr/0019): a set's JSON array of assertions read as
the ``fact`` view's rows, in Python, without the view unpacking every set on the server.

The lookup's read (lookup/queries.py) and the identity app's own-record read below share it; the
record resolved from these rows is the one :func:`dancu.registry.queries.record_as_of` resolves
from the view (tests/integration/test_lookup_fact_sets_read.py compares both, person by person).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from dancu.enums.registry import Item
from dancu.registry.history import RecordView, record_view
from dancu.registry.models import ASSERTIONS_PER_SET
from dancu.registry.queries import DriverConnection, as_of_bounds


class FactRow(NamedTuple):
    """One assertion of a set, as a row of the ``fact`` view."""

    id: int
    item: Item
    key: str
    value: Any
    valid_from: dt.date | None
    valid_to: dt.date | None
    recorded_at: dt.datetime


# The JSON values that hold others; every other value is taken as it is, without a call.
_CONTAINERS = frozenset({dict, list})


def _jsonb(value: Any) -> Any:
    """A JSON value as the view gives it, through ``jsonb``: an object's keys shortest first, then
    in byte order (PostgreSQL's jsonb key order). ``value`` comes from ``json.loads``, so exact types
    suffice."""
    kind = type(value)
    if kind is dict:
        return {
            key: _jsonb(inner) if type(inner := value[key]) in _CONTAINERS else inner
            for key in _jsonb_order(tuple(value))
        }
    if kind is list:
        return [_jsonb(inner) if type(inner) in _CONTAINERS else inner for inner in value]
    return value


@functools.lru_cache(maxsize=1024)
def _jsonb_order(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The keys of an object in jsonb's order; a record's objects come in a few shapes (an address,
    a name, a relation), so each shape is sorted once."""
    return tuple(sorted(keys, key=lambda key: (len(key.encode()), key.encode())))


def _text(value: Any) -> str:
    """A member as ``->>`` gives it, absent or null as "" (the view's ``coalesce``)."""
    if value is None:
        return ""
    return value if type(value) is str else json.dumps(value)


@functools.lru_cache(maxsize=4096)
def _day(text: str) -> dt.date:
    """A date member: a person's sets repeat a few dates (birth, registration) in many assertions,
    so each is parsed once (dates are immutable, so one object may serve them all)."""
    return dt.date.fromisoformat(text)


def _date(text: Any) -> dt.date | None:
    if text is None:
        return None
    return _day(text) if type(text) is str else dt.date.fromisoformat(str(text))


_ITEMS = {item.value: item for item in Item}  # Item(value) without the enum machinery's call
# A row made from its tuple of values without the named tuple's own __new__ (a Python frame a row).
_row = functools.partial(tuple.__new__, FactRow)


def view_rows(
    set_id: int, recorded_at: dt.datetime, assertions: str, items: Collection[str]
) -> list[FactRow]:
    """One set's assertions of ``items`` as the ``fact`` view's rows (migration 0026: id = set id
    × ASSERTIONS_PER_SET + position; an absent key is "", an absent value or date is null)."""
    rows = []
    first = set_id * ASSERTIONS_PER_SET
    for position, assertion in enumerate(json.loads(assertions)):
        item = assertion["i"]
        if item not in items:
            continue
        value = assertion.get("v")
        rows.append(
            _row(
                (
                    first + position,
                    _ITEMS[item],
                    _text(assertion.get("k")),
                    _jsonb(value) if type(value) in _CONTAINERS else value,
                    _date(assertion.get("f")),
                    _date(assertion.get("t")),
                    recorded_at,
                )
            )
        )
    return rows


ALL_ITEMS = frozenset(_ITEMS)

# A person by id with every fact set recorded by $2, one row per set (none: one row of nulls).
_RECORD_OF_ONE = (
    "SELECT c.id, c.pin, s.id, s.recorded_at, s.assertions::text FROM citizen AS c "
    "LEFT JOIN fact_set AS s ON s.citizen_id = c.id AND s.recorded_at <= $2 WHERE c.id = $1::INTEGER"
)


# Several people by id at once (the own-record reads in flight together, lookup/read_group.py): a
# list of ids of one of these lengths, the last repeated to fill it, each length a statement of its
# own whose generic plan the server keeps (an index probe per value), as it keeps the one id's.
COALESCED = (2, 4, 8, 16, 32)


def values_list(length: int, cast: str) -> str:
    """``length`` bound values for ``IN (…)``: ``$1`` then ``$3`` on (``$2`` is the instant)."""
    return ", ".join([f"$1::{cast}"] + [f"${i}::{cast}" for i in range(3, length + 2)])


async def fetch_coalesced(
    connection: DriverConnection,
    one: str,
    of_length: Callable[[int], str],
    keys: Sequence[Any],
    instant: dt.datetime,
) -> list[Any]:
    """Up to ``COALESCED[-1]`` keys' rows in one statement: ``one`` for a single key, else the
    statement ``of_length`` gives for the next length of ``COALESCED``, the last key repeated to fill it."""
    if len(keys) == 1:
        return list(await connection.fetch(one, keys[0], instant))
    length = next(n for n in COALESCED if n >= len(keys))
    padded = [*keys, *[keys[-1]] * (length - len(keys))]
    return list(await connection.fetch(of_length(length), padded[0], instant, *padded[1:]))


@functools.cache
def _records_of(length: int) -> str:
    return _RECORD_OF_ONE.replace("= $1::INTEGER", f"IN ({values_list(length, 'INTEGER')})")


async def records_of_ids(connection: DriverConnection, ids: Sequence[int], instant: dt.datetime) -> list[Any]:
    """The rows of :data:`_RECORD_OF_ONE` for up to ``COALESCED[-1]`` people, in one statement."""
    return await fetch_coalesced(connection, _RECORD_OF_ONE, _records_of, ids, instant)


class RecordsSource(Protocol):
    """Where :func:`record_on_driver` reads a person's rows: the process's coalescing reader
    (lookup/read_group.py), or in the tests one connection that reads each person alone."""

    async def rows(self, key: int, instant: dt.datetime) -> list[Any]:
        """The rows of :data:`_RECORD_OF_ONE` for the person ``key`` and sets recorded by ``instant``."""
        ...


@dataclass(frozen=True)
class Holder:
    """Who a record read by id is about: what its answer names."""

    id: int
    pin: str


async def record_on_driver(source: RecordsSource, citizen_id: int) -> tuple[Holder, RecordView] | None:
    """:func:`dancu.registry.queries.record_as_of` for today as known now, on asyncpg (the identity
    app's own record on the hot path): one statement, prepared once per connection, maybe shared with
    other people's reads. None when nobody has the id."""
    day, instant = as_of_bounds(None, None)
    rows = await source.rows(citizen_id, instant)
    if not rows:
        return None
    facts = [
        fact
        for _, _, sid, at, assertions in rows
        if sid is not None
        for fact in view_rows(int(sid), at, assertions, ALL_ITEMS)
    ]
    holder = Holder(int(rows[0][0]), str(rows[0][1]))
    return holder, record_view(facts, valid_on=day, known_at=instant)
