"""The log at national volume (docs/adr/0018): monthly partitions made ahead, a default partition that
catches the rest, sealed months archived to files that still verify, a changed archive named."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dancu.audit.partitions import add_months, month_start
from dancu.clock import freeze, now_utc
from dancu.jobs.sweeps import sweeps
from tests.support.audit_scratch import citizen_ids, invoke, more_reads, query, scratch_database


@pytest.fixture
def db(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    yield from scratch_database(backend, tmp_path, monkeypatch, anchored=True)


def at(month: dt.datetime, day: int) -> dt.datetime:
    return month.replace(day=day, hour=9)


def verify(*archives: Path) -> dict[str, Any]:
    args = [arg for path in archives for arg in ("--archive", str(path))]
    code, report = invoke("verify", *args)
    assert code == (0 if report["ok"] else 1)
    return report


def test_the_worker_makes_the_partitions_ahead() -> None:
    assert "audit.partitions" in {sweep.name for sweep in sweeps()}


def test_sqlite_keeps_one_table_and_archives_nothing(db: str, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the PostgreSQL log is partitioned: see the tests below")
    code, out = invoke("partitions", "ensure")
    assert code == 0 and out == {"made": {}, "partitions": [], "in_default": 0}
    code, _ = invoke("archive", "--before", "2030-01")
    assert code == 1
    assert verify()["ok"]


def _months_from_now() -> dt.datetime:
    return month_start(now_utc())


def test_an_entry_beyond_the_partitions_lands_in_the_default_and_moves_to_its_month(
    db: str, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite keeps the log in one table")
    far = add_months(_months_from_now(), 20)  # beyond the months made ahead
    people = citizen_ids(db)[:2]
    with freeze(at(far, 7)):
        import asyncio

        asyncio.run(more_reads(db, people, purpose="far"))
        code, out = invoke("partitions", "ensure", "--ahead", "1")
    name = f"event_{far.year:04d}_{far.month:02d}"
    assert code == 0 and out["made"][name] == 2 and out["in_default"] == 0, out
    where = query(db, "SELECT DISTINCT tableoid::regclass::text FROM event WHERE purpose = 'far'")
    assert where == [(name,)]
    assert verify()["ok"]


def test_entries_moved_to_their_month_keep_the_chain_count_they_were_written_under(
    db: str, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log's chain count changed while entries waited in the default partition (migration
    0041): they move to their month as written, and the month refuses other counts afterwards."""
    if backend != "postgresql":
        pytest.skip("SQLite keeps the log in one table: no default partition, nothing moves")
    import asyncio

    far = add_months(_months_from_now(), 20)
    people = [p for p in citizen_ids(db) if p % 4 != p % 64][:2]  # another chain among 4
    assert len(people) == 2
    name = f"event_{far.year:04d}_{far.month:02d}"
    with freeze(at(far, 7)):
        asyncio.run(more_reads(db, people, purpose="far"))  # on their chains among 64
        assert invoke("chains", "4")[0] == 0
        monkeypatch.setenv("DANCU_AUDIT_CHAINS", "4")
        code, out = invoke("partitions", "ensure", "--ahead", "1")
    assert code == 0 and out["made"][name] == 2 and out["in_default"] == 0, out
    enabled = query(
        db,
        f"SELECT tgenabled::text FROM pg_trigger WHERE tgrelid = '{name}'::regclass"
        " AND tgname = 'event_chains_4'",
    )
    assert enabled == [("O",)]  # on again for the month's new entries
    asyncio.run(more_reads(db, people, purpose="after"))  # their next entries, among four chains
    chains = query(db, "SELECT chain FROM event WHERE purpose IN ('far', 'after') ORDER BY id")
    assert [c for (c,) in chains] == [p % 64 for p in people] + [p % 4 for p in people]
    assert verify()["ok"]


def _rewrite(path: Path, change: Any, *, fix_manifest: bool) -> None:
    """Change an archive's entry lines with ``change``; recompute its manifest when asked (someone who
    knows the format), else leave it (someone who edited the file by hand)."""
    lines = gzip.decompress(path.read_bytes()).decode().splitlines(keepends=True)
    body, manifest = lines[:-1], json.loads(lines[-1])
    body = [change(line) for line in body]
    if fix_manifest:
        manifest["sha256"] = hashlib.sha256("".join(body).encode()).hexdigest()
    path.write_bytes(gzip.compress(("".join(body) + json.dumps(manifest) + "\n").encode()))


def test_sealed_months_are_archived_and_still_verify(db: str, backend: str, tmp_path: Path) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite keeps the log in one table")
    import asyncio

    people = citizen_ids(db)[:3]
    first = add_months(_months_from_now(), 12)
    second = add_months(first, 1)
    with freeze(at(first, 2)):
        code, out = invoke("partitions", "ensure", "--ahead", "2")
        assert code == 0 and len(out["made"]) == 3, out
        asyncio.run(more_reads(db, people, purpose="first"))
        # A person read in this month only: their chain ends in the archive (and the anchor saw it).
        only_then = citizen_ids(db)[4]
        asyncio.run(more_reads(db, [only_then], purpose="only then"))
    last_before = (
        f"SELECT entry_hash FROM event WHERE subject_citizen_id = {only_then} ORDER BY id DESC LIMIT 1"
    )
    archived_head = query(db, last_before)[0][0]
    with freeze(at(second, 3)):
        asyncio.run(more_reads(db, people, purpose="second"))
        # Not sealed yet: no checkpoint covers the month's last entries.
        code, _ = invoke("archive", "--before", f"{second:%Y-%m}", "--to", str(tmp_path / "arch"))
        assert code == 1
        code, made = invoke("checkpoint")
        assert code == 0
        code, out = invoke("archive", "--before", f"{second:%Y-%m}", "--to", str(tmp_path / "arch"))
    assert code == 0, out
    archived = {a["partition"]: a for a in out["archived"]}
    name = f"event_{first.year:04d}_{first.month:02d}"
    assert archived[name]["entries"] == 4 and archived[name]["checkpoint"] == made["checkpoint"]
    # Every month before was archived too: the fixture's own entries, this month's included.
    # Every month before was archived too (the fixture's own, and months made empty ahead); what is
    # left is the second month's reads and the archive's own entries, one a month archived.
    assert query(db, "SELECT count(*) FROM event")[0][0] == 3 + len(archived)
    files = sorted((tmp_path / "arch").glob("*.jsonl.gz"))
    assert {f.name for f in files} == {f"{p}.jsonl.gz" for p in archived}
    assert query(db, "SELECT count(*) FROM pg_class WHERE relname = :n".replace(":n", f"'{name}'")) == [(0,)]
    logged = query(db, "SELECT data FROM event WHERE event_type = 'audit.log_archived'")
    assert {row[0]["partition"] for row in logged} == set(archived)
    with freeze(at(second, 20)):
        asyncio.run(more_reads(db, people, purpose="after"))  # links into the archived month
        # Read again, the person whose every entry is archived goes on from their archived entry
        # (migration 0043), not from the genesis: their list stays one list across the archive.
        asyncio.run(more_reads(db, [only_then], purpose="again"))
    assert query(db, last_before.replace("entry_hash", "subject_prev_hash")) == [(archived_head,)]

    # The archive ends with a checkpoint of what stays: a person's proof continues from the archive.
    assert out["checkpoint"] == made["checkpoint"] + 1 and out["anchored"] == [out["checkpoint"]]
    with freeze(at(second, 21)):
        code, proved = invoke("checkpoint")
        assert code == 0
        code, proved = invoke(
            "proof", str(query(db, f"SELECT pin FROM citizen WHERE id = {people[0]}")[0][0])
        )
    assert code == 0 and proved["verified"]["continues_from_archive"], proved.get("verified")
    assert proved["verified"]["sealed_entries"] == 2  # the second month's read and the one after

    without = verify()
    assert without["ok"], without["findings"]
    assert sorted(without["outside"]["archives"]["not_given"]) == sorted(archived)
    given = verify(*files)
    assert given["ok"], given["findings"]
    assert given["entries"] == without["entries"] + sum(a["entries"] for a in archived.values())
    assert given["outside"]["archives"]["checkpoint_roots_not_checked"] == 0

    # Changed by hand: the file no longer matches its own manifest.
    target = tmp_path / "arch" / f"{name}.jsonl.gz"
    pristine = target.read_bytes()
    _rewrite(target, lambda line: line.replace('"purpose":"first"', '"purpose":"firsT"'), fix_manifest=False)
    report = verify(*files)
    assert not report["ok"]
    changed = [p for p in report["problems"] if p["what"] == "archive.changed"]
    assert len(changed) == 1 and str(target) in changed[0]["detail"]
    assert "entry.hash_mismatch" in {p["what"] for p in report["problems"]}
    # Changed with a manifest made anew: the digest recorded when it was archived still tells.
    target.write_bytes(pristine)
    _rewrite(target, lambda line: line.replace('"purpose":"first"', '"purpose":"firsT"'), fix_manifest=True)
    report = verify(*files)
    changed = [p for p in report["problems"] if p["what"] == "archive.changed"]
    assert len(changed) == 1 and str(target) in changed[0]["detail"]
    # An entry removed from the archive breaks its chain there, though the manifest is made anew.
    target.write_bytes(pristine)
    dropped: list[str] = []

    def drop_one(line: str) -> str:
        if '"purpose":"first"' in line and not dropped:
            dropped.append(line)
            return ""
        return line

    _rewrite(target, drop_one, fix_manifest=True)
    found = {p["what"] for p in verify(*files)["problems"]}
    assert {"archive.changed", "chain.gap_or_reorder"} <= found
    target.write_bytes(pristine)
    assert verify(*files)["ok"]
    # A file this database never archived is named, not walked.
    stranger = tmp_path / "event_1999_01.jsonl.gz"
    stranger.write_bytes(
        gzip.compress(b'{"kind":"header","format":"dancu-audit-archive-v1","partition":"x"}\n')
    )
    report = verify(*files, stranger)
    assert [p["what"] for p in report["problems"]] == ["archive.unknown"]
