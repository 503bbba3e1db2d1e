"""``dancu seed`` and ``dancu demo``: a synthetic population (never real people) for trials and benches.

``seed`` uses binary COPY on PostgreSQL (with a progress bar on stderr) and the portable ORM path on
SQLite; both print a JSON summary on stdout. ``demo`` adds officer logins with known passwords.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Coroutine
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.cli.common import cli_actor, emit, fail, in_session
from dancu.errors import DomainError, invalid
from dancu.organisations.demo import create_demo_organisations
from dancu.seed import DEFAULT_BATCH, SeedReport, copy_population, seed_population
from dancu.seed_demo import create_demo
from dancu.settings import get_settings

T = TypeVar("T")

# Failures that are not the user's input but the database's state, said plainly in both languages.
_PROBLEMS = {
    "seed.fast_needs_postgresql": (
        "Nạp nhanh (COPY) chỉ dùng được với PostgreSQL; bỏ --fast để nạp qua ORM",
        "The fast load (COPY) needs PostgreSQL; drop --fast to load through the ORM",
    ),
    "seed.database_error": (
        "Không nạp được dữ liệu mẫu: {detail}. Đã chạy `dancu db upgrade` chưa?",
        "Could not load the synthetic population: {detail}. Has `dancu db upgrade` been run?",
    ),
}

Citizens = Annotated[int, typer.Option("--citizens", "-n", help="How many people to create (≥ 1)")]
Seed = Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same people")]


def _problem(code: str, exit_code: int = 1, **params: Any) -> NoReturn:
    vi, en = (text.format(**params) for text in _PROBLEMS[code])
    sys.stderr.write(json.dumps({"error": code, "message": {"vi": vi, "en": en}}, ensure_ascii=False) + "\n")
    raise typer.Exit(exit_code)


def _check_positive(field: str, value: int) -> None:
    if value < 1:
        fail(invalid(field, "greater_than_equal", ge=1))


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _run(work: Coroutine[Any, Any, T]) -> T:
    """Run the command's coroutine; database failures become a plain message and exit code 1."""
    try:
        return asyncio.run(work)
    except DomainError as exc:
        fail(exc)
    except (SQLAlchemyError, OSError) as exc:
        _problem("seed.database_error", detail=str(exc).splitlines()[0])
    except Exception as exc:  # asyncpg's errors: the driver is imported only by the fast path
        if type(exc).__module__.startswith("asyncpg"):
            _problem("seed.database_error", detail=str(exc).splitlines()[0])
        raise


def _fast(url: str, citizens: int, seed: int, batch_size: int) -> SeedReport:
    columns = (TextColumn("Nạp dân cư mẫu"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("seed", total=citizens)
        load = copy_population(
            url,
            citizens=citizens,
            seed=seed,
            batch_size=batch_size,
            actor_label=cli_actor().label,
            progress=lambda done: bar.update(task, completed=done),
        )
        return _run(load)


def seed(
    citizens: Citizens,
    seed: Seed = 1,
    fast: Annotated[
        bool | None,
        typer.Option(
            "--fast/--no-fast", help="Binary COPY; the default on PostgreSQL, unavailable on SQLite"
        ),
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Citizens per batch (one event each)")] = DEFAULT_BATCH,
) -> None:
    """Load a synthetic population — generated people, never real ones — and print a JSON summary."""
    _check_positive("citizens", citizens)
    _check_positive("batch_size", batch_size)
    url = get_settings().database_url
    postgresql = make_url(url).get_backend_name() == "postgresql"
    if fast and not postgresql:
        _problem("seed.fast_needs_postgresql", exit_code=2)
    use_fast = postgresql if fast is None else fast
    if use_fast:
        report = _fast(url, citizens, seed, batch_size)
    else:

        async def work(session: AsyncSession) -> SeedReport:
            return await seed_population(
                session, citizens=citizens, seed=seed, actor=cli_actor(), batch_size=batch_size
            )

        with Console(stderr=True).status("Nạp dân cư mẫu…"):
            report = _run(in_session(work, url=url))
    emit(report.as_dict() | {"seed": seed, "fast": use_fast, "database": _safe(url)})


def demo(
    citizens: Citizens = 2_000,
    seed: Seed = 1,
    as_json: Annotated[
        bool, typer.Option("--json", help="The full report as JSON instead of a table")
    ] = False,
    base_url: Annotated[
        str, typer.Option("--base-url", help="Where the server answers, for the entry addresses")
    ] = "http://127.0.0.1:8000",
) -> None:
    """Demo data: a small synthetic population, officer logins, two organisations (a k1 agency and a
    k2 bank) and a citizen with a level-2 e-ID, all with known passwords (a table; --json for all)."""
    _check_positive("citizens", citizens)
    url = get_settings().database_url

    async def work(session: AsyncSession) -> dict[str, Any]:
        report = (await create_demo(session, citizens=citizens, seed=seed)).as_dict()
        organisations = await create_demo_organisations(session, actor=Actor.system("demo"))
        return report | {"organisation_logins": organisations}

    report = _run(in_session(work, url=url)) | {"database": _safe(url)}
    if as_json:
        emit(report)
    else:
        print_logins(report, base_url.rstrip("/"))


# --- The table ``dancu demo`` prints: every demo login with its entry address, short enough to read
# at a glance when ``scripts/run`` starts (``dancu demo --json`` keeps the full report).

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


def _officer_role(login: dict[str, Any]) -> str:
    """The role and, for a deciding unit, the position: head decides, deputy by delegation, staff proposes."""
    position = login.get("position")
    if login["role"] in ("auditor", "operator") or not position:
        return str(login["role"])
    return f"{login['role']} / {position}"


def login_rows(report: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(role, username, password, second factor, entry path) for each login in the demo report."""
    rows = [
        (_officer_role(a), a["username"], a["password"], a["totp_secret"] or "—", OFFICER_ENTRY)
        for a in report["logins"]
    ]
    rows += [
        (
            f"{o['actor_group']}: {o['organisation']}",
            o["username"],
            o["password"],
            o["totp_secret"],
            ORGANISATION_ENTRY,
        )
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
