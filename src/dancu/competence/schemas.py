"""The API contract of delegations and proposals."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from dancu.access.permissions import OfficerRole
from dancu.access.positions import DecisionKind
from dancu.competence.models import Delegation, Proposal, ProposalStatus, Recommendation


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DelegationIn(_In):
    """Quyết định giao quyền: number, date, the deputy, scope, content and term."""

    number: str = Field(min_length=1, max_length=50)
    signed_on: dt.date
    deputy_username: str = Field(min_length=3, max_length=64, pattern=r"^[a-z0-9._-]+$")
    scope: list[DecisionKind] = Field(min_length=1, max_length=len(DecisionKind))
    content: str = Field(min_length=3, max_length=4000)
    valid_from: dt.date
    valid_until: dt.date


class RevocationIn(_In):
    reason: str = Field(min_length=3, max_length=2000)


class DelegationOut(BaseModel):
    id: int
    number: str
    signed_on: dt.date
    unit_role: OfficerRole
    unit_code: str | None
    head: str
    deputy: str
    deputy_account_id: int
    scope: list[DecisionKind]
    content: str
    valid_from: dt.date
    valid_until: dt.date
    revoked_at: dt.datetime | None
    revocation_reason: str | None
    in_force_today: bool


class DelegationListOut(BaseModel):
    items: list[DelegationOut]


class ProposalIn(_In):
    """Đề xuất của cán bộ xử lý hồ sơ (TT 117/2026 Điều 17 khoản 3)."""

    recommendation: Recommendation
    text: str = Field(min_length=3, max_length=4000)


class ProposalOut(BaseModel):
    id: int
    kind: DecisionKind
    ref: str
    status: ProposalStatus
    recommendation: Recommendation
    text: str
    proposed_by: str
    created_at: dt.datetime
    decided_at: dt.datetime | None


def delegation_out(delegation: Delegation, *, today: dt.date) -> DelegationOut:
    in_force = delegation.revoked_at is None and delegation.valid_from <= today <= delegation.valid_until
    return DelegationOut(
        id=delegation.id,
        number=delegation.number,
        signed_on=delegation.signed_on,
        unit_role=delegation.unit_role,
        unit_code=delegation.unit_code,
        head=delegation.head_label,
        deputy=delegation.deputy_label,
        deputy_account_id=delegation.deputy_account_id,
        scope=[DecisionKind(k) for k in delegation.scope],
        content=delegation.content,
        valid_from=delegation.valid_from,
        valid_until=delegation.valid_until,
        revoked_at=delegation.revoked_at,
        revocation_reason=delegation.revocation_reason,
        in_force_today=in_force,
    )


def proposal_out(proposal: Proposal) -> ProposalOut:
    return ProposalOut(
        id=proposal.id,
        kind=proposal.kind,
        ref=proposal.ref,
        status=proposal.status,
        recommendation=proposal.recommendation,
        text=proposal.text,
        proposed_by=proposal.proposed_by_label,
        created_at=proposal.created_at,
        decided_at=proposal.decided_at,
    )
