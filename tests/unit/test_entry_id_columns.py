"""Every column that holds an access-log entry id is as wide as the entry ids themselves."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql

import dancu.models  # noqa: F401  (every model in the metadata)
from dancu.db.base import Base


def _names_an_entry(table: str, column: str) -> bool:
    return column == "event_id" or column.endswith("_event_id") or (table == "event" and column == "id")


def test_every_column_naming_a_log_entry_is_64_bit_on_postgresql() -> None:
    dialect = postgresql.dialect()
    narrow = [
        f"{table.name}.{column.name}: {column.type.compile(dialect=dialect)}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if _names_an_entry(table.name, column.name) and column.type.compile(dialect=dialect) != "BIGINT"
    ]
    assert not narrow, narrow
