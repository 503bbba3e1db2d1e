"""Written delegations (quyết định giao quyền) and staff proposals (đề xuất), kept as data."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dancu.access.permissions import OfficerRole
from dancu.access.positions import DecisionKind
from dancu.db.base import Base, PortableJSON, str_enum


class Delegation(Base):
    """TT 117/2026 Điều 3 khoản 6: the head gives a deputy the power to decide, by a decision that
    states its scope, content and term; the deputy may not pass it on."""

    __tablename__ = "delegation"
    __table_args__ = (
        Index("ix_delegation_deputy", "deputy_account_id", "valid_until"),
        Index("ix_delegation_unit", "unit_role", "unit_code", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Số và ngày của quyết định giao quyền.
    number: Mapped[str] = mapped_column(String(50))
    signed_on: Mapped[dt.date] = mapped_column(Date)
    # The unit (tier and, below the ministry, its 2025 code) whose head delegates.
    unit_role: Mapped[OfficerRole] = mapped_column(str_enum(OfficerRole, 30))
    unit_code: Mapped[str | None] = mapped_column(String(10))
    head_account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    head_label: Mapped[str] = mapped_column(String(200))
    deputy_account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    deputy_label: Mapped[str] = mapped_column(String(200))
    # Phạm vi: the decision kinds (DecisionKind values) the deputy may decide.
    scope: Mapped[list[str]] = mapped_column(PortableJSON)
    # Nội dung giao quyền, in the decision's words.
    content: Mapped[str] = mapped_column(Text)
    # Thời hạn: legal dates (Asia/Ho_Chi_Minh), both days included.
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
    revoked_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    revocation_reason: Mapped[str | None] = mapped_column(Text)


class Recommendation(StrEnum):
    APPROVE = "approve"  # đề xuất phê duyệt
    REFUSE = "refuse"  # đề xuất không phê duyệt (nêu rõ lý do)


class ProposalStatus(StrEnum):
    OPEN = "open"  # chờ Thủ trưởng / cấp phó được giao quyền quyết định
    DECIDED = "decided"


class Proposal(Base):
    """TT 117/2026 Điều 17 khoản 3: the staff member's proposal to the head about one dossier
    (a request, a correction, a PIN, a collection), named by its kind and reference."""

    __tablename__ = "decision_proposal"
    __table_args__ = (Index("ix_decision_proposal_ref", "kind", "ref", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DecisionKind] = mapped_column(str_enum(DecisionKind, 20))
    ref: Mapped[str] = mapped_column(String(64))
    status: Mapped[ProposalStatus] = mapped_column(str_enum(ProposalStatus, 20))
    recommendation: Mapped[Recommendation] = mapped_column(str_enum(Recommendation, 20))
    text: Mapped[str] = mapped_column(Text)
    unit_role: Mapped[OfficerRole] = mapped_column(str_enum(OfficerRole, 30))
    unit_code: Mapped[str | None] = mapped_column(String(10))
    proposed_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    proposed_by_label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]
    decided_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    # What the decider did and under which delegation (the Approval's event data).
    decision: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)
