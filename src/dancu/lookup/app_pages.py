"""One-off verification consent in the identity app (/app/xac-thuc, Vietnamese, mobile-first): the
link in the notice and the SMS opens the question an organisation waits on; the subject agrees to
that single question or declines (domain.md §3.7; new NĐ 70 Điều 9 khoản 5). Routes take the ask's
reference, never a person: another person's reference is "not found"."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse, Response

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.enums.registry import Item
from dancu.i18n import t
from dancu.identity.app_nav import load_app_nav
from dancu.lookup import use_cases
from dancu.lookup.models import AskStatus
from dancu.registry.pages_display import item_label
from dancu.web.app_frame import app_page
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import read_form
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False, dependencies=[Depends(load_app_nav)])

Subject = Annotated[Actor, Depends(Requires(Permission.CONSENT_DECIDE))]
AskRef = Annotated[str, Path(pattern=r"^XT-[0-9]{4}-[0-9A-F]{8}$")]
NOTICES = ("approve", "decline")


@router.get("/app/xac-thuc/{ask_ref}")
async def show(request: Request, ask_ref: AskRef, session: DbSession, actor: Subject) -> Response:
    ask = await use_cases.my_ask(session, ask_ref, actor=actor)
    lang = language(request)
    context = {
        "a": ask,
        "question": t(f"enum.question.{ask.question}", lang),
        "fields": [item_label(Item(f), lang) for f in ask.fields],
        "pending": ask.status is AskStatus.PENDING,
        "status": ask.status.value,
        "notice": t(f"lookup_notice.{notice}", lang)
        if (notice := request.query_params.get("notice", "")) in NOTICES
        else "",
    }
    return app_page(request, "lookup/app_ask.html", context)


@router.post("/app/xac-thuc/{ask_ref}")
async def decide(request: Request, ask_ref: AskRef, session: DbSession, actor: Subject) -> Response:
    await use_cases.my_ask(session, ask_ref, actor=actor)  # another person's: "not found"
    form = await read_form(request)
    decision = form.get("decision", "")
    if decision not in NOTICES:
        return RedirectResponse(f"/app/xac-thuc/{ask_ref}", status_code=303)
    await use_cases.decide_ask(session, ask_ref, approve=decision == "approve", actor=actor)
    return RedirectResponse(f"/app/xac-thuc/{ask_ref}?notice={decision}", status_code=303)
