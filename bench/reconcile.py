"""Bench: a reconciliation batch against a seeded register, with planted cases checked.

    .venv/bin/python bench/reconcile.py --citizens 200000 --rows 200000
    .venv/bin/python bench/reconcile.py --citizens 1000000 --rows 1000000

Target (product.md §4): 1,000,000 input records against 10 million citizens in ≤ 60 s. The
figure is the batch end to end — submit (parse, check, COPY into the staging table) plus the
worker comparing every chunk, writing results and logging every person compared — and the ratio
against a baseline measured in the same run on the same server:

* ``copy_and_join`` — binary COPY of the same rows, already parsed, into an unindexed table, then
  one ``SELECT`` joining them to ``pin_record`` and ``citizen`` and returning every column the
  comparison needs: what the server and the driver take for this work, with no checking, no
  comparison, no results written and nothing logged.

Planted rows (fractions of ``--rows``): wrong date of birth, wrong name, wrong sex, a name written
without marks (must still MATCH), unknown PINs, cancelled PINs (extra ``pin_record`` rows that
resolve to a person whose current PIN is another), deceased people (their projection marked dead
before the clock starts; the seeder makes nobody dead) and malformed rows. Every row's code is
checked against the code the plant implies; the bench fails loudly on any difference.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import asyncpg
from own_database import admin_execute as _admin
from own_database import drop_own_database
from sqlalchemy import select
from sqlalchemy.engine import make_url

import dancu.app  # noqa: F401  (maps every table and installs the message catalogue)
from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.access.models import Organisation
from dancu.clock import now_utc
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.db.migrate import upgrade
from dancu.jobs import worker
from dancu.jobs.models import Job, JobKind
from dancu.names import search_key
from dancu.seed import asyncpg_dsn, copy_population
from dancu.sharing.reconcile import actions
from dancu.sharing.reconcile.models import SourceFormat

# A developer machine: dancu starts without sealing keys or key passphrases (dancu.ops.startup).
os.environ.setdefault("DANCU_MODE", "development")

TARGET_ROWS, TARGET_SECONDS = 1_000_000, 60
HEADER = ["pin", "full_name", "date_of_birth", "sex", "permanent_residence_unit"]
PLANTS = {  # kind: (fraction of rows, expected code, expected fields)
    "dob": (0.02, "MISMATCH", "date_of_birth"),
    "name": (0.01, "MISMATCH", "full_name"),
    "sex": (0.01, "MISMATCH", "sex"),
    "unmarked": (0.01, "MATCH", ""),
    "unknown": (0.01, "UNKNOWN_PIN", ""),
    "cancelled": (0.005, "CANCELLED_PIN", ""),
    "dead": (0.005, "DECEASED", ""),
    "invalid": (0.005, "INVALID_ROW", ""),
}
JOIN = """
SELECT t.row_no, t.pin, t.full_name, t.date_of_birth, t.sex, t.unit_code,
       c.id, c.pin, c.full_name, c.name_search, c.dob, c.sex, c.status, c.residence_unit_code
FROM bench_input t LEFT JOIN pin_record p ON p.pin = t.pin LEFT JOIN citizen c ON c.id = p.citizen_id
"""


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--citizens", type=int, default=200_000)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk-rows", type=int, default=actions.CHUNK_ROWS)
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("DANCU_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL URL allowed to create and drop databases",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--database",
        help="an existing seeded database (not seeded, not dropped; the plants and the batch's staging "
        "rows and results are undone afterwards; --citizens is then only a label)",
    )
    parser.add_argument(
        "--kill-after-rows",
        type=int,
        default=None,
        help="run the comparison in a `dancu worker` process, kill -9 it once this many rows are "
        "committed, then let a second worker take the job over when the lease lapses (crash check)",
    )
    arguments = parser.parse_args()
    if min(arguments.citizens, arguments.rows, arguments.chunk_rows) < 1:
        parser.error("--citizens, --rows and --chunk-rows must be at least 1")
    return arguments


def _kinds(rows: int, rng: random.Random) -> list[str]:
    kinds: list[str] = []
    for kind, (fraction, _, _) in PLANTS.items():
        kinds.extend([kind] * int(rows * fraction))
    kinds.extend(["plain"] * (rows - len(kinds)))
    rng.shuffle(kinds)
    return kinds


def _row(kind: str, person: Any, n: int) -> tuple[list[str], str, str]:
    """The submitted row, its expected code and fields."""
    pin, name, dob, sex, unit = (
        person["pin"],
        person["full_name"],
        person["dob"],
        person["sex"],
        person["residence_unit_code"] or "",
    )
    expected = PLANTS.get(kind, (0, "MATCH", ""))
    if kind == "dob":  # a year earlier (29 February becomes the 28th, so the date stays valid)
        dob = f"{int(dob[:4]) - 1:04d}{dob[4:]}".replace("-02-29", "-02-28")
    elif kind == "name":
        name = f"{name} Bench"
    elif kind == "sex":
        sex = "2" if sex == "1" else "1"
    elif kind == "unmarked":
        name = search_key(name).upper()
    elif kind == "unknown":
        pin = f"999{n:09d}"
    elif kind == "cancelled":
        pin = f"998{n:09d}"
    elif kind == "invalid":
        pin = "12345"
    return [pin, name, dob, sex, unit], expected[1], expected[2]


async def prepare(
    url: str, rows: int, seed: int
) -> tuple[bytes, list[tuple[str, str]], list[tuple[Any, ...]]]:
    """The batch file, every row's expected (code, fields), and the parsed rows for the baseline."""
    rng = random.Random(seed)
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        # Rows are drawn with replacement from living people: at 10 M, from a block sample (spread
        # over the whole table) of about as many people as rows, not the whole register in memory.
        total = await conn.fetchval(
            "SELECT greatest(reltuples, 1)::bigint FROM pg_class WHERE relname = 'citizen'"
        )
        percent = min(100.0, 130.0 * rows / total)
        people = await conn.fetch(
            "SELECT id, pin, full_name, dob, sex, residence_unit_code "
            f"FROM citizen TABLESAMPLE SYSTEM ({percent}) WHERE status = 'alive'"
        )
        kinds = _kinds(rows, rng)
        chosen = [people[rng.randrange(len(people))] for _ in range(rows)]
        cancelled = [
            (f"998{n:09d}", chosen[n]["id"], now_utc()) for n, k in enumerate(kinds) if k == "cancelled"
        ]
        await conn.copy_records_to_table(
            "pin_record", records=cancelled, columns=["pin", "citizen_id", "assigned_at"]
        )
        dead = list({chosen[n]["id"] for n, k in enumerate(kinds) if k == "dead"})
        await conn.execute("UPDATE citizen SET status = 'dead' WHERE id = ANY($1::int[])", dead)
        PLANTED["pins"], PLANTED["dead"] = [pin for pin, _, _ in cancelled], dead
        # A person drawn twice may be dead for one row and alive for another: use the final state.
        dead_ids = set(dead)
        await conn.execute("ANALYZE citizen, pin_record")
    finally:
        await conn.close()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    expected, parsed = [], []
    for n, (kind, person) in enumerate(zip(kinds, chosen, strict=True)):
        values, code, fields = _row(kind, person, n)
        if person["id"] in dead_ids and code in ("MATCH", "MISMATCH"):
            code = "DECEASED"
        writer.writerow(values)
        expected.append((code, fields))
        parsed.append((n + 1, *values))
    return buffer.getvalue().encode(), expected, parsed


# What prepare() changed in the register, for --database runs to undo afterwards.
PLANTED: dict[str, list[Any]] = {"pins": [], "dead": []}


async def undo_plants(url: str, batch_id: int | None) -> None:
    """Give a kept database back as it was: the planted PINs and deaths, and the batch's staging rows
    and results (its log entries stay: the log is append-only, and they record a batch that ran)."""
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        async with conn.transaction():
            # pin_record is append-only (a trigger refuses DELETE): the bench's own invented numbers
            # are removed with triggers off for this transaction only, and nothing else.
            await conn.execute("SET LOCAL session_replication_role = replica")
            await conn.execute("DELETE FROM pin_record WHERE pin = ANY($1::text[])", PLANTED["pins"])
        await conn.execute("UPDATE citizen SET status = 'alive' WHERE id = ANY($1::int[])", PLANTED["dead"])
        if batch_id is not None:
            await conn.execute("DELETE FROM reconcile_input WHERE batch_id = $1", batch_id)
            await conn.execute("DELETE FROM reconcile_result WHERE batch_id = $1", batch_id)
        await conn.execute("ANALYZE citizen, pin_record")
    finally:
        await conn.close()


async def baseline(url: str, parsed: list[tuple[Any, ...]]) -> float:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await conn.execute(
            "CREATE TABLE bench_input (row_no integer, pin text, full_name text, "
            "date_of_birth text, sex text, unit_code text)"
        )
        started = time.perf_counter()
        await conn.copy_records_to_table(
            "bench_input",
            records=parsed,
            columns=["row_no", "pin", "full_name", "date_of_birth", "sex", "unit_code"],
        )
        await conn.execute("ANALYZE bench_input")
        joined = await conn.fetch(JOIN)
        seconds = time.perf_counter() - started
        assert len(joined) == len(parsed)
        await conn.execute("DROP TABLE bench_input")
        await conn.execute("CHECKPOINT")
    finally:
        await conn.close()
    return seconds


async def reconcile(
    url: str, content: bytes, chunk_rows: int, kill_after: int | None = None
) -> dict[str, Any]:
    engine = make_engine(url)
    sessionmaker = make_sessionmaker(engine)
    try:
        async with sessionmaker() as session:
            organisation = Organisation(
                name="Cơ quan bảo hiểm (bench)", actor_group=ActorGroup.K1,
                mandate=["full_name", "date_of_birth", "pin", "sex", "permanent_residence"],
                legal_basis="Bench", active=True, created_at=now_utc(),
            )  # fmt: skip
            session.add(organisation)
            await session.commit()
            actor = Actor(
                label="bench", group=ActorGroup.K1, channel=Channel.OTHER, organisation_id=organisation.id,
                organisation_name=organisation.name, fields=frozenset(organisation.mandate),
            )  # fmt: skip
        started = time.perf_counter()
        async with sessionmaker() as session:
            batch = await actions.submit(
                session, content, source_format=SourceFormat.CSV, purpose="Bench", staff_id=None,
                actor=actor, max_rows=10**8, chunk_rows=chunk_rows,
            )  # fmt: skip
            batch_id = batch.id
            await session.commit()
        submitted = time.perf_counter()
        crash: dict[str, Any] = {}
        if kill_after is None:
            assert await worker.run_once(sessionmaker, kinds=[JobKind.RECONCILE]) is not None
        else:
            crash = await _crash_and_resume(url, sessionmaker, batch_id, kill_after)
        finished = time.perf_counter()
    finally:
        await engine.dispose()
    return {"batch_id": batch_id, "submit_s": submitted - started, "compare_s": finished - submitted} | crash


KILL_LEASE_S = 10


def _worker_process(url: str) -> subprocess.Popen[bytes]:
    command = [str(Path(sys.executable).with_name("dancu")), "worker", "--once", "--lease", str(KILL_LEASE_S)]
    env = os.environ | {"DANCU_DATABASE_URL": url}
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def _progress(sessionmaker: Any, batch_id: int) -> tuple[str, int, int]:
    async with sessionmaker() as session:
        job = await session.scalar(
            select(Job).where(Job.kind == JobKind.RECONCILE).order_by(Job.id.desc()).limit(1)
        )
        assert job is not None
        return job.status.value, job.progress_done, job.progress_total


async def _crash_and_resume(url: str, sessionmaker: Any, batch_id: int, kill_after: int) -> dict[str, Any]:
    """A worker killed with SIGKILL mid-batch; a second one resumes from the last committed chunk."""
    first = _worker_process(url)
    while (await _progress(sessionmaker, batch_id))[1] < kill_after and first.poll() is None:  # noqa: ASYNC110 (polls another process)
        await asyncio.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    status, done, total = await _progress(sessionmaker, batch_id)
    print(f"killed the worker at {done:,}/{total:,} rows (job {status})", file=sys.stderr, flush=True)
    await asyncio.sleep(KILL_LEASE_S + 1)  # the dead worker's claim lapses; until then nobody may take it
    second = _worker_process(url)
    await asyncio.to_thread(second.wait)
    after = await _progress(sessionmaker, batch_id)
    return {"killed_at_rows": done, "status_when_killed": status, "status_after_resume": after[0]}


async def check(url: str, batch_id: int, expected: list[tuple[str, str]]) -> dict[str, Any]:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        rows = await conn.fetch(
            "SELECT row_no, code, fields FROM reconcile_result WHERE batch_id = $1 ORDER BY row_no", batch_id
        )
        subjects = await conn.fetchval(
            "SELECT count(*) FROM event_subject s JOIN event e ON e.id = s.event_id "
            "WHERE e.event_type = 'sharing.reconcile_compared' AND (e.data->>'batch_id')::int = $1",
            batch_id,
        )
    finally:
        await conn.close()
    wrong = [
        (r["row_no"], r["code"], r["fields"], expected[r["row_no"] - 1])
        for r in rows
        if (r["code"] == "INVALID_ROW" and expected[r["row_no"] - 1][0] != "INVALID_ROW")
        or (r["code"] != "INVALID_ROW" and (r["code"], r["fields"]) != expected[r["row_no"] - 1])
    ]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["code"]] = counts.get(r["code"], 0) + 1
    return {
        "results": len(rows),
        "wrong": len(wrong),
        "first_wrong": wrong[:5],
        "counts": counts,
        "logged_subjects": subjects,
    }


def summary(
    rows: int, citizens: int, timing: dict[str, Any], base_s: float, checked: dict[str, Any]
) -> dict[str, Any]:
    total = timing["submit_s"] + timing["compare_s"]
    return {
        "citizens": citizens,
        "rows": rows,
        "seconds": round(total, 1),
        "submit_s": round(timing["submit_s"], 1),
        "compare_s": round(timing["compare_s"], 1),
        "rows_per_s": round(rows / total),
        "baseline_copy_and_join_s": round(base_s, 1),
        "ratio_vs_baseline": round(base_s / total, 3),
        "extrapolated_1M_rows_s": round(total * TARGET_ROWS / rows, 1),
        "target_1M_rows_s": TARGET_SECONDS,
        "meets_target_at_this_register_size": total * TARGET_ROWS / rows <= TARGET_SECONDS,
        **checked,
    }


def main() -> None:
    arguments = _arguments()
    name = arguments.database or f"dancu_bench_{os.getpid()}_{secrets.token_hex(3)}"
    url = make_url(arguments.admin_url).set(database=name).render_as_string(hide_password=False)
    if arguments.database is None:
        asyncio.run(_admin(arguments.admin_url, f'CREATE DATABASE "{name}"'))
    batch_id = None
    try:
        upgrade(url)
        if arguments.database is None:
            print(f"database {name}: seeding {arguments.citizens:,} citizens…", file=sys.stderr, flush=True)
            asyncio.run(copy_population(url, citizens=arguments.citizens, seed=arguments.seed))
        else:
            arguments.citizens = asyncio.run(_count(url))
        print(f"planting {arguments.rows:,} rows…", file=sys.stderr, flush=True)
        content, expected, parsed = asyncio.run(prepare(url, arguments.rows, arguments.seed))
        print("baseline: COPY + join…", file=sys.stderr, flush=True)
        base_s = asyncio.run(baseline(url, parsed))
        del parsed
        print("reconciling…", file=sys.stderr, flush=True)
        timing = asyncio.run(reconcile(url, content, arguments.chunk_rows, arguments.kill_after_rows))
        batch_id = timing["batch_id"]
        checked = asyncio.run(check(url, timing["batch_id"], expected))
        print(json.dumps(summary(arguments.rows, arguments.citizens, timing, base_s, checked), indent=2))
        if checked["wrong"] or checked["results"] != arguments.rows:
            sys.exit("wrong result codes")
        if arguments.kill_after_rows is not None and timing["status_after_resume"] != "done":
            sys.exit("the resumed worker did not finish the batch")
    finally:
        if arguments.database is not None:
            asyncio.run(undo_plants(url, batch_id))
        elif not arguments.keep:
            asyncio.run(drop_own_database(arguments.admin_url, name))


async def _count(url: str) -> int:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return int(await conn.fetchval("SELECT count(*) FROM citizen"))
    finally:
        await conn.close()


if __name__ == "__main__":
    main()
