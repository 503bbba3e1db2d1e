"""What every page of the officer console shares: the page context, form reading, and turning
validation and domain errors into inline messages.

Pages parse the form into the same pydantic models the API takes and call the same actions; this
module only translates between HTML forms and those models. The register's own form pieces (address
widgets, select options) are in ``dancu.registry.pages_common``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.permissions import ROLE_PERMISSIONS, OfficerRole, Permission
from dancu.access.positions import Position
from dancu.clock import today_vn
from dancu.errors import DomainError, FieldProblem
from dancu.i18n import Lang, known, t
from dancu.web.dates import FORM_DATE_RULES, is_date_field, iso_dates, to_iso
from dancu.web.deps import language
from dancu.web.homes import OFFICER_HOME
from dancu.web.problems import validation_problems
from dancu.web.templating import render

FORM_ERROR = "_form"

Form = dict[str, str]

Options = list[tuple[str, str]]


@dataclass(frozen=True)
class ConsoleLink:
    """One entry of the officer console's menu, shown only to roles holding its permission."""

    href: str
    label_key: str  # in the catalogue (dancu.web.messages)
    permission: Permission
    id: str


# In the order the menu shows them: the work queue first, then the register, then the back office.
CONSOLE_NAV: tuple[ConsoleLink, ...] = (
    ConsoleLink("/officer/requests", "nav.queue", Permission.REQUEST_DECIDE, "nav-queue"),
    ConsoleLink("/officer/corrections", "nav.corrections", Permission.CORRECTION_DECIDE, "nav-corrections"),
    ConsoleLink(
        "/officer/undetermined", "nav.undetermined", Permission.UNDETERMINED_HANDLE, "nav-undetermined"
    ),
    ConsoleLink("/officer/privacy", "nav.privacy", Permission.PRIVACY_DECIDE, "nav-privacy"),
    ConsoleLink("/officer/breaches", "nav.breaches", Permission.BREACH_MANAGE, "nav-breaches"),
    ConsoleLink("/officer/citizens", "nav.citizens", Permission.CITIZEN_SEARCH, "nav-citizens"),
    ConsoleLink("/officer/births/new", "nav.birth", Permission.BIRTH_REGISTER, "nav-birth"),
    ConsoleLink("/officer/collect/new", "nav.collect", Permission.CITIZEN_COLLECT, "nav-collect"),
    ConsoleLink(
        "/officer/requests/written", "nav.written", Permission.REQUEST_REGISTER_WRITTEN, "nav-written"
    ),
    ConsoleLink("/officer/requests/dashboard", "nav.dashboard", Permission.REQUEST_DECIDE, "nav-dashboard"),
    ConsoleLink("/officer/delegations", "nav.delegations", Permission.DELEGATION_MANAGE, "nav-delegations"),
    ConsoleLink(
        "/officer/portal-requests", "nav.portal_requests", Permission.ORG_REGISTER, "nav-portal-requests"
    ),
    ConsoleLink("/officer/systems", "nav.systems", Permission.SYSTEMS_MANAGE, "nav-systems"),
    ConsoleLink("/officer/audit", "nav.audit", Permission.AUDIT_READ, "nav-audit"),
)


def console_links(role: OfficerRole) -> tuple[ConsoleLink, ...]:
    allowed = ROLE_PERMISSIONS[role]
    return tuple(link for link in CONSOLE_NAV if link.permission in allowed)


@dataclass(frozen=True)
class OfficerView:
    """The logged-in officer as the layout shows it (a snapshot: safe after a rollback)."""

    display_name: str
    role: OfficerRole
    unit_code: str | None
    unit_version: str | None
    position: Position | None = None

    @property
    def links(self) -> tuple[ConsoleLink, ...]:
        return console_links(self.role)

    @property
    def home(self) -> str:
        return OFFICER_HOME[self.role]


def officer_of(request: Request) -> tuple[OfficerView, str]:
    """The officer and the session's CSRF token; call only after ``Requires`` has run.

    Taken once per request and kept, so that a page rendered after a rollback (which expires
    every loaded row) does not reach back into the database.
    """
    cached: tuple[OfficerView, str] | None = getattr(request.state, "officer_view", None)
    if cached is None:
        login = request.state.login  # set by the login authenticator that Requires ran
        account = login.account
        assert account.role is not None  # only officers pass Requires on these pages (identity.principals)
        officer = OfficerView(
            account.display_name, account.role, account.unit_code, account.unit_version, account.position
        )
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
    """The submitted fields as trimmed strings (file uploads are not part of any form here), dates
    typed day/month/year already in ISO 8601 for the models (``dancu.web.dates``)."""
    form = await request.form()
    return iso_dates({key: value.strip() for key, value in form.items() if isinstance(value, str)})


def present(values: Mapping[str, Any]) -> dict[str, Any]:
    """Drop empty inputs so the model reports a *missing* field rather than a malformed one."""
    return {key: value for key, value in values.items() if value not in ("", None, [], {})}


PARENT_ROLES = ("father", "mother", "legal_representative")


def label(path: str, lang: Lang) -> str:
    """The human name of a form field ("full_name.given" → "Tên"; "hometown.unit_code" → "Quê quán —
    mã đơn vị hành chính"), falling back to its parent, then to the path itself."""
    if known(f"field.{path}"):
        return t(f"field.{path}", lang)
    parent, _, leaf = path.rpartition(".")
    if not parent:
        return path
    leaf_key = f"field.parent.{leaf}" if parent in PARENT_ROLES else f"field.{leaf}"
    if not known(leaf_key):
        return label(parent, lang)
    return f"{label(parent, lang)} — {t(leaf_key, lang).lower()}"


def message(problem: FieldProblem, lang: Lang) -> str:
    params = {k: v for k, v in problem.params.items() if k != "field"}
    rule = f"rule.{problem.rule}"
    if problem.rule in FORM_DATE_RULES:
        # The form asks for day/month/year, not the API's ISO 8601: say so in its words.
        rule = "form_rule.partial_date" if problem.rule == "partial_date" else "form_rule.date"
    elif problem.rule == "string_pattern_mismatch" and is_date_field(problem.field):
        rule = "form_rule.partial_date"  # a partial date's ISO pattern means nothing to a person
    return t(rule, lang, field=label(problem.field, lang), **params)


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
        return dt.date.fromisoformat(to_iso(text) or text)
    except ValueError:
        errors[field] = message(FieldProblem(field, "date_parsing"), lang)
        return None


def enum_options(name: str, values: Iterable[str], lang: Lang) -> Options:
    return [(value, t(f"enum.{name}.{value}", lang)) for value in values]


def today_iso() -> str:
    return today_vn().isoformat()
