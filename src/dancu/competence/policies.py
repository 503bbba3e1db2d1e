"""Who may decide what, as data (``data/competence.json``), and the approval a decision carries.

Pure: the rules are values read from the packaged file; the database side (delegations in force,
open proposals) is in ``queries`` and ``actions``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from dancu.access.actor import Actor
from dancu.access.positions import DecisionKind, Position, head_title, title
from dancu.errors import Forbidden

DATA = Path(__file__).parent / "data"
DELEGATION_BASIS = "TT 117/2026/TT-BCA Điều 3 khoản 6"
PROPOSAL_BASIS = "TT 117/2026/TT-BCA Điều 17 khoản 3–4"


@dataclass(frozen=True)
class KindRule:
    kind: DecisionKind
    label_vi: str
    label_en: str
    legal_basis: str
    decide: frozenset[Position]  # decide in their own right (the head)
    by_delegation: frozenset[Position]  # decide only under a written delegation in force (a deputy)
    propose: frozenset[Position]


@dataclass(frozen=True)
class Rules:
    proposal_required: bool
    kinds: dict[DecisionKind, KindRule]

    def of(self, kind: DecisionKind) -> KindRule:
        return self.kinds[kind]


def _positions(raw: Any, where: str) -> frozenset[Position]:
    try:
        return frozenset(Position(p) for p in raw)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"competence.json: {where}: positions must be among {[p.value for p in Position]}"
        ) from exc


def parse_rules(raw: dict[str, Any]) -> Rules:
    """Validate the file's shape: every decision kind present, positions known, no staff deciding."""
    kinds: dict[DecisionKind, KindRule] = {}
    given = raw.get("kinds") or {}
    for kind in DecisionKind:
        entry = given.get(kind.value)
        if not isinstance(entry, dict):
            raise ValueError(f"competence.json: kinds.{kind.value} is missing")
        rule = KindRule(
            kind=kind,
            label_vi=str(entry["label_vi"]),
            label_en=str(entry["label_en"]),
            legal_basis=str(entry["legal_basis"]),
            decide=_positions(entry.get("decide", []), f"kinds.{kind.value}.decide"),
            by_delegation=_positions(entry.get("by_delegation", []), f"kinds.{kind.value}.by_delegation"),
            propose=_positions(entry.get("propose", []), f"kinds.{kind.value}.propose"),
        )
        # The law never lets staff decide: a file saying otherwise is refused, not obeyed.
        if Position.STAFF in rule.decide | rule.by_delegation:
            raise ValueError(f"competence.json: kinds.{kind.value}: staff may propose, never decide")
        kinds[kind] = rule
    return Rules(proposal_required=bool(raw.get("proposal_required", False)), kinds=kinds)


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "competence.json").read_text(encoding="utf-8"))
    return data


@cache
def rules() -> Rules:
    return parse_rules(_raw())


@dataclass(frozen=True)
class DelegationRef:
    id: int
    number: str
    signed_on: dt.date
    head_label: str


@dataclass(frozen=True)
class Approval:
    """Who decided and under which delegation: what the log and the signed document name."""

    kind: DecisionKind
    account_id: int | None
    label: str
    position: Position | None
    title: str
    head_title: str
    delegation: DelegationRef | None = None
    proposal_id: int | None = None
    proposed_by: str | None = None

    def signature(self) -> str:
        """The signature block in one line: "KT. <head title> / <deputy title> <name> (QĐ giao quyền …)"."""
        if self.position is None:
            return self.label
        if self.delegation is None:
            return f"{self.title}: {self.label}"
        d = self.delegation
        return (
            f"KT. {self.head_title}, {self.title}: {self.label} "
            f"(theo Quyết định giao quyền số {d.number} ngày {d.signed_on:%d/%m/%Y})"
        )

    def event_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "approved_by": self.label,
            "approved_by_account_id": self.account_id,
            "approver_position": self.position.value if self.position else None,
            "approver_title": self.title,
        }
        if self.delegation is not None:
            data |= {
                "delegation_id": self.delegation.id,
                "delegation_number": self.delegation.number,
                "delegation_date": self.delegation.signed_on.isoformat(),
            }
        if self.proposal_id is not None:
            data |= {"proposal_id": self.proposal_id, "proposed_by": self.proposed_by}
        return data


def approval_of(
    actor: Actor,
    kind: DecisionKind,
    *,
    delegation: DelegationRef | None,
    proposal_id: int | None = None,
    proposed_by: str | None = None,
) -> Approval:
    return Approval(
        kind=kind,
        account_id=actor.account_id,
        label=actor.label,
        position=actor.position if actor.role is not None else None,
        title=title(actor.role, actor.position) if actor.role is not None else actor.label,
        head_title=head_title(actor.role),
        delegation=delegation,
        proposal_id=proposal_id,
        proposed_by=proposed_by,
    )


def needs_delegation(actor: Actor, kind: DecisionKind) -> bool:
    """Whether ``actor`` may decide ``kind`` in their own right (False), only under a delegation
    (True), or not at all (Forbidden naming the rule). A named system actor (the operator's CLI, a
    synchronisation) holds no position and is not an officer deciding: its acts are logged as its own."""
    if actor.role is None:
        return False
    rule = rules().of(kind)
    if actor.position in rule.decide:
        return False
    if actor.position in rule.by_delegation:
        return True
    raise Forbidden(
        "competence.staff_cannot_decide",
        kind=rule.label_vi,
        legal_basis=rule.legal_basis,
        rule=PROPOSAL_BASIS,
        position=(actor.position or Position.STAFF).label_vi,
    )


def may_propose(actor: Actor, kind: DecisionKind) -> None:
    rule = rules().of(kind)
    if actor.role is None or actor.position not in rule.propose:
        raise Forbidden("competence.may_not_propose", kind=rule.label_vi)
