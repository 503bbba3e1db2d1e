"""Who decides for a subject who cannot: Luật Căn cước 2023 Điều 16 khoản 3 điểm d.

"Việc khai thác thông tin của người bị tuyên bố mất tích do người đại diện hợp pháp của người đó
quyết định. Việc khai thác thông tin của người đã chết do người được xác định là người thừa kế của
người đó quyết định." Before the rule became data, any relative on a fixed list decided for both —
a minor child for a dead parent, a child for a missing parent, a legal representative for the dead.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.exploitation.requests.actions.consent import decidable_people, decider_basis
from dancu.registry.queries import citizen_by_pin
from tests.support.builders import birth_body, born_aged, dossier
from tests.support.builders import c06 as c06_headers


@pytest.fixture
async def c06(client: httpx.AsyncClient, session: AsyncSession) -> dict[str, str]:
    return await c06_headers(client, session)


async def _born(client: httpx.AsyncClient, c06: dict[str, str], given: str, dob: str, **extra: Any) -> str:
    body = birth_body(full_name={"family": "Đỗ", "middle": "Văn", "given": given}, date_of_birth=dob, **extra)
    response = await client.post("/api/v1/registry/births", json=body, headers=c06)
    assert response.status_code == 201, response.text
    return str(response.json()["pin"])


async def _family(client: httpx.AsyncClient, c06: dict[str, str]) -> dict[str, str]:
    """A subject born 1970 with a wife, an adult son, a son of 11 and a legal representative."""
    subject = await _born(client, c06, "Bình", "1970-03-03")
    wife = await _born(client, c06, "Lan", "1972-04-04", sex="2")
    adult = await _born(client, c06, "An", "1995-05-05", father={"pin": subject})
    minor = await _born(client, c06, "Bảo", born_aged(11), father={"pin": subject})  # 11 whenever it runs
    representative = await _born(client, c06, "Cường", "1968-07-07")
    for role, pin in (("wife", wife), ("legal_representative", representative)):
        response = await client.post(
            f"/api/v1/registry/citizens/{subject}/relations",
            json={"role": role, "relative_pin": pin, **dossier()},
            headers=c06,
        )
        assert response.status_code == 204, response.text
    return {
        "subject": subject,
        "wife": wife,
        "adult": adult,
        "minor": minor,
        "representative": representative,
    }


async def _status(client: httpx.AsyncClient, c06: dict[str, str], pin: str, status: str) -> None:
    body = {"status": status, "date": "2026-11-20", **dossier()}
    response = await client.post(f"/api/v1/registry/citizens/{pin}/death", json=body, headers=c06)
    assert response.status_code == 204, response.text


async def _bases(session: AsyncSession, family: dict[str, str]) -> dict[str, str | None]:
    subject = await citizen_by_pin(session, family["subject"])
    await session.refresh(subject)
    out = {}
    for name in ("wife", "adult", "minor", "representative"):
        decider = await citizen_by_pin(session, family[name])
        out[name] = await decider_basis(session, decider.id, subject)
    return out


async def test_only_an_adult_heir_decides_for_the_deceased(
    client: httpx.AsyncClient, session: AsyncSession, c06: dict[str, str]
) -> None:
    """Luật Căn cước Điều 16 k3 d: "thông tin của người đã chết do người được xác định là người thừa
    kế của người đó quyết định" — the spouse and an adult child (first rank at law); not a child of
    eleven (a minor heir acts through a representative) and not the legal representative, whose
    authority ended with the death."""
    family = await _family(client, c06)
    await _status(client, c06, family["subject"], "dead")
    bases = await _bases(session, family)
    assert bases == {"wife": "heir", "adult": "heir", "minor": None, "representative": None}
    subject = await citizen_by_pin(session, family["subject"])
    minor = await citizen_by_pin(session, family["minor"])
    adult = await citizen_by_pin(session, family["adult"])
    assert subject.id not in await decidable_people(session, minor.id)
    assert (await decidable_people(session, adult.id)).get(subject.id) == "heir"


async def test_only_the_legal_representative_decides_for_the_missing(
    client: httpx.AsyncClient, session: AsyncSession, c06: dict[str, str]
) -> None:
    """Luật Căn cước Điều 16 k3 d: "thông tin của người bị tuyên bố mất tích do người đại diện hợp
    pháp của người đó quyết định" — the legal representative alone; neither the spouse nor a child."""
    family = await _family(client, c06)
    await _status(client, c06, family["subject"], "missing")
    bases = await _bases(session, family)
    only = "representative_of_missing"
    assert bases == {"wife": None, "adult": None, "minor": None, "representative": only}
    subject = await citizen_by_pin(session, family["subject"])
    representative = await citizen_by_pin(session, family["representative"])
    assert (await decidable_people(session, representative.id)).get(subject.id) == "representative_of_missing"
