"""Citizen e-ID over the API: self-registration, activation, level 2, lock and unlock."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.errors import DomainError, NotFound
from dancu.identity import citizens, use_cases
from dancu.identity.eid_models import LockSource
from dancu.identity.models import Account
from dancu.identity.schemas import (
    ActivationIn,
    ChildAccountIn,
    EidAccountOut,
    Level2In,
    LockIn,
    RegistrationIn,
    RegistrationOut,
    UnlockFinishIn,
    UnlockStartIn,
)
from dancu.identity.second_factor import registered_mobile
from dancu.identity.sessions import session_login
from dancu.registry import policies
from dancu.registry.queries import citizen_by_pin
from dancu.web.deps import DbSession, Public, Requires
from dancu.web.transaction import UnitOfWorkRoute, commit_then_refuse

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1/eid", tags=["eid"])


def mask_mobile(mobile: str) -> str:
    return mobile[:3] + "*" * max(len(mobile) - 6, 0) + mobile[-3:]


def account_out(pin: str, account: Account) -> EidAccountOut:
    return EidAccountOut(
        pin=pin,
        status=account.status.value,
        level=account.eid_level.value if account.eid_level else None,
        second_factor=account.second_factor.value,
    )


@router.post(
    "/registrations",
    status_code=201,
    response_model=RegistrationOut,
    dependencies=[Depends(Public("self-registration, matched against the register"))],
)
async def register(body: RegistrationIn, session: DbSession) -> RegistrationOut:
    try:
        account = await citizens.start_registration(session, **body.model_dump())
    except DomainError:
        await commit_then_refuse(session)  # the attempt counts towards the per-PIN limit
        raise
    mobile = await registered_mobile(session, account.citizen_id or 0) or ""
    deadline = account.activation_deadline
    return RegistrationOut(
        status=account.status.value,
        activation_deadline=deadline.isoformat() if deadline else "",
        sent_to=mask_mobile(mobile),
    )


@router.post(
    "/registrations/activate",
    response_model=EidAccountOut,
    dependencies=[Depends(Public("activation with the code sent to the register's mobile"))],
)
async def activate(body: ActivationIn, session: DbSession) -> EidAccountOut:
    try:
        account = await citizens.activate(session, pin=body.pin, code=body.code, password=body.password)
    except DomainError:
        await commit_then_refuse(session)  # wrong codes count; an expiry is recorded
        raise
    return account_out(body.pin, account)


async def _account_by_pin(session: DbSession, pin: str, actor: Actor) -> Account:
    citizen = await citizen_by_pin(session, pin)
    policies.ensure_citizen_in_territory(actor, citizen)
    account = await citizens.account_of_citizen(session, citizen.id)
    if account is None:
        raise NotFound("eid.account_not_found")
    return account


@router.post("/accounts/{pin}/level2", response_model=EidAccountOut)
async def upgrade(
    pin: str,
    body: Level2In,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.EID_UPGRADE))],
) -> EidAccountOut:
    citizen = await citizen_by_pin(session, pin)
    policies.ensure_citizen_in_territory(actor, citizen)
    account = await citizens.upgrade_to_level2(session, citizen, **body.model_dump(), actor=actor)
    return account_out(citizen.pin, account)


@router.post("/accounts/{pin}/lock", response_model=EidAccountOut)
async def officer_lock(
    pin: str,
    body: LockIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.EID_LOCK))],
) -> EidAccountOut:
    account = await _account_by_pin(session, pin, actor)
    await citizens.lock(session, account, source=LockSource.OFFICER, reason=body.reason, actor=actor)
    return account_out(pin, account)


@router.post("/accounts/{pin}/unlock", response_model=EidAccountOut)
async def officer_unlock(
    pin: str,
    body: LockIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.EID_LOCK))],
) -> EidAccountOut:
    account = await _account_by_pin(session, pin, actor)
    await citizens.unlock(session, account, by_holder=False, reason=body.reason, actor=actor)
    return account_out(pin, account)


@router.post("/me/lock", status_code=204)
async def lock_own(
    request: Request,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.OWN_DATA_READ))],
) -> None:
    account: Account = session_login(request).account
    await citizens.lock(session, account, source=LockSource.CITIZEN, reason="holder_request", actor=actor)


@router.post("/me/child-accounts", status_code=202, response_model=RegistrationOut)
async def request_child_account(
    body: ChildAccountIn,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.OWN_DATA_READ))],
) -> RegistrationOut:
    """NĐ 69 Điều 7: the representative asks; the code goes to the representative's mobile."""
    _, account = await use_cases.request_child_account(session, body.pin, actor=actor)
    assert actor.citizen_id is not None
    mobile = await registered_mobile(session, actor.citizen_id) or ""
    deadline = account.activation_deadline.isoformat() if account.activation_deadline else ""
    return RegistrationOut(status="code_sent", activation_deadline=deadline, sent_to=mask_mobile(mobile))


@router.post(
    "/unlock/start",
    status_code=202,
    dependencies=[Depends(Public("a holder who locked their account asks for an unlock code"))],
)
async def unlock_start(body: UnlockStartIn, request: Request, session: DbSession) -> dict[str, str]:
    settings = request.app.state.settings
    try:
        await citizens.start_holder_unlock(session, pin=body.pin, password=body.password, settings=settings)
    except DomainError:
        await commit_then_refuse(session)  # wrong passwords count towards the lock-out, like login
        raise
    return {"status": "code_sent"}


@router.post(
    "/unlock/finish",
    status_code=204,
    dependencies=[Depends(Public("a holder unlocks their own account with the code"))],
)
async def unlock_finish(body: UnlockFinishIn, session: DbSession) -> None:
    try:
        await citizens.finish_holder_unlock(session, pin=body.pin, code=body.code)
    except DomainError:
        await commit_then_refuse(session)  # wrong codes count against the code
        raise
