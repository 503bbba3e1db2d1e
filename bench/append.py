"""Bench: the access log's group append alone, against inserting the same rows plainly, in one run.

    .venv/bin/python bench/append.py
    .venv/bin/python bench/append.py --database dancu_seed10m --group 12

The HTTP bench (bench/http_lookup.py) measures the whole lookup, where the group commit is about a
third of the CPU and the run-to-run noise on a shared machine is larger than most changes to it.
This measures the group's write alone, the way the server makes it (docs/adr/0017):

- ``--processes`` processes (two, as ``dancu serve --workers 2``), each with uvloop and one
  connection of dancu's own pool (SQLAlchemy's asyncpg codecs), appending groups of ``--group``
  read entries about random real people, one group after another, for ``--seconds``;
- **dancu**: :func:`dancu.audit.driver_append.chain_and_insert` in a transaction: the heads locked
  and advanced, the people's heads read, the entries hashed and MAC'd, inserted, committed (fsync);
- **bare**, the baseline, in turn with dancu for ``--rounds``: the same number of rows of the same
  shape inserted into a table made ``LIKE event INCLUDING ALL`` (the log's columns and indexes, no
  chain, no partitions), in a transaction, committed: what any durable write of those rows costs.
- ``VACUUM audit_chain`` before each round, as autovacuum keeps the log's head table on a
  production cluster (a bench machine may run without it).

Printed per side: entries a second, then CPU µs an entry of the processes (client) and of their
database backends (read from ``/proc``), and the ratios dancu / bare. Figures, never a gate.
The database is created, migrated, seeded with ``--citizens`` and dropped at the end unless
``--database`` names one (its log then keeps the entries written here; ``dancu audit verify``
still passes over them).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg
from own_database import drop_own_database
from sqlalchemy.engine import make_url

BARE_TABLE = "bench_append_bare"
INSERT_BARE = f"INSERT INTO {BARE_TABLE} SELECT * FROM unnest($1::{BARE_TABLE}[])"
DANCU = str(Path(sys.executable).with_name("dancu"))


def shared_arguments(description: str | None, *, seconds: float, rounds: int) -> argparse.ArgumentParser:
    """The options of the benches that drive the log's group commit from processes of their own
    (this one, bench/questions.py): the database, the processes, the rounds."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--database", help="an existing migrated and seeded database (kept)")
    parser.add_argument("--admin-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=seconds)
    parser.add_argument("--rounds", type=int, default=rounds)
    return parser


def _arguments() -> argparse.Namespace:
    parser = shared_arguments(__doc__, seconds=10, rounds=2)
    parser.add_argument("--group", type=int, default=6, help="entries a group")
    return parser.parse_args()


def _ticks(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _appender(url: str, side: str, group: int, seconds: float, people: int) -> dict[str, float]:
    from dancu.access.actor import Actor
    from dancu.audit import actions, anchor, config
    from dancu.audit.driver_append import chain_and_insert, event_records
    from dancu.db.engine import make_engine

    engine = make_engine(url)
    raw = await engine.raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    backend = await driver.fetchval("SELECT pg_backend_pid()")
    actor = Actor.system("bench/append.py")
    log_url = make_url(url)

    def contents() -> list[dict[str, Any]]:
        chosen = [random.randint(1, people) for _ in range(group)]
        return actions.read_entries(
            actor=actor, citizen_ids=chosen, fields=["pin"], purpose="bench/append.py"
        )

    numbers = iter(range(os.getpid() * 10**9, (os.getpid() + 1) * 10**9))
    seqs = iter(range(1, 2**31))

    async def one() -> None:
        batch = contents()
        if side == "dancu":  # as the server's group commit: the append, its commit, the anchor line
            async with driver.transaction():
                appended = await chain_and_insert(driver, batch, log_url)
            anchor.record_heads(config.anchor_file(log_url), appended.moved)
            return
        rows = []  # the same rows' shape, no chain: unique ids and seqs, links as plain values
        for entry in batch:
            links = {"prev_hash": "0" * 64, "entry_hash": "0" * 64}
            rows.append(
                entry | {"id": next(numbers), "chain": os.getpid() % 2**15, "seq": next(seqs)} | links
            )
        async with driver.transaction():
            await driver.execute(INSERT_BARE, event_records(rows))

    for _ in range(50):
        await one()
    client, server, started, appended = time.process_time(), _ticks(backend), time.perf_counter(), 0
    while time.perf_counter() - started < seconds:
        await one()
        appended += group
    result = {
        "entries": appended,
        "client_s": time.process_time() - client,
        "server_s": _ticks(backend) - server,
    }
    raw.close()
    await engine.dispose()
    return result


def _process(url: str, side: str, arguments: argparse.Namespace, people: int, out: Any) -> None:
    import uvloop

    uvloop.install()
    out.put(asyncio.run(_appender(url, side, arguments.group, arguments.seconds, people)))


def _round(url: str, side: str, arguments: argparse.Namespace, people: int) -> dict[str, float]:
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    workers = [
        context.Process(target=_process, args=(url, side, arguments, people, out))
        for _ in range(arguments.processes)
    ]
    for worker in workers:
        worker.start()
    results = [out.get() for _ in workers]
    for worker in workers:
        worker.join()
    entries = sum(r["entries"] for r in results)
    return {
        "entries_per_s": round(entries / arguments.seconds, 1),
        "client_us": round(1e6 * sum(r["client_s"] for r in results) / entries, 1),
        "database_us": round(1e6 * sum(r["server_s"] for r in results) / entries, 1),
    }


async def _admin(url: str, *statements: str) -> Any:
    connection = await asyncpg.connect(
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    )
    try:
        for statement in statements:
            found = await connection.fetchval(statement)
        return found
    finally:
        await connection.close()


@contextmanager
def bench_database(arguments: argparse.Namespace, prefix: str) -> Iterator[str]:
    """The URL of the database measured: ``--database``, migrated and kept; else one of its own,
    created, migrated, seeded with ``--citizens`` and dropped at the end."""
    name = arguments.database or f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    url = make_url(arguments.admin_url).set(database=name).render_as_string(hide_password=False)
    env = os.environ | {"DANCU_DATABASE_URL": url}
    if arguments.database is None:
        asyncio.run(_admin(arguments.admin_url, f'CREATE DATABASE "{name}"'))
    try:
        subprocess.run([DANCU, "db", "upgrade"], env=env, check=True, capture_output=True)
        if arguments.database is None:
            subprocess.run(
                [DANCU, "seed", "--citizens", str(arguments.citizens)],
                env=env,
                check=True,
                capture_output=True,
            )
        yield url
    finally:
        if arguments.database is None:
            asyncio.run(drop_own_database(arguments.admin_url, name))


def compared(
    rounds: dict[str, list[dict[str, float]]], *, measured: str, baseline: str, rate: str
) -> dict[str, Any]:
    """Each side's mean over its rounds, and ``measured`` against ``baseline``: the ratio of
    ``rate`` and of each CPU figure a unit of work."""
    mean = {
        side: {key: round(sum(r[key] for r in got) / len(got), 1) for key in got[0]}
        for side, got in rounds.items()
    }
    return {
        "rounds": rounds,
        "mean": mean,
        f"ratio_{rate}": round(mean[measured][rate] / mean[baseline][rate], 3),
        f"cpu_vs_{baseline}": {
            key: round(mean[measured][key] / mean[baseline][key], 2) for key in ("client_us", "database_us")
        },
    }


def main() -> None:
    arguments = _arguments()
    with bench_database(arguments, "dancu_bench_append") as url:
        people = asyncio.run(
            _admin(
                url,
                f"DROP TABLE IF EXISTS {BARE_TABLE}",
                f"CREATE TABLE {BARE_TABLE} (LIKE event INCLUDING ALL)",
                "SELECT max(id) FROM citizen",
            )
        )
        rounds: dict[str, list[dict[str, float]]] = {"bare": [], "dancu": []}
        try:
            for _ in range(arguments.rounds):
                for side in ("bare", "dancu"):
                    # As autovacuum keeps it on a production cluster (it may be off on a bench
                    # machine): a bloated head table costs the groups more (0.271 → 0.357, bench/README).
                    asyncio.run(_admin(url, "VACUUM audit_chain"))
                    rounds[side].append(_round(url, side, arguments, int(people)))
        finally:
            asyncio.run(_admin(url, f"DROP TABLE IF EXISTS {BARE_TABLE}"))
        shape = {
            "processes": arguments.processes,
            "group": arguments.group,
            "seconds_per_round": arguments.seconds,
        }
        result = shape | compared(rounds, measured="dancu", baseline="bare", rate="entries_per_s")
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
