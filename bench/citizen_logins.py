"""Citizens with an electronic identity and a login each, for ``http_lookup.py --endpoint own``.

Made the way a citizen gets them, through the code's own actions and the API: a commune officer
records the person's chip card (``record_card``, as ``dancu demo`` does), the citizen registers with
the card (``start_registration``: the activation code is queued to the mobile the register holds),
activates the account with that code and a password (``activate``), then logs in over HTTP with the
password and the second factor's code, read from the outbox as the phone would show it. Only adults
with a full date of birth and a registered mobile qualify; the people are drawn at random.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.db.engine import make_engine, make_sessionmaker
from dancu.errors import Conflict
from dancu.identity.actions import create_officer
from dancu.identity.citizens import MIN_OWN_ACCOUNT_AGE, activate, start_registration
from dancu.identity.demo import record_demo_cards
from dancu.identity.second_factor import registered_mobile
from dancu.notify.models import OutboxMessage
from dancu.registry.models import Citizen

PASSWORD = "mat-khau-cong-dan-bench-123"  # a bench's throwaway accounts


async def _sent_code(session: AsyncSession, mobile: str) -> str:
    """The last code queued for ``mobile``: what the citizen reads on the phone."""
    body = await session.scalar(
        select(OutboxMessage.body).where(OutboxMessage.recipient == mobile).order_by(OutboxMessage.id.desc())
    )
    found = re.search(r"\b(\d{6})\b", body or "")
    if found is None:
        raise LookupError(f"no code queued for {mobile}")
    return found.group(1)


def _adult(dob: str) -> bool:
    return len(dob) == 10 and dt.date.fromisoformat(dob).year < dt.date.today().year - MIN_OWN_ACCOUNT_AGE - 1


async def citizen_tokens(
    url: str, client: httpx.AsyncClient, people: list[dict[str, Any]], count: int, run: str
) -> list[str]:
    """Bearer tokens of up to ``count`` of ``people`` (random real subjects), each logged in."""
    started, tokens = time.perf_counter(), []
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            username = f"bench.congan{run}"
            account = await create_officer(
                session,
                username=username,
                password=PASSWORD,
                display_name="Bench",
                role=OfficerRole.IDENTITY_AGENCY,
                unit_code=None,
                unit_version="2025",
                actor=Actor.system("bench"),
                totp_secret="BENCHCITIZENSQQQQQQQQQQQQQQQQQQQ",
                position=Position.HEAD,
            )
            await session.commit()
            officer = Actor.officer(
                account_id=account.id,
                label=username,
                role=OfficerRole.IDENTITY_AGENCY,
                unit_code=None,
                unit_version="2025",
                position=Position.HEAD,
            )
            for person in people:
                if len(tokens) >= count:
                    break
                citizen = await session.get(Citizen, person["id"])
                if citizen is None or not _adult(citizen.dob):
                    continue
                mobile = await registered_mobile(session, citizen.id)
                if mobile is None:
                    continue
                await record_demo_cards(session, [citizen], officer)
                try:
                    await start_registration(
                        session,
                        full_name=citizen.full_name,
                        date_of_birth=dt.date.fromisoformat(citizen.dob),
                        pin=citizen.pin,
                        card_number=citizen.pin,
                    )
                except Conflict:  # registered by an earlier run on this kept database: another one
                    await session.rollback()
                    continue
                await activate(
                    session, pin=citizen.pin, code=await _sent_code(session, mobile), password=PASSWORD
                )
                await session.commit()
                login = await client.post(
                    "/api/v1/auth/login", json={"username": citizen.pin, "password": PASSWORD}
                )
                login.raise_for_status()
                token = login.json()["token"]
                passed = await client.post(
                    "/api/v1/auth/second-factor",
                    json={"code": await _sent_code(session, mobile)},
                    headers={"Authorization": f"Bearer {token}"},
                )
                passed.raise_for_status()
                await session.commit()  # the next read of the outbox sees the server's new rows
                tokens.append(token)
    finally:
        await engine.dispose()
    print(
        f"{len(tokens)} citizen logins in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True
    )
    return tokens
