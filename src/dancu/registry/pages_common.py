"""What every page of the officer console shares: the page context, form reading, turning
validation and domain errors into inline messages, and the options of the select boxes.

Pages parse the form into the same pydantic models the API takes and call the same actions; this
module only translates between HTML forms and those models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.clock import today_vn
from dancu.codes import queries as codes
from dancu.enums.registry import Item
from dancu.errors import DomainError, FieldProblem
from dancu.geo import queries as geo
from dancu.geo.enums import CodeTable
from dancu.i18n import Lang, t
from dancu.identity.models import LoginSession
from dancu.messages import CATALOGUE
from dancu.registry import items, policies
from dancu.registry.models import Citizen
from dancu.web.deps import language
from dancu.web.problems import validation_problems
from dancu.web.templating import render

FORM_ERROR = "_form"
Form = dict[str, str]
Options = list[tuple[str, str]]


@dataclass(frozen=True)
class OfficerView:
    """The logged-in officer as the layout shows it (a snapshot: safe after a rollback)."""

    display_name: str
    role: OfficerRole
    unit_code: str | None
    unit_version: str | None


def officer_of(request: Request) -> tuple[OfficerView, str]:
    """The officer and the session's CSRF token; call only after ``Requires`` has run.

    Taken once per request and kept, so that a page rendered after a rollback (which expires
    every loaded row) does not reach back into the database.
    """
    cached: tuple[OfficerView, str] | None = getattr(request.state, "officer_view", None)
    if cached is None:
        login: LoginSession = request.state.login
        account = login.account
        assert account.role is not None  # only officers pass Requires on these pages (identity.principals)
        officer = OfficerView(account.display_name, account.role, account.unit_code, account.unit_version)
        cached = (officer, login.csrf_token)
        request.state.officer_view = cached
    return cached


async def discard(request: Request, session: AsyncSession) -> None:
    """Roll back a rejected submission: nothing of it is kept, even what an action had flushed."""
    officer_of(request)
    await session.rollback()


def page(request: Request, name: str, context: dict[str, Any], *, status_code: int = 200) -> Response:
    officer, csrf_token = officer_of(request)
    base = {"officer": officer, "csrf_token": csrf_token, "lang": language(request), "errors": {}}
    return render(request, name, base | context, status_code=status_code)


async def read_form(request: Request) -> Form:
    """The submitted fields as trimmed strings (file uploads are not part of any form here)."""
    form = await request.form()
    return {key: value.strip() for key, value in form.items() if isinstance(value, str)}


def present(values: Mapping[str, Any]) -> dict[str, Any]:
    """Drop empty inputs so the model reports a *missing* field rather than a malformed one."""
    return {key: value for key, value in values.items() if value not in ("", None, [], {})}


def after_change(actor: Actor, citizen: Citizen, notice: str) -> RedirectResponse:
    """Where a saved form leads: the person page, or the console home with the notice (and the PIN)
    when the person is not, or no longer, in the officer's territory (no residence there: a DC01
    without residence, a death, a removal), which the person page would refuse."""
    if policies.citizen_in_territory(actor, citizen):
        return RedirectResponse(f"/officer/citizens/{citizen.pin}?notice={notice}", status_code=303)
    return RedirectResponse(f"/officer/citizens?notice={notice}&person={citizen.pin}", status_code=303)


# --- Errors ---------------------------------------------------------------------------------------


PARENT_ROLES = ("father", "mother", "legal_representative")


def label(path: str, lang: Lang) -> str:
    """The human name of a form field ("full_name.given" → "Tên"; "hometown.unit_code" → "Quê quán —
    mã đơn vị hành chính"), falling back to its parent, then to the path itself."""
    if f"field.{path}" in CATALOGUE:
        return t(f"field.{path}", lang)
    parent, _, leaf = path.rpartition(".")
    if not parent:
        return path
    leaf_key = f"field.parent.{leaf}" if parent in PARENT_ROLES else f"field.{leaf}"
    if leaf_key not in CATALOGUE:
        return label(parent, lang)
    return f"{label(parent, lang)} — {t(leaf_key, lang).lower()}"


def message(problem: FieldProblem, lang: Lang) -> str:
    params = {k: v for k, v in problem.params.items() if k != "field"}
    return t(f"rule.{problem.rule}", lang, field=label(problem.field, lang), **params)


def _slot(path: str, keys: Iterable[str]) -> str:
    known = set(keys)
    parts = path.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return FORM_ERROR


def inline_errors(problems: list[FieldProblem], keys: Iterable[str], lang: Lang) -> dict[str, str]:
    """Messages by form field: each problem goes to the nearest field the form shows."""
    errors: dict[str, str] = {}
    keys = list(keys)
    for problem in problems:
        slot = _slot(problem.field, keys)
        text = message(problem, lang)
        errors[slot] = f"{errors[slot]}; {text}" if slot in errors else text
    return errors


def problems_of(exc: ValidationError) -> list[FieldProblem]:
    """A pydantic error in the API's vocabulary (the same rule keys the API reports)."""
    return validation_problems(RequestValidationError(exc.errors()))


@dataclass(frozen=True)
class Failure:
    """Why a submitted form was not saved: messages by field, and the status to answer with."""

    errors: dict[str, str]
    status: int


# Rules some actions still raise as a bare ValueError (partial dates parsed before validation).
_BARE_RULES = frozenset({"partial_date"})


def failure(exc: Exception, keys: Iterable[str], lang: Lang, *, bare_field: str = FORM_ERROR) -> Failure:
    """Messages for a rejected submission; anything that is not bad input is raised again."""
    if isinstance(exc, ValidationError):
        return Failure(inline_errors(problems_of(exc), keys, lang), 422)
    if isinstance(exc, DomainError):
        if exc.problems:
            return Failure(inline_errors(exc.problems, keys, lang), exc.status)
        return Failure({FORM_ERROR: t(exc.code, lang, **exc.params)}, exc.status)
    if isinstance(exc, ValueError) and str(exc) in _BARE_RULES:
        return Failure(inline_errors([FieldProblem(bare_field, str(exc))], keys, lang), 422)
    raise exc


def parse_date(text: str | None, field: str, errors: dict[str, str], lang: Lang) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors[field] = message(FieldProblem(field, "date_parsing"), lang)
        return None


# --- Form pieces ----------------------------------------------------------------------------------


def address_input(form: Form, prefix: str, *, detail: bool = True) -> dict[str, str] | None:
    """An address widget: a unit chosen from the list or typed as a code (the typed code wins)."""
    code = form.get(f"{prefix}.code") or form.get(f"{prefix}.unit", "")
    text = form.get(f"{prefix}.detail", "") if detail else ""
    if not code and not text:
        return None
    address = {"unit_code": code, "unit_version": form.get(f"{prefix}.version") or CodeTable.FROM_2025.value}
    if detail:
        address["detail"] = text
    return present(address)


def address_values(prefix: str, value: Mapping[str, Any] | None, choices: Options) -> Form:
    """Form values that show a stored address in the widget."""
    if not value:
        return {}
    code = str(value.get("unit_code") or "")
    listed = any(code == option for option, _ in choices)
    return {
        f"{prefix}.unit" if listed else f"{prefix}.code": code,
        f"{prefix}.version": str(value.get("unit_version") or CodeTable.FROM_2025.value),
        f"{prefix}.detail": str(value.get("detail") or ""),
    }


def address_keys(prefix: str) -> list[str]:
    return [prefix, f"{prefix}.detail"]


def dossier(form: Form) -> dict[str, str]:
    return {"legal_basis": form.get("legal_basis", ""), "dossier_number": form.get("dossier_number", "")}


DOSSIER_KEYS = ["legal_basis", "dossier_number"]


# --- Select options ------------------------------------------------------------------------------


def unit_options(actor: Actor) -> Options:
    """Communes of the officer's province (2025 table); the provinces for a nationwide officer."""
    own = geo.get_unit(actor.unit_code, CodeTable.FROM_2025) if actor.unit_code else None
    if own is None:
        return [(u.code, f"{u.name} ({u.code})") for u in geo.provinces(CodeTable.FROM_2025)]
    return [(u.code, f"{u.name} ({u.code})") for u in geo.communes(own.province_code, CodeTable.FROM_2025)]


def own_commune(actor: Actor) -> str:
    """The officer's own commune (2025 code) when the officer belongs to one, else ''."""
    if actor.role is OfficerRole.COMMUNE_POLICE and actor.unit_code:
        return actor.unit_code
    return ""


def enum_options(name: str, values: Iterable[str], lang: Lang) -> Options:
    return [(value, t(f"enum.{name}.{value}", lang)) for value in values]


def code_options(entries: Iterable[codes.CodeEntry], lang: Lang) -> Options:
    return [(e.code, e.name_en if lang is Lang.EN and e.name_en else e.name_vi) for e in entries]


def blood_group_options(lang: Lang) -> Options:
    """Blood groups of the code list that the register accepts for item 12."""
    accepted = []
    for entry in codes.blood_groups():
        try:
            items.validate(Item.BLOOD_GROUP, entry.code)
        except DomainError:
            continue
        accepted.append(entry)
    return code_options(accepted, lang)


def choices(lang: Lang, actor: Actor) -> dict[str, Options]:
    """Every select box the register's forms use."""
    return {
        "units": unit_options(actor),
        "versions": [(CodeTable.FROM_2025.value, "2025"), (CodeTable.PRE_2025.value, "Trước 2025")],
        "ethnicities": code_options(codes.ethnicities(), lang),
        "religions": code_options(codes.religions(), lang),
        "countries": code_options(codes.countries(), lang),
        "blood_groups": blood_group_options(lang),
    }


def today_iso() -> str:
    return today_vn().isoformat()
