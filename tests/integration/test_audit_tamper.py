"""Alterations that need evidence kept outside the database to be seen (issue 10, docs/adr/0015):
each is planted by SQL, as someone holding the database's credentials but not the files would, and
``dancu audit verify`` must name it: kind, chain, position."""

from __future__ import annotations

import asyncio
import hashlib
import http.server
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from dancu.audit import chain as rules
from dancu.audit.actions import record_event, record_read
from dancu.audit.checkpoints import body_of
from dancu.audit.mac import entry_mac
from dancu.audit.models import AuditChain, AuditCheckpoint, Event, EventSubject, EventType
from dancu.audit.signing import public_hex
from dancu.audit.verify import content_of
from dancu.clock import now_utc
from dancu.db.engine import make_engine, make_sessionmaker
from tests.support.audit_scratch import (
    BANK,
    citizen_ids,
    invoke,
    more_reads,
    query,
    scratch_database,
    sql,
    tamper,
)
from tests.support.person_heads import LATEST_IN_LOG


@pytest.fixture
def db(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    yield from scratch_database(backend, tmp_path, monkeypatch, anchored=True)


def verify() -> dict[str, Any]:
    code, report = invoke("verify")
    assert code == (0 if report["ok"] else 1)
    return report


def kinds(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Each problem as (kind, chain, position, checkpoint), in the order found."""
    return [(p["what"], p.get("chain"), p.get("seq"), p.get("checkpoint_id")) for p in report["problems"]]


def chain_of(url: str, citizen_id: int) -> int:
    return int(query(url, f"SELECT chain FROM event WHERE subject_citizen_id = {citizen_id} LIMIT 1")[0][0])


def head(url: str, chain: int) -> tuple[int, str]:
    seq, digest = query(url, f"SELECT seq, head_hash FROM audit_chain WHERE chain = {chain}")[0]
    return int(seq), str(digest)


def cut_back(url: str, *, after_event_id: int, chains: list[int]) -> None:
    """Remove the chains' entries after an event id and set their heads back to what remains: the
    database is consistent again, only shorter (on PostgreSQL each person's kept latest entry too,
    migration 0043, as an attacker who reads the schema would)."""
    listed = ", ".join(map(str, chains))
    people_back = (
        "DELETE FROM audit_person_head AS h WHERE NOT EXISTS "
        "(SELECT 1 FROM event e WHERE e.subject_citizen_id = h.citizen_id)",
        "UPDATE audit_person_head AS h SET event_id = l.id, entry_hash = l.entry_hash FROM "
        f"({LATEST_IN_LOG}) AS l WHERE h.citizen_id = l.subject_citizen_id AND h.event_id <> l.id",
    )
    tamper(
        url,
        f"DELETE FROM event WHERE id > {after_event_id} AND chain IN ({listed})",
        "UPDATE audit_chain SET "
        "seq = (SELECT max(e.seq) FROM event e WHERE e.chain = audit_chain.chain), "
        "head_hash = (SELECT e.entry_hash FROM event e WHERE e.chain = audit_chain.chain "
        f"ORDER BY e.seq DESC LIMIT 1) WHERE chain IN ({listed})",
        *(() if url.startswith("sqlite") else people_back),
    )


def test_a_fresh_log_verifies_and_its_anchor_holds_heads_and_checkpoints(db: str) -> None:
    code, made = invoke("checkpoint")
    assert code == 0 and made["anchored"] == [made["checkpoint"]], made
    report = verify()
    assert report["ok"], report["findings"]
    lines = [json.loads(line) for line in Path(report["outside"]["anchor"]).read_text().splitlines()]
    assert {line["kind"] for line in lines} == {"heads", "checkpoint"}
    assert report["outside"]["mac_keys"] == 1 and report["outside"]["trusted_keys"] == 1


def test_a_checkpoint_is_posted_to_the_witness(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    received: list[dict[str, Any]] = []

    class Witness(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(201)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Witness)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("DANCU_AUDIT_WITNESS_URL", f"http://127.0.0.1:{server.server_port}/dancu")
        code, made = invoke("checkpoint")
    finally:
        server.shutdown()
    assert code == 0 and made["witness_answers"] == ["ok"]
    assert [(r["kind"], r["id"], r["checkpoint_hash"]) for r in received] == [
        ("checkpoint", made["checkpoint"], made["checkpoint_hash"])
    ]


def test_a_chain_cut_back_after_the_last_checkpoint_is_named(db: str) -> None:
    """Kind 1: one chain's tail after the last checkpoint removed, its head moved back."""
    first = citizen_ids(db)[0]
    _, made = invoke("checkpoint")
    asyncio.run(more_reads(db, [first, first]))
    chain = chain_of(db, first)
    reached = head(db, chain)[0]
    cut_back(db, after_event_id=made["last_event_id"], chains=[chain])
    report = verify()
    assert kinds(report) == [("chain.moved_back", chain, reached, None)]
    assert report["findings"][0].startswith(f"chain.moved_back at chain {chain}, position {reached}: ")


def test_every_chain_cut_back_to_the_last_checkpoint_is_named(db: str) -> None:
    """Kind 2: every chain truncated to the last checkpoint."""
    people = citizen_ids(db)[:3]
    _, made = invoke("checkpoint")
    asyncio.run(more_reads(db, people))
    chains = sorted({chain_of(db, who) for who in people})
    reached = {chain: head(db, chain)[0] for chain in chains}
    every = [int(r[0]) for r in query(db, "SELECT chain FROM audit_chain")]
    cut_back(db, after_event_id=made["last_event_id"], chains=every)
    report = verify()
    assert kinds(report) == [("chain.moved_back", c, reached[c], None) for c in chains]


async def _forge(url: str, *, borrow_mac: bool) -> tuple[int, int, int]:
    """Append an entry with correct hashes (the hash rule is public), as an attacker would."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            last = await session.scalar(
                select(Event).where(Event.subject_citizen_id.is_not(None)).order_by(Event.id.desc()).limit(1)
            )
            assert last is not None
            chain = await session.get(AuditChain, last.chain)
            assert chain is not None
            content = content_of(last) | {
                "id": int(await session.scalar(select(func.max(Event.id))) or 0) + 1,
                "seq": chain.seq + 1,
                "occurred_at": now_utc(),
                "purpose": "forged",
            }
            digest = rules.entry_hash(content, subject_prev_hash=last.entry_hash, prev_hash=chain.head_hash)
            forged = Event(
                **content,
                prev_hash=chain.head_hash,
                subject_prev_hash=last.entry_hash,
                entry_hash=digest,
                mac_key=last.mac_key if borrow_mac else None,
                entry_mac=last.entry_mac if borrow_mac else None,
            )
            session.add(forged)
            chain.seq, chain.head_hash = forged.seq, digest
            await session.commit()
            return forged.id, forged.chain, forged.seq
    finally:
        await engine.dispose()


@pytest.mark.parametrize(("borrow_mac", "kind"), [(False, "entry.unkeyed"), (True, "entry.bad_mac")])
def test_an_appended_entry_with_correct_hashes_is_named(db: str, borrow_mac: bool, kind: str) -> None:
    """Kind 3: a forged entry whose hashes and links are right; it lacks the keyed MAC (or carries
    another entry's)."""
    invoke("checkpoint")
    assert verify()["ok"]
    entry_id, chain, seq = asyncio.run(_forge(db, borrow_mac=borrow_mac))
    report = verify()
    assert kinds(report) == [(kind, chain, seq, None)]
    assert report["first_problem"]["entry_id"] == entry_id


def test_the_newest_checkpoint_deleted_is_named(db: str) -> None:
    """Kind 4."""
    invoke("checkpoint")
    asyncio.run(more_reads(db, citizen_ids(db)[:2]))
    _, newest = invoke("checkpoint")
    assert verify()["ok"]
    tamper(db, f"DELETE FROM audit_checkpoint WHERE id = {newest['checkpoint']}", tables=["audit_checkpoint"])
    report = verify()
    assert kinds(report) == [("checkpoint.missing", None, None, newest["checkpoint"])]


async def _list_people(url: str, people: list[int]) -> tuple[int, int, int]:
    """An entry about many people, as a reconciliation chunk writes it (docs/adr/0007)."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            digest = hashlib.sha256(",".join(map(str, sorted(people))).encode()).hexdigest()
            data = {
                "batch_id": 1,
                "rows": [1, len(people)],
                "subjects": len(people),
                "subjects_sha256": digest,
            }
            event = await record_event(
                session, EventType.RECONCILIATION_COMPARED, actor=BANK, data=data, fields=["dob"], purpose="r"
            )
            session.add_all([EventSubject(citizen_id=who, event_id=event.id) for who in people])
            await session.commit()
            return event.id, event.chain, event.seq
    finally:
        await engine.dispose()


def test_deleted_or_added_event_subject_rows_are_named(db: str) -> None:
    """Kind 5: the people an entry lists are covered by its hash (the digest in its data)."""
    people = citizen_ids(db)
    entry_id, chain, seq = asyncio.run(_list_people(db, people[:4]))
    assert verify()["ok"]
    tamper(db, f"DELETE FROM event_subject WHERE event_id = {entry_id} AND citizen_id = {people[2]}")
    report = verify()
    assert kinds(report) == [("subjects.changed", chain, seq, None)]
    assert report["first_problem"]["entry_id"] == entry_id
    other = int(query(db, "SELECT min(id) FROM event")[0][0])
    tamper(
        db,
        f"INSERT INTO event_subject (citizen_id, event_id) VALUES ({people[2]}, {entry_id})",
        f"INSERT INTO event_subject (citizen_id, event_id) VALUES ({people[5]}, {other})",
    )
    assert kinds(verify()) == [("subjects.unlisted", None, None, None)]


async def _checkpoints(url: str) -> list[AuditCheckpoint]:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            return list(await session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id)))
    finally:
        await engine.dispose()


def _resign(url: str, *, new_key_id: bool) -> list[int]:
    """Replace the checkpoint key and re-sign every checkpoint with it, leaving the database
    self-consistent (with a new key id, hashes and links are recomputed too)."""
    key = Ed25519PrivateKey.generate()
    checkpoints = asyncio.run(_checkpoints(url))
    statements: list[str] = []
    if not new_key_id:
        statements.append(f"UPDATE audit_signing_key SET public_key = '{public_hex(key)}'")
    else:
        statements.append(
            "INSERT INTO audit_signing_key (key_id, created_at, public_key) "
            f"VALUES ('intruder', '2026-12-01 00:00:00', '{public_hex(key)}')"
        )
    prev = rules.GENESIS
    for checkpoint in checkpoints:
        if new_key_id:
            checkpoint.key_id, checkpoint.prev_checkpoint_hash = "intruder", prev
        body = body_of(checkpoint)
        prev = rules.sha256_hex(body)
        statements.append(
            f"UPDATE audit_checkpoint SET key_id = '{checkpoint.key_id}', prev_checkpoint_hash = "
            f"'{checkpoint.prev_checkpoint_hash}', checkpoint_hash = '{prev}', "
            f"signature = '{key.sign(body).hex()}' WHERE id = {checkpoint.id}"
        )
    tamper(url, *statements, tables=["audit_checkpoint"])
    return [c.id for c in checkpoints]


def test_a_replaced_public_key_with_every_checkpoint_re_signed_is_named(db: str) -> None:
    """Kind 6, the key id kept: the trusted key (a file) no longer verifies the signatures."""
    invoke("checkpoint")
    asyncio.run(more_reads(db, citizen_ids(db)[:1]))
    invoke("checkpoint")
    ids = _resign(db, new_key_id=False)
    report = verify()
    assert kinds(report) == [
        *(("checkpoint.bad_signature", None, None, i) for i in ids),
        ("key.replaced", None, None, None),
    ]


def test_a_new_key_with_every_checkpoint_rebuilt_is_named(db: str) -> None:
    """Kind 6, a new key id and the checkpoints' hashes and links rebuilt: the key is not trusted,
    and the anchor holds other checkpoints."""
    invoke("checkpoint")
    invoke("checkpoint")
    ids = _resign(db, new_key_id=True)
    report = verify()
    assert kinds(report) == [
        *(("checkpoint.unknown_key", None, None, i) for i in ids),
        *(("checkpoint.replaced", None, None, i) for i in ids),
    ]


def test_a_retired_mac_key_cannot_append_after_rotation(db: str) -> None:
    """Once a chain has an entry under the new key, an entry under the old one after it is named."""
    first = citizen_ids(db)[0]
    key_file = Path(verify()["outside"]["mac_key_file"])
    old = json.loads(key_file.read_text())["keys"][0]
    code, rotated = invoke("rotate-mac-key")
    assert code == 0 and rotated["active"] != old["id"] and len(rotated["keys"]) == 2
    asyncio.run(more_reads(db, [first, first]))
    assert verify()["ok"]  # old entries under the old key, the new ones under the new key
    entry_id, chain, seq, digest = query(
        db,
        f"SELECT id, chain, seq, entry_hash FROM event WHERE subject_citizen_id = {first} ORDER BY id DESC",
    )[0]
    stale = entry_mac(bytes.fromhex(old["secret"]), digest)
    tamper(db, f"UPDATE event SET mac_key = '{old['id']}', entry_mac = '{stale}' WHERE id = {entry_id}")
    assert kinds(verify()) == [("entry.retired_mac_key", chain, seq, None)]


def test_entries_written_before_the_key_existed_still_verify(db: str) -> None:
    """A log written by older code has no MACs: the key file names the first entry that must have one."""
    key_file = Path(verify()["outside"]["mac_key_file"])
    boundary = int(query(db, "SELECT max(id) FROM event")[0][0]) + 1
    tamper(db, "UPDATE event SET mac_key = NULL, entry_mac = NULL")  # as older code wrote them
    keys = json.loads(key_file.read_text())
    key_file.write_text(json.dumps(keys | {"unkeyed_before_event_id": boundary}))
    asyncio.run(more_reads(db, citizen_ids(db)[:2]))
    assert verify()["ok"]
    entry_id = int(query(db, "SELECT max(id) FROM event")[0][0])
    tamper(db, f"UPDATE event SET mac_key = NULL, entry_mac = NULL WHERE id = {entry_id}")
    assert [p["what"] for p in verify()["problems"]] == ["entry.unkeyed"]


async def _savepoints(url: str, first: int, second: int, third: int) -> None:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            nested = await session.begin_nested()
            await record_read(session, actor=BANK, citizen_id=first, fields=["dob"], purpose="undone")
            await nested.rollback()  # its entry and its head are gone: the anchor must not see them
            async with session.begin_nested():
                await record_read(session, actor=BANK, citizen_id=second, fields=["dob"], purpose="kept")
            await record_read(session, actor=BANK, citizen_id=third, fields=["dob"], purpose="kept")
            await session.commit()
    finally:
        await engine.dispose()


def test_the_anchor_gets_the_heads_of_what_committed_only(db: str) -> None:
    first, second, third = citizen_ids(db)[:3]
    anchor_file = Path(verify()["outside"]["anchor"])
    before = len(anchor_file.read_text().splitlines())
    asyncio.run(_savepoints(db, first, second, third))
    lines = anchor_file.read_text().splitlines()
    assert len(lines) == before + 1  # one line for the one commit
    moved = json.loads(lines[-1])["heads"]
    assert sorted(map(int, moved)) == sorted({chain_of(db, second), chain_of(db, third)})
    for chain, (seq, digest) in moved.items():
        assert head(db, int(chain)) == (seq, digest)
    assert verify()["ok"]


def test_an_upgraded_installation_trusts_its_keys_once(db: str) -> None:
    invoke("checkpoint")
    trusted = Path(verify()["outside"]["trusted_keys_file"])
    trusted.unlink()  # as on an installation made before the file existed
    assert [p["what"] for p in verify()["problems"]] == [
        "keys.not_trusted", "checkpoint.unknown_key", "anchor.bad_record",  # nothing to check them with
    ]  # fmt: skip
    code, out = invoke("trust-keys")
    assert code == 0 and out["written"] and len(out["keys"]) == 1
    assert verify()["ok"]


def test_a_checkpoint_whose_anchoring_failed_is_named_then_anchored(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke("checkpoint")
    monkeypatch.setenv("DANCU_AUDIT_ANCHOR", "off")  # as if the process died before anchoring
    _, lost = invoke("checkpoint")
    monkeypatch.delenv("DANCU_AUDIT_ANCHOR")
    assert kinds(verify()) == [("checkpoint.not_anchored", None, None, lost["checkpoint"])]
    code, out = invoke("anchor")
    assert code == 0 and out["anchored"] == [lost["checkpoint"]]
    assert verify()["ok"]


def test_a_copy_restored_to_a_moment_verifies_against_the_anchor_up_to_it(db: str) -> None:
    """A point-in-time restore is behind the anchor, as a cut-back log is; `--anchor-until` holds it
    against what the anchor had recorded by then (scripts/backup drill)."""
    _, made = invoke("checkpoint")
    moment = now_utc().isoformat()
    asyncio.run(more_reads(db, citizen_ids(db)[:2]))
    every = [int(r[0]) for r in query(db, "SELECT chain FROM audit_chain")]
    cut_back(db, after_event_id=made["last_event_id"], chains=every)  # the database as it was then
    assert [p["what"] for p in verify()["problems"]] == ["chain.moved_back"] * 2
    code, report = invoke("verify", "--anchor-until", moment)
    assert code == 0 and report["ok"], report["findings"]


def test_a_deleted_public_key_is_still_named(db: str) -> None:
    """verify no longer needs the database's keys, but their deletion stays a finding."""
    invoke("checkpoint")
    if db.startswith("sqlite"):
        with sqlite3.connect(make_url(db).database or "") as conn:  # foreign keys are off by default
            conn.execute("DELETE FROM audit_signing_key")
    else:
        asyncio.run(sql(db, "SET LOCAL session_replication_role = replica", "DELETE FROM audit_signing_key"))
    assert [p["what"] for p in verify()["problems"]] == ["key.missing"]
