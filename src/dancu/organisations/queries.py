"""Reads of organisations and their members, scoped by the caller."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.models import Organisation, PortalAccountRequest, PortalRequestStatus
from dancu.errors import NotFound
from dancu.identity.models import Account, AccountKind


async def organisation_by_id(session: AsyncSession, organisation_id: int) -> Organisation:
    organisation = await session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("access.organisation_not_found")
    return organisation


async def member_of(session: AsyncSession, organisation_id: int, account_id: int) -> Account:
    """A member account of this organisation; another organisation's account is "not found"."""
    account = await session.scalar(
        select(Account).where(
            Account.id == account_id,
            Account.kind == AccountKind.ORG_MEMBER,
            Account.organisation_id == organisation_id,
        )
    )
    if account is None:
        raise NotFound("access.member_not_found")
    return account


async def members_of(session: AsyncSession, organisation_id: int) -> list[Account]:
    return list(
        await session.scalars(
            select(Account)
            .where(Account.kind == AccountKind.ORG_MEMBER, Account.organisation_id == organisation_id)
            .order_by(Account.id)
        )
    )


async def portal_request_by_id(session: AsyncSession, request_id: int) -> PortalAccountRequest:
    found = await session.get(PortalAccountRequest, request_id)
    if found is None:
        raise NotFound("access.portal_request_not_found")
    return found


async def portal_requests(
    session: AsyncSession,
    *,
    status: PortalRequestStatus | None = None,
    requester_account_id: int | None = None,
) -> list[PortalAccountRequest]:
    """Requests, oldest first (an officer works through them in order), optionally one requester's."""
    query = select(PortalAccountRequest).order_by(PortalAccountRequest.id)
    if status is not None:
        query = query.where(PortalAccountRequest.status == status)
    if requester_account_id is not None:
        query = query.where(PortalAccountRequest.requester_account_id == requester_account_id)
    return list(await session.scalars(query.limit(500)))
