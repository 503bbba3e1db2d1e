"""The table ``dancu demo`` prints: every demo login with its entry address, short enough to read at a
glance when ``scripts/run`` starts (``dancu demo --json`` keeps the full report)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

# Where each kind of user starts: officers, auditors and operators log in at the console.
OFFICER_ENTRY, ORGANISATION_ENTRY, CITIZEN_ENTRY, FRONT_DOOR = "/login", "/portal", "/app", "/"


def _table(base_url: str) -> Table:
    table = Table(
        title=f"Tài khoản trình diễn / Demo logins — {base_url}", title_justify="left", show_lines=False
    )
    table.add_column("Vai trò / Role")
    table.add_column("Tên đăng nhập / Username", no_wrap=True)
    table.add_column("Mật khẩu / Password", no_wrap=True)
    table.add_column("Mã TOTP / TOTP secret", no_wrap=True)
    table.add_column("Vào tại / Entry", no_wrap=True)
    return table


def login_rows(report: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(role, username, password, second factor, entry path) for each login in the demo report."""
    rows = [
        (a["role"], a["username"], a["password"], a["totp_secret"] or "—", OFFICER_ENTRY)
        for a in report["logins"]
    ]
    rows += [
        (f"{o['actor_group']}: {o['organisation']}", o["username"], o["password"], "—", ORGANISATION_ENTRY)
        for o in report["organisation_logins"]
    ]
    if citizen := report.get("citizen_login"):
        second = f"mã SMS / SMS code: {report['sms_codes_at']}"
        role = f"citizen e-ID {citizen['level']}: {citizen['full_name']}"
        rows.append((role, citizen["username"], citizen["password"], second, CITIZEN_ENTRY))
    rows.append(("public: trang chủ, xác minh giấy tờ", "—", "—", "—", FRONT_DOOR))
    return rows


def print_logins(report: dict[str, Any], base_url: str, console: Console | None = None) -> None:
    out = console or Console()
    if not out.is_terminal:  # piped or captured: wide enough that no secret is cut short
        out = Console(width=200)
    table = _table(base_url)
    for row in login_rows(report):
        table.add_row(*row)
    out.print(table)
    commune = report["demo_commune"]
    out.print(
        f"Phường mẫu {commune['unit_code']}: {commune['residents']} cư dân, "
        f"{report['cards_recorded']} thẻ căn cước mới ghi (số thẻ = số định danh). "
        f"Mã SMS không gửi thật: xem {base_url}{report['sms_codes_at']}"
    )
    out.print(f"Cơ sở dữ liệu / Database: {report['database']}  ·  JSON: dancu demo --json")
