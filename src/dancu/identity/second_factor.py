"""One-time codes through the outbox (SMS to the own-name mobile in the register) and TOTP."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

import pyotp
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from dancu import sealing
from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.access.models import Organisation
from dancu.audit.actions import record_event
from dancu.audit.models import EventType
from dancu.clock import now_utc
from dancu.enums.registry import Item
from dancu.errors import DomainError, Unauthenticated
from dancu.identity.eid_models import CodePurpose, OneTimeCode
from dancu.identity.models import Account, AccountKind, LoginSession, SecondFactor
from dancu.notify.actions import enqueue
from dancu.notify.models import NotifyChannel
from dancu.registry.queries import item_as_of

MAX_CODE_FAILURES = 5
LOGIN_CODE_MINUTES = 5
TOTP_ISSUER = "dancu"


def citizen_actor(account: Account) -> Actor:
    """The account holder, as the access log names them before a full session exists."""
    return Actor(
        label=f"{account.display_name} ({account.username})",
        account_id=account.id,
        group=ActorGroup.CITIZEN,
        channel=Channel.IDENTITY_APP,
        citizen_id=account.citizen_id,
    )


async def holder_actor(session: AsyncSession, account: Account) -> Actor:
    """The account holder as the access log names them while the session is being completed."""
    label = f"{account.display_name} ({account.username})"
    if account.kind is AccountKind.OFFICER:
        return Actor(
            label=label,
            account_id=account.id,
            role=account.role,
            unit_code=account.unit_code,
            unit_version=account.unit_version,
        )
    if account.kind is AccountKind.ORG_MEMBER and account.organisation_id is not None:
        organisation = await session.get(Organisation, account.organisation_id)
        if organisation is not None:
            return Actor(
                label=label,
                account_id=account.id,
                group=organisation.actor_group,
                channel=Channel.PORTAL,
                organisation_id=organisation.id,
                organisation_name=organisation.name,
            )
    return citizen_actor(account)


def _code_digest(account_id: int, purpose: CodePurpose, code: str) -> str:
    """The inner, unkeyed digest: what the table held before codes were keyed (migration 0012
    keyed the stored values in place, so codes issued before it still verify)."""
    return hashlib.sha256(f"{account_id}:{purpose.value}:{code}".encode()).hexdigest()


def _hash(account_id: int, purpose: CodePurpose, code: str) -> str:
    # Keyed: a bare hash of a 6-digit code is recovered by trying the million values.
    return sealing.keyed_digest(_code_digest(account_id, purpose, code))


async def registered_mobile(session: AsyncSession, citizen_id: int) -> str | None:
    """The mobile number the register holds for the person (item 25), never one the user typed."""
    fact = await item_as_of(session, citizen_id, Item.MOBILE)
    return str(fact.value) if fact is not None else None


async def issue_code(
    session: AsyncSession,
    account: Account,
    *,
    purpose: CodePurpose,
    mobile: str,
    expires_at: dt.datetime,
    text: str,
    login_session: LoginSession | None = None,
) -> None:
    """Void earlier codes of the same purpose and queue a new one by SMS (``text`` has ``{code}``)."""
    now = now_utc()
    await session.execute(
        update(OneTimeCode)
        .where(
            OneTimeCode.account_id == account.id,
            OneTimeCode.purpose == purpose,
            OneTimeCode.used_at.is_(None),
        )
        .values(used_at=now)
    )
    code = f"{secrets.randbelow(1_000_000):06d}"
    session.add(
        OneTimeCode(
            account_id=account.id,
            purpose=purpose,
            login_session_id=login_session.id if login_session else None,
            code_hash=_hash(account.id, purpose, code),
            created_at=now,
            expires_at=expires_at,
        )
    )
    await enqueue(session, channel=NotifyChannel.SMS, recipient=mobile, body=text.format(code=code))


async def check_code(
    session: AsyncSession,
    account: Account,
    code: str,
    *,
    purpose: CodePurpose,
    login_session: LoginSession | None = None,
) -> bool:
    """True once for the right, unexpired code; a wrong code counts against the code's budget."""
    query = select(OneTimeCode).where(
        OneTimeCode.account_id == account.id,
        OneTimeCode.purpose == purpose,
        OneTimeCode.used_at.is_(None),
    )
    if login_session is not None:
        query = query.where(OneTimeCode.login_session_id == login_session.id)
    row = await session.scalar(query.order_by(OneTimeCode.id.desc()).limit(1))
    now = now_utc()
    if row is None or row.expires_at <= now or row.failures >= MAX_CODE_FAILURES:
        return False
    if not sealing.digest_matches(row.code_hash, _code_digest(account.id, purpose, code.strip())):
        row.failures += 1
        await session.flush()  # autoflush is off: later reads in this unit must see the change
        return False
    row.used_at = now
    await session.flush()  # a second check in this unit must not accept the same code again
    return True


async def start_login_factor(session: AsyncSession, login_session: LoginSession) -> None:
    """After the password: send an SMS code unless the account uses TOTP."""
    account = login_session.account
    if account.second_factor is not SecondFactor.CODE or account.citizen_id is None:
        return
    mobile = await registered_mobile(session, account.citizen_id)
    if mobile is None:
        raise DomainError("eid.no_mobile", status=409)
    await issue_code(
        session,
        account,
        purpose=CodePurpose.LOGIN,
        mobile=mobile,
        expires_at=now_utc() + dt.timedelta(minutes=LOGIN_CODE_MINUTES),
        text="dancu: ma dang nhap {code}. Khong chia se ma nay voi bat ky ai.",
        login_session=login_session,
    )


def totp_step(secret: str | None, code: str, *, after: int | None) -> int | None:
    """The time step (RFC 6238) whose code ``code`` is, within one step of now and later than
    ``after`` (the last step the account used), or None."""
    if not secret:
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(now_utc().timestamp()) // totp.interval
    code = code.strip()
    for step in (now_step - 1, now_step, now_step + 1):
        if (after is None or step > after) and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


async def claim_totp_step(session: AsyncSession, account: Account, step: int) -> bool:
    """Record ``step`` as the account's last used step, unless it (or a later one) was used already:
    one conditional update, so two sessions racing with the same code cannot both pass."""
    result = await session.execute(
        update(Account)
        .where(
            Account.id == account.id,
            or_(Account.totp_last_step.is_(None), Account.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    claimed = bool(getattr(result, "rowcount", 0) == 1)
    if claimed:
        set_committed_value(account, "totp_last_step", step)
    return claimed


def reset_factor_failures(account: Account) -> None:
    """The right code: the account's second-factor failures start again from nothing."""
    account.factor_failures, account.factor_lockouts, account.factor_locked_until = 0, 0, None


async def pass_login_factor(session: AsyncSession, login_session: LoginSession, code: str) -> bool:
    """Mark the session's second factor passed if ``code`` is right; record the outcome. A TOTP code
    is accepted once: a step already used (by this or any other session) is refused."""
    account = login_session.account
    if account.second_factor is SecondFactor.TOTP:
        step = totp_step(account.totp_secret, code, after=account.totp_last_step)
        ok = step is not None and await claim_totp_step(session, account, step)
    else:
        ok = await check_code(session, account, code, purpose=CodePurpose.LOGIN, login_session=login_session)
    event = EventType.SECOND_FACTOR_PASSED if ok else EventType.SECOND_FACTOR_FAILED
    if ok:
        login_session.second_factor_passed_at = now_utc()
        reset_factor_failures(account)
    await record_event(
        session,
        event,
        actor=await holder_actor(session, account),
        subject_citizen_id=account.citizen_id,
        data={"account_id": account.id, "method": account.second_factor.value},
    )
    return ok


def new_totp_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(account: Account, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account.username, issuer_name=TOTP_ISSUER)


async def enrol_totp(session: AsyncSession, account: Account, *, secret: str, code: str) -> None:
    """Switch the second factor to TOTP once the authenticator app proves it holds ``secret``; the
    code's step counts as used (it cannot then open another session). Callers check the password
    first when the account already has a second factor (re-enrolment)."""
    step = totp_step(secret, code, after=account.totp_last_step)
    if step is None or not await claim_totp_step(session, account, step):
        raise Unauthenticated("eid.code_invalid")
    account.totp_secret, account.second_factor = secret, SecondFactor.TOTP
    reset_factor_failures(account)
    await record_event(
        session,
        EventType.TOTP_ENROLLED,
        actor=await holder_actor(session, account),
        subject_citizen_id=account.citizen_id,
        data={"account_id": account.id},
    )


async def provision_totp(session: AsyncSession, account: Account, *, secret: str, actor: Actor) -> None:
    """An authenticator the operator has provisioned (demo data, a batch of staff accounts): the
    account uses TOTP with ``secret`` from its first login on."""
    account.totp_secret, account.second_factor = secret, SecondFactor.TOTP
    await record_event(
        session,
        EventType.TOTP_ENROLLED,
        actor=actor,
        subject_citizen_id=account.citizen_id,
        data={"account_id": account.id, "provisioned": True},
    )
