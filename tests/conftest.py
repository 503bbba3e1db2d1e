"""Shared test fixtures: a migrated database per engine, savepoint-isolated sessions, an API client.

Integration tests run on SQLite and on PostgreSQL: the ``engine`` fixture is parametrised over both.
PostgreSQL comes from DANCU_TEST_PG_URL (default: the server on 127.0.0.1:5432); when none answers the
run fails with a message saying how to start one. It never skips silently.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import secrets
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import NoReturn

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from dancu import clock
from dancu.access.actor import Actor
from dancu.app import create_app, shut_down
from dancu.db.engine import make_engine
from dancu.settings import Settings
from tests.support.builders import SYSTEM, forget_totp_steps
from tests.support.unit_of_work import SharedSession

# The log's evidence outside the database (docs/adr/0015) goes to a directory of this run, never to the
# developer's own data directory. The anchor is off for the shared databases, whose transactions are
# rolled back after each test (an anchor would remember heads that no longer exist); tests of the
# anchor switch it on for a database of their own (tests/integration/test_audit_tamper.py).
os.environ.setdefault("DANCU_AUDIT_DIR", tempfile.mkdtemp(prefix="dancu-audit-"))
os.environ.setdefault("DANCU_AUDIT_ANCHOR", "off")

PG_ADMIN_URL = os.environ.get("DANCU_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
BACKENDS = [b.strip() for b in os.environ.get("DANCU_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


@pytest.fixture(autouse=True)
def _fresh_totp_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's database starts without used TOTP steps; so does the code helper's memory, and
    the clock starts where it really is (a test that waited for a TOTP step travelled forward)."""
    forget_totp_steps()
    monkeypatch.setattr(clock, "_ahead", dt.timedelta(0))


async def _pg_admin(statement: str) -> None:
    engine = make_engine(PG_ADMIN_URL)
    try:
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(statement))
    finally:
        await engine.dispose()


def _unreachable(exc: OSError) -> NoReturn:
    pytest.exit(
        f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({exc}). Run the suite through "
        "`scripts/test` (it starts a throwaway cluster) or set DANCU_TEST_PG_URL.",
        returncode=3,
    )


def _create_pg_database() -> str:
    """A new, empty PostgreSQL database (no migration run); its URL."""
    name = f"dancu_test_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    except OSError as exc:  # connection refused
        _unreachable(exc)
    return str(make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False))


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    # Copies of the worker's migrated templates, which the tests with databases of their own use
    # too: each worker runs the migrations once per engine, not twice. Imported here because
    # tests/support/migrated.py imports this module.
    from tests.support.migrated import migrated_postgres, migrated_sqlite

    urls: dict[str, str] = {}
    if "sqlite" in BACKENDS:
        urls["sqlite"] = migrated_sqlite(tmp_path_factory.mktemp("db") / "test.sqlite3")
    if "postgresql" in BACKENDS:
        try:
            urls["postgresql"] = migrated_postgres()
        except OSError as exc:  # connection refused
            _unreachable(exc)
    yield urls
    if "postgresql" in urls:
        name = make_url(urls["postgresql"]).database
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
async def engine(backend: str, database_urls: dict[str, str]) -> AsyncIterator[AsyncEngine]:
    eng = make_engine(database_urls[backend])
    yield eng
    await eng.dispose()


@pytest.fixture
async def session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session inside an outer transaction that is rolled back: commits become savepoints."""
    async with engine.connect() as conn:
        outer = await conn.begin()
        db = AsyncSession(
            bind=conn, expire_on_commit=False, autoflush=False, join_transaction_mode="create_savepoint"
        )
        try:
            yield db
        finally:
            await db.close()
            await outer.rollback()


@pytest.fixture
def settings(database_urls: dict[str, str], backend: str) -> Settings:
    return Settings(database_url=database_urls[backend], cookie_secure=False)


@pytest.fixture
async def app(settings: Settings, session: AsyncSession) -> AsyncIterator[object]:
    application = create_app(settings)
    # The test's savepoint session, handed to every request; a request that leaves writes
    # uncommitted fails the test (see tests/support/unit_of_work.py).
    application.state.sessionmaker = SharedSession(session)
    # The access log's group commit (docs/adr/0017) commits in the same savepoint session.
    application.state.log_sessionmaker = SharedSession(session)
    yield application
    await shut_down(application)


@pytest.fixture
async def client(app: object) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture
def system_actor() -> Actor:
    return SYSTEM


@pytest.fixture
def data_dir() -> Path:
    return Path(__file__).parent / "data"
