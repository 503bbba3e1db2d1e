"""A person's own-record rows read on one asyncpg connection: the single read that the process's
shared reader (lookup/read_group.py) must answer exactly as, for the tests that compare the two."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dancu.registry.driver_sets import records_of_ids
from dancu.registry.queries import DriverConnection


@dataclass(frozen=True)
class RecordsOnConnection:
    """A :class:`dancu.registry.driver_sets.RecordsSource` that reads each person on its own."""

    connection: DriverConnection

    async def rows(self, key: int, instant: dt.datetime) -> list[Any]:
        return await records_of_ids(self.connection, [key], instant)
