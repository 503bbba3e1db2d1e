"""Reads of delegations and proposals, ordered and scoped to the unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.positions import DecisionKind
from dancu.competence.models import Delegation, Proposal, ProposalStatus
from dancu.errors import NotFound


def in_force(delegation: Delegation, kind: DecisionKind, on: dt.date) -> bool:
    return (
        delegation.revoked_at is None
        and kind.value in delegation.scope
        and delegation.valid_from <= on <= delegation.valid_until
    )


async def delegation_in_force(
    session: AsyncSession, actor: Actor, kind: DecisionKind, on: dt.date
) -> Delegation | None:
    """The deputy's delegation from the head of their own unit covering ``kind`` on ``on``."""
    found = await session.scalars(
        select(Delegation)
        .where(
            Delegation.deputy_account_id == actor.account_id,
            Delegation.revoked_at.is_(None),
            Delegation.valid_until >= on,
        )
        .order_by(Delegation.valid_from.desc(), Delegation.id.desc())
    )
    for delegation in found:
        same_unit = delegation.unit_role is actor.role and delegation.unit_code == actor.unit_code
        if same_unit and in_force(delegation, kind, on):
            return delegation
    return None


async def unit_delegations(session: AsyncSession, actor: Actor) -> Sequence[Delegation]:
    """Every delegation of the actor's unit, newest first."""
    found = await session.scalars(
        select(Delegation)
        .where(
            Delegation.unit_role == actor.role,
            Delegation.unit_code.is_(None)
            if actor.unit_code is None
            else Delegation.unit_code == actor.unit_code,
        )
        .order_by(Delegation.id.desc())
    )
    return found.all()


async def unit_delegation(session: AsyncSession, delegation_id: int, actor: Actor) -> Delegation:
    delegation = await session.get(Delegation, delegation_id)
    if (
        delegation is None
        or delegation.unit_role is not actor.role
        or delegation.unit_code != actor.unit_code
    ):
        raise NotFound("competence.delegation_not_found")
    return delegation


async def open_proposal(session: AsyncSession, kind: DecisionKind, ref: str) -> Proposal | None:
    """The latest open proposal on the dossier, if a staff member made one."""
    found: Proposal | None = await session.scalar(
        select(Proposal)
        .where(Proposal.kind == kind, Proposal.ref == ref, Proposal.status == ProposalStatus.OPEN)
        .order_by(Proposal.id.desc())
        .limit(1)
    )
    return found


async def proposals_of(session: AsyncSession, kind: DecisionKind, ref: str) -> Sequence[Proposal]:
    found = await session.scalars(
        select(Proposal).where(Proposal.kind == kind, Proposal.ref == ref).order_by(Proposal.id)
    )
    return found.all()
