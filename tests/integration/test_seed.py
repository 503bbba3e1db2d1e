"""Both loaders of the synthetic population, on both engines, and the proof that they agree."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from dancu.access.actor import Actor
from dancu.access.positions import DecisionKind, Position
from dancu.audit.models import Event, EventType
from dancu.audit.verify import verify_log
from dancu.cli.main import app
from dancu.cli.seed import login_rows
from dancu.clock import now_utc, today_vn
from dancu.competence.models import Delegation
from dancu.db.engine import make_engine
from dancu.db.migrate import upgrade
from dancu.enums.registry import HouseholdRelation, Item, Source
from dancu.identity.models import Account, SecondFactor
from dancu.organisations.demo import create_demo_organisations
from dancu.registry import projection
from dancu.registry.history import record_view
from dancu.registry.models import Citizen, Fact, Household, PinRecord
from dancu.registry.queries import facts_of
from dancu.seed import LEGAL_BASIS, SHARDS, copy_population, seed_population
from dancu.seed_demo import create_demo
from dancu.settings import get_settings
from tests.conftest import PG_ADMIN_URL, _pg_admin
from tests.support.migrated import migrated_sqlite

CITIZEN_FIELDS = (
    "id", "pin", "family_name", "middle_name", "given_name", "full_name", "name_search", "dob", "sex",
    "status", "residence_unit_code", "residence_unit_version", "residence_province_code", "household_id",
)  # fmt: skip


async def _count(session: AsyncSession, model: type[Any]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _projection_matches(session: AsyncSession, citizen: Citizen) -> None:
    """The stored row is what the projection derives from the person's facts."""
    view = record_view(await facts_of(session, citizen.id), valid_on=today_vn(), known_at=now_utc())
    derived = Citizen(id=citizen.id, pin="")
    projection.apply_view(derived, view)
    assert {f: getattr(derived, f) for f in CITIZEN_FIELDS} == {
        f: getattr(citizen, f) for f in CITIZEN_FIELDS
    }


async def test_seed_population_writes_whole_records(session: AsyncSession, system_actor: Actor) -> None:
    report = await seed_population(session, citizens=120, seed=11, actor=system_actor, batch_size=50)
    assert (report.citizens, await _count(session, Citizen), await _count(session, PinRecord)) == (
        120,
        120,
        120,
    )
    assert report.households == await _count(session, Household)
    # Two shards of 60 people, each cut into batches of at least 50 citizens, whole households: 2 + 2.
    assert SHARDS == 2 and report.events == 4
    assert report.facts == await _count(session, Fact)
    citizens = list(await session.scalars(select(Citizen).order_by(Citizen.id)))
    for citizen in citizens[:40]:
        await _projection_matches(session, citizen)
    sources = set(await session.scalars(select(Fact.source).distinct()))
    assert sources == {Source.SYNTHETIC}
    assert set(await session.scalars(select(Fact.legal_basis).distinct())) == {LEGAL_BASIS}
    events = set(await session.scalars(select(Fact.event_id).distinct()))
    types = set(await session.scalars(select(Event.event_type).where(Event.id.in_(events))))
    assert len(events) == 4 and types == {EventType.POPULATION_SEEDED}


async def test_every_household_has_one_head(session: AsyncSession, system_actor: Actor) -> None:
    await seed_population(session, citizens=200, seed=5, actor=system_actor)
    facts = await session.scalars(select(Fact).where(Fact.item == Item.HOUSEHOLD))
    heads: dict[int, int] = {}
    for fact in facts:
        heads.setdefault(fact.ref_id or 0, 0)
        heads[fact.ref_id or 0] += fact.value["relation_to_head"] == HouseholdRelation.HEAD.value
    assert heads and set(heads.values()) == {1}


async def test_seeding_again_continues_ids_and_never_reuses_a_pin(
    session: AsyncSession, system_actor: Actor
) -> None:
    first = await seed_population(session, citizens=60, seed=3, actor=system_actor)
    second = await seed_population(session, citizens=60, seed=3, actor=system_actor)
    assert first.citizens == second.citizens == 60
    pins = list(await session.scalars(select(Citizen.pin)))
    assert len(pins) == len(set(pins)) == 120
    assert await session.scalar(select(func.max(Citizen.id))) == await _count(session, Citizen)


async def test_demo_is_idempotent_and_populates_hoan_kiem(session: AsyncSession) -> None:
    first = await create_demo(session, citizens=80, seed=1)
    second = await create_demo(session, citizens=80, seed=1)
    assert first.population is not None and first.population.citizens == 80
    assert second.population is None
    assert first.residents_in_demo_commune >= 3
    assert all(created for _, created in first.accounts)
    assert not any(created for _, created in second.accounts)
    assert await _count(session, Citizen) == 80
    logins = {entry["username"]: entry for entry in second.as_dict()["logins"]}
    assert logins["demo.hoankiem"]["unit_code"] == "00070"
    assert logins["demo.hanoi"]["unit_code"] == "01"
    # Officers need TOTP: the demo prints each login's authenticator secret and otpauth URI.
    secret = logins["demo.hoankiem"]["totp_secret"]
    assert logins["demo.hoankiem"]["otpauth_uri"].startswith(
        f"otpauth://totp/dancu:demo.hoankiem?secret={secret}"
    )
    account = await session.scalar(select(Account).where(Account.username == "demo.hoankiem"))
    assert (
        account is not None and account.second_factor is SecondFactor.TOTP and account.totp_secret == secret
    )


async def test_the_demo_takes_its_chain_heads_in_order(
    session: AsyncSession, caplog: pytest.LogCaptureFixture
) -> None:
    """Its many appends (people, accounts, cards, the demo organisations) in one transaction take no
    chain's head after a higher one: a first run prints no deadlock-order warning (ADR 0004)."""
    with caplog.at_level(logging.WARNING, logger="dancu.audit"):
        await create_demo(session, citizens=80, seed=1)
        await create_demo_organisations(session, actor=Actor.system("demo"))
    assert [r.getMessage() for r in caplog.records if "locked after" in r.getMessage()] == []


async def test_each_demo_unit_has_a_head_a_delegated_deputy_and_staff(session: AsyncSession) -> None:
    """TT 117/2026 Điều 17 khoản 3–4 and Điều 3 khoản 6: the demo shows the two steps — staff propose,
    the head decides, the deputy under a written delegation — with a login for each position."""
    report = await create_demo(session, citizens=40, seed=2)
    logins = {entry["username"]: entry for entry in report.as_dict()["logins"]}
    for unit in ("demo.hoankiem", "demo.hanoi", "demo.c06"):
        positions = [logins[f"{unit}{suffix}"]["position"] for suffix in ("", ".pho", ".canbo")]
        assert positions == [Position.HEAD, Position.DEPUTY, Position.STAFF]
        assert logins[f"{unit}.pho"]["role"] == logins[unit]["role"]
        assert logins[f"{unit}.pho"]["unit_code"] == logins[unit]["unit_code"]
        deputy = await session.scalar(select(Account).where(Account.username == f"{unit}.pho"))
        assert deputy is not None and deputy.position is Position.DEPUTY
        given = await session.scalar(select(Delegation).where(Delegation.deputy_account_id == deputy.id))
        assert given is not None and set(given.scope) == {k.value for k in DecisionKind}
        assert given.valid_from <= today_vn() <= given.valid_until
    rows = login_rows(report.as_dict() | {"organisation_logins": []})
    assert [r[0] for r in rows[:3]] == [
        "commune_police / head",
        "commune_police / deputy",
        "commune_police / staff",
    ]


# --- The fast road, PostgreSQL only -----------------------------------------------------------------


@pytest.fixture
async def scratch_pg(backend: str) -> AsyncIterator[str]:
    """A migrated PostgreSQL database of its own: the fast loader commits, so it cannot share one."""
    if backend != "postgresql":
        pytest.skip("copy_population is PostgreSQL's fast path (COPY); the ORM path covers SQLite")
    name = f"dancu_seed_{secrets.token_hex(4)}"
    await _pg_admin(f'CREATE DATABASE "{name}"')
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        await asyncio.to_thread(upgrade, url)
        yield url
    finally:
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _rows(session: AsyncSession, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in await session.execute(text(sql))]


FACTS_SQL = (
    "SELECT id, citizen_id, item, key, value, ref_id, valid_from, valid_to, change_kind, source, "
    "verification, legal_basis, dossier_number, reason, officer_account_id FROM fact ORDER BY id"
)
CITIZENS_SQL = f"SELECT {', '.join(CITIZEN_FIELDS)} FROM citizen ORDER BY id"


async def _snapshot(session: AsyncSession) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "facts": await _rows(session, FACTS_SQL),
        "citizens": await _rows(session, CITIZENS_SQL),
        "households": await _rows(session, "SELECT id, number FROM household ORDER BY id"),
        "pins": await _rows(session, "SELECT pin, citizen_id FROM pin_record ORDER BY pin"),
    }


async def test_copy_and_orm_paths_write_the_same_register(
    scratch_pg: str, session: AsyncSession, system_actor: Actor
) -> None:
    assert await _count(session, Citizen) == 0, "the shared test database must hold no committed citizens"
    fast = await copy_population(scratch_pg, citizens=300, seed=7, batch_size=100)
    slow = await seed_population(session, citizens=300, seed=7, actor=system_actor, batch_size=100)
    assert fast.bulk and (fast.citizens, fast.households, fast.facts) == (
        slow.citizens,
        slow.households,
        slow.facts,
    )
    engine = make_engine(scratch_pg)
    try:
        async with AsyncSession(engine) as copied:
            assert await _snapshot(copied) == await _snapshot(session)
            for citizen in list(await copied.scalars(select(Citizen).order_by(Citizen.id)))[:100]:
                await _projection_matches(copied, citizen)
    finally:
        await engine.dispose()


async def test_copy_population_rebuilds_the_schema_and_continues(scratch_pg: str) -> None:
    progress: list[int] = []
    first = await copy_population(scratch_pg, citizens=250, seed=1, batch_size=100, progress=progress.append)
    second = await copy_population(scratch_pg, citizens=50, seed=1)
    assert first.bulk and not second.bulk
    assert progress[-1] == 250 and progress == sorted(progress)
    engine = make_engine(scratch_pg)
    try:
        async with AsyncSession(engine) as db:
            indexes = set(
                await db.scalars(text("SELECT indexname FROM pg_indexes WHERE tablename = 'fact_set'"))
            )
            assert {"ix_fact_set_citizen_id", "ix_fact_set_event_id", "pk_fact_set"} <= indexes
            constraints = set(
                await db.scalars(
                    text("SELECT conname FROM pg_constraint WHERE conrelid = 'fact_set'::regclass")
                )
            )
            assert {"fk_fact_set_citizen_id_citizen", "ck_fact_set_assertions_per_set"} <= constraints
            defaults = await db.scalar(
                text("SELECT count(*) FROM information_schema.columns WHERE table_name = 'fact_set' "
                     "AND column_default IS NOT NULL AND column_name <> 'id'")
            )  # fmt: skip
            assert defaults == 0
            assert await _count(db, Citizen) == 300
            assert await db.scalar(text("SELECT nextval(pg_get_serial_sequence('citizen', 'id'))")) == 301
            pins = list(await db.scalars(select(Citizen.pin)))
            assert len(set(pins)) == 300
    finally:
        await engine.dispose()


async def test_a_fast_load_writes_its_log_heads_to_the_anchor_and_verifies(
    scratch_pg: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader appends its batches' entries on its own connection; once it commits, their chains'
    heads go to the anchor as after any commit that logged, so the log is not read as ahead of it
    (a fresh PostgreSQL register, loaded, then verified, reported anchor.missing before)."""
    monkeypatch.setenv("DANCU_AUDIT_DIR", str(tmp_path / "audit"))
    monkeypatch.delenv("DANCU_AUDIT_ANCHOR", raising=False)
    for citizens in (250, 50):  # the bulk load, then one into the filled tables
        await copy_population(scratch_pg, citizens=citizens, seed=3, batch_size=100)
    lines = [json.loads(line) for line in (tmp_path / "audit" / "anchor.jsonl").read_text().splitlines()]
    assert [line["kind"] for line in lines] == ["heads", "heads"]
    engine = make_engine(scratch_pg)
    try:
        async with AsyncSession(engine) as db:
            heads = {
                str(c): [s, h]
                for c, s, h in await db.execute(text("SELECT chain, seq, head_hash FROM audit_chain"))
            }
            assert lines[-1]["heads"] == heads
            report = await verify_log(db)
    finally:
        await engine.dispose()
    assert report.ok, report.as_dict()


async def test_copy_population_refuses_sqlite() -> None:
    with pytest.raises(ValueError, match="PostgreSQL"):
        await copy_population("sqlite+aiosqlite:///x.db", citizens=1, seed=1)


# --- The command line ---------------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Result]]:
    """``dancu seed`` / ``dancu demo`` against a fresh, migrated SQLite file."""
    url = migrated_sqlite(tmp_path / "cli.sqlite3")
    monkeypatch.setenv("DANCU_DATABASE_URL", url)
    get_settings.cache_clear()
    yield lambda *args: CliRunner().invoke(app, list(args))
    get_settings.cache_clear()


def test_cli_refuses_bad_input_with_a_clear_error(cli: Callable[..., Result]) -> None:
    zero = cli("seed", "--citizens", "0")
    assert zero.exit_code == 1 and "greater_than_equal" in zero.output
    fast = cli("seed", "--citizens", "10", "--fast")
    assert fast.exit_code == 2 and "seed.fast_needs_postgresql" in fast.output


def test_cli_seeds_and_demo_is_repeatable(cli: Callable[..., Result]) -> None:
    seeded = cli("seed", "--citizens", "40", "--seed", "3")
    assert seeded.exit_code == 0, seeded.output
    summary = json.loads(seeded.stdout)
    assert (summary["citizens"], summary["fast"]) == (40, False) and summary["facts"] > 40 * 14
    assert {"households", "seconds", "rows_per_second"} <= set(summary)
    first, second = cli("demo", "--citizens", "30", "--json"), cli("demo", "--citizens", "30", "--json")
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    assert json.loads(second.stdout)["population"] == "already seeded"
    logins = json.loads(first.stdout)["logins"]
    assert {entry["username"] for entry in logins} >= {"demo.hoankiem", "demo.hanoi", "demo.c06"}
    # A k1 agency and a k2 bank, created once and reported (not created) the second time.
    organisations = {e["actor_group"]: e for e in json.loads(first.stdout)["organisation_logins"]}
    assert set(organisations) == {"k1", "k2"} and all(e["created"] for e in organisations.values())
    again = json.loads(second.stdout)["organisation_logins"]
    assert [e["created"] for e in again] == [False, False]
