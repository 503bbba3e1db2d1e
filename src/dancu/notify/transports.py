"""Delivering pending outbox messages through a pluggable transport, after the writer committed."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dancu.clock import now_utc
from dancu.db.unit_of_work import unit_of_work
from dancu.notify.models import NotifyChannel, OutboxMessage
from dancu.notify.settings import NotifySettings, TransportName


class DeliveryError(Exception):
    """A transport could not deliver a message; it stays pending and is retried."""


class Transport(Protocol):
    def deliver(self, message: OutboxMessage) -> None: ...


class DevTransport:
    """Delivers nothing: marking the message sent is enough, and /dev/outbox shows it."""

    def deliver(self, message: OutboxMessage) -> None:
        return None


class SmtpTransport:
    """E-mail through an SMTP relay (stdlib smtplib). SMS needs a carrier gateway: refused here."""

    def __init__(self, settings: NotifySettings) -> None:
        self.settings = settings

    def deliver(self, message: OutboxMessage) -> None:
        if message.channel is not NotifyChannel.EMAIL:
            raise DeliveryError(f"smtp cannot send {message.channel.value}")
        email = EmailMessage()
        email["From"] = self.settings.smtp_sender
        email["To"] = message.recipient
        email["Subject"] = message.subject or "dancu"
        email.set_content(message.body)
        s = self.settings
        try:
            with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=30) as smtp:
                if s.smtp_starttls:
                    smtp.starttls()
                if s.smtp_username and s.smtp_password:
                    smtp.login(s.smtp_username, s.smtp_password)
                smtp.send_message(email)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(type(exc).__name__) from exc


def transport_for(settings: NotifySettings) -> Transport:
    if settings.notify_transport is TransportName.SMTP:
        return SmtpTransport(settings)
    return DevTransport()


async def deliver_pending(
    session: AsyncSession, transport: Transport, *, max_attempts: int = 5, limit: int = 100
) -> int:
    """Deliver up to ``limit`` pending messages, oldest first; returns how many were sent.

    Rows are locked with SKIP LOCKED on PostgreSQL so several workers can run; the caller commits.
    """
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < max_attempts)
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    sent = 0
    for message in await session.scalars(query):
        message.attempts += 1
        try:
            transport.deliver(message)
        except DeliveryError as exc:
            message.last_error = str(exc)[:500]
            continue
        message.sent_at, message.last_error = now_utc(), None
        sent += 1
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    return sent


async def send_all(sessionmaker: async_sessionmaker[AsyncSession], settings: NotifySettings) -> int:
    """One worker pass in its own unit of work (``dancu notify send``)."""
    async with unit_of_work(sessionmaker) as session:
        return await deliver_pending(
            session, transport_for(settings), max_attempts=settings.notify_max_attempts
        )
