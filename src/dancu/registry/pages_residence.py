"""Residence (items 16–20): register a permanent, temporary or current place, remove a registration
with its reason, declare a temporary absence — three small forms on one page.

As in the API, registering a residence is checked against the *new* address (the person may be
moving in from another commune), so an officer may open this page for a person outside their
territory; the page then shows only the registration form and nothing of the record.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.enums.registry import Item, ResidenceRemovalReason
from dancu.errors import DomainError, invalid
from dancu.geo.enums import CodeTable
from dancu.i18n import Lang, t
from dancu.registry import policies, queries
from dancu.registry.pages_common import (
    DOSSIER_KEYS,
    address_input,
    address_keys,
    after_change,
    choices,
    dossier,
    own_commune,
)
from dancu.registry.pages_display import Row, item_label, show
from dancu.registry.schemas import AbsenceIn, ResidenceIn, ResidenceRemovalIn
from dancu.registry.use_cases import reads, writes
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import Form, discard, enum_options, failure, page, present, read_form, today_iso
from dancu.web.transaction import UnitOfWorkRoute, commit_then_refuse

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)

PinPath = Annotated[str, Path(pattern=r"^[0-9]{12}$")]
LEGAL_BASIS = "Luật Cư trú 2020; NĐ 70/2024/NĐ-CP Điều 6"
KINDS = {
    "permanent": Item.PERMANENT_RESIDENCE,
    "temporary": Item.TEMPORARY_RESIDENCE,
    "current": Item.CURRENT_PLACE,
}
SHOWN = (
    Item.PERMANENT_RESIDENCE,
    Item.TEMPORARY_RESIDENCE,
    Item.CURRENT_PLACE,
    Item.TEMPORARY_ABSENCE,
    Item.RESIDENCE_FILE_NUMBER,
)
NOTICES = frozenset({"residence_registered", "residence_removed", "absence_declared"})
KEYS = {
    "register": ["kind", *address_keys("address"), "start", "end", "residence_file_number", *DOSSIER_KEYS],
    "removal": ["kind", "on", "reason", "note", *DOSSIER_KEYS],
    "absence": ["start", "end", "destination", "reason", "subject_kind", *DOSSIER_KEYS],
}


def _defaults(actor: Actor) -> Form:
    values = {
        "kind": "permanent",
        "address.version": CodeTable.FROM_2025.value,
        "start": today_iso(),
        "on": today_iso(),
        "legal_basis": LEGAL_BASIS,
    }
    if own_commune(actor):
        values["address.unit"] = own_commune(actor)
    return values


async def _context(
    session: AsyncSession,
    actor: Actor,
    pin: str,
    lang: Lang,
    *,
    active: str = "",
    values: Form | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The page: the person's current residence when in the officer's territory (the read is logged)."""
    citizen = await queries.citizen_by_pin(session, pin)
    in_territory = policies.citizen_in_territory(actor, citizen)
    rows: list[Row] = []
    person = {"pin": citizen.pin, "full_name": ""}
    if in_territory:
        _, facts = await reads.read_for_form(session, pin, SHOWN, actor=actor)
        rows = [Row(item_label(i, lang), show(i, f.value, lang)) for i, f in facts.items() if f is not None]
        person["full_name"] = citizen.full_name
    return {
        "person": person,
        "in_territory": in_territory,
        "rows": rows,
        "active": active,
        "values": values or {},
        "defaults": _defaults(actor),
        "errors": errors or {},
        "options": choices(lang, actor)
        | {
            "kinds": enum_options("residence_kind", list(KINDS), lang),
            "removal_kinds": enum_options("residence_kind", ["permanent", "temporary"], lang),
            "reasons": enum_options(
                "residence_removal_reason", [r.value for r in ResidenceRemovalReason], lang
            ),
        },
    }


@router.get("/officer/citizens/{pin}/residence")
async def residence_page(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.RESIDENCE_CHANGE))],
    notice: str = "",
) -> Response:
    lang = language(request)
    context = await _context(session, actor, pin, lang)
    context["notice"] = t(f"notice.{notice}", lang) if notice in NOTICES else ""
    return page(request, "registry/residence.html", context)


async def _rejected(
    request: Request,
    session: AsyncSession,
    actor: Actor,
    pin: str,
    form: Form,
    exc: Exception,
    *,
    active: str,
) -> Response:
    await discard(request, session)
    if active != "register":
        # Removal and absence are checked on the person's present residence: outside the territory
        # (or an unknown PIN) the refusal is that, whatever else was wrong with the form.
        await writes.refused_subject(session, pin, actor=actor)
    lang = language(request)
    bad = failure(exc, KEYS[active], lang)
    context = await _context(session, actor, pin, lang, active=active, values=form, errors=bad.errors)
    # The refused form shows the person's residence again: that read stays logged.
    await commit_then_refuse(session)
    return page(request, "registry/residence.html", context, status_code=bad.status)


@router.post("/officer/citizens/{pin}/residence")
async def register_residence(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.RESIDENCE_CHANGE))],
) -> Response:
    form = await read_form(request)
    try:
        item = KINDS.get(form.get("kind", ""))
        if item is None:
            raise invalid("kind", "residence.kind")
        fields = {"start": form.get("start", ""), "end": form.get("end", "")}
        body = ResidenceIn.model_validate(
            present(
                {
                    "address": address_input(form, "address"),
                    **fields,
                    "residence_file_number": form.get("residence_file_number", ""),
                    **dossier(form),
                }
            )
        )
        # Territory is checked on the new address: the person may be moving in.
        citizen = await writes.register_residence(session, pin, item, body, actor=actor)
    except (DomainError, ValueError) as exc:
        return await _rejected(request, session, actor, pin, form, exc, active="register")
    return after_change(actor, citizen, "residence_registered")


@router.post("/officer/citizens/{pin}/residence/removal")
async def remove_residence(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.RESIDENCE_CHANGE))],
) -> Response:
    form = await read_form(request)
    try:
        kind = KINDS.get(form.get("kind", ""))
        body = ResidenceRemovalIn.model_validate(
            present(
                {
                    "kind": kind.value if kind else form.get("kind", ""),
                    "on": form.get("on", ""),
                    "reason": form.get("reason", ""),
                    "note": form.get("note", ""),
                    **dossier(form),
                }
            )
        )
        citizen = await writes.remove_residence(session, pin, body, actor=actor)
    except (DomainError, ValueError) as exc:
        return await _rejected(request, session, actor, pin, form, exc, active="removal")
    return after_change(actor, citizen, "residence_removed")


@router.post("/officer/citizens/{pin}/residence/absence")
async def declare_absence(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.RESIDENCE_CHANGE))],
) -> Response:
    form = await read_form(request)
    try:
        body = AbsenceIn.model_validate(present({k: form.get(k, "") for k in KEYS["absence"]}))
        citizen = await writes.declare_absence(session, pin, body, actor=actor)
    except (DomainError, ValueError) as exc:
        return await _rejected(request, session, actor, pin, form, exc, active="absence")
    return after_change(actor, citizen, "absence_declared")
