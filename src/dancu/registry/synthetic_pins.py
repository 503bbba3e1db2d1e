"""PINs for the synthetic population (:mod:`dancu.registry.synthetic`), unique across its shards.

A large load generates its people in several shards at once, one process each (docs/adr/0019,
"Shards"). The shards share no state, so they must never be able to draw the same number: each
(prefix, century/sex digit, year) group walks one affine permutation of 0–999999 whose parameters
come from the seed and the group alone — the same in every shard — and shard ``k`` of ``n`` takes the
walk's steps ``k, k + n, k + 2n, …``. Disjoint steps of one permutation are disjoint numbers.
"""

from __future__ import annotations

import random
from collections.abc import Set as AbstractSet
from typing import Any

from dancu.enums.registry import Sex
from dancu.pin import rules

RANDOM_PARTS = 1_000_000  # six digits


class PinAllocator:
    """Random parts unique within the run (over all its shards), without remembering every number.

    A group's walk is ``(offset + multiplier × step) mod 10⁶`` with an odd multiplier not divisible
    by 5 (so coprime with 10⁶): a permutation, so every step gives a new number until the group's
    million are used up; memory stays one small list per group.
    """

    def __init__(self, seed: int, taken: AbstractSet[str], *, shard: int = 0, shards: int = 1) -> None:
        if not 0 <= shard < shards:
            raise ValueError("shard must be in 0 … shards - 1")
        self._seed, self._taken, self._shard, self._shards = seed, taken, shard, shards
        self._groups: dict[tuple[str, str, int], list[Any]] = {}

    def draw(self, prefix: str, sex: Sex, year: int) -> str:
        key = (prefix, sex._value_, year)  # a member's value hashes as a str, the member in Python
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = self._new_group(prefix, sex, year)
        while True:
            lead, multiplier, offset, step = group
            if step >= RANDOM_PARTS:
                raise ValueError(f"PIN range exhausted for {lead}")
            group[3] = step + self._shards
            pin = f"{lead}{(offset + multiplier * step) % RANDOM_PARTS:06d}"
            if pin not in self._taken:  # numbers already in the register are never reused
                return pin

    def _new_group(self, prefix: str, sex: Sex, year: int) -> list[Any]:
        # Seeded by text: random hashes a str seed with SHA-512, the same in every process and run
        # (hash() of a str is salted per process).
        rng = random.Random(f"pin/{self._seed}/{prefix}/{sex._value_}/{year}")  # noqa: S311 -- not secret
        multiplier = rng.randrange(1, RANDOM_PARTS, 2)
        while multiplier % 5 == 0:
            multiplier = rng.randrange(1, RANDOM_PARTS, 2)
        # compose() checks prefix, sex and year once per group; the six random digits follow it.
        lead = rules.compose(prefix=prefix, sex=sex, birth_year=year, random_part=0)[:6]
        return [lead, multiplier, rng.randrange(RANDOM_PARTS), self._shard]
