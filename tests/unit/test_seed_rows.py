"""The seed's rows as COPY text (dancu.seed_rows): what the producer process sends the loader."""

from __future__ import annotations

import json

import pytest

from dancu.enums.registry import Item, RelationRole
from dancu.registry.actions.relations import relation_key
from dancu.registry.synthetic import _pairs, generate
from dancu.seed_rows import Batch, IdBases, RowBuilder, batches, interleaved, sharded_batches


def _batch(citizens: int = 300, seed: int = 11) -> Batch:
    (batch,) = batches(
        RowBuilder(IdBases(citizen=50, household=5, fact_set=500)),
        generate(citizens, seed=seed),
        size=citizens,
    )
    return batch


def _copy_fields(text: bytes) -> list[list[str]]:
    return [line.split("\t") for line in text.decode().splitlines()]


def test_rendered_text_holds_the_same_rows_as_the_tuples() -> None:
    batch = _batch()
    households, citizens, pins, sets = batch.households, batch.citizens, batch.pins, batch.sets
    at = households[0][2].isoformat()
    texts = batch.render()
    assert batch.sizes == (len(citizens), len(households), len(sets)) and not batch.citizens
    assert _copy_fields(texts["household"]) == [[str(hid), number, at] for hid, number, _ in households]
    assert _copy_fields(texts["pin_record"]) == [[pin, str(cid), at] for pin, cid, _ in pins]
    expected = [[str(value) for value in row[:14]] + [at, at] for row in citizens]
    assert _copy_fields(texts["citizen"]) == expected
    assert _copy_fields(texts["fact_set"]) == [[str(sid), str(cid), body] for sid, cid, body in sets]
    assert batch.event_data(1)["citizen_ids"] == [citizens[0][0], citizens[-1][0]]


@pytest.mark.parametrize("bad", ["\x01", "\t", "\n", "\r", "\\", "\x7f"])
def test_a_value_that_would_need_escaping_is_refused(bad: str) -> None:
    batch = _batch(40)
    row = batch.citizens[3]
    batch.citizens[3] = (*row[:4], row[4] + bad, *row[5:])  # the given name
    with pytest.raises(ValueError, match="escaping"):
        batch.render()
    batch = _batch(40)
    batch.lines[5] = batch.lines[5].replace(b'"given": "', b'"given": "' + bad.encode(), 1)
    with pytest.raises(ValueError, match="escaping"):
        batch.render()


def test_names_that_would_need_escaping_are_refused_when_the_tables_are_read() -> None:
    for bad in ("Lê\x01", 'Lê"', "Lê\\", "Lê\t", " "):
        with pytest.raises(ValueError, match="not usable"):
            _pairs([[bad, 1]])


def test_relation_keys_are_the_registers_and_assertions_are_in_item_then_key_order() -> None:
    batch = _batch(2_000, seed=3)
    seen = 0
    for _, _, body in batch.sets:
        assertions = json.loads(body)
        order = [(a["i"], a.get("k", "")) for a in assertions]
        assert order == sorted(order)
        for a in assertions:
            if a["i"] == Item.RELATION:
                value = a["v"]
                role = RelationRole(value["role"])
                assert a["k"] == relation_key(
                    role, citizen_id=value["citizen_id"], full_name=value["full_name"]
                )
                seen += 1
    assert seen > 2_000  # parents, children and spouses in both directions


def test_a_sharded_run_numbers_its_rows_as_one_run_and_takes_the_shards_in_turn() -> None:
    bases = IdBases(citizen=50, household=5, fact_set=500)
    run = list(sharded_batches(bases, citizens=1_000, seed=4, shards=2, size=150))
    again = list(sharded_batches(bases, citizens=1_000, seed=4, shards=2, size=150))
    assert [b.lines for b in run] == [b.lines for b in again]  # deterministic, order included
    assert [b.number for b in run] == list(range(len(run)))
    citizens = sorted(row[0] for b in run for row in b.citizens)
    assert citizens == list(range(51, 1_051))  # one run's ids: contiguous, none twice
    # Each person's set id follows the citizen id, whichever shard built it.
    assert all(sid - 500 == cid - 50 for b in run for sid, cid, _ in b.sets)
    households = [row[0] for b in run for row in b.households]
    numbers = [row[1] for b in run for row in b.households]
    assert len(set(households)) == len(households) and len(set(numbers)) == len(numbers)
    pins = [row[0] for b in run for row in b.pins]
    assert len(set(pins)) == 1_000
    # Shard 0 holds people 51–550, shard 1 551–1050: the batches alternate between them.
    shard_of = [0 if b.citizens[0][0] <= 550 else 1 for b in run]
    assert shard_of[:4] == [0, 1, 0, 1]
    assert sum(b.sizes[0] for b in run) == 1_000 and all(b.sizes[0] >= 150 for b in run[:4])


def test_interleaved_takes_turns_until_every_shard_is_done() -> None:
    # ``facts`` tags each batch with its shard and its place in the shard.
    shards = [
        [Batch(n, facts=10 + n) for n in range(3)],
        [Batch(0, facts=20)],
        [Batch(n, facts=30 + n) for n in range(2)],
    ]
    taken = list(interleaved([iter(shard) for shard in shards]))
    assert [b.facts for b in taken] == [10, 20, 30, 11, 31, 12]
    assert [b.number for b in taken] == list(range(6))
