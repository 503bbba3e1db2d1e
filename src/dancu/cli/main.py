"""The ``dancu`` command: every sub-command is imported only when it is run.

``dancu --help`` lists the commands from the table below without importing them, and ``dancu pin
decode`` imports the PIN rules and nothing of the database or the web: a command pays only for
what it uses (the app, SQLAlchemy, WeasyPrint and pyHanko take seconds to import).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup

from dancu import i18n
from dancu.messages import CATALOGUE

# Every command answers errors in both languages; the catalogue is plain data and cheap to load.
i18n.install(CATALOGUE)

# Commands that only compute (no database, no cross-package hooks) skip ``wire()``, which maps
# every table: ``dancu pin decode`` and ``dancu calendar deadline`` stay fast.
PURE_COMMANDS = frozenset({"pin", "calendar"})


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives (``module:attribute``, a Typer app or a command function) and its help.

    The help is repeated here so that listing the commands imports none of them; a test checks it
    against the command's own help.
    """

    name: str
    target: str
    help: str


COMMANDS: tuple[LazyCommand, ...] = (
    LazyCommand(
        "seed",
        "dancu.cli.seed:seed",
        "Load a synthetic population — generated people, never real ones — and print a JSON summary.",
    ),
    LazyCommand(
        "demo",
        "dancu.cli.seed:demo",
        "Demo data: a small synthetic population, officer logins, two organisations (a k1 agency and a "
        "k2 bank) and a citizen with a level-2 e-ID, all with known passwords (a table; --json for all).",
    ),
    LazyCommand(
        "worker",
        "dancu.cli.worker:worker",
        "Claim and run queued jobs; several workers may run at once (PostgreSQL: SKIP LOCKED).",
    ),
    LazyCommand("db", "dancu.cli.db:app", "Database schema (Alembic migrations)"),
    LazyCommand(
        "pin",
        "dancu.cli.pin:app",
        "Số định danh cá nhân — decode a 12-digit personal identification number (PIN) and check it "
        "against a record.",
    ),
    LazyCommand("oidc", "dancu.cli.oidc:app", "OpenID Connect provider: keys and clients"),
    LazyCommand("citizen", "dancu.cli.citizen:app", "Read the register"),
    LazyCommand("officer", "dancu.cli.officer:app", "Officer accounts"),
    LazyCommand("audit", "dancu.cli.audit:app", "The access log: checkpoints, keys, verification, proofs"),
    LazyCommand("notify", "dancu.notify.cli:app", "Notifications (outbox)"),
    LazyCommand("requests", "dancu.cli.requests:app", "Exploitation requests: the decision clock"),
    LazyCommand(
        "calendar", "dancu.cli.calendar:app", "Working days and legal deadlines (lịch làm việc, thời hạn)"
    ),
    LazyCommand("fees", "dancu.cli.fees:app", "Fees for exploiting register information (TT 48/2022/TT-BTC)"),
    LazyCommand(
        "documents", "dancu.cli.documents:app", "Signed documents: the dancu root CA and the signing key"
    ),
    LazyCommand("sharing", "dancu.cli.sharing:app", "Sharing with other databases (change feed, webhooks)"),
    LazyCommand("sealing", "dancu.cli.sealing:app", "Secrets at rest: sealing keys and their rotation"),
)


def load_command(entry: LazyCommand) -> _click.Command:
    """Import the command's module and build its Click command (a group for a Typer app)."""
    if entry.name not in PURE_COMMANDS:
        from dancu.wiring import wire

        wire()  # tables mapped, hooks registered before the command touches the database
    module_name, _, attribute = entry.target.partition(":")
    target = getattr(importlib.import_module(module_name), attribute)
    if isinstance(target, typer.Typer):
        # Always a group, as ``add_typer`` made it: ``dancu requests escalate`` has one command.
        return typer.main.get_group(target)
    single = typer.Typer(add_completion=False)
    single.command(entry.name)(target)
    return typer.main.get_command(single)


class LazyGroup(TyperGroup):
    """A Typer group whose listed commands are stand-ins carrying only their help until one is run."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._lazy = {entry.name: entry for entry in COMMANDS}
        for entry in COMMANDS:
            self.commands.setdefault(entry.name, TyperCommand(name=entry.name, help=entry.help))

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        if args and args[0] in self._lazy:
            self.commands[args[0]] = load_command(self._lazy.pop(args[0]))
        return super().resolve_command(ctx, args)


app = typer.Typer(cls=LazyGroup, help="dancu — Cơ sở dữ liệu quốc gia về dân cư", no_args_is_help=True)


@app.callback()
def _group() -> None:
    # A callback makes Typer build a group even though ``serve`` is its only eager command.
    pass


def check_configuration() -> None:
    """Every configuration file (packaged or in DANCU_CONFIG_DIR) checked; exit 2 naming each
    broken rule (file, key, rule)."""
    import dancu.app  # noqa: F401  (every feature registers its configuration files on import)
    from dancu import configdir

    problems = configdir.check_all()
    for problem in problems:
        typer.echo(f"Cấu hình không hợp lệ / invalid configuration: {problem}", err=True)
    if problems:
        raise typer.Exit(code=2)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64)] = 1,
) -> None:
    """Run the web server (officer console, API); refuses to start on an invalid configuration file."""
    from dancu.cli.common import refuse_incomplete_production
    from dancu.web.serving import serve as run

    check_configuration()
    refuse_incomplete_production()

    run("dancu.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info")


def main() -> None:
    app()
