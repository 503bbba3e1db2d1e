"""Bench: the k1 lookup (POST /api/v1/lookup) against a bare async PostgreSQL primary-key endpoint.

    .venv/bin/python bench/lookup.py --citizens 100000

Target (product.md §4): the lookup reaches ≥ 60 % of the throughput of a bare FastAPI + asyncpg
endpoint that reads one citizen row by primary key, on the same machine, and its p99 is ≤ 25 ms.

Both endpoints run in this process and are driven the same way, in the same run: in-process ASGI
(httpx ``ASGITransport``, no sockets, so the client costs the same for both), ``--concurrency``
requests in flight, for ``--seconds`` each after a warm-up. The dancu side is the real app: bearer
token of a k1 organisation's account, the three-key match, the mandate's fields, and the access-log
entry written and committed before each answer (that write is part of what is measured). The
subjects are real seeded people (``dancu.seed.copy_population``), drawn at random.

The database is created, migrated, seeded and dropped at the end (``--keep`` keeps it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import httpx
import pyotp
from fastapi import FastAPI, HTTPException
from own_database import admin_execute as _admin
from own_database import drop_own_database
from sqlalchemy import event
from sqlalchemy.engine import make_url

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.app import create_app
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.db.migrate import upgrade
from dancu.identity.actions import create_officer
from dancu.seed import asyncpg_dsn, copy_population
from dancu.settings import Settings

# A developer machine: dancu starts without sealing keys or key passphrases (dancu.ops.startup).
os.environ.setdefault("DANCU_MODE", "development")

TARGET_RATIO, TARGET_P99_MS = 0.60, 25.0
PASSWORD = "mat-khau-bench-lookup-123"
MANDATE = ["full_name", "date_of_birth", "pin", "sex", "permanent_residence", "marital_status"]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per endpoint")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--subjects", type=int, default=5_000, help="distinct people asked about")
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("DANCU_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--keep", action="store_true")
    return parser.parse_args()


def bare_app(pool: asyncpg.Pool) -> FastAPI:
    """The baseline: one indexed read by primary key, the row serialised, nothing else."""
    app = FastAPI()

    @app.get("/pk/{citizen_id}")
    async def by_pk(citizen_id: int) -> dict[str, Any]:
        row = await pool.fetchrow(
            "SELECT id, pin, full_name, dob, sex, status FROM citizen WHERE id = $1", citizen_id
        )
        if row is None:
            raise HTTPException(404)
        return dict(row)

    return app


async def real_subjects(url: str, count: int) -> list[dict[str, Any]]:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        rows = await conn.fetch(
            "SELECT id, pin, full_name, dob FROM citizen WHERE status = 'alive' ORDER BY random() LIMIT $1",
            count,
        )
    finally:
        await conn.close()
    return [dict(r) for r in rows]


OPERATOR_TOTP = "BENCHOPERATORQQQQQQQQQQQQQQQQQQQ"
AGENCY_TOTP = "BENCHAGENCYQQQQQQQQQQQQQQQQQQQQQ"


async def agency_headers(url: str, client: httpx.AsyncClient, run: str = "") -> dict[str, str]:
    """A k1 organisation registered through the API, and its admin's bearer token (``run``: a
    suffix for the names, so that several runs can share one database)."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            await create_officer(
                session,
                username=f"bench.operator{run}",
                password=PASSWORD,
                display_name="Bench",
                # Organisations are registered by the identity agency (C06), by a head of unit.
                role=OfficerRole.IDENTITY_AGENCY,
                unit_code=None,
                unit_version="2025",
                actor=Actor.system("bench"),
                totp_secret=OPERATOR_TOTP,
                position=Position.HEAD,
            )
            await session.commit()
    finally:
        await engine.dispose()

    async def login(username: str) -> dict[str, str]:
        response = await client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
        response.raise_for_status()
        headers = {"Authorization": f"Bearer {response.json()['token']}"}
        step = response.json()["second_factor"]
        if step == "totp":  # officers pass their TOTP code
            code = {"code": pyotp.TOTP(OPERATOR_TOTP).now()}
            (await client.post("/api/v1/auth/second-factor", json=code, headers=headers)).raise_for_status()
        elif step == "enrol_totp":  # organisation staff enrol an authenticator at their first login
            proof = {"secret": AGENCY_TOTP, "code": pyotp.TOTP(AGENCY_TOTP).now()}
            (await client.post("/api/v1/auth/totp/confirm", json=proof, headers=headers)).raise_for_status()
        return headers

    organisation = {
        "name": f"Cơ quan bench{run}",
        "actor_group": "k1",
        "mandate": MANDATE,
        "legal_basis": "Nghị định quy định chức năng, nhiệm vụ (bench)",
        "unit_code": "01",
        "unit_version": "2025",
        "admin": {"username": f"bench.agency{run}", "password": PASSWORD, "display_name": "Bench agency"},
    }
    created = await client.post(
        "/api/v1/organisations", json=organisation, headers=await login(f"bench.operator{run}")
    )
    created.raise_for_status()
    return await login(f"bench.agency{run}")


async def drive(call: Callable[[], Awaitable[int]], *, concurrency: int, seconds: float) -> dict[str, Any]:
    """``concurrency`` workers call back to back for ``seconds``; latencies of each call in ms."""
    latencies: list[float] = []
    failures: Counter[int] = Counter()
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            status = await call()
            latencies.append((time.perf_counter() - started) * 1000)
            if status != 200:
                failures[status] += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "requests": len(latencies),
        "failures": sum(failures.values()),
        "failures_by_status": {str(status): n for status, n in sorted(failures.items())},
        "per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(cuts[49], 2),
        "p99_ms": round(cuts[98], 2),
    }


async def run(url: str, arguments: argparse.Namespace) -> dict[str, Any]:
    subjects = await real_subjects(url, arguments.subjects)
    # One client address and one account send every request: the per-worker rate limits (1,200 a
    # minute per address, 600 per account) would answer 429 to almost all of them and the bench would
    # measure refusals. They are switched off here, as for any load test from one address.
    settings = Settings(
        database_url=url, cookie_secure=False, rate_limit_client_per_minute=0, rate_limit_account_per_minute=0
    )
    app = create_app(settings)
    pool = await asyncpg.create_pool(asyncpg_dsn(url), min_size=arguments.concurrency, max_size=20)
    statements = [0]

    def count(*_: Any) -> None:
        statements[0] += 1

    event.listen(app.state.engine.sync_engine, "before_cursor_execute", count)
    transport = httpx.ASGITransport(app=app)
    bare = httpx.ASGITransport(app=bare_app(pool))
    try:
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://bench") as client,
            httpx.AsyncClient(transport=bare, base_url="http://bench") as bare_client,
        ):
            headers = await agency_headers(url, client)
            rng = random.Random(1)

            async def dancu_lookup() -> int:
                person = rng.choice(subjects)
                body = {
                    "full_name": person["full_name"],
                    "date_of_birth": person["dob"],
                    "pin": person["pin"],
                    "purpose": "Đo hiệu năng tra cứu",
                    "staff_id": "BENCH-1",
                }
                return (await client.post("/api/v1/lookup", json=body, headers=headers)).status_code

            async def pk_lookup() -> int:
                return (await bare_client.get(f"/pk/{rng.choice(subjects)['id']}")).status_code

            figures = {}
            for name, call in (("bare_pk", pk_lookup), ("dancu_lookup", dancu_lookup)):
                print(f"{name}: warm-up…", file=sys.stderr, flush=True)
                await drive(call, concurrency=arguments.concurrency, seconds=arguments.warmup)
                print(f"{name}: measuring {arguments.seconds:.0f} s…", file=sys.stderr, flush=True)
                before = statements[0]
                figures[name] = await drive(
                    call, concurrency=arguments.concurrency, seconds=arguments.seconds
                )
            # Round trips are what a lookup costs beyond the baseline's one query: say how many.
            figures["dancu_lookup"]["sql_statements_per_lookup"] = round(
                (statements[0] - before) / max(1, figures["dancu_lookup"]["requests"]), 1
            )
    finally:
        await pool.close()
        await app.state.engine.dispose()
    ratio = figures["dancu_lookup"]["per_s"] / figures["bare_pk"]["per_s"]
    return {
        "citizens": arguments.citizens,
        "concurrency": arguments.concurrency,
        "seconds_per_endpoint": arguments.seconds,
        **figures,
        "ratio_lookup_vs_bare_pk": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "target_p99_ms": TARGET_P99_MS,
        "meets_ratio": ratio >= TARGET_RATIO,
        "meets_p99": figures["dancu_lookup"]["p99_ms"] <= TARGET_P99_MS,
        "load_average": os.getloadavg()[0],
    }


def main() -> None:
    arguments = _arguments()
    name = f"dancu_bench_{os.getpid()}_{secrets.token_hex(3)}"
    url = make_url(arguments.admin_url).set(database=name).render_as_string(hide_password=False)
    asyncio.run(_admin(arguments.admin_url, f'CREATE DATABASE "{name}"'))
    try:
        upgrade(url)
        print(f"database {name}: seeding {arguments.citizens:,} citizens…", file=sys.stderr, flush=True)
        asyncio.run(copy_population(url, citizens=arguments.citizens, seed=1))
        print(json.dumps(asyncio.run(run(url, arguments)), indent=2))
    finally:
        if not arguments.keep:
            asyncio.run(drop_own_database(arguments.admin_url, name))


if __name__ == "__main__":
    main()
