"""Tables of the register.

``fact_set`` is the history: append-only, bitemporal, one row per recording event about one person
holding that event's assertions; the ``fact`` view shows it as one row per assertion (docs/adr/0019).
Everything else about a person (``citizen``) is a projection rebuilt from facts by
:mod:`dancu.registry.projection` inside the same transaction, kept for indexed search and lookup.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from dancu.audit.models import EntryId
from dancu.db.base import Base, PortableJSON, UTCDateTime, str_enum
from dancu.enums.registry import ChangeKind, Item, LifeStatus, Sex, Source, Verification


class Citizen(Base):
    """Current view of a person, derived from the facts; never the source of truth."""

    __tablename__ = "citizen"
    __table_args__ = (
        # The search's order, and the same order within one date of birth (migration 0029).
        Index("ix_citizen_name_search", "name_search", "id"),
        Index("ix_citizen_dob_name_search", "dob", "name_search", "id"),
        Index("ix_citizen_residence", "residence_province_code", "residence_unit_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pin: Mapped[str] = mapped_column(String(12), unique=True)
    family_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    given_name: Mapped[str] = mapped_column(String(100))
    full_name: Mapped[str] = mapped_column(String(300))
    # Lower-case, diacritics removed, đ→d: the key for diacritic-insensitive search.
    # Byte order ("C") on PostgreSQL: prefix search is a range over ASCII keys, and a linguistic
    # collation would ignore spaces and the DEL upper bound.
    name_search: Mapped[str] = mapped_column(
        String(300).with_variant(String(300, collation="C"), "postgresql")
    )
    # Partial date as text: "YYYY", "YYYY-MM" or "YYYY-MM-DD" (sorts correctly, never invents 01/01).
    dob: Mapped[str] = mapped_column(String(10))
    sex: Mapped[Sex] = mapped_column(str_enum(Sex))
    status: Mapped[LifeStatus] = mapped_column(str_enum(LifeStatus), default=LifeStatus.ALIVE)
    # The unit responsible for the person (projection.responsible_unit): permanent residence, else
    # temporary, else current place; without any, the last residence, else the birth-registration
    # place. As stored: code + table version.
    residence_unit_code: Mapped[str | None] = mapped_column(String(10))
    residence_unit_version: Mapped[str | None] = mapped_column(String(20))
    # The residence's province in the code table in force today, for territory checks and statistics.
    residence_province_code: Mapped[str | None] = mapped_column(String(3))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"))
    created_at: Mapped[dt.datetime]
    refreshed_at: Mapped[dt.datetime]


class PinChange(Base):
    """One cancellation (and re-establishment) of a PIN: its ground as named in the grounds data,
    and, where the ground needs it (NĐ 70 Điều 11 khoản 8), the citizen's own written request —
    its reference, date of receipt and the scanned form with its SHA-256 — not an officer's word."""

    __tablename__ = "pin_change"
    __table_args__ = (Index("ix_pin_change_citizen_id", "citizen_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id"))
    old_pin: Mapped[str] = mapped_column(String(12))
    new_pin: Mapped[str | None] = mapped_column(String(12))
    ground: Mapped[str] = mapped_column(String(40))
    dossier_number: Mapped[str] = mapped_column(String(60))
    request_reference: Mapped[str | None] = mapped_column(String(60))
    request_received_on: Mapped[dt.date | None] = mapped_column(Date)
    request_filename: Mapped[str | None] = mapped_column(String(200))
    request_media_type: Mapped[str | None] = mapped_column(String(50))
    request_sha256: Mapped[str | None] = mapped_column(String(64))
    request_content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    decided_at: Mapped[dt.datetime]
    decided_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))


class Household(Base):
    """Hộ gia đình. Membership and the head live in the members' HOUSEHOLD facts."""

    __tablename__ = "household"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    created_at: Mapped[dt.datetime]


class FactSet(Base):
    """One recording event's assertions about one person: the history as stored (docs/adr/0019).

    The provenance (when, why, by whom, on what basis) is written once; ``assertions`` is a JSON
    array of ``{"i": item, "k": key, "v": value, "r": ref_id, "f": valid_from, "t": valid_to}``
    with absent members meaning "" (key) or null (the others). A seeded person is one row instead of
    ~17; an officer's change of three items in one event is one row. Rows are never updated or
    deleted (database triggers refuse it). Read through the ``fact`` view (:class:`Fact`).
    """

    __tablename__ = "fact_set"
    __table_args__ = (
        Index("ix_fact_set_citizen_id", "citizen_id", "recorded_at"),
        # The change feed reads an event's assertions by event id (sharing.feed.queries).
        Index("ix_fact_set_event_id", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id"))
    # 1 to ASSERTIONS_PER_SET elements (a CHECK constraint): each one's id in the view is id * 256 +
    # its position.
    # json on PostgreSQL, not jsonb: loading is mostly parsing this column, and json only checks the
    # syntax (docs/adr/0019); the view turns each value into jsonb as the per-item table held it.
    assertions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    recorded_at: Mapped[dt.datetime]
    change_kind: Mapped[ChangeKind] = mapped_column(str_enum(ChangeKind))
    source: Mapped[Source] = mapped_column(str_enum(Source))
    verification: Mapped[Verification] = mapped_column(str_enum(Verification))
    legal_basis: Mapped[str | None] = mapped_column(Text)
    dossier_number: Mapped[str | None] = mapped_column(String(60))
    reason: Mapped[str | None] = mapped_column(Text)
    # The entry that recorded it. No foreign key: the log is partitioned by time on PostgreSQL, whose
    # keys must then name the month too; the append writes both in one transaction (docs/adr/0018).
    event_id: Mapped[int] = mapped_column(EntryId)
    officer_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))


ASSERTIONS_PER_SET = 256

# Views are made by migration 0026, not by the models; kept out of Base.metadata so a schema
# comparison (and anything that creates tables from the metadata) never takes one for a table.
_views = MetaData()


class Fact(Base):
    """One assertion: "item (key) of this person had value V during [valid_from, valid_to)".

    A row of the ``fact`` view, which expands each :class:`FactSet` into its assertions with the
    set's provenance; ``id`` is the set's id × 256 + the assertion's position, unique and stable.
    A later-recorded fact overrides earlier ones for the part of valid time it covers, so the
    register's answer for (valid date D, known at K) is the latest fact recorded by K whose valid
    period contains D. Read-only: facts are written as sets (registry.actions.core).
    """

    __table__ = Table(
        "fact",
        _views,
        Column("id", BigInteger, primary_key=True),
        Column("citizen_id", Integer),
        Column("item", str_enum(Item)),
        # "" for single-valued items; the card number, relation slot or attribute code otherwise.
        Column("key", String(80).with_variant(String(80, collation="C"), "postgresql")),
        # None means "no value" for the period: a removal, a retraction.
        Column("value", PortableJSON, nullable=True),
        # Another entity the value points to (a household id, a related citizen id).
        Column("ref_id", Integer),
        Column("valid_from", Date),
        Column("valid_to", Date),
        Column("recorded_at", UTCDateTime()),
        Column("change_kind", str_enum(ChangeKind)),
        Column("source", str_enum(Source)),
        Column("verification", str_enum(Verification)),
        Column("legal_basis", Text),
        Column("dossier_number", String(60)),
        Column("reason", Text),
        Column("event_id", EntryId),
        Column("officer_account_id", Integer),
    )

    id: Mapped[int]
    citizen_id: Mapped[int]
    item: Mapped[Item]
    key: Mapped[str]
    value: Mapped[Any]
    ref_id: Mapped[int | None]
    valid_from: Mapped[dt.date | None]
    valid_to: Mapped[dt.date | None]
    recorded_at: Mapped[dt.datetime]
    change_kind: Mapped[ChangeKind]
    source: Mapped[Source]
    verification: Mapped[Verification]
    legal_basis: Mapped[str | None]
    dossier_number: Mapped[str | None]
    reason: Mapped[str | None]
    event_id: Mapped[int]
    officer_account_id: Mapped[int | None]


class PinRecord(Base):
    """Every PIN ever assigned, insert-only: the primary key is what makes a number never reused."""

    __tablename__ = "pin_record"
    __table_args__ = (Index("ix_pin_record_citizen_id", "citizen_id"),)

    pin: Mapped[str] = mapped_column(String(12), primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id"))
    assigned_at: Mapped[dt.datetime]
