"""The log of yes/no questions (domain.md §3.7): every question, answered or refused, with the
permit and consent it relied on, so that limits per subject and per requester can be counted and
probing seen. The subject is kept as a digest of the PIN asked about, so questions about a number
nobody holds count toward the same limits as the others."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from dancu.access.groups import ActorGroup
from dancu.audit.models import EntryId
from dancu.db.base import Base, PortableJSON, str_enum


class VerificationQuestion(Base):
    __tablename__ = "verification_question"
    __table_args__ = (
        # A requester's questions by time, ties (one group's questions share their instant) in their
        # order: the first question of the period is one probe (migration 0033).
        Index("ix_verification_question_requester", "requester_key", "asked_at", "requester_seq"),
        Index("ix_verification_question_seq", "requester_key", "requester_seq", unique=True),
        Index("ix_verification_question_subject", "requester_key", "pin_digest", "asked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    asked_at: Mapped[dt.datetime]
    # "org:<id>" for an organisation, "acct:<id>" for a person asking on their own account.
    requester_key: Mapped[str] = mapped_column(String(40))
    # The question's number among its requester's (1, 2, 3 …), drawn under the requester's lock with
    # an ``asked_at`` never before the previous one's: the questions of a period are then the last
    # number less the period's first, plus one, whatever their number (queries.questions_since).
    requester_seq: Mapped[int] = mapped_column(BigInteger)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    actor_group: Mapped[ActorGroup] = mapped_column(str_enum(ActorGroup, 20))
    pin_digest: Mapped[str] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(String(40))
    # answered, or the rule that refused it (verify.no_consent, verify.limit_subject …).
    outcome: Mapped[str] = mapped_column(String(40))
    permit_number: Mapped[str | None] = mapped_column(String(32))
    consent_ref: Mapped[str | None] = mapped_column(String(32))
    receipt_event_id: Mapped[int | None] = mapped_column(EntryId)  # an access-log entry id: 64-bit
    fee_receipt_id: Mapped[int | None]


class AskStatus(StrEnum):
    PENDING = "pending"  # waiting for the subject in the identity app
    APPROVED = "approved"  # the subject agreed to this one question; answered at the next poll
    ANSWERED = "answered"
    DECLINED = "declined"  # the subject said no
    LAPSED = "lapsed"  # nobody answered in time (also: a PIN nobody holds, so existence leaks nothing)


class VerificationAsk(Base):
    """A one-off consent (domain.md §3.7): the organisation holds a permit for the question but no
    standing consent of this subject, so the subject is asked to agree to this single question in the
    identity app. The question waits; it is answered after approval, refused on decline or lapse."""

    __tablename__ = "verification_ask"
    __table_args__ = (
        Index("ix_verification_ask_citizen", "citizen_id", "status"),
        Index("ix_verification_ask_requester", "requester_key", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    requester_key: Mapped[str] = mapped_column(String(40))
    requester_label: Mapped[str] = mapped_column(String(300))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    pin_digest: Mapped[str] = mapped_column(String(64))
    # None when nobody holds the PIN: the ask then simply lapses.
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizen.id"))
    question: Mapped[str] = mapped_column(String(40))
    # The question as asked (fixed parameters only), replayed when the answer is given.
    body: Mapped[dict[str, Any]] = mapped_column(PortableJSON)
    purpose: Mapped[str] = mapped_column(String(300))
    fields: Mapped[list[str]] = mapped_column(PortableJSON)
    permit_number: Mapped[str] = mapped_column(String(32))
    status: Mapped[AskStatus] = mapped_column(str_enum(AskStatus, 20))
    decided_at: Mapped[dt.datetime | None]
    answered_at: Mapped[dt.datetime | None]
    answer: Mapped[bool | None]
    question_id: Mapped[int] = mapped_column(ForeignKey("verification_question.id"))
    receipt_event_id: Mapped[int | None] = mapped_column(EntryId)  # an access-log entry id: 64-bit
    fee_receipt_id: Mapped[int | None]
