"""Delegations given and revoked by the head, proposals made by staff, and the check every decision
runs first (:func:`authorise`), each logged in the caller's transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.access.positions import DecisionKind, Position
from dancu.audit.actions import record_event
from dancu.audit.models import EventType
from dancu.clock import now_utc, today_vn
from dancu.competence import policies, queries
from dancu.competence.models import Delegation, Proposal, ProposalStatus, Recommendation
from dancu.errors import Conflict, Forbidden, invalid

DECIDING_ROLES = frozenset(
    {OfficerRole.COMMUNE_POLICE, OfficerRole.PROVINCIAL_POLICE, OfficerRole.IDENTITY_AGENCY}
)


@dataclass(frozen=True)
class OfficerRef:
    """The deputy named in a delegation, as the identity package resolved their account."""

    account_id: int
    label: str
    role: OfficerRole | None
    unit_code: str | None
    position: Position | None
    active: bool = True


def _ensure_head(actor: Actor) -> None:
    if actor.role not in DECIDING_ROLES or actor.position is not Position.HEAD:
        raise Forbidden("competence.only_head_delegates", rule=policies.DELEGATION_BASIS)


async def create_delegation(
    session: AsyncSession,
    *,
    deputy: OfficerRef,
    number: str,
    signed_on: dt.date,
    scope: Sequence[DecisionKind],
    content: str,
    valid_from: dt.date,
    valid_until: dt.date,
    actor: Actor,
) -> Delegation:
    """The head's decision giving a deputy of the same unit the power to decide ``scope``
    for a stated term (TT 117 Điều 3 khoản 6); a deputy cannot delegate further."""
    _ensure_head(actor)
    if not deputy.active or deputy.role is not actor.role or deputy.unit_code != actor.unit_code:
        raise invalid("deputy", "competence.deputy_not_in_unit")
    if deputy.position is not Position.DEPUTY:
        raise invalid("deputy", "competence.not_a_deputy")
    if not scope:
        raise invalid("scope", "competence.scope_required")
    if valid_until < valid_from:
        raise invalid("valid_until", "competence.term_reversed")
    if not number.strip():
        raise invalid("number", "missing")
    if not content.strip():
        raise invalid("content", "missing")
    delegation = Delegation(
        number=number.strip(),
        signed_on=signed_on,
        unit_role=actor.role,
        unit_code=actor.unit_code,
        head_account_id=actor.account_id,
        head_label=actor.label[:200],
        deputy_account_id=deputy.account_id,
        deputy_label=deputy.label[:200],
        scope=[k.value for k in dict.fromkeys(scope)],
        content=content.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        created_at=now_utc(),
    )
    session.add(delegation)
    await session.flush()  # the id goes into the log
    await record_event(
        session,
        EventType.DELEGATION_CREATED,
        actor=actor,
        legal_basis=policies.DELEGATION_BASIS,
        request_ref=delegation.number,
        data={
            "delegation_id": delegation.id,
            "number": delegation.number,
            "signed_on": signed_on.isoformat(),
            "deputy_account_id": deputy.account_id,
            "deputy": deputy.label,
            "scope": delegation.scope,
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat(),
        },
    )
    return delegation


async def revoke_delegation(
    session: AsyncSession, delegation: Delegation, *, reason: str, actor: Actor
) -> Delegation:
    """The head ends a delegation before its term; it stays on record."""
    _ensure_head(actor)
    if delegation.unit_role is not actor.role or delegation.unit_code != actor.unit_code:
        raise Forbidden("competence.only_head_delegates", rule=policies.DELEGATION_BASIS)
    if delegation.revoked_at is not None:
        raise Conflict("competence.delegation_revoked")
    if not reason.strip():
        raise invalid("reason", "missing")
    delegation.revoked_at = now_utc()
    delegation.revoked_by_account_id = actor.account_id
    delegation.revocation_reason = reason.strip()
    await session.flush()  # autoflush is off: later reads in this unit must see the change
    await record_event(
        session,
        EventType.DELEGATION_REVOKED,
        actor=actor,
        reason=delegation.revocation_reason,
        legal_basis=policies.DELEGATION_BASIS,
        request_ref=delegation.number,
        data={"delegation_id": delegation.id, "number": delegation.number},
    )
    return delegation


async def propose(
    session: AsyncSession,
    kind: DecisionKind,
    ref: str,
    *,
    recommendation: Recommendation,
    text: str,
    actor: Actor,
    subject_citizen_id: int | None = None,
) -> Proposal:
    """The staff member's proposal on one dossier, reported to the head (TT 117 Điều 17 khoản 3).
    The caller has checked the actor may handle the dossier (its unit and territory)."""
    policies.may_propose(actor, kind)
    if not text.strip():
        raise invalid("text", "missing")
    assert actor.role is not None  # may_propose refuses actors without a role
    proposal = Proposal(
        kind=kind,
        ref=ref,
        status=ProposalStatus.OPEN,
        recommendation=recommendation,
        text=text.strip(),
        unit_role=actor.role,
        unit_code=actor.unit_code,
        proposed_by_account_id=actor.account_id,
        proposed_by_label=actor.label[:200],
        created_at=now_utc(),
    )
    session.add(proposal)
    await session.flush()  # the id goes into the log
    await record_event(
        session,
        EventType.DECISION_PROPOSED,
        actor=actor,
        subject_citizen_id=subject_citizen_id,
        legal_basis=policies.PROPOSAL_BASIS,
        request_ref=ref,
        data={"proposal_id": proposal.id, "kind": kind.value, "recommendation": recommendation.value},
    )
    return proposal


async def authorise(
    session: AsyncSession, actor: Actor, kind: DecisionKind, *, ref: str
) -> policies.Approval:
    """The check every decision of ``kind`` on dossier ``ref`` runs before it changes anything.

    The head decides; a deputy only under a written delegation of their own unit covering ``kind``
    today (TT 117 Điều 3 khoản 6); staff never (TT 117 Điều 17 khoản 3–4); and, under the
    configured two-person rule, never the one who proposed it: each refusal names the rule.
    The open proposal on the dossier, if any, is closed with the decider's name.
    """
    delegated = policies.needs_delegation(actor, kind)
    reference = None
    if delegated:
        found = await queries.delegation_in_force(session, actor, kind, today_vn())
        if found is None:
            raise Forbidden(
                "competence.no_delegation",
                kind=policies.rules().of(kind).label_vi,
                rule=policies.DELEGATION_BASIS,
            )
        reference = policies.DelegationRef(found.id, found.number, found.signed_on, found.head_label)
    proposal = await queries.open_proposal(session, kind, ref)
    if proposal is None and actor.role is not None and policies.rules().proposal_required:
        raise Conflict("competence.proposal_required", rule=policies.PROPOSAL_BASIS)
    if (
        proposal is not None
        and actor.role is not None
        and policies.rules().two_person_rule
        and proposal.proposed_by_account_id == actor.account_id
    ):
        # [M] competence.json two_person_rule: the proposer reports to another, who decides.
        raise Forbidden(
            "competence.approver_is_proposer",
            proposal_id=proposal.id,
            rule=policies.PROPOSAL_BASIS,
        )
    approval = policies.approval_of(
        actor,
        kind,
        delegation=reference,
        proposal_id=proposal.id if proposal else None,
        proposed_by=proposal.proposed_by_label if proposal else None,
    )
    if proposal is not None:
        proposal.status = ProposalStatus.DECIDED
        proposal.decided_at = now_utc()
        proposal.decided_by_account_id = actor.account_id
        proposal.decision = approval.event_data()
        await session.flush()  # autoflush is off: later reads in this unit must see the change
    return approval
