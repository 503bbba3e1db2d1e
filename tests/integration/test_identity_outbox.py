"""The notification outbox: written in the caller's transaction, delivered after commit, retried."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.notify.actions import enqueue
from dancu.notify.models import NotifyChannel, OutboxMessage
from dancu.notify.settings import NotifySettings, TransportName
from dancu.notify.transports import DeliveryError, DevTransport, SmtpTransport, deliver_pending, transport_for


class Failing:
    def deliver(self, message: OutboxMessage) -> None:
        raise DeliveryError("gateway down")


async def test_rollback_drops_the_message(session: AsyncSession) -> None:
    await session.begin_nested()
    await enqueue(session, channel=NotifyChannel.SMS, recipient="0912345678", body="x")
    await session.rollback()
    assert await session.scalar(select(OutboxMessage)) is None


async def test_pending_messages_are_delivered_once_and_failures_retried(session: AsyncSession) -> None:
    await enqueue(session, channel=NotifyChannel.SMS, recipient="0912345678", body="mã 123456")
    assert await deliver_pending(session, Failing(), max_attempts=2) == 0
    message = await session.scalar(select(OutboxMessage))
    assert message is not None and message.attempts == 1 and message.last_error == "gateway down"
    assert await deliver_pending(session, DevTransport()) == 1
    assert message.sent_at is not None and message.last_error is None
    assert await deliver_pending(session, DevTransport()) == 0  # never twice


async def test_smtp_transport_sends_email_and_refuses_sms(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[EmailMessage] = []

    class FakeSMTP:
        def __init__(self, host: str, port: int, timeout: float) -> None:
            assert (host, port) == ("smtp.example.vn", 2525)

        def __enter__(self) -> FakeSMTP:
            return self

        def __exit__(self, *exc: Any) -> None:
            return None

        def send_message(self, message: EmailMessage) -> None:
            sent.append(message)

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    settings = NotifySettings(
        notify_transport=TransportName.SMTP, smtp_host="smtp.example.vn", smtp_port=2525
    )
    transport = transport_for(settings)
    assert isinstance(transport, SmtpTransport)
    await enqueue(
        session, channel=NotifyChannel.EMAIL, recipient="lan@example.vn", body="Xin chào", subject="dancu"
    )
    await enqueue(session, channel=NotifyChannel.SMS, recipient="0912345678", body="x")
    assert await deliver_pending(session, transport) == 1
    assert sent[0]["To"] == "lan@example.vn" and sent[0].get_content().strip() == "Xin chào"
