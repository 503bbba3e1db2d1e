"""Which claims exist, which scope asks for which, what each releases from the register, and acr."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.enums.registry import Item, Sex
from dancu.errors import DomainError
from dancu.geo.queries import display_address
from dancu.identity.models import EidLevel
from dancu.registry import queries
from dancu.registry.models import Citizen


class Claim(StrEnum):
    NAME = "name"
    BIRTHDATE = "birthdate"
    GENDER = "gender"
    PIN = "pin"  # eKYC only (banks, telecoms), with the citizen's consent
    ADDRESS = "address"

    @property
    def label_vi(self) -> str:
        return _LABELS_VI[self]

    @property
    def item(self) -> Item:
        """The register item (Luật Căn cước Điều 9) the claim releases, for the access log."""
        return _ITEMS[self]


_LABELS_VI = {
    Claim.NAME: "Họ, chữ đệm và tên khai sinh",
    Claim.BIRTHDATE: "Ngày, tháng, năm sinh",
    Claim.GENDER: "Giới tính",
    Claim.PIN: "Số định danh cá nhân",
    Claim.ADDRESS: "Nơi thường trú",
}
_ITEMS = {
    Claim.NAME: Item.FULL_NAME,
    Claim.BIRTHDATE: Item.DATE_OF_BIRTH,
    Claim.GENDER: Item.SEX,
    Claim.PIN: Item.PIN,
    Claim.ADDRESS: Item.PERMANENT_RESIDENCE,
}

SCOPE_CLAIMS: dict[str, tuple[Claim, ...]] = {
    "openid": (),
    "profile": (Claim.NAME, Claim.BIRTHDATE, Claim.GENDER),
    "pin": (Claim.PIN,),
    "address": (Claim.ADDRESS,),
}
SUPPORTED_SCOPES = tuple(SCOPE_CLAIMS)

ACR_LEVEL_1 = "urn:dancu:eid:level1"
ACR_LEVEL_2 = "urn:dancu:eid:level2"
ACR_BY_LEVEL = {EidLevel.LEVEL_1: ACR_LEVEL_1, EidLevel.LEVEL_2: ACR_LEVEL_2}
ACR_RANK = {ACR_LEVEL_1: 1, ACR_LEVEL_2: 2}


def acr_for(level: EidLevel | None) -> str:
    return ACR_BY_LEVEL[level or EidLevel.LEVEL_1]


def required_rank(acr_values: str | None) -> int:
    """The lowest level among the acr values we know (a voluntary request, OIDC Core §3.1.2.1);
    unknown values are ignored."""
    ranks = [ACR_RANK[value] for value in (acr_values or "").split() if value in ACR_RANK]
    return min(ranks) if ranks else 0


def claims_for_scopes(scopes: list[str], allowed: list[str]) -> list[Claim]:
    """The claims the scopes ask for, limited to what the client is registered for, in a stable order."""
    wanted = {claim for scope in scopes for claim in SCOPE_CLAIMS.get(scope, ())}
    return [claim for claim in Claim if claim in wanted and claim.value in allowed]


def _birthdate(dob: str) -> str:
    # OIDC allows YYYY or YYYY-MM-DD; a partial YYYY-MM date is released as its year only.
    return dob if len(dob) in (4, 10) else dob[:4]


_CLAIM_VALUES = frozenset(claim.value for claim in Claim)
_GENDER = {Sex.MALE: "male", Sex.FEMALE: "female"}


async def _address(session: AsyncSession, citizen: Citizen) -> dict[str, str] | None:
    residence = await queries.item_as_of(session, citizen.id, Item.PERMANENT_RESIDENCE)
    if residence is None or not isinstance(residence.value, dict):
        return None
    value: dict[str, Any] = residence.value
    try:
        formatted = display_address(value["unit_code"], value["unit_version"], value.get("detail"))
    except (DomainError, KeyError):
        return None
    return {"formatted": formatted, "country": "VN"}


async def claim_values(session: AsyncSession, citizen_id: int, claims: list[str]) -> dict[str, Any]:
    """The values of the granted claims from the register's current view of the person."""
    citizen = await queries.citizen_by_id(session, citizen_id)
    values: dict[str, Any] = {}
    for claim in (Claim(c) for c in claims if c in _CLAIM_VALUES):
        if claim is Claim.NAME:
            values["name"] = citizen.full_name
        elif claim is Claim.BIRTHDATE:
            values["birthdate"] = _birthdate(citizen.dob)
        elif claim is Claim.GENDER and citizen.sex in _GENDER:
            values["gender"] = _GENDER[citizen.sex]
        elif claim is Claim.PIN:
            values["pin"] = citizen.pin
        elif claim is Claim.ADDRESS and (address := await _address(session, citizen)) is not None:
            values["address"] = address
    return values
