"""The log states the number of chains its writers share, and refuses an entry from a writer that
counts otherwise (migration 0041, docs/adr/0004 "session 19"): a person's entries stay one list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.actions import chain_count, record_read
from dancu.audit.chain_count import log_chains, set_log_chains
from dancu.audit.models import Event
from dancu.audit.verify import verify_log
from dancu.registry.models import Citizen
from dancu.seed import seed_population
from tests.support.audit_scratch import invoke, scratch_database

ACTOR = Actor.system("chain count test")


async def _read(session: AsyncSession, person: int) -> None:
    await record_read(session, actor=ACTOR, citizen_id=person, fields=["dob"], purpose="Kiểm tra")


async def _entries(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Event)) or 0)


async def test_a_writer_that_counts_other_chains_is_refused_and_writes_nothing(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DANCU_AUDIT_CHAINS", raising=False)
    assert await log_chains(session) == chain_count() == 64
    await seed_population(session, citizens=12, seed=19, actor=ACTOR)
    ids = list(await session.scalars(select(Citizen.id).order_by(Citizen.id)))
    person = next(i for i in ids if i % 3 != i % 64)  # another chain among 3 than among 64
    await _read(session, person)
    before = await _entries(session)
    monkeypatch.setenv("DANCU_AUDIT_CHAINS", "3")  # a worker started with another count
    with pytest.raises(
        IntegrityError, match="among the log's 64 chains; run every writer with DANCU_AUDIT_CHAINS=64"
    ):
        async with session.begin_nested():
            await _read(session, person)
    assert await _entries(session) == before
    # A person both counts put on the same chain forks nothing: their entry is taken.
    same = next(i for i in ids if i % 3 == i % 64)
    await _read(session, same)
    assert await _entries(session) == before + 1


async def test_a_new_count_is_stated_once_and_the_log_still_verifies(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DANCU_AUDIT_CHAINS", raising=False)
    await seed_population(session, citizens=12, seed=20, actor=ACTOR)
    ids = list(await session.scalars(select(Citizen.id).order_by(Citizen.id)))
    person = next(i for i in ids if i % 5 != i % 64)
    await _read(session, person)
    assert await set_log_chains(session, 5) == 64
    assert await log_chains(session) == 5
    with pytest.raises(IntegrityError):  # the writers not yet restarted with the new count
        async with session.begin_nested():
            await _read(session, person)
    monkeypatch.setenv("DANCU_AUDIT_CHAINS", "5")
    await _read(session, person)  # the person's next entry, on their chain among five
    chains = list(
        await session.scalars(
            select(Event.chain).where(Event.subject_citizen_id == person).order_by(Event.id)
        )
    )
    assert chains == [person % 64, person % 5]
    report = await verify_log(session)
    assert report.ok, report.as_dict()
    for wrong in (0, -1, 1_048_577):
        with pytest.raises(ValueError, match="chain count"):
            await set_log_chains(session, wrong)
    assert await log_chains(session) == 5


@pytest.fixture
def scratch(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("DANCU_AUDIT_CHAINS", raising=False)
    yield from scratch_database(backend, tmp_path, monkeypatch, anchored=True)


def test_the_command_shows_and_changes_the_logs_count(scratch: str, monkeypatch: pytest.MonkeyPatch) -> None:
    code, shown = invoke("chains")
    assert code == 0 and shown == {"log_chains": 64, "this_process": 64}
    code, changed = invoke("chains", "7")
    assert code == 0 and changed == {"log_chains": 7, "before": 64, "this_process": 64}
    code, _ = invoke("chains", "0")
    assert code != 0
    monkeypatch.setenv("DANCU_AUDIT_CHAINS", "7")
    code, shown = invoke("chains")
    assert code == 0 and shown == {"log_chains": 7, "this_process": 7}
    code, report = invoke("verify")
    assert code == 0 and report["ok"], report
