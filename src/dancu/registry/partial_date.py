"""Partial dates for legacy records: year only, month and year, or a full date. Never invents 01/01."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD"; raises ValueError("partial_date") otherwise."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise ValueError("partial_date")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if year < 1800:
            raise ValueError("partial_date")
        if month is not None and not 1 <= month <= 12:
            raise ValueError("partial_date")
        if day is not None:
            assert month is not None
            try:
                dt.date(year, month, day)
            except ValueError:
                raise ValueError("partial_date") from None
        return cls(year, month, day)

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display_vi(self) -> str:
        if self.month is None:
            return f"năm {self.year}"
        if self.day is None:
            return f"tháng {self.month:02d}/{self.year}"
        return f"{self.day:02d}/{self.month:02d}/{self.year}"

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            first_next = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return first_next - dt.timedelta(days=1)
        return dt.date(self.year, self.month, self.day)

    def is_full(self) -> bool:
        return self.day is not None
