"""The batch append of :mod:`dancu.audit.append`, on the asyncpg connection without SQLAlchemy.

The group commit (:mod:`dancu.audit.group`) appends many requests' entries at once; through the
ORM, building and returning an ``Event`` object per entry and SQLAlchemy's work around four
statements cost more of a lookup's CPU than the lookup's own read (docs/adr/0017). This runs the
**same four statements** (compiled once from :mod:`dancu.audit.append`'s own, so the two paths
cannot drift) on the driver, in a transaction of its own on that connection:

1. the touched chains' heads locked in ascending order, advanced, their ids drawn under the locks;
2. the latest entry of each person, read under those locks (a statement of its own: in READ
   COMMITTED a statement sees what was committed when it began, so this read must begin after
   the locks are held);
3. every entry, hashed and MAC'd here by :func:`dancu.audit.append.chain_rows` exactly as the ORM
   path does, inserted in one pipelined ``executemany`` (one round trip);
4. the touched chains' new head hashes.

A chain without a head row yet gets one first (as :func:`dancu.audit.append.take_heads` does).
The rows' ids are returned; the caller's unit of work records the moved heads for the anchor.
PostgreSQL only.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import JSON, Table, bindparam, insert
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ClauseElement

from dancu.audit import chain as rules
from dancu.audit import config, mac
from dancu.audit.append import Head, _pg_statements, chain_count, chain_of, chain_rows, note_heads, note_locks
from dancu.audit.models import Event


class Driver(Protocol):
    """What this needs of an asyncpg connection (asyncpg ships no type stubs)."""

    async def fetch(self, query: str, *args: Any) -> list[Any]: ...
    async def execute(self, query: str, *args: Any) -> str: ...
    async def executemany(self, command: str, args: Sequence[Sequence[Any]]) -> None: ...
    def transaction(self) -> Any: ...


def _compiled(statement: Any) -> tuple[str, tuple[str, ...], dict[str, Any]]:
    """The statement's text for asyncpg, the order of its binds, and the values of those it fixes
    itself (literals such as the sequence's table name)."""
    assert isinstance(statement, ClauseElement)
    compiled = statement.compile(dialect=asyncpg_dialect())  # type: ignore[no-untyped-call]
    order: list[str] = getattr(compiled, "positiontup", None) or []
    fixed = {k: v for k, v in compiled.params.items() if v is not None}
    return str(compiled), tuple(order), fixed


@functools.cache
def _sql() -> dict[str, tuple[str, tuple[str, ...], dict[str, Any]]]:
    table = Event.__table__
    assert isinstance(table, Table)
    row = insert(table).values({c.name: bindparam(c.name, type_=c.type) for c in table.columns})
    statements = {name: _compiled(statement) for name, statement in _pg_statements().items()}
    statements["insert"] = _compiled(row)
    statements["create"] = (
        "INSERT INTO audit_chain (chain, seq, head_hash) SELECT c, 0, $2::VARCHAR "
        "FROM unnest($1::INTEGER[]) AS c ON CONFLICT DO NOTHING",
        ("chains", "genesis"),
        {},
    )
    return statements


@functools.cache
def _json_columns() -> frozenset[str]:
    """Columns whose values the driver takes as JSON text (SQLAlchemy's codec on its pool's
    connections expects what its own bind processing would give: the serialised document)."""
    return frozenset(c.name for c in Event.__table__.columns if isinstance(c.type, JSON))


async def _run(driver: Driver, name: str, binds: Mapping[str, Any]) -> list[Any]:
    sql, order, fixed = _sql()[name]
    values = fixed | dict(binds)
    return await driver.fetch(sql, *(values[key] for key in order))


async def _bump(driver: Driver, counts: Mapping[int, int]) -> dict[int, Head]:
    pairs = sorted(counts.items())
    binds = {"wanted_chain": [c for c, _ in pairs], "wanted_n": [n for _, n in pairs]}
    rows = await _run(driver, "bump", binds)
    return {
        int(chain): Head(int(seq) - counts[int(chain)], str(head), tuple(sorted(ids or ())))
        for chain, seq, head, ids in rows
    }


async def _take_heads(driver: Driver, counts: Mapping[int, int]) -> dict[int, Head]:
    heads = await _bump(driver, counts)
    missing = {chain: n for chain, n in counts.items() if chain not in heads}
    if missing:
        await _run(driver, "create", {"chains": sorted(missing), "genesis": rules.GENESIS})
        heads |= await _bump(driver, missing)
    return heads


async def _people(driver: Driver, subjects: Sequence[int]) -> dict[int, str]:
    wanted = sorted(set(subjects))
    if not wanted:
        return {}
    rows = await _run(driver, "people", {"people_sid": wanted})
    return {int(sid): str(last) if last is not None else rules.GENESIS for sid, last in rows}


def _values(rows: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
    _, order, _ = _sql()["insert"]
    as_json = _json_columns()
    return [
        tuple(
            json.dumps(row.get(key)) if key in as_json and row.get(key) is not None else row.get(key)
            for key in order
        )
        for row in rows
    ]


async def append_on_driver(
    session: AsyncSession, driver: Driver, contents: Sequence[Mapping[str, Any]]
) -> list[int]:
    """Chain and insert ``contents`` (as :func:`dancu.audit.append.append_many` takes them) on
    ``driver``, the connection of ``session``'s unit of work, in a transaction of the driver's own
    (a savepoint when the connection is already in one); their ids, in order. The heads moved are
    noted in ``session`` for the anchor, written when its unit of work commits."""
    if not contents:
        return []
    count = chain_count()
    chains = [chain_of(content, count) for content in contents]
    async with driver.transaction():
        heads = await _take_heads(driver, Counter(chains))
        subjects = [c["subject_citizen_id"] for c in contents if c.get("subject_citizen_id") is not None]
        people = await _people(driver, subjects)
        first_id = min(i for head in heads.values() for i in head.ids)
        url = config.url_of(session)
        keys = mac.ensure(config.mac_key_file(url), first_event_id=first_id)
        rows, tips = chain_rows(contents, chains, heads=heads, people=people, keys=keys)
        sql, _, _ = _sql()["insert"]
        await driver.executemany(sql, _values(rows))
        await _run(driver, "tips", {"tips_chain": list(tips), "tips_hash": list(tips.values())})
    note_locks(session, heads)
    if config.anchor_file(url) is not None:
        note_heads(session, {row["chain"]: (row["seq"], row["entry_hash"]) for row in rows})
    return [int(row["id"]) for row in rows]
