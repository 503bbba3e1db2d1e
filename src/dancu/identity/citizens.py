"""Citizen e-ID accounts (NĐ 69/2024): self-registration at level 1, activation within 7 days,
the officer's in-person check for level 2, and lock/unlock (Luật Căn cước Điều 34, NĐ 69 Điều 30).

Every function is an action: it takes the actor, records its event, flushes, never commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dancu import sealing
from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.audit.actions import record_event
from dancu.audit.models import EventType
from dancu.clock import now_utc, today_vn
from dancu.enums.registry import CardKind, Item, LifeStatus
from dancu.errors import Conflict, DomainError, Forbidden, NotFound
from dancu.identity import actions as password_guard
from dancu.identity.eid_models import CodePurpose, EidLock, LockSource, RegistrationAttempt
from dancu.identity.models import Account, AccountKind, AccountStatus, EidLevel, LoginSession, SecondFactor
from dancu.identity.passwords import hash_password, verify_password
from dancu.identity.second_factor import check_code, citizen_actor, issue_code, registered_mobile
from dancu.names import search_key
from dancu.notify.actions import enqueue
from dancu.notify.models import NotifyChannel
from dancu.registry.models import Citizen
from dancu.registry.queries import record_as_of
from dancu.settings import Settings

ACTIVATION_DAYS = 7  # NĐ 69 Điều 14
MAX_ATTEMPTS_PER_HOUR = 5
MIN_OWN_ACCOUNT_AGE = 14  # younger children act through their representative (NĐ 69 Điều 14)
# NĐ 69 Điều 7: citizens "từ đủ 06 tuổi đến dưới 14 tuổi" get an account on request; the request
# comes from the legal representative [M] (domain.md §5).
MIN_CHILD_ACCOUNT_AGE = 6
UNUSABLE_PASSWORD = "!"  # noqa: S105  (never verifies: argon2 rejects it as a hash)

ANONYMOUS = Actor(label="Tự đăng ký (chưa xác thực)", group=ActorGroup.CITIZEN, channel=Channel.IDENTITY_APP)


CHIP_CARDS = frozenset({CardKind.CAN_CUOC.value, CardKind.CCCD.value})


def _pin_hash(pin: str) -> str:
    # Keyed (a PIN has few enough values to try them all); the inner digest is what the table
    # held before migration 0012 keyed it in place.
    return sealing.keyed_digest(hashlib.sha256(f"eid-registration:{pin}".encode()).hexdigest())


async def _rate_limited(session: AsyncSession, pin_hash: str) -> bool:
    since = now_utc() - dt.timedelta(hours=1)
    count = await session.scalar(
        select(func.count()).where(
            RegistrationAttempt.pin_hash == pin_hash, RegistrationAttempt.attempted_at > since
        )
    )
    return (count or 0) >= MAX_ATTEMPTS_PER_HOUR


async def _matching_citizen(
    session: AsyncSession, *, full_name: str, dob: dt.date, pin: str, card_number: str
) -> Citizen | None:
    citizen = await session.scalar(select(Citizen).where(Citizen.pin == pin))
    if citizen is None or citizen.status is not LifeStatus.ALIVE:
        return None
    if search_key(full_name) != citizen.name_search or citizen.dob != dob.isoformat():
        return None
    view = await record_as_of(session, citizen.id)
    cards = list(view.entries(Item.CARD).values())
    numbers = {str(card.get("number")) for card in cards}
    # The number of a chip card (thẻ căn cước, thẻ CCCD) is the holder's PIN (Luật Căn cước Điều 12),
    # and people type it so even where the register holds another number for the card.
    if any(card.get("kind") in CHIP_CARDS for card in cards):
        numbers.add(citizen.pin)
    return citizen if card_number.strip() in numbers else None


def _age(dob: dt.date) -> int:
    today = today_vn()
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


async def account_of_citizen(session: AsyncSession, citizen_id: int) -> Account | None:
    return await session.scalar(
        select(Account).where(Account.citizen_id == citizen_id, Account.kind == AccountKind.CITIZEN)
    )


async def _refuse(
    session: AsyncSession, pin_hash: str, code: str, *, status: int = 400, **params: Any
) -> DomainError:
    await record_event(session, EventType.EID_REGISTRATION_REFUSED, actor=ANONYMOUS, data={"code": code})
    return DomainError(code, status=status, **params)


async def start_registration(
    session: AsyncSession, *, full_name: str, date_of_birth: dt.date, pin: str, card_number: str
) -> Account:
    """Match the declared identity against the register and send an activation code to the mobile
    number *in the register*. A mismatch is one generic error that names no field; the caller
    keeps the attempt even on failure (``commit_then_refuse``) so that attempts count (at most 5
    an hour per PIN)."""
    pin_hash = _pin_hash(pin)
    if await _rate_limited(session, pin_hash):
        # The window is an hour (at most 5 attempts): Retry-After tells the client how long to wait.
        raise await _refuse(session, pin_hash, "eid.registration_rate_limited", status=429, seconds=3600)
    session.add(RegistrationAttempt(pin_hash=pin_hash, attempted_at=now_utc()))
    dob = date_of_birth
    citizen = await _matching_citizen(session, full_name=full_name, dob=dob, pin=pin, card_number=card_number)
    if citizen is None:
        raise await _refuse(session, pin_hash, "eid.registration_mismatch")
    if _age(dob) < MIN_OWN_ACCOUNT_AGE:
        raise await _refuse(session, pin_hash, "eid.registration_minor", status=409)
    mobile = await registered_mobile(session, citizen.id)
    if mobile is None:
        raise await _refuse(session, pin_hash, "eid.no_mobile", status=409)
    account = await _pending_account(session, citizen)
    await issue_code(
        session,
        account,
        purpose=CodePurpose.ACTIVATION,
        mobile=mobile,
        expires_at=account.activation_deadline or now_utc(),
        text="dancu: ma kich hoat tai khoan dinh danh dien tu {code}, hieu luc 7 ngay.",
    )
    await record_event(
        session,
        EventType.EID_REGISTRATION_STARTED,
        actor=citizen_actor(account),
        subject_citizen_id=citizen.id,
        data={"account_id": account.id},
    )
    return account


async def request_child_account(session: AsyncSession, child: Citizen, *, actor: Actor) -> Account:
    """NĐ 69/2024 Điều 7: a child from 6 to under 14 gets a level-1 account on the request of the
    legal representative ``actor`` (who must represent the child in both records: the caller checks
    that). The activation code goes to the representative's mobile in the register, and the request
    is recorded with the representative named; the child then uses the account only with the
    representative's confirmation (Điều 14)."""
    age = _age(dt.date.fromisoformat(child.dob)) if len(child.dob) == 10 else -1
    if not MIN_CHILD_ACCOUNT_AGE <= age < MIN_OWN_ACCOUNT_AGE:
        raise Conflict("eid.child_age")
    assert actor.citizen_id is not None
    mobile = await registered_mobile(session, actor.citizen_id)
    if mobile is None:
        raise DomainError("eid.no_mobile", status=409)
    account = await _pending_account(session, child)
    await issue_code(
        session,
        account,
        purpose=CodePurpose.ACTIVATION,
        mobile=mobile,
        expires_at=account.activation_deadline or now_utc(),
        text="dancu: ma kich hoat tai khoan dinh danh dien tu cua con, hieu luc 7 ngay: {code}",
    )
    await record_event(
        session,
        EventType.EID_REGISTRATION_STARTED,
        actor=actor,
        subject_citizen_id=child.id,
        data={
            "account_id": account.id,
            "requested_by_representative": actor.citizen_id,
            "legal_basis": "Nghị định 69/2024/NĐ-CP Điều 7",
        },
    )
    return account


async def _pending_account(session: AsyncSession, citizen: Citizen) -> Account:
    account = await account_of_citizen(session, citizen.id)
    now = now_utc()
    deadline = now + dt.timedelta(days=ACTIVATION_DAYS)
    if account is not None:
        if account.status not in (AccountStatus.PENDING_ACTIVATION, AccountStatus.EXPIRED):
            raise Conflict("eid.already_registered")
        account.status, account.activation_deadline = AccountStatus.PENDING_ACTIVATION, deadline
        return account
    account = Account(
        username=citizen.pin,
        password_hash=UNUSABLE_PASSWORD,
        display_name=citizen.full_name,
        kind=AccountKind.CITIZEN,
        citizen_id=citizen.id,
        eid_level=EidLevel.LEVEL_1,
        status=AccountStatus.PENDING_ACTIVATION,
        activation_deadline=deadline,
        second_factor=SecondFactor.CODE,
        created_at=now,
    )
    session.add(account)
    await session.flush()  # the account's id keys its activation code
    return account


async def activate(session: AsyncSession, *, pin: str, code: str, password: str) -> Account:
    """Enter the code and choose a password: the account becomes an active level-1 account.
    After the 7-day window the registration expires (the caller commits that too)."""
    account = await session.scalar(
        select(Account).where(Account.username == pin, Account.kind == AccountKind.CITIZEN)
    )
    if account is None or account.status is not AccountStatus.PENDING_ACTIVATION:
        raise DomainError("eid.code_invalid", status=400)
    if account.activation_deadline is None or account.activation_deadline <= now_utc():
        account.status = AccountStatus.EXPIRED
        await record_event(
            session,
            EventType.EID_ACTIVATION_EXPIRED,
            actor=citizen_actor(account),
            subject_citizen_id=account.citizen_id,
            data={"account_id": account.id},
        )
        raise DomainError("eid.activation_expired", status=410)
    if not await check_code(session, account, code, purpose=CodePurpose.ACTIVATION):
        raise DomainError("eid.code_invalid", status=400)
    account.password_hash = hash_password(password)
    account.status, account.activation_deadline = AccountStatus.ACTIVE, None
    await record_event(
        session,
        EventType.EID_ACTIVATED,
        actor=citizen_actor(account),
        subject_citizen_id=account.citizen_id,
        data={"account_id": account.id, "level": "1"},
    )
    return account


async def _notify(session: AsyncSession, account: Account, text: str) -> None:
    if account.citizen_id is not None and (mobile := await registered_mobile(session, account.citizen_id)):
        await enqueue(session, channel=NotifyChannel.SMS, recipient=mobile, body=text)


async def upgrade_to_level2(
    session: AsyncSession,
    citizen: Citizen,
    *,
    card_presented: bool,
    form_tk01: bool,
    mobile_confirmed: bool,
    note: str,
    actor: Actor,
) -> Account:
    """The officer attests the in-person check (NĐ 69 Điều 10); territory is checked by the caller."""
    if not (card_presented and form_tk01 and mobile_confirmed):
        raise DomainError("eid.level2_checks_incomplete", status=422)
    account = await account_of_citizen(session, citizen.id)
    if account is None or account.status is not AccountStatus.ACTIVE:
        raise NotFound("eid.account_not_found")
    if account.eid_level is EidLevel.LEVEL_2:
        raise Conflict("eid.already_level2")
    account.eid_level = EidLevel.LEVEL_2
    checks = {"card_presented": True, "form_tk01": True, "mobile_confirmed": True}
    await record_event(
        session,
        EventType.EID_UPGRADED,
        actor=actor,
        subject_citizen_id=citizen.id,
        reason=note or None,
        data={"account_id": account.id, "level": "2", "checks": checks},
    )
    await _notify(session, account, "dancu: tai khoan dinh danh dien tu cua ban da duoc nang len muc do 2.")
    return account


async def open_lock(session: AsyncSession, account: Account) -> EidLock | None:
    return await session.scalar(
        select(EidLock)
        .where(EidLock.account_id == account.id, EidLock.unlocked_at.is_(None))
        .order_by(EidLock.id.desc())
        .limit(1)
    )


async def lock(
    session: AsyncSession, account: Account, *, source: LockSource, reason: str, actor: Actor
) -> None:
    """Lock at once and end every session (a locked account can neither log in nor use tokens)."""
    if account.status is AccountStatus.LOCKED:
        if source is LockSource.DEATH:
            return
        raise Conflict("eid.already_locked")
    now = now_utc()
    account.status = AccountStatus.LOCKED
    session.add(
        EidLock(
            account_id=account.id,
            source=source,
            reason=reason,
            locked_at=now,
            locked_by_account_id=actor.account_id,
        )
    )
    await session.execute(
        update(LoginSession)
        .where(LoginSession.account_id == account.id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    await record_event(
        session,
        EventType.EID_LOCKED,
        actor=actor,
        subject_citizen_id=account.citizen_id,
        reason=reason,
        data={"account_id": account.id, "source": source.value},
    )
    if source is not LockSource.DEATH:
        await _notify(session, account, "dancu: tai khoan dinh danh dien tu cua ban da bi khoa.")


async def unlock(
    session: AsyncSession, account: Account, *, by_holder: bool, reason: str, actor: Actor
) -> None:
    """The holder lifts only a lock they set themself; an officer lifts any lock, with a reason."""
    current = await open_lock(session, account)
    if account.status is not AccountStatus.LOCKED or current is None:
        raise Conflict("eid.not_locked")
    if by_holder and current.source is not LockSource.CITIZEN:
        raise Forbidden("eid.unlock_needs_officer")
    citizen = await session.get(Citizen, account.citizen_id) if account.citizen_id is not None else None
    if citizen is not None and citizen.status is not LifeStatus.ALIVE:
        # Luật Căn cước Điều 34: the e-ID of a person the register records as dead stays locked.
        # Only a correction of the death record (the person is alive after all) re-opens it.
        raise Forbidden("eid.unlock_refused_dead")
    current.unlocked_at, current.unlocked_by_account_id = now_utc(), actor.account_id
    current.unlock_reason = reason
    account.status = AccountStatus.ACTIVE
    await record_event(
        session,
        EventType.EID_UNLOCKED,
        actor=actor,
        subject_citizen_id=account.citizen_id,
        reason=reason,
        data={"account_id": account.id, "by_holder": by_holder},
    )
    await _notify(session, account, "dancu: tai khoan dinh danh dien tu cua ban da duoc mo khoa.")


async def lock_on_death(session: AsyncSession, citizen: Citizen, actor: Actor) -> None:
    """The register's death hook (registered by ``dancu.wiring``): the deceased's e-ID is locked
    (Luật Căn cước Điều 34)."""
    account = await account_of_citizen(session, citizen.id)
    if account is not None:
        await lock(session, account, source=LockSource.DEATH, reason="death_recorded", actor=actor)


async def start_holder_unlock(
    session: AsyncSession, *, pin: str, password: str, settings: Settings
) -> Account:
    """A holder who locked their account proves the password; a code goes to their mobile.

    Wrong passwords count against the PIN typed with the login's counter and back-off (a locked
    account is no softer target than an open one); the caller commits the failure before refusing."""
    await password_guard.ensure_not_throttled(session, pin)
    account = await session.scalar(
        select(Account).where(Account.username == pin, Account.kind == AccountKind.CITIZEN)
    )
    # A hash is verified for an unknown PIN too: the time taken does not tell whether it has an account.
    password_ok = verify_password(account.password_hash if account else None, password)
    if account is None or not password_ok:
        await password_guard.password_failed(session, pin, account, settings)
        raise DomainError("auth.invalid_credentials", status=401)
    await password_guard.password_succeeded(session, pin)
    current = await open_lock(session, account)
    if account.status is not AccountStatus.LOCKED or current is None:
        raise Conflict("eid.not_locked")
    if current.source is not LockSource.CITIZEN:
        raise Forbidden("eid.unlock_needs_officer")
    mobile = await registered_mobile(session, account.citizen_id or 0)
    if mobile is None:
        raise DomainError("eid.no_mobile", status=409)
    await issue_code(
        session,
        account,
        purpose=CodePurpose.UNLOCK,
        mobile=mobile,
        expires_at=now_utc() + dt.timedelta(minutes=10),
        text="dancu: ma mo khoa tai khoan {code}.",
    )
    return account


async def finish_holder_unlock(session: AsyncSession, *, pin: str, code: str) -> None:
    account = await session.scalar(
        select(Account).where(Account.username == pin, Account.kind == AccountKind.CITIZEN)
    )
    if account is None or not await check_code(session, account, code, purpose=CodePurpose.UNLOCK):
        raise DomainError("eid.code_invalid", status=400)
    await unlock(session, account, by_holder=True, reason="holder_request", actor=citizen_actor(account))
