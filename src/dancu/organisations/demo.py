"""Demo organisations for ``dancu demo``: a k1 agency (direct lookup) and a k2 bank (portal requests
with the customer's consent). Known passwords, synthetic names: demo data only."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.models import Organisation
from dancu.access.policies import NEEDS_REPRESENTATIVE
from dancu.clock import today_vn
from dancu.enums.registry import LifeStatus
from dancu.identity.models import Account, SecondFactor
from dancu.identity.second_factor import provision_totp
from dancu.organisations.actions import register_organisation
from dancu.organisations.schemas import OrganisationIn
from dancu.registry.models import Citizen


def demo_organisations() -> list[dict[str, Any]]:
    raw = (
        resources.files("dancu.organisations").joinpath("data", "demo_organisations.json").read_text("utf-8")
    )
    organisations: list[dict[str, Any]] = json.loads(raw)["organisations"]
    return organisations


async def create_demo_organisations(session: AsyncSession, *, actor: Actor) -> list[dict[str, Any]]:
    """Register each demo organisation that does not exist yet (by name); the logins as printed."""
    wanted = demo_organisations()
    names = [entry["name"] for entry in wanted]
    existing = set(await session.scalars(select(Organisation.name).where(Organisation.name.in_(names))))
    logins = []
    for entry in wanted:
        created = entry["name"] not in existing
        if created:
            admin_in = {k: v for k, v in entry["admin"].items() if k != "totp_secret"}
            body = OrganisationIn.model_validate(entry | {"admin": admin_in})
            if body.actor_group in NEEDS_REPRESENTATIVE:
                body = body.model_copy(update={"legal_representative_pin": await _an_adult_pin(session)})
            await register_organisation(session, body, actor=actor)
        admin = entry["admin"]
        await _provision_authenticator(session, admin["username"], admin["totp_secret"], actor=actor)
        logins.append(
            {
                "organisation": entry["name"],
                "actor_group": entry["actor_group"],
                "username": admin["username"],
                "password": admin["password"],
                "totp_secret": admin["totp_secret"],
                "created": created,
            }
        )
    return logins


async def _provision_authenticator(
    session: AsyncSession, username: str, secret: str, *, actor: Actor
) -> None:
    """Organisation staff log in with TOTP: the demo admin gets the known secret that is printed
    (also for an organisation made by an earlier demo run, before staff needed TOTP)."""
    account = await session.scalar(select(Account).where(Account.username == username))
    if account is not None and account.second_factor is not SecondFactor.TOTP:
        await provision_totp(session, account, secret=secret, actor=actor)


async def _an_adult_pin(session: AsyncSession) -> str | None:
    """A living adult of the demo population to stand as the organisation's legal representative."""
    adult_by = f"{today_vn().year - 30}-01-01"  # born 30 years ago or earlier
    query = (
        select(Citizen.pin)
        .where(Citizen.status == LifeStatus.ALIVE, Citizen.dob <= adult_by)
        .order_by(Citizen.id)
        .limit(1)
    )
    pin: str | None = await session.scalar(query)
    return pin
