"""Notices to a citizen in the identity app: an in-app notification, and a copy by SMS / e-mail to
the register's contact when the person holds an active e-ID account.

It sits in identity, above the register and the outbox, because the contact rule needs both the
account and the register's item 25.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.clock import now_utc
from dancu.enums.registry import Item
from dancu.i18n import Lang, t
from dancu.identity.models import Account, AccountKind, AccountStatus
from dancu.notify.actions import enqueue
from dancu.notify.models import CitizenNotification, NotifyChannel
from dancu.registry.queries import item_as_of
from dancu.settings import get_settings


async def _contacts(session: AsyncSession, citizen_id: int) -> list[tuple[NotifyChannel, str]]:
    """Where a copy goes: the register's mobile and e-mail (item 25), and only for a person who
    holds an active e-ID account — the numbers someone typed are never used."""

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
    if link:
        # The SMS or e-mail carries the page to act on: the public address when one is configured.
        text = f"{text} {(get_settings().public_base_url or '').rstrip('/')}{link}"
    for channel, recipient in await _contacts(session, citizen_id):
        subject = "dancu — thông báo" if channel is NotifyChannel.EMAIL else None
        await enqueue(session, channel=channel, recipient=recipient, body=text, subject=subject)
    # the notification is written (and gets its id) even when there is no contact to enqueue
    await session.flush()
    return notification
