"""The PIN rules over HTTP: decode a PIN, validate it against a record. No data is read or kept."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from dancu.i18n import Lang
from dancu.pin import rules
from dancu.pin.schemas import DecodedPinOut, PinValidateIn, PinValidateOut, PinWarningOut
from dancu.web.deps import Public, language
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1/pin", tags=["pin"])

_PUBLIC = Public("the PIN structure is public law")

RequestLang = Annotated[Lang, Depends(language)]


@router.get("/{pin}/decode", response_model=DecodedPinOut, dependencies=[Depends(_PUBLIC)])
async def decode(pin: str, lang: RequestLang) -> DecodedPinOut:
    """What a PIN encodes: place of birth registration, century, sex, year of birth.

    An invalid PIN is a 422 problem naming field ``pin`` and the rule it broke.
    """
    return DecodedPinOut.of(rules.parse(pin), lang)


@router.post("/validate", response_model=PinValidateOut, dependencies=[Depends(_PUBLIC)])
async def validate(body: PinValidateIn, lang: RequestLang) -> PinValidateOut:
    """Check a PIN and, if record fields are given, warn where the record no longer matches it.

    Warnings are not errors: the citizen may keep such a PIN (NĐ 70/2024 Điều 11 khoản 8). An invalid
    PIN is a 422 problem, so ``valid`` is true in every 200 response.
    """
    decoded = rules.parse(body.pin)
    warnings = rules.cross_check(
        decoded,
        sex=body.sex,
        birth_year=body.birth_year,
        birth_registration_prefix=body.birth_registration_prefix,
    )
    return PinValidateOut(
        valid=True,
        decoded=DecodedPinOut.of(decoded, lang),
        warnings=[PinWarningOut.of(w, lang) for w in warnings],
    )
