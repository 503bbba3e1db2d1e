"""The restore drill of scripts/backup, end to end, on a throwaway PostgreSQL with WAL archiving.

Luật Căn cước Điều 8 khoản 1–2 asks for a database that runs stably and continuously; a backup that
has never been restored is a hope, not a backup. This drill does what an operator does: a base
backup (``scripts/backup take``), more work on the register, then ``scripts/backup drill --to T``
(the newest base backup before T, the archive replayed up to T, ``dancu audit verify`` on the
copy). The restored register must answer as of T: the death recorded after T is not there, the
people seeded after T are not there, and every access-log entry up to T verifies.

PostgreSQL only (WAL archiving and point-in-time recovery are the server's); it needs the server
binaries the suite's machines have (``/usr/lib/postgresql/15/bin``), and fails — never skips — when
they are missing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from click.testing import Result

from dancu.access.actor import Actor
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.enums.registry import LifeStatus
from dancu.registry.schemas import DeathIn
from dancu.registry.use_cases.writes import record_death
from tests.support.cli import run_cli

REPO = Path(__file__).resolve().parents[2]
PGBIN = Path(os.environ.get("DANCU_CLUSTER_PGBIN", "/usr/lib/postgresql/15/bin"))
AS_ROOT = os.geteuid() == 0


def _as_postgres(*command: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    prefix = ["runuser", "-u", "postgres", "--"] if AS_ROOT else []
    return subprocess.run([*prefix, *command], check=True, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload, no-any-return]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def archiving_server() -> Iterator[tuple[Path, int]]:
    """A new PostgreSQL cluster archiving every WAL segment to STATE/archive, as the cluster's nodes do."""
    if not (PGBIN / "initdb").exists():
        pytest.fail(f"the restore drill needs PostgreSQL's server binaries in {PGBIN}")
    state = Path(tempfile.mkdtemp(prefix="dancu-drill-"))
    if AS_ROOT:
        shutil.chown(state, "postgres", "postgres")
    port = _free_port()
    archive = state / "archive"
    _as_postgres("mkdir", "-p", str(archive))
    _as_postgres(str(PGBIN / "initdb"), "-D", str(state / "live"), "-U", "postgres", "-A", "trust")
    options = (
        f"-p {port} -k {state} -c listen_addresses=127.0.0.1 -c wal_level=replica "
        f"-c archive_mode=on -c archive_command='test ! -f {archive}/%f && cp %p {archive}/%f' "
        "-c fsync=off -c max_wal_senders=4"
    )
    _as_postgres(
        str(PGBIN / "pg_ctl"),
        "-D",
        str(state / "live"),
        "-l",
        str(state / "live.log"),
        "-w",
        "-o",
        options,
        "start",
    )
    try:
        yield state, port
    finally:
        for data in ("restore/data", "live"):
            if (state / data / "postmaster.pid").exists():
                subprocess.run(
                    [
                        *(["runuser", "-u", "postgres", "--"] if AS_ROOT else []),
                        str(PGBIN / "pg_ctl"),
                        "-D",
                        str(state / data),
                        "-m",
                        "immediate",
                        "stop",
                    ],
                    capture_output=True,
                )
        shutil.rmtree(state, ignore_errors=True)


def _dancu(url: str, *args: str) -> Result:
    return run_cli(*args, database_url=url)


def _backup(state: Path, port: int, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DANCU_CLUSTER_DIR": str(state),
        "DANCU_BACKUP_PRIMARY_PORT": str(port),
        "DANCU_CLUSTER_PGBIN": str(PGBIN),
    }
    return subprocess.run(
        [str(REPO / "scripts" / "backup"), *args], env=env, capture_output=True, text=True, cwd=REPO
    )


async def _count(dsn: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM citizen"))
    finally:
        await conn.close()


async def _first_pin(dsn: str) -> str:
    conn = await asyncpg.connect(dsn)
    try:
        return str(await conn.fetchval("SELECT pin FROM citizen ORDER BY id LIMIT 1"))
    finally:
        await conn.close()


async def _record_death(url: str, pin: str) -> None:
    """A death recorded through the register's own use case, committed at the boundary."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            body = DeathIn(
                status=LifeStatus.DEAD,
                date="2026-11-30",
                legal_basis="Luật Hộ tịch 2014 (diễn tập khôi phục)",
                dossier_number="KT-DRILL-1",
            )
            await record_death(session, pin, body, actor=Actor.system("restore drill"))
            await session.commit()
    finally:
        await engine.dispose()


def test_the_restore_drill_answers_as_of_the_chosen_moment_and_its_log_verifies(
    archiving_server: tuple[Path, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    state, port = archiving_server
    # The log's evidence outside the database is on, as in production (docs/adr/0015): the copy is
    # held against what the anchor had recorded by T (``verify --anchor-until``), while the anchor
    # itself has also seen the heads after T.
    monkeypatch.setenv("DANCU_AUDIT_DIR", str(state / "audit"))
    monkeypatch.setenv("DANCU_AUDIT_ANCHOR", str(state / "audit" / "anchor.jsonl"))
    dsn = f"postgresql://postgres@127.0.0.1:{port}"
    asyncio.run(_admin(f"{dsn}/postgres", "CREATE DATABASE dancu"))
    live = f"postgresql+asyncpg://postgres@127.0.0.1:{port}/dancu"
    assert _dancu(live, "db", "upgrade").exit_code == 0
    seeded = _dancu(live, "seed", "--citizens", "40")
    assert seeded.exit_code == 0, seeded.output

    taken = _backup(state, port, "take")
    assert taken.returncode == 0, taken.stderr
    pin = asyncio.run(_first_pin(f"{dsn}/dancu"))
    assert _death(_dancu(live, "citizen", "show", pin).output) is None

    time.sleep(1.5)  # the base backup's name has one-second precision: T is after it
    moment = dt.datetime.now(dt.UTC)
    time.sleep(1.5)
    asyncio.run(_record_death(live, pin))
    assert _dancu(live, "seed", "--citizens", "15", "--seed", "2").exit_code == 0
    assert asyncio.run(_count(f"{dsn}/dancu")) == 55

    restore_port = _free_port()
    drill = _backup(state, port, "drill", "--to", moment.isoformat(sep=" "), "--port", str(restore_port))
    assert drill.returncode == 0, drill.stdout + drill.stderr
    verified = json.loads(drill.stdout[drill.stdout.index("{") :])
    assert verified["ok"] is True and verified["problems"] == []
    assert verified["entries"] > 0
    assert (state / "audit" / "anchor.jsonl").stat().st_size > 0

    restored = f"postgresql+asyncpg://postgres@127.0.0.1:{restore_port}/dancu"
    # Without the moment, the same copy is a log whose heads moved back: the anchor saw more.
    unqualified = _dancu(restored, "audit", "verify")
    assert unqualified.exit_code == 1
    assert any(f.startswith("chain.moved_back") for f in _report(unqualified.output)["findings"])
    assert asyncio.run(_count(f"postgresql://postgres@127.0.0.1:{restore_port}/dancu")) == 40
    then = _dancu(restored, "citizen", "show", pin)
    now = _dancu(live, "citizen", "show", pin)
    assert then.exit_code == 0 and now.exit_code == 0, then.output + now.output
    assert _death(then.output) is None  # as of T: alive
    assert _death(now.output) is not None  # the live register: the death recorded after T


def _report(shown: str) -> dict[str, Any]:
    """The JSON report ``dancu audit verify`` printed (its findings also go to stderr)."""
    report: dict[str, Any] = json.loads(shown[shown.index("{") : shown.rindex("}") + 1])
    return report


def _death(shown: str) -> object:
    """Item 24 of the record ``dancu citizen show`` printed (None while the person is alive)."""
    return json.loads(shown)["items"].get("death")


async def _admin(dsn: str, statement: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()
