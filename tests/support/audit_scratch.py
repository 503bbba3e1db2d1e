"""A migrated database of its own for ``dancu audit`` tests (the CLI commits), and ways to tamper with it
behind the append-only triggers, as someone with the database's credentials could."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.audit.actions import record_read
from dancu.cli.main import app
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.registry.models import Citizen
from dancu.seed import seed_population
from dancu.settings import get_settings
from tests.conftest import _pg_admin
from tests.support.migrated import migrated_postgres, migrated_sqlite

BANK = Actor(label="nv.bank", group=ActorGroup.K2, channel=Channel.PORTAL, organisation_name="Ngân hàng A")
runner = CliRunner()


def scratch_database(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, anchored: bool
) -> Iterator[str]:
    """A migrated, populated database; the CLI pointed at it; its audit files under tmp_path/audit
    (the anchor on when ``anchored``)."""
    name = f"dancu_audit_{secrets.token_hex(4)}"
    url = migrated_sqlite(tmp_path / "audit.sqlite3") if backend == "sqlite" else migrated_postgres(name)
    monkeypatch.setenv("DANCU_DATABASE_URL", url)
    monkeypatch.setenv("DANCU_AUDIT_DIR", str(tmp_path / "audit"))
    if anchored:
        monkeypatch.delenv("DANCU_AUDIT_ANCHOR", raising=False)
    get_settings.cache_clear()
    try:
        asyncio.run(populate(url))
        yield url
    finally:
        get_settings.cache_clear()
        if backend != "sqlite":
            asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def populate(url: str) -> None:
    """Six people and twelve reads about the first three (four each)."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            await seed_population(session, citizens=6, seed=2, actor=Actor.system("test"))
            ids = list(await session.scalars(select(Citizen.id).order_by(Citizen.id)))
            for n in range(12):
                await record_read(session, actor=BANK, citizen_id=ids[n % 3], fields=["dob"], purpose=f"p{n}")
            await session.commit()
    finally:
        await engine.dispose()


async def more_reads(url: str, people: Sequence[int], *, purpose: str = "later") -> None:
    """One committed read about each person, as the server would log it."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            for who in people:
                await record_read(session, actor=BANK, citizen_id=who, fields=["dob"], purpose=purpose)
            await session.commit()
    finally:
        await engine.dispose()


async def sql(url: str, *statements: str, params: dict[str, Any] | None = None) -> list[Any]:
    engine = make_engine(url)
    rows: list[Any] = []
    try:
        async with engine.begin() as conn:
            for statement in statements:
                result = await conn.execute(text(statement), params or {})
                if result.returns_rows:
                    rows.extend(result.all())
    finally:
        await engine.dispose()
    return rows


def query(url: str, statement: str) -> list[Any]:
    return asyncio.run(sql(url, statement))


def tamper(url: str, *statements: str, tables: Sequence[str] = ("event",)) -> None:
    """Run statements with the append-only triggers of ``tables`` out of the way, then put them back."""
    drop: list[str] = []
    restore: list[str] = []
    for table in tables:
        if url.startswith("sqlite"):
            drop += [f"DROP TRIGGER {table}_no_update", f"DROP TRIGGER {table}_no_delete"]
            restore += [
                f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'dancu: {op} on append-only table {table} refused'); END"
                for op in ("UPDATE", "DELETE")
            ]
        else:
            drop.append(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
            restore.append(f"ALTER TABLE {table} ENABLE TRIGGER ALL")
    asyncio.run(sql(url, *drop, *statements, *restore))


def invoke(*args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["audit", *args])
    return result.exit_code, json.loads(result.stdout or "{}")


def citizen_ids(url: str) -> list[int]:
    return [int(r[0]) for r in query(url, "SELECT id FROM citizen ORDER BY id")]
