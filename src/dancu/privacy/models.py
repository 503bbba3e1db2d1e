"""Rights requests of data subjects, the restrictions they put on record, and the breach register.

A rights request is a case with its own clock (NĐ 356/2025 Điều 5 [S]): acknowledged within
02 working days, answered within the days ``data/rights.json`` gives per kind, once extendable, and
always ended by a signed written reply. A granted restriction or objection becomes a
:class:`ProcessingRestriction` that the exploitation procedure honours.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dancu.access.groups import Channel
from dancu.db.base import Base, PortableJSON, str_enum


class RightKind(StrEnum):
    """Luật 91/2025 Điều 4 khoản 1 [V]: the rights a subject asks to exercise."""

    ACCESS = "access"  # xem, cung cấp dữ liệu
    CORRECTION = "correction"  # chỉnh sửa
    DELETION = "deletion"  # xóa
    RESTRICTION = "restriction"  # hạn chế xử lý
    OBJECTION = "objection"  # phản đối xử lý


class DataScope(StrEnum):
    """What the request is about; which scopes each kind may grant is data (``rights.json``)."""

    REGISTER = "register"  # nội dung và lịch sử CSDLQG về dân cư (Luật Căn cước Điều 8 khoản 6, Điều 9)
    ACCESS_LOG = "access_log"  # nhật ký truy cập, khai thác (TT 117 Điều 3 khoản 5 điểm c)
    CONSENT_PROVISION = "consent_provision"  # cung cấp cho tổ chức, cá nhân khi có đồng ý (Điều 10 khoản 8)
    NOTIFICATIONS = "notifications"  # thông báo trong ứng dụng định danh


class RightStatus(StrEnum):
    SUBMITTED = "submitted"  # đã tiếp nhận
    ACKNOWLEDGED = "acknowledged"  # đã xác nhận, thông báo thủ tục (02 ngày làm việc)
    GRANTED = "granted"  # đã thực hiện
    REFUSED = "refused"  # từ chối, có văn bản nêu rõ lý do
    WITHDRAWN = "withdrawn"  # chủ thể rút yêu cầu


class RightRefusalGround(StrEnum):
    STATUTORY_REGISTER = "statutory_register"  # Luật Căn cước Điều 8 khoản 6: lưu giữ đầy đủ, không xóa
    REQUIRED_BY_LAW = "required_by_law"  # xử lý theo quy định của luật (Luật 91 Điều 14 khoản 2, Điều 19)
    OWN_PROCEDURE = "own_procedure"  # có thủ tục riêng (điều chỉnh DC02; khai thác thông tin của mình)
    NOT_ESTABLISHED = "not_established"  # không xác định được yêu cầu hoặc người yêu cầu
    OTHER = "other"


class PrivacyRequest(Base):
    __tablename__ = "privacy_request"
    __table_args__ = (
        Index("ix_privacy_request_citizen_id", "citizen_id", "id"),
        Index("ix_privacy_request_queue", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(30), unique=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id"))
    kind: Mapped[RightKind] = mapped_column(str_enum(RightKind))
    scope: Mapped[DataScope] = mapped_column(str_enum(DataScope))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    filed_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    details: Mapped[str] = mapped_column(Text)
    status: Mapped[RightStatus] = mapped_column(str_enum(RightStatus))
    # Legal dates (Asia/Ho_Chi_Minh): received; acknowledgement due; answer due (extended once).
    received_on: Mapped[dt.date] = mapped_column(Date)
    acknowledge_by: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    extended_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    acknowledged_at: Mapped[dt.datetime | None]
    decided_at: Mapped[dt.datetime | None]
    decided_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    refusal_ground: Mapped[RightRefusalGround | None] = mapped_column(str_enum(RightRefusalGround))
    decision_text: Mapped[str | None] = mapped_column(Text)
    reply_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))


class ProcessingRestriction(Base):
    """A restriction or objection on record: while ``lifted_at`` is null, consent-based provision
    of the subject's data (Luật Căn cước Điều 10 khoản 8) is refused on the subject's behalf."""

    __tablename__ = "processing_restriction"
    __table_args__ = (Index("ix_processing_restriction_citizen_id", "citizen_id", "lifted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id"))
    request_id: Mapped[int] = mapped_column(ForeignKey("privacy_request.id"))
    kind: Mapped[RightKind] = mapped_column(str_enum(RightKind))
    scope: Mapped[DataScope] = mapped_column(str_enum(DataScope))
    effective_from: Mapped[dt.datetime]
    lifted_at: Mapped[dt.datetime | None]


class BreachStatus(StrEnum):
    OPEN = "open"  # đã ghi nhận, đang xử lý
    NOTIFIED = "notified"  # đã thông báo cơ quan chuyên trách
    CLOSED = "closed"  # đã khắc phục, kết thúc


class Breach(Base):
    """A personal-data breach (Luật 91/2025 Điều 23 [S]): what happened, when it was detected, whom
    and what it touches, the measures taken, and the notification within 72 hours of detection."""

    __tablename__ = "privacy_breach"
    __table_args__ = (Index("ix_privacy_breach_status", "status", "notify_by"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(30), unique=True)
    status: Mapped[BreachStatus] = mapped_column(str_enum(BreachStatus))
    nature: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[dt.datetime | None]
    detected_at: Mapped[dt.datetime]
    data_categories: Mapped[list[str]] = mapped_column(PortableJSON)
    subject_categories: Mapped[list[str]] = mapped_column(PortableJSON)
    subject_count: Mapped[int]
    measures: Mapped[str] = mapped_column(Text)
    likely_harm: Mapped[bool]
    notify_by: Mapped[dt.datetime]
    notified_at: Mapped[dt.datetime | None]
    authority: Mapped[str | None] = mapped_column(String(300))
    late_reason: Mapped[str | None] = mapped_column(Text)
    notice_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    recorded_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[dt.datetime]
    closed_at: Mapped[dt.datetime | None]
