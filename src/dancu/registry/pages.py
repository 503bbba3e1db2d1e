"""The officer console (server-rendered, works without JavaScript): search, the person page with its
as-of view and timeline; the forms live in ``pages_forms``, ``pages_changes`` and ``pages_residence``.

Each route declares the permission of the API route it mirrors and calls the same queries and
actions; every page that shows personal data logs the read like the API does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.audit.models import Event
from dancu.enums.registry import Item
from dancu.errors import DomainError, FieldProblem
from dancu.i18n import Lang, t
from dancu.pin import rules as pin_rules
from dancu.registry import pages_changes, pages_forms, pages_proposals, pages_residence
from dancu.registry.models import Citizen, Fact
from dancu.registry.pages_display import Section, date_vi, instant_vi, partial_date, sections, show, timeline
from dancu.registry.partial_date import PartialDate
from dancu.registry.use_cases import reads
from dancu.registry.views import record_out
from dancu.web.dates import to_iso
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import message, page, parse_date
from dancu.web.params import INT32_MAX
from dancu.web.transaction import UnitOfWorkRoute, commit_then_refuse

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)
router.include_router(pages_forms.router)
router.include_router(pages_changes.router)
router.include_router(pages_residence.router)
router.include_router(pages_proposals.router)

PinPath = Annotated[str, Path(pattern=r"^[0-9]{12}$")]
PAGE_SIZE = 20
# Sections a feature above the register adds to a person's record (the identity certificate of a
# person of undetermined nationality): registered at start by dancu.wiring; each logs what it reads.
PersonPanel = Callable[[AsyncSession, Citizen, Actor, Lang], Awaitable[list[Section]]]
_person_panels: list[PersonPanel] = []


def on_person_page(panel: PersonPanel) -> None:
    """Register a section provider for the person page (idempotent)."""
    if panel not in _person_panels:
        _person_panels.append(panel)


NOTICES = frozenset(
    {
        "birth_registered",
        "collected",
        "adjusted",
        "updated",
        "residence_registered",
        "residence_removed",
        "absence_declared",
        "death_recorded",
        "card_recorded",
        "certificate_renewed",
    }
)


def _real_partial_date(text: str) -> bool:
    """2026-02-30 has the shape of a date but is none: "invalid date", not "nobody found"."""
    try:
        PartialDate.parse(text)
    except ValueError:
        return False
    return True


def _check_search(name: str, dob: str, after: str, lang: Lang) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(name) < 2 or len(name) > 200:
        errors["name"] = message(FieldProblem("name", "search.name_too_short"), lang)
    if dob and not _real_partial_date(dob):
        errors["dob"] = message(FieldProblem("dob", "partial_date"), lang)
    if after and not (after.isdigit() and int(after) <= INT32_MAX):
        errors["after"] = message(FieldProblem("after", "int_parsing"), lang)
    return errors


def _pin_error(pin: str, lang: Lang) -> str | None:
    if re.fullmatch(r"[0-9]{12}", pin):
        return None
    try:
        pin_rules.parse(pin)
    except DomainError as exc:
        if exc.problems:
            return message(exc.problems[0], lang)
    return message(FieldProblem("pin", "pin.not_12_digits"), lang)


@router.get("/officer/citizens")
async def search(
    request: Request,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_SEARCH))],
    name: str = "",
    dob: str = "",
    after: str = "",
    pin: str | None = None,
    notice: str = "",
    person: str = "",
) -> Response:
    """Search by name (diacritics optional) and date of birth, or go straight to a PIN."""
    lang = language(request)
    # The date of birth as typed (dd/mm/yyyy, mm/yyyy, yyyy) is searched in ISO; shown as typed.
    values = {"name": name.strip(), "dob": to_iso(dob) or dob.strip(), "pin": (pin or "").strip()}
    if notice in NOTICES and re.fullmatch(r"[0-9]{12}", person):
        shown = {"values": values, "person": person, "notice": t(f"notice.{notice}", lang, pin=person)}
        return page(request, "registry/search.html", shown)
    if pin is not None:
        error = _pin_error(values["pin"], lang)
        if error is None:
            return RedirectResponse(f"/officer/citizens/{values['pin']}", status_code=303)
        return page(
            request, "registry/search.html", {"values": values, "errors": {"pin": error}}, status_code=422
        )
    if not values["name"]:
        return page(request, "registry/search.html", {"values": values, "results": None})
    errors = _check_search(values["name"], values["dob"], after, lang)
    if errors:
        return page(request, "registry/search.html", {"values": values, "errors": errors}, status_code=422)
    found = await reads.search(
        session,
        name=values["name"],
        dob=values["dob"] or None,
        after_id=int(after) if after else None,
        limit=PAGE_SIZE,
        actor=actor,
    )
    results = [_summary_row(c, lang) for c in found]
    next_after = found[-1].id if len(found) == PAGE_SIZE else None
    return page(
        request,
        "registry/search.html",
        {"values": values, "results": results, "next_after": next_after, "after": after},
    )


def _summary_row(citizen: Citizen, lang: Lang) -> dict[str, str]:
    return {
        "pin": citizen.pin,
        "full_name": citizen.full_name,
        "dob": partial_date(citizen.dob),
        "sex": t(f"enum.sex.{citizen.sex.value}", lang),
        "status": t(f"enum.life_status.{citizen.status.value}", lang),
        "status_code": citizen.status.value,
    }


async def _officer_labels(session: AsyncSession, facts: list[Fact]) -> dict[int, str]:
    """Who recorded each fact, named as the access log names them ("Display name (username)"): the
    register reads its own events rather than the account tables of identity, which sits above it."""
    event_ids = sorted({f.event_id for f in facts if f.officer_account_id is not None})
    if not event_ids:
        return {}
    rows = await session.execute(
        select(Event.actor_account_id, Event.actor_label).where(Event.id.in_(event_ids)).order_by(Event.id)
    )
    return {account_id: label for account_id, label in rows if account_id is not None}


async def _history(session: AsyncSession, actor: Actor, pin: str) -> tuple[list[Fact], dict[int, str]]:
    """Every fact about the person (the API's history read) and who recorded each."""
    if not actor.can(Permission.CITIZEN_HISTORY):
        return [], {}
    _, facts = await reads.read_history(session, pin, actor=actor)
    return facts, await _officer_labels(session, facts)


@router.get("/officer/citizens/{pin}")
async def person(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_READ))],
    as_of: str = "",
    known_at: str = "",
    notice: str = "",
) -> Response:
    """The record on date D as known on date K (default: today, now) and every change to it."""
    lang = language(request)
    errors: dict[str, str] = {}
    valid_on = parse_date(as_of.strip(), "as_of", errors, lang)
    known_day = parse_date(known_at.strip(), "known_at", errors, lang)
    citizen, view = await reads.read_record(session, pin, valid_on=valid_on, known_at=known_day, actor=actor)
    record = record_out(citizen, view, lang)
    extra = [section for panel in _person_panels for section in await panel(session, citizen, actor, lang)]
    facts, officers = await _history(session, actor, pin)
    as_of_view = valid_on is not None or known_day is not None
    name_then = view.get(Item.FULL_NAME)
    context = {
        "heading": show(Item.FULL_NAME, name_then, lang) if as_of_view and name_then else citizen.full_name,
        "citizen": {"pin": citizen.pin, "full_name": citizen.full_name, "status": citizen.status.value},
        "requested_pin": pin,
        "sections": [*sections(record, lang), *extra],
        "warnings": record.warnings,
        "timeline": timeline(facts, officers, lang, known_at=view.known_at if known_day else None),
        "show_history": actor.can(Permission.CITIZEN_HISTORY),
        "as_of_view": as_of_view,
        "banner": _banner(view.valid_on, known_day, view.known_at, lang) if as_of_view else "",
        "values": {"as_of": as_of.strip(), "known_at": known_at.strip()},
        "errors": errors,
        "notice": t(f"notice.{notice}", lang, pin=citizen.pin) if notice in NOTICES else "",
        "can": {p.name.lower(): actor.can(p) for p in Permission},
    }
    if errors:
        # A malformed date still shows today's record: that read stays logged.
        await commit_then_refuse(session)
    return page(request, "registry/person.html", context, status_code=422 if errors else 200)


def _banner(valid_on: dt.date, known_day: dt.date | None, known_instant: dt.datetime, lang: Lang) -> str:
    known = (
        t("registry_display.known_end_of_day", lang, day=date_vi(known_day))
        if known_day
        else t("registry_display.known_now", lang, instant=instant_vi(known_instant))
    )
    return t("registry_display.as_of_banner", lang, valid_on=date_vi(valid_on), known=known)
