"""Writes of the identity package: officer accounts, login and logout (each records its event)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.audit.actions import record_event
from dancu.audit.models import EventType
from dancu.clock import now_utc
from dancu.errors import Conflict, DomainError, Forbidden, Unauthenticated
from dancu.identity.eid_models import EidLock, LockSource
from dancu.identity.models import (
    Account,
    AccountKind,
    AccountStatus,
    LoginSession,
    LoginThrottle,
    SecondFactor,
)
from dancu.identity.passwords import hash_password, needs_rehash, verify_password
from dancu.settings import Settings
from dancu.web_tokens import token_hash

# Who the log names for a failed login: the login step itself (a label people read in the log).
LOGIN_ACTOR = "Hệ thống đăng nhập"


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


def _backoff_seconds(lockouts: int, settings: Settings) -> int:
    # Back-off doubles with each lock-out, capped at one day.
    return int(min(settings.login_lockout_seconds * 2 ** max(lockouts - 1, 0), 86_400))


def throttle_key(username: str) -> str:
    """What password failures are counted by: the username as typed (hashed), known or not."""
    return hashlib.sha256(f"login:{username}".encode()).hexdigest()


async def _throttle(session: AsyncSession, key: str) -> LoginThrottle | None:
    return await session.scalar(select(LoginThrottle).where(LoginThrottle.key_hash == key))


async def _throttle_row(session: AsyncSession, key: str) -> LoginThrottle:
    row = await _throttle(session, key)
    if row is not None:
        return row
    try:
        async with session.begin_nested():
            row = LoginThrottle(key_hash=key, failures=0, lockouts=0, updated_at=now_utc())
            session.add(row)
    except IntegrityError:  # a concurrent failure for the same username made the row first
        row = await _throttle(session, key)
        assert row is not None
    return row


def _locked_for(locked_until: dt.datetime | None, now: dt.datetime) -> int | None:
    """Seconds left of a lock-out, or None when there is none."""
    if locked_until is None or locked_until <= now:
        return None
    return int((locked_until - now).total_seconds()) + 1


async def ensure_not_throttled(session: AsyncSession, username: str) -> None:
    """429 with the seconds left while the username typed is locked out after wrong passwords."""
    throttle = await _throttle(session, throttle_key(username))
    seconds = _locked_for(throttle.locked_until if throttle else None, now_utc())
    if seconds is not None:
        raise DomainError("auth.locked", status=429, seconds=seconds)


async def password_failed(
    session: AsyncSession, username: str, account: Account | None, settings: Settings
) -> None:
    """A wrong password given anywhere for ``username`` (login, the holder's own unlock): one counter
    per username typed, so switching between the two doors gives a guesser no extra attempts."""
    await _register_failure(session, username, account, settings)


async def password_succeeded(session: AsyncSession, username: str) -> None:
    throttle = await _throttle(session, throttle_key(username))
    if throttle is not None:
        throttle.failures, throttle.locked_until = 0, None


async def _register_failure(
    session: AsyncSession, username: str, account: Account | None, settings: Settings
) -> None:
    """A wrong password counts against the username typed, whether or not an account has it."""
    row = await _throttle_row(session, throttle_key(username))
    # One UPDATE adds the failure: parallel guesses each count (the row stays locked until commit).
    await session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.id == row.id)
        .values(failures=LoginThrottle.failures + 1, updated_at=now_utc())
        .execution_options(synchronize_session=False)
    )
    await session.refresh(row)
    if row.failures >= settings.login_max_failures:
        row.lockouts += 1
        row.failures = 0
        row.locked_until = now_utc() + dt.timedelta(seconds=_backoff_seconds(row.lockouts, settings))
    await session.flush()  # a concurrent failure must see this one
    await record_event(
        session,
        EventType.LOGIN_FAILED,
        actor=Actor.system(LOGIN_ACTOR),
        data={"account_id": account.id if account else None, "locked": row.locked_until is not None},
    )


def ensure_second_factor_open(account: Account) -> None:
    """Refuse the second step while the account's second factor is locked out."""
    seconds = _locked_for(account.factor_locked_until, now_utc())
    if seconds is not None:
        raise DomainError("auth.second_factor_locked", status=429, seconds=seconds)


async def second_factor_failed(
    session: AsyncSession, login_session: LoginSession, *, settings: Settings
) -> None:
    """A wrong second-factor code counts against the account, across every login session (a
    right password resets nothing); each lock-out doubles the next and also ends the session."""
    account = login_session.account
    # One UPDATE adds the failure: wrong codes sent in parallel from many sessions each count.
    await session.execute(
        update(Account)
        .where(Account.id == account.id)
        .values(factor_failures=Account.factor_failures + 1)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(account, ["factor_failures", "factor_lockouts"])
    if account.factor_failures >= settings.login_max_failures:
        account.factor_lockouts += 1
        account.factor_failures = 0
        seconds = _backoff_seconds(account.factor_lockouts, settings)
        account.factor_locked_until = now_utc() + dt.timedelta(seconds=seconds)
        login_session.revoked_at = now_utc()
    await session.flush()  # the next attempt, in any session, must see the count
    await record_event(
        session,
        EventType.LOGIN_FAILED,
        actor=Actor.system(LOGIN_ACTOR),
        data={
            "account_id": account.id,
            "second_factor": True,
            "locked": account.factor_locked_until is not None,
        },
    )


def new_session(account: Account, settings: Settings) -> tuple[LoginSession, str]:
    """A login session of ``account`` with fresh token and CSRF token; returns it with the raw token."""
    now, token = now_utc(), secrets.token_urlsafe(32)
    login_session = LoginSession(
        token_hash=token_hash(token),
        csrf_token=secrets.token_urlsafe(32),
        account=account,
        created_at=now,
        expires_at=now + dt.timedelta(hours=settings.session_hours),
    )
    return login_session, token


def rotate_session(login_session: LoginSession) -> str:
    """A new token (and CSRF token) for a session whose privilege has just changed (its second factor
    passed): a token set before, by whoever set it, no longer opens it. Returns the raw token."""
    token = secrets.token_urlsafe(32)
    login_session.token_hash = token_hash(token)
    login_session.csrf_token = secrets.token_urlsafe(32)
    return token


async def login(
    session: AsyncSession, *, username: str, password: str, settings: Settings
) -> tuple[LoginSession, str]:
    """Check the password and open a session; returns it with the raw token (shown once).

    Known and unknown usernames take the same path: a password hash is always verified (a dummy
    one for an unknown user) and failures lock out the username typed, so neither the time taken
    nor the 429 tells whether an account exists. A failure is still committed by the caller (it
    counts towards the lock-out), so this raises only after the failure has been flushed.
    """
    now = now_utc()
    throttle = await _throttle(session, throttle_key(username))
    seconds = _locked_for(throttle.locked_until if throttle else None, now)
    if seconds is not None:
        raise DomainError("auth.locked", status=429, seconds=seconds)
    account = await session.scalar(select(Account).where(Account.username == username))
    password_ok = verify_password(account.password_hash if account else None, password)
    if account is None or not account.active or not password_ok:
        await _register_failure(session, username, account, settings)
        raise Unauthenticated("auth.invalid_credentials")
    if account.status is not AccountStatus.ACTIVE:
        # Only after the password: the state of an account is not disclosed to a guesser.
        raise Forbidden(await _not_active_code(session, account))
    if account.second_factor is not SecondFactor.NONE:
        ensure_second_factor_open(account)
    if throttle is not None:
        throttle.failures, throttle.locked_until = 0, None
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    login_session, token = new_session(account, settings)
    session.add(login_session)
    await session.flush()  # the login session's id keys its second-factor code
    actor = Actor.system(f"{account.display_name} ({account.username})")
    await record_event(session, EventType.LOGIN_SUCCEEDED, actor=actor, data={"account_id": account.id})
    return login_session, token


async def _not_active_code(session: AsyncSession, account: Account) -> str:
    """The message for an account that may not log in, naming why in words (for a lock: who set
    it, so that a holder knows whether they may lift it themself)."""
    if account.status is AccountStatus.PENDING_ACTIVATION:
        return "auth.account_pending_activation"
    if account.status is AccountStatus.EXPIRED:
        return "auth.account_expired"
    source = await session.scalar(
        select(EidLock.source)
        .where(EidLock.account_id == account.id, EidLock.unlocked_at.is_(None))
        .order_by(EidLock.id.desc())
        .limit(1)
    )
    if source is LockSource.DEATH:
        return "auth.account_locked_death"
    if source is LockSource.CITIZEN:
        return "auth.account_locked_by_holder"
    return "auth.account_locked"


async def check_password(
    session: AsyncSession, account: Account, password: str, *, settings: Settings
) -> None:
    """The account holder's current password, asked again before a change that would hand the
    account to whoever holds the session (a new authenticator); a wrong one counts as a failure."""
    if not verify_password(account.password_hash, password):
        await _register_failure(session, account.username, account, settings)
        raise Unauthenticated("auth.password_recheck_failed")


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
