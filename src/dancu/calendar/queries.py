"""The working-day calendar and legal deadlines: pure functions over data, no database.

Public holidays come from the ``holidays`` package (Bộ luật Lao động 2019 Điều 112, lunar dates
included); each year's announced extra days off and make-up working days are data
(``data/vn_calendar.json``), and an operator's file (``DANCU_CALENDAR_FILE``) overrides both, so a
new yearly plan is a data change. A deadline of N working days counts from the day after receipt
("kể từ ngày nhận được", domain.md §3.5 [M]).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from dancu.errors import invalid

SHIPPED = Path(__file__).parent / "data" / "vn_calendar.json"
LEGAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A deadline further out than this many calendar days means the data is wrong (e.g. a year of days off).
MAX_SPAN_DAYS = 3660


class DayKind(StrEnum):
    WORKING = "working"
    WEEKEND = "weekend"
    PUBLIC_HOLIDAY = "public_holiday"  # Bộ luật Lao động Điều 112
    DAY_OFF = "day_off"  # announced for the year (bridging days, Tết plan)
    MAKE_UP = "make_up"  # a weekend day declared a working day (làm bù)


@dataclass(frozen=True)
class DayNote:
    name_vi: str
    name_en: str
    source: str = ""
    assumption: bool = False


@dataclass(frozen=True)
class CalendarData:
    """The overrides as loaded: weekend days, extra days off and make-up working days."""

    weekend: frozenset[int] = frozenset({5, 6})
    days_off: dict[dt.date, DayNote] = field(default_factory=dict)
    working_days: dict[dt.date, DayNote] = field(default_factory=dict)

    def merged(self, other: CalendarData) -> CalendarData:
        """``other`` wins: a date it lists as working leaves the days-off list, and the reverse."""
        days_off = {d: n for d, n in self.days_off.items() if d not in other.working_days}
        working = {d: n for d, n in self.working_days.items() if d not in other.days_off}
        return CalendarData(
            weekend=other.weekend,
            days_off={**days_off, **other.days_off},
            working_days={**working, **other.working_days},
        )


class WorkCalendar:
    """Answers "is this a working day" and counts working days; public holidays are computed per year."""

    def __init__(self, data: CalendarData) -> None:
        self.data = data
        self._public = holidays.country_holidays("VN")

    def kind(self, day: dt.date) -> DayKind:
        if day in self.data.working_days:
            return DayKind.MAKE_UP
        if day in self.data.days_off:
            return DayKind.DAY_OFF
        if day in self._public:
            return DayKind.PUBLIC_HOLIDAY
        if day.weekday() in self.data.weekend:
            return DayKind.WEEKEND
        return DayKind.WORKING

    def is_working_day(self, day: dt.date) -> bool:
        return self.kind(day) in (DayKind.WORKING, DayKind.MAKE_UP)

    def note(self, day: dt.date) -> DayNote | None:
        if day in self.data.working_days:
            return self.data.working_days[day]
        if day in self.data.days_off:
            return self.data.days_off[day]
        name = self._public.get(day)
        return DayNote(name_vi=_public_name_vi(str(name)), name_en=str(name)) if name else None

    def add_working_days(
        self, start: dt.date, n: int, *, skip: Iterable[tuple[dt.date, dt.date]] = ()
    ) -> dt.date:
        """The n-th working day after ``start``; days inside any ``skip`` range (inclusive) do not count."""
        if n < 0:
            raise invalid("working_days", "calendar.negative_days")
        ranges = tuple(skip)
        day, counted = start, 0
        while counted < n:
            day += dt.timedelta(days=1)
            if (day - start).days > MAX_SPAN_DAYS:
                # Only broken calendar data can get here, never a client's input.
                raise RuntimeError(f"no {n} working days within {MAX_SPAN_DAYS} days of {start}")
            if self.is_working_day(day) and not any(a <= day <= b for a, b in ranges):
                counted += 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1 for i in range(1, (end - start).days + 1) if self.is_working_day(start + dt.timedelta(i))
        )

    def non_working_days(
        self, first: dt.date, last: dt.date
    ) -> list[tuple[dt.date, DayKind, DayNote | None]]:
        days = (first + dt.timedelta(i) for i in range((last - first).days + 1))
        return [(d, self.kind(d), self.note(d)) for d in days if self.kind(d) is not DayKind.WORKING]


def deadline(
    received: dt.date,
    working_days: int,
    *,
    calendar: WorkCalendar,
    pauses: Sequence[tuple[dt.date, dt.date]] = (),
) -> dt.date:
    """The legal deadline: ``working_days`` working days after the day of receipt, not counting pauses.

    A pause is an inclusive range of legal dates during which the clock stood still (for example while
    the officer waited for the requester's clarification).
    """
    for start, end in pauses:
        if end < start:
            raise invalid("pauses", "calendar.pause_reversed", start=start.isoformat(), end=end.isoformat())
    return calendar.add_working_days(received, working_days, skip=pauses)


def legal_date(at: dt.datetime) -> dt.date:
    """The legal date of an instant: deadlines and receipts are dates in Vietnam's time zone."""
    if at.tzinfo is None:
        raise ValueError("legal_date needs an aware datetime")
    return at.astimezone(LEGAL_ZONE).date()


def parse_calendar(raw: Any, *, origin: str) -> CalendarData:
    """Validate a calendar data document; errors name the entry and the rule."""
    if not isinstance(raw, dict):
        raise invalid(origin, "calendar.file_not_object")
    weekend = raw.get("weekend", ["saturday", "sunday"])
    if not isinstance(weekend, list) or any(w not in WEEKDAYS for w in weekend):
        raise invalid(f"{origin}.weekend", "calendar.bad_weekday", expected=", ".join(WEEKDAYS))
    return CalendarData(
        weekend=frozenset(WEEKDAYS.index(w) for w in weekend),
        days_off=_parse_days(raw.get("days_off", []), f"{origin}.days_off"),
        working_days=_parse_days(raw.get("working_days", []), f"{origin}.working_days"),
    )


def _parse_days(entries: Any, where: str) -> dict[dt.date, DayNote]:
    if not isinstance(entries, list):
        raise invalid(where, "rule.list_type")
    days: dict[dt.date, DayNote] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("date"), str):
            raise invalid(f"{where}[{i}].date", "rule.missing")
        try:
            day = dt.date.fromisoformat(entry["date"])
        except ValueError:
            raise invalid(f"{where}[{i}].date", "rule.date_parsing") from None
        days[day] = DayNote(
            name_vi=str(entry.get("name_vi", "")),
            name_en=str(entry.get("name_en", "")),
            source=str(entry.get("source", "")),
            assumption=bool(entry.get("assumption", False)),
        )
    return days


def read_calendar_file(path: Path) -> CalendarData:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise invalid("calendar_file", "calendar.file_unreadable", path=str(path), error=str(exc)) from None
    return parse_calendar(raw, origin=path.name)


@lru_cache(maxsize=8)
def _load(operator_file: str | None, mtime: float | None) -> WorkCalendar:
    data = read_calendar_file(SHIPPED)
    if operator_file:
        data = data.merged(read_calendar_file(Path(operator_file)))
    return WorkCalendar(data)


def load_calendar(operator_file: Path | str | None = None) -> WorkCalendar:
    """The shipped data merged with the operator's file; reloaded when that file changes."""
    if operator_file is None:
        from dancu.settings import get_settings

        operator_file = get_settings().calendar_file
    if not operator_file:
        return _load(None, None)
    path = Path(operator_file)
    mtime = path.stat().st_mtime if path.exists() else None
    return _load(str(path), mtime)


_PUBLIC_NAMES_VI = {
    "New Year's Day": "Tết Dương lịch",
    "Lunar New Year's Eve": "Tết Nguyên đán (30 Tết)",
    "Lunar New Year": "Tết Nguyên đán (mùng 1)",
    "29 of Lunar New Year": "Tết Nguyên đán (29 Tết)",
    "Second Day of Lunar New Year": "Tết Nguyên đán (mùng 2)",
    "Third Day of Lunar New Year": "Tết Nguyên đán (mùng 3)",
    "Fourth Day of Lunar New Year": "Tết Nguyên đán (mùng 4)",
    "Fifth Day of Lunar New Year": "Tết Nguyên đán (mùng 5)",
    "Hung Kings' Commemoration Day": "Giỗ Tổ Hùng Vương",
    "Liberation Day/Reunification Day": "Ngày Chiến thắng 30/4",
    "International Labor Day": "Ngày Quốc tế Lao động",
    "National Day": "Quốc khánh",
    "Vietnam Cultural Day": "Ngày Văn hóa Việt Nam",
}


def _public_name_vi(name: str) -> str:
    if name in _PUBLIC_NAMES_VI:
        return _PUBLIC_NAMES_VI[name]
    if "Lunar New Year" in name:
        return f"Tết Nguyên đán ({name})"
    if "observed" in name or "substituted" in name.lower():
        return f"Nghỉ bù ({name})"
    return name
