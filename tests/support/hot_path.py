"""Sending a request to the route a hot route stands for (docs/adr/0017), for the tests that
compare the route's answer and entries with the hot path's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dancu.lookup.hot_route import HOT_PATH


@contextmanager
def route_only(app: Any) -> Iterator[None]:
    """Within the block every hot route hands its requests to its route (which keeps the caller's
    actor, as it does on SQLite); afterwards the app answers as it did before."""
    hot = getattr(app.state, HOT_PATH)
    setattr(app.state, HOT_PATH, False)
    try:
        yield
    finally:
        setattr(app.state, HOT_PATH, hot)
