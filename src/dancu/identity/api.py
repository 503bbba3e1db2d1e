"""Officer authentication over the API: a bearer token for machine-friendly clients."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from dancu.access.actor import Actor
from dancu.access.permissions import ROLE_PERMISSIONS, Permission
from dancu.errors import DomainError, Unauthenticated
from dancu.identity import actions
from dancu.identity.schemas import CodeIn, LoginIn, LoginOut, MeOut, OfficerIn
from dancu.identity.second_factor import pass_login_factor, start_login_factor
from dancu.web.deps import DbSession, Public, Requires, current_login, second_factor_pending, session_login

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@router.post("/login", response_model=LoginOut, dependencies=[Depends(Public("login"))])
async def login(body: LoginIn, request: Request, session: DbSession) -> LoginOut:
    try:
        login_session, token = await actions.login(
            session, username=body.username, password=body.password, settings=request.app.state.settings
        )
    except DomainError:
        await session.commit()  # failed attempts count towards the lock-out
        raise
    if second_factor_pending(login_session):
        await start_login_factor(session, login_session)
    await session.commit()
    return LoginOut(
        token=token, csrf_token=login_session.csrf_token, expires_at=login_session.expires_at.isoformat()
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
    if not await pass_login_factor(session, login, body.code):
        await actions.second_factor_failed(session, login, settings=request.app.state.settings)
        await session.commit()
        raise Unauthenticated("eid.code_invalid")
    await session.commit()


@router.get("/me", response_model=MeOut)
async def me(actor: Annotated[Actor, Depends(Requires(Permission.SELF))], request: Request) -> MeOut:
    login = session_login(request)
    return MeOut(
        username=login.account.username,
        display_name=login.account.display_name,
        role=login.account.role,
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
    await session.commit()


@router.post("/officers", status_code=201, response_model=MeOut)
async def create_officer(
    body: OfficerIn,
    actor: Annotated[Actor, Depends(Requires(Permission.ACCOUNT_MANAGE))],
    session: DbSession,
) -> MeOut:
    account = await actions.create_officer(session, **body.model_dump(), actor=actor)
    await session.commit()
    return MeOut(
        username=account.username,
        display_name=account.display_name,
        role=body.role,
        unit_code=account.unit_code,
        unit_version=account.unit_version,
        permissions=sorted(p.value for p in ROLE_PERMISSIONS[body.role]),
    )
