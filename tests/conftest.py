"""Shared test fixtures: a migrated database per engine, savepoint-isolated sessions, an API client.

Integration tests run on SQLite and on PostgreSQL: the ``engine`` fixture is parametrised over both.
PostgreSQL comes from DANCU_TEST_PG_URL (default: the server on 127.0.0.1:5432); when none answers the
run fails with a message saying how to start one. It never skips silently.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.app import create_app
from dancu.db.engine import make_engine
from dancu.db.migrate import upgrade
from dancu.settings import Settings
from tests.support.unit_of_work import SharedSession

PG_ADMIN_URL = os.environ.get("DANCU_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
BACKENDS = [b.strip() for b in os.environ.get("DANCU_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


async def _pg_admin(statement: str) -> None:
    engine = make_engine(PG_ADMIN_URL)
    try:
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(statement))
    finally:
        await engine.dispose()


def _create_pg_database() -> str:
    name = f"dancu_test_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    except OSError as exc:  # connection refused
        pytest.exit(
            f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({exc}). Run the suite through "
            "`scripts/test` (it starts a throwaway cluster) or set DANCU_TEST_PG_URL.",
            returncode=3,
        )
    return str(make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False))


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    urls: dict[str, str] = {}
    if "sqlite" in BACKENDS:
        urls["sqlite"] = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    if "postgresql" in BACKENDS:
        urls["postgresql"] = _create_pg_database()
    for url in urls.values():
        upgrade(url)
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
    yield application
    await application.state.engine.dispose()


@pytest.fixture
async def client(app: object) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


SYSTEM = Actor.system("test")
# Test officers are enrolled with this authenticator secret: officers need TOTP for every permission.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_now(secret: str = TEST_TOTP_SECRET) -> str:
    import pyotp

    return str(pyotp.TOTP(secret).now())


@pytest.fixture
def system_actor() -> Actor:
    return SYSTEM


async def make_officer(
    session: AsyncSession,
    *,
    username: str,
    role: OfficerRole,
    unit_code: str | None = None,
    unit_version: str | None = "2025",
    password: str = "mat-khau-rat-dai-123",
    totp_secret: str | None = TEST_TOTP_SECRET,
) -> tuple[int, str]:
    from dancu.identity.actions import create_officer

    account = await create_officer(
        session,
        username=username,
        password=password,
        display_name=username.title(),
        role=role,
        unit_code=unit_code,
        unit_version=unit_version,
        actor=SYSTEM,
        totp_secret=totp_secret,
    )
    return account.id, password


async def bearer_for(
    client: httpx.AsyncClient, username: str, password: str, *, totp_secret: str = TEST_TOTP_SECRET
) -> dict[str, str]:
    """A usable session token: the password, then the TOTP code when the account uses TOTP."""
    response = await client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    headers = {"Authorization": f"Bearer {response.json()['token']}"}
    if response.json()["second_factor"] == "totp":
        passed = await client.post(
            "/api/v1/auth/second-factor", json={"code": totp_now(totp_secret)}, headers=headers
        )
        assert passed.status_code == 204, passed.text
    return headers


@pytest.fixture
def data_dir() -> Path:
    return Path(__file__).parent / "data"


async def officer_page_login(
    client: httpx.AsyncClient,
    username: str,
    password: str,
    next: str = "/",
    *,
    secret: str = TEST_TOTP_SECRET,
) -> str:
    """Log an officer in through the login form and the second-factor form, as a browser does;
    keeps the session cookie on ``client`` and returns where the login leads."""
    import re

    client.cookies.clear()
    page = await client.post("/login", data={"username": username, "password": password, "next": next})
    assert page.status_code == 303, page.text
    assert page.headers["location"].startswith("/login/second-factor"), page.headers["location"]
    client.cookies.set("dancu_session", page.cookies["dancu_session"])
    form = await client.get(page.headers["location"])
    found = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert found is not None, form.text
    hidden_next = re.search(r'name="next" value="([^"]*)"', form.text)
    data = {
        "code": totp_now(secret),
        "csrf_token": found.group(1),
        "next": hidden_next.group(1) if hidden_next else "",
    }
    passed = await client.post("/login/second-factor", data=data)
    assert passed.status_code == 303, passed.text
    return str(passed.headers["location"])
