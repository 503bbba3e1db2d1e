"""The outbox: one row per message, written in the transaction that caused it (house rule 3)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from dancu.db.base import Base, SealedText, str_enum


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
    body: Mapped[str] = mapped_column(SealedText("outbox.body"))
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))


class CitizenNotification(Base):
    """A message to a citizen in the identity app (decisions about their requests, and the like).

    Stored as a catalogue key and its parameters, not as text, so the app shows it in the reader's
    language; the SMS or e-mail copy, if any, goes through the outbox.
    """

    __tablename__ = "citizen_notification"
    __table_args__ = (Index("ix_citizen_notification_citizen_id", "citizen_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id"))
    created_at: Mapped[dt.datetime]
    message_key: Mapped[str] = mapped_column(String(100))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    link: Mapped[str | None] = mapped_column(String(300))
    read_at: Mapped[dt.datetime | None]
