"""The ``dancu`` command: database, server, PIN rules, the register, seeding."""

from __future__ import annotations

import asyncio
import datetime as dt
import getpass
import os
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import typer
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.cli import audit as audit_cli
from dancu.cli import calendar as calendar_cli
from dancu.cli import documents as documents_cli
from dancu.cli import fees as fees_cli
from dancu.cli import oidc as oidc_cli
from dancu.cli import pin as pin_cli
from dancu.cli import requests as requests_cli
from dancu.cli import seed as seed_cli
from dancu.cli import sharing as sharing_cli
from dancu.cli import worker as worker_cli
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.db.migrate import upgrade
from dancu.errors import DomainError
from dancu.notify import cli as notify_cli
from dancu.pin import rules as pin_rules
from dancu.settings import get_settings
from dancu.wiring import wire

from .output import emit, fail

# Tables mapped, messages installed and cross-package hooks registered before any command runs.
wire()

app = typer.Typer(help="dancu — Cơ sở dữ liệu quốc gia về dân cư", no_args_is_help=True)
db_app = typer.Typer(help="Database schema (Alembic migrations)", no_args_is_help=True)
citizen_app = typer.Typer(help="Read the register", no_args_is_help=True)
officer_app = typer.Typer(help="Officer accounts", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(pin_cli.app, name="pin")
app.add_typer(oidc_cli.app, name="oidc")
app.add_typer(citizen_app, name="citizen")
app.add_typer(officer_app, name="officer")
seed_cli.register(app)
worker_cli.register(app)
app.add_typer(audit_cli.app, name="audit")
app.add_typer(notify_cli.app, name="notify")
app.add_typer(requests_cli.app, name="requests")
app.add_typer(calendar_cli.app, name="calendar")
app.add_typer(fees_cli.app, name="fees")
app.add_typer(documents_cli.app, name="documents")
app.add_typer(sharing_cli.app, name="sharing")

T = TypeVar("T")


def cli_actor() -> Actor:
    return Actor.system(f"cli:{os.environ.get('USER') or getpass.getuser()}")


def run_in_session(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """One unit of work for a CLI command: commit on success, roll back on any error."""

    async def _run() -> T:
        engine = make_engine(get_settings().database_url)
        try:
            async with make_sessionmaker(engine)() as session:
                result = await work(session)
                await session.commit()
                return result
        finally:
            await engine.dispose()

    try:
        return asyncio.run(_run())
    except DomainError as exc:
        fail(exc)
    except SQLAlchemyError as exc:  # the database's state (not migrated, unreachable), not the input
        fail(DomainError("cli.database_error", status=503, detail=str(exc).splitlines()[0]))


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Apply migrations up to REVISION (default: head)."""
    url = get_settings().database_url
    upgrade(url, revision)
    emit({"upgraded_to": revision, "database": _safe_url(url)})


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64)] = 1,
) -> None:
    """Run the web server (officer console, API)."""
    import uvicorn

    uvicorn.run("dancu.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info")


@citizen_app.command("show")
def citizen_show(
    pin: Annotated[str, typer.Argument(help="Số định danh cá nhân (current or cancelled)")],
    as_of: Annotated[
        dt.datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], help="Valid date D")
    ] = None,
    known_at: Annotated[
        dt.datetime | None, typer.Option("--known-at", formats=["%Y-%m-%d"], help="As known on date K")
    ] = None,
) -> None:
    """Print a person's record on date D as the register knew it on date K (JSON)."""
    from dancu.audit.actions import record_read
    from dancu.registry import queries
    from dancu.registry.views import record_out

    try:
        pin_rules.parse(pin)
    except DomainError as exc:
        fail(exc)

    async def work(session: AsyncSession) -> dict[str, Any]:
        citizen = await queries.citizen_by_pin(session, pin)
        view = await queries.record_as_of(
            session,
            citizen.id,
            valid_on=as_of.date() if as_of else None,
            known_at=known_at.date() if known_at else None,
        )
        fields = [i.value for i in view.single] + [i.value for i in view.keyed]
        await record_read(
            session, actor=cli_actor(), citizen_id=citizen.id, fields=fields, purpose="CLI", channel="cli"
        )
        return record_out(citizen, view, "vi").model_dump(mode="json")

    emit(run_in_session(work))


@officer_app.command("create")
def officer_create(
    username: Annotated[str, typer.Option()],
    role: Annotated[OfficerRole, typer.Option()],
    display_name: Annotated[str, typer.Option()],
    unit_code: Annotated[
        str | None, typer.Option(help="Province (2 digits) or commune (5 digits), 2025 table")
    ] = None,
) -> None:
    """Create an officer account; the password is read from DANCU_NEW_PASSWORD or prompted."""
    from dancu.identity.actions import create_officer
    from dancu.identity.schemas import OfficerIn

    password = os.environ.get("DANCU_NEW_PASSWORD") or typer.prompt("Password", hide_input=True)
    try:
        body = OfficerIn(
            username=username,
            password=password,
            display_name=display_name,
            role=role,
            unit_code=unit_code,
            unit_version="2025" if unit_code else None,
        )
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None

    async def work(session: AsyncSession) -> dict[str, Any]:
        account = await create_officer(session, **body.model_dump(), actor=cli_actor())
        return {"id": account.id, "username": account.username, "role": body.role.value}

    emit(run_in_session(work))


def main() -> None:
    app()
