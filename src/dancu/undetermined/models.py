"""The dossier of a person of Vietnamese origin with undetermined nationality, and the identity
certificates (giấy chứng nhận căn cước) issued to such a person.

A dossier never changes the register by itself: its acceptance collects the person through the
register's own DC01 collection, so the register's history and event log stay the single source.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dancu.access.permissions import OfficerRole
from dancu.db.base import Base, PortableJSON, str_enum


class DossierStatus(StrEnum):
    RECEIVED = "received"  # đã kê khai xong, chờ bắt đầu kiểm tra, xác minh (01 ngày làm việc)
    VERIFYING = "verifying"  # đang kiểm tra, xác minh (30 ngày; phức tạp ≤ 60 ngày)
    ACCEPTED = "accepted"  # đủ điều kiện: đã thu thập vào CSDLQG về dân cư
    REFUSED = "refused"  # không thu thập: đã trả lời, nêu rõ lý do


class CertificateStatus(StrEnum):
    ISSUED = "issued"  # C06 đã cấp
    SENT = "sent"  # đã gửi về Công an cấp xã / cơ quan quản lý căn cước cấp tỉnh
    HANDED_OVER = "handed_over"  # đã trả cho người được cấp
    SUPERSEDED = "superseded"  # thay bằng giấy chứng nhận cấp đổi, cấp lại


class Stage(StrEnum):
    """The deadline a dossier is waiting on; an overdue one is escalated once per stage."""

    START = "start"  # bắt đầu xác minh trong 01 ngày làm việc (khoản 4)
    VERIFICATION = "verification"  # kết thúc xác minh trong 30 (≤ 60) ngày (khoản 4)
    CERTIFICATE = "certificate"  # số định danh và giấy chứng nhận trong 15 ngày (khoản 7)


class UndeterminedDossier(Base):
    __tablename__ = "undetermined_dossier"
    __table_args__ = (
        Index("ix_undetermined_dossier_queue", "unit_code", "status", "id"),
        Index("ix_undetermined_dossier_citizen_id", "citizen_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(30), unique=True)
    # The declaration as the register's DC01 collection takes it (CollectIn), kept until the decision.
    declaration: Mapped[dict[str, Any]] = mapped_column(PortableJSON)
    full_name: Mapped[str] = mapped_column(String(200))
    # The receiving unit (khoản 1): a commune police of the province where the person lives, or the
    # provincial identity office; it verifies and decides.
    unit_code: Mapped[str] = mapped_column(String(10))
    unit_role: Mapped[OfficerRole] = mapped_column(str_enum(OfficerRole))
    province_code: Mapped[str] = mapped_column(String(10))
    status: Mapped[DossierStatus] = mapped_column(str_enum(DossierStatus))
    received_on: Mapped[dt.date] = mapped_column(Date)
    received_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    start_due_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    # Verification (khoản 4): started, due in 30 days, or extended for a complex case with its reason.
    verification_started_on: Mapped[dt.date | None] = mapped_column(Date)
    verification_due_on: Mapped[dt.date | None] = mapped_column(Date)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    # The residence-registration agency's check of ≥ 6 months' continuous residence (khoản 4).
    residence_checked_at: Mapped[dt.datetime | None]
    residence_checked_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    residence_agency: Mapped[str | None] = mapped_column(String(300))
    residence_since: Mapped[dt.date | None] = mapped_column(Date)
    residence_continuous: Mapped[bool | None]
    residence_note: Mapped[str | None] = mapped_column(Text)
    # Khoản 5: the person's information sent to the MPS identity agency (C06) to be checked and
    # compared against the NPD and the Identity DB, and C06's answer. A match found means the person
    # may already be in the register: acceptance waits until a later comparison finds none.
    comparison_sent_at: Mapped[dt.datetime | None]
    comparison_sent_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    comparison_answered_at: Mapped[dt.datetime | None]
    comparison_answered_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    comparison_match: Mapped[bool | None]
    comparison_note: Mapped[str | None] = mapped_column(Text)
    # The decision (khoản 6): accepted → the citizen collected; refused → a written reply with reasons.
    decided_at: Mapped[dt.datetime | None]
    decided_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    decision_text: Mapped[str | None] = mapped_column(Text)
    reply_document_number: Mapped[str | None] = mapped_column(String(40))
    # The declarant is not in the register and has no account: the signed reply is printed and
    # handed over at the unit; the day it was handed over is recorded.
    reply_handed_over_on: Mapped[dt.date | None] = mapped_column(Date)
    reply_handed_over_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizen.id"))
    updated_on: Mapped[dt.date | None] = mapped_column(Date)
    pin_due_on: Mapped[dt.date | None] = mapped_column(Date)
    # The last stage whose passed deadline was reported to the superiors (once per stage).
    escalated_stage: Mapped[Stage | None] = mapped_column(str_enum(Stage))
    escalated_at: Mapped[dt.datetime | None]


class IdentityCertificate(Base):
    """Giấy chứng nhận căn cước: issued by the MPS identity agency (khoản 7), sent to the receiving
    unit and handed to the person (khoản 8); a renewal is a new certificate superseding the old."""

    __tablename__ = "identity_certificate"
    __table_args__ = (Index("ix_identity_certificate_citizen_id", "citizen_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id"))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("undetermined_dossier.id"))
    pin: Mapped[str] = mapped_column(String(12))
    issuing_body: Mapped[str] = mapped_column(String(300))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    issued_at: Mapped[dt.datetime]
    issued_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    status: Mapped[CertificateStatus] = mapped_column(str_enum(CertificateStatus))
    # Where it goes to be returned to the person (khoản 8).
    send_to_unit_code: Mapped[str] = mapped_column(String(10))
    send_to_role: Mapped[OfficerRole] = mapped_column(str_enum(OfficerRole))
    sent_at: Mapped[dt.datetime | None]
    handed_over_on: Mapped[dt.date | None] = mapped_column(Date)
    handed_over_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    # A renewal (Điều 26 khoản 1): the certificate it replaces, and why.
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("identity_certificate.id"))
    renewal_reason: Mapped[str | None] = mapped_column(Text)
