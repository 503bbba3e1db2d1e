"""The log of yes/no questions (domain.md §3.7): every question, answered or refused, with the
permit and consent it relied on, so that limits per subject and per requester can be counted and
probing seen. The subject is kept as a digest of the PIN asked about, so questions about a number
nobody holds count toward the same limits as the others."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from dancu.access.groups import ActorGroup
from dancu.db.base import Base, str_enum


class VerificationQuestion(Base):
    __tablename__ = "verification_question"
    __table_args__ = (
        Index("ix_verification_question_requester", "requester_key", "asked_at"),
        Index("ix_verification_question_subject", "requester_key", "pin_digest", "asked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    asked_at: Mapped[dt.datetime]
    # "org:<id>" for an organisation, "acct:<id>" for a person asking on their own account.
    requester_key: Mapped[str] = mapped_column(String(40))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    actor_group: Mapped[ActorGroup] = mapped_column(str_enum(ActorGroup, 20))
    pin_digest: Mapped[str] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(String(40))
    # answered, or the rule that refused it (verify.no_consent, verify.limit_subject …).
    outcome: Mapped[str] = mapped_column(String(40))
    permit_number: Mapped[str | None] = mapped_column(String(32))
    consent_ref: Mapped[str | None] = mapped_column(String(32))
    receipt_event_id: Mapped[int | None]
    fee_receipt_id: Mapped[int | None]
