"""Rules of the correction procedure: the status transitions, what may be corrected, who decides.

Pure functions (no database), so the transition table and the routing are unit-tested alone.
"""

from __future__ import annotations

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.corrections.models import CorrectionStatus
from dancu.enums.registry import Item
from dancu.errors import Conflict, Forbidden
from dancu.geo.enums import CodeTable
from dancu.geo.queries import map_commune_to_2025
from dancu.registry.actions.items import OWN_PROCEDURE

WORKING_DAYS = 2  # NĐ 70/2024/NĐ-CP Điều 6 khoản 3
# People of Vietnamese origin with undetermined nationality (nationality item holds this code):
# NĐ 70 Điều 24 khoản 9 as amended by NĐ 58/2026 — 05 working days, proof "(nếu có)".
UNDETERMINED_NATIONALITY = "XX"
WORKING_DAYS_UNDETERMINED = 5
LEGAL_BASIS = "Nghị định 70/2024/NĐ-CP Điều 6 khoản 3; Luật Căn cước 2023 Điều 10 khoản 7"
ASSIGNMENT_BASIS = (
    "Nghị định 70/2024/NĐ-CP Điều 6 khoản 3 (Trưởng Công an cấp xã nơi công dân cư trú); "
    "Thông tư 117/2026/TT-BCA Điều 26 khoản 3 [M: giao Công an cấp xã khi chưa xác định được]"
)

S = CorrectionStatus
TRANSITIONS: dict[CorrectionStatus, frozenset[CorrectionStatus]] = {
    S.SUBMITTED: frozenset({S.APPROVED, S.REFUSED, S.WITHDRAWN}),
    S.APPROVED: frozenset(),
    S.REFUSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
OPEN = frozenset(status for status, targets in TRANSITIONS.items() if targets)

# What a citizen may ask to correct: single-valued items without a procedure of their own (a PIN,
# a household, a relative and a death each have theirs), and no residence — residence is
# registered under the Law on Residence, not corrected here.
CORRECTABLE: tuple[Item, ...] = tuple(
    item
    for item in Item
    if not item.multi_valued
    and item not in OWN_PROCEDURE
    and item
    not in (
        Item.PERMANENT_RESIDENCE,
        Item.TEMPORARY_RESIDENCE,
        Item.CURRENT_PLACE,
        Item.TEMPORARY_ABSENCE,
        Item.RESIDENCE_FILE_NUMBER,
    )
)


def undetermined(nationality: list[str]) -> bool:
    return UNDETERMINED_NATIONALITY in nationality


def working_days(nationality: list[str]) -> int:
    """Days to decide: 02 for citizens (NĐ 70 Điều 6 khoản 3), 05 under the new Điều 24 khoản 9."""
    return WORKING_DAYS_UNDETERMINED if undetermined(nationality) else WORKING_DAYS


def proof_required(nationality: list[str]) -> bool:
    """A citizen's DC02 comes "và tài liệu chứng minh thông tin cần điều chỉnh" (NĐ 70 Điều 6 khoản 3
    as amended by NĐ 58/2026); a person of undetermined nationality brings proof "(nếu có)"."""
    return not undetermined(nationality)


def can_move(current: CorrectionStatus, target: CorrectionStatus) -> bool:
    return target in TRANSITIONS[current]


def ensure_move(current: CorrectionStatus, target: CorrectionStatus) -> CorrectionStatus:
    if not can_move(current, target):
        raise Conflict("correction.transition_not_allowed", status_from=current.value, status_to=target.value)
    return target


def commune_2025(unit_code: str, unit_version: str) -> str | None:
    """The commune (2025 table) whose police hold a person's file, from the unit as stored."""
    if CodeTable(unit_version) is CodeTable.FROM_2025:
        return unit_code if len(unit_code) == 5 else None
    mapped = map_commune_to_2025(unit_code)
    return mapped.code if mapped else None


def held_by_province(commune_code: str) -> bool:
    """A request the map could not place in a commune is held by the province police (its code)."""
    return len(commune_code) == 2


def decides(actor: Actor, commune_code: str) -> bool:
    """Only the commune police of the request's commune see and decide it; a request whose commune
    the map cannot tell (a two-digit province code) goes to that province's police."""
    if held_by_province(commune_code):
        return actor.role is OfficerRole.PROVINCIAL_POLICE and actor.unit_code == commune_code
    return actor.role is OfficerRole.COMMUNE_POLICE and actor.unit_code == commune_code


def ensure_decides(actor: Actor, commune_code: str) -> None:
    if not decides(actor, commune_code):
        raise Forbidden("auth.out_of_territory")
