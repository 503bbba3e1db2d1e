"""Batch reconciliation (đối soát): codes per row, bad files, crash and resume, access, download."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.audit.models import Event, EventSubject, EventType
from dancu.audit.queries import tracker
from dancu.clock import now_utc
from dancu.jobs import actions as job_actions
from dancu.jobs import worker
from dancu.jobs.models import Job, JobKind, JobStatus
from dancu.registry.models import Citizen
from dancu.registry.queries import citizen_by_pin
from dancu.sharing.reconcile import actions as reconcile_actions
from dancu.sharing.reconcile import handler
from dancu.sharing.reconcile.models import ReconcileBatch, ReconcileResult
from tests.support.builders import (
    DOB,
    NAME,
    c06,
    dossier,
    issue_headers,
    member,
    organisation,
    person,
    registrar,
)

URL = "/api/v1/reconciliations"
PURPOSE = {"purpose": "Đối soát dữ liệu bảo hiểm xã hội"}
HEADER = "pin,full_name,date_of_birth,sex,permanent_residence_unit\n"


class SharedSessions:
    """A sessionmaker that hands the worker the test's savepoint session (rolled back on error)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def __call__(self) -> SharedSessions:
        return self

    async def __aenter__(self) -> AsyncSession:
        return self.session

    async def __aexit__(self, kind: object, *exc: object) -> None:
        if kind is not None:
            await self.session.rollback()


class World:
    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


@pytest.fixture
async def world(client: httpx.AsyncClient, session: AsyncSession) -> World:
    officer = await c06(client, session)
    match, mismatch, dead, cancelled = [await person(client, officer) for _ in range(4)]
    death = {"status": "dead", "date": "2025-01-02", **dossier()}
    url = f"/api/v1/registry/citizens/{dead}/death"
    assert (await client.post(url, json=death, headers=officer)).status_code == 204
    adjust = {"item": "sex", "value": "2", "reason": "Xác định lại giới tính", "proof": "QĐ 9", **dossier()}
    url = f"/api/v1/registry/citizens/{cancelled}"
    assert (await client.post(f"{url}/adjustments", json=adjust, headers=officer)).status_code == 204
    body = {"ground": "forged_documents", **dossier()}
    new = await client.post(f"{url}/pin-reestablishment", json=body, headers=officer)
    assert new.status_code == 200, new.text
    operator = await registrar(client, session)
    org = await organisation(client, operator, "bhxh.admin")
    await organisation(
        client, operator, "bank.admin", group="k2", mandate=["full_name"], legal_representative_pin=match
    )
    citizen: Citizen = await citizen_by_pin(session, match)
    return World(
        match=match,
        mismatch=mismatch,
        dead=dead,
        cancelled=cancelled,
        current=new.json()["pin"],
        unit=citizen.residence_unit_code,
        org=org,
        agency=await issue_headers(session, "bhxh.admin"),
        bank=await issue_headers(session, "bank.admin"),
        officer=officer,
        operator=operator,
    )


def planted(w: World) -> str:
    rows = [
        f"{w.match},NGUYỄN  MINH KHANG,{DOB},1,{w.unit}",  # case and spaces do not matter
        f"{w.match},Nguyen Minh Khang,{DOB},,",  # a name stored without marks agrees
        f"{w.mismatch},Nguyễn Minh Khánh,1985-07-08,2,",  # wrong marks, date and sex
        f"{w.dead},{NAME},{DOB},,",
        f"{w.cancelled},{NAME},{DOB},1,",  # the person was re-registered as female
        f"001099000000,{NAME},{DOB},,",
        f"12345,{NAME},{DOB},,",
        f"{w.match},{NAME},07/07/1985,,",
        f"{w.match},,{DOB},,",
    ]
    return HEADER + "\n".join(rows) + "\n"


async def submit(
    client: httpx.AsyncClient, headers: dict[str, str], content: str, kind: str = "text/csv"
) -> httpx.Response:
    return await client.post(
        URL, params=PURPOSE, content=content.encode(), headers={**headers, "content-type": kind}
    )


async def run_jobs(session: AsyncSession) -> None:
    while await worker.run_once(SharedSessions(session), kinds=[JobKind.RECONCILE]) is not None:
        pass


EXPECTED = [
    ("MATCH", "", None, None),
    ("MATCH", "", None, None),
    ("MISMATCH", "full_name,date_of_birth,sex", None, None),
    ("DECEASED", "", None, None),
    ("CANCELLED_PIN", "sex", "current", None),
    ("UNKNOWN_PIN", "", None, None),
    ("INVALID_ROW", "", None, "pin_format:pin"),
    ("INVALID_ROW", "", None, "date_format:date_of_birth"),
    ("INVALID_ROW", "", None, "missing_value:full_name"),
]


def _expected(w: World) -> list[tuple[str, str, str | None, str | None]]:
    return [(c, f, w.current if p else None, d) for c, f, p, d in EXPECTED]


async def test_planted_rows_get_their_codes_and_the_results_download(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    response = await submit(client, world.agency, planted(world))
    assert response.status_code == 202, response.text
    batch = response.json()
    assert (batch["rows"], batch["invalid_rows"], batch["status"]) == (9, 3, "queued")
    early = await client.get(f"{URL}/{batch['id']}/results", headers=world.agency)
    assert early.status_code == 409
    await run_jobs(session)
    status = (await client.get(f"{URL}/{batch['id']}", headers=world.agency)).json()
    assert (status["status"], status["done"], status["total"]) == ("done", 9, 9)
    assert status["counts"] == {
        "MATCH": 2, "MISMATCH": 1, "UNKNOWN_PIN": 1, "CANCELLED_PIN": 1, "DECEASED": 1, "INVALID_ROW": 3,
    }  # fmt: skip
    download = await client.get(f"{URL}/{batch['id']}/results", headers=world.agency)
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(download.text)))
    got = [(r["code"], r["fields"], r["current_pin"] or None, r["detail"] or None) for r in rows]
    assert got == _expected(world)
    assert [int(r["row_no"]) for r in rows] == list(range(1, 10))
    lines = (
        await client.get(f"{URL}/{batch['id']}/results", params={"format": "jsonl"}, headers=world.agency)
    ).text
    first = json.loads(lines.splitlines()[0])
    assert first == {
        "row_no": 1,
        "pin": world.match,
        "code": "MATCH",
        "fields": "",
        "current_pin": None,
        "detail": None,
    }


async def test_jsonl_batches_are_read_like_csv(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    lines = [
        {"pin": world.match, "full_name": NAME, "date_of_birth": DOB},
        {"pin": world.dead, "full_name": NAME, "date_of_birth": DOB, "sex": "1"},
        [1, 2],
        {"pin": world.match, "full_name": NAME, "date_of_birth": DOB, "nickname": "K"},
    ]
    content = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    response = await submit(client, world.agency, content, "application/x-ndjson")
    assert response.status_code == 202, response.text
    await run_jobs(session)
    codes = await session.scalars(
        select(ReconcileResult.code)
        .where(ReconcileResult.batch_id == response.json()["id"])
        .order_by(ReconcileResult.row_no)
    )
    assert list(codes) == ["MATCH", "DECEASED", "INVALID_ROW", "INVALID_ROW"]


@pytest.mark.parametrize(
    ("content", "kind", "status", "field", "rule"),
    [
        ("pin,full_name\n001099000000,A\n", "text/csv", 422, "file.header", "reconcile.missing_column"),
        (
            "pin,full_name,date_of_birth,nickname\n",
            "text/csv",
            422,
            "file.header",
            "reconcile.unknown_column",
        ),
        (
            b"pin,full_name,date_of_birth\n001099000000,L\xea,1985\n",
            "text/csv",
            422,
            "file",
            "reconcile.not_utf8",
        ),
        ("", "text/csv", 422, "file", "reconcile.empty"),
        (HEADER, "text/csv", 422, "file", "reconcile.empty"),
        (
            "pin,full_name,date_of_birth\n",
            "application/pdf",
            415,
            "content-type",
            "reconcile.unsupported_type",
        ),
    ],
)
async def test_a_bad_file_is_refused_whole_naming_field_and_rule(
    client: httpx.AsyncClient,
    session: AsyncSession,
    world: World,
    content: str | bytes,
    kind: str,
    status: int,
    field: str,
    rule: str,
) -> None:
    body = content if isinstance(content, bytes) else content.encode()
    response = await client.post(
        URL,
        params=PURPOSE,
        content=body,
        headers={**world.agency, "content-type": kind, "accept-language": "en"},
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == field
    assert response.json()["errors"][0]["rule"] == rule
    assert await session.scalar(select(func.count()).select_from(ReconcileBatch)) == 0


async def test_a_file_over_the_size_limit_is_413(
    client: httpx.AsyncClient, app: Any, session: AsyncSession, world: World
) -> None:
    app.state.settings = app.state.settings.model_copy(update={"reconcile_max_bytes": 2048})
    response = await submit(client, world.agency, HEADER + f"{world.match},{NAME},{DOB},,\n" * 100)
    assert response.status_code == 413
    assert response.json()["errors"][0]["rule"] == "reconcile.file_too_large"


async def test_a_k2_bank_officers_and_other_organisations_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    for headers in (world.bank, world.officer):
        response = await submit(client, headers, planted(world))
        assert response.status_code == 403
    batch = (await submit(client, world.agency, planted(world))).json()
    other = await organisation(client, world.operator, "thue.admin")
    admin = await issue_headers(session, "thue.admin")
    assert other["organisation_id"] != world.org["organisation_id"]
    assert (await client.get(f"{URL}/{batch['id']}", headers=admin)).status_code == 404
    scoped = await member(
        client,
        session,
        world.agency,
        world.org["organisation_id"],
        "bhxh.cb",
        ["full_name", "pin", "date_of_birth"],
    )
    refused = await submit(client, scoped, planted(world))  # sex and residence are outside its scope
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["rule"] == "reconcile.column_outside_mandate"
    # Nor may that member download the results of a batch that compared them.
    await run_jobs(session)
    downloads = await session.scalar(
        select(func.count()).where(Event.event_type == EventType.RECONCILIATION_RESULTS_DOWNLOADED)
    )
    taken = await client.get(f"{URL}/{batch['id']}/results", headers=scoped)
    assert (
        taken.status_code == 422 and taken.json()["errors"][0]["rule"] == "reconcile.column_outside_mandate"
    )
    assert world.match not in taken.text
    assert (await client.get(f"{URL}/{batch['id']}/results", headers=world.agency)).status_code == 200
    assert (
        await session.scalar(
            select(func.count()).where(Event.event_type == EventType.RECONCILIATION_RESULTS_DOWNLOADED)
        )
        == (downloads or 0) + 1
    )


async def _job(session: AsyncSession, batch_id: int) -> Job:
    batch = await session.get(ReconcileBatch, batch_id)
    assert batch is not None
    job = await session.get(Job, batch.job_id, populate_existing=True)
    assert job is not None
    return job


async def test_a_worker_killed_mid_batch_is_taken_over_without_duplicates(
    client: httpx.AsyncClient, session: AsyncSession, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch_id = (await submit(client, world.agency, planted(world))).json()["id"]
    job = await _job(session, batch_id)
    job.payload = {"batch_id": batch_id, "chunk_rows": 2}
    job_id = job.id
    await session.commit()
    sessions = SharedSessions(session)
    assert await job_actions.claim(session, worker_id="A", kinds=[JobKind.RECONCILE]) == job_id
    await session.commit()
    first = worker.JobContext(
        job_id=job_id,
        kind=JobKind.RECONCILE,
        payload={"batch_id": batch_id, "chunk_rows": 2},
        attempt=1,
        checkpoint=0,
        worker_id="A",
        sessionmaker=sessions,  # type: ignore[arg-type]
    )
    assert await handler.step(first, 0) == 2
    real = reconcile_actions.compare_chunk

    async def dies_after_writing(*args: Any, **kwargs: Any) -> int:
        await real(*args, **kwargs)  # the chunk's rows are written, then the worker dies
        raise SystemExit("killed")

    monkeypatch.setattr(reconcile_actions, "compare_chunk", dies_after_writing)
    with pytest.raises(SystemExit):
        await handler.step(first, 2)
    monkeypatch.setattr(reconcile_actions, "compare_chunk", real)
    assert await session.scalar(select(func.count()).where(ReconcileResult.batch_id == batch_id)) == 2
    # Nobody renews the dead worker's lease; once it expires another worker takes the job over.
    expired = now_utc() - dt.timedelta(seconds=1)
    await session.execute(update(Job).where(Job.id == job_id).values(lease_until=expired))
    await session.commit()
    assert await worker.run_once(sessions, worker_id="B", kinds=[JobKind.RECONCILE]) == job_id  # type: ignore[arg-type]
    job = await _job(session, batch_id)
    assert (job.status, job.attempts, job.checkpoint, job.progress_done) == (JobStatus.DONE, 2, 9, 9)
    rows = await session.scalar(select(func.count()).where(ReconcileResult.batch_id == batch_id))
    distinct = await session.scalar(
        select(func.count(func.distinct(ReconcileResult.row_no))).where(ReconcileResult.batch_id == batch_id)
    )
    assert rows == distinct == 9
    batch = await session.get(ReconcileBatch, batch_id, populate_existing=True)
    assert batch is not None and sum(batch.counts.values()) == 9
    with pytest.raises(job_actions.LeaseLost):  # the first worker, were it still alive, cannot write
        await first.advance(session, checkpoint_from=2, checkpoint_to=4, done=4, total=9)


async def test_a_failed_attempt_is_retried_from_its_checkpoint(
    client: httpx.AsyncClient, session: AsyncSession, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch_id = (await submit(client, world.agency, planted(world))).json()["id"]
    job = await _job(session, batch_id)
    job.payload = {"batch_id": batch_id, "chunk_rows": 4}
    job_id = job.id
    await session.commit()
    real, calls = reconcile_actions.compare_chunk, []

    async def fails_second_chunk(*args: Any, **kwargs: Any) -> int:
        calls.append(kwargs["lo"])
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return await real(*args, **kwargs)

    monkeypatch.setattr(reconcile_actions, "compare_chunk", fails_second_chunk)
    await worker.run_once(SharedSessions(session), kinds=[JobKind.RECONCILE])  # type: ignore[arg-type]
    job = await _job(session, batch_id)
    assert (job.status, job.checkpoint, job.locked_by) == (JobStatus.QUEUED, 4, None)
    assert job.error is not None and "database went away" in job.error
    await session.execute(update(Job).where(Job.id == job_id).values(run_after=now_utc()))
    await session.commit()
    await run_jobs(session)
    job = await _job(session, batch_id)
    assert job.status is JobStatus.DONE and calls == [0, 4, 4, 8]
    assert await session.scalar(select(func.count()).where(ReconcileResult.batch_id == batch_id)) == 9


async def test_each_person_compared_sees_the_organisation_in_their_tracker(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    batch_id = (await submit(client, world.agency, planted(world))).json()["id"]
    await run_jobs(session)
    compared = (
        await session.scalars(select(Event).where(Event.event_type == EventType.RECONCILIATION_COMPARED))
    ).all()
    assert len(compared) == 1 and compared[0].data["batch_id"] == batch_id
    assert compared[0].channel == "other" and compared[0].organisation_id == world.org["organisation_id"]
    assert compared[0].data["subjects"] == 4  # match, mismatch, dead, cancelled (same person twice)
    for pin in (world.match, world.dead, world.current):
        citizen = await citizen_by_pin(session, pin)
        entries = await tracker(session, citizen.id, now=now_utc())
        mine = [e for e in entries if e.event_type is EventType.RECONCILIATION_COMPARED]
        assert len(mine) == 1
        assert mine[0].organisation_label == world.org["name"]
        assert mine[0].fields == ["date_of_birth", "full_name", "permanent_residence_unit", "pin", "sex"]
    listed = await session.scalar(select(func.count()).where(EventSubject.event_id == compared[0].id))
    assert listed == 4


async def test_a_batch_is_staged_while_it_arrives(
    client: httpx.AsyncClient, session: AsyncSession, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The body is read as a stream and staged slice by slice: rows are in the staging table before
    # the file's end has arrived, so a 512 MB batch is never held in memory.
    from dancu.sharing.reconcile.models import ReconcileInput

    monkeypatch.setattr(reconcile_actions, "LOAD_ROWS", 2)
    staged_before_end: list[int] = []

    async def body() -> Any:
        yield HEADER.encode()
        for _ in range(6):
            yield f"{world.match},{NAME},{DOB},,\n".encode()
        staged_before_end.append(await session.scalar(select(func.count()).select_from(ReconcileInput)) or 0)
        yield b'001085000009,"unterminated,1985-07-07,,\n'
        yield f"{world.match},{NAME},{DOB},,\n".encode()

    response = await client.post(
        URL, params=PURPOSE, content=body(), headers={**world.agency, "content-type": "text/csv"}
    )
    assert response.status_code == 202, response.text
    assert staged_before_end == [6]
    assert response.json()["rows"] == 8 and response.json()["invalid_rows"] == 1


async def test_rows_with_the_registered_name_byte_for_byte_get_every_rule(
    client: httpx.AsyncClient, session: AsyncSession, world: World
) -> None:
    # On PostgreSQL these rows are decided inside the server (fastpath), the others in Python: the
    # optional fields, the precedence, and who is logged must come out as compare.outcome says.
    rows = [
        f"{world.match},{NAME},{DOB},1,{world.unit}",  # sex and unit given, both agree
        f"{world.match},{NAME},{DOB},1,99999",  # a unit the register does not hold the person under
        f"{world.match},{NAME},1985-07-08,2,",  # date and sex
        f"{world.dead},{NAME},1985-07-08,,",  # deceased, and the date differs
        f"{world.cancelled},{NAME},{DOB},2,",  # the old number of a person now female: agrees
        f"{world.mismatch},{NAME},{DOB},3,",  # a broken row names nobody compared
    ]
    batch_id = (await submit(client, world.agency, HEADER + "\n".join(rows) + "\n")).json()["id"]
    await run_jobs(session)
    results = (
        await session.execute(
            select(
                ReconcileResult.code,
                ReconcileResult.fields,
                ReconcileResult.current_pin,
                ReconcileResult.detail,
            )
            .where(ReconcileResult.batch_id == batch_id)
            .order_by(ReconcileResult.row_no)
        )
    ).all()
    assert [tuple(r) for r in results] == [
        ("MATCH", "", None, None),
        ("MISMATCH", "permanent_residence_unit", None, None),
        ("MISMATCH", "date_of_birth,sex", None, None),
        ("DECEASED", "date_of_birth", None, None),
        ("CANCELLED_PIN", "", world.current, None),
        ("INVALID_ROW", "", None, "sex_value:sex"),
    ]
    compared = await session.scalar(
        select(Event).where(Event.event_type == EventType.RECONCILIATION_COMPARED)
    )
    assert compared is not None and compared.data["subjects"] == 3  # match, dead, cancelled; not mismatch
    logged = await session.scalars(
        select(EventSubject.citizen_id).where(EventSubject.event_id == compared.id)
    )
    expected = {(await citizen_by_pin(session, pin)).id for pin in (world.match, world.dead, world.current)}
    assert set(logged.all()) == expected
