"""An officer's position in their unit and the kinds of decision the law gives to one person.

TT 117/2026/TT-BCA Điều 17 khoản 3–4: staff (cán bộ) prepare a proposal and the head (Thủ trưởng
cơ quan quản lý căn cước, Giám đốc Công an cấp tỉnh, Trưởng Công an cấp xã) decides; Điều 3 khoản 6:
a deputy decides only under the head's written delegation. Which position may decide which kind is
data (``dancu/competence/data/competence.json``), not code.
"""

from __future__ import annotations

from enum import StrEnum

from dancu.access.permissions import OfficerRole


class Position(StrEnum):
    HEAD = "head"  # Trưởng Công an cấp xã, Giám đốc Công an cấp tỉnh, Thủ trưởng C06
    DEPUTY = "deputy"  # cấp phó
    STAFF = "staff"  # cán bộ, chiến sĩ

    @property
    def label_vi(self) -> str:
        return _POSITION_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _POSITION_LABELS[self][1]


_POSITION_LABELS = {
    Position.HEAD: ("Thủ trưởng (Trưởng / Giám đốc)", "Head"),
    Position.DEPUTY: ("Cấp phó", "Deputy head"),
    Position.STAFF: ("Cán bộ", "Staff"),
}

# The head's title in each tier (NĐ 70 Điều 9 as amended; TT 117 Điều 3 khoản 3, 6).
_HEAD_TITLES = {
    OfficerRole.COMMUNE_POLICE: "Trưởng Công an cấp xã",
    OfficerRole.PROVINCIAL_POLICE: "Giám đốc Công an cấp tỉnh",
    OfficerRole.IDENTITY_AGENCY: "Thủ trưởng cơ quan quản lý căn cước Bộ Công an",
}


def head_title(role: OfficerRole | None) -> str:
    return _HEAD_TITLES.get(role, "Thủ trưởng đơn vị") if role is not None else "Thủ trưởng đơn vị"


def title(role: OfficerRole | None, position: Position | None) -> str:
    """The title printed under a signature: "Trưởng Công an cấp xã", "Phó Giám đốc …", "Cán bộ …"."""
    head = head_title(role)
    if position is Position.HEAD:
        return head
    if position is Position.DEPUTY:
        return f"Phó {head[0].lower()}{head[1:]}"
    unit = role.label_vi if role is not None else ""
    return f"Cán bộ {unit}".strip()


class DecisionKind(StrEnum):
    """Acts that only the competent person decides (domain.md §3.3)."""

    EXPLOITATION = "exploitation"  # khai thác thông tin: NĐ 70 Điều 9; TT 117 Điều 17 khoản 3–4
    CORRECTION = "correction"  # điều chỉnh theo đề nghị (DC02): TT 117 Điều 8 khoản 3
    PIN = "pin"  # hủy, xác lập lại số định danh cá nhân: NĐ 70 Điều 11 (as amended)
    COLLECTION = "collection"  # thu thập (DC01): TT 117 Điều 5 khoản 3 điểm a, khoản 5
