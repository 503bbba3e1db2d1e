"""The batch append of :mod:`dancu.audit.append`, on the asyncpg connection, in two round trips.

The group commit (:mod:`dancu.audit.group`) appends many requests' entries at once. Through the
ORM, building and returning an ``Event`` object per entry and SQLAlchemy's work around four
statements cost more of a lookup's CPU than the lookup's own read, and each statement was a round
trip while the chain heads stayed locked (docs/adr/0017). Here, in a transaction of its own on the
connection (a savepoint when it is already in one), the append's four steps take two calls:

1. and 2. ``audit_take_heads`` (migration 0028): the touched chains' heads locked in ascending
   order, advanced, their ids drawn under the locks; then, in a statement of its own inside the
   function (so with a snapshot taken once the locks are held), each person's latest entry hash;
3. and 4. one statement: every entry, hashed and MAC'd here by
   :func:`dancu.audit.append.chain_rows` exactly as the ORM path does, inserted from one array of
   rows (``audit_entry_v1``, migration 0037), and the touched chains' new head hashes, in a
   data-modifying CTE; with them, in CTEs of the same statement, the rows a caller writes once the
   entries' ids are known (:data:`Also`: the yes/no questions' rows, each with its entry's id as
   receipt), so that they cost no round trip of their own while the heads are locked.

The rows, hashes, MACs and heads are those :func:`dancu.audit.append.append_many` writes for the
same entries in the same state; ``dancu audit verify`` cannot tell the paths apart. A chain
without a head row yet gets one first (as :func:`dancu.audit.append.take_heads` does). PostgreSQL
only; SQLite appends through the ORM path.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii
from typing import Any, Protocol

from sqlalchemy import JSON
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit import chain as rules
from dancu.audit import config, mac
from dancu.audit.append import Head, chain_count, chain_of, chain_rows, note_heads, note_locks
from dancu.audit.models import Event


class Driver(Protocol):
    """What this needs of an asyncpg connection (asyncpg ships no type stubs)."""

    async def fetch(self, query: str, *args: Any) -> list[Any]: ...
    async def execute(self, query: str, *args: Any) -> str: ...
    def transaction(self) -> Any: ...


CREATE = (
    "INSERT INTO audit_chain (chain, seq, head_hash) SELECT c, 0, $2::VARCHAR "
    "FROM unnest($1::INTEGER[]) AS c ON CONFLICT DO NOTHING"
)


# A data-modifying statement of the caller's with its arguments, written in the append's own
# statement: a constant of the code (never built from input, no "$" in a literal), its parameters
# numbered from $1, renumbered after the append's own. As a CTE it shares the statement's snapshot,
# so it does not see the entries being inserted beside it (it is given their ids).
Written = tuple[str, Sequence[Any]]
# What a caller writes once the entries' ids are known: given them in order, its statements.
Also = Callable[[list[int]], Sequence[Written]]
# The append's own parameters ($1 the rows, $2 and $3 the new heads) come first.
OWN_PARAMETERS = 3
_PARAMETER = re.compile(r"\$(\d+)")


def _shifted(sql: str, by: int) -> str:
    """``sql`` with its parameters renumbered after ``by`` others."""
    return _PARAMETER.sub(lambda m: f"${int(m.group(1)) + by}", sql)


@functools.cache
def _parameters(sql: str) -> int:
    return max((int(n) for n in _PARAMETER.findall(sql)), default=0)


@functools.cache
def _insert_and_tips(also: tuple[str, ...] = ()) -> str:
    """Statements 3 and 4 as one: every entry inserted from one array of rows, and the touched
    chains' new head hashes, in a data-modifying CTE (one round trip), with each statement of
    ``also`` as a CTE of its own after them. The driver encodes each row
    from a mapping of column to value: for a group of six entries that costs it about a third less
    than one array per column did, and the database about as much. The rows' type is
    ``audit_entry_v1`` (migration 0037), not ``event``'s own: the driver keeps a row type's columns
    per connection, and a column added to ``event`` while a server runs must not break its groups.
    The columns are named, so such a column takes its default."""
    names = ", ".join(f'"{c.name}"' for c in Event.__table__.columns)
    picked = ", ".join(f'r."{c.name}"' for c in Event.__table__.columns)
    ctes = [
        # Names from the model's own table, never from input.
        f"inserted AS (INSERT INTO event ({names}) "  # noqa: S608
        f"SELECT {picked} FROM unnest($1::audit_entry_v1[]) AS r)"
    ]
    used = OWN_PARAMETERS
    for number, sql in enumerate(also, start=1):
        ctes.append(f"also_{number} AS ({_shifted(sql, used)})")
        used += _parameters(sql)
    return (
        # The CTEs: the model's names and the callers' constant statements, never input.
        f"WITH {', '.join(ctes)} "  # noqa: S608
        "UPDATE audit_chain SET head_hash = tips.hash "
        "FROM unnest($2::INTEGER[], $3::VARCHAR[]) AS tips(chain, hash) "
        "WHERE audit_chain.chain = tips.chain"
    )


@functools.cache
def _row_columns() -> tuple[tuple[str, bool], ...]:
    """Each column of ``event`` and whether the driver takes its value as JSON text (SQLAlchemy's
    codec on its pool's connections expects what its own bind processing would give: the
    serialised document)."""
    return tuple((c.name, isinstance(c.type, JSON)) for c in Event.__table__.columns)


def json_text(value: Any) -> str:
    """``json.dumps(value)``; a list of texts (an entry's fields) and an empty document (most
    entries' data) without the encoder, which cost more to set up than to write them."""
    if type(value) is list:
        try:  # the encoder writes a text in a list as it writes it alone; anything else raises here
            return "[" + ", ".join(map(encode_basestring_ascii, value)) + "]"
        except TypeError:
            return json.dumps(value)
    if type(value) is dict and not value:
        return "{}"
    return json.dumps(value)


def event_records(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The rows as records for the driver (of ``audit_entry_v1`` or a table like ``event``): column
    to value, JSON columns as their text."""
    records = []
    for row in rows:
        record = {}
        for name, as_json in _row_columns():
            value = row.get(name)
            record[name] = json_text(value) if as_json and value is not None else value
        records.append(record)
    return records


TAKE = "SELECT * FROM audit_take_heads($1::INTEGER[], $2::INTEGER[], $3::INTEGER[])"


async def _take(
    driver: Driver, counts: Mapping[int, int], subjects: Sequence[int]
) -> tuple[dict[int, Head], dict[int, str]]:
    """Statements 1 and 2 in one call of ``audit_take_heads`` (migration 0028): the heads of the
    chains in ``counts`` locked in ascending order, advanced and their ids drawn, then each
    person's latest entry hash read under those locks (GENESIS when none)."""
    pairs = sorted(counts.items())
    people = sorted(set(subjects))
    rows = await driver.fetch(TAKE, [c for c, _ in pairs], [n for _, n in pairs], people)
    heads = {
        int(chain): Head(int(seq) - counts[int(chain)], str(head), tuple(sorted(ids or ())))
        for chain, seq, head, ids, _, _ in rows
        if chain is not None
    }
    last = {int(sid): str(h) if h is not None else rules.GENESIS for *_, sid, h in rows if sid is not None}
    return heads, last


async def _take_heads(
    driver: Driver, counts: Mapping[int, int], subjects: Sequence[int]
) -> tuple[dict[int, Head], dict[int, str]]:
    heads, people = await _take(driver, counts, subjects)
    missing = {chain: n for chain, n in counts.items() if chain not in heads}
    if missing:  # first use of a chain (or N raised): its head row, then it, and the people again
        await driver.execute(CREATE, sorted(missing), rules.GENESIS)
        more, people = await _take(driver, missing, subjects)
        heads |= more
    return heads, people


async def append_on_driver(
    session: AsyncSession, driver: Driver, contents: Sequence[Mapping[str, Any]]
) -> list[int]:
    """Chain and insert ``contents`` (as :func:`dancu.audit.append.append_many` takes them) on
    ``driver``, the connection of ``session``'s unit of work, in a transaction of the driver's own
    (a savepoint when the connection is already in one); their ids, in order. The heads moved are
    noted in ``session`` for the anchor, written when its unit of work commits."""
    if not contents:
        return []
    async with driver.transaction():
        return await append_in_transaction(session, driver, contents)


async def append_in_transaction(
    session: AsyncSession, driver: Driver, contents: Sequence[Mapping[str, Any]], also: Also | None = None
) -> list[int]:
    """As :func:`append_on_driver`, inside a transaction the caller opened on ``driver`` (the group
    commit's, when other writes of the group share it: docs/adr/0017, verification), with what
    ``also`` writes once the ids are known (:func:`chain_and_insert`)."""
    if not contents:
        return []
    url = config.url_of(session)
    appended = await chain_and_insert(driver, contents, url, also)
    note_locks(session, appended.locked)
    if config.anchor_file(url) is not None:
        note_heads(session, appended.moved)
    return appended.ids


@dataclass(frozen=True)
class Appended:
    """What one append wrote: its entries' ids in order, the chains it locked, and each moved
    chain's new head (seq, hash) for the anchor once the transaction commits."""

    ids: list[int]
    locked: frozenset[int]
    moved: dict[int, tuple[int, str]]


async def chain_and_insert(
    driver: Driver, contents: Sequence[Mapping[str, Any]], url: URL, also: Also | None = None
) -> Appended:
    """The append's two calls, inside a transaction the caller holds on ``driver`` to the database
    at ``url`` (whose MAC keys sign the entries): nothing is noted anywhere; the caller records
    :attr:`Appended.moved` in the anchor once its transaction commits. ``also``, given the entries'
    ids in order, names the statements written with them, in the second call."""
    count = chain_count()
    chains = [chain_of(content, count) for content in contents]
    subjects = [c["subject_citizen_id"] for c in contents if c.get("subject_citizen_id") is not None]
    heads, people = await _take_heads(driver, Counter(chains), subjects)
    first_id = min(i for head in heads.values() for i in head.ids)
    keys = mac.ensure(config.mac_key_file(url), first_event_id=first_id)
    rows, tips = chain_rows(contents, chains, heads=heads, people=people, keys=keys)
    ids = [int(row["id"]) for row in rows]
    written = also(ids) if also is not None else ()
    if any(len(args) != _parameters(sql) for sql, args in written):
        raise ValueError("a statement written with the append takes as many arguments as it numbers")
    statement = _insert_and_tips(tuple(sql for sql, _ in written))
    more = [arg for _, args in written for arg in args]
    await driver.execute(statement, event_records(rows), list(tips), list(tips.values()), *more)
    moved = {row["chain"]: (row["seq"], row["entry_hash"]) for row in rows}
    return Appended(ids, frozenset(heads), moved)
