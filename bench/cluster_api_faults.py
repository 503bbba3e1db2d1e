"""Faults on the cluster of scripts/cluster, measured through dancu's own HTTP API.

    scripts/cluster up
    .venv/bin/python bench/cluster_api_faults.py --trials 10

``dancu serve --workers 2`` runs against the cluster as an operator would run it (writes through
PgBouncer to the primary, stale-tolerant reads to the replica entry). During each trial:

- officer writes: an identity-agency officer registers births (``POST /api/v1/registry/births``),
  each 201 answer remembered with the PIN it issued;
- k1 lookups: a k1 agency looks up real seeded people (``POST /api/v1/lookup``); each 200 answer
  has had its access-log entry committed before it left (the law asks for the entry, so while no
  primary accepts writes a lookup answers 503 and discloses nothing);
- replica reads: a plain reader on the replica entry keeps asking while the primary is down.

Then the primary's postmaster is killed with SIGKILL. Patroni (``primary_start_timeout: 0``)
promotes the synchronous standby instead of restarting the old node in place; the old node rejoins
as a replica with pg_rewind. Per trial the bench prints: the new primary, the seconds from the kill
to the first registered birth after it, the longest stretch without a registered birth, how dancu
answered meanwhile (503 with Retry-After, anything else counted as a fault), whether every
acknowledged birth is in the register afterwards and every answered lookup has its log entry, and
how long the old primary took to be a streaming replica again. A planned switchover follows. At the
end ``dancu audit verify`` runs over the whole log.

Figures, never a gate: nothing here fails a test.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import secrets
import signal
import sys
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pyotp

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.identity.actions import create_officer

sys.path.insert(0, str(Path(__file__).parent))
from http_lookup import DANCU, _start, _stop, _wait_until_up

STATE = Path(os.environ.get("DANCU_CLUSTER_DIR", "/var/tmp/dancu-cluster"))
PRIMARY_URL = "postgresql+asyncpg://postgres@127.0.0.1:6432/dancu"
REPLICA_URL = "postgresql+asyncpg://postgres@127.0.0.1:6432/dancu_replica"
DIRECT_DSN = "postgresql://postgres@127.0.0.1:5440/dancu"  # HAProxy → the primary, no pooling
REPLICA_DSN = "postgresql://postgres@127.0.0.1:5450/dancu"  # HAProxy → a replica
REST_PORTS = (8441, 8442, 8443)
PASSWORD = "mat-khau-bench-cum-123"
MANDATE = ["full_name", "date_of_birth", "pin", "sex", "permanent_residence", "marital_status"]
HOAN_KIEM = {"unit_code": "00070", "unit_version": "2025"}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=10, help="kill -9 trials")
    parser.add_argument("--writers", type=int, default=3, help="concurrent officer writers")
    parser.add_argument("--readers", type=int, default=3, help="concurrent k1 lookups")
    parser.add_argument("--citizens", type=int, default=2_000, help="seeded when the register has fewer")
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--workers", type=int, default=2)
    return parser.parse_args()


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the cluster -------------------------------------------------------------------------------


def cluster() -> dict[str, Any]:
    for port in REST_PORTS:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/cluster", timeout=2) as answer:
                return dict(json.load(answer))
        except OSError:
            continue
    raise RuntimeError("no Patroni REST API answers: is scripts/cluster up?")


def members() -> dict[str, dict[str, Any]]:
    return {m["name"]: m for m in cluster()["members"]}


def leader() -> str | None:
    return next((name for name, m in members().items() if m["role"] == "leader"), None)


def postmaster_pid(node: str) -> int:
    return int((STATE / node / "data" / "postmaster.pid").read_text().split()[0])


def _healthy(nodes: dict[str, dict[str, Any]]) -> str | None:
    """The leader's name when every member follows it on its timeline with a known lag."""
    lead = next((n for n, m in nodes.items() if m["role"] == "leader"), None)
    if lead is None or len(nodes) != 3:
        return None
    timeline = nodes[lead].get("timeline")
    followers = [m for n, m in nodes.items() if n != lead]
    for member in followers:
        if member.get("state") not in ("running", "streaming") or member.get("timeline") != timeline:
            return None
        if not isinstance(member.get("lag"), int):
            return None
    return lead if any(m["role"] == "sync_standby" for m in followers) else None


async def healthy_cluster(limit: float = 180, stable: float = 5) -> str:
    """Wait until the cluster has been healthy for ``stable`` seconds; returns the leader's name.

    A node that has just come back may look like a running replica and then stop again to run
    pg_rewind; a fault injected at that moment is a second failure, not the trial's.
    """
    started = time.monotonic()
    healthy_since: float | None = None
    while time.monotonic() - started < limit:
        try:
            lead = _healthy(members())
        except RuntimeError:
            lead = None
        if lead is None:
            healthy_since = None
        elif healthy_since is None:
            healthy_since = time.monotonic()
        elif time.monotonic() - healthy_since >= stable:
            return lead
        await asyncio.sleep(0.5)
    raise RuntimeError(f"the cluster did not become healthy within {limit:.0f} s: {members()}")


async def rejoined_as_replica(node: str, since: float, limit: float = 180) -> float | None:
    """Seconds from the fault until the old primary follows the new one on its timeline."""
    while time.monotonic() - since < limit:
        lead = _healthy(members())
        if lead is not None and lead != node:
            return round(time.monotonic() - since, 1)
        await asyncio.sleep(0.5)
    return None


# --- accounts ----------------------------------------------------------------------------------


async def prepare(arguments: argparse.Namespace, run: str) -> dict[str, str]:
    """Seed when needed (``dancu seed``) and create this run's identity-agency officer and operator."""
    env = {**os.environ, "DANCU_DATABASE_URL": DIRECT_DSN.replace("postgresql://", "postgresql+asyncpg://")}
    conn = await asyncpg.connect(DIRECT_DSN)
    try:
        have = await conn.fetchval("SELECT count(*) FROM citizen")
    finally:
        await conn.close()
    if have < arguments.citizens:
        _log(f"seeding {arguments.citizens - have} citizens")
        await _run(env, "seed", "--citizens", str(arguments.citizens - have))
    secrets_by_user = {}
    engine = make_engine(DIRECT_DSN.replace("postgresql://", "postgresql+asyncpg://"))
    try:
        async with make_sessionmaker(engine)() as session:
            for username, role in (
                (f"bench.c06.{run}", OfficerRole.IDENTITY_AGENCY),
                (f"bench.ops.{run}", OfficerRole.OPERATOR),
            ):
                secrets_by_user[username] = pyotp.random_base32()
                await create_officer(
                    session,
                    username=username,
                    password=PASSWORD,
                    display_name=username,
                    role=role,
                    unit_code=None,
                    unit_version="2025",
                    actor=Actor.system("bench"),
                    totp_secret=secrets_by_user[username],
                    position=Position.HEAD,
                )
            await session.commit()
    finally:
        await engine.dispose()
    return secrets_by_user


async def _run(env: dict[str, str], *args: str) -> str:
    process = await asyncio.create_subprocess_exec(
        DANCU, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await process.communicate()
    if process.returncode:
        raise RuntimeError(f"dancu {' '.join(args)} failed:\n{out.decode()[-2000:]}")
    return out.decode()


async def login(client: httpx.AsyncClient, username: str, totp_secret: str) -> dict[str, str]:
    """Password, then the authenticator: officers pass their code, organisation staff enrol one at
    their first login (both have a second factor)."""
    answer = await client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    answer.raise_for_status()
    headers = {"Authorization": f"Bearer {answer.json()['token']}"}
    step = answer.json().get("second_factor")
    if step == "totp":
        code = {"code": pyotp.TOTP(totp_secret).now()}
        (await client.post("/api/v1/auth/second-factor", json=code, headers=headers)).raise_for_status()
    elif step == "enrol_totp":
        proof = {"secret": totp_secret, "code": pyotp.TOTP(totp_secret).now()}
        (await client.post("/api/v1/auth/totp/confirm", json=proof, headers=headers)).raise_for_status()
    return headers


async def k1_agency(client: httpx.AsyncClient, registrar: dict[str, str], run: str) -> dict[str, str]:
    organisation = {
        "name": f"Cơ quan bench cụm {run}",
        "actor_group": "k1",
        "mandate": MANDATE,
        "legal_basis": "Nghị định quy định chức năng, nhiệm vụ (bench)",
        "unit_code": "01",
        "unit_version": "2025",
        "admin": {"username": f"bench.k1.{run}", "password": PASSWORD, "display_name": "Bench k1"},
    }
    (await client.post("/api/v1/organisations", json=organisation, headers=registrar)).raise_for_status()
    return await login(client, f"bench.k1.{run}", pyotp.random_base32())


# --- the burst ---------------------------------------------------------------------------------


@dataclass
class Burst:
    run: str
    births: list[tuple[float, str]] = field(default_factory=list)  # (acknowledged at, PIN)
    lookups: list[float] = field(default_factory=list)
    replica_reads: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    stop: bool = False

    def note(self, kind: str, answer: httpx.Response | None) -> None:
        if answer is None:
            self.statuses[f"{kind}: no answer"] += 1
        elif answer.status_code == 503:
            ok = answer.headers.get("retry-after") and "problem+json" in answer.headers.get(
                "content-type", ""
            )
            self.statuses[f"{kind}: 503 {'with Retry-After' if ok else 'WITHOUT Retry-After/problem'}"] += 1
        elif answer.status_code >= 400:
            self.statuses[f"{kind}: {answer.status_code}"] += 1


def _letters(number: int) -> str:
    """A name made of letters only (the register refuses digits in names): 0 → "Anh", 1 → "Bnh"…"""
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word = "abcdefghijklmnopqrstuvwxyz"[digit] + word
        if number == 0:
            return word.capitalize() + "nh"


def birth(run: str, number: int) -> dict[str, Any]:
    place = {**HOAN_KIEM, "detail": "số 5 phố Tràng Tiền"}
    return {
        "full_name": {"family": "Nguyễn", "middle": "Cụm", "given": _letters(number)},
        "date_of_birth": "2026-10-02",
        "sex": "1",
        "place_of_birth": {**HOAN_KIEM, "detail": "Bệnh viện Phụ sản Hà Nội"},
        "birth_registration_place": HOAN_KIEM,
        "hometown": {**HOAN_KIEM, "detail": ""},
        "ethnicity": "01",
        "father": {"full_name": "Nguyễn Văn Hùng"},
        "mother": {"full_name": "Trần Thị Lan"},
        "permanent_residence": place,
        "legal_basis": "Luật Hộ tịch 2014; NĐ 70/2024 Điều 11 khoản 2",
        "dossier_number": f"KS-BENCH-{run}-{number}",
    }


async def writer(client: httpx.AsyncClient, officer: dict[str, str], burst: Burst, numbers: Any) -> None:
    while not burst.stop:
        try:
            answer = await client.post(
                "/api/v1/registry/births", json=birth(burst.run, next(numbers)), headers=officer
            )
        except httpx.HTTPError:
            burst.note("write", None)
            await asyncio.sleep(0.1)
            continue
        if answer.status_code == 201:
            burst.births.append((time.monotonic(), answer.json()["pin"]))
        else:
            burst.note("write", answer)
            await asyncio.sleep(0.1)


async def reader(
    client: httpx.AsyncClient, agency: dict[str, str], burst: Burst, subjects: list[dict[str, Any]]
) -> None:
    rng = random.Random()
    while not burst.stop:
        person = rng.choice(subjects)
        body = {
            "full_name": person["full_name"],
            "date_of_birth": str(person["dob"]),
            "pin": person["pin"],
            "purpose": f"Bench cụm {burst.run}",
            "staff_id": "BENCH-CUM",
        }
        try:
            answer = await client.post("/api/v1/lookup", json=body, headers=agency)
        except httpx.HTTPError:
            burst.note("lookup", None)
            await asyncio.sleep(0.1)
            continue
        if answer.status_code == 200:
            burst.lookups.append(time.monotonic())
        else:
            burst.note("lookup", answer)
            await asyncio.sleep(0.1)


async def replica_reader(burst: Burst) -> None:
    while not burst.stop:
        try:
            conn = await asyncpg.connect(REPLICA_DSN, timeout=2)
            try:
                await conn.fetchval("SELECT count(*) FROM citizen", timeout=2)
                burst.replica_reads.append(time.monotonic())
            finally:
                await conn.close()
        except Exception:  # the replica entry did not answer this time
            pass
        await asyncio.sleep(0.2)


async def trial(
    fault: str,
    client: httpx.AsyncClient,
    officer: dict[str, str],
    agency: dict[str, str],
    subjects: list[dict[str, Any]],
    arguments: argparse.Namespace,
    run: str,
) -> dict[str, Any]:
    old = await healthy_cluster()
    burst = Burst(run=f"{run}-{fault}-{secrets.token_hex(2)}")
    numbers = itertools.count()
    tasks = [asyncio.create_task(writer(client, officer, burst, numbers)) for _ in range(arguments.writers)]
    tasks += [asyncio.create_task(reader(client, agency, burst, subjects)) for _ in range(arguments.readers)]
    tasks.append(asyncio.create_task(replica_reader(burst)))
    await asyncio.sleep(3)
    faulted_at = time.monotonic()
    if fault == "kill":
        os.kill(postmaster_pid(old), signal.SIGKILL)
    else:
        await _patronictl("switchover", "--force")
    # Wait until births have been registered again for a while (or give up after 60 s).
    while time.monotonic() - faulted_at < 60:
        recent = [t for t, _ in burst.births if t > faulted_at + 1]
        if len(recent) >= 10:
            break
        await asyncio.sleep(0.2)
    await asyncio.sleep(2)
    burst.stop = True
    await asyncio.gather(*tasks)
    return await _figures(fault, old, burst, faulted_at)


async def _patronictl(*args: str) -> None:
    command = ["patronictl", "-c", str(STATE / "node1" / "patroni.yml"), *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.DEVNULL)
    await process.wait()


async def _figures(fault: str, old: str, burst: Burst, faulted_at: float) -> dict[str, Any]:
    after = [t for t, _ in burst.births if t > faulted_at + 0.2]
    # From the last birth acknowledged before the fault: the outage is the longest stretch without
    # an acknowledged write from there on (backends may outlive a killed postmaster for a moment).
    before = [t for t, _ in burst.births if t <= faulted_at]
    start = max(before) if before else faulted_at
    times = sorted([start] + [t for t, _ in burst.births if t > start])
    gaps = [(b - a, a, b) for a, b in itertools.pairwise(times)]
    gap, gap_start, gap_end = max(gaps) if gaps else (None, 0.0, 0.0)
    pins = [pin for _, pin in burst.births]
    answered = [t for t in burst.lookups if t <= faulted_at]
    lookup_times = sorted([max(answered, default=faulted_at)] + [t for t in burst.lookups if t > faulted_at])
    lookup_gap = max((b - a for a, b in itertools.pairwise(lookup_times)), default=None)
    conn = await asyncpg.connect(DIRECT_DSN)
    try:
        present = {
            r["pin"] for r in await conn.fetch("SELECT pin FROM citizen WHERE pin = ANY($1::text[])", pins)
        }
        logged = await conn.fetchval(
            "SELECT count(*) FROM event WHERE purpose = $1", f"Bench cụm {burst.run}"
        )
    finally:
        await conn.close()
    rejoin = await rejoined_as_replica(old, faulted_at)
    return {
        "fault": fault,
        "old_primary": old,
        "new_primary": leader(),
        "births_acknowledged": len(pins),
        "births_lost": len(set(pins) - present),
        "lookups_answered": len(burst.lookups),
        "lookups_without_log_entry": max(0, len(burst.lookups) - int(logged)),
        "seconds_to_first_write_after_fault": round(min(after) - faulted_at, 1) if after else None,
        "longest_write_gap_seconds": round(gap, 2) if gap is not None else None,
        "longest_lookup_gap_seconds": round(lookup_gap, 2) if lookup_gap is not None else None,
        "replica_reads_in_that_gap": len([t for t in burst.replica_reads if gap_start < t < gap_end]),
        "lookups_answered_in_that_gap": len([t for t in burst.lookups if gap_start < t < gap_end]),
        "answers_other_than_success": dict(burst.statuses),
        "old_primary_replica_again_seconds": rejoin,
    }


async def main() -> None:
    arguments = _arguments()
    run = secrets.token_hex(3)
    await healthy_cluster()
    totp = await prepare(arguments, run)
    conn = await asyncpg.connect(DIRECT_DSN)
    try:
        rows = await conn.fetch(
            "SELECT pin, full_name, dob FROM citizen WHERE status = 'alive' ORDER BY random() LIMIT 2000"
        )
    finally:
        await conn.close()
    subjects = [dict(r) for r in rows]
    env = {
        **os.environ,
        "DANCU_DATABASE_URL": PRIMARY_URL,
        "DANCU_DATABASE_REPLICA_URLS": REPLICA_URL,
        "DANCU_DATABASE_PGBOUNCER": "true",
        "DANCU_LOG_LEVEL": "warning",
        "DANCU_MODE": "development",  # the bench's keys are development keys
        "DANCU_RATE_LIMIT_CLIENT_PER_MINUTE": "0",  # one address asks thousands of times
        "DANCU_RATE_LIMIT_ACCOUNT_PER_MINUTE": "0",
    }
    log = Path(f"/tmp/dancu-cluster-bench-{run}.log")
    command = [DANCU, "serve", "--port", str(arguments.port), "--workers", str(arguments.workers)]
    server = _start(command, env, log)
    results: list[dict[str, Any]] = []
    try:
        _wait_until_up(arguments.port, server, log)
        limits = httpx.Limits(max_connections=arguments.writers + arguments.readers + 4)
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{arguments.port}", timeout=20, limits=limits
        ) as client:
            officer = await login(client, f"bench.c06.{run}", totp[f"bench.c06.{run}"])
            # Organisations are registered by the identity agency (NĐ 70 Điều 10 k1).
            agency = await k1_agency(client, officer, run)
            for number in range(arguments.trials):
                _log(f"kill -9 trial {number + 1}/{arguments.trials}")
                results.append(await trial("kill", client, officer, agency, subjects, arguments, run))
                print(json.dumps(results[-1], ensure_ascii=False), flush=True)
            _log("planned switchover")
            results.append(await trial("switchover", client, officer, agency, subjects, arguments, run))
            print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    finally:
        _stop(server)
    server_errors = sum(
        n
        for r in results
        for kind, n in r["answers_other_than_success"].items()
        if " 5" in kind and "503 with" not in kind
    )
    kills = [r for r in results if r["fault"] == "kill"]
    summary = {
        "kill_trials": len(kills),
        "promoted_elsewhere": sum(1 for r in kills if r["new_primary"] != r["old_primary"]),
        "births_acknowledged": sum(r["births_acknowledged"] for r in results),
        "births_lost": sum(r["births_lost"] for r in results),
        "lookups_answered": sum(r["lookups_answered"] for r in results),
        "lookups_without_log_entry": sum(r["lookups_without_log_entry"] for r in results),
        "worst_seconds_to_first_write_after_kill": max(
            (r["seconds_to_first_write_after_fault"] or 999 for r in kills), default=None
        ),
        "switchover_longest_write_gap_seconds": results[-1]["longest_write_gap_seconds"],
        "switchover_longest_lookup_gap_seconds": results[-1]["longest_lookup_gap_seconds"],
        "server_errors_other_than_503": server_errors,
        "old_primary_replica_again_worst_seconds": max(
            (r["old_primary_replica_again_seconds"] or 999 for r in kills), default=None
        ),
    }
    print(json.dumps(summary, ensure_ascii=False))
    out = await _run(
        {**os.environ, "DANCU_DATABASE_URL": DIRECT_DSN.replace("postgresql://", "postgresql+asyncpg://")},
        "audit",
        "verify",
    )
    report = json.loads(out[out.index("{") :])
    print("audit verify:", "ok" if report.get("ok") else json.dumps(report.get("problems"))[:2000])


if __name__ == "__main__":
    asyncio.run(main())
