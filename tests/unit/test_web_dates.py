"""Dates as forms take and show them: day/month/year, partial dates too (dancu.web.dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from dancu.web.dates import iso_dates, shown, to_iso


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("28/05/1992", "1992-05-28"),
        ("8/5/1992", "1992-05-08"),
        ("28-05-1992", "1992-05-28"),
        ("28.05.1992", "1992-05-28"),
        (" 29/02/2024 ", "2024-02-29"),
        ("05/1992", "1992-05"),
        ("5/1992", "1992-05"),
        ("1992", "1992"),
        ("1992-05-28", "1992-05-28"),  # ISO still accepted (what the API and old links send)
    ],
)
def test_what_people_type_becomes_iso(typed: str, iso: str) -> None:
    assert to_iso(typed) == iso


@pytest.mark.parametrize(
    "typed", ["31/02/1992", "29/02/2023", "13/1992", "00/1992", "1992/05/28", "28/05/92", "abc", ""]
)
def test_what_is_no_date_is_none(typed: str) -> None:
    assert to_iso(typed) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("1992-05-28", "28/05/1992"),
        ("1992-05", "05/1992"),
        ("1992", "1992"),
        (dt.date(2026, 1, 2), "02/01/2026"),
        (None, ""),
        ("31/02/1992", "31/02/1992"),  # what a person typed wrong is shown back as typed
    ],
)
def test_stored_dates_are_shown_day_first(value: object, text: str) -> None:
    assert shown(value) == text


def test_only_date_fields_of_a_form_are_converted() -> None:
    form = {
        "date_of_birth": "28/05/1992",
        "card.issued_on": "01/07/2024",
        "dossier_number": "12/2024",  # looks like a month and year; is a dossier number
        "start": "31/02/2024",  # no such day: left for the model to report by the field's label
    }
    assert iso_dates(form) == {
        "date_of_birth": "1992-05-28",
        "card.issued_on": "2024-07-01",
        "dossier_number": "12/2024",
        "start": "31/02/2024",
    }
