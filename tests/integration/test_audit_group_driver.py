"""The group commit on a connection of its own (audit/group.py, ``DriverPath``; docs/adr/0017,
"session 13"): on PostgreSQL the app's group commits each group in one transaction of two calls on
a pooled asyncpg connection, with no ORM session. Two groups committing at once on the same people
and chains (two server processes) write one log that verifies, the anchor holds every chain's last
head, a failed group keeps nothing and answers every request with the error, and the app commits
on the driver only while its log sessions are its own."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from dancu.access.actor import Actor
from dancu.app import create_app, shut_down
from dancu.audit import actions as audit
from dancu.audit.anchor import read_anchor
from dancu.audit.chain_count import set_log_chains
from dancu.audit.group import DriverPath, GroupCommit
from dancu.audit.models import AuditChain, Event
from dancu.audit.verify import verify_log
from dancu.db.engine import make_engine, make_sessionmaker, pooled_driver
from dancu.registry.models import Citizen
from dancu.seed import seed_population
from dancu.settings import Settings
from tests.integration.test_verify_hot_path import own_database
from tests.support.person_heads import assert_heads_follow_the_log
from tests.support.unit_of_work import SharedSession

__all__ = ["own_database"]  # the fixture: a database of its own, with real commits

ACTOR = Actor.system("group driver test")


class Counting:
    """An asyncpg connection that counts the calls sent through it and its transactions."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.calls: list[str] = []
        self.transactions = 0

    async def fetch(self, query: str, *args: Any) -> list[Any]:
        self.calls.append(query)
        return list(await self.driver.fetch(query, *args))

    async def execute(self, query: str, *args: Any) -> str:
        self.calls.append(query)
        result: str = await self.driver.execute(query, *args)
        return result

    def transaction(self) -> Any:
        self.transactions += 1
        return self.driver.transaction()


def _path(engine: AsyncEngine, counting: list[Counting]) -> DriverPath:
    @asynccontextmanager
    async def connection() -> AsyncIterator[Any]:
        async with pooled_driver(engine) as driver:
            counting.append(Counting(driver))
            yield counting[-1]

    return DriverPath(connection(), engine.url)


@pytest.fixture
def postgresql_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip(
            "a group commits on a connection of its own on PostgreSQL only; SQLite's groups take the "
            "session path, which test_audit_group_commit.py covers on both engines"
        )


@pytest.fixture
async def world(
    postgresql_only: None, own_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[AsyncEngine, list[int], Path]]:
    anchor = tmp_path / "anchor.jsonl"
    monkeypatch.setenv("DANCU_AUDIT_ANCHOR", str(anchor))
    monkeypatch.setenv("DANCU_AUDIT_MAC_KEY_FILE", str(tmp_path / "mac-keys.json"))
    engine = make_engine(own_database)
    async with AsyncSession(engine, expire_on_commit=False) as session:
        await seed_population(session, citizens=12, seed=5, actor=ACTOR)
        await session.commit()
        people = list(await session.scalars(select(Citizen.id).order_by(Citizen.id)))
    try:
        yield engine, people, anchor
    finally:
        await engine.dispose()


def reads(citizen_ids: list[int | None]) -> list[dict[str, object]]:
    return audit.read_entries(actor=ACTOR, citizen_ids=citizen_ids, fields=["pin"], purpose="Kiểm tra")


async def test_two_groups_at_once_on_their_own_connections_write_one_log_that_verifies(
    world: tuple[AsyncEngine, list[int], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, people, anchor = world
    # Few chains, so both processes' groups meet on the same heads; none has a head row yet.
    monkeypatch.setenv("DANCU_AUDIT_CHAINS", "3")
    sessions = make_sessionmaker(engine)
    async with sessions() as session:  # the log's count, which every writer's must be
        await set_log_chains(session, 3)
        await session.commit()
    before = read_anchor(anchor)
    lines_before = 0 if before is None else before.lines
    seen: list[Counting] = []
    first = GroupCommit(sessions, driver=lambda: _path(engine, seen))
    second = GroupCommit(sessions, driver=lambda: _path(engine, seen))
    asked = [[people[i % 12], people[(i * 5) % 12], None] for i in range(40)]
    answers = []
    for wave in (asked[:20], asked[20:]):  # the first wave makes the chains' head rows
        answers += await asyncio.gather(
            *((first if i % 2 else second).append(reads(ids)) for i, ids in enumerate(wave))
        )
    assert first.groups + second.groups == len(seen) == 4 and first.entries + second.entries == 120
    # Each group: one transaction, the heads' call and the insert; a group that met a chain without
    # its head row yet also made that row and took it.
    shapes = [tuple(call.split()[0] for call in counted.calls) for counted in seen]
    assert {counted.transactions for counted in seen} == {1}
    assert set(shapes) <= {("SELECT", "WITH"), ("SELECT", "INSERT", "SELECT", "WITH")}, shapes
    assert shapes[2:] == [("SELECT", "WITH")] * 2
    async with AsyncSession(engine) as session:
        for ids, receipts in zip(asked, answers, strict=True):
            rows = [await session.get(Event, receipt) for receipt in receipts]
            assert [row.subject_citizen_id for row in rows if row is not None] == ids
        report = await verify_log(session)
        assert report.ok, report.as_dict()
        heads = {c.chain: [c.seq, c.head_hash] for c in await session.scalars(select(AuditChain))}
        # Each person's latest entry, kept by the log's trigger from the groups' statements.
        assert await assert_heads_follow_the_log(session) >= 12
    # The anchor's furthest head for each chain is that chain's head in the database. Not its last
    # line: each group writes its line after its commit, outside every lock, so two groups that
    # commit one after the other may write their lines in the other order (read_anchor keeps the
    # furthest position, as verify does).
    kept = read_anchor(anchor)
    assert kept is not None and kept.unreadable == []
    assert kept.lines - lines_before == 4  # one line a group, each naming the chains it moved
    assert {chain: list(head) for chain, head in kept.heads.items()} == heads
    await first.close()
    await second.close()


async def test_a_failed_group_on_its_connection_keeps_nothing_and_answers_every_request(
    world: tuple[AsyncEngine, list[int], Path],
) -> None:
    engine, people, anchor = world
    seen: list[Counting] = []
    group = GroupCommit(make_sessionmaker(engine), driver=lambda: _path(engine, seen))
    await group.append(reads([people[0]]))
    async with AsyncSession(engine) as session:
        before = await session.scalar(select(func.count()).select_from(Event))
        heads_before = {c.chain: (c.seq, c.head_hash) for c in await session.scalars(select(AuditChain))}
    lines_before = anchor.read_text(encoding="utf-8")
    broken = reads([people[1]])[0] | {"actor_account_id": 2_000_000_000}  # no such account: refused
    outcomes = await asyncio.gather(
        group.append(reads([people[2]])), group.append([broken]), return_exceptions=True
    )
    assert all("fk_event_actor_account_id_account" in str(outcome) for outcome in outcomes), outcomes
    async with AsyncSession(engine) as session:
        assert await session.scalar(select(func.count()).select_from(Event)) == before
        assert {
            c.chain: (c.seq, c.head_hash) for c in await session.scalars(select(AuditChain))
        } == heads_before
        assert (await verify_log(session)).ok
    assert anchor.read_text(encoding="utf-8") == lines_before  # nothing anchored for a rollback
    assert len(await group.append(reads([people[2]]))) == 1  # and the next group commits
    await group.close()


async def test_the_app_commits_on_the_driver_only_on_postgresql_while_its_log_sessions_are_its_own(
    backend: str, database_urls: dict[str, str], session: AsyncSession
) -> None:
    app = create_app(Settings(database_url=database_urls[backend], cookie_secure=False))
    try:
        group: GroupCommit = app.state.log_group
        path = group._driver_path()
        if backend == "sqlite":  # SQLite's groups commit through the ORM path
            assert path is None
            return
        assert isinstance(path, DriverPath) and path.url == app.state.log_engine.url
        app.state.log_sessionmaker = SharedSession(session)  # the tests' shared session: its path
        assert group._driver_path() is None
    finally:
        await shut_down(app)


async def test_a_column_added_to_the_log_while_a_connection_is_held_breaks_no_group(
    world: tuple[AsyncEngine, list[int], Path],
) -> None:
    """A later version's migration (or an operator's) can add a column to ``event`` while servers
    run, and after a rollback the log keeps it. A group on a connection that already inserted
    before the change still commits (the driver's row type is the log's own ``audit_entry_v1``,
    whose columns it keeps per connection, not ``event``'s), and the new column takes its default."""
    engine, people, _ = world
    async with pooled_driver(engine) as held:

        @asynccontextmanager
        async def same() -> AsyncIterator[Any]:
            yield held

        group = GroupCommit(make_sessionmaker(engine), driver=lambda: DriverPath(same(), engine.url))
        await group.append(reads([people[0]]))
        async with engine.begin() as connection:
            await connection.execute(
                text("ALTER TABLE event ADD COLUMN later_column text NOT NULL DEFAULT 'kept'")
            )
        ids = await group.append(reads([people[1], people[2]]))
        await group.close()
    async with AsyncSession(engine) as session:
        later = await session.scalars(
            text("SELECT later_column FROM event WHERE id = ANY(:ids)"), {"ids": ids}
        )
        assert list(later) == ["kept", "kept"]
        assert (await verify_log(session)).ok


async def test_the_drivers_row_type_has_the_columns_an_entry_is_written_with(
    world: tuple[AsyncEngine, list[int], Path],
) -> None:
    """``audit_entry_v1`` (migration 0037) names exactly the model's columns of ``event``, with
    the table's types: a column added to the model needs a new row type with it."""
    engine, _, _ = world
    attributes = (
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute AS a "
        "WHERE a.attrelid = CAST(:relation AS regclass) AND a.attnum > 0 AND NOT a.attisdropped"
    )
    async with AsyncSession(engine) as session:
        entry = dict((await session.execute(text(attributes), {"relation": "audit_entry_v1"})).all())
        table = dict((await session.execute(text(attributes), {"relation": "event"})).all())
    assert set(entry) == {column.name for column in Event.__table__.columns}
    assert entry == {name: kind for name, kind in table.items() if name in entry}


class Tagging:
    """A step that keeps every item whose tag is not "no" and writes, with the append, one row of
    (tag, receipt) per item kept into ``step_rows``; its statement numbers two parameters."""

    def __init__(self, table: str = "step_rows") -> None:
        self.insert = f"INSERT INTO {table} (tag, receipt) SELECT * FROM unnest($1::text[], $2::bigint[])"

    async def before(self, driver: Any, items: Any) -> list[Any]:
        return [None if tag == "no" else reads([None]) for tag in items]

    def with_append(self, items: Any, ids: Any) -> tuple[str, tuple[Any, ...]]:
        return self.insert, (list(items), [receipt for (receipt,) in ids])


async def test_steps_write_their_rows_in_the_appends_own_statement(
    world: tuple[AsyncEngine, list[int], Path],
) -> None:
    """What a step writes once its entries' ids are known (the yes/no questions' rows) rides in the
    append's insert, as a CTE with its parameters numbered after the append's own: the group's calls
    are still the heads' and the insert's, each row carries its entry's id, two steps in one group
    write both, a declined item writes nothing, and a failed group keeps no step's row."""
    engine, people, _ = world
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE step_rows (tag text NOT NULL, receipt bigint NOT NULL)"))
        await connection.execute(text("CREATE TABLE other_rows (tag text NOT NULL, receipt bigint NOT NULL)"))
    seen: list[Counting] = []
    group = GroupCommit(make_sessionmaker(engine), driver=lambda: _path(engine, seen))
    # The chains' head rows first (the people's and the actor's), so each group below is two calls.
    await group.append(reads([people[1], None]))
    tags, others = Tagging(), Tagging("other_rows")
    asked = await asyncio.gather(
        group.append_step([], tags, "a"),
        group.append_step([], tags, "no"),
        group.append(reads([people[1]])),
        group.append_step([], others, "b"),
        group.append_step([], tags, "c"),
    )
    assert asked[1] is None and all(len(receipts or ()) == 1 for i, receipts in enumerate(asked) if i != 1)
    shapes = [tuple(call.split()[0] for call in counted.calls) for counted in seen[1:]]
    assert set(shapes) == {("SELECT", "WITH")}, shapes
    async with AsyncSession(engine) as session:
        written = set((await session.execute(text("SELECT tag, receipt FROM step_rows"))).all())
        other = set((await session.execute(text("SELECT tag, receipt FROM other_rows"))).all())
        assert written == {("a", asked[0][0]), ("c", asked[4][0])}  # type: ignore[index]
        assert other == {("b", asked[3][0])}  # type: ignore[index]
        assert (await verify_log(session)).ok
    broken = reads([people[2]])[0] | {"actor_account_id": 2_000_000_000}  # no such account: refused
    failed = await asyncio.gather(
        group.append_step([], tags, "d"), group.append([broken]), return_exceptions=True
    )
    assert all(isinstance(outcome, Exception) for outcome in failed), failed
    async with AsyncSession(engine) as session:
        assert await session.scalar(text("SELECT count(*) FROM step_rows WHERE tag = 'd'")) == 0
    await group.close()


async def test_a_step_statement_must_number_as_many_parameters_as_it_brings(
    world: tuple[AsyncEngine, list[int], Path],
) -> None:
    engine, _, _ = world
    group = GroupCommit(make_sessionmaker(engine), driver=lambda: _path(engine, []))
    async with AsyncSession(engine) as session:
        before = await session.scalar(select(func.count()).select_from(Event))

    class Short(Tagging):
        def with_append(self, items: Any, ids: Any) -> tuple[str, tuple[Any, ...]]:
            return self.insert, (list(items),)

    with pytest.raises(ValueError, match="as many arguments"):
        await group.append_step([], Short(), "a")
    async with AsyncSession(engine) as session:  # nothing of that group was kept
        assert await session.scalar(select(func.count()).select_from(Event)) == before
    await group.close()


async def test_a_step_keeps_an_item_only_with_its_entries(
    world: tuple[AsyncEngine, list[int], Path],
) -> None:
    """What a step writes rides in the append's statement: an item kept without entries would have
    nothing to write it with, so the group refuses it rather than drop the step's rows."""
    engine, _, _ = world
    group = GroupCommit(make_sessionmaker(engine), driver=lambda: _path(engine, []))

    class Empty(Tagging):
        async def before(self, driver: Any, items: Any) -> list[Any]:
            return [[] for _ in items]

    with pytest.raises(ValueError, match="only with its entries"):
        await group.append_step([], Empty(), "a")
    await group.close()
