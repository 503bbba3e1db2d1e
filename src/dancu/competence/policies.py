"""Who may decide what, as data (``data/competence.json``, or the operator's copy in
``DANCU_CONFIG_DIR``), and the approval a decision carries.

Pure: the rules are values read through :mod:`dancu.configdir`; the database side (delegations in force,
open proposals) is in ``queries`` and ``actions``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dancu import configdir
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
    # [M] The approver is not the proposer (the "four eyes" reading of TT 117 Điều 17 khoản 3–4).
    two_person_rule: bool
    kinds: dict[DecisionKind, KindRule]

    def of(self, kind: DecisionKind) -> KindRule:
        return self.kinds[kind]


class _KindFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label_vi: str = Field(min_length=1)
    label_en: str = Field(min_length=1)
    legal_basis: str = Field(min_length=1)
    decide: list[str] = []
    by_delegation: list[str] = []
    propose: list[str] = []


class _CompetenceFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    metadata: dict[str, Any] | None = None
    proposal_required: bool = False
    two_person_rule: bool = True
    kinds: dict[str, Any]


def _positions(raw: list[str], where: str) -> frozenset[Position]:
    try:
        return frozenset(Position(p) for p in raw)
    except ValueError:
        raise configdir.ConfigProblem(
            where, f"positions must be among {[p.value for p in Position]}"
        ) from None


def parse_rules(raw: dict[str, Any]) -> Rules:
    """Validate the file's shape: every decision kind present, positions known, no staff deciding.
    A broken rule is a :class:`~dancu.configdir.ConfigProblem` naming the key."""
    data = configdir.validated(_CompetenceFile, raw)
    unknown = sorted(set(data.kinds) - {k.value for k in DecisionKind})
    if unknown:
        raise configdir.ConfigProblem(
            f"kinds.{unknown[0]}", f"unknown decision kind (one of {[k.value for k in DecisionKind]})"
        )
    kinds: dict[DecisionKind, KindRule] = {}
    for kind in DecisionKind:
        given = data.kinds.get(kind.value)
        if not isinstance(given, dict):
            raise configdir.ConfigProblem(
                f"kinds.{kind.value}", "is missing: every decision kind needs a rule"
            )
        try:
            entry = _KindFile.model_validate(given)
        except ValidationError as exc:
            first = exc.errors()[0]
            key = ".".join(["kinds", kind.value, *(str(part) for part in first["loc"])])
            raise configdir.ConfigProblem(key, first["msg"]) from None
        where = f"kinds.{kind.value}"
        rule = KindRule(
            kind=kind,
            label_vi=entry.label_vi,
            label_en=entry.label_en,
            legal_basis=entry.legal_basis,
            decide=_positions(entry.decide, f"{where}.decide"),
            by_delegation=_positions(entry.by_delegation, f"{where}.by_delegation"),
            propose=_positions(entry.propose, f"{where}.propose"),
        )
        # The law never lets staff decide: a file saying otherwise is refused, not obeyed.
        if Position.STAFF in rule.decide | rule.by_delegation:
            raise configdir.ConfigProblem(
                where, "staff may propose, never decide (TT 117/2026 Điều 17 khoản 3)"
            )
        kinds[kind] = rule
    return Rules(proposal_required=data.proposal_required, two_person_rule=data.two_person_rule, kinds=kinds)


configdir.register("competence.json", DATA / "competence.json", parse_rules)


def _raw() -> dict[str, Any]:
    """The file in force (the operator's copy or the packaged one)."""
    return configdir.load("competence.json")


@cache
def rules() -> Rules:
    result: Rules = configdir.parse("competence.json", parse_rules)
    return result


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
