"""The breach register in the officer console: the list by notification deadline (hours left,
overdue flagged), recording a breach, and a page per breach (measures, notice, closure)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.clock import VN_TZ
from dancu.errors import DomainError, invalid
from dancu.exploitation.documents.views import public_base
from dancu.i18n import Lang, t
from dancu.privacy import breach_actions, policies, queries
from dancu.privacy.models import Breach
from dancu.privacy.schemas import BreachIn, BreachNoticeIn, MeasuresIn
from dancu.privacy.views import breach_view
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import discard, failure, page, present, read_form
from dancu.web.params import Flag
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)
MANAGE = Depends(Requires(Permission.BREACH_MANAGE))
BreachRef = Annotated[str, Path(pattern=r"^VP-[0-9]{4}-[0-9]{5,}$")]
NEW_KEYS = [
    "nature",
    "detected_at",
    "occurred_at",
    "data_categories",
    "subject_categories",
    "subject_count",
    "measures",
    "likely_harm",
]
# The outcome a redirect names (?notice=…), said through the catalogue (breach_text.notice_*).
NOTICES = frozenset({"recorded", "measures", "notified", "closed"})


def _notice(code: str, lang: Lang) -> str:
    return t(f"breach_text.notice_{code}", lang) if code in NOTICES else ""


def _local(text: str, field: str) -> dt.datetime | None:
    """A datetime-local input, read as Hà Nội time."""
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=VN_TZ)
    except ValueError:
        raise invalid(field, "invalid") from None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _body(values: dict[str, str]) -> BreachIn:
    raw: dict[str, Any] = present(
        {
            "nature": values["nature"],
            "measures": values["measures"],
            "subject_count": values["subject_count"],
            "data_categories": _lines(values["data_categories"]),
            "subject_categories": _lines(values["subject_categories"]),
        }
    )
    raw["detected_at"] = _local(values["detected_at"], "detected_at")
    raw["occurred_at"] = _local(values["occurred_at"], "occurred_at")
    raw["likely_harm"] = values["likely_harm"] == "on"
    return BreachIn.model_validate({k: v for k, v in raw.items() if v is not None or k == "occurred_at"})


@router.get("/officer/breaches", response_class=HTMLResponse)
async def breaches(
    request: Request, session: DbSession, actor: Annotated[Actor, MANAGE], all: Flag = 0
) -> Response:
    lang = language(request)
    rows = [breach_view(b, lang) for b in await queries.breaches(session, include_closed=bool(all))]
    return page(
        request,
        "privacy/breaches.html",
        {"rows": rows, "all": bool(all), "hours": policies.BREACH_NOTICE_HOURS},
    )


@router.get("/officer/breaches/new", response_class=HTMLResponse)
async def new_form(request: Request, actor: Annotated[Actor, MANAGE]) -> Response:
    return page(request, "privacy/breach_new.html", {"values": {}})


@router.post("/officer/breaches/new")
async def new_submit(request: Request, session: DbSession, actor: Annotated[Actor, MANAGE]) -> Response:
    form = await read_form(request)
    values = {k: form.get(k, "") for k in NEW_KEYS}
    try:
        breach = await breach_actions.record_breach(session, _body(values), actor=actor)
    except (ValidationError, DomainError) as exc:
        await discard(request, session)
        problems = failure(exc, NEW_KEYS, language(request))
        context = {"values": values, "errors": problems.errors}
        return page(request, "privacy/breach_new.html", context, status_code=problems.status)
    return RedirectResponse(f"/officer/breaches/{breach.reference}?notice=recorded", status_code=303)


def _detail(request: Request, breach: Breach, **extra: Any) -> Response:
    status_code = extra.pop("status_code", 200)
    context = {
        "b": breach_view(breach, language(request)),
        "values": extra.pop("values", {}),
        "errors": extra.pop("errors", {}),
        "notice": _notice(request.query_params.get("notice", ""), language(request)),
        "authority": policies.A05,
    }
    return page(request, "privacy/breach_show.html", context, status_code=status_code)


@router.get("/officer/breaches/{reference}", response_class=HTMLResponse)
async def show(
    request: Request, reference: BreachRef, session: DbSession, actor: Annotated[Actor, MANAGE]
) -> Response:
    return _detail(request, await queries.breach_by_reference(session, reference))


async def _step(request: Request, session: AsyncSession, reference: str, actor: Actor, step: str) -> Response:
    breach = await queries.breach_by_reference(session, reference)
    form = await read_form(request)
    values = {k: form.get(k, "") for k in ("measures", "authority", "late_reason")}
    try:
        if step == "measures":
            await breach_actions.update_measures(
                session, breach, MeasuresIn.model_validate(present(values)), actor=actor
            )
        elif step == "notified":
            body = BreachNoticeIn.model_validate(
                present({k: values[k] for k in ("authority", "late_reason")})
            )
            await breach_actions.notify(session, breach, body, actor=actor, base_url=public_base(request))
        else:
            await breach_actions.close(session, breach, actor=actor)
    except (ValidationError, DomainError) as exc:
        await discard(request, session)
        breach = await queries.breach_by_reference(session, reference)
        problems = failure(exc, ["measures", "authority", "late_reason", "notified_at"], language(request))
        return _detail(request, breach, values=values, errors=problems.errors, status_code=problems.status)
    return RedirectResponse(f"/officer/breaches/{reference}?notice={step}", status_code=303)


@router.post("/officer/breaches/{reference}/measures")
async def measures(
    request: Request, reference: BreachRef, session: DbSession, actor: Annotated[Actor, MANAGE]
) -> Response:
    return await _step(request, session, reference, actor, "measures")


@router.post("/officer/breaches/{reference}/notify")
async def notify(
    request: Request, reference: BreachRef, session: DbSession, actor: Annotated[Actor, MANAGE]
) -> Response:
    return await _step(request, session, reference, actor, "notified")


@router.post("/officer/breaches/{reference}/close")
async def close(
    request: Request, reference: BreachRef, session: DbSession, actor: Annotated[Actor, MANAGE]
) -> Response:
    return await _step(request, session, reference, actor, "closed")
