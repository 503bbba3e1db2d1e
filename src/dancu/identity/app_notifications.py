"""The citizen's notifications in the identity app: newest first, unread marked, mark as read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.i18n import t
from dancu.identity.app_nav import load_app_nav
from dancu.notify import actions, queries
from dancu.registry.pages_display import instant_vi
from dancu.web.app_frame import app_page
from dancu.web.deps import DbSession, Requires, language
from dancu.web.params import RowId
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False, dependencies=[Depends(load_app_nav)])
OWN = Depends(Requires(Permission.OWN_DATA_READ))


@router.get("/app/notifications", response_class=HTMLResponse)
async def notifications(request: Request, session: DbSession, actor: Annotated[Actor, OWN]) -> Response:
    assert actor.citizen_id is not None
    lang = language(request)
    rows = [
        {
            "id": n.id,
            "when": instant_vi(n.created_at),
            "text": t(n.message_key, lang, **n.params),
            # Links into the app or to one's own requests in the portal (never elsewhere).
            "link": n.link if n.link and n.link.startswith(("/app/", "/cong/de-nghi/")) else None,
            "unread": n.read_at is None,
        }
        for n in await queries.notifications_of(session, actor.citizen_id)
    ]
    return app_page(request, "notify/app_notifications.html", {"rows": rows})


@router.post("/app/notifications/{notification_id}/read")
async def mark_one(notification_id: RowId, session: DbSession, actor: Annotated[Actor, OWN]) -> Response:
    assert actor.citizen_id is not None
    await actions.mark_read(session, actor.citizen_id, notification_id)
    return RedirectResponse("/app/notifications", status_code=303)


@router.post("/app/notifications/read-all")
async def mark_all(session: DbSession, actor: Annotated[Actor, OWN]) -> Response:
    assert actor.citizen_id is not None
    await actions.mark_read(session, actor.citizen_id)
    return RedirectResponse("/app/notifications", status_code=303)
