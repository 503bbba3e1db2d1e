"""Bench: bulk load of a synthetic population into a fresh PostgreSQL database.

    .venv/bin/python bench/seed.py --citizens 1000000

Target (product.md §4): 10 million citizens in ≤ 10 minutes. Figures are ratios against baselines
measured in the same run on the same server, so a slower or busier machine moves both alike:

* ``copy_set_rows`` — binary COPY of pre-generated ``fact_set`` rows (the load's own rows, full
  width, no generation) into an unindexed, unconstrained copy of ``fact_set``: what the server and
  driver can take of the history as stored (docs/adr/0019);
* ``copy_item_rows`` — the same history as one row per assertion, the representation before 0026
  (14 columns, into a table of that shape): the rows the load no longer writes;
* ``copy_narrow_rows`` — binary COPY of as many three-integer rows as set rows into an unindexed table.

The database is created, migrated, and dropped at the end (``--keep`` keeps it).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import json
import os
import secrets
import sys
import time
from typing import Any

import asyncpg
from own_database import admin_execute as _admin
from own_database import drop_own_database
from sqlalchemy.engine import make_url

from dancu.db.migrate import upgrade
from dancu.registry.synthetic import generate
from dancu.seed import BATCH_COLUMNS, FACT_SET_COLUMNS, asyncpg_dsn, copy_population
from dancu.seed_rows import LEGAL_BASIS, IdBases, RowBuilder, batches

TARGET_CITIZENS, TARGET_SECONDS = 10_000_000, 600
GENERATOR_CITIZENS = 100_000  # for the generator's CPU per person: steady well before this
BASELINE_CITIZENS = 60_000  # about a million assertions: long enough to be steady, short enough to repeat
ITEM_COLUMNS = ("id", "citizen_id", "item", "key", "value", "ref_id", "valid_from", "valid_to")
# The per-item table as migrations 0001–0025 left it (without its indexes and constraints).
ITEM_TABLE = """
CREATE TABLE bench_item (
  id integer, citizen_id integer, item varchar(40), key varchar(80) COLLATE "C", value jsonb,
  ref_id integer, valid_from date, valid_to date, recorded_at timestamptz, change_kind varchar(40),
  source varchar(40), verification varchar(40), legal_basis text, dossier_number varchar(60),
  reason text, event_id bigint, officer_account_id integer
)
"""


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=20_000)
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("DANCU_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL URL allowed to create and drop databases",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--database",
        help="load into this existing, migrated database (on the --admin-url server) instead of a new "
        "one; it is never dropped",
    )
    parser.add_argument(
        "--generator-only",
        action="store_true",
        help="only measure the generator's CPU per person (no database)",
    )
    arguments = parser.parse_args()
    if arguments.citizens < 1 or arguments.batch_size < 1:
        parser.error("--citizens and --batch-size must be at least 1")
    return arguments


def _samples(citizens: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The load's own history, full width, built before any clock starts: as set rows (9 + 3 columns)
    and as the per-item rows they expand to (14 columns)."""
    at = dt.datetime.now(dt.UTC)
    constants = (at, "collection", "synthetic", "verified", LEGAL_BASIS, 1)
    sets: list[tuple[Any, ...]] = []
    items: list[tuple[Any, ...]] = []
    for batch in batches(RowBuilder(IdBases()), generate(citizens, seed=99), size=citizens):
        for set_id, citizen_id, assertions in batch.sets:
            sets.append((set_id, citizen_id, assertions, *constants))
            for position, a in enumerate(json.loads(assertions)):
                value = json.dumps(a["v"], ensure_ascii=False)
                since = dt.date.fromisoformat(a["f"]) if "f" in a else None
                row = (
                    set_id * 256 + position,
                    citizen_id,
                    a["i"],
                    a.get("k", ""),
                    value,
                    a.get("r"),
                    since,
                    None,
                )
                items.append(row + constants)
    return sets, items


async def _timed_copy(conn: Any, table: str, rows: list[tuple[Any, ...]], columns: tuple[str, ...]) -> float:
    started = time.perf_counter()
    await conn.copy_records_to_table(table, records=rows, columns=columns)
    return len(rows) / (time.perf_counter() - started)


def generator_cpu(citizens: int, seed: int) -> dict[str, float]:
    """CPU microseconds per person of what the load's producer process does, stage by stage, in this
    process and on at most GENERATOR_CITIZENS people: generation (registry/synthetic.py), row building
    (seed_rows.RowBuilder) and COPY text (Batch.render). CPU time, not wall time: other work on the
    machine moves it much less than the load's phases."""
    people = min(citizens, GENERATOR_CITIZENS)
    gc_was = gc.isenabled()
    gc.disable()  # as in the producer process
    try:
        started = time.process_time()
        plans = list(generate(people, seed=seed))
        generated = time.process_time()
        built = list(batches(RowBuilder(IdBases()), iter(plans), size=20_000))
        rows = time.process_time()
        for batch in built:
            batch.render()
        rendered = time.process_time()
    finally:
        if gc_was:
            gc.enable()
    per = 1e6 / people
    figures = {
        "generate": (generated - started) * per,
        "rows": (rows - generated) * per,
        "copy_text": (rendered - rows) * per,
        "total": (rendered - started) * per,
    }
    return {"citizens": people} | {name: round(value, 2) for name, value in figures.items()}


async def baselines(url: str, citizens: int) -> dict[str, float]:
    sets, items = _samples(min(citizens, BASELINE_CITIZENS))
    narrow = [(i, i, i) for i in range(len(sets))]
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        # LIKE without INCLUDING INDEXES/CONSTRAINTS: the table's columns and nothing else.
        await conn.execute("CREATE TABLE bench_set (LIKE fact_set)")
        await conn.execute(ITEM_TABLE)
        await conn.execute("CREATE TABLE bench_narrow (a integer, b integer, c integer)")
        set_rate = await _timed_copy(conn, "bench_set", sets, FACT_SET_COLUMNS + BATCH_COLUMNS)
        item_rate = await _timed_copy(conn, "bench_item", items, ITEM_COLUMNS + BATCH_COLUMNS)
        narrow_rate = await _timed_copy(conn, "bench_narrow", narrow, ("a", "b", "c"))
        sizes = await conn.fetchrow(
            "SELECT pg_total_relation_size('bench_set') AS set_bytes, "
            "pg_total_relation_size('bench_item') AS item_bytes"
        )
        await conn.execute("DROP TABLE bench_set, bench_item, bench_narrow")
        await conn.execute("CHECKPOINT")  # the load should not pay for the baselines' dirty pages
    finally:
        await conn.close()
    people = min(citizens, BASELINE_CITIZENS)
    return {
        "sample_citizens": people,
        "sample_set_rows": len(sets),
        "sample_item_rows": len(items),
        "copy_set_rows_per_s": set_rate,
        "copy_item_rows_per_s": item_rate,
        "copy_narrow_rows_per_s": narrow_rate,
        "set_bytes_per_citizen": sizes["set_bytes"] / people,
        "item_bytes_per_citizen": sizes["item_bytes"] / people,
    }


async def load(url: str, arguments: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    last_batch = [started]

    def progress(done: int) -> None:
        last_batch[0] = time.perf_counter()
        rate = done / (last_batch[0] - started)
        print(f"  {done:>12,} citizens  {rate:>9,.0f}/s", file=sys.stderr, flush=True)

    report = await copy_population(
        url,
        citizens=arguments.citizens,
        seed=arguments.seed,
        batch_size=arguments.batch_size,
        progress=progress,
    )
    return report.as_dict() | {"copy_phase_s": last_batch[0] - started}


def summary(figures: dict[str, Any], base: dict[str, float], citizens: int) -> dict[str, Any]:
    seconds = figures["seconds"]
    sets_per_s = figures["fact_sets"] / figures["copy_phase_s"]
    extrapolated = seconds * TARGET_CITIZENS / citizens
    sets_per_citizen = figures["fact_sets"] / citizens
    items_per_citizen = base["sample_item_rows"] / base["sample_citizens"]
    return {
        "citizens": citizens,
        "seconds": round(seconds, 1),
        "copy_phase_s": round(figures["copy_phase_s"], 1),
        "rebuild_and_analyze_s": round(seconds - figures["copy_phase_s"], 1),
        "citizens_per_s": round(citizens / seconds),
        "facts": figures["facts"],
        "facts_per_citizen": round(figures["facts"] / citizens, 2),
        "fact_sets_per_citizen": round(sets_per_citizen, 2),
        "fact_sets_per_s_during_copy": round(sets_per_s),
        "rows_per_s_overall": figures["rows_per_second"],
        "baseline_copy_set_rows_per_s": round(base["copy_set_rows_per_s"]),
        "baseline_copy_item_rows_per_s": round(base["copy_item_rows_per_s"]),
        "baseline_copy_narrow_rows_per_s": round(base["copy_narrow_rows_per_s"]),
        "history_bytes_per_citizen_as_sets": round(base["set_bytes_per_citizen"]),
        "history_bytes_per_citizen_as_items": round(base["item_bytes_per_citizen"]),
        "ratio_sets_vs_set_baseline": round(sets_per_s / base["copy_set_rows_per_s"], 3),
        "ratio_rows_vs_narrow_baseline": round(
            figures["rows_per_second"] / base["copy_narrow_rows_per_s"], 3
        ),
        "extrapolated_10M_s": round(extrapolated),
        "target_10M_s": TARGET_SECONDS,
        "meets_target": extrapolated <= TARGET_SECONDS,
        # The floors set by the server alone: the history of 10 M people at each baseline's rate.
        "floor_10M_s_history_as_sets": round(
            sets_per_citizen * TARGET_CITIZENS / base["copy_set_rows_per_s"]
        ),
        "floor_10M_s_history_as_items": round(
            items_per_citizen * TARGET_CITIZENS / base["copy_item_rows_per_s"]
        ),
        # Where the load's time went: the batches (and how much of it waiting for generation), each
        # index and constraint rebuilt, ANALYZE.
        "phases_s": figures["phases"],
    }


def main() -> None:
    arguments = _arguments()
    generator = generator_cpu(arguments.citizens, arguments.seed)
    if arguments.generator_only:
        print(json.dumps({"generator_cpu_us_per_citizen": generator}, indent=2))
        return
    name = arguments.database or f"dancu_bench_{os.getpid()}_{secrets.token_hex(3)}"
    url = make_url(arguments.admin_url).set(database=name).render_as_string(hide_password=False)
    if arguments.database is None:
        asyncio.run(_admin(arguments.admin_url, f'CREATE DATABASE "{name}"'))
    try:
        upgrade(url)
        print(f"database {name}: baselines…", file=sys.stderr, flush=True)
        base = asyncio.run(baselines(url, arguments.citizens))
        print(f"loading {arguments.citizens:,} citizens…", file=sys.stderr, flush=True)
        figures = asyncio.run(load(url, arguments))
        result = summary(figures, base, arguments.citizens) | {"generator_cpu_us_per_citizen": generator}
        print(json.dumps(result, indent=2))
    finally:
        if not arguments.keep and arguments.database is None:
            asyncio.run(drop_own_database(arguments.admin_url, name))


if __name__ == "__main__":
    main()
