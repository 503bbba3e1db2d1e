"""Pure rules of the verifiable log: canonical hashing, chains, Merkle paths, signatures, proofs."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import enum
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dancu.access.groups import ActorGroup, Channel
from dancu.audit import chain as rules
from dancu.audit.append import Head, chain_rows
from dancu.audit.driver_append import json_text
from dancu.audit.models import Event, EventType
from dancu.audit.proof import PROOF_VERSION, ProofError, verify_proof
from dancu.audit.signing import public_hex, signature_valid
from dancu.audit.verify import check_entry

AT = dt.datetime(2026, 3, 1, 8, 30, 0, 123456, tzinfo=dt.UTC)


class _Rank(enum.IntEnum):  # an enum whose value is not text: the hash takes it as the number
    FIRST = 1


def _content(i: int, subject: int | None, chain: int, seq: int) -> dict[str, Any]:
    return {
        "id": i, "chain": chain, "seq": seq, "occurred_at": AT + dt.timedelta(seconds=i),
        "event_type": EventType.CITIZEN_VIEWED, "actor_label": "c06", "subject_citizen_id": subject,
        "data": {}, "fields": ["full_name"], "purpose": "kiểm tra",
    }  # fmt: skip


def _log(subjects: list[int | None], chains: int = 2) -> list[Event]:
    """Build a valid log as the writer would: chain by subject, links by chain and by person."""
    heads: dict[int, tuple[int, str]] = {}
    people: dict[int, str] = {}
    events = []
    for i, subject in enumerate(subjects, start=1):
        chain = rules.chain_for(subject, None, chains)
        seq, prev = heads.get(chain, (0, rules.GENESIS))
        content = _content(i, subject, chain, seq + 1)
        sprev = None if subject is None else people.get(subject, rules.GENESIS)
        digest = rules.entry_hash(content, subject_prev_hash=sprev, prev_hash=prev)
        heads[chain] = (seq + 1, digest)
        if subject is not None:
            people[subject] = digest
        events.append(Event(**content, prev_hash=prev, subject_prev_hash=sprev, entry_hash=digest))
    return events


def _problems(events: list[Event]) -> list[tuple[str, int]]:
    chains: dict[int, tuple[int, str]] = {}
    subjects: dict[int, str] = {}
    found = []
    for event in sorted(events, key=lambda e: e.id):
        problem = check_entry(event, chains, subjects)
        if problem is not None:
            found.append((problem.what, problem.entry_id or 0))
    return found


def test_canonical_form_is_stable_and_sorted() -> None:
    content = _content(1, 7, 1, 1)
    text = rules.canonical(content).decode()
    assert text.startswith('{"actor_account_id":null,"actor_group":null,"actor_label":"c06"')
    assert '"occurred_at":"2026-03-01T08:30:01.123456Z"' in text
    assert '"purpose":"kiểm tra"' in text  # UTF-8, not \\u escapes
    shifted = content | {"occurred_at": content["occurred_at"].astimezone(dt.timezone(dt.timedelta(hours=7)))}
    assert rules.canonical(shifted) == rules.canonical(content)
    with pytest.raises(ValueError, match="naive"):
        rules.canonical(content | {"occurred_at": AT.replace(tzinfo=None)})


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(),
    st.sampled_from([EventType.CITIZEN_VIEWED, ActorGroup.K1, Channel.PORTAL, _Rank.FIRST]),
    st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=7))])),
    st.dates(),
    st.lists(st.text(), max_size=4),
    st.lists(st.one_of(st.text(), st.sampled_from([Channel.PORTAL]), st.integers(), st.none()), max_size=3),
    st.dictionaries(st.text(), st.one_of(st.none(), st.integers(), st.text()), max_size=3),
)


# The first text strategy of a fresh process builds Hypothesis's character tables (seconds, once).
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(st.sampled_from(rules.CONTENT_COLUMNS), _VALUES))
def test_canonical_is_json_dumps_of_the_plain_values(content: dict[str, Any]) -> None:
    """The form is written member by member for speed; it is by definition this ``json.dumps``
    (every stored hash depends on it, byte for byte)."""
    plain = {column: rules.plain(content.get(column)) for column in rules.CONTENT_COLUMNS}
    defined = json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert rules.canonical(content) == defined


def test_entry_hash_covers_content_and_both_links() -> None:
    content = _content(1, 7, 1, 1)
    base = rules.entry_hash(content, subject_prev_hash=rules.GENESIS, prev_hash=rules.GENESIS)
    assert base != rules.entry_hash(
        content | {"purpose": "x"}, subject_prev_hash=rules.GENESIS, prev_hash=rules.GENESIS
    )
    assert base != rules.entry_hash(content, subject_prev_hash="1" * 64, prev_hash=rules.GENESIS)
    assert base != rules.entry_hash(content, subject_prev_hash=rules.GENESIS, prev_hash="1" * 64)


def test_a_valid_log_verifies() -> None:
    assert _problems(_log([1, 2, 1, None, 3, 1])) == []


def test_edit_is_named() -> None:
    events = _log([1, 2, 1, 3])
    events[2].purpose = "something else"
    assert _problems(events)[0] == ("entry.hash_mismatch", 3)


def test_delete_is_named() -> None:
    events = _log([1, 3, 1, 3, 1])  # chain 1: ids 1,2,3,4,5
    del events[2]
    assert _problems(events)[0] == ("chain.gap_or_reorder", 4)


def test_reorder_is_named() -> None:
    events = _log([1, 1, 1])
    a, b = events[0], events[1]
    a.id, b.id = b.id, a.id
    assert _problems(events)[0][0] in {"chain.gap_or_reorder", "entry.hash_mismatch"}


def test_rewriting_the_content_hash_still_breaks_the_next_link() -> None:
    events = _log([1, 1])
    events[0].purpose = "forged"
    events[0].entry_hash = rules.entry_hash(
        {c: getattr(events[0], c) for c in rules.CONTENT_COLUMNS},
        subject_prev_hash=events[0].subject_prev_hash,
        prev_hash=events[0].prev_hash,
    )
    assert _problems(events)[0] == ("chain.broken_link", 2)


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13])
def test_merkle_paths_lead_to_the_root(size: int) -> None:
    leaves = [rules.leaf_hash(i, 1, rules.GENESIS) for i in range(size)]
    root = rules.merkle_root(leaves)
    for index, leaf in enumerate(leaves):
        assert rules.root_from_path(leaf, rules.merkle_path(leaves, index)) == root
    assert rules.root_from_path(rules.leaf_hash(99, 1, rules.GENESIS), rules.merkle_path(leaves, 0)) != root


def test_signature_checks() -> None:
    key = Ed25519PrivateKey.generate()
    body = b"checkpoint"
    signature = key.sign(body).hex()
    assert signature_valid(public_hex(key), signature, body)
    assert not signature_valid(public_hex(key), signature, b"checkpoint!")
    assert not signature_valid(public_hex(Ed25519PrivateKey.generate()), signature, body)


# --- proofs built by hand, as the server would -----------------------------------------------------


def _proof(events: list[Event], subject: int, key: Ed25519PrivateKey) -> dict[str, Any]:
    mine = [e for e in events if e.subject_citizen_id == subject]
    heads: dict[int, tuple[int, str]] = {}
    people: dict[int, tuple[int, str]] = {}
    for e in events:
        heads[e.chain] = (e.seq, e.entry_hash)
        if e.subject_citizen_id is not None:
            people[e.subject_citizen_id] = (people.get(e.subject_citizen_id, (0, ""))[0] + 1, e.entry_hash)
    leaves = sorted((s, n, h) for s, (n, h) in people.items())
    hashes = [rules.leaf_hash(*leaf) for leaf in leaves]
    index = [leaf[0] for leaf in leaves].index(subject)
    body = rules.checkpoint_body(
        checkpoint_id=1, created_at=AT, key_id="k1", last_event_id=events[-1].id,
        heads={str(c): list(v) for c, v in heads.items()}, subject_root=rules.merkle_root(hashes),
        subject_count=len(leaves), prev_checkpoint_hash=rules.GENESIS,
    )  # fmt: skip
    entries = [
        {
            "content": {c: rules._plain(getattr(e, c)) for c in rules.CONTENT_COLUMNS},
            "subject_prev_hash": e.subject_prev_hash,
            "prev_hash": e.prev_hash,
            "entry_hash": e.entry_hash,
        }
        for e in mine
    ]
    return {
        "version": PROOF_VERSION, "subject_citizen_id": subject, "entries": entries,
        "sealed_count": len(entries),
        "checkpoint": {"id": 1, "body": body.decode(), "signature": key.sign(body).hex(), "key_id": "k1"},
        "leaf": {"index": index, "count": leaves[index][1], "head_hash": leaves[index][2]},
        "merkle_path": [list(step) for step in rules.merkle_path(hashes, index)],
    }  # fmt: skip


@pytest.fixture
def signed() -> tuple[dict[str, Any], dict[str, str]]:
    key = Ed25519PrivateKey.generate()
    return _proof(_log([1, 2, 1, 3, 1, 2]), 1, key), {"k1": public_hex(key)}


def test_a_proof_verifies(signed: tuple[dict[str, Any], dict[str, str]]) -> None:
    proof, keys = signed
    assert verify_proof(json.loads(json.dumps(proof)), keys)["sealed_entries"] == 3


@pytest.mark.parametrize("position", [0, 1, 2])
def test_removing_one_of_the_persons_entries_fails(
    signed: tuple[dict[str, Any], dict[str, str]], position: int
) -> None:
    proof, keys = copy.deepcopy(signed[0]), signed[1]
    del proof["entries"][position]
    proof["sealed_count"] -= 1
    with pytest.raises(ProofError) as caught:
        verify_proof(proof, keys)
    assert caught.value.code in {"audit.proof_broken_link", "audit.proof_entries_missing"}


def test_removing_the_latest_entry_and_its_leaf_claim_fails(
    signed: tuple[dict[str, Any], dict[str, str]],
) -> None:
    proof, keys = copy.deepcopy(signed[0]), signed[1]
    proof["entries"].pop()
    proof["sealed_count"] -= 1
    proof["leaf"] |= {"count": 2, "head_hash": proof["entries"][-1]["entry_hash"]}
    with pytest.raises(ProofError, match=r"audit\.proof_not_in_checkpoint"):
        verify_proof(proof, keys)


def test_a_redacted_entry_still_links(signed: tuple[dict[str, Any], dict[str, str]]) -> None:
    proof, keys = copy.deepcopy(signed[0]), signed[1]
    hidden = proof["entries"][1]
    proof["entries"][1] = {
        "redacted": True,
        "content_digest": rules.content_digest(hidden.pop("content")),
    } | hidden
    assert verify_proof(proof, keys)["sealed"]


def test_a_forged_signature_or_changed_entry_fails(signed: tuple[dict[str, Any], dict[str, str]]) -> None:
    proof, keys = copy.deepcopy(signed[0]), signed[1]
    proof["entries"][0]["content"]["purpose"] = "other"
    with pytest.raises(ProofError, match="hash_mismatch"):
        verify_proof(proof, keys)
    with pytest.raises(ProofError, match="bad_signature"):
        verify_proof(signed[0], {"k1": public_hex(Ed25519PrivateKey.generate())})


def test_tracker_entry_fields_match_the_api_schema() -> None:
    from dancu.audit.queries import TrackerEntry
    from dancu.audit.schemas import TrackerEntryOut

    names = [f.name for f in dataclasses.fields(TrackerEntry)]
    # Beside each enum, its word as stored: the only name of a word this version does not know.
    for name in ("event_type", "actor_group", "channel"):
        names.insert(names.index(name) + 1, f"{name}_raw")
    assert names == list(TrackerEntryOut.model_fields)


def test_a_batch_is_chained_with_each_chains_own_ids_and_verifies_after_what_came_before() -> None:
    """The batch append's pure step: entries interleaved over two chains take their chain's ids
    (drawn under that chain's lock) in order, continue each chain and each person, and the result
    passes the same checks as the rest of the log."""
    before = _log([1, 2, 1])  # chain 1: ids 1, 3 (person 1); chain 0: id 2 (person 2)
    heads = {
        chain: Head(seq=max(e.seq for e in before if e.chain == chain), hash=last.entry_hash, ids=ids)
        for chain, ids in ((0, (7, 9)), (1, (5, 6, 8)))
        for last in [max((e for e in before if e.chain == chain), key=lambda e: e.id)]
    }
    people = {1: before[2].entry_hash, 2: before[1].entry_hash, 3: rules.GENESIS, 4: rules.GENESIS}
    asked = [3, 2, 1, 3, 4]  # chains 1, 0, 1, 1, 0
    contents = [
        {k: v for k, v in _content(0, s, 0, 0).items() if k not in ("id", "chain", "seq")} for s in asked
    ]
    rows, tips = chain_rows(contents, [s % 2 for s in asked], heads=heads, people=people)
    assert [r["id"] for r in rows] == [5, 7, 6, 8, 9]
    assert [(r["chain"], r["seq"]) for r in rows] == [(1, 3), (0, 2), (1, 4), (1, 5), (0, 3)]
    assert rows[3]["subject_prev_hash"] == rows[0]["entry_hash"]  # person 3 asked twice
    assert tips == {0: rows[4]["entry_hash"], 1: rows[3]["entry_hash"]}
    chains: dict[int, tuple[int, str]] = {}
    subjects: dict[int, str] = {}
    batch = [Event(**row) for row in rows]
    for event in sorted([*before, *batch], key=lambda e: e.id):
        assert check_entry(event, chains, subjects) is None, event.id


_DOCUMENTS = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(_DOCUMENTS, st.lists(st.one_of(st.text(), st.sampled_from([Channel.PORTAL])), max_size=5)))
def test_the_driver_writes_a_json_column_as_json_dumps_does(value: Any) -> None:
    """The group append's text of a JSON column (``data``, ``fields``) is what SQLAlchemy's own bind
    processing would send: ``json.dumps`` of the value."""
    assert json_text(value) == json.dumps(value)
