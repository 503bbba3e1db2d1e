"""Writing to the outbox and to citizens' in-app notifications. Callers flush with the rest of
their transaction; delivery is later."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.clock import now_utc
from dancu.errors import NotFound
from dancu.i18n import Lang, t
from dancu.notify.models import CitizenNotification, NotifyChannel, OutboxMessage


async def enqueue(
    session: AsyncSession,
    *,
    channel: NotifyChannel,
    recipient: str,
    body: str,
    subject: str | None = None,
) -> OutboxMessage:
    """Queue a message inside the caller's transaction: a rollback also drops the message."""
    message = OutboxMessage(
        channel=channel, recipient=recipient, subject=subject, body=body, created_at=now_utc()
    )
    session.add(message)
    await session.flush()  # the caller gets the row with its id
    return message


async def _contacts(session: AsyncSession, citizen_id: int) -> list[tuple[NotifyChannel, str]]:
    """Where a copy goes: the register's mobile and e-mail (item 25), and only for a person who
    holds an active e-ID account — the numbers someone typed are never used."""
    from dancu.identity.models import Account, AccountKind, AccountStatus
    from dancu.registry.enums import Item
    from dancu.registry.queries import item_as_of

    account = await session.scalar(
        select(Account.id).where(
            Account.citizen_id == citizen_id,
            Account.kind == AccountKind.CITIZEN,
            Account.status == AccountStatus.ACTIVE,
        )
    )
    if account is None:
        return []
    found = []
    for item, channel in ((Item.MOBILE, NotifyChannel.SMS), (Item.EMAIL, NotifyChannel.EMAIL)):
        fact = await item_as_of(session, citizen_id, item)
        if fact is not None and fact.value:
            found.append((channel, str(fact.value)))
    return found


async def notify_citizen(
    session: AsyncSession,
    citizen_id: int,
    *,
    key: str,
    params: dict[str, Any],
    actor: Actor,
    link: str | None = None,
) -> CitizenNotification:
    """Tell a citizen something in the identity app, and by SMS / e-mail when their account has a
    contact. ``key`` is a message-catalogue key; ``params`` fill it (plain JSON values only).

    ``actor`` is who causes the message; the caller's own event already records the decision, so
    no second event is written here.
    """
    del actor  # kept in the signature so every notification has a named cause at the call site
    notification = CitizenNotification(
        citizen_id=citizen_id, created_at=now_utc(), message_key=key, params=dict(params), link=link
    )
    session.add(notification)
    text = t(key, Lang.VI, **params)
    for channel, recipient in await _contacts(session, citizen_id):
        subject = "dancu — thông báo" if channel is NotifyChannel.EMAIL else None
        await enqueue(session, channel=channel, recipient=recipient, body=text, subject=subject)
    # the notification is written (and gets its id) even when there is no contact to enqueue
    await session.flush()
    return notification


async def mark_read(session: AsyncSession, citizen_id: int, notification_id: int | None = None) -> int:
    """Mark one of the citizen's notifications (or all of them) as read; returns how many changed.
    A notification of another citizen is "not found", never touched."""
    query = update(CitizenNotification).where(
        CitizenNotification.citizen_id == citizen_id, CitizenNotification.read_at.is_(None)
    )
    if notification_id is not None:
        owned = await session.scalar(
            select(CitizenNotification.id).where(
                CitizenNotification.id == notification_id, CitizenNotification.citizen_id == citizen_id
            )
        )
        if owned is None:
            raise NotFound("notification.not_found")
        query = query.where(CitizenNotification.id == notification_id)
    result = await session.execute(
        query.values(read_at=now_utc()).execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
