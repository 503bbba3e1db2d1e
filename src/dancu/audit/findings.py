"""What ``dancu audit verify`` found: one :class:`Problem` per finding, each named and placed.

``what`` is a stable code (``entry.hash_mismatch``, ``chain.moved_back``, ``checkpoint.missing``, …);
``chain``/``seq`` say where in the log (``seq`` is the position in the chain), ``entry_id`` and
``checkpoint_id`` which row; ``detail`` says it in words. :meth:`Problem.sentence` puts them in one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class Entry(Protocol):
    """An entry as verify reads it: a live row (:class:`Event`) or one read from an archive file."""

    id: int
    chain: int
    seq: int
    subject_citizen_id: int | None
    prev_hash: str
    subject_prev_hash: str | None
    entry_hash: str
    mac_key: str | None
    entry_mac: str | None
    data: Any


@dataclass
class Problem:
    what: str
    entry_id: int | None = None
    chain: int | None = None
    seq: int | None = None
    checkpoint_id: int | None = None
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None and v != ""}

    def sentence(self) -> str:
        where = []
        if self.chain is not None:
            where.append(f"chain {self.chain}" + (f", position {self.seq}" if self.seq is not None else ""))
        if self.entry_id is not None:
            where.append(f"entry {self.entry_id}")
        if self.checkpoint_id is not None:
            where.append(f"checkpoint {self.checkpoint_id}")
        place = f" at {', '.join(where)}" if where else ""
        return f"{self.what}{place}: {self.detail or 'see the code'}"


@dataclass
class Report:
    entries: int = 0
    chains: dict[int, tuple[int, str]] = field(default_factory=dict)
    checkpoints: int = 0
    problems: list[Problem] = field(default_factory=list)
    # Where the evidence outside the database was read from, and what it held (for the output).
    outside: dict[str, Any] = field(default_factory=dict)
    # Filled by the walk, not printed: each person's latest entry walked (its hash), and the people
    # whose latest entry walked came from an archive file rather than the live log.
    people: dict[int, str] = field(default_factory=dict, repr=False)
    people_archived: set[int] = field(default_factory=set, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: Problem | None) -> None:
        if problem is not None:
            self.problems.append(problem)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "chains": {str(c): {"seq": s, "head": h} for c, (s, h) in sorted(self.chains.items())},
            "checkpoints": self.checkpoints,
            "outside": self.outside,
            "first_problem": self.problems[0].as_dict() if self.problems else None,
            "findings": [p.sentence() for p in self.problems[:50]],
            "problems": [p.as_dict() for p in self.problems[:50]],
            "problem_count": len(self.problems),
        }
