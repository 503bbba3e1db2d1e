"""Officer authentication over the API: a bearer token for machine-friendly clients."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from dancu.access.actor import Actor
from dancu.access.permissions import ROLE_PERMISSIONS, Permission
from dancu.clock import now_utc
from dancu.errors import Conflict, DomainError, Unauthenticated
from dancu.identity import actions
from dancu.identity.models import LoginSession
from dancu.identity.schemas import CodeIn, LoginIn, LoginOut, MeOut, OfficerIn, TotpConfirmIn, TotpEnrolOut
from dancu.identity.second_factor import (
    enrol_totp,
    new_totp_secret,
    pass_login_factor,
    provisioning_uri,
    start_login_factor,
)
from dancu.identity.sessions import (
    check_csrf,
    current_login,
    second_factor_pending,
    second_factor_step,
    session_login,
    totp_enrolment_pending,
)
from dancu.web.deps import DbSession, Public, Requires
from dancu.web.transaction import UnitOfWorkRoute, commit_then_refuse

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1/auth", tags=["auth"])


@router.post("/login", response_model=LoginOut, dependencies=[Depends(Public("login"))])
async def login(body: LoginIn, request: Request, session: DbSession) -> LoginOut:
    try:
        login_session, token = await actions.login(
            session, username=body.username, password=body.password, settings=request.app.state.settings
        )
    except DomainError:
        await commit_then_refuse(session)  # failed attempts count towards the lock-out
        raise
    if second_factor_pending(login_session):
        await start_login_factor(session, login_session)
    return LoginOut(
        token=token,
        csrf_token=login_session.csrf_token,
        expires_at=login_session.expires_at.isoformat(),
        second_factor=second_factor_step(login_session),
    )


@router.post(
    "/second-factor",
    status_code=204,
    dependencies=[Depends(Public("completes a session opened with the password alone"))],
)
async def second_factor(body: CodeIn, request: Request, session: DbSession) -> None:
    login = await current_login(request, session)
    if login is None or not second_factor_pending(login):
        raise Unauthenticated("auth.required")
    actions.ensure_second_factor_open(login.account)
    if not await pass_login_factor(session, login, body.code):
        await actions.second_factor_failed(session, login, settings=request.app.state.settings)
        await commit_then_refuse(session)
        raise Unauthenticated("eid.code_invalid")


async def _enrolling(request: Request, session: DbSession) -> LoginSession:
    login = await current_login(request, session)
    if login is None:
        raise Unauthenticated("auth.required")
    if not totp_enrolment_pending(login):
        raise Conflict("auth.totp_not_pending")
    await check_csrf(request, login)  # a forged enrolment would hand the account to someone else
    return login


@router.post(
    "/totp/enrol",
    response_model=TotpEnrolOut,
    dependencies=[Depends(Public("an officer's first login enrols TOTP before any permission works"))],
)
async def totp_enrol(request: Request, session: DbSession) -> TotpEnrolOut:
    """A fresh secret for the authenticator app; nothing is stored until it is confirmed."""
    login = await _enrolling(request, session)
    secret = new_totp_secret()
    return TotpEnrolOut(secret=secret, otpauth_uri=provisioning_uri(login.account, secret))


@router.post(
    "/totp/confirm",
    status_code=204,
    dependencies=[Depends(Public("an officer's first login enrols TOTP before any permission works"))],
)
async def totp_confirm(body: TotpConfirmIn, request: Request, session: DbSession) -> None:
    """Store the secret once the app proves it holds it; that proof also completes this session."""
    login = await _enrolling(request, session)
    actions.ensure_second_factor_open(login.account)
    try:
        await enrol_totp(session, login.account, secret=body.secret, code=body.code)
    except Unauthenticated:
        await actions.second_factor_failed(session, login, settings=request.app.state.settings)
        await commit_then_refuse(session)
        raise
    login.second_factor_passed_at = now_utc()


@router.get("/me", response_model=MeOut)
async def me(actor: Annotated[Actor, Depends(Requires(Permission.SELF))], request: Request) -> MeOut:
    login = session_login(request)
    return MeOut(
        username=login.account.username,
        display_name=login.account.display_name,
        role=login.account.role,
        position=login.account.position,
        unit_code=actor.unit_code,
        unit_version=actor.unit_version,
        permissions=sorted(p.value for p in actor.permissions),
    )


@router.post("/logout", status_code=204)
async def logout(
    actor: Annotated[Actor, Depends(Requires(Permission.SELF))],
    request: Request,
    session: DbSession,
    everywhere: bool = False,
) -> None:
    login = session_login(request)
    await actions.logout(session, login, everywhere=everywhere, actor=actor)


@router.post("/officers", status_code=201, response_model=MeOut)
async def create_officer(
    body: OfficerIn,
    actor: Annotated[Actor, Depends(Requires(Permission.ACCOUNT_MANAGE))],
    session: DbSession,
) -> MeOut:
    account = await actions.create_officer(session, **body.model_dump(), actor=actor)
    return MeOut(
        username=account.username,
        display_name=account.display_name,
        role=body.role,
        position=account.position,
        unit_code=account.unit_code,
        unit_version=account.unit_version,
        permissions=sorted(p.value for p in ROLE_PERMISSIONS[body.role]),
    )
