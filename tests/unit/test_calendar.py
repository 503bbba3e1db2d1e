"""The working-day calendar: holidays, Tết, make-up days from data, pauses, operator overrides."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dancu.calendar.queries import DayKind, WorkCalendar, deadline, legal_date, load_calendar
from dancu.errors import DomainError
from tests.support.cli import run_cli

D = dt.date


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return load_calendar(None)


def test_weekends_and_public_holidays_are_not_working_days(cal: WorkCalendar) -> None:
    assert cal.is_working_day(D(2026, 11, 27))  # a Friday
    assert cal.kind(D(2026, 11, 28)) is DayKind.WEEKEND
    assert cal.kind(D(2026, 9, 2)) is DayKind.PUBLIC_HOLIDAY
    assert cal.kind(D(2026, 2, 17)) is DayKind.PUBLIC_HOLIDAY  # mùng 1 Tết Bính Ngọ


def test_a_make_up_saturday_from_the_data_is_a_working_day(cal: WorkCalendar) -> None:
    assert cal.kind(D(2026, 8, 22)) is DayKind.MAKE_UP
    assert cal.is_working_day(D(2026, 8, 22))
    assert cal.note(D(2026, 8, 22)) is not None


def test_three_working_days_count_from_the_day_after_receipt(cal: WorkCalendar) -> None:
    # Received Wednesday → Thursday, Friday, Monday.
    assert deadline(D(2026, 11, 25), 3, calendar=cal) == D(2026, 11, 30)
    # Received on a Saturday: Monday is the first day.
    assert deadline(D(2026, 11, 28), 3, calendar=cal) == D(2026, 12, 2)


def test_a_request_received_on_the_last_working_day_before_tet_is_due_after_tet(cal: WorkCalendar) -> None:
    # Tết Đinh Mùi 2027: 4–10 February off; 3 February is the last working day before it.
    assert cal.is_working_day(D(2027, 2, 3))
    assert not cal.is_working_day(D(2027, 2, 4))
    assert deadline(D(2027, 2, 3), 3, calendar=cal) == D(2027, 2, 15)


def _operator_file(tmp_path: Path, body: dict[str, object]) -> Path:
    path = tmp_path / "calendar.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def test_a_make_up_day_in_the_operator_data_moves_the_deadline(tmp_path: Path) -> None:
    path = _operator_file(
        tmp_path,
        {"working_days": [{"date": "2027-02-13", "name_vi": "Làm bù", "name_en": "Make-up day"}]},
    )
    assert deadline(D(2027, 2, 3), 3, calendar=load_calendar(path)) == D(2027, 2, 13)


def test_an_extra_day_off_in_the_operator_data_moves_the_deadline(tmp_path: Path) -> None:
    path = _operator_file(tmp_path, {"days_off": [{"date": "2027-02-11", "name_vi": "Nghỉ thêm"}]})
    assert deadline(D(2027, 2, 3), 3, calendar=load_calendar(path)) == D(2027, 2, 16)


def test_the_operator_can_turn_a_shipped_make_up_day_back_into_a_day_off(tmp_path: Path) -> None:
    path = _operator_file(tmp_path, {"days_off": [{"date": "2026-08-22", "name_vi": "Hủy làm bù"}]})
    assert not load_calendar(path).is_working_day(D(2026, 8, 22))


def test_a_changed_operator_file_is_read_again(tmp_path: Path) -> None:
    path = _operator_file(tmp_path, {})
    assert deadline(D(2027, 2, 3), 3, calendar=load_calendar(path)) == D(2027, 2, 15)
    path.write_text(json.dumps({"working_days": [{"date": "2027-02-13"}]}), encoding="utf-8")
    os.utime(path, (1, 1))  # a different mtime even within the same second
    assert deadline(D(2027, 2, 3), 3, calendar=load_calendar(path)) == D(2027, 2, 13)


def test_bad_calendar_data_names_the_entry(tmp_path: Path) -> None:
    path = _operator_file(tmp_path, {"days_off": [{"date": "2027-02-31"}]})
    with pytest.raises(DomainError) as caught:
        load_calendar(path)
    assert caught.value.problems[0].field == "calendar.json.days_off[0].date"


def test_the_clock_does_not_run_during_a_pause(cal: WorkCalendar) -> None:
    # Received Monday 7 Dec; clarification asked Tue 8 and answered Wed 9: two days do not count.
    plain = deadline(D(2026, 12, 7), 3, calendar=cal)
    paused = deadline(D(2026, 12, 7), 3, calendar=cal, pauses=[(D(2026, 12, 8), D(2026, 12, 9))])
    assert plain == D(2026, 12, 10)
    assert paused == D(2026, 12, 14)
    assert cal.working_days_between(plain, paused) == 2


def test_a_reversed_pause_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(DomainError) as caught:
        deadline(D(2026, 11, 23), 3, calendar=cal, pauses=[(D(2026, 11, 25), D(2026, 11, 24))])
    assert caught.value.problems[0].rule == "calendar.pause_reversed"


def test_the_legal_date_is_the_date_in_vietnam() -> None:
    late_utc = dt.datetime(2026, 11, 29, 18, 30, tzinfo=dt.UTC)
    assert legal_date(late_utc) == D(2026, 11, 30)


@given(start=st.dates(min_value=D(2024, 1, 1), max_value=D(2030, 12, 31)), n=st.integers(0, 30))
def test_the_deadline_is_a_working_day_exactly_n_working_days_later(start: dt.date, n: int) -> None:
    cal = load_calendar(None)
    due = deadline(start, n, calendar=cal)
    assert cal.working_days_between(start, due) == n
    if n:
        assert cal.is_working_day(due)
        assert cal.working_days_between(start, due - dt.timedelta(days=1)) == n - 1


def test_the_cli_prints_the_deadline_and_the_days_it_skipped(tmp_path: Path) -> None:
    run = run_cli("calendar", "deadline", "--received", "2027-02-03")
    assert run.exit_code == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["deadline"] == "2027-02-15"
    assert {"date": "2027-02-06", "kind": "public_holiday", "name": "Tết Nguyên đán (mùng 1)"} in out[
        "non_working_days"
    ]
    with_make_up = _operator_file(tmp_path, {"working_days": [{"date": "2027-02-13"}]})
    run = run_cli("calendar", "deadline", "--received", "2027-02-03", "--calendar-file", str(with_make_up))
    assert json.loads(run.stdout)["deadline"] == "2027-02-13"


def test_the_cli_refuses_a_bad_date_naming_the_option() -> None:
    run = run_cli("calendar", "deadline", "--received", "3/2/2027")
    assert run.exit_code == 1
    assert json.loads(run.stderr)["errors"][0]["field"] == "--received"
