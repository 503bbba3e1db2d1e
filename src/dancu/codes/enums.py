"""The code lists this package ships, by the name used in URLs and data-file names."""

from __future__ import annotations

from enum import StrEnum


class CodeList(StrEnum):
    ETHNICITIES = "ethnicities"
    RELIGIONS = "religions"
    COUNTRIES = "countries"
    BLOOD_GROUPS = "blood-groups"

    @property
    def file_name(self) -> str:
        return f"{self.value.replace('-', '_')}.json"
