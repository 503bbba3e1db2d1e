"""Rules of the undetermined-nationality procedure (NĐ 70 Điều 24 as amended by NĐ 58/2026): the
dossier's states, its deadlines, who receives it and who issues the identity certificate.

Pure (no database). The numbers and the receiving units are data (``data/undetermined.json``, or the
operator's copy in ``DANCU_CONFIG_DIR``), not code: domain.md marks their reading [M].
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from dancu import configdir
from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.calendar.queries import WorkCalendar, deadline
from dancu.errors import Conflict, Forbidden
from dancu.undetermined.models import CertificateStatus, DossierStatus, Stage

DATA = Path(__file__).parent / "data"
FILE = "undetermined.json"
__all__ = ["CertificateStatus", "DossierStatus", "Stage"]
LEGAL_BASIS = "Nghị định 70/2024/NĐ-CP Điều 24 (sửa đổi bởi Nghị định 58/2026/NĐ-CP)"
VERIFY_BASIS = f"{LEGAL_BASIS} khoản 4, 5"
COMPARE_BASIS = f"{LEGAL_BASIS} khoản 5"
DECISION_BASIS = f"{LEGAL_BASIS} khoản 6"
CERTIFICATE_BASIS = f"{LEGAL_BASIS} khoản 7, 8"
RENEWAL_BASIS = "Nghị định 70/2024/NĐ-CP Điều 26 khoản 1 (sửa đổi bởi Nghị định 58/2026/NĐ-CP)"


S = DossierStatus
TRANSITIONS: dict[DossierStatus, frozenset[DossierStatus]] = {
    S.RECEIVED: frozenset({S.VERIFYING, S.REFUSED}),
    S.VERIFYING: frozenset({S.ACCEPTED, S.REFUSED}),
    S.ACCEPTED: frozenset(),
    S.REFUSED: frozenset(),
}
OPEN = frozenset(status for status, targets in TRANSITIONS.items() if targets)


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    metadata: dict[str, Any] | None = None
    receiving_roles: list[OfficerRole] = Field(min_length=1)
    start_working_days: int = Field(ge=1, le=10)
    verification_days: int = Field(ge=1, le=60)
    complex_max_days: int = Field(ge=1, le=120)
    residence_months: int = Field(ge=1, le=24)
    pin_days: int = Field(ge=1, le=60)
    issuing_body: str = Field(min_length=3, max_length=300)
    certificate_symbol: str = Field(pattern=r"^[A-Z]{2,10}$")


def parse_rules(raw: dict[str, Any]) -> Rules:
    rules = configdir.validated(Rules, raw)
    if rules.complex_max_days < rules.verification_days:
        raise configdir.ConfigProblem("complex_max_days", "must be at least verification_days")
    if OfficerRole.IDENTITY_AGENCY in rules.receiving_roles or not set(rules.receiving_roles) <= {
        OfficerRole.COMMUNE_POLICE,
        OfficerRole.PROVINCIAL_POLICE,
    }:
        raise configdir.ConfigProblem(
            "receiving_roles", "only commune_police and provincial_police receive (Điều 24 khoản 1)"
        )
    return rules


configdir.register(FILE, DATA / FILE, parse_rules)


@cache
def _cached(path: Path, mtime: float) -> Rules:
    result: Rules = configdir.parse(FILE, parse_rules)
    return result


def rules() -> Rules:
    """The rules in force (the operator's file when there is one; re-read when it changes)."""
    path = configdir.path_of(FILE)
    return _cached(path, path.stat().st_mtime)


def start_due(received: dt.date, *, calendar: WorkCalendar) -> dt.date:
    """Verification starts within 01 working day of the completed declaration (khoản 4)."""
    return deadline(received, rules().start_working_days, calendar=calendar)


def verification_due(started: dt.date, *, extended_days: int | None = None) -> dt.date:
    """30 days of verification, or the extended period of a complex case (khoản 4)."""
    return started + dt.timedelta(days=extended_days or rules().verification_days)


def pin_due(updated: dt.date) -> dt.date:
    """The PIN and the identity certificate within 15 days of the update (khoản 7)."""
    return updated + dt.timedelta(days=rules().pin_days)


def ensure_move(current: DossierStatus, target: DossierStatus) -> DossierStatus:
    if target not in TRANSITIONS[current]:
        raise Conflict(
            "undetermined.transition_not_allowed", status_from=current.value, status_to=target.value
        )
    return target


def ensure_receives(actor: Actor, province_code: str, unit_province: str | None) -> None:
    """Commune police within the province where the person lives, or the provincial identity office
    of that province (khoản 1); which of them receive is data."""
    if actor.role not in rules().receiving_roles or unit_province != province_code:
        raise Forbidden("auth.out_of_territory")


def holds(actor: Actor, unit_code: str, role: OfficerRole) -> bool:
    """The receiving unit carries the dossier to its decision (khoản 4, 6)."""
    return actor.role is role and actor.unit_code == unit_code


def ensure_holds(actor: Actor, unit_code: str, role: OfficerRole) -> None:
    if not holds(actor, unit_code, role):
        raise Forbidden("auth.out_of_territory")


def issues_certificates(actor: Actor) -> bool:
    """The MPS identity agency establishes the PIN and issues the certificate (khoản 7)."""
    return actor.role is OfficerRole.IDENTITY_AGENCY


def compares(actor: Actor) -> bool:
    """The MPS identity agency checks and compares against the NPD and the Identity DB (khoản 5)."""
    return actor.role is OfficerRole.IDENTITY_AGENCY
