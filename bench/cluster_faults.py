"""Faults on the cluster of scripts/cluster: kill -9 of the primary's postmaster during a write burst,
and a planned switchover. Prints the figures.

    scripts/cluster up
    .venv/bin/python bench/cluster_faults.py --trials 10

Per kill trial: writers commit rows through PgBouncer (each acknowledged id is remembered), the
primary's postmaster is killed with SIGKILL, and the bench measures how long until a write commits
again, whether every acknowledged row is still there afterwards, whether reads on the replica entry
kept answering meanwhile, and whether the old primary is back as a running member. The switchover
trial measures the longest gap between two committed writes. At the end `dancu audit verify` runs.

The writes are plain rows in a bench table (not dancu's HTTP API): what is measured is the
database layer's promise (RPO 0 under synchronous replication, the time to a writable primary);
dancu's own answer during the gap (503 with Retry-After, then recovery) is covered by the suite.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import signal
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

# A developer machine: dancu starts without sealing keys or key passphrases (dancu.ops.startup).
os.environ.setdefault("DANCU_MODE", "development")

STATE = Path(os.environ.get("DANCU_CLUSTER_DIR", "/var/tmp/dancu-cluster"))
WRITE_DSN = "postgresql://postgres@127.0.0.1:6432/dancu"
READ_DSN = "postgresql://postgres@127.0.0.1:6432/dancu_replica"
REST_PORTS = (8441, 8442, 8443)


async def run(*command: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await process.communicate()
    return process.returncode or 0, out.decode()


def cluster() -> dict[str, object]:
    for port in REST_PORTS:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/cluster", timeout=2) as answer:
                return dict(json.load(answer))
        except OSError:
            continue
    raise RuntimeError("no Patroni REST API answers: is scripts/cluster up?")


def leader() -> str:
    members = cluster()["members"]
    assert isinstance(members, list)
    return next(m["name"] for m in members if m["role"] == "leader")


def postmaster_pid(node: str) -> int:
    return int((STATE / node / "data" / "postmaster.pid").read_text().split()[0])


@dataclass
class Burst:
    acked: list[int] = field(default_factory=list)
    write_times: list[float] = field(default_factory=list)
    reads_ok: list[float] = field(default_factory=list)
    errors: int = 0
    stop: bool = False


async def writer(burst: Burst) -> None:
    conn = None
    while not burst.stop:
        try:
            if conn is None or conn.is_closed():
                conn = await asyncpg.connect(WRITE_DSN, timeout=2, statement_cache_size=0)
            row_id = await conn.fetchval(
                "INSERT INTO bench_ack (at) VALUES (clock_timestamp()) RETURNING id", timeout=5
            )
            burst.acked.append(row_id)  # acknowledged: the commit returned
            burst.write_times.append(time.monotonic())
        except Exception:  # any failure: the write is not acknowledged; reconnect
            burst.errors += 1
            conn = None
            await asyncio.sleep(0.05)
    if conn is not None and not conn.is_closed():
        conn.terminate()


async def reader(burst: Burst) -> None:
    while not burst.stop:
        try:
            conn = await asyncpg.connect(READ_DSN, timeout=2, statement_cache_size=0)
            try:
                await conn.fetchval("SELECT count(*) FROM citizen", timeout=2)
                burst.reads_ok.append(time.monotonic())
            finally:
                await conn.close()
        except Exception:  # the replica entry did not answer this time
            pass
        await asyncio.sleep(0.1)


async def run_burst(fault: str, writers: int) -> dict[str, object]:
    burst = Burst()
    tasks = [asyncio.create_task(writer(burst)) for _ in range(writers)]
    tasks.append(asyncio.create_task(reader(burst)))
    await asyncio.sleep(2)
    old = leader()
    faulted_at = time.monotonic()
    if fault == "kill":
        os.kill(postmaster_pid(old), signal.SIGKILL)
    else:
        await run(
            "runuser",
            "-u",
            "postgres",
            "--",
            "patronictl",
            "-c",
            str(STATE / "node1" / "patroni.yml"),
            "switchover",
            "--force",
        )
    # Wait until writes have been committing again for a while (or give up after 90 s).
    while time.monotonic() - faulted_at < 90:
        now = time.monotonic()
        if now - faulted_at > 8 and burst.write_times and now - burst.write_times[-1] < 0.5:
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(2)
    burst.stop = True
    await asyncio.gather(*tasks)
    # Backends outlive a killed postmaster for a moment, so the outage is the longest stretch
    # without a commit around the fault, not the time from the kill to the next commit.
    times = sorted(t for t in burst.write_times if t >= faulted_at - 0.5)
    gaps = [(b - a, a, b) for a, b in itertools.pairwise(times)]
    gap, gap_start, gap_end = max(gaps) if gaps else (None, 0.0, 0.0)
    reads_in_gap = [t for t in burst.reads_ok if gap_start < t < gap_end]
    conn = await asyncpg.connect(WRITE_DSN, statement_cache_size=0)
    present = {
        r["id"]
        for r in await conn.fetch("SELECT id FROM bench_ack WHERE id = ANY($1::bigint[])", burst.acked)
    }
    await conn.close()
    rejoined = await wait_rejoined(old)
    return {
        "fault": fault,
        "old_primary": old,
        "new_primary": leader(),
        "acknowledged": len(burst.acked),
        "lost": len(set(burst.acked) - present),
        "longest_write_gap_seconds": round(gap, 2) if gap is not None else None,
        "replica_reads_while_no_primary": len(reads_in_gap),
        "old_primary_running_again_seconds": rejoined,
        "write_errors": burst.errors,
    }


async def wait_rejoined(node: str, limit: float = 120) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        members = {m["name"]: m for m in cluster()["members"]}  # type: ignore[union-attr]
        if members.get(node, {}).get("state") in ("running", "streaming"):
            return round(time.monotonic() - started, 1)
        await asyncio.sleep(1)
    return None


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--writers", type=int, default=8)
    args = parser.parse_args()
    conn = await asyncpg.connect(WRITE_DSN, statement_cache_size=0)
    await conn.execute("CREATE TABLE IF NOT EXISTS bench_ack (id bigserial PRIMARY KEY, at timestamptz)")
    await conn.close()
    results = [await run_burst("kill", args.writers) for _ in range(args.trials)]
    results.append(await run_burst("switchover", args.writers))
    for result in results:
        print(json.dumps(result))
    kills = [r for r in results if r["fault"] == "kill"]
    summary = {
        "kill_trials": len(kills),
        "acknowledged_writes": sum(int(r["acknowledged"]) for r in kills),  # type: ignore[call-overload]
        "lost_writes": sum(int(r["lost"]) for r in results),  # type: ignore[call-overload]
        "worst_kill_gap_seconds": max(float(r["longest_write_gap_seconds"] or 999) for r in kills),  # type: ignore[arg-type]
        "switchover_gap_seconds": results[-1]["longest_write_gap_seconds"],
    }
    print(json.dumps(summary))
    os.environ["DANCU_DATABASE_URL"] = "postgresql+asyncpg://postgres@127.0.0.1:5440/dancu"
    code, out = await run(".venv/bin/dancu", "audit", "verify")
    print("audit verify:", "ok" if code == 0 and '"ok": true' in out else out[-500:])


if __name__ == "__main__":
    asyncio.run(main())
