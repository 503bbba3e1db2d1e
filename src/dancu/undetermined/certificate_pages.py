"""The identity certificate in the officer console (NĐ 70 Điều 24 khoản 8, Điều 26 khoản 1): a
person's certificates with C06's dispatch, the receiving unit's hand-over and the renewal at any unit.
Each step redirects to the person's certificate page; a refused one shows it again with the message."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.errors import DomainError
from dancu.i18n import t
from dancu.undetermined import queries, use_cases
from dancu.undetermined.schemas import HandOverIn, RenewalIn
from dancu.undetermined.views import certificate_rows
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import discard, failure, page, present, read_form
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)
HANDLE = Depends(Requires(Permission.UNDETERMINED_HANDLE))
ISSUE = Depends(Requires(Permission.CERTIFICATE_ISSUE))
RENEW = Depends(Requires(Permission.CERTIFICATE_RENEW))
Number = Annotated[str, Path(pattern=r"^[0-9]{9}-[0-9]{4}-[A-Z]{2,10}$")]
PinPath = Annotated[str, Path(pattern=r"^[0-9]{12}$")]
DONE = {"sent", "handed"}


async def _certificate_page(
    request: Request,
    session: AsyncSession,
    pin: str,
    actor: Actor,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    lang = language(request)
    citizen, found = await use_cases.certificates_by_pin(session, pin, actor=actor)
    done = request.query_params.get("done", "")
    context = {
        "citizen": {"pin": citizen.pin, "full_name": citizen.full_name},
        "certs": certificate_rows(found, lang),
        "issues": actor.can(Permission.CERTIFICATE_ISSUE),
        "unit": (actor.unit_code, actor.role.value if actor.role else ""),
        "values": values or {},
        "errors": errors or {},
        "notice": t(f"undetermined_text.done_{done}", lang) if done in DONE else "",
    }
    return page(request, "undetermined/certificates.html", context, status_code=status_code)


@router.get("/officer/citizens/{pin}/identity-certificate", response_class=HTMLResponse)
async def certificates_of(
    request: Request, pin: PinPath, session: DbSession, actor: Annotated[Actor, RENEW]
) -> Response:
    """The person's identity certificates, with the steps the officer may take."""
    return await _certificate_page(request, session, pin, actor)


@router.post("/officer/citizens/{pin}/identity-certificate/renew")
async def renew(
    request: Request, pin: PinPath, session: DbSession, actor: Annotated[Actor, RENEW]
) -> Response:
    """Điều 26 khoản 1: renewed at any unit; the new certificate supersedes the old."""
    form = await read_form(request)
    values = {"reason": form.get("reason", "")}
    try:
        body = RenewalIn.model_validate(present(values))
        found = await use_cases.renew(session, pin, body, actor=actor)
    except (DomainError, ValidationError) as exc:
        await discard(request, session)
        bad = failure(exc, ["reason"], language(request))
        return await _certificate_page(
            request, session, pin, actor, values=values, errors=bad.errors, status_code=bad.status
        )
    return RedirectResponse(f"/officer/citizens/{found[0].pin}?notice=certificate_renewed", status_code=303)


async def _pin_of(session: AsyncSession, number: str) -> str:
    return (await queries.certificate_by_number(session, number)).pin


@router.post("/officer/identity-certificates/{number}/dispatch")
async def dispatch(
    request: Request, number: Number, session: DbSession, actor: Annotated[Actor, ISSUE]
) -> Response:
    """Khoản 8: C06 sends the certificate to the unit that returns it to the person."""
    pin = await _pin_of(session, number.replace("-", "/"))
    try:
        await use_cases.send_certificate(session, number.replace("-", "/"), actor=actor)
    except DomainError as exc:
        await discard(request, session)
        bad = failure(exc, [], language(request))
        return await _certificate_page(
            request, session, pin, actor, errors=bad.errors, status_code=bad.status
        )
    return RedirectResponse(f"/officer/citizens/{pin}/identity-certificate?done=sent", status_code=303)


@router.post("/officer/identity-certificates/{number}/hand-over")
async def hand_over(
    request: Request, number: Number, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> Response:
    """Khoản 8: the unit it was sent to records the day it was handed over (the officer is recorded)."""
    pin = await _pin_of(session, number.replace("-", "/"))
    form = await read_form(request)
    values = {"on": form.get("on", "")}
    try:
        body = HandOverIn.model_validate(present(values))
        await use_cases.hand_over(session, number.replace("-", "/"), body, actor=actor)
    except (DomainError, ValidationError) as exc:
        await discard(request, session)
        bad = failure(exc, ["on"], language(request))
        return await _certificate_page(
            request, session, pin, actor, values=values, errors=bad.errors, status_code=bad.status
        )
    return RedirectResponse(f"/officer/citizens/{pin}/identity-certificate?done=handed", status_code=303)
