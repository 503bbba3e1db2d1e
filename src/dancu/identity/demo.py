"""Demo citizens for ``dancu demo``: cards recorded in the register and one ready level-2 e-ID login.

Everything goes through the same actions an officer and a citizen use (card procedure, registration,
activation by the SMS code, the officer's in-person level-2 check), so the history, the audit log and
the outbox read as they would in real use. Known password: demo data only, printed by ``dancu demo``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit.actions import lock_chains
from dancu.clock import today_vn
from dancu.enums.registry import CardKind, Item, LifeStatus
from dancu.identity.citizens import MIN_OWN_ACCOUNT_AGE, account_of_citizen, activate, start_registration
from dancu.identity.citizens import upgrade_to_level2 as attest_level2
from dancu.identity.models import Account, EidLevel
from dancu.identity.second_factor import registered_mobile
from dancu.notify.models import OutboxMessage
from dancu.registry.actions.items import record_card
from dancu.registry.items import Card
from dancu.registry.models import Citizen, Fact
from dancu.registry.schemas import CardIn

DEMO_CITIZEN_PASSWORD = "demo-congdan-2025"  # noqa: S105 (known on purpose: demo data only, printed)
CARD_ISSUER = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
LEGAL_BASIS = "Dữ liệu mẫu tổng hợp (không phải dữ liệu thật)"
# Where a demo citizen reads the SMS codes: the demo has no gateway (scripts/run sets DANCU_DEV_OUTBOX).
SMS_PATH = "/dev/outbox"


@dataclass(frozen=True)
class DemoCitizenLogin:
    full_name: str
    date_of_birth: str
    username: str  # the PIN, which is also the chip card's number
    password: str
    mobile: str
    level: str
    created: bool


async def _officer(session: AsyncSession, username: str) -> Actor:
    """The demo commune's officer records the cards and attests the in-person check."""
    account = await session.scalar(select(Account).where(Account.username == username))
    if account is None or account.role is None:
        raise LookupError(f"demo officer {username} is missing")
    return Actor.officer(
        account_id=account.id,
        label=account.username,
        role=account.role,
        unit_code=account.unit_code,
        unit_version=account.unit_version,
        position=account.position,
    )


def _adult_born_by() -> str:
    return f"{today_vn().year - MIN_OWN_ACCOUNT_AGE - 1}-12-31"


async def _residents(session: AsyncSession, commune: str) -> list[Citizen]:
    """Living residents of the demo commune old enough for a card of their own, by id."""
    query = (
        select(Citizen)
        .where(
            Citizen.residence_unit_code == commune,
            Citizen.status == LifeStatus.ALIVE,
            Citizen.dob <= _adult_born_by(),
        )
        .order_by(Citizen.id)
    )
    return [c for c in await session.scalars(query) if len(c.dob) == 10]  # full dates only


async def record_demo_cards(session: AsyncSession, residents: list[Citizen], actor: Actor) -> int:
    """A chip card (thẻ căn cước, number = PIN) for each resident who holds none yet."""
    ids = [c.id for c in residents]
    holders = set(
        await session.scalars(select(Fact.citizen_id).where(Fact.citizen_id.in_(ids), Fact.item == Item.CARD))
    )
    recorded = 0
    for citizen in residents:
        if citizen.id in holders:
            continue
        card = Card(kind=CardKind.CAN_CUOC, number=citizen.pin, issued_on="2024-07-01", issued_by=CARD_ISSUER)
        body = CardIn(card=card, legal_basis=LEGAL_BASIS, dossier_number=f"DEMO-CC-{citizen.pin}")
        await record_card(session, citizen, body, actor=actor)
        recorded += 1
    return recorded


async def _sent_code(session: AsyncSession, mobile: str) -> str:
    """The code just queued for the mobile — what the citizen reads on the phone (here: the outbox)."""
    body = await session.scalar(
        select(OutboxMessage.body).where(OutboxMessage.recipient == mobile).order_by(OutboxMessage.id.desc())
    )
    found = re.search(r"\b(\d{6})\b", body or "")
    if found is None:
        raise LookupError("the activation code was not queued")
    return found.group(1)


async def _ready_login(session: AsyncSession, citizen: Citizen, mobile: str, officer: Actor) -> None:
    """Register with the card, activate with the SMS code, then the officer's level-2 check."""
    dob = dt.date.fromisoformat(citizen.dob)
    await start_registration(
        session, full_name=citizen.full_name, date_of_birth=dob, pin=citizen.pin, card_number=citizen.pin
    )
    code = await _sent_code(session, mobile)
    await activate(session, pin=citizen.pin, code=code, password=DEMO_CITIZEN_PASSWORD)
    await attest_level2(
        session,
        citizen,
        card_presented=True,
        form_tk01=True,
        mobile_confirmed=True,
        note="Dữ liệu mẫu: kiểm tra trực tiếp tại công an phường",
        actor=officer,
    )


async def create_demo_citizens(
    session: AsyncSession, *, commune: str, officer_username: str
) -> tuple[int, DemoCitizenLogin | None]:
    """Cards for the demo commune's residents and one level-2 login (the first resident with a mobile).

    Idempotent: a citizen who already holds a card or an account is left as they are. Returns how many
    cards were recorded now and the printed login (None when no resident has a mobile number).
    """
    officer = await _officer(session, officer_username)
    residents = await _residents(session, commune)
    # Every entry below is about one of these people: take their chain heads in order (ADR 0004).
    await lock_chains(session, subject_ids=[c.id for c in residents], actor=officer)
    recorded = await record_demo_cards(session, residents, officer)
    for citizen in residents:
        mobile = await registered_mobile(session, citizen.id)
        if mobile is None:
            continue
        account = await account_of_citizen(session, citizen.id)
        if account is not None and account.eid_level is not EidLevel.LEVEL_2:
            continue  # a registration of the citizen's own in progress: leave it alone
        created = account is None
        if created:
            await _ready_login(session, citizen, mobile, officer)
        login = DemoCitizenLogin(
            citizen.full_name, citizen.dob, citizen.pin, DEMO_CITIZEN_PASSWORD, mobile, "2", created
        )
        return recorded, login
    return recorded, None
