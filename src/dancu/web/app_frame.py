"""The identity app's frame: the navigation (one list of links, so a feature adds its page with one
line) and the page renderer every /app feature uses.

Everything the frame shows is read from the request: the login session and actor that ``Requires``
set, and the unread-notification count that identity's ``load_app_nav`` router dependency reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from dancu.web.deps import language
from dancu.web.templating import render


@dataclass(frozen=True)
class NavLink:
    href: str
    label_vi: str
    id: str
    tab: bool = False  # also in the bottom tab bar on a phone (the app's five most used pages)


# In the order the app shows them. Features add their page here (one line each).
APP_NAV: tuple[NavLink, ...] = (
    NavLink("/app", "Thông tin của tôi", "nav-home", tab=True),
    NavLink("/app/history", "Lịch sử", "nav-history", tab=True),
    NavLink("/app/corrections", "Đề nghị điều chỉnh", "nav-corrections"),
    NavLink("/app/privacy", "Quyền dữ liệu cá nhân", "nav-privacy"),
    NavLink("/app/tracker", "Theo dõi truy cập", "nav-tracker"),
    NavLink("/app/dong-y", "Yêu cầu đồng ý", "nav-consents", tab=True),
    NavLink("/app/giay-to", "Giấy tờ", "nav-documents", tab=True),
    NavLink("/app/notifications", "Thông báo", "nav-notifications", tab=True),
    NavLink("/app/child-accounts", "Tài khoản cho con", "nav-child-accounts"),
    NavLink("/app/security", "Bảo mật", "nav-security"),
)


def citizen_nav(request: Request) -> tuple[dict[str, Any] | None, str]:
    """The navigation and the CSRF token, read once per request and kept, so a page rendered after
    a rollback (which expires every loaded row) does not reach back into the database."""
    cached: tuple[dict[str, Any] | None, str] | None = getattr(request.state, "citizen_nav", None)
    if cached is not None:
        return cached
    login = getattr(request.state, "login", None)  # set by the login authenticator, if any
    nav = None
    if login is not None and getattr(request.state, "actor", None) is not None:
        account = login.account
        nav = {
            "display_name": account.display_name,
            "level": account.eid_level.value if account.eid_level else "",
            "links": APP_NAV,
            "unread": getattr(request.state, "unread_notifications", 0),
        }
    cached = (nav, login.csrf_token if login else "")
    if nav is not None:
        request.state.citizen_nav = cached
    return cached


def app_page(request: Request, name: str, context: dict[str, Any], *, status_code: int = 200) -> Response:
    """Render an identity-app page with the citizen's navigation (for every /app feature)."""
    nav, csrf_token = citizen_nav(request)
    base = {
        "citizen_nav": nav,
        "csrf_token": csrf_token,
        "lang": language(request),
        "errors": {},
    }
    return render(request, name, base | context, status_code=status_code)
