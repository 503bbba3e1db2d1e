"""Bench: diacritic-insensitive name search over real HTTP, against a bare endpoint in the same run.

    .venv/bin/python bench/search.py --citizens 100000
    .venv/bin/python bench/search.py --database dancu_bench_http_6552_58c25c --seconds 20

Target (product.md §4, issue 11): name search with a date-of-birth filter, **p95 ≤ 50 ms at 10 M
citizens through the API**. What it does:

- a fresh database migrated and seeded with ``dancu db upgrade`` and ``dancu seed`` (or
  ``--database``: an existing seeded one, upgraded to head — timed, the index builds of a new
  migration included — and kept);
- ``dancu serve --workers 2`` and, served the same way (``dancu.web.serving.serve``),
  ``bench/bare_search.py``: FastAPI + asyncpg asking the same question of ``citizen`` (same key
  function, same range, same order, same page size, same indexes) with no login and no log;
- two officers created in the database (identity agency, nationwide; provincial police, one
  province) who log in through the API like anyone else: password, then a TOTP code;
- queries drawn from real seeded people: a family name as written ("Nguyễn"), the same with a
  date of birth, a full name with marks, a full name without marks ("nguyen van an"), the page
  after the first of a family name (through its cursor), and a family name searched by the
  provincial officer (territory-scoped);
- per kind, dancu and bare in turns (bare, dancu, …, ``--rounds`` times) with ``--concurrency``
  requests in flight from an httpx client: p50, p95, p99, requests/s, non-200 answers and empty
  pages; the ratio of dancu's p95 to bare's; each server worker's resident memory after the load.

Figures, never a gate. Every search dancu answers logs each person shown (ADR 0004), so the log
grows by up to 20 entries a request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pyotp
from sqlalchemy.engine import make_url

from dancu.seed import asyncpg_dsn

sys.path.insert(0, str(Path(__file__).parent))
from http_lookup import (
    _dancu,
    _log,
    _port_free,
    _start,
    _stop,
    _wait_until_up,
    bare_command,
    bench_path,
    worker_rss_mib,
)
from lookup import _admin
from own_database import drop_own_database

os.environ.setdefault("DANCU_MODE", "development")

BENCH = Path(__file__).parent
DANCU = str(Path(sys.executable).with_name("dancu"))
PASSWORD = "mat-khau-bench-tim-kiem-1"
KINDS = ("family", "family_dob", "full", "unmarked", "next_page", "family_province")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--database", help="an existing seeded database (upgraded to head, kept)")
    parser.add_argument(
        "--seconds", type=float, default=10, help="measured seconds per kind, endpoint and round"
    )
    parser.add_argument(
        "--warmup", type=float, default=3, help="seconds of load per endpoint before measuring"
    )
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight")
    parser.add_argument("--people", type=int, default=2_000, help="real people the queries are drawn from")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8500, help="dancu; the bare one: the next")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("DANCU_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--keep", action="store_true", help="keep a fresh database afterwards")
    return parser.parse_args()


# --- the people, the officers and the queries ---------------------------------------------------


async def real_people(url: str, count: int, rng: random.Random) -> list[asyncpg.Record]:
    """About ``count`` living people spread over the whole table (a block sample, then a draw)."""
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        total = await conn.fetchval("SELECT reltuples::bigint FROM pg_class WHERE relname = 'citizen'")
        percent = min(100.0, max(0.01, 100.0 * count * 4 / max(total, 1)))
        people = await conn.fetch(
            f"SELECT id, family_name, full_name, name_search, dob, residence_province_code "
            f"FROM citizen TABLESAMPLE SYSTEM ({percent}) WHERE status = 'alive'"
        )
    finally:
        await conn.close()
    return rng.sample(list(people), min(count, len(people)))


async def create_officers(url: str, run: str, province: str) -> dict[str, tuple[str, str]]:
    """A nationwide and a provincial officer with provisioned TOTP: username → (secret, role)."""
    import dancu.app  # noqa: F401  (maps every table)
    from dancu.access.actor import Actor
    from dancu.access.permissions import OfficerRole
    from dancu.access.positions import Position
    from dancu.db.engine import make_engine, make_sessionmaker
    from dancu.identity.actions import create_officer

    officers = {
        f"c06.search{run}": (pyotp.random_base32(), OfficerRole.IDENTITY_AGENCY, None),
        f"pc06.search{run}": (pyotp.random_base32(), OfficerRole.PROVINCIAL_POLICE, province),
    }
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            for username, (secret, role, unit) in officers.items():
                await create_officer(
                    session, username=username, password=PASSWORD, display_name="Bench search",
                    role=role, unit_code=unit, unit_version="2025", actor=Actor.system("bench"),
                    totp_secret=secret, position=Position.STAFF,
                )  # fmt: skip
            await session.commit()
    finally:
        await engine.dispose()
    return {username: (secret, role.value) for username, (secret, role, _) in officers.items()}


async def login(client: httpx.AsyncClient, username: str, secret: str) -> dict[str, str]:
    """The real login: password, then the authenticator's current code."""
    answer = await client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    answer.raise_for_status()
    headers = {"Authorization": f"Bearer {answer.json()['token']}"}
    passed = await client.post(
        "/api/v1/auth/second-factor", json={"code": pyotp.TOTP(secret).now()}, headers=headers
    )
    if passed.status_code != 204:
        raise SystemExit(f"second factor refused: {passed.status_code} {passed.text[:300]}")
    return headers


def queries(people: list[asyncpg.Record], province: str) -> dict[str, list[dict[str, Any]]]:
    """Query parameters per kind (``next_page``'s cursors are filled in by :func:`cursors`)."""
    local = [p for p in people if p["residence_province_code"] == province] or people
    return {
        "family": [{"name": p["family_name"]} for p in people],
        "family_dob": [{"name": p["family_name"], "dob": p["dob"]} for p in people],
        "full": [{"name": p["full_name"]} for p in people],
        "unmarked": [{"name": p["name_search"]} for p in people],
        "next_page": [{"name": p["family_name"]} for p in people[:200]],
        "family_province": [{"name": p["family_name"]} for p in local],
    }


async def cursors(
    client: httpx.AsyncClient, headers: dict[str, str], firsts: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The second page of each family name: the cursor dancu's first page returned."""
    pages = []
    for params in firsts:
        answer = await client.get("/api/v1/registry/citizens", params=params, headers=headers)
        answer.raise_for_status()
        after = answer.json()["next_after"]
        if after is not None:
            pages.append(params | {"after": after})
    return pages


# --- the load ------------------------------------------------------------------------------------


async def load(
    base: str,
    path: str,
    params: list[dict[str, Any]],
    headers: dict[str, str],
    seconds: float,
    concurrency: int,
) -> dict[str, Any]:
    """``concurrency`` loops asking random queries of ``params`` for ``seconds``; latencies in ms."""
    latencies: list[float] = []
    failures: dict[int, int] = {}
    empty = 0
    rng = random.Random()
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def one_loop(client: httpx.AsyncClient) -> None:
        nonlocal empty
        while time.perf_counter() < stop:
            started = time.perf_counter()
            answer = await client.get(path, params=rng.choice(params), headers=headers)
            latencies.append((time.perf_counter() - started) * 1000)
            if answer.status_code != 200:
                failures[answer.status_code] = failures.get(answer.status_code, 0) + 1
            elif not answer.json()["results"]:
                empty += 1

    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        began = time.perf_counter()
        await asyncio.gather(*(one_loop(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return {"latencies": latencies, "failures": failures, "empty": empty, "per_s": len(latencies) / elapsed}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def figures(runs: list[dict[str, Any]]) -> dict[str, Any]:
    latencies = [x for run in runs for x in run["latencies"]]
    failures: dict[int, int] = {}
    for run in runs:
        for status, n in run["failures"].items():
            failures[status] = failures.get(status, 0) + n
    return {
        "requests": len(latencies),
        "per_s": round(sum(r["per_s"] for r in runs) / len(runs), 1),
        "p50_ms": round(_percentile(latencies, 0.50), 1),
        "p95_ms": round(_percentile(latencies, 0.95), 1),
        "p99_ms": round(_percentile(latencies, 0.99), 1),
        "non_200": failures,
        "empty_pages": sum(r["empty"] for r in runs),
    }


async def measure_all(url: str, arguments: argparse.Namespace, ports: tuple[int, int]) -> dict[str, Any]:
    rng = random.Random(arguments.seed)
    people = await real_people(url, arguments.people, rng)
    province = max(
        {p["residence_province_code"] for p in people if p["residence_province_code"]},
        key=lambda code: sum(1 for p in people if p["residence_province_code"] == code),
    )
    officers = await create_officers(url, f".{secrets.token_hex(3)}", province)
    dancu_base, bare_base = (f"http://127.0.0.1:{port}" for port in ports)
    async with httpx.AsyncClient(base_url=dancu_base, timeout=60) as client:
        (national, (n_secret, _)), (provincial, (p_secret, _)) = officers.items()
        national_headers = await login(client, national, n_secret)
        provincial_headers = await login(client, provincial, p_secret)
        asked = queries(people, province)
        asked["next_page"] = await cursors(client, national_headers, asked["next_page"])
    results: dict[str, Any] = {}
    for kind in KINDS:
        headers = provincial_headers if kind == "family_province" else national_headers
        bare_params = (
            [q | {"province": province} for q in asked[kind]] if kind == "family_province" else asked[kind]
        )
        sides = {
            "bare": (bare_base, "/search", bare_params, {}),
            "dancu": (dancu_base, "/api/v1/registry/citizens", asked[kind], headers),
        }
        for base, path, params, side_headers in sides.values():
            await load(base, path, params, side_headers, arguments.warmup, arguments.concurrency)
        rounds: dict[str, list[dict[str, Any]]] = {"bare": [], "dancu": []}
        loads = []
        for number in range(1, arguments.rounds + 1):
            for side, (base, path, params, side_headers) in sides.items():
                _log(f"{kind}: {side}, round {number}")
                loads.append(round(os.getloadavg()[0], 2))
                rounds[side].append(
                    await load(base, path, params, side_headers, arguments.seconds, arguments.concurrency)
                )
        bare, dancu = figures(rounds["bare"]), figures(rounds["dancu"])
        results[kind] = {
            "queries": len(asked[kind]),
            "bare": bare,
            "dancu": dancu,
            "p95_ratio_dancu_vs_bare": round(dancu["p95_ms"] / bare["p95_ms"], 2) if bare["p95_ms"] else None,
            "load_average": loads,
        }
    return {"province_of_the_provincial_officer": province, "kinds": results}


def measure(url: str, env: dict[str, str], arguments: argparse.Namespace, work: Path) -> dict[str, Any]:
    ports = (arguments.port, arguments.port + 1)
    for port in ports:
        if not _port_free(port):
            raise SystemExit(f"port {port} is taken: choose another with --port")
    workers = str(arguments.workers)
    dancu_log, bare_log = work / "dancu.log", work / "bare.log"
    dancu = _start([DANCU, "serve", "--workers", workers, "--port", str(ports[0])], env, dancu_log)
    bare_env = bench_path(env | {"BARE_SEARCH_DSN": asyncpg_dsn(url)})
    bare = _start(bare_command("bare_search:app", port=ports[1], workers=workers), bare_env, bare_log)
    try:
        _wait_until_up(ports[0], dancu, dancu_log)
        _wait_until_up(ports[1], bare, bare_log)
        rss_idle = worker_rss_mib(dancu)
        result = asyncio.run(measure_all(url, arguments, ports))
        result["worker_rss_mib"] = {
            "dancu_before_load": rss_idle,
            "dancu_after_load": worker_rss_mib(dancu),
            "bare_after_load": worker_rss_mib(bare),
        }
    finally:
        _stop(dancu)
        _stop(bare)
    return result


def main() -> None:
    arguments = _arguments()
    name = arguments.database or f"dancu_bench_search_{os.getpid()}_{secrets.token_hex(3)}"
    url = make_url(arguments.admin_url).set(database=name).render_as_string(hide_password=False)
    # One client address and two accounts ask thousands of times a minute: limits off, as for any
    # load test.
    limits_off = {"DANCU_RATE_LIMIT_CLIENT_PER_MINUTE": "0", "DANCU_RATE_LIMIT_ACCOUNT_PER_MINUTE": "0"}
    env = os.environ | {"DANCU_DATABASE_URL": url} | limits_off
    result: dict[str, Any] = {
        "database": name,
        "citizens": arguments.citizens if arguments.database is None else None,
    }
    if arguments.database is None:
        asyncio.run(_admin(arguments.admin_url, f'CREATE DATABASE "{name}"'))
    try:
        started = time.perf_counter()
        _dancu(env, "db", "upgrade")
        result["upgrade_s"] = round(time.perf_counter() - started, 1)
        if arguments.database is None:
            _log(f"database {name}: dancu seed --citizens {arguments.citizens:,}")
            started = time.perf_counter()
            _dancu(env, "seed", "--citizens", str(arguments.citizens))
            result["seed_s"] = round(time.perf_counter() - started, 1)
        with tempfile.TemporaryDirectory(prefix="dancu-search-bench-") as work:
            result |= measure(url, env, arguments, Path(work))
        print(json.dumps(result, indent=2, ensure_ascii=False))
    finally:
        if not arguments.keep and arguments.database is None:
            asyncio.run(drop_own_database(arguments.admin_url, name))


if __name__ == "__main__":
    main()
