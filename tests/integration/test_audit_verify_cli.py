"""``dancu audit …`` against a database of its own: tampering done behind the triggers is named."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.audit_scratch import citizen_ids, more_reads, scratch_database
from tests.support.audit_scratch import invoke as _invoke
from tests.support.audit_scratch import sql as _sql
from tests.support.audit_scratch import tamper as _tamper
from tests.support.person_heads import LATEST_IN_LOG


@pytest.fixture
def scratch(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated database of its own (the CLI commits), the CLI pointed at it, the anchor on."""
    yield from scratch_database(backend, tmp_path, monkeypatch, anchored=True)


def _a_read(url: str, offset: int = 5) -> tuple[int, int, int]:
    rows = asyncio.run(
        _sql(
            url,
            f"SELECT id, chain, seq FROM event WHERE purpose IS NOT NULL ORDER BY id LIMIT 1 OFFSET {offset}",
        )
    )
    return tuple(rows[0])  # type: ignore[return-value]


def test_verify_passes_then_names_an_edited_entry(scratch: str) -> None:
    code, checkpoint = _invoke("checkpoint")
    assert code == 0 and checkpoint["subjects"] == 3
    code, report = _invoke("verify")
    assert code == 0 and report["ok"] and report["checkpoints"] == 1
    event_id, chain, seq = _a_read(scratch)
    _tamper(scratch, f"UPDATE event SET purpose = 'forged' WHERE id = {event_id}")
    code, report = _invoke("verify")
    assert code == 1 and not report["ok"]
    assert report["first_problem"] == {
        "what": "entry.hash_mismatch", "entry_id": event_id, "chain": chain, "seq": seq,
        "detail": "the entry's content was changed",
    }  # fmt: skip
    assert len(report["problems"]) == 1  # the stored hash (and so every later link) is intact


def test_verify_names_a_deleted_entry(scratch: str) -> None:
    event_id, chain, seq = _a_read(scratch)
    _tamper(scratch, f"DELETE FROM event WHERE id = {event_id}")
    code, report = _invoke("verify")
    assert code == 1
    first = report["first_problem"]
    assert (first["what"], first["chain"], first["seq"]) == ("chain.gap_or_reorder", chain, seq + 1)


def test_verify_names_a_removed_latest_entry_and_reordered_rows(scratch: str) -> None:
    _invoke("checkpoint")
    last = asyncio.run(_sql(scratch, "SELECT id, chain FROM event ORDER BY id DESC LIMIT 1"))[0]
    _tamper(scratch, f"DELETE FROM event WHERE id = {last[0]}")
    code, report = _invoke("verify")
    assert code == 1
    assert {p["what"] for p in report["problems"]} >= {"chain.head_mismatch", "checkpoint.head_missing"}


def test_verify_names_swapped_rows(scratch: str) -> None:
    a, b = _a_read(scratch, 2), _a_read(scratch, 5)
    swap = f"CASE id WHEN {a[0]} THEN 'p5' ELSE 'p2' END"
    _tamper(scratch, f"UPDATE event SET purpose = {swap} WHERE id IN ({a[0]}, {b[0]})")
    code, report = _invoke("verify")
    assert code == 1 and report["first_problem"]["entry_id"] == a[0]


def test_verify_of_a_live_log_sees_it_as_of_one_moment(scratch: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reads logged and committed while verify walks the entries (a server answering meanwhile) are
    outside what it checks, not taken for removed entries once it reads the chains' heads."""
    from dancu.audit import verify

    walk = verify.verify_entries
    people = citizen_ids(scratch)[:3]

    async def walk_then_a_server_logs(*args: object, **kwargs: object) -> None:
        await walk(*args, **kwargs)  # type: ignore[arg-type]
        await more_reads(scratch, people, purpose="while verify reads")

    monkeypatch.setattr(verify, "verify_entries", walk_then_a_server_logs)
    code, report = _invoke("verify")
    assert code == 0, report["problems"]
    assert report["entries"] == 2 + 12  # the seed's two batches and the twelve reads, not the three
    monkeypatch.setattr(verify, "verify_entries", walk)
    code, report = _invoke("verify")
    assert code == 0 and report["entries"] == 2 + 12 + 3


def test_rotate_key_and_proof(scratch: str) -> None:
    first = _invoke("checkpoint")[1]
    code, key = _invoke("rotate-key")
    assert code == 0 and key["key_id"] != first["key_id"]
    assert _invoke("checkpoint")[1]["key_id"] == key["key_id"]
    pin = asyncio.run(_sql(scratch, "SELECT pin FROM citizen ORDER BY id LIMIT 1"))[0][0]
    code, out = _invoke("proof", pin)
    assert code == 0 and out["verified"]["sealed_entries"] == 4
    assert _invoke("verify")[0] == 0


def test_the_copy_loader_chains_its_events(scratch: str, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("copy_population is PostgreSQL's fast path; the ORM path is chained by record_event")
    from dancu.seed import copy_population

    asyncio.run(copy_population(scratch, citizens=120, seed=9, batch_size=50))
    code, report = _invoke("verify")
    assert code == 0, report
    # The ORM seed of 6 people and the COPY load of 120 in batches of 50 each come in two shards:
    # 2 ORM batches, the reads, 2 + 2 COPY batches.
    assert report["entries"] == 2 + 12 + 4


def test_verify_names_a_persons_kept_latest_entry_changed_missing_or_no_longer_kept(
    scratch: str, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip(
            "audit_person_head and the trigger that keeps it exist on PostgreSQL only (migration 0043): "
            "SQLite reads a person's latest entry from the log itself, so there is no kept entry to check"
        )
    person = citizen_ids(scratch)[0]
    code, report = _invoke("verify")
    assert code == 0, report["problems"]
    # Changed by hand: the person's next entry would link to it and break their list.
    _tamper(scratch, f"UPDATE audit_person_head SET entry_hash = repeat('0', 64) WHERE citizen_id = {person}")
    code, report = _invoke("verify")
    assert code == 1 and [p["what"] for p in report["problems"]] == ["person_head.mismatch"]
    assert f"person {person}" in report["problems"][0]["detail"]
    _tamper(scratch, f"DELETE FROM audit_person_head WHERE citizen_id = {person}")
    code, report = _invoke("verify")
    assert code == 1 and [p["what"] for p in report["problems"]] == ["person_head.missing"]
    assert (
        report["problems"][0]["detail"].startswith("1 people")
        and f"person {person}" in report["problems"][0]["detail"]
    )
    # Put back as the migration fills it; then the trigger switched off.
    _tamper(scratch, f"INSERT INTO audit_person_head {LATEST_IN_LOG} ON CONFLICT DO NOTHING")
    assert _invoke("verify")[0] == 0
    asyncio.run(_sql(scratch, "ALTER TABLE event DISABLE TRIGGER event_person_heads"))
    code, report = _invoke("verify")
    assert code == 1 and [p["what"] for p in report["problems"]] == ["person_head.not_kept"]
