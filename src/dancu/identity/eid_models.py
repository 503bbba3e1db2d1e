"""Tables of the citizen e-ID flows: one-time codes, registration attempts, locks."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from dancu.db.base import Base, str_enum


class CodePurpose(StrEnum):
    ACTIVATION = "activation"  # confirms a self-registration (NĐ 69 Điều 14)
    LOGIN = "login"  # the second factor of a login session
    UNLOCK = "unlock"  # the holder unlocks their own account (NĐ 69 Điều 30)


class LockSource(StrEnum):
    CITIZEN = "citizen"  # the holder's own request: unlocked by the holder at once (NĐ 69 Điều 30)
    OFFICER = "officer"
    DEATH = "death"  # Luật Căn cước Điều 34


class OneTimeCode(Base):
    __tablename__ = "one_time_code"
    __table_args__ = (Index("ix_one_time_code_account_id", "account_id", "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    purpose: Mapped[CodePurpose] = mapped_column(str_enum(CodePurpose))
    login_session_id: Mapped[int | None] = mapped_column(ForeignKey("login_session.id"))
    # Only a keyed hash of the code is kept; the code itself exists in the outbox message only.
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    failures: Mapped[int] = mapped_column(default=0)


class RegistrationAttempt(Base):
    """A self-registration attempt, kept by a hash of the PIN, for rate-limiting."""

    __tablename__ = "eid_registration_attempt"
    __table_args__ = (Index("ix_eid_registration_attempt_pin", "pin_hash", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pin_hash: Mapped[str] = mapped_column(String(64))
    attempted_at: Mapped[dt.datetime]
    matched: Mapped[bool] = mapped_column(default=False)


class EidLock(Base):
    """One lock of an account and, once lifted, its unlock."""

    __tablename__ = "eid_lock"
    __table_args__ = (Index("ix_eid_lock_account_id", "account_id", "unlocked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    source: Mapped[LockSource] = mapped_column(str_enum(LockSource))
    reason: Mapped[str] = mapped_column(String(500))
    locked_at: Mapped[dt.datetime]
    locked_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    unlocked_at: Mapped[dt.datetime | None]
    unlocked_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    unlock_reason: Mapped[str | None] = mapped_column(String(500))
