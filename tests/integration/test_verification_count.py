"""The probing limit on a requester's questions counts them by their numbers (migration 0033): each
question is numbered after its requester's last one, under the requester's lock, at an instant
never before that one's; the questions of the period are the last number less the period's first,
plus one. Exact as the period slides, and two index probes however many questions there are."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from dancu import clock
from dancu.access.actor import Actor
from dancu.lookup import queries
from dancu.lookup.actions import pin_digest, record_question, requester_key
from dancu.lookup.models import VerificationQuestion

ASKER = Actor.system("probing count test")
PIN, OTHER_PIN = "001085000001", "001085000002"
T0 = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(hours=24)


async def _ask(session: AsyncSession, at: dt.datetime, pin: str = PIN) -> VerificationQuestion:
    with clock.freeze(at):
        await queries.lock_requester(session, requester_key(ASKER))
        counted = await _counted(session, at, pin)  # as the use case counts before it writes
        return await record_question(
            session, actor=ASKER, pin=pin, question="age_at_least", outcome="answered", last=counted.last
        )


async def _counted(
    session: AsyncSession, at: dt.datetime, pin: str = PIN, key: str | None = None
) -> queries.Counted:
    return await queries.questions_since(
        session,
        requester_key=key or requester_key(ASKER),
        since=at - DAY,
        pin_digest=pin_digest(pin),
        cap=100,
    )


async def _a_question_every_20_seconds(session: AsyncSession, key: str, many: int) -> None:
    """``many`` questions of ``key`` from T0, numbered as the writers number them, about 50 subjects
    in turn (``d0`` … ``d49``)."""
    await session.execute(
        text(
            "INSERT INTO verification_question (asked_at, requester_key, requester_seq, actor_group,"
            " pin_digest, question, outcome) VALUES (:at, :key, :seq, 'k1', :digest, 'age_at_least',"
            " 'answered')"
        ),
        [
            {"at": T0 + dt.timedelta(seconds=20 * n), "key": key, "seq": n + 1, "digest": f"d{n % 50}"}
            for n in range(many)
        ],
    )


async def test_the_period_counts_what_is_in_it_and_forgets_what_aged_out(session: AsyncSession) -> None:
    for hours in (0, 0, 1):
        await _ask(session, T0 + dt.timedelta(hours=hours))
    await _ask(session, T0 + dt.timedelta(hours=2), OTHER_PIN)
    await _ask(session, T0 + dt.timedelta(hours=5))
    counted = await _counted(session, T0 + dt.timedelta(hours=6))
    assert (counted.total, counted.about, counted.last) == (5, 4, (5, T0 + dt.timedelta(hours=5)))
    # One day after the first two questions, they have aged out: the other three remain.
    assert (await _counted(session, T0 + DAY + dt.timedelta(minutes=1)))[:2] == (3, 2)
    assert (await _counted(session, T0 + DAY + dt.timedelta(hours=3)))[:2] == (1, 1)
    assert (await _counted(session, T0 + DAY + dt.timedelta(hours=6)))[:2] == (0, 0)
    # The count about one PIN stops at the cap; the requester's count does not need one.
    capped = await queries.questions_since(
        session, requester_key=requester_key(ASKER), since=T0 - DAY, pin_digest=pin_digest(PIN), cap=2
    )
    assert capped[:2] == (5, 2)


async def test_questions_are_numbered_in_order_and_never_go_back_in_time(session: AsyncSession) -> None:
    first = await _ask(session, T0 + dt.timedelta(hours=3))
    # A clock behind the last question's (another server's): the question is dated at that one's
    # instant, so that every question after the period's first is in the period too.
    behind = await _ask(session, T0 + dt.timedelta(hours=2))
    later = await _ask(session, T0 + dt.timedelta(hours=4))
    assert [q.requester_seq for q in (first, behind, later)] == [1, 2, 3]
    assert behind.asked_at == first.asked_at
    assert later.asked_at == T0 + dt.timedelta(hours=4)
    # Another requester's questions have numbers of their own.
    other = Actor.system("another requester")
    with clock.freeze(T0):
        row = await record_question(
            session, actor=other, pin=PIN, question="age_at_least", outcome="answered", last=None
        )
    assert row.requester_seq == 1


async def test_the_count_reads_a_few_index_entries_however_many_questions(
    session: AsyncSession, backend: str
) -> None:
    # A requester of this test's own: the other tests' rolled-back questions leave dead index entries
    # (autovacuum may be off), which a scan returns before it sees they are dead, and which would
    # count here if they were ASKER's at the same instants.
    key, many = "test:index-entries-read", 3_000
    await _a_question_every_20_seconds(session, key, many)
    await session.commit()
    now = T0 + dt.timedelta(seconds=20 * many)
    if backend != "postgresql":
        plan = " ".join(
            str(row[-1])
            for row in await session.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT requester_seq FROM verification_question WHERE requester_key"
                    " = :k AND asked_at >= :s ORDER BY asked_at, requester_seq LIMIT 1"
                ),
                {"k": key, "s": now - DAY},
            )
        )
        assert "ix_verification_question_requester" in plan and "TEMP B-TREE" not in plan, plan
        assert (await _counted(session, now, "x", key))[:2] == (many, 0)
        return
    # With the table's statistics (a fresh table has none, and the planner then ties the subject's
    # index with the requester's, which reads the whole period for one subject's count).
    await session.execute(text("ANALYZE verification_question"))
    taken = text(
        "SELECT coalesce(sum(pg_stat_get_xact_tuples_returned(indexrelid)), 0) FROM pg_index"
        " WHERE indrelid = 'verification_question'::regclass"
    )
    before = int(await session.scalar(taken) or 0)
    # 4,320 questions a day at this rate: the period holds all 3,000, then, half a day on, the last 2,160.
    assert (await _counted(session, now, "x", key))[:2] == (many, 0)
    assert (await _counted(session, now + DAY / 2, "x", key))[:2] == (2_160, 0)
    read = int(await session.scalar(taken) or 0) - before
    # For each of the two counts: the last question (its number, its instant), the period's first.
    assert read <= 6, read
    numbers = list(
        await session.scalars(
            select(VerificationQuestion.requester_seq).where(VerificationQuestion.requester_key == key)
        )
    )
    assert sorted(numbers) == list(range(1, many + 1))


async def test_the_driver_count_probes_the_indexes_of_a_table_that_grew_from_empty(
    session: AsyncSession, backend: str
) -> None:
    """The hot path's count (lookup/verify_driver.py) is first run on an empty table, where every plan
    costs the same; the table then grows, and this machine kind runs without autovacuum, so no
    ANALYZE comes. Its plan is kept from the first call (migration 0038), with only the intended
    index paths left to the planner, so it probes the indexes once there are rows: 0034's plan kept
    from the empty table scanned every row, or every question of the period, in every group."""
    if backend != "postgresql":
        pytest.skip(
            "verification_counts() (migration 0034) and the asyncpg driver path exist on PostgreSQL "
            "only; SQLite counts on the session path, tested above"
        )
    from dancu.lookup.verify_driver import COUNT

    connection = await (await session.connection()).get_raw_connection()
    driver = connection.driver_connection
    key = requester_key(ASKER)
    args = ([key], ["d1"], T0, 5)
    for _ in range(8):  # the plan is kept from the first call; more calls than a server would need to settle
        assert [tuple(r) for r in await driver.fetch(COUNT, *args)] == [(key, "d1", None, None, 0, 0)]
    await _a_question_every_20_seconds(session, key, 3_000)
    scanned = text("SELECT pg_stat_get_xact_tuples_returned('verification_question'::regclass)")
    probed = text(
        "SELECT coalesce(sum(pg_stat_get_xact_tuples_returned(indexrelid)), 0) FROM pg_index"
        " WHERE indrelid = 'verification_question'::regclass"
    )
    seq_before, index_before = int(await session.scalar(scanned) or 0), int(await session.scalar(probed) or 0)
    (row,) = await driver.fetch(COUNT, *args)
    assert (row["total"], row["about"], row["last_seq"]) == (3_000, 5, 3_000)  # about: no further than 5
    assert int(await session.scalar(scanned) or 0) - seq_before == 0  # no row read by a sequential scan
    assert int(await session.scalar(probed) or 0) - index_before <= 10  # last, first, the subject's five


async def test_a_group_reads_each_requesters_last_and_first_question_once(
    session: AsyncSession, backend: str
) -> None:
    """A group's count (lookup/verify_driver.py) reads a requester's last question and the period's
    first once for all of its questions, and probes the subject's index once per question: before
    migration 0042 the two requester probes ran again for every question of the group."""
    if backend != "postgresql":
        pytest.skip("verification_counts() and the driver path exist on PostgreSQL only")
    from dancu.lookup.verify_driver import COUNT

    key, many, asked = "test:ends-once", 3_000, 12
    await _a_question_every_20_seconds(session, key, many)
    # With the table's statistics, as a server's table has them: the join then probes the requester
    # per question unless ``ends`` is computed first (a fresh table's estimates hid it).
    await session.execute(text("ANALYZE verification_question"))
    connection = await (await session.connection()).get_raw_connection()
    driver = connection.driver_connection
    scans = text(
        "SELECT c.relname, pg_stat_get_xact_numscans(i.indexrelid) FROM pg_index AS i"
        " JOIN pg_class AS c ON c.oid = i.indexrelid WHERE i.indrelid = 'verification_question'::regclass"
    )
    before = {name: n for name, n in (await session.execute(scans)).all()}
    digests = [f"d{n}" for n in range(asked)]
    rows = await driver.fetch(COUNT, [key] * asked, digests, T0, 5)
    after = {name: n for name, n in (await session.execute(scans)).all()}
    probed = {name: after[name] - before[name] for name in after if after[name] != before[name]}
    # d0 … d11 were each asked 60 times (every 50th question): counted no further than the cap.
    assert sorted((r["digest"], r["total"], r["about"], r["last_seq"]) for r in rows) == sorted(
        (d, many, 5, many) for d in digests
    )
    assert probed == {
        "ix_verification_question_seq": 1,
        "ix_verification_question_requester": 1,
        "ix_verification_question_subject": asked,
    }, probed
