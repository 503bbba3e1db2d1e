"""The database going away: 503 problem+json with Retry-After (never 500), readiness false, a clear
log line, and service again without a restart once the database is back."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url

from dancu.app import create_app
from dancu.settings import Settings


class Gate:
    """A TCP relay in front of PostgreSQL that can be shut (connections cut, new ones refused)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.server: asyncio.Server | None = None
        self.port = 0
        self.links: set[asyncio.StreamWriter] = set()

    async def open(self) -> None:
        self.server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def shut(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in list(self.links):
            writer.close()
        await self.server.wait_closed()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self.links |= {writer, up_writer}

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


async def _client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http
    await app.state.engine.dispose()


def _assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["retry-after"] == "7"
    assert response.json()["code"] == "db.unavailable"


# A route that needs the database: the bearer token is looked up before anything else.
PROTECTED = "/api/v1/fees/receipts"
BEARER = {"Authorization": "Bearer not-a-real-token"}


async def _down_then_up(
    client: httpx.AsyncClient, bring_up: object, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="dancu.web"):
        _assert_unavailable(await client.get(PROTECTED, headers=BEARER))
        _assert_unavailable(await client.post("/api/v1/auth/login", json={"username": "a", "password": "b"}))
    assert any("database unavailable, answering 503" in r.getMessage() for r in caplog.records)
    ready = await client.get("/health/ready")
    assert ready.status_code == 503 and ready.json()["primary"]["reachable"] is False
    assert (await client.get("/health/live")).status_code == 200
    assert (await client.get("/health")).status_code == 200

    await bring_up()  # type: ignore[operator]

    # Same app, same engine: the pool reconnects by itself.
    assert (await client.get(PROTECTED, headers=BEARER)).status_code == 401
    ready = await client.get("/health/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json()["primary"] == {"reachable": True, "role": "primary"}


async def test_database_down_gives_503_and_recovers_without_restart(
    backend: str, database_urls: dict[str, str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    if backend == "postgresql":
        url = make_url(database_urls["postgresql"])
        gate = Gate(url.port or 5432)
        await gate.open()
        settings = Settings(
            database_url=url.set(port=gate.port).render_as_string(hide_password=False),
            cookie_secure=False,
            unavailable_retry_after_seconds=7,
        )
        async for client in _client(settings):
            # Up first, so the pool holds connections that the outage then cuts.
            assert (await client.get(PROTECTED, headers=BEARER)).status_code == 401
            await gate.shut()
            await _down_then_up(client, gate.open, caplog)
        await gate.shut()
    else:
        # SQLite "down": the database's directory is gone (unmounted disk, say).
        source = Path(make_url(database_urls["sqlite"]).database or "")
        target = tmp_path / "disk" / "served.sqlite3"
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{target}",
            cookie_secure=False,
            unavailable_retry_after_seconds=7,
        )

        async def bring_up() -> None:
            target.parent.mkdir()
            shutil.copyfile(source, target)

        async for client in _client(settings):
            target.parent.rmdir()  # create_app made it
            await _down_then_up(client, bring_up, caplog)


async def test_a_server_error_that_is_not_an_outage_stays_500(
    backend: str, database_urls: dict[str, str]
) -> None:
    """The 503 mapping must not hide real bugs: an SQL error from a healthy database is still 500."""
    from fastapi import Depends
    from sqlalchemy import text

    from dancu.web.deps import Public

    app = create_app(Settings(database_url=database_urls[backend], cookie_secure=False))

    @app.get("/broken", dependencies=[Depends(Public("test"))])
    async def broken() -> None:
        async with app.state.sessionmaker() as session:
            await session.execute(text("SELECT * FROM no_such_table"))

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        response = await http.get("/broken")
    await app.state.engine.dispose()
    assert response.status_code == 500
    assert response.json()["code"] == "http.internal"
