"""``dancu oidc``: signing-key rotation and client registration for the OpenID Connect provider."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.cli.common import cli_actor, emit, run_in_session
from dancu.identity.oidc.claims import Claim
from dancu.identity.oidc.models import ClientAuthMethod, ClientKind

app = typer.Typer(help="OpenID Connect provider: keys and clients", no_args_is_help=True)
client_app = typer.Typer(help="Relying parties and machine clients", no_args_is_help=True)
app.add_typer(client_app, name="client")


@app.command("rotate-key")
def rotate_key() -> None:
    """Retire the current signing keys and create new ones, ES256 and RS256 (retired keys stay
    published a day)."""
    from dancu.identity.oidc import keys

    async def work(session: AsyncSession) -> dict[str, Any]:
        new, retired = await keys.rotate(session)
        made = [await keys.current_key(session, alg) for alg in keys.ALGS]
        return {
            "kid": new.kid,
            "alg": new.alg,
            "keys": [{"kid": key.kid, "alg": key.alg} for key in made],
            "retired": retired,
        }

    emit(run_in_session(work))


@client_app.command("create")
def client_create(
    name: Annotated[str, typer.Option(help="Name shown on the consent screen")],
    organisation_id: Annotated[int, typer.Option(help="The organisation the client acts for")],
    kind: Annotated[ClientKind, typer.Option()] = ClientKind.RELYING_PARTY,
    redirect_uri: Annotated[list[str] | None, typer.Option(help="Repeatable")] = None,
    claim: Annotated[
        list[Claim] | None, typer.Option(help="Claims the client may ask for; repeatable")
    ] = None,
    auth_method: Annotated[ClientAuthMethod, typer.Option()] = ClientAuthMethod.PRIVATE_KEY_JWT,
    jwks_file: Annotated[Path | None, typer.Option(help="The client's public JWK set (JSON)")] = None,
) -> None:
    """Register a relying party or a machine client; prints the client as JSON."""
    from dancu.identity.oidc import actions
    from dancu.identity.oidc.schemas import ClientIn, ClientOut

    try:
        body = ClientIn(
            name=name,
            organisation_id=organisation_id,
            kind=kind,
            redirect_uris=redirect_uri or [],
            allowed_claims=claim or [],
            token_endpoint_auth_method=auth_method,
            jwks=json.loads(jwks_file.read_text(encoding="utf-8")) if jwks_file else None,
        )
    except (ValidationError, ValueError, OSError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None

    async def work(session: AsyncSession) -> dict[str, Any]:
        client = await actions.create_client(
            session,
            **body.model_dump(exclude={"allowed_claims"}),
            allowed_claims=[c.value for c in body.allowed_claims],
            actor=cli_actor(),
        )
        return ClientOut.of(client).model_dump(mode="json")

    emit(run_in_session(work))
