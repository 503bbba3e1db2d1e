"""Officers' delegations (TT 117/2026 Điều 3 khoản 6): the identity side resolves the deputy's account
and the officer CLI sets positions; the rules and the log are the competence package's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.positions import DecisionKind, Position
from dancu.audit.actions import record_event
from dancu.audit.models import EventType
from dancu.clock import today_vn
from dancu.competence import actions as competence
from dancu.competence.models import Delegation
from dancu.errors import NotFound
from dancu.identity.models import Account, AccountKind, AccountStatus


async def officer_ref(session: AsyncSession, username: str) -> competence.OfficerRef:
    account = await session.scalar(
        select(Account).where(Account.username == username, Account.kind == AccountKind.OFFICER)
    )
    if account is None:
        raise NotFound("competence.officer_not_found", username=username)
    return competence.OfficerRef(
        account_id=account.id,
        label=f"{account.display_name} ({account.username})",
        role=account.role,
        unit_code=account.unit_code,
        position=account.position,
        active=account.active and account.status is AccountStatus.ACTIVE,
    )


async def officer_actor(session: AsyncSession, username: str) -> Actor:
    """The officer as an actor (unit, role, position): to list their unit's delegations."""
    account = await session.scalar(
        select(Account).where(Account.username == username, Account.kind == AccountKind.OFFICER)
    )
    if account is None or account.role is None:
        raise NotFound("competence.officer_not_found", username=username)
    return Actor.officer(
        account_id=account.id,
        label=f"{account.display_name} ({account.username})",
        role=account.role,
        unit_code=account.unit_code,
        unit_version=account.unit_version,
        position=account.position,
    )


async def delegate(
    session: AsyncSession,
    *,
    deputy_username: str,
    number: str,
    signed_on: dt.date,
    scope: Sequence[DecisionKind],
    content: str,
    valid_from: dt.date,
    valid_until: dt.date,
    actor: Actor,
) -> Delegation:
    """The head's written delegation to a deputy of the unit, named by username."""
    deputy = await officer_ref(session, deputy_username)
    return await competence.create_delegation(
        session,
        deputy=deputy,
        number=number,
        signed_on=signed_on,
        scope=scope,
        content=content,
        valid_from=valid_from,
        valid_until=valid_until,
        actor=actor,
    )


async def set_position(session: AsyncSession, username: str, position: Position, *, actor: Actor) -> Account:
    """The operator records an officer's position in their unit (head, deputy, staff)."""
    account = await session.scalar(
        select(Account).where(Account.username == username, Account.kind == AccountKind.OFFICER)
    )
    if account is None:
        raise NotFound("competence.officer_not_found", username=username)
    before = account.position
    account.position = position
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    await record_event(
        session,
        EventType.OFFICER_POSITION_SET,
        actor=actor,
        data={
            "account_id": account.id,
            "username": username,
            "position": position.value,
            "before": before.value if before else None,
        },
    )
    return account


async def demo_delegation(session: AsyncSession, *, head_username: str, deputy: str) -> Delegation:
    """Demo data only: the head's delegation to the deputy for every decision kind, valid one year
    from today (TT 117/2026 Điều 3 khoản 6)."""
    head = await officer_actor(session, head_username)
    today = today_vn()
    return await delegate(
        session,
        deputy_username=deputy,
        number=f"DEMO-{today.year}/QĐ-GQ-{deputy.split('.')[1].upper()}",
        signed_on=today,
        scope=list(DecisionKind),
        content="Giao quyền phê duyệt thu thập, điều chỉnh, khai thác thông tin (dữ liệu trình diễn)",
        valid_from=today,
        valid_until=today + dt.timedelta(days=364),
        actor=head,
    )
