"""The one place that reads the clock. Tests freeze it with :func:`freeze`, or move it forward with
:func:`travel` instead of sleeping through a wait (the next TOTP step, an expiry)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_frozen: dt.datetime | None = None
_ahead = dt.timedelta(0)  # how far travel() has moved the running clock; nothing else sets it


def now_utc() -> dt.datetime:
    """Timezone-aware UTC now (or the frozen instant)."""
    return _frozen if _frozen is not None else dt.datetime.now(dt.UTC) + _ahead


def today_vn() -> dt.date:
    """Today's legal date in Viet Nam: deadlines and as-of dates are counted in Asia/Ho_Chi_Minh."""
    return now_utc().astimezone(VN_TZ).date()


def end_of_day_utc(day: dt.date) -> dt.datetime:
    """The last instant of a Vietnamese calendar day, in UTC (for "as known on date K")."""
    start_next = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=VN_TZ)
    return (start_next - dt.timedelta(microseconds=1)).astimezone(dt.UTC)


@contextmanager
def freeze(instant: dt.datetime) -> Iterator[None]:
    global _frozen
    if instant.tzinfo is None:
        raise ValueError("freeze() needs a timezone-aware datetime")
    previous, _frozen = _frozen, instant.astimezone(dt.UTC)
    try:
        yield
    finally:
        _frozen = previous


def travel(delta: dt.timedelta) -> None:
    """Move the running clock forward for the rest of the process (tests only: a wait they would
    otherwise sleep through). Never backwards: a clock going back would break every "after"."""
    global _ahead
    if delta < dt.timedelta(0):
        raise ValueError("travel() only moves forward")
    _ahead += delta
