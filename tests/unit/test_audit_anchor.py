"""The files outside the database (docs/adr/0015): the anchor under several writers, the MAC key file
created once whatever the race, rotated without losing old keys; the trusted keys."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from dancu.audit import anchor, mac
from dancu.audit.trust import add_trusted, read_trusted

WRITERS, LINES = 4, 150


def _write_many(path: str, writer: int) -> None:
    for n in range(LINES):
        heads = {
            chain: (n + 1, f"{writer:02d}{n:04d}".ljust(64, "a")) for chain in range(writer, 64, WRITERS)
        }
        anchor.append_record(Path(path), anchor.heads_record(heads))


def test_several_processes_append_whole_lines(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "anchor.jsonl"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_write_many, args=(str(path), w)) for w in range(WRITERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    found = anchor.read_anchor(path)
    assert found is not None and found.lines == WRITERS * LINES and not found.unreadable
    assert found.heads[5] == (LINES, f"{5 % WRITERS:02d}{LINES - 1:04d}".ljust(64, "a"))
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_torn_last_line_is_a_crash_but_an_edited_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "anchor.jsonl"
    anchor.append_record(path, anchor.heads_record({1: (3, "c" * 64)}))
    with path.open("a") as out:
        out.write('{"kind": "heads", "heads": {"1": [9')  # the process died mid-write
    assert anchor.read_anchor(path).unreadable == []  # type: ignore[union-attr]
    path.write_text(path.read_text() + "\n" + json.dumps({"kind": "gossip"}) + "\n")
    assert anchor.read_anchor(path).unreadable == [2, 3]  # type: ignore[union-attr]
    assert anchor.read_anchor(tmp_path / "none.jsonl") is None


def test_the_mac_key_file_is_created_once_and_rotation_keeps_old_keys(tmp_path: Path) -> None:
    path = tmp_path / "audit" / "mac-keys.json"
    first = mac.ensure(path, first_event_id=41)
    again = mac.ensure(path, first_event_id=99)  # another process, later: the same file
    assert again == first and first.unkeyed_before_event_id == 41
    assert path.stat().st_mode & 0o777 == 0o600
    key_id, tag = first.sign("ab" * 32)
    assert key_id == first.active.id and mac.mac_valid(first.active.secret, "ab" * 32, tag)
    rotated = mac.rotate(path)
    assert [k.id for k in rotated.keys] == [first.active.id, rotated.active.id]
    assert mac.load(path) == rotated and rotated.unkeyed_before_event_id == 41
    assert not mac.mac_valid(rotated.active.secret, "ab" * 32, tag)
    path.write_text("{}")
    with pytest.raises(mac.MacKeyFileError):
        mac.load(path)


def test_trusted_keys_are_added_never_replaced_silently(tmp_path: Path) -> None:
    path = tmp_path / "trusted-keys.json"
    assert read_trusted(path) is None
    assert add_trusted(path, {"k1": "11" * 32}) and add_trusted(path, {"k2": "22" * 32})
    assert not add_trusted(path, {"k1": "33" * 32})
    assert read_trusted(path) == {"k1": "11" * 32, "k2": "22" * 32}
