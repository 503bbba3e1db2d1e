"""The router dependency of the identity app's pages: the unread-notification count for the
navigation badge (the frame itself, links and renderer, is ``dancu.web.app_frame``).

:func:`load_app_nav` reads only the logged-in citizen's own count, once per request.
"""

from __future__ import annotations

from fastapi import Request

from dancu.identity.sessions import current_login
from dancu.notify.queries import unread_count
from dancu.web.deps import DbSession


async def load_app_nav(request: Request, session: DbSession) -> None:
    """Router dependency of the /app pages: the unread count for the navigation badge."""
    login = await current_login(request, session)
    citizen_id = login.account.citizen_id if login is not None else None
    request.state.unread_notifications = await unread_count(session, citizen_id) if citizen_id else 0
