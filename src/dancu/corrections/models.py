"""Correction requests, the items they ask to correct, and the proof attached.

A request never changes the register by itself: an approval applies each item through the
register's adjustment action, so the register's history and event log stay the single source.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dancu.db import attachments
from dancu.db.base import Base, PortableJSON, str_enum
from dancu.enums.registry import Item


class CorrectionStatus(StrEnum):
    SUBMITTED = "submitted"  # đã tiếp nhận, chờ giải quyết
    APPROVED = "approved"  # đã điều chỉnh
    REFUSED = "refused"  # từ chối, có lý do
    WITHDRAWN = "withdrawn"  # công dân rút đề nghị


class RefusalGround(StrEnum):
    """Why a commune police officer refuses; the free text says the rest (NĐ 70 Điều 6 khoản 3)."""

    PROOF_INSUFFICIENT = "proof_insufficient"  # giấy tờ chứng minh không có, không đủ hoặc không hợp lệ
    MATCHES_SOURCE = "matches_source"  # thông tin đã đúng với giấy tờ gốc (khai sinh, hộ tịch)
    OTHER_PROCEDURE = "other_procedure"  # phải làm thủ tục khác (hộ tịch, cư trú, quốc tịch)
    NOT_VERIFIED = "not_verified"  # không xác minh được thông tin đề nghị
    OTHER = "other"


class CorrectionRequest(Base):
    __tablename__ = "correction_request"
    __table_args__ = (
        Index("ix_correction_request_citizen_id", "citizen_id", "id"),
        Index("ix_correction_request_queue", "commune_code", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(30), unique=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id"))
    filed_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    # The unit responsible for the person when filed (as stored), and its commune in the 2025 table:
    # the commune police that decide.
    unit_code: Mapped[str] = mapped_column(String(10))
    unit_version: Mapped[str] = mapped_column(String(20))
    commune_code: Mapped[str] = mapped_column(String(10))
    status: Mapped[CorrectionStatus] = mapped_column(str_enum(CorrectionStatus))
    reason: Mapped[str] = mapped_column(Text)
    # Legal dates (Asia/Ho_Chi_Minh): received, and the last day of the 2 working days.
    received_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]
    decided_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    refusal_ground: Mapped[RefusalGround | None] = mapped_column(str_enum(RefusalGround))
    decision_text: Mapped[str | None] = mapped_column(Text)
    # A resident of an old commune the map cannot tell (split or unmapped) is first held by the
    # province police (commune_code = the province); a provincial officer assigns the commune
    # police, recorded here (domain.md §1.5: "record who and why").
    assigned_at: Mapped[dt.datetime | None]
    assigned_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    assigned_from: Mapped[str | None] = mapped_column(String(10))
    assignment_reason: Mapped[str | None] = mapped_column(Text)
    # When the superior was alerted that the deadline passed; the decision stays with the commune.
    escalated_at: Mapped[dt.datetime | None]

    items: Mapped[list[CorrectionItem]] = relationship(
        back_populates="request", order_by="CorrectionItem.id", lazy="selectin"
    )
    attachments: Mapped[list[CorrectionAttachment]] = relationship(
        back_populates="request", order_by="CorrectionAttachment.id", lazy="selectin"
    )


class CorrectionItem(Base):
    """One item to correct: the value the register held when filed, and the value proposed
    (already normalised by the register's item validation)."""

    __tablename__ = "correction_item"
    __table_args__ = (Index("ix_correction_item_request_id", "request_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("correction_request.id"))
    item: Mapped[Item] = mapped_column(str_enum(Item))
    current: Mapped[Any] = mapped_column(PortableJSON, nullable=True)
    proposed: Mapped[Any] = mapped_column(PortableJSON)

    request: Mapped[CorrectionRequest] = relationship(back_populates="items")


class CorrectionAttachment(Base):
    """Proof (PDF, JPEG or PNG) kept in the database with its SHA-256, so it commits or rolls
    back with the request and its digest can be cited in the register's reason."""

    __tablename__ = "correction_attachment"
    __table_args__ = (Index("ix_correction_attachment_request_id", "request_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("correction_request.id"))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # sealed: read with opened()
    created_at: Mapped[dt.datetime]

    request: Mapped[CorrectionRequest] = relationship(back_populates="attachments")

    def opened(self) -> bytes:
        """The file as uploaded (``content`` must be loaded); 409 ``attachment.altered`` otherwise."""
        return attachments.open_checked(self.__tablename__, self.content, self.sha256, attachment_id=self.id)
