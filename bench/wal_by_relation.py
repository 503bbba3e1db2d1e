"""Bench tool: the WAL a command makes a database write, by relation and record kind.

    .venv/bin/python bench/wal_by_relation.py --database dancu_seed10m -- \\
        wrk -t1 -c16 -d10s -s /tmp/lookup.lua http://127.0.0.1:8600

Runs the command, then reads the WAL written meanwhile with ``pg_waldump`` and sums each record's
size by the relation it touches (its name in ``--database``) and its kind ("Heap LOCK", "Btree
INSERT_LEAF", …), with how many of them carried a full-page image. Records of other databases are
left out, so other work on the server does not count; records that name no relation (commits) are
summed under "-". Needs the server's data directory (a local PostgreSQL, run as root or its owner).

How the foreign key of the log's entries to their person was found to write 75 % of a lookup's WAL
(docs/adr/0017, session 8). Figures only, never a gate.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import asyncpg

RECORD = re.compile(r"rmgr: (\S+)\s.*len \(rec/tot\):\s*\d+/\s*(\d+).*desc: (\S+)")
RELATION = re.compile(r"rel (\d+)/(\d+)/(\d+)")


async def _server(dsn: str, database: str) -> tuple[str, int, Path]:
    conn = await asyncpg.connect(dsn)
    try:
        lsn = await conn.fetchval("SELECT pg_current_wal_lsn()::text")
        oid = await conn.fetchval("SELECT oid FROM pg_database WHERE datname = $1", database)
        directory = Path(await conn.fetchval("SHOW data_directory"))
    finally:
        await conn.close()
    if oid is None:
        raise SystemExit(f"no database {database!r}")
    return str(lsn), int(oid), directory


async def _names(dsn: str) -> dict[int, str]:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("SELECT relfilenode, relname FROM pg_class WHERE relfilenode <> 0")
    finally:
        await conn.close()
    return {int(r["relfilenode"]): str(r["relname"]) for r in rows}


def _waldump() -> str:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_waldump"))
    if not found:
        raise SystemExit("pg_waldump not found under /usr/lib/postgresql")
    return str(found[-1])


def summarise(
    dump: str, oid: int, names: dict[int, str]
) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    size: Counter[tuple[str, str]] = Counter()
    count: Counter[tuple[str, str]] = Counter()
    images: Counter[tuple[str, str]] = Counter()
    for line in dump.splitlines():
        record = RECORD.search(line)
        if record is None:
            continue
        relation = RELATION.search(line)
        if relation is not None and int(relation.group(2)) != oid:
            continue  # another database's record
        name = "-" if relation is None else names.get(int(relation.group(3)), relation.group(3))
        key = (name, f"{record.group(1)} {record.group(3)}")
        size[key] += int(record.group(2))
        count[key] += 1
        images[key] += "FPW" in line
    return size, count, images


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("command", nargs=argparse.REMAINDER, help="after --: the command to run")
    arguments = parser.parse_args()
    command = arguments.command[1:] if arguments.command[:1] == ["--"] else arguments.command
    if not command:
        parser.error("give the command to run after --")
    import asyncio

    dsn = f"{arguments.server}/{arguments.database}"
    start, oid, directory = asyncio.run(_server(dsn, arguments.database))
    subprocess.run(command, check=True)
    end, _, _ = asyncio.run(_server(dsn, arguments.database))
    dump = subprocess.run(
        [_waldump(), "-p", str(directory / "pg_wal"), "-s", start, "-e", end],
        capture_output=True,
        text=True,
    ).stdout
    size, count, images = summarise(dump, oid, asyncio.run(_names(dsn)))
    total = sum(size.values())
    records = sum(count.values())
    print(f"WAL of {arguments.database} from {start} to {end}: {total:,} bytes in {records:,} records")
    for key, written in size.most_common(arguments.top):
        share = 100 * written / total if total else 0.0
        kinds = f"{count[key]:>8,} records {images[key]:>7,} full-page"
        print(f"{written:>12,} B {share:5.1f} % {kinds}  {key[0]}  {key[1]}")


if __name__ == "__main__":
    sys.exit(main())
