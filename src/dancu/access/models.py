"""Organisations that exploit the register, and their mandates (NĐ 70 Điều 8, Điều 10 khoản 1)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from dancu.access.groups import ActorGroup, OrganisationType
from dancu.db.base import Base, str_enum


class Organisation(Base):
    """A state agency (k1) with a mandate, or a k2/k3 organisation acting through its portal account."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    actor_group: Mapped[ActorGroup] = mapped_column(str_enum(ActorGroup))
    # A khoản 2 organisation's type picks the competent tier (NĐ 70 Điều 9; routing.json).
    organisation_type: Mapped[OrganisationType | None] = mapped_column(str_enum(OrganisationType))
    # The items of Điều 9 its functions allow it to receive (k1 mandate); for k2/k3 the fields it
    # may ever ask for, each request still needing a decision and the subject's consent.
    mandate: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The legal basis of the mandate (the decree or decision on its functions and tasks).
    legal_basis: Mapped[str] = mapped_column(String(300))
    # Territory of the organisation (for routing requests to the competent officer, NĐ 70 Điều 9).
    unit_code: Mapped[str | None] = mapped_column(String(10))
    unit_version: Mapped[str | None] = mapped_column(String(20))
    # k2/k3: the legal representative, a person in the register who asks for the organisation's
    # account from their own level-2 e-ID (NĐ 69 Điều 12).
    legal_representative_citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizen.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime]


class PortalRequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class PortalAccountRequest(Base):
    """A citizen's request for the portal account of a k2/k3 organisation they legally represent
    (NĐ 69/2024 Điều 12: from the representative's own level-2 e-ID), decided by an officer."""

    __tablename__ = "portal_account_request"
    __table_args__ = (Index("ix_portal_account_request_status", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    requester_citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id"))
    organisation_name: Mapped[str] = mapped_column(String(300))
    # Mã số thuế / mã số doanh nghiệp (10 digits, or 13 with a branch suffix).
    tax_code: Mapped[str] = mapped_column(String(14))
    actor_group: Mapped[ActorGroup] = mapped_column(str_enum(ActorGroup))
    address: Mapped[str] = mapped_column(String(500))
    representative_role: Mapped[str] = mapped_column(String(200))
    # The organisation's admin account the representative will use (password kept only as a hash).
    admin_username: Mapped[str] = mapped_column(String(64))
    admin_password_hash: Mapped[str] = mapped_column(String(200))
    status: Mapped[PortalRequestStatus] = mapped_column(str_enum(PortalRequestStatus))
    created_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]
    decided_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    refusal_reason: Mapped[str | None] = mapped_column(String(500))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))


class SecurityCheckBasis(StrEnum):
    """Why a system may connect (TT 117/2026 Điều 11 khoản 4 điểm a)."""

    A05_CONFIRMATION = "a05_confirmation"  # văn bản xác nhận việc bảo đảm an ninh mạng of A05
    EID_PLATFORM = "eid_platform"  # already connected to the e-identification platform: no check


class SecurityCheckResult(StrEnum):
    CONFIRMED = "confirmed"  # an ninh mạng được bảo đảm: the system may connect
    SUSPENDED = "suspended"  # failed or revoked (khoản 4 điểm d): connection stopped


class ConnectionSecurityCheck(Base):
    """The record of the cyber-security check of an organisation's system before it connects
    (TT 117/2026 Điều 11 khoản 2, 4: A05 "có văn bản xác nhận việc bảo đảm an ninh mạng"). The
    latest record governs; a system without a confirmed, unexpired one gets no token."""

    __tablename__ = "connection_security_check"
    __table_args__ = (Index("ix_connection_security_check_org", "organisation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    basis: Mapped[SecurityCheckBasis] = mapped_column(str_enum(SecurityCheckBasis))
    result: Mapped[SecurityCheckResult] = mapped_column(str_enum(SecurityCheckResult))
    document_number: Mapped[str] = mapped_column(String(60))
    document_date: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime]
    recorded_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
