"""``dancu documents``: create the root CA and signing key, rotate the signing key, print the root."""

from __future__ import annotations

from typing import Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.cli.common import cli_actor, emit, run_in_session

app = typer.Typer(help="Signed documents: the dancu root CA and the signing key", no_args_is_help=True)


@app.command("init-keys")
def init_keys() -> None:
    """Create the root CA and a signing key if absent (private keys encrypted with
    DANCU_DOCUMENT_KEY_PASSPHRASE when set). Running it again changes nothing."""
    from dancu.exploitation.documents import certificates
    from dancu.exploitation.documents.keys import init_keys as init
    from dancu.exploitation.documents.keys import root_certificate_pem

    async def work(session: AsyncSession) -> dict[str, Any]:
        signing, created = await init(session, actor=cli_actor())
        root = await root_certificate_pem(session)
        assert root is not None
        return {
            "created": created,
            "signing_key_id": signing.key_id,
            "root_sha256": certificates.fingerprint(root),
        }

    emit(run_in_session(work))


@app.command("rotate-key")
def rotate_key() -> None:
    """Certify a new signing key and retire the active one; old certificates stay for validation."""
    from dancu.exploitation.documents.keys import rotate_signing_key

    async def work(session: AsyncSession) -> dict[str, Any]:
        key = await rotate_signing_key(session, actor=cli_actor())
        return {"signing_key_id": key.key_id}

    emit(run_in_session(work))


@app.command("root-certificate")
def root_certificate() -> None:
    """Print the dancu root CA certificate (PEM) for relying parties."""
    from dancu.exploitation.documents.keys import root_certificate_pem

    async def work(session: AsyncSession) -> str | None:
        return await root_certificate_pem(session)

    pem = run_in_session(work, read_only=True)
    if pem is None:
        typer.echo("no root certificate yet: run `dancu documents init-keys`", err=True)
        raise typer.Exit(1)
    typer.echo(pem, nl=False)
