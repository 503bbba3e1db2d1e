"""Read routing: stale-tolerant reads on a replica, writes and fresh reads on the primary, a login's
own writes visible to its next reads, unreachable replicas passed over.

The "replica" here is a second engine on the same database (its own pool and URL); which engine ran
a statement is recorded from each engine's cursor events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import Depends
from sqlalchemy import event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from dancu.app import create_app
from dancu.audit.queries import tracker
from dancu.db.engine import make_read_router, make_routing_sessionmaker, make_served_engine
from dancu.db.routing import LSN_PATTERN, WAL_COOKIE, ReadRouter, begin_request, caller_key, end_request
from dancu.lookup.queries import people_by_pins, records_now
from dancu.registry.models import Citizen
from dancu.registry.policies import NATIONWIDE_TERRITORY
from dancu.registry.queries import search_citizens
from dancu.settings import Settings
from dancu.sharing.feed.queries import _entries_after
from dancu.web.deps import Public


class Recorder:
    def __init__(self, *engines: tuple[str, AsyncEngine]) -> None:
        self.seen: list[tuple[str, str]] = []
        for name, engine in engines:
            event.listen(engine.sync_engine, "before_cursor_execute", self._listener(name))

    def _listener(self, name: str) -> Any:
        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            self.seen.append((name, statement))

        return record

    def engines_for(self, fragment: str) -> set[str]:
        return {name for name, statement in self.seen if fragment in statement}


def _replica_url(url: str) -> str:
    """The same database under another URL (a different pool), standing in for a streaming replica."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        return parsed.set(host="localhost").render_as_string(hide_password=False)
    return url.replace("sqlite+aiosqlite:///", "sqlite+aiosqlite:///file:") + "?mode=rw&uri=true"


@pytest.fixture
async def router(backend: str, database_urls: dict[str, str]) -> AsyncIterator[ReadRouter]:
    url = database_urls[backend]
    read_router = make_read_router(
        make_served_engine(url),
        [_replica_url(url)],
        max_lag_seconds=5,
        probe_seconds=60,
        read_your_writes_seconds=60,
    )
    await read_router.probe()
    yield read_router
    await read_router.primary.dispose()
    for replica in read_router.replicas:
        await replica.engine.dispose()


@pytest.fixture
def recorder(router: ReadRouter) -> Recorder:
    return Recorder(("primary", router.primary), ("replica", router.replicas[0].engine))


@contextmanager
def as_caller(token: str | None, cookie_lsn: str | None = None) -> Iterator[None]:
    _caller, context = begin_request(caller_key(token), cookie_lsn)
    try:
        yield
    finally:
        end_request(context)


async def test_stale_tolerant_reads_go_to_the_replica_the_rest_to_the_primary(
    router: ReadRouter, recorder: Recorder
) -> None:
    assert router.usable_replicas() == router.replicas
    async with make_routing_sessionmaker(router)() as session:
        await people_by_pins(session, ["001090000001"])
        await records_now(session, [1])
        await search_citizens(session, territory=NATIONWIDE_TERRITORY, name="Nguyễn")
        await tracker(session, 1, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        await _entries_after(session, 0, {"birth"})
        await session.scalar(select(Citizen.id).where(Citizen.pin == "001090000001"))  # not marked
        await session.scalar(select(Citizen.id).where(Citizen.id == 1).with_for_update())
    assert recorder.engines_for("FROM citizen") >= {"replica", "primary"}
    assert recorder.engines_for("FROM fact") == {"replica"}
    assert recorder.engines_for("FROM event") == {"replica"}
    assert recorder.engines_for("FROM feed_entry") == {"replica"}
    unmarked = [
        name for name, sql in recorder.seen if "citizen.pin = " in sql and "citizen.pin IN" not in sql
    ]
    assert unmarked == ["primary"]
    locked = [name for name, sql in recorder.seen if "FOR UPDATE" in sql]
    assert locked in ([], ["primary"])  # SQLite has no FOR UPDATE; PostgreSQL locks on the primary


async def test_after_a_write_the_unit_of_work_reads_the_primary(
    router: ReadRouter, recorder: Recorder
) -> None:
    async with make_routing_sessionmaker(router)() as session:
        await session.execute(text("CREATE TEMPORARY TABLE routing_probe (n integer)"))
        await search_citizens(session, territory=NATIONWIDE_TERRITORY, name="Trần")
        await session.rollback()
    assert recorder.engines_for("name_search") == {"primary"}


async def test_a_login_reads_its_own_writes(router: ReadRouter, recorder: Recorder) -> None:
    maker = make_routing_sessionmaker(router)
    with as_caller("token-of-a-writer"):
        async with maker() as session:
            await session.execute(text("CREATE TEMPORARY TABLE routing_probe (n integer)"))
            await session.commit()
    mark = router.marks.get(caller_key("token-of-a-writer") or "")
    assert mark is not None
    with as_caller("token-of-a-writer"):
        async with maker() as session:
            await search_citizens(session, territory=NATIONWIDE_TERRITORY, name="Lê")
    with as_caller("token-of-someone-else"):
        async with maker() as session:
            await search_citizens(session, territory=NATIONWIDE_TERRITORY, name="Phạm")
    if router.is_postgresql:
        # The replica (here: the same server) has the write's WAL position, so it may answer.
        assert mark.lsn is not None and LSN_PATTERN.match(mark.lsn)
        assert recorder.engines_for("name_search") == {"replica"}
        assert any("pg_last_wal_replay_lsn" in sql for name, sql in recorder.seen if name == "replica")
    else:
        # SQLite has no WAL position to compare: the writer reads the primary for a while.
        assert mark.lsn is None
        searches = [name for name, sql in recorder.seen if "name_search" in sql]
        assert searches == ["primary", "replica"]


async def test_a_replica_behind_the_logins_write_is_not_read(router: ReadRouter, recorder: Recorder) -> None:
    if not router.is_postgresql:
        pytest.skip("WAL positions exist on PostgreSQL only; SQLite is covered by the test above")
    maker = make_routing_sessionmaker(router)
    # A write mark far ahead of anything the replica has replayed, as another worker's cookie.
    with as_caller("token-from-another-worker", cookie_lsn="FFFFFFFF/0"):
        async with maker() as session:
            await search_citizens(session, territory=NATIONWIDE_TERRITORY, name="Vũ")
    with as_caller("token-from-another-worker", cookie_lsn="0/1"):
        async with maker() as session:
            await search_citizens(session, territory=NATIONWIDE_TERRITORY, name="Võ")
    assert [name for name, sql in recorder.seen if "name_search" in sql] == ["primary", "replica"]


async def test_an_unreachable_replica_is_passed_over(
    router: ReadRouter, recorder: Recorder, tmp_path: Path
) -> None:
    replica = router.replicas[0]
    await replica.engine.dispose()
    good_engine = replica.engine
    url = good_engine.url
    if router.is_postgresql:
        replica.engine = make_served_engine(url.set(port=1).render_as_string(False))
    else:
        broken = tmp_path / "broken.sqlite3"
        broken.write_bytes(b"not a database" * 100)
        replica.engine = make_served_engine(f"sqlite+aiosqlite:///{broken}")
    try:
        await router.probe()
        assert replica.reachable is False and replica.error
        assert router.usable_replicas() == []
        async with make_routing_sessionmaker(router)() as session:
            await search_citizens(session, territory=NATIONWIDE_TERRITORY, name="Đỗ")
        assert recorder.engines_for("name_search") == {"primary"}
    finally:
        await replica.engine.dispose()
        replica.engine = good_engine


@pytest.fixture
async def routed_client(backend: str, database_urls: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    url = database_urls[backend]
    app = create_app(
        Settings(database_url=url, database_replica_urls=[_replica_url(url)], cookie_secure=False)
    )

    @app.post("/probe-write", dependencies=[Depends(Public("test"))])
    async def probe_write() -> dict[str, str]:
        session: AsyncSession
        async with app.state.sessionmaker() as session:
            await session.execute(text("CREATE TEMPORARY TABLE routing_probe (n integer)"))
            await session.commit()
        return {"ok": "yes"}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http
    await app.state.engine.dispose()
    for replica in app.state.read_router.replicas:
        await replica.engine.dispose()


async def test_the_app_hands_the_write_mark_back_and_reports_replicas(
    routed_client: httpx.AsyncClient, backend: str
) -> None:
    written = await routed_client.post("/probe-write", headers={"Authorization": "Bearer abc"})
    assert written.status_code == 200
    if backend == "postgresql":
        assert LSN_PATTERN.match(written.cookies[WAL_COOKIE])
    else:
        assert WAL_COOKIE not in written.cookies
    ready = await routed_client.get("/health/ready")
    assert ready.status_code == 200, ready.text
    (replica,) = ready.json()["replicas"]
    assert replica["name"] == "replica-1" and replica["reachable"] is True
    assert replica["serving_reads"] is True and replica["lag_seconds"] == 0
