"""The identity app's navigation: one list of links, so a feature adds its page with one line.

The unread-notification count is read once per request by :func:`load_app_nav`, which every /app
router declares as a router dependency (it reads only the logged-in citizen's own count).
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from dancu.notify.queries import unread_count
from dancu.web.deps import DbSession, current_login


@dataclass(frozen=True)
class NavLink:
    href: str
    label_vi: str
    id: str


# In the order the app shows them. Features add their page here (one line each).
APP_NAV: tuple[NavLink, ...] = (
    NavLink("/app", "Thông tin của tôi", "nav-home"),
    NavLink("/app/history", "Lịch sử", "nav-history"),
    NavLink("/app/corrections", "Đề nghị điều chỉnh", "nav-corrections"),
    NavLink("/app/tracker", "Theo dõi truy cập", "nav-tracker"),
    NavLink("/app/dong-y", "Yêu cầu đồng ý", "nav-consents"),
    NavLink("/app/giay-to", "Giấy tờ", "nav-documents"),
    NavLink("/app/notifications", "Thông báo", "nav-notifications"),
    NavLink("/app/security", "Bảo mật", "nav-security"),
)


async def load_app_nav(request: Request, session: DbSession) -> None:
    """Router dependency of the /app pages: the unread count for the navigation badge."""
    login = await current_login(request, session)
    citizen_id = login.account.citizen_id if login is not None else None
    request.state.unread_notifications = await unread_count(session, citizen_id) if citizen_id else 0
