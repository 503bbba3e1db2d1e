"""Appending a batch of entries to the chains in four statements, whatever the batch's size.

1. *Heads*: every chain the batch uses is locked in ascending chain order (``SELECT … ORDER BY chain
   FOR UPDATE`` in a CTE on PostgreSQL; SQLite has one database write lock), its ``seq`` advanced by
   the number of entries it gets, and the ids reserved while the locks are held, so id order is
   seq order in every chain (``dancu audit verify`` walks the log in id order).
2. *Person heads*: the latest entry about each person, read under those locks (a person's entries
   all live on the person's chain, so nobody else can append about them until we commit).
3. *Insert*: one multi-row ``INSERT … RETURNING`` of the entries, hashed here from exactly the
   values inserted; the returned rows are the session's objects, so nothing is read back.
4. *New heads*: one ``UPDATE`` of every touched chain's head hash.

The four statements have one shape whatever the batch, so each is compiled once per process (and on
PostgreSQL prepared once per connection): chains, counts, people and new heads travel as bound
arrays, unnested on PostgreSQL and read with ``json_each`` from one bound JSON text on SQLite.

The hashing rules are :mod:`dancu.audit.chain`; the format is unchanged (docs/adr/0004). Each entry
also carries a keyed MAC of its hash (:mod:`dancu.audit.mac`, computed here: no statement), and the
heads a transaction moved are appended to the anchor file once it commits (:mod:`dancu.audit.anchor`,
one ``write``, no statement); see docs/adr/0015.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Executable,
    FromClause,
    Integer,
    String,
    Update,
    bindparam,
    cast,
    column,
    event,
    func,
    insert,
    literal,
    select,
    text,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from dancu.audit import anchor, config, mac
from dancu.audit import chain as rules
from dancu.audit.models import AuditChain, Event

DEFAULT_CHAINS = 64  # ADR 0004: how many writers can append at once without sharing a head
log = logging.getLogger("dancu.audit")


def chain_count() -> int:
    """How many chains writers spread over (DANCU_AUDIT_CHAINS); change it only while writes are stopped."""
    return max(1, int(os.environ.get("DANCU_AUDIT_CHAINS", DEFAULT_CHAINS)))


def chain_of(content: Mapping[str, Any], count: int) -> int:
    return rules.chain_for(content.get("subject_citizen_id"), content.get("actor_account_id"), count)


# --- Heads held by the transaction -----------------------------------------------------------------
# Tracked in ``session.info`` (cleared when the transaction ends) so that a head taken after a higher
# one, in a separate append, is logged (chain numbers only) and can be counted by tests.

HELD = "dancu_audit_chains_held"
ORDER = "dancu_audit_chain_order"


def held_chains(session: AsyncSession) -> set[int]:
    held: set[int] = session.info.setdefault(HELD, set())
    return held


def note_locks(session: AsyncSession, chains: Iterable[int]) -> None:
    held = held_chains(session)
    for chain in sorted(chains):
        if chain in held:
            continue
        if held and chain < max(held):
            log.warning("audit chain %s locked after chain %s: out of order (see ADR 0004)", chain, max(held))
        session.info.setdefault(ORDER, []).append(chain)
        held.add(chain)


# --- Heads moved, for the anchor --------------------------------------------------------------------
# Per (nested) transaction in ``session.info``; a savepoint that rolls back forgets its own, one that
# is released hands them to its parent, and the outermost commit writes them to the anchor file.

PENDING = "dancu_audit_pending_heads"
RELEASED = "dancu_audit_released_savepoints"


def note_heads(session: AsyncSession, moved: Mapping[int, tuple[int, str]]) -> None:
    sync = session.sync_session
    transaction = sync.get_nested_transaction() or sync.get_transaction()
    pending: dict[Any, dict[int, tuple[int, str]]] = sync.info.setdefault(PENDING, {})
    pending.setdefault(transaction, {}).update(moved)


@event.listens_for(Session, "after_commit")
def _anchor_heads(session: Session) -> None:
    pending = session.info.get(PENDING)
    if not pending:
        return
    savepoint = session.get_nested_transaction()
    if savepoint is not None:  # released, not yet committed
        session.info.setdefault(RELEASED, set()).add(savepoint)
        return
    moved: dict[int, tuple[int, str]] = {}
    for heads in session.info.pop(PENDING).values():
        moved |= heads
    try:
        anchor.record_heads(config.anchor_file(config.url_of(session)), moved)
    except Exception:  # the commit stands whatever happens here; say so in the log
        log.exception("audit anchor: chain heads %s not recorded", sorted(moved))


@event.listens_for(Session, "after_transaction_end")
def _forget_locks(session: Session, transaction: SessionTransaction) -> None:
    pending = session.info.get(PENDING)
    if pending is not None and transaction.nested:
        mine = pending.pop(transaction, None)
        released = session.info.get(RELEASED, set())
        if transaction in released:
            released.discard(transaction)
            if mine and transaction.parent is not None:
                pending.setdefault(transaction.parent, {}).update(mine)
    if transaction.parent is None:
        session.info.pop(HELD, None)
        session.info.pop(ORDER, None)
        session.info.pop(PENDING, None)
        session.info.pop(RELEASED, None)


# --- 1. Heads ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    """A chain's head as this transaction found it (the last seq and hash before its new entries)
    and the ids reserved, under this chain's lock, for its new entries, ascending."""

    seq: int
    hash: str
    ids: tuple[int, ...] = ()


def _postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _reserved_ids(postgresql: bool, wanted_n: ColumnElement[int]) -> ColumnElement[Any]:
    """Evaluated in RETURNING, after the row lock is taken: PostgreSQL draws the chain's ids from the
    sequence; SQLite (under its write lock) answers the highest id so far."""
    if postgresql:
        nextval = func.nextval(func.pg_get_serial_sequence("event", "id"))
        draws = select(func.array_agg(nextval)).select_from(func.generate_series(1, wanted_n))
        return draws.scalar_subquery()
    return select(func.coalesce(func.max(Event.id), 0)).scalar_subquery()


def _bump(wanted: FromClause, *, postgresql: bool) -> Update:
    """Lock the ``wanted`` chains in ascending order, advance each by its ``n``, draw the ids."""
    locked = (
        select(AuditChain.chain, wanted.c.n)
        .join(wanted, wanted.c.chain == AuditChain.chain)
        .order_by(AuditChain.chain)
        .with_for_update(of=AuditChain)  # rows are locked as the sort yields them: ascending
        .cte("locked")
    )
    reserved = _reserved_ids(postgresql, locked.c.n)
    return (
        update(AuditChain)
        .where(AuditChain.chain == locked.c.chain)
        .values(seq=AuditChain.seq + locked.c.n)
        .returning(AuditChain.chain, AuditChain.seq, AuditChain.head_hash, reserved)
    )


# Each statement has one shape whatever the batch (the chains, counts, people and hashes are bound
# arrays: unnested on PostgreSQL, one JSON text read by ``json_each`` on SQLite), so SQLAlchemy
# compiles it once per process instead of on every append (a VALUES list's literal data has no cache
# key) and PostgreSQL's driver prepares it once per connection.


def _unnest(name: str, *columns: tuple[str, Any]) -> FromClause:
    arrays = [bindparam(f"{name}_{col}", type_=ARRAY(kind)) for col, kind in columns]
    table = func.unnest(*arrays).table_valued(*(column(col, kind) for col, kind in columns))
    return table.render_derived(name=name)


def _json_rows(name: str, *columns: tuple[str, Any]) -> FromClause:
    """SQLite: the rows of the bound JSON text ``name``, an array of arrays (one per row, a value per
    column of ``columns``), as a CTE of those columns."""
    each = func.json_each(bindparam(name, type_=String)).table_valued("value")
    picked = [
        cast(func.json_extract(each.c.value, f"$[{i}]"), kind).label(c) for i, (c, kind) in enumerate(columns)
    ]
    return select(*picked).select_from(each).cte(name)


def _create(insert: Any, chains: ColumnElement[int]) -> Executable:
    """A head row (seq 0, GENESIS) for each of ``chains`` that has none. The WHERE is SQLite's: an
    ``INSERT … SELECT`` without one would read ``ON CONFLICT`` as a join's ``ON``."""
    genesis = select(chains, literal(0), bindparam("genesis", type_=String)).where(true())
    statement: Executable = (
        insert(AuditChain.__table__)
        .from_select(["chain", "seq", "head_hash"], genesis)
        .on_conflict_do_nothing()
    )
    return statement


@functools.cache
def _pg_statements() -> dict[str, Executable]:
    wanted = _unnest("wanted", ("chain", Integer), ("n", Integer))
    tips = _unnest("tips", ("chain", Integer), ("hash", String))
    created = _unnest("created", ("chain", Integer))
    return {
        "bump": _bump(wanted, postgresql=True),
        # Migration 0031: the read without a sort of each person's whole history, whatever the
        # planner estimates (one backward index probe per month).
        "people": text("SELECT sid, last FROM audit_person_heads(:people_sid)").bindparams(
            bindparam("people_sid", type_=ARRAY(Integer))
        ),
        "tips": update(AuditChain).where(AuditChain.chain == tips.c.chain).values(head_hash=tips.c.hash),
        "create": _create(pg_insert, created.c.chain),
    }


@functools.cache
def _sqlite_statements() -> dict[str, Executable]:
    people = _json_rows("people", ("sid", Integer))
    created = _json_rows("created", ("chain", Integer))
    tips = _json_rows("tips", ("chain", Integer), ("hash", String))
    return {
        "bump": _bump(_json_rows("wanted", ("chain", Integer), ("n", Integer)), postgresql=False),
        "people": select(people.c.sid, _latest_hash(people.c.sid)),
        "tips": update(AuditChain).where(AuditChain.chain == tips.c.chain).values(head_hash=tips.c.hash),
        "create": _create(sqlite_insert, created.c.chain),
    }


async def _advance(session: AsyncSession, counts: Mapping[int, int]) -> dict[int, tuple[Head, Any]]:
    pairs = sorted(counts.items())
    if _postgresql(session):
        arrays = {"wanted_chain": [c for c, _ in pairs], "wanted_n": [n for _, n in pairs]}
        rows = (await session.execute(_pg_statements()["bump"], arrays)).all()
    else:
        wanted = {"wanted": json.dumps(pairs)}
        rows = (await session.execute(_sqlite_statements()["bump"], wanted)).all()
    return {int(c): (Head(int(seq) - counts[int(c)], str(h)), ids) for c, seq, h, ids in rows}


async def _create_chains(session: AsyncSession, chains: Iterable[int]) -> None:
    if _postgresql(session):
        wanted: dict[str, Any] = {"created_chain": sorted(chains)}
        statement = _pg_statements()["create"]
    else:
        wanted = {"created": json.dumps([[chain] for chain in sorted(chains)])}
        statement = _sqlite_statements()["create"]
    await session.execute(statement, wanted | {"genesis": rules.GENESIS})


async def take_heads(session: AsyncSession, counts: Mapping[int, int]) -> dict[int, Head]:
    """Lock the chains in ``counts`` in ascending order and advance each by its count (0: only lock).

    A chain without a head row yet (first use, or N raised) gets one and is then taken. Each chain's
    ids are drawn under its own lock, so id order stays seq order in it even when a chain is taken
    in the second round (its first-round ids could already be behind another writer's)."""
    if not counts:
        return {}  # nothing to lock (e.g. a refusal or an empty result logs nobody)
    found = await _advance(session, counts)
    missing = {c: n for c, n in counts.items() if c not in found}
    if missing:
        await _create_chains(session, missing)
        found |= await _advance(session, missing)
    note_locks(session, counts)
    if _postgresql(session):
        return {
            c: Head(head.seq, head.hash, tuple(sorted(drawn or ()))) for c, (head, drawn) in found.items()
        }
    # SQLite: the database write lock is held from the first statement, so nobody inserts meanwhile.
    next_id = max(int(drawn) for _, drawn in found.values()) + 1
    heads = {}
    for chain, (head, _) in sorted(found.items()):
        heads[chain] = Head(head.seq, head.hash, tuple(range(next_id, next_id + counts[chain])))
        next_id += counts[chain]
    return heads


# --- 2. Person heads ---------------------------------------------------------------------------------


def _latest_hash(sid: ColumnElement[int]) -> ColumnElement[Any]:
    latest = select(Event.entry_hash).where(Event.subject_citizen_id == sid)
    return latest.order_by(Event.id.desc()).limit(1).scalar_subquery()


async def person_heads(session: AsyncSession, subject_ids: Iterable[int]) -> dict[int, str]:
    """Each person's latest entry hash (GENESIS when none): one index probe per person, one statement."""
    wanted = sorted(set(subject_ids))
    if not wanted:
        return {}
    if _postgresql(session):
        rows = (await session.execute(_pg_statements()["people"], {"people_sid": wanted})).all()
    else:
        rows = (
            await session.execute(
                _sqlite_statements()["people"], {"people": json.dumps([[sid] for sid in wanted])}
            )
        ).all()
    return {int(sid): str(last) if last is not None else rules.GENESIS for sid, last in rows}


async def _set_tips(session: AsyncSession, tips: Mapping[int, str]) -> None:
    """Every touched chain's new head hash, one statement."""
    if _postgresql(session):
        arrays = {"tips_chain": list(tips), "tips_hash": list(tips.values())}
        await session.execute(_pg_statements()["tips"], arrays)
        return
    await session.execute(_sqlite_statements()["tips"], {"tips": json.dumps(list(tips.items()))})


# --- 3 and 4. Hash, insert, new heads ----------------------------------------------------------------


def chain_rows(
    contents: Sequence[Mapping[str, Any]],
    chains: Sequence[int],
    *,
    heads: Mapping[int, Head],
    people: Mapping[int, str],
    keys: mac.MacKeys | None = None,
) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Pure: each entry's id, seq, links and MAC (with ``keys``) in input order; the rows and every
    chain's new head hash."""
    seqs = {chain: head.seq for chain, head in heads.items()}
    tips = {chain: head.hash for chain, head in heads.items()}
    ids = {chain: iter(head.ids) for chain, head in heads.items()}
    people = dict(people)
    rows = []
    for content, chain in zip(contents, chains, strict=True):
        seqs[chain] += 1
        subject = content.get("subject_citizen_id")
        subject_prev = None if subject is None else people[subject]
        # One dict per row, filled in place (the same keys, in the same order, as merging would give).
        full = dict(content)
        full["id"], full["chain"], full["seq"] = next(ids[chain]), chain, seqs[chain]
        digest = rules.entry_hash(full, subject_prev_hash=subject_prev, prev_hash=tips[chain])
        full["prev_hash"], full["subject_prev_hash"], full["entry_hash"] = tips[chain], subject_prev, digest
        full["mac_key"], full["entry_mac"] = keys.sign(digest) if keys is not None else (None, None)
        rows.append(full)
        tips[chain] = digest
        if subject is not None:
            people[subject] = digest
    return rows, {chain: tips[chain] for chain in heads}


async def append_many(session: AsyncSession, contents: Sequence[Mapping[str, Any]]) -> list[Event]:
    """Chain and insert ``contents`` (entry columns without id/chain/seq/hashes), in order; their rows."""
    if not contents:
        return []
    count = chain_count()
    chains = [chain_of(content, count) for content in contents]
    heads = await take_heads(session, Counter(chains))
    subjects = [c["subject_citizen_id"] for c in contents if c.get("subject_citizen_id") is not None]
    people = await person_heads(session, subjects)
    first_id = min(i for head in heads.values() for i in head.ids)
    url = config.url_of(session)
    keys = mac.ensure(config.mac_key_file(url), first_event_id=first_id)  # a stat; read when changed
    rows, tips = chain_rows(contents, chains, heads=heads, people=people, keys=keys)
    # The ids are ours, so the returned rows are put back in order here: asking the driver to keep
    # parameter order would make SQLite insert them one by one.
    # render_nulls: every row has the same columns, so a batch mixing empty and filled columns is
    # still one statement (the ORM would otherwise group rows by the columns they fill).
    added = insert(Event).returning(Event).execution_options(render_nulls=True)
    inserted = {event.id: event for event in await session.scalars(added, rows)}
    await _set_tips(session, tips)
    if config.anchor_file(url) is not None:
        note_heads(session, {row["chain"]: (row["seq"], row["entry_hash"]) for row in rows})
    return [inserted[row["id"]] for row in rows]
