"""``dancu calendar``: legal deadlines and non-working days from the calendar data, for operators."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from dancu.calendar.queries import deadline, load_calendar
from dancu.cli.common import emit, fail
from dancu.errors import DomainError, invalid

app = typer.Typer(help="Working days and legal deadlines (lịch làm việc, thời hạn)", no_args_is_help=True)

CalendarFile = Annotated[
    Path | None, typer.Option("--calendar-file", help="Operator calendar file (default DANCU_CALENDAR_FILE)")
]


def _parse_day(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(invalid(option, "date_parsing"))


def _parse_pause(value: str) -> tuple[dt.date, dt.date]:
    start, sep, end = value.partition(":")
    if not sep:
        fail(invalid("--pause", "calendar.pause_format"))
    return _parse_day(start, "--pause"), _parse_day(end, "--pause")


@app.command("deadline")
def deadline_command(
    received: Annotated[str, typer.Option("--received", help="Date of receipt, YYYY-MM-DD")],
    working_days: Annotated[int, typer.Option("--working-days", min=0, help="Working days allowed")] = 3,
    pause: Annotated[
        list[str] | None, typer.Option("--pause", help="START:END dates the clock stood still (repeatable)")
    ] = None,
    calendar_file: CalendarFile = None,
) -> None:
    """Print the legal deadline: N working days counted from the day after receipt."""
    day = _parse_day(received, "--received")
    pauses = [_parse_pause(p) for p in pause or []]
    try:
        calendar = load_calendar(calendar_file)
        due = deadline(day, working_days, calendar=calendar, pauses=pauses)
    except DomainError as exc:
        fail(exc)
    skipped = calendar.non_working_days(day + dt.timedelta(days=1), due)
    emit(
        {
            "received": day.isoformat(),
            "working_days": working_days,
            "deadline": due.isoformat(),
            "pauses": [[a.isoformat(), b.isoformat()] for a, b in pauses],
            "non_working_days": [
                {"date": d.isoformat(), "kind": kind.value, "name": note.name_vi if note else None}
                for d, kind, note in skipped
            ],
        }
    )


@app.command("days")
def days_command(
    year: Annotated[int, typer.Option("--year", min=1990, max=2100)],
    calendar_file: CalendarFile = None,
) -> None:
    """List the year's non-working days and make-up working days with their names."""
    calendar = load_calendar(calendar_file)
    rows = calendar.non_working_days(dt.date(year, 1, 1), dt.date(year, 12, 31))
    emit(
        [
            {"date": d.isoformat(), "kind": kind.value, "name_vi": note.name_vi, "name_en": note.name_en}
            for d, kind, note in rows
            if note is not None
        ]
    )
