"""Reads of the identity package."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.identity.models import Account


async def account_labels(session: AsyncSession, account_ids: Iterable[int]) -> dict[int, str]:
    """ "Display name (username)" for each account id, in one query (for timelines and logs)."""
    ids = sorted(set(account_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(Account.id, Account.display_name, Account.username).where(Account.id.in_(ids))
    )
    return {account_id: f"{name} ({username})" for account_id, name, username in rows}
