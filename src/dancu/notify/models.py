"""The outbox: one row per message, written in the transaction that caused it (house rule 3)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dancu.db.base import Base, str_enum


class NotifyChannel(StrEnum):
    SMS = "sms"
    EMAIL = "email"


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "sent_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[NotifyChannel] = mapped_column(str_enum(NotifyChannel))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
