"""The identity app's page for a child's e-ID account (NĐ 69/2024 Điều 7): a parent or legal
representative asks for the account of a child from 6 to under 14, chosen from the people the
register says they represent or typed by PIN; the refusals show on the form, naming the field and
the rule; the confirmation says what happens next; the child's account then shows on the page.

The page calls ``use_cases.request_child_account`` (the same use case as
``POST /api/v1/eid/me/child-accounts``), which checks the representation and logs the request.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.errors import DomainError
from dancu.i18n import Lang, t
from dancu.identity import use_cases
from dancu.identity.app_nav import load_app_nav
from dancu.identity.eid_api import mask_mobile
from dancu.identity.second_factor import registered_mobile
from dancu.registry.pages_display import instant_vi
from dancu.web.app_frame import app_page, citizen_nav
from dancu.web.deps import DbSession, Requires, language
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False, dependencies=[Depends(load_app_nav)])
OWN = Depends(Requires(Permission.OWN_DATA_READ))
PATH = "/app/child-accounts"
PIN = re.compile(r"^[0-9]{12}$")
ROW_ID = re.compile(r"^[1-9][0-9]{0,9}$")
# A refusal of the use case, as the message the form shows (the app words "this child", not "you").
REFUSALS = {
    "eid.not_representative": "child_account.not_representative",
    "eid.child_age": "child_account.child_age",
    "eid.already_registered": "child_account.already_registered",
    "eid.no_mobile": "child_account.no_mobile",
}


async def _page(
    request: Request,
    session: DbSession,
    actor: Actor,
    *,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    children = await use_cases.child_accounts(session, actor=actor)
    deadlines = {c.citizen_id: instant_vi(c.activation_deadline) for c in children if c.activation_deadline}
    context = {"children": children, "deadlines": deadlines, "values": values, "errors": errors}
    return app_page(request, "identity/app_child_accounts.html", context, status_code=status_code)


def _target(child: str, pin: str, lang: Lang) -> tuple[dict[str, str], str | None, int | None]:
    """(errors, pin, child id) from the form: a typed PIN wins over the choice in the list."""
    if pin:
        if not PIN.match(pin):
            return {"pin": t("child_account.pin_format", lang)}, None, None
        return {}, pin, None
    if not child:
        return {"child": t("child_account.choose_child", lang)}, None, None
    if not ROW_ID.match(child):
        return {"child": t("child_account.not_representative", lang)}, None, None
    return {}, None, int(child)


@router.get(PATH, response_class=HTMLResponse)
async def child_accounts_page(request: Request, session: DbSession, actor: Annotated[Actor, OWN]) -> Response:
    return await _page(request, session, actor, values={}, errors={})


@router.post(PATH)
async def ask_child_account(
    request: Request,
    session: DbSession,
    actor: Annotated[Actor, OWN],
    child: Annotated[str, Form(max_length=12)] = "",
    pin: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """NĐ 69 Điều 7: the representative asks; the activation code goes to the representative's mobile."""
    lang = language(request)
    values = {"child": child.strip(), "pin": pin.strip()}
    errors, child_pin, child_id = _target(values["child"], values["pin"], lang)
    if errors:
        return await _page(request, session, actor, values=values, errors=errors, status_code=422)
    try:
        person, account = await use_cases.request_child_account(
            session, child_pin, child_id=child_id, actor=actor
        )
    except DomainError as exc:
        citizen_nav(request)  # kept before the rollback expires the login row
        await session.rollback()  # nothing of a refused request stays; the list is read again
        field = "pin" if child_pin else "child"
        key = REFUSALS.get(exc.code)
        text = t(key, lang) if key else t(exc.code, lang, **exc.params)
        errors = {field if exc.code != "eid.no_mobile" else "_form": text}
        return await _page(request, session, actor, values=values, errors=errors, status_code=exc.status)
    assert actor.citizen_id is not None
    mobile = await registered_mobile(session, actor.citizen_id) or ""
    context = {
        "child_name": person.full_name,
        "child_pin": person.pin,
        "deadline": instant_vi(account.activation_deadline) if account.activation_deadline else "",
        "sent_to": mask_mobile(mobile),
    }
    return app_page(request, "identity/app_child_account_sent.html", context, status_code=202)
