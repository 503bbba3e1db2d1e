"""Writes of the identity package: officer accounts, login and logout (each records its event)."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.audit.actions import record_event
from dancu.audit.models import EventType
from dancu.clock import now_utc
from dancu.errors import Conflict, DomainError, Forbidden, Unauthenticated
from dancu.identity.models import Account, AccountKind, AccountStatus, LoginSession, SecondFactor
from dancu.identity.passwords import hash_password, needs_rehash, verify_password
from dancu.settings import Settings
from dancu.web_tokens import token_hash


async def create_officer(
    session: AsyncSession,
    *,
    username: str,
    password: str,
    display_name: str,
    role: OfficerRole,
    unit_code: str | None,
    unit_version: str | None,
    actor: Actor,
    totp_secret: str | None = None,
    position: Position = Position.STAFF,
) -> Account:
    """An officer account. Officers must use TOTP; without ``totp_secret`` (an authenticator the
    operator has provisioned) the officer enrols one at first login, before anything else works."""
    if await session.scalar(select(func.count()).where(Account.username == username)):
        raise Conflict("account.username_taken", username=username)
    account = Account(
        username=username,
        password_hash=hash_password(password),
        display_name=display_name,
        kind=AccountKind.OFFICER,
        role=role,
        position=position,
        unit_code=unit_code,
        unit_version=unit_version,
        second_factor=SecondFactor.TOTP if totp_secret else SecondFactor.NONE,
        totp_secret=totp_secret,
        created_at=now_utc(),
    )
    session.add(account)
    await session.flush()  # the new account's id is used below
    data = {"account_id": account.id, "username": username, "role": role.value, "position": position.value}
    await record_event(
        session,
        EventType.ACCOUNT_CREATED,
        actor=actor,
        data=data | {"second_factor": account.second_factor.value},
    )
    return account


def _lockout_seconds(account: Account, settings: Settings) -> int:
    # Back-off doubles with each lock-out, capped at one day.
    return int(min(settings.login_lockout_seconds * 2 ** max(account.lockouts - 1, 0), 86_400))


async def _register_failure(session: AsyncSession, account: Account, settings: Settings) -> None:
    account.failed_logins += 1
    if account.failed_logins >= settings.login_max_failures:
        account.lockouts += 1
        account.failed_logins = 0
        account.locked_until = now_utc() + dt.timedelta(seconds=_lockout_seconds(account, settings))
    await record_event(
        session,
        EventType.LOGIN_FAILED,
        actor=Actor.system("login"),
        data={"account_id": account.id, "locked": account.locked_until is not None},
    )


async def second_factor_failed(
    session: AsyncSession, login_session: LoginSession, *, settings: Settings
) -> None:
    """A wrong second-factor code counts like a wrong password; a lock-out also ends the session."""
    account = login_session.account
    await _register_failure(session, account, settings)
    if account.locked_until is not None and account.locked_until > now_utc():
        login_session.revoked_at = now_utc()


async def login(
    session: AsyncSession, *, username: str, password: str, settings: Settings
) -> tuple[LoginSession, str]:
    """Check the password and open a session; returns it with the raw token (shown once).

    A failure is still committed by the caller (it counts towards the lock-out), so this raises
    only after the failure has been flushed.
    """
    account = await session.scalar(select(Account).where(Account.username == username))
    now = now_utc()
    if account is not None and account.locked_until is not None and account.locked_until > now:
        raise DomainError(
            "auth.locked", status=429, seconds=int((account.locked_until - now).total_seconds()) + 1
        )
    if account is None or not account.active or not verify_password(account.password_hash, password):
        if account is not None:
            await _register_failure(session, account, settings)
        raise Unauthenticated("auth.invalid_credentials")
    if account.status is not AccountStatus.ACTIVE:
        # Only after the password: the state of an account is not disclosed to a guesser.
        raise Forbidden("auth.account_not_active", account_status=account.status.value)
    account.failed_logins, account.locked_until = 0, None
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    token = secrets.token_urlsafe(32)
    login_session = LoginSession(
        token_hash=token_hash(token),
        csrf_token=secrets.token_urlsafe(32),
        account=account,
        created_at=now,
        expires_at=now + dt.timedelta(hours=settings.session_hours),
    )
    session.add(login_session)
    await session.flush()  # the login session's id keys its second-factor code
    actor = Actor.system(f"{account.display_name} ({account.username})")
    await record_event(session, EventType.LOGIN_SUCCEEDED, actor=actor, data={"account_id": account.id})
    return login_session, token


async def logout(
    session: AsyncSession, login_session: LoginSession, *, everywhere: bool, actor: Actor
) -> None:
    now = now_utc()
    query = update(LoginSession).where(LoginSession.revoked_at.is_(None))
    if everywhere:
        query = query.where(LoginSession.account_id == login_session.account_id)
    else:
        query = query.where(LoginSession.id == login_session.id)
    await session.execute(query.values(revoked_at=now))
    await record_event(session, EventType.LOGOUT, actor=actor, data={"everywhere": everywhere})
