"""The event log: every change to the register (and, from the identity issue on, every read)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dancu.db.base import Base, str_enum


class EventType(StrEnum):
    BIRTH_REGISTERED = "registry.birth_registered"
    CITIZEN_COLLECTED = "registry.citizen_collected"
    ITEM_UPDATED = "registry.item_updated"
    ITEM_ADJUSTED = "registry.item_adjusted"
    DEATH_RECORDED = "registry.death_recorded"
    MISSING_RECORDED = "registry.missing_recorded"
    RESIDENCE_CHANGED = "registry.residence_changed"
    HOUSEHOLD_CHANGED = "registry.household_changed"
    RELATION_CHANGED = "registry.relation_changed"
    CARD_RECORDED = "registry.card_recorded"
    PIN_ASSIGNED = "pin.assigned"
    PIN_CANCELLED = "pin.cancelled"
    PIN_REESTABLISHED = "pin.reestablished"
    ACCOUNT_CREATED = "identity.account_created"
    LOGIN_SUCCEEDED = "identity.login_succeeded"
    LOGIN_FAILED = "identity.login_failed"
    LOGOUT = "identity.logout"
    POPULATION_SEEDED = "registry.population_seeded"
    CITIZEN_VIEWED = "registry.citizen_viewed"


class Event(Base):
    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_subject_citizen_id", "subject_citizen_id", "id"),
        Index("ix_event_occurred_at", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime]
    event_type: Mapped[EventType] = mapped_column(str_enum(EventType))
    actor_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    # A readable actor label survives account renames; "system" or "cli:<user>" for non-web actors.
    actor_label: Mapped[str] = mapped_column(String(200))
    subject_citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizen.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
