"""The officer console's delegations page (/officer/delegations): the unit's written delegations, the
head's form to give one to a deputy and a button to revoke it (TT 117/2026 Điều 3 khoản 6)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.access.positions import DecisionKind, Position, title
from dancu.clock import today_vn
from dancu.competence import actions as competence
from dancu.competence import policies, queries
from dancu.competence.schemas import DelegationIn, RevocationIn, delegation_out
from dancu.errors import DomainError
from dancu.i18n import Lang, t
from dancu.identity import delegations
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import discard, failure, page, present, read_form
from dancu.web.params import RowId
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)
Manager = Annotated[Actor, Depends(Requires(Permission.DELEGATION_MANAGE))]
FIELDS = ["number", "signed_on", "deputy_username", "scope", "content", "valid_from", "valid_until"]
# The outcome a redirect names (?notice=…), said through the catalogue (delegations_text.notice_*).
NOTICES = frozenset({"given", "revoked"})


def _title(actor: Actor, lang: Lang) -> str:
    """The officer's position as the letters print it (Vietnamese), or in words of the catalogue."""
    if lang is Lang.VI:
        return title(actor.role, actor.position)
    position = t(f"enum.position.{(actor.position or Position.STAFF).value}", lang)
    return f"{position}, {t(f'enum.officer_role.{actor.role.value}', lang)}" if actor.role else position


async def _page(
    request: Request,
    session: AsyncSession,
    actor: Actor,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    today = today_vn()
    found = await queries.unit_delegations(session, actor)
    lang = language(request)
    kinds = policies.rules().kinds
    code = request.query_params.get("notice", "")
    context = {
        "delegations": [delegation_out(d, today=today) for d in found],
        "kinds": [(k.value, kinds[k].label_vi if lang == "vi" else kinds[k].label_en) for k in DecisionKind],
        "is_head": actor.position is Position.HEAD,
        "my_title": _title(actor, lang),
        "basis": policies.DELEGATION_BASIS,
        "values": values or {},
        "errors": errors or {},
        "notice": t(f"delegations_text.notice_{code}", lang) if code in NOTICES else "",
    }
    return page(request, "identity/delegations.html", context, status_code=status_code)


@router.get("/officer/delegations", response_class=HTMLResponse)
async def listing(request: Request, session: DbSession, actor: Manager) -> Response:
    return await _page(request, session, actor)


@router.post("/officer/delegations")
async def give(request: Request, session: DbSession, actor: Manager) -> Response:
    form = await request.form()
    values: dict[str, Any] = dict(await read_form(request))
    values["scope"] = [v for v in form.getlist("scope") if isinstance(v, str)]
    try:
        body = DelegationIn.model_validate(present(values))
        await delegations.delegate(session, **body.model_dump(), actor=actor)
    except (ValidationError, DomainError) as exc:
        await discard(request, session)
        problems = failure(exc, FIELDS, language(request))
        return await _page(
            request, session, actor, values=values, errors=problems.errors, status_code=problems.status
        )
    return RedirectResponse("/officer/delegations?notice=given", status_code=303)


@router.post("/officer/delegations/{delegation_id}/revoke")
async def revoke(request: Request, delegation_id: RowId, session: DbSession, actor: Manager) -> Response:
    form = await read_form(request)
    try:
        body = RevocationIn.model_validate(present({"reason": form.get("reason", "")}))
        delegation = await queries.unit_delegation(session, delegation_id, actor)
        await competence.revoke_delegation(session, delegation, reason=body.reason, actor=actor)
    except (ValidationError, DomainError) as exc:
        await discard(request, session)
        problems = failure(exc, ["reason"], language(request))
        return await _page(request, session, actor, errors=problems.errors, status_code=problems.status)
    return RedirectResponse("/officer/delegations?notice=revoked", status_code=303)
