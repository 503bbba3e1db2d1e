"""Declarative base, naming convention and the portable column types every model uses."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from sqlalchemy import JSON, DateTime, Enum, MetaData, String, Text, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

from dancu import sealing

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC on both engines (SQLite has no time zones, so values come back naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class SealedText(TypeDecorator[str]):
    """A secret stored sealed (dancu.sealing) under ``purpose``; reads open it. Not comparable in SQL:
    each sealing uses a fresh nonce."""

    impl = Text
    cache_ok = True

    def __init__(self, purpose: str) -> None:
        super().__init__()
        self.purpose = purpose

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else sealing.seal_text(value, purpose=self.purpose)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else sealing.open_text(value, purpose=self.purpose)


# JSONB on PostgreSQL (indexable, compact), JSON text on SQLite.
PortableJSON = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime, dict[str, Any]: PortableJSON}


def str_enum(cls: type[StrEnum], length: int | None = None) -> Enum:
    """A StrEnum stored by its value (not its name) as a checked VARCHAR on both engines."""
    longest = max(len(member.value) for member in cls)
    return Enum(
        cls,
        native_enum=False,
        length=length or max(longest, 40),
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
        # No CHECK constraint: enums grow, and a stale constraint would drift silently from the code.
        create_constraint=False,
    )


@dataclass(frozen=True, slots=True)
class UnknownValue:
    """A word stored in a :class:`LenientEnum` column that this version's enum does not have (a later
    version wrote it, then the installation was rolled back). ``value`` is the word as stored; it
    reads like an enum's ``.value``, so code that hashes or prints ``.value`` covers the stored word.
    Not a ``str``, and equal only to an instance of the same class with the same word: never to a
    member, to the bare string, or to another column's unknown word. Each column subclasses it."""

    value: str


E = TypeVar("E", bound=StrEnum)
U = TypeVar("U", bound=UnknownValue)


def known(value: E | UnknownValue | None) -> E | None:
    """The member read from a :class:`LenientEnum` column, or None when the stored word is unknown
    (or nothing is stored): what code that acts on a member's meaning must look at."""
    return None if value is None or isinstance(value, UnknownValue) else value


class LenientEnum(TypeDecorator[E | U]):
    """A StrEnum stored by value as a VARCHAR, like :func:`str_enum` (same DDL, so no migration to
    switch), but read back leniently: a word this version does not know becomes ``unknown(word)``
    instead of raising ``LookupError``. For columns that outlive versions, such as the access log's:
    one later version's word must not stop every reader of the log. Writes take only members (or
    their words): this version writes only what it knows."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], unknown: type[U], length: int) -> None:
        super().__init__(length)
        self.enum = enum
        self.unknown = unknown
        self.length = length
        # One dictionary lookup per row: verify reads every entry of the log through these columns.
        self._by_value: dict[str, E] = {member.value: member for member in enum}

    def process_bind_param(self, value: E | U | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        member = self._by_value.get(value) if isinstance(value, str) else None
        if member is None:
            raise ValueError(
                f"{value!r} is not a {self.enum.__name__} of this version, so it is never written"
            )
        return member.value

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | U | None:
        if value is None:
            return None
        member = self._by_value.get(value)
        return member if member is not None else self.unknown(value)


# The log's monthly partitions (docs/adr/0018) are made at run time by ``dancu audit partitions
# ensure``, not by the models: a schema comparison looks at their parent table only.
LOG_PARTITION = re.compile(r"^event_(\d{4}_\d{2}|default)$")
# Kept by the log's own trigger on PostgreSQL and read only by its functions (migration 0043), never
# through the models; SQLite keeps the log in one table and has no such table.
LOG_TRIGGER_TABLES = frozenset({"audit_person_head"})


def _not_a_partition(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """``include_object`` for Alembic: everything except a reflected log partition and its indexes,
    and the tables the log's triggers keep."""
    if not reflected:
        return True
    table = getattr(obj, "table", obj) if type_ in {"index", "unique_constraint"} else obj
    table_name = str((getattr(table, "name", name) if type_ != "table" else name) or "")
    return not LOG_PARTITION.match(table_name) and table_name not in LOG_TRIGGER_TABLES


# Indexes the models declare that the migrations build on one engine only (name -> that engine):
# on PostgreSQL the person's latest entry is kept in a table of its own (migration 0043), and the
# (person, id) index lost its reader there (migration 0044); SQLite still reads through it.
ONE_ENGINE_INDEXES = {"ix_event_subject_latest": "sqlite"}

IncludeObject = Callable[[Any, str | None, str, bool, Any], bool]


def schema_objects(dialect: str) -> IncludeObject:
    """``include_object`` for Alembic comparing the models with a database of ``dialect``: as
    :func:`_not_a_partition`, and without the models' indexes of another engine. Alembic consults
    it about an index only where the two sides differ, so it cannot tell whether such an index is
    absent where it should be: test_audit_person_head checks that on each engine."""

    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        if not reflected and type_ == "index" and ONE_ENGINE_INDEXES.get(str(name), dialect) != dialect:
            return False
        return _not_a_partition(obj, name, type_, reflected, compare_to)

    return include
