"""Demonstration data: a small synthetic population (:mod:`dancu.seed`), officer logins with known
passwords, chip cards for the demo commune's residents and one citizen with a ready e-ID login.

Apart from :mod:`dancu.seed` because it also creates officer accounts and delegations (identity,
competence), which the population loader has no need of.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any

import pyotp
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.audit import actions as audit
from dancu.audit.models import Event, EventType
from dancu.identity.actions import create_officer
from dancu.identity.delegations import demo_delegation
from dancu.identity.demo import SMS_PATH, DemoCitizenLogin, create_demo_citizens
from dancu.identity.models import Account
from dancu.registry.models import Citizen
from dancu.seed import SeedReport, seed_population


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str  # known on purpose: demo data only, printed by ``dancu demo``
    display_name: str
    role: OfficerRole
    unit_code: str | None
    unit_version: str | None
    # Head, deputy or staff of the unit: the head decides, the deputy under the demo's delegation.
    position: Position = Position.STAFF
    # Officers must use TOTP: the demo provisions a known authenticator secret (demo only, printed).
    totp_secret: str | None = None


def demo_settings() -> tuple[str, int, tuple[DemoAccount, ...]]:
    """The demo ward (2025 commune code), how many households live there, and the logins."""
    raw = json.loads(resources.files("dancu.registry").joinpath("data", "demo.json").read_text("utf-8"))
    accounts = tuple(
        DemoAccount(
            **(a | {"role": OfficerRole(a["role"]), "position": Position(a.get("position", "staff"))})
        )
        for a in raw["accounts"]
    )
    return raw["commune"], raw["households_in_commune"], accounts


def _otpauth(account: DemoAccount) -> str | None:
    """What an authenticator app scans (or takes typed in) to give the demo officer's codes."""
    if not account.totp_secret:
        return None
    return pyotp.TOTP(account.totp_secret).provisioning_uri(name=account.username, issuer_name="dancu")


@dataclass
class DemoReport:
    population: SeedReport | None  # None: an earlier run had seeded the demo population
    accounts: list[tuple[DemoAccount, bool]]  # (account, created now)
    commune: str
    residents_in_demo_commune: int
    cards_recorded: int = 0  # chip cards recorded now for residents of the demo commune
    citizen_login: DemoCitizenLogin | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "population": self.population.as_dict() if self.population else "already seeded",
            "demo_commune": {"unit_code": self.commune, "residents": self.residents_in_demo_commune},
            "logins": [
                asdict(a) | {"otpauth_uri": _otpauth(a), "created": created} for a, created in self.accounts
            ],
            "cards_recorded": self.cards_recorded,
            "citizen_login": asdict(self.citizen_login) if self.citizen_login else None,
            "sms_codes_at": SMS_PATH,
        }


async def _demo_accounts(
    session: AsyncSession, wanted: tuple[DemoAccount, ...], actor: Actor
) -> list[tuple[DemoAccount, bool]]:
    usernames = [a.username for a in wanted]
    existing = set(await session.scalars(select(Account.username).where(Account.username.in_(usernames))))
    for account in wanted:
        if account.username not in existing:
            await create_officer(session, **asdict(account), actor=actor)
    await _demo_delegations(session, [a for a in wanted if a.username not in existing])
    return [(a, a.username not in existing) for a in wanted]


async def _demo_delegations(session: AsyncSession, created: list[DemoAccount]) -> None:
    """Each new demo deputy gets a written delegation from its unit's head (demo.x.pho ← demo.x)."""
    for deputy in (a for a in created if a.position is Position.DEPUTY):
        await demo_delegation(
            session, head_username=deputy.username.rsplit(".", 1)[0], deputy=deputy.username
        )


async def create_demo(session: AsyncSession, *, citizens: int, seed: int) -> DemoReport:
    """A small population (some of it in Phường Hoàn Kiếm), officer logins with known passwords, chip
    cards for the demo commune's residents and one citizen with a ready level-2 e-ID login.

    Idempotent: what an earlier run created is left as it is. Flushes, never commits.
    """
    actor, (commune, households, wanted) = Actor.system("demo"), demo_settings()
    # The set-up logs about people, accounts and cards in many appends of their own order; holding
    # every chain first keeps the heads in order (no "locked after" warning on a first run).
    await audit.hold_every_chain(session)
    population = None
    seeded = await session.scalars(select(Event.data).where(Event.event_type == EventType.POPULATION_SEEDED))
    if not any(data.get("demo") for data in seeded):
        population = await seed_population(
            session,
            citizens=citizens,
            seed=seed,
            actor=actor,
            focus_commune=commune,
            focus_households=households,
            extra_event_data={"demo": True},
        )
    accounts = await _demo_accounts(session, wanted, actor)
    local = next(a.username for a in wanted if a.unit_code == commune)  # the commune's own police
    cards, login = await create_demo_citizens(session, commune=commune, officer_username=local)
    living_there = select(func.count()).where(Citizen.residence_unit_code == commune)
    residents = int(await session.scalar(living_there) or 0)
    return DemoReport(population, accounts, commune, residents, cards, login)
