"""Bench: the k1 lookup over real HTTP, against a bare FastAPI + asyncpg endpoint, in the same run.

    .venv/bin/python bench/http_lookup.py --citizens 100000
    .venv/bin/python bench/http_lookup.py --citizens 1000000 --seconds 30

What a sceptic would ask for (issue 11, point 1):

- a fresh PostgreSQL database, migrated and seeded with ``dancu db upgrade`` and ``dancu seed
  --citizens N`` (the commands an operator runs);
- ``dancu serve --workers 2`` (uvicorn, two worker processes) and, served the same way
  (``dancu.web.serving.serve``, the same workers and log level), ``bench/bare_lookup.py``:
  FastAPI + asyncpg reading the same ``citizen`` row by PIN from the same database, its pool
  giving connections back without asyncpg's reset round trip, as dancu's pool does
  (``BARE_POOL_RESET=1`` in the environment restores the reset, the baseline before session 9);
- both loaded over TCP by Debian's ``wrk`` (installed with apt when missing), 32 connections, with
  a Lua script posting the same JSON bodies of random real subjects (PIN, name, date of birth);
  dancu's requests carry the bearer token of a k1 agency registered as ``bench/lookup.py`` does;
- the two are measured in turns (bare, dancu, bare, dancu … for ``--rounds``) after a warm-up each,
  so a change in the machine's load moves both; ``VACUUM audit_chain`` before each round, as
  autovacuum keeps the log's head table on a production cluster (a bench machine may run without);
- printed per endpoint: throughput, p50, p99, non-2xx count, socket errors and each worker
  process's resident memory after the load; per round, how many of the connections each worker
  holds (a keep-alive connection stays with the worker that accepted it, and the split differs
  from round to round); then the ratio dancu / bare and the load average;
- per round, what the database server wrote for it (``bench/server_wal.py``: WAL bytes and
  full-page images a request, checkpoints begun and the buffers they wrote), and once the server's
  write-path settings (``max_wal_size``, ``checkpoint_timeout``, ``synchronous_commit`` …);
- finally ``dancu audit verify`` over the whole log, every lookup's entry included.

Each dancu worker keeps a caller's actor for two seconds (``DANCU_AUTH_CACHE_SECONDS``), so an
agency's token is read about once every two seconds, and with ``--endpoint own-api`` each of the
``--citizen-logins`` citizens about once in their turns. A citizen opening the identity app brings a
session no worker keeps: ``--cold-sessions`` measures that case (a kept actor lapses after 1 ms, so
every own-record request reads its session). The JSON names the setting the servers ran with.

Figures, never a gate: nothing here fails a test. The database is dropped at the end, with the log
evidence dancu kept for it outside the database (``bench/own_database.py``; ``--keep`` keeps both).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from dancu.seed import asyncpg_dsn
from dancu.settings import Settings

sys.path.insert(0, str(Path(__file__).parent))
from citizen_logins import citizen_tokens
from lookup import _admin, agency_headers, real_subjects
from own_database import drop_own_database
from server_wal import server_settings, wal_per_round, wal_snapshot

# A developer machine: dancu starts without sealing keys or key passphrases (dancu.ops.startup).
os.environ.setdefault("DANCU_MODE", "development")

BENCH = Path(__file__).parent
DANCU = str(Path(sys.executable).with_name("dancu"))
PURPOSE = "Đo hiệu năng tra cứu qua HTTP"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=20, help="measured seconds per endpoint and round")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of load before measuring")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (both servers)")
    parser.add_argument("--subjects", type=int, default=5_000, help="distinct real people asked about")
    parser.add_argument("--port", type=int, default=8100, help="dancu; the bare one: the next")
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("DANCU_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--database", help="an existing seeded database to measure (kept; --citizens is then only a label)"
    )
    parser.add_argument("--no-verify", action="store_true", help="skip dancu audit verify at the end")
    parser.add_argument(
        "--endpoint",
        choices=("lookup", "batch", "verify", "own", "own-api"),
        default="lookup",
        help="the k1 lookup, its batch of 100 (compared as people answered a second with bare reads), "
        "the k1 agency's yes/no verification (identity_match, the probing limits raised), or a "
        "citizen's own record in the identity app (GET /app, a login per citizen: --citizen-logins), or the "
        "same record as the app's JSON API answers it (own-api: GET /api/v1/eid/me/record)",
    )
    parser.add_argument(
        "--citizen-logins", type=int, default=300, help="--endpoint own: citizens given an e-ID and a login"
    )
    parser.add_argument(
        "--cold-sessions",
        action="store_true",
        help="each dancu worker keeps a caller's actor 1 ms instead of 2 s (DANCU_AUTH_CACHE_SECONDS=0.001: "
        "the hot path still taken), so a citizen's own-record request reads its login session, as a "
        "citizen opening the identity app does in service",
    )
    return parser.parse_args()


# --cold-sessions: a kept actor lapses after 1 ms (0 would turn the hot path off).
COLD_SESSION_SECONDS = "0.001"


def auth_cache_seconds(env: dict[str, str]) -> float:
    """How long dancu's workers keep a caller's actor, as they read it: the environment's setting,
    else dancu's own default (never restated here)."""
    if "DANCU_AUTH_CACHE_SECONDS" in env:
        return float(env["DANCU_AUTH_CACHE_SECONDS"])
    return float(Settings.model_fields["auth_cache_seconds"].default)


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    _log("wrk is missing: apt-get install -y wrk")
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("wrk") or "wrk"


def _dancu(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([DANCU, *args], env=env, capture_output=True, text=True, check=True)


# --- the servers -------------------------------------------------------------------------------


def bare_command(app: str, *, port: int, workers: str) -> list[str]:
    """A bare baseline app (``module:app`` in bench/) served exactly as ``dancu serve`` serves dancu:
    the same uvicorn set-up (dancu.web.serving), workers and log level; PYTHONPATH must hold bench/."""
    code = (
        "from dancu.web.serving import serve; "
        f"serve({app!r}, host='127.0.0.1', port={port}, workers={int(workers)}, log_level='info')"
    )
    return [sys.executable, "-c", code]


def bench_path(env: dict[str, str]) -> dict[str, str]:
    return env | {"PYTHONPATH": os.pathsep.join(filter(None, [str(BENCH), env.get("PYTHONPATH", "")]))}


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _wait_until_up(port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited:\n{log.read_text()[-3000:]}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.5)
    raise RuntimeError(f"server on port {port} did not answer within {timeout:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def worker_rss_mib(server: subprocess.Popen[bytes]) -> list[float]:
    """Resident memory of each worker process (the server's children, not multiprocessing's tracker)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            if b"resource_tracker" in command:
                continue
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
        sizes.append(round(kib / 1024, 1))
    return sizes


# --- CPU per request -------------------------------------------------------------------------

TICK_US = 1e6 / os.sysconf("SC_CLK_TCK")


def _ticks(pid: int) -> int | None:
    """utime + stime of a process (fields 14 and 15 of /proc/PID/stat), None once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return int(fields[11]) + int(fields[12])


def _workers(server: subprocess.Popen[bytes]) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


async def _backends(url: str) -> list[int]:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        rows = await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await conn.close()
    return [row["pid"] for row in rows]


def cpu_snapshot(server: subprocess.Popen[bytes], url: str) -> dict[str, dict[int, int]]:
    """The CPU ticks so far of the server's worker processes and of the database's backends."""
    taken: dict[str, dict[int, int]] = {"workers": {}, "database": {}}
    for kind, pids in (("workers", _workers(server)), ("database", asyncio.run(_backends(url)))):
        for pid in pids:
            if (ticks := _ticks(pid)) is not None:
                taken[kind][pid] = ticks
    return taken


def cpu_per_request(
    before: dict[str, dict[int, int]], after: dict[str, dict[int, int]], requests: int
) -> dict[str, float]:
    """µs of CPU per request, server workers and database backends apart. A backend opened during
    the load counts whole; one closed during it is lost (the pool keeps its connections)."""
    out = {}
    for kind in ("workers", "database"):
        spent = sum(ticks - before[kind].get(pid, 0) for pid, ticks in after[kind].items())
        out[f"{kind}_us"] = round(spent * TICK_US / max(requests, 1), 1)
    return out


def machine_ticks() -> tuple[int, int, int]:
    """The machine's CPU ticks so far, all CPUs: (busy, everything, stolen by the hypervisor), from
    the first line of /proc/stat (busy: everything but idle, I/O wait and the stolen ticks, which
    are counted apart)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle, iowait, steal = values[3], values[4], values[7] if len(values) > 7 else 0
    total = sum(values[:8])
    return total - idle - iowait - steal, total, steal


def machine_share(
    before: tuple[int, int, int],
    after: tuple[int, int, int],
    measured_us: float,
    load_us: float,
) -> dict[str, float]:
    """What the machine did during a round, in % of all its CPUs: busy, stolen by the hypervisor,
    and **outside**: busy with anything but the measured server's workers and database backends
    (``measured_us``) and the load generator (``load_us``) — another tenant's process, a stray
    job, or the database's background writers. A round with a large outside share was measured on
    a machine doing something else as well; its ratio says less."""
    busy, total, steal = (a - b for a, b in zip(after, before, strict=True))
    total_us = max(total, 1) * TICK_US
    outside = max(busy * TICK_US - measured_us - load_us, 0.0)
    return {
        "busy_pct": round(100 * busy * TICK_US / total_us, 1),
        "steal_pct": round(100 * steal * TICK_US / total_us, 1),
        "outside_pct": round(100 * outside / total_us, 1),
    }


def children_cpu_us() -> float:
    """CPU of this process's finished children (the load generator's runs), in µs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1e6


# --- the load ----------------------------------------------------------------------------------

_LUA = """
local bodies = {
%(bodies)s
}
local path = "%(path)s"
local headers = { ["Content-Type"] = "application/json"%(auth)s }
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(seed * 7919 + os.time())
  non2xx = 0
end

%(request)s

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  io.write(string.format(
    'WRK_JSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, "non2xx": %%d, ' ..
    '"connect_errors": %%d, "read_errors": %%d, "write_errors": %%d, "timeouts": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), bad,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
"""


BATCH = 100  # people per batch request (the API's limit)

# --endpoint own: each "body" is a citizen's bearer token; the request is that citizen's GET.
_GET_AS = """function request()
  local own = { ["Authorization"] = "Bearer " .. bodies[math.random(#bodies)] }
  return wrk.format("GET", path, own, nil)
end"""

_POST = """function request()
  return wrk.format("POST", path, headers, bodies[math.random(#bodies)])
end"""


def _key(person: dict[str, Any]) -> dict[str, Any]:
    return {"full_name": person["full_name"], "date_of_birth": str(person["dob"]), "pin": person["pin"]}


def lua_script(
    path: str,
    subjects: list[dict[str, Any]],
    bearer: str | None,
    *,
    batch: bool = False,
    verify: bool = False,
) -> str:
    """The wrk script posting random bodies: one person each, or (``batch``) 100 people each, drawn
    from ``subjects`` in turn (as many bodies as there are subjects / 10, at least 50); ``verify``:
    the yes/no question "is this the holder of the PIN" about one person each."""
    documents: list[dict[str, Any]] = []
    if batch:
        for start in range(max(50, len(subjects) // 10)):
            group = [_key(subjects[(start * 37 + i) % len(subjects)]) for i in range(BATCH)]
            documents.append({"subjects": group, "purpose": PURPOSE, "staff_id": "BENCH-HTTP"})
    elif verify:
        documents = [
            {"question": "identity_match"} | _key(p) | {"purpose": PURPOSE, "staff_id": "BENCH-HTTP"}
            for p in subjects
        ]
    else:
        documents = [_key(p) | {"purpose": PURPOSE, "staff_id": "BENCH-HTTP"} for p in subjects]
    bodies = ["  [==[" + json.dumps(body, ensure_ascii=False) + "]==]," for body in documents]
    auth = f', ["Authorization"] = "{bearer}"' if bearer else ""
    return _LUA % {"bodies": "\n".join(bodies), "path": path, "auth": auth, "request": _POST}


def own_script(path: str, tokens: list[str]) -> str:
    """The wrk script of ``--endpoint own``: each request a random citizen's GET of their own page."""
    bodies = [f'  "{token}",' for token in tokens]
    return _LUA % {"bodies": "\n".join(bodies), "path": path, "auth": "", "request": _GET_AS}


def connections_per_worker(port: int) -> list[int]:
    """How many of the load's connections each server process holds now, most first (``ss``): the
    kernel hands each new connection to whichever worker accepts first, and a keep-alive
    connection stays with it, so a round's split is fixed when wrk connects."""
    out = subprocess.run(
        ["ss", "-Htnp", "state", "established", f"( sport = :{port} )"], capture_output=True, text=True
    ).stdout
    counts: dict[str, int] = {}
    for line in out.splitlines():
        for part in line.split("pid=")[1:]:
            pid = part.split(",")[0]
            counts[pid] = counts.get(pid, 0) + 1
    return sorted(counts.values(), reverse=True)


def _sampled_later(seconds: float, sample: Any) -> dict[str, Any]:
    """``sample()`` taken ``seconds`` from now on a thread, its result under "value" once done."""
    taken: dict[str, Any] = {}
    timer = threading.Timer(seconds, lambda: taken.__setitem__("value", sample()))
    timer.daemon = True
    timer.start()
    return taken


def run_wrk(wrk: str, script: Path, port: int, arguments: argparse.Namespace, seconds: int) -> dict[str, Any]:
    command = [
        wrk,
        f"-t{arguments.threads}",
        f"-c{arguments.connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}",
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("WRK_JSON "))
    raw = json.loads(line.removeprefix("WRK_JSON "))
    return {
        "requests": raw["requests"],
        "per_s": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "non2xx": raw["non2xx"],
        "socket_errors": raw["connect_errors"] + raw["read_errors"] + raw["write_errors"] + raw["timeouts"],
    }


def _summary(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The median of the rounds for rates and latencies; sums for the counts."""
    return {
        "per_s": round(statistics.median(r["per_s"] for r in rounds), 1),
        "p50_ms": round(statistics.median(r["p50_ms"] for r in rounds), 2),
        "p99_ms": round(statistics.median(r["p99_ms"] for r in rounds), 2),
        "requests": sum(r["requests"] for r in rounds),
        "non2xx": sum(r["non2xx"] for r in rounds),
        "socket_errors": sum(r["socket_errors"] for r in rounds),
        "cpu_per_request_us": {
            kind: round(statistics.median(r["cpu_per_request"][kind] for r in rounds), 1)
            for kind in ("workers_us", "database_us")
        },
        "rounds": rounds,
    }


# --- the run -----------------------------------------------------------------------------------


def measure(url: str, env: dict[str, str], arguments: argparse.Namespace, work: Path) -> dict[str, Any]:
    wrk = ensure_wrk()
    dancu_port, bare_port = arguments.port, arguments.port + 1
    for port in (dancu_port, bare_port):
        if not _port_free(port):
            raise SystemExit(f"port {port} is taken: choose another with --port")
    workers = str(arguments.workers)
    dancu_log, bare_log = work / "dancu.log", work / "bare.log"
    dancu = _start([DANCU, "serve", "--workers", workers, "--port", str(dancu_port)], env, dancu_log)
    bare_env = bench_path(env | {"BARE_LOOKUP_DSN": asyncpg_dsn(url)})
    bare = _start(bare_command("bare_lookup:app", port=bare_port, workers=workers), bare_env, bare_log)
    try:
        _wait_until_up(dancu_port, dancu, dancu_log)
        _wait_until_up(bare_port, bare, bare_log)

        async def prepare() -> tuple[dict[str, str], list[dict[str, Any]], list[str]]:
            run = f".{secrets.token_hex(3)}"
            subjects = await real_subjects(url, arguments.subjects)
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{dancu_port}", timeout=60) as client:
                headers = await agency_headers(url, client, run=run)
                tokens = []
                if arguments.endpoint in ("own", "own-api"):
                    tokens = await citizen_tokens(url, client, subjects, arguments.citizen_logins, run)
            return headers, subjects, tokens

        headers, subjects, tokens = asyncio.run(prepare())
        scripts = {
            "bare": (work / "bare.lua", bare_port),
            "dancu": (work / "dancu.lua", dancu_port),
        }
        scripts["bare"][0].write_text(lua_script("/lookup", subjects, None), encoding="utf-8")
        batch, verify = arguments.endpoint == "batch", arguments.endpoint == "verify"
        path = {"batch": "/api/v1/lookup/batch", "verify": "/api/v1/verify"}.get(
            arguments.endpoint, "/api/v1/lookup"
        )
        if arguments.endpoint in ("own", "own-api"):
            own_path = "/app" if arguments.endpoint == "own" else "/api/v1/eid/me/record"
            scripts["dancu"][0].write_text(own_script(own_path, tokens), encoding="utf-8")
        else:
            scripts["dancu"][0].write_text(
                lua_script(path, subjects, headers["Authorization"], batch=batch, verify=verify),
                encoding="utf-8",
            )
        rounds: dict[str, list[dict[str, Any]]] = {"bare": [], "dancu": []}
        for name, (script, port) in scripts.items():
            _log(f"{name}: warm-up {arguments.warmup} s")
            run_wrk(wrk, script, port, arguments, arguments.warmup)
        loads = []
        servers = {"bare": bare, "dancu": dancu}
        for number in range(1, arguments.rounds + 1):
            for name, (script, port) in scripts.items():
                _log(f"{name}: round {number}, {arguments.seconds} s")
                # As autovacuum keeps it on a production cluster (it runs each minute; it may be
                # off on a bench machine): the log's 64 head rows are updated thousands of times
                # a second, and a bloated head table costs the next round's groups more.
                asyncio.run(_admin(url, "VACUUM audit_chain"))
                loads.append(os.getloadavg()[0])
                before = cpu_snapshot(servers[name], url)
                wal_before = asyncio.run(wal_snapshot(asyncpg_dsn(url)))
                machine_before, load_before = machine_ticks(), children_cpu_us()
                split = _sampled_later(arguments.seconds / 2, lambda port=port: connections_per_worker(port))
                measured = run_wrk(wrk, script, port, arguments, arguments.seconds)
                measured["connections_per_worker"] = split.get("value")
                machine_after, load = machine_ticks(), children_cpu_us() - load_before
                after = cpu_snapshot(servers[name], url)
                wal_after = asyncio.run(wal_snapshot(asyncpg_dsn(url)))
                measured["cpu_per_request"] = cpu_per_request(before, after, measured["requests"])
                measured["wal"] = wal_per_round(wal_before, wal_after, measured["requests"])
                served_us = sum(measured["cpu_per_request"].values()) * measured["requests"]
                measured["machine"] = machine_share(machine_before, machine_after, served_us, load)
                rounds[name].append(measured)
        figures = {name: _summary(r) for name, r in rounds.items()}
        figures["dancu"]["worker_rss_mib"] = worker_rss_mib(dancu)
        figures["bare"]["worker_rss_mib"] = worker_rss_mib(bare)
    finally:
        _stop(dancu)
        _stop(bare)
    # A batch request answers 100 people; the bare endpoint one: compare people answered a second.
    per_request = BATCH if arguments.endpoint == "batch" else 1
    figures["dancu"]["people_per_s"] = round(figures["dancu"]["per_s"] * per_request, 1)
    ratio = figures["dancu"]["per_s"] * per_request / figures["bare"]["per_s"]
    pairwise = [
        d["per_s"] * per_request / b["per_s"] for d, b in zip(rounds["dancu"], rounds["bare"], strict=True)
    ]
    return {
        "endpoint": arguments.endpoint,
        "cold_sessions": arguments.cold_sessions,
        # What dancu's workers ran with, whoever set it.
        "auth_cache_seconds": auth_cache_seconds(env),
        "citizens": arguments.citizens,
        "connections": arguments.connections,
        "server_workers": arguments.workers,
        "seconds_per_round": arguments.seconds,
        # The database server's write-path settings the figures were measured under.
        "server_settings": asyncio.run(server_settings(asyncpg_dsn(url))),
        "bare_fastapi_asyncpg": figures["bare"],
        f"dancu_k1_{arguments.endpoint}": figures["dancu"],
        "ratio_dancu_vs_bare": round(ratio, 3),
        "ratio_per_round": [round(r, 3) for r in pairwise],
        "load_average_at_each_round": [round(x, 2) for x in loads],
        # CPU a request, bare against dancu (workers and database backends): what the ratio would
        # be if both were bound by CPU alone; it moves less than the rates with the machine's load.
        "cpu_ratio_dancu_vs_bare": round(
            _cpu_total(figures["bare"]) * per_request / _cpu_total(figures["dancu"]), 3
        ),
        "machine_outside_pct_per_round": {
            name: [r["machine"]["outside_pct"] for r in rounds[name]] for name in ("bare", "dancu")
        },
    }


def _cpu_total(figures: dict[str, Any]) -> float:
    return float(sum(figures["cpu_per_request_us"].values())) or 1.0


def _verification_limits(directory: Path) -> str:
    """An operator's verification.json (DANCU_CONFIG_DIR) whose probing limits a load test does not
    reach: one agency asks thousands of questions a second about a few thousand people, where the
    default allows 10,000 a day and 5 per person. Every question is still counted against them."""
    limits = json.loads((BENCH.parent / "src/dancu/lookup/data/verification.json").read_text())
    limits |= {"max_per_requester": 100_000_000, "max_per_subject": 1_000_000}
    (directory / "verification.json").write_text(json.dumps(limits), encoding="utf-8")
    return str(directory)


def main() -> None:
    arguments = _arguments()
    name = arguments.database or f"dancu_bench_http_{os.getpid()}_{secrets.token_hex(3)}"
    url = make_url(arguments.admin_url).set(database=name).render_as_string(hide_password=False)
    # wrk sends every request from one address and one account: the per-worker rate limits would
    # answer 429 to nearly all of them, so they are off for the bench (as for any load test).
    limits_off = {"DANCU_RATE_LIMIT_CLIENT_PER_MINUTE": "0", "DANCU_RATE_LIMIT_ACCOUNT_PER_MINUTE": "0"}
    env = os.environ | {"DANCU_DATABASE_URL": url} | limits_off
    if arguments.cold_sessions:
        env["DANCU_AUTH_CACHE_SECONDS"] = COLD_SESSION_SECONDS
    config = tempfile.TemporaryDirectory(prefix="dancu-http-bench-config-")
    if arguments.endpoint == "verify":
        env["DANCU_CONFIG_DIR"] = _verification_limits(Path(config.name))
    seed_s = None
    if arguments.database is None:
        asyncio.run(_admin(arguments.admin_url, f'CREATE DATABASE "{name}"'))
    try:
        _dancu(env, "db", "upgrade")
        if arguments.database is None:
            _log(f"database {name}: dancu seed --citizens {arguments.citizens:,}")
            started = time.perf_counter()
            _dancu(env, "seed", "--citizens", str(arguments.citizens))
            seed_s = round(time.perf_counter() - started, 1)
        with tempfile.TemporaryDirectory(prefix="dancu-http-bench-") as work:
            result = {"seed_s": seed_s} | measure(url, env, arguments, Path(work))
        if not arguments.no_verify:
            _log("dancu audit verify")
            verify = subprocess.run([DANCU, "audit", "verify"], env=env, capture_output=True, text=True)
            report = json.loads(verify.stdout) if verify.stdout.strip() else {"stderr": verify.stderr[-2000:]}
            result["audit_verify"] = {"exit_code": verify.returncode} | {
                key: value for key, value in report.items() if not isinstance(value, list | dict)
            }
        print(json.dumps(result, indent=2, ensure_ascii=False))
    finally:
        if not arguments.keep and arguments.database is None:
            asyncio.run(drop_own_database(arguments.admin_url, name))


if __name__ == "__main__":
    main()
