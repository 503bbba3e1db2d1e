"""GET /dev/outbox: every outgoing message, unmasked, for developers. 404 unless DANCU_DEV_OUTBOX."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from dancu.errors import NotFound
from dancu.notify import queries
from dancu.notify.settings import NotifySettings
from dancu.notify.transports import DevTransport, deliver_pending
from dancu.web.deps import DbSession, Public, language
from dancu.web.templating import render
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)


def notify_settings(request: Request) -> NotifySettings:
    """Read once per app (tests may set ``app.state.notify_settings``)."""
    settings: NotifySettings | None = getattr(request.app.state, "notify_settings", None)
    if settings is None:
        settings = NotifySettings()
        request.app.state.notify_settings = settings
    return settings


@router.get(
    "/dev/outbox",
    response_class=HTMLResponse,
    dependencies=[Depends(Public("development outbox; 404 unless DANCU_DEV_OUTBOX=true"))],
)
async def dev_outbox(request: Request, session: DbSession) -> Response:
    if not notify_settings(request).dev_outbox:
        raise NotFound("http.not_found")
    # On a developer machine the page is the transport: showing a message delivers it.
    await deliver_pending(session, DevTransport())
    messages = await queries.latest(session)
    return render(request, "notify/outbox.html", {"messages": messages, "lang": language(request)})
