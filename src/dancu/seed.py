"""Loading a synthetic population (never real people) into the register, by two roads with one result.

* :func:`seed_population` — through the session with SQLAlchemy Core bulk inserts, on SQLite or
  PostgreSQL; the citizen rows are derived from the facts by the projection itself. Fine to ~50k.
* :func:`copy_population` — PostgreSQL only: COPY through asyncpg in batches, for millions; the rows
  are generated and rendered as COPY text in forked processes, one per shard (:mod:`dancu.seed_rows`).

Both build rows with :class:`RowBuilder`, so each person gets the same facts either way; a test
compares the two databases. IDs are allocated after the current maxima, so the same seed on the same
database state gives the same ids. Every batch records one ``POPULATION_SEEDED`` event that all its
facts point to; a person's facts from one batch are one ``fact_set`` row (docs/adr/0019).

It sits at the top, beside the app and the CLI, not in the register, as does the demonstration data
(:mod:`dancu.seed_demo`), which also creates officer accounts.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import json
import multiprocessing
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import asdict, dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.audit import anchor, config
from dancu.audit.actions import record_event
from dancu.audit.models import EventType
from dancu.audit.rawpg import pg_append
from dancu.clock import now_utc, today_vn
from dancu.enums.registry import (
    ChangeKind,
    Item,
    Source,
    Verification,
)
from dancu.registry import items, projection
from dancu.registry.history import record_view
from dancu.registry.models import ASSERTIONS_PER_SET, Citizen, FactSet, Household, PinRecord
from dancu.registry.synthetic import generate
from dancu.seed_rows import (
    LEGAL_BASIS,
    Batch,
    IdBases,
    Row,
    RowBuilder,
    batches,
    interleaved,
    sharded_batches,
)

DEFAULT_BATCH = 20_000
# A run is generated in this many shards (docs/adr/0019, "Shards"), by both roads, whatever the
# machine: the people depend on it, and the same seed must give the same people everywhere. The fast
# road gives each shard a process of its own, so generation (the load's bound with one process) runs
# on two cores beside the server's COPY.
SHARDS = 2
# For the index rebuilds after a bulk load (session-level, this transaction only): sorting 10 M keys
# in memory instead of in temporary files. The machine this is sized for has 24 GiB.
MAINTENANCE_WORK_MEM = "1GB"
Progress = Callable[[int], object]

FACT_SET_COLUMNS = ("id", "citizen_id", "assertions")
# The same for every set of a batch: the fast path leaves them to column defaults (see copy_population).
BATCH_COLUMNS = ("recorded_at", "change_kind", "source", "verification", "legal_basis", "event_id")
CITIZEN_COLUMNS = (
    "id", "pin", "family_name", "middle_name", "given_name", "full_name", "name_search", "dob", "sex",
    "status", "residence_unit_code", "residence_unit_version", "residence_province_code", "household_id",
    "created_at", "refreshed_at",
)  # fmt: skip
HOUSEHOLD_COLUMNS = ("id", "number", "created_at")
PIN_COLUMNS = ("pin", "citizen_id", "assigned_at")
# The largest ids in use, in IdBases order: new rows take the ids after them.
BASES_SQL = (
    "SELECT (SELECT coalesce(max(id), 0) FROM citizen), (SELECT coalesce(max(id), 0) FROM household), "
    "(SELECT coalesce(max(id), 0) FROM fact_set)"
)
# Explicit ids leave PostgreSQL's sequences behind (SQLite takes max(id) + 1 by itself).
SETVAL_SQL = (
    "SELECT setval(pg_get_serial_sequence('{0}', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM {0}), false)"
)


@dataclass
class SeedReport:
    citizens: int = 0
    households: int = 0
    facts: int = 0  # assertions (rows of the ``fact`` view)
    fact_sets: int = 0  # rows written: one per person and batch
    events: int = 0
    seconds: float = 0.0
    bulk: bool = False  # indexes and constraints were rebuilt after the load (empty tables)
    # Fast road only, seconds: "copy" (the batches), "waiting_for_rows" (the part of it spent waiting
    # for generation rather than the server), "rebuild <name>" per index or constraint, "analyze".
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """Rows written: citizens and their PIN records, households, fact sets, events."""
        return 2 * self.citizens + self.households + self.fact_sets + self.events

    def count(self, batch: Batch) -> None:
        citizens, households, sets = batch.sizes
        self.citizens += citizens
        self.households += households
        self.facts += batch.facts
        self.fact_sets += sets
        self.events += 1

    def as_dict(self) -> dict[str, Any]:
        seconds = self.seconds or float("inf")
        return asdict(self) | {
            "rows": self.rows,
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rows / seconds),
            "citizens_per_second": round(self.citizens / seconds),
            "phases": {name: round(value, 2) for name, value in self.phases.items()},
        }


# --- The portable road: SQLAlchemy Core through the caller's session --------------------------------


def _dicts(columns: tuple[str, ...], rows: list[Row]) -> list[dict[str, Any]]:
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _fact_sets(
    batch: Batch, event_id: int, at: dt.datetime
) -> tuple[list[dict[str, Any]], list[SimpleNamespace]]:
    """The batch's set rows, and their assertions as the ``fact`` view shows them (for the projection).
    Every value is checked against its item's validation: a template that drifts fails here."""
    kinds = (ChangeKind.COLLECTION, Source.SYNTHETIC, Verification.VERIFIED)
    constants = dict(zip(BATCH_COLUMNS, (at, *kinds, LEGAL_BASIS, event_id), strict=True))
    rows, facts = [], []
    for set_id, citizen_id, text_ in batch.sets:
        assertions = json.loads(text_)
        for position, a in enumerate(assertions):
            item, value = Item(a["i"]), a["v"]
            if items.validate(item, value) != value:
                raise ValueError(f"synthetic {item.value} value differs from its validated form: {value}")
            facts.append(
                SimpleNamespace(
                    id=set_id * ASSERTIONS_PER_SET + position,
                    citizen_id=citizen_id,
                    item=item,
                    key=a.get("k", ""),
                    value=value,
                    ref_id=a.get("r"),
                    valid_from=dt.date.fromisoformat(a["f"]) if "f" in a else None,
                    valid_to=dt.date.fromisoformat(a["t"]) if "t" in a else None,
                    recorded_at=at,
                )
            )
        rows.append({"id": set_id, "citizen_id": citizen_id, "assertions": assertions} | constants)
    return rows, facts


def _projected(batch: Batch, facts: list[SimpleNamespace]) -> list[dict[str, Any]]:
    """Citizen rows as the projection derives them from the facts (the reference for the fast path)."""
    by_citizen: dict[int, list[SimpleNamespace]] = {}
    for fact in facts:
        by_citizen.setdefault(fact.citizen_id, []).append(fact)
    valid_on, known_at = today_vn(), now_utc()
    rows = []
    for row in batch.citizens:
        citizen = Citizen(id=row[0], pin=row[1], created_at=row[14], refreshed_at=row[15])
        view = record_view(by_citizen[row[0]], valid_on=valid_on, known_at=known_at)
        projection.apply_view(citizen, view)
        rows.append({column: getattr(citizen, column) for column in CITIZEN_COLUMNS})
    return rows


async def seed_population(
    session: AsyncSession,
    *,
    citizens: int,
    seed: int,
    actor: Actor,
    batch_size: int = DEFAULT_BATCH,
    focus_commune: str | None = None,
    focus_households: int = 0,
    extra_event_data: dict[str, Any] | None = None,
    shards: int = SHARDS,
) -> SeedReport:
    """Write ``citizens`` synthetic people in the caller's transaction (flushes, never commits)."""
    started = time.perf_counter()
    pending = sharded_batches(
        IdBases(*(await session.execute(text(BASES_SQL))).one()),
        citizens=citizens,
        seed=seed,
        shards=shards,
        size=batch_size,
        taken_pins=frozenset(await session.scalars(select(PinRecord.pin))),
        focus_commune=focus_commune,
        focus_households=focus_households,
    )
    report = SeedReport()
    for batch in pending:
        data = batch.event_data(seed) | (extra_event_data or {})
        event = await record_event(session, EventType.POPULATION_SEEDED, actor=actor, data=data)
        sets, facts = _fact_sets(batch, event.id, event.occurred_at)
        # On the connection, not the session: Core executemany, not the ORM's per-row bulk path.
        conn = await session.connection()
        await conn.execute(insert(Household), _dicts(HOUSEHOLD_COLUMNS, batch.households))
        await conn.execute(insert(Citizen), _projected(batch, facts))
        await conn.execute(insert(PinRecord), _dicts(PIN_COLUMNS, batch.pins))
        await conn.execute(insert(FactSet), sets)
        report.count(batch)
    if session.get_bind().dialect.name == "postgresql":
        for table in ("citizen", "household", "fact_set"):
            await session.execute(text(SETVAL_SQL.format(table)))
    report.seconds = time.perf_counter() - started
    return report


# --- The fast road: COPY on PostgreSQL -----------------------------------------------------------

BULK_TABLES = ("citizen", "pin_record", "fact_set")
_EMPTY_SQL = "SELECT NOT EXISTS (SELECT FROM citizen) AND NOT EXISTS (SELECT FROM fact_set)"


def asyncpg_dsn(url: str) -> str:
    """A SQLAlchemy URL ("postgresql+asyncpg://…") as asyncpg wants it; refuses other engines."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.split("+")[0] not in ("postgresql", "postgres"):
        raise ValueError("the fast loader needs a PostgreSQL database URL")
    return f"postgresql://{rest}"


def _literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


class _Bulk:
    """Empty tables load several times faster without their secondary indexes and constraints: every
    foreign key is checked row by row, while re-adding it checks the whole table in one join. They are
    dropped and rebuilt from the catalogue's own definitions, inside the load's transaction, so a failed
    load leaves the schema as it was."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.restore: list[str] = []

    async def detach(self) -> None:
        constraints = await self.conn.fetch(
            # contype is "char": asyncpg gives bytes unless it is cast to text.
            "SELECT conrelid::regclass::text AS tbl, quote_ident(conname) AS name, contype::text AS contype, "
            "pg_get_constraintdef(oid) AS def "
            "FROM pg_constraint WHERE conrelid = ANY($1::regclass[]) AND contype IN ('c', 'f', 'u') "
            "ORDER BY contype, conname",
            BULK_TABLES,
        )
        indexes = await self.conn.fetch(
            "SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def FROM pg_index i "
            "WHERE indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')) ORDER BY 1",
            BULK_TABLES,
        )
        for row in constraints:  # checks ('c'), then foreign keys ('f'), are dropped before unique keys
            await self.conn.execute(f"ALTER TABLE {row['tbl']} DROP CONSTRAINT {row['name']}")
        for row in indexes:
            await self.conn.execute(f"DROP INDEX {row['name']}")
        self.restore = [row["def"] for row in indexes] + [
            f"ALTER TABLE {row['tbl']} ADD CONSTRAINT {row['name']} {row['def']}{_unchecked(row['contype'])}"
            for row in sorted(constraints, key=lambda r: r["contype"] == "f")  # unique before foreign
        ]

    async def set_fact_defaults(self, constants: dict[str, object]) -> None:
        # Columns equal for a whole batch become defaults for its COPY: the client then encodes 3
        # columns per person instead of 9.
        clauses = ", ".join(f"ALTER COLUMN {c} SET DEFAULT {_literal(v)}" for c, v in constants.items())
        await self.conn.execute(f"ALTER TABLE fact_set {clauses}")

    async def reattach(self, phases: dict[str, float]) -> None:
        await self.conn.execute(
            "ALTER TABLE fact_set " + ", ".join(f"ALTER COLUMN {c} DROP DEFAULT" for c in BATCH_COLUMNS)
        )
        # Index builds sort, and foreign-key checks hash-join the whole table: give both room in memory.
        await self.conn.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
        await self.conn.execute("SET LOCAL work_mem = '256MB'")
        for statement in self.restore:
            started = time.perf_counter()
            await self.conn.execute(statement)
            phases[f"rebuild {_restored_name(statement)}"] = time.perf_counter() - started


def _unchecked(contype: str) -> str:
    """A CHECK comes back NOT VALID: enforced on every later row, not re-evaluated over the loaded
    ones, which :class:`RowBuilder` made to satisfy it (the one check, fact_set's assertions per set,
    parses each row's JSON: a minute at 10 M). ``ALTER TABLE … VALIDATE CONSTRAINT`` proves it later
    without blocking writers."""
    return " NOT VALID" if contype == "c" else ""


async def _once(data: bytes) -> AsyncIterator[bytes]:
    """COPY data for asyncpg, which takes a bare ``bytes`` for a file name."""
    yield data


def _restored_name(statement: str) -> str:
    """The index or constraint a restore statement makes ("CREATE [UNIQUE] INDEX x ON …", "… ADD
    CONSTRAINT x …")."""
    words = statement.split()
    anchor = "CONSTRAINT" if "CONSTRAINT" in words else "INDEX"
    return words[words.index(anchor) + 1]


@dataclass
class _Copier:
    """One fast load on one connection: batches in, one event each, rows through COPY (text)."""

    conn: Any
    seed: int
    actor_label: str
    bulk: _Bulk | None = None
    url: str | None = None  # the database's, which locates its audit MAC key (dancu.audit.config)
    moved: dict[int, tuple[int, str]] = field(default_factory=dict)  # the log's heads, for the anchor

    async def prepare(self) -> tuple[IdBases, frozenset[str]]:
        """Lock out other writers (ids follow the maxima), then go the bulk way if the tables are empty."""
        await self.conn.execute("LOCK TABLE household, citizen, pin_record, fact_set IN EXCLUSIVE MODE")
        if await self.conn.fetchval(_EMPTY_SQL):
            self.bulk = _Bulk(self.conn)
            await self.bulk.detach()
            return IdBases(), frozenset()
        taken = frozenset(r["pin"] for r in await self.conn.fetch("SELECT pin FROM pin_record"))
        return IdBases(*await self.conn.fetchrow(BASES_SQL)), taken

    async def copy(self, batch: Batch) -> None:
        conn, at = self.conn, now_utc()
        event_id = await pg_append(
            conn,
            {
                "occurred_at": at,
                "event_type": EventType.POPULATION_SEEDED,
                "actor_label": self.actor_label,
                "actor_group": ActorGroup.OFFICER,
                "channel": Channel.CLI,
                "data": batch.event_data(self.seed),
            },
            url=self.url,
            moved=self.moved,
        )
        kinds = (ChangeKind.COLLECTION.value, Source.SYNTHETIC.value, Verification.VERIFIED.value)
        constants: Row = (at, *kinds, LEGAL_BASIS, event_id)
        texts = batch.copy_text or batch.render()  # rendered here when no producer process did it
        for table, table_columns in (
            ("household", HOUSEHOLD_COLUMNS), ("citizen", CITIZEN_COLUMNS), ("pin_record", PIN_COLUMNS)
        ):  # fmt: skip
            data = texts[table]
            await conn.copy_to_table(table, source=_once(data), columns=table_columns, format="text")
        lines = texts["fact_set"]
        if self.bulk is not None:
            await self.bulk.set_fact_defaults(dict(zip(BATCH_COLUMNS, constants, strict=True)))
            columns: tuple[str, ...] = FACT_SET_COLUMNS
        else:  # the batch's constants at the end of every line (no defaults: others may be writing)
            suffix = "".join(f"\t{value.isoformat() if value is at else value}" for value in constants)
            lines = lines.replace(b"\n", suffix.encode() + b"\n")
            columns = FACT_SET_COLUMNS + BATCH_COLUMNS
        await conn.copy_to_table("fact_set", source=_once(lines), columns=columns, format="text")

    async def load(self, pending: Iterator[Batch], progress: Progress | None) -> SeedReport:
        """Copy batch k while a worker thread builds batch k+1: the thread runs whenever the event loop
        waits for the server, so Python (generation) and PostgreSQL (parsing, inserting) overlap."""
        report = SeedReport(bulk=self.bulk is not None)
        started, waited = time.perf_counter(), 0.0
        upcoming = asyncio.ensure_future(asyncio.to_thread(next, pending, None))
        while True:
            wait_from = time.perf_counter()
            batch = await upcoming
            waited += time.perf_counter() - wait_from
            if batch is None:
                break
            upcoming = asyncio.ensure_future(asyncio.to_thread(next, pending, None))
            try:
                await self.copy(batch)
            except BaseException:
                upcoming.cancel()
                raise
            report.count(batch)
            if progress is not None:
                progress(report.citizens)
        report.phases |= {"copy": time.perf_counter() - started, "waiting_for_rows": waited}
        return report


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    # A load makes millions of small acyclic objects; the cyclic collector would walk them over and
    # over (measured: half the Python time). Reference counting still frees everything.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class _Run:
    """What every shard of a run is generated from."""

    bases: IdBases
    taken: frozenset[str]
    citizens: int
    seed: int
    size: int
    shards: int


def _produce(sender: Any, run: _Run, shard: int) -> None:
    """In a producer process: every batch of one shard, then None (or the exception that stopped it)."""
    gc.disable()  # as in the loader (_no_cyclic_gc), for the same reason
    try:
        plans = generate(run.citizens, seed=run.seed, taken_pins=run.taken, shard=shard, shards=run.shards)
        for batch in batches(RowBuilder(run.bases), plans, size=run.size):
            batch.render()
            sender.send(batch)
        sender.send(None)
    except BaseException as exc:  # the loader re-raises it
        sender.send(exc)
    finally:
        sender.close()


def _received(receiver: Any) -> Iterator[Batch]:
    while True:
        try:
            item = receiver.recv()
        except EOFError:
            raise RuntimeError("the seed's row producer stopped without finishing") from None
        if item is None:
            return
        if isinstance(item, BaseException):
            raise item
        yield item


@contextlib.contextmanager
def _produced(run: _Run) -> Iterator[Iterator[Batch]]:
    """The batches, each shard generated in a forked process of its own where the platform can fork.

    Generation is most of the load's Python time, and a thread shares the loader's interpreter lock
    with the encoding of the rows for COPY; processes run beside both, one shard each, and on a
    machine other work keeps busy the scheduler gives each a share of its own. Each pipe holds about
    one batch, so a producer runs at most two batches ahead. The loader takes the shards' batches in
    turn (:func:`interleaved`): the rows and their order are the same as in-process (same generator,
    same ids); only where they are computed changes."""
    common = {"citizens": run.citizens, "seed": run.seed, "shards": run.shards, "size": run.size}
    if "fork" not in multiprocessing.get_all_start_methods():
        yield sharded_batches(run.bases, taken_pins=run.taken, **common)
        return
    context = multiprocessing.get_context("fork")
    receivers, producers = [], []
    try:
        for shard in range(run.shards):
            receiver, sender = context.Pipe(duplex=False)
            receivers.append(receiver)
            producer = context.Process(
                target=_produce, args=(sender, run, shard), name=f"dancu-seed-rows-{shard}", daemon=True
            )
            producer.start()
            producers.append(producer)
            sender.close()  # the child's end: EOF here if the child dies
        yield interleaved([_received(receiver) for receiver in receivers])
    finally:
        for receiver in receivers:
            receiver.close()
        for producer in producers:
            if producer.is_alive():
                producer.terminate()
            producer.join()


async def copy_population(
    url: str,
    *,
    citizens: int,
    seed: int,
    progress: Progress | None = None,
    batch_size: int = DEFAULT_BATCH,
    actor_label: str = "system:seed",
    shards: int = SHARDS,
) -> SeedReport:
    """Load ``citizens`` synthetic people into the PostgreSQL database at ``url`` and commit.

    One transaction: a failure leaves nothing behind. Into empty tables it is a bulk load (see
    :class:`_Bulk`); otherwise rows go in with every constraint checked. ``progress`` is called with
    the number of citizens written so far. ANALYZE runs after the commit.
    """
    import asyncpg  # only this road needs the driver directly

    started = time.perf_counter()
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        with _no_cyclic_gc():
            async with conn.transaction():
                copier = _Copier(conn, seed, actor_label, url=url)
                bases, taken = await copier.prepare()
                run = _Run(bases, taken, citizens, seed, batch_size, shards)
                with _produced(run) as pending:
                    report = await copier.load(pending, progress)
                if copier.bulk is not None:
                    await copier.bulk.reattach(report.phases)
                for table in ("citizen", "household", "fact_set"):
                    await conn.execute(SETVAL_SQL.format(table))
        # Committed: the log's heads it moved go to the anchor, as after any commit that logged.
        anchor.record_heads(config.anchor_file(make_url(url)), copier.moved)
        analyzed = time.perf_counter()
        await conn.execute("ANALYZE household, citizen, pin_record, fact_set, event")
        report.phases["analyze"] = time.perf_counter() - analyzed
    finally:
        await conn.close()
    report.seconds = time.perf_counter() - started
    return report
