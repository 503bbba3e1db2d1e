"""Bench: bulk load of a synthetic population into a fresh PostgreSQL database.

    .venv/bin/python bench/seed.py --citizens 1000000

Target (product.md §4): 10 million citizens in ≤ 10 minutes. Figures are ratios against baselines
measured in the same run on the same server, so a slower or busier machine moves both alike:

* ``copy_fact_rows`` — binary COPY of pre-generated fact tuples (the load's own rows, no generation)
  into an unindexed, unconstrained copy of the fact table: what the server and driver can take;
* ``copy_narrow_rows`` — binary COPY of as many three-integer rows into an unindexed table.

The database is created, migrated, and dropped at the end (``--keep`` keeps it).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import secrets
import sys
import time
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from dancu.db.migrate import upgrade
from dancu.registry.synthetic import generate
from dancu.seed import (
    BATCH_COLUMNS,
    FACT_COLUMNS,
    LEGAL_BASIS,
    IdBases,
    RowBuilder,
    asyncpg_dsn,
    batches,
    copy_population,
)

TARGET_CITIZENS, TARGET_SECONDS = 10_000_000, 600
BASELINE_CITIZENS = 60_000  # about a million fact rows: long enough to be steady, short enough to repeat


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
    arguments = parser.parse_args()
    if arguments.citizens < 1 or arguments.batch_size < 1:
        parser.error("--citizens and --batch-size must be at least 1")
    return arguments


async def _admin(admin_url: str, statement: str) -> None:
    conn = await asyncpg.connect(asyncpg_dsn(admin_url))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def _fact_sample(citizens: int) -> list[tuple[Any, ...]]:
    """The load's own fact rows, full width (14 columns), built before any clock starts."""
    at = dt.datetime.now(dt.UTC)
    constants = (at, "collection", "synthetic", "verified", LEGAL_BASIS, 1)
    rows: list[tuple[Any, ...]] = []
    for batch in batches(RowBuilder(IdBases()), generate(citizens, seed=99), size=citizens):
        rows.extend(row + constants for row in batch.facts)
    return rows


async def _timed_copy(conn: Any, table: str, rows: list[tuple[Any, ...]], columns: tuple[str, ...]) -> float:
    started = time.perf_counter()
    await conn.copy_records_to_table(table, records=rows, columns=columns)
    return len(rows) / (time.perf_counter() - started)


async def baselines(url: str, citizens: int) -> dict[str, float]:
    rows = _fact_sample(min(citizens, BASELINE_CITIZENS))
    narrow = [(i, i, i) for i in range(len(rows))]
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        # LIKE without INCLUDING INDEXES/CONSTRAINTS: the fact table's columns and nothing else.
        await conn.execute("CREATE TABLE bench_fact (LIKE fact)")
        await conn.execute("CREATE TABLE bench_narrow (a integer, b integer, c integer)")
        fact_rate = await _timed_copy(conn, "bench_fact", rows, FACT_COLUMNS + BATCH_COLUMNS)
        narrow_rate = await _timed_copy(conn, "bench_narrow", narrow, ("a", "b", "c"))
        await conn.execute("DROP TABLE bench_fact, bench_narrow")
        await conn.execute("CHECKPOINT")  # the load should not pay for the baselines' dirty pages
    finally:
        await conn.close()
    return {
        "sample_rows": len(rows),
        "copy_fact_rows_per_s": fact_rate,
        "copy_narrow_rows_per_s": narrow_rate,
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
    facts_per_s = figures["facts"] / figures["copy_phase_s"]
    extrapolated = seconds * TARGET_CITIZENS / citizens
    return {
        "citizens": citizens,
        "seconds": round(seconds, 1),
        "copy_phase_s": round(figures["copy_phase_s"], 1),
        "rebuild_and_analyze_s": round(seconds - figures["copy_phase_s"], 1),
        "citizens_per_s": round(citizens / seconds),
        "facts": figures["facts"],
        "facts_per_citizen": round(figures["facts"] / citizens, 2),
        "facts_per_s_during_copy": round(facts_per_s),
        "rows_per_s_overall": figures["rows_per_second"],
        "baseline_copy_fact_rows_per_s": round(base["copy_fact_rows_per_s"]),
        "baseline_copy_narrow_rows_per_s": round(base["copy_narrow_rows_per_s"]),
        "ratio_facts_vs_fact_baseline": round(facts_per_s / base["copy_fact_rows_per_s"], 3),
        "ratio_rows_vs_narrow_baseline": round(
            figures["rows_per_second"] / base["copy_narrow_rows_per_s"], 3
        ),
        "extrapolated_10M_s": round(extrapolated),
        "target_10M_s": TARGET_SECONDS,
        "meets_target": extrapolated <= TARGET_SECONDS,
        # The floor set by the server alone: every fact row at the fact baseline's rate.
        "floor_10M_s_at_fact_baseline": round(
            figures["facts"] / citizens * TARGET_CITIZENS / base["copy_fact_rows_per_s"]
        ),
    }


def main() -> None:
    arguments = _arguments()
    name = f"dancu_bench_{os.getpid()}_{secrets.token_hex(3)}"
    url = make_url(arguments.admin_url).set(database=name).render_as_string(hide_password=False)
    asyncio.run(_admin(arguments.admin_url, f'CREATE DATABASE "{name}"'))
    try:
        upgrade(url)
        print(f"database {name}: baselines…", file=sys.stderr, flush=True)
        base = asyncio.run(baselines(url, arguments.citizens))
        print(f"loading {arguments.citizens:,} citizens…", file=sys.stderr, flush=True)
        figures = asyncio.run(load(url, arguments))
        print(json.dumps(summary(figures, base, arguments.citizens), indent=2))
    finally:
        if not arguments.keep:
            asyncio.run(_admin(arguments.admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
