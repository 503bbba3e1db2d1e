"""Dates as people in Viet Nam type and read them: ``28/05/1992``, ``05/1992`` or ``1992``.

Forms show and accept day/month/year; the models behind them (and the API) speak ISO 8601. This
module is the one translation between the two: :func:`to_iso` reads what a person typed,
:func:`shown` writes a stored date back, and :func:`iso_dates` converts every date field of a
submitted form (known by its name) before the form is validated. Text that is not a date is left
as typed, so the model reports it with the field's label, and the page shows it back unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

# Separators people use between day, month and year: "/" mostly, "-" and "." too.
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_Y = re.compile(r"^(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")

# The last part of a form field's name that holds a date (full or partial), in every form.
DATE_FIELDS = frozenset(
    {
        "date_of_birth",
        "date",
        "start",
        "end",
        "on",
        "valid_from",
        "valid_to",
        "valid_on",
        "as_of",
        "known_at",
        "permanent_residence_since",
        "since",
        "issued_on",
        "expires_on",
        "signed_on",
    }
)

# Pages explain date rules in the format the form asks for (the API's messages speak ISO 8601).
FORM_DATE_RULES = frozenset(
    {
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "date_type",
        "partial_date",
    }
)


def to_iso(text: str) -> str | None:
    """What a person typed as an ISO date: "28/5/1992" → "1992-05-28", "05/1992" → "1992-05",
    "1992" → "1992"; an ISO date is kept. ``None`` when it has none of these shapes or the day,
    month or year cannot exist (31/02/1992, 13/1992)."""
    text = text.strip()
    if match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    if match := _MY.match(text):
        month, year = (int(g) for g in match.groups())
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    if _Y.match(text):
        return text
    if match := _ISO.match(text):
        return text
    return None


def shown(value: object) -> str:
    """A date as a form shows it: day/month/year (partial dates: month/year or year). Anything that
    is not an ISO date (what a person typed and got wrong) is shown as it is."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    match = _ISO.match(text.strip())
    if not match:
        return text
    year, month, day = match.groups()
    return f"{day}/{month}/{year}" if day else f"{month}/{year}"


def is_date_field(name: str) -> bool:
    return name.rpartition(".")[2] in DATE_FIELDS


def iso_dates(form: Mapping[str, str]) -> dict[str, str]:
    """The form with every date field that holds a readable date in ISO 8601 (others untouched)."""
    converted = dict(form)
    for name, value in form.items():
        if value and is_date_field(name):
            converted[name] = to_iso(value) or value
    return converted
