"""Versions of the administrative-unit code tables. A stored code always carries one."""

from __future__ import annotations

from enum import StrEnum


class CodeTable(StrEnum):
    # 63 provinces, districts and communes (QĐ 124/2004/QĐ-TTg and later changes), until 30/06/2025.
    PRE_2025 = "pre2025"
    # 34 provinces and 3,321 communes (Nghị quyết 202/2025/QH15, QĐ 19/2025/QĐ-TTg), from 01/07/2025.
    FROM_2025 = "2025"


class UnitLevel(StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"  # only in the pre-2025 table
    COMMUNE = "commune"
