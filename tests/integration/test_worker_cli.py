"""`dancu worker --once` drains the queue: a reconciliation batch gets done."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from sqlalchemy import select

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.access.models import Organisation
from dancu.clock import now_utc
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.jobs.models import Job, JobStatus
from dancu.registry.models import Citizen
from dancu.sharing.reconcile import actions
from dancu.sharing.reconcile.models import ReconcileBatch, SourceFormat
from tests.support.cli import run_cli
from tests.support.migrated import migrated_sqlite


async def _submit(url: str) -> int:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            people = (await session.scalars(select(Citizen).order_by(Citizen.id).limit(3))).all()
            organisation = Organisation(
                name="Sở Lao động", actor_group=ActorGroup.K1, mandate=["full_name"], legal_basis="QĐ 1",
                active=True, created_at=now_utc(),
            )  # fmt: skip
            session.add(organisation)
            await session.flush()
            actor = Actor(
                label="cli", group=ActorGroup.K1, channel=Channel.OTHER, organisation_id=organisation.id,
                organisation_name=organisation.name, fields=frozenset({"full_name"}),
            )  # fmt: skip
            lines = ["pin,full_name,date_of_birth", *(f"{p.pin},{p.full_name},{p.dob}" for p in people)]
            batch = await actions.submit(
                session, ("\n".join(lines) + "\n").encode(), source_format=SourceFormat.CSV,
                purpose="Thử", staff_id=None, actor=actor, max_rows=10, chunk_rows=2,
            )  # fmt: skip
            await session.commit()
            return batch.id
    finally:
        await engine.dispose()


async def _outcome(url: str, batch_id: int) -> tuple[JobStatus, dict[str, int]]:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            batch = await session.get(ReconcileBatch, batch_id)
            assert batch is not None
            job = await session.get(Job, batch.job_id)
            assert job is not None
            return job.status, batch.counts
    finally:
        await engine.dispose()


def test_the_worker_command_runs_a_queued_batch(tmp_path: Path) -> None:
    url = migrated_sqlite(tmp_path / "worker.sqlite3")
    seeded = run_cli("seed", "--citizens", "5", database_url=url)
    assert seeded.exit_code == 0, seeded.stderr
    batch_id = asyncio.run(_submit(url))
    ran = run_cli("worker", "--once", "--kinds", "sharing.reconcile", database_url=url)
    assert ran.exit_code == 0, ran.stderr
    assert json.loads(ran.stdout) == {"jobs_run": 1}
    status, counts = asyncio.run(_outcome(url, batch_id))
    assert status is JobStatus.DONE and counts["MATCH"] == 3
