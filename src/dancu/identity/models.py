"""Accounts and their login sessions.

Officers come first (issue 2); citizens, agencies and e-ID levels extend the same account table.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dancu.access.permissions import OfficerRole
from dancu.db.base import Base, str_enum


class AccountKind(StrEnum):
    OFFICER = "officer"


class Account(Base):
    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[AccountKind] = mapped_column(str_enum(AccountKind))
    role: Mapped[OfficerRole] = mapped_column(str_enum(OfficerRole))
    # The police unit the officer belongs to: a province code (2-digit) or commune code (5-digit)
    # of the administrative-unit table version named beside it.
    unit_code: Mapped[str | None] = mapped_column(String(10))
    unit_version: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    lockouts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
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
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]

    account: Mapped[Account] = relationship(back_populates="sessions")
