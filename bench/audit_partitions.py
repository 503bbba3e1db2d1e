"""The access log partitioned by month (docs/adr/0018): the append before and after, and the Data
Tracker of one person with years of entries.

Usage: .venv/bin/python bench/audit_partitions.py [--appends 3000] [--entries 100000] [--months 36]

1. For the schema before partitioning (migration 0020) and after (head), each in a fresh database:
   ``--appends`` committed single-entry reads, one after the other, as a lookup logs them (same
   code, same four statements); prints appends/s, p50 and p99 of one append plus its commit.
2. After: ``--entries`` entries about one person spread over ``--months`` months (and as many about
   others), written in bulk; then 200 Data Tracker pages of 50, at cursors spread over the person's
   history; prints p50/p95 per page.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import secrets
import time
from typing import Any

from own_database import drop_own_database
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.audit.actions import record_read
from dancu.audit.partitions import add_months, ensure, month_start
from dancu.audit.queries import tracker
from dancu.clock import now_utc
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.db.migrate import upgrade
from dancu.registry.models import Citizen
from dancu.seed import seed_population

ADMIN = os.environ.get("DANCU_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
BANK = Actor(label="nv.bank", group=ActorGroup.K2, channel=Channel.PORTAL, organisation_name="Ngân hàng A")


async def _admin(statement: str) -> None:
    engine = make_engine(ADMIN)
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(statement))
    await engine.dispose()


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2)


async def _appends(url: str, n: int) -> dict[str, Any]:
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    async with sessions() as session:
        await seed_population(session, citizens=200, seed=1, actor=Actor.system("bench"))
        people = list(await session.scalars(select(Citizen.id)))
        await session.commit()
    took: list[float] = []
    start = time.perf_counter()
    for i in range(n):
        began = time.perf_counter()
        async with sessions() as session:
            await record_read(
                session, actor=BANK, citizen_id=people[i % len(people)], fields=["dob"], purpose="bench"
            )
            await session.commit()
        took.append(time.perf_counter() - began)
    total = time.perf_counter() - start
    await engine.dispose()
    return {"appends_per_s": round(n / total, 1), "p50_ms": _pct(took, 0.5), "p99_ms": _pct(took, 0.99)}


BULK = (
    "INSERT INTO event (occurred_at, event_type, actor_label, subject_citizen_id, data, chain, seq, "
    "prev_hash, entry_hash) SELECT CAST(:since AS timestamptz) + (g * CAST(:span AS bigint) / :n) "
    "* interval '1 second', 'registry.citizen_viewed', :label, CAST(:who AS integer), '{}'::jsonb, "
    ":chain + g % 7, g, repeat('0', 64), md5(CAST(:who AS text) || '-' || g::text) "
    "FROM generate_series(1, CAST(:n AS integer)) AS g"
)


async def _tracker(url: str, entries: int, months: int) -> dict[str, Any]:
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    now = now_utc()
    since = add_months(month_start(now), -months + 1)
    span = int((now - since).total_seconds())
    async with sessions() as session:
        await ensure(session, now=since, ahead=months + 3)
        people = list(await session.scalars(select(Citizen.id).order_by(Citizen.id).limit(2)))
        who, other = people
        for person, label, chain in ((who, "nv.bank", 100_000), (other, "x", 200_000)):
            params = {"since": since, "span": span, "n": entries, "who": person, "label": label}
            params["chain"] = chain
            await session.execute(text(BULK), params)
        await session.commit()
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("VACUUM ANALYZE event"))
    rng = random.Random(1)
    took: list[float] = []
    async with sessions() as session:
        for _ in range(200):
            at = since + dt.timedelta(seconds=rng.randrange(span))
            began = time.perf_counter()
            page = await tracker(session, who, now=now, limit=50, before=(at, 2**62))
            took.append(time.perf_counter() - began)
            assert page
    await engine.dispose()
    return {
        "entries_for_the_person": entries,
        "months": months,
        "page_p50_ms": _pct(took, 0.5),
        "page_p95_ms": _pct(took, 0.95),
    }


async def _fresh(revision: str) -> tuple[str, str]:
    name = f"dancu_bench_{os.getpid()}_{secrets.token_hex(3)}"
    await _admin(f'CREATE DATABASE "{name}"')
    url = make_url(ADMIN).set(database=name).render_as_string(hide_password=False)
    await asyncio.to_thread(upgrade, url, revision)
    return name, url


async def main(args: argparse.Namespace) -> None:
    out: dict[str, Any] = {}
    for label, revision in (("before_0020_one_table", "0020_law_d"), ("after_partitioned", "head")):
        name, url = await _fresh(revision)
        try:
            out[label] = await _appends(url, args.appends)
            if revision == "head":
                out["tracker"] = await _tracker(url, args.entries, args.months)
        finally:
            await drop_own_database(ADMIN, name)
    out["append_ratio_after_vs_before"] = round(
        out["after_partitioned"]["appends_per_s"] / out["before_0020_one_table"]["appends_per_s"], 3
    )
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--appends", type=int, default=3000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=36)
    asyncio.run(main(parser.parse_args()))
