"""Accounts and their login sessions.

One account table for every kind of user: officers (roles, units), citizens (e-ID levels, NĐ 69),
members of organisations (agency staff sub-accounts with a field scope, and the organisation's
administrators). Organisations, their mandates and machine clients live in ``access.models``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.db.base import Base, SealedText, str_enum


class AccountKind(StrEnum):
    OFFICER = "officer"  # cán bộ công an (registration, competent officers), auditors, operators
    CITIZEN = "citizen"  # tài khoản định danh điện tử của công dân (NĐ 69 Điều 7)
    ORG_MEMBER = "org_member"  # an organisation's staff sub-account or administrator


class AccountStatus(StrEnum):
    PENDING_ACTIVATION = "pending_activation"  # chờ kích hoạt (NĐ 69 Điều 14: within 7 days)
    ACTIVE = "active"
    LOCKED = "locked"  # khóa (Luật Căn cước Điều 34)
    EXPIRED = "expired"  # activation window passed


class EidLevel(StrEnum):
    LEVEL_1 = "1"  # mức độ 01
    LEVEL_2 = "2"  # mức độ 02


class SecondFactor(StrEnum):
    NONE = "none"
    TOTP = "totp"
    CODE = "code"  # one-time code through the notification outbox (SMS to the own-name mobile)


class Account(Base):
    __tablename__ = "account"
    __table_args__ = (
        Index("ix_account_citizen_id", "citizen_id"),
        Index("ix_account_organisation_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[AccountKind] = mapped_column(str_enum(AccountKind))
    # Officers only.
    role: Mapped[OfficerRole | None] = mapped_column(str_enum(OfficerRole))
    # Officers only: head, deputy or staff of their unit; only the head (or a deputy under a written
    # delegation) decides (TT 117/2026 Điều 3 khoản 6, Điều 17 khoản 3–4).
    position: Mapped[Position | None] = mapped_column(str_enum(Position, 20))
    # The police unit the officer belongs to: a province code (2-digit) or commune code (5-digit)
    # of the administrative-unit table version named beside it.
    unit_code: Mapped[str | None] = mapped_column(String(10))
    unit_version: Mapped[str | None] = mapped_column(String(20))
    # Citizens only: the person in the register and the e-ID level.
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizen.id"))
    eid_level: Mapped[EidLevel | None] = mapped_column(str_enum(EidLevel))
    # Organisation members only: the organisation, whether they manage its sub-accounts, and the
    # fields they may see (a subset of the organisation's mandate; None = the whole mandate).
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    is_org_admin: Mapped[bool] = mapped_column(default=False)
    field_scope: Mapped[list[str] | None] = mapped_column(JSON)
    status: Mapped[AccountStatus] = mapped_column(str_enum(AccountStatus), default=AccountStatus.ACTIVE)
    activation_deadline: Mapped[dt.datetime | None]
    second_factor: Mapped[SecondFactor] = mapped_column(str_enum(SecondFactor), default=SecondFactor.NONE)
    totp_secret: Mapped[str | None] = mapped_column(SealedText("account.totp_secret"))
    # The last TOTP time step accepted for this account: a step is accepted once (RFC 6238 §5.2).
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    active: Mapped[bool] = mapped_column(default=True)
    # Wrong second-factor codes, counted per account across login sessions (a right password does
    # not reset them); each lock-out doubles the next one. Password failures are counted by
    # ``LoginThrottle``, keyed by the username typed, so unknown usernames are treated alike.
    factor_failures: Mapped[int] = mapped_column(default=0)
    factor_lockouts: Mapped[int] = mapped_column(default=0)
    factor_locked_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]

    sessions: Mapped[list[LoginSession]] = relationship(back_populates="account")


class LoginSession(Base):
    """A server-side session: the cookie holds a random token, the database only its hash."""

    __tablename__ = "login_session"
    __table_args__ = (Index("ix_login_session_account_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    # A session becomes usable only once its second factor is checked (None = not required).
    second_factor_passed_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]

    account: Mapped[Account] = relationship(back_populates="sessions")


class LoginThrottle(Base):
    """Failed password attempts by the username typed (a hash of it), whether or not an account has
    that username: the lock-out and its answer are the same for known and unknown usernames."""

    __tablename__ = "login_throttle"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    failures: Mapped[int] = mapped_column(default=0)
    lockouts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime]
