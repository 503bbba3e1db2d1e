"""API contract of the pin package."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from dancu.enums.registry import Sex
from dancu.i18n import Lang, t
from dancu.pin.rules import DecodedPin, PinWarning, PinWarningCode, PlaceKind


class DecodedPinOut(BaseModel):
    pin: str
    prefix: str = Field(description="Digits 1–3: pre-2025 province or foreign country of birth registration")
    place_kind: PlaceKind
    place_name: str = Field(description="Vietnamese name from the prefix table")
    century_digit: int = Field(description="Digit 4: century and sex")
    sex: Sex
    sex_label: str
    birth_year: int
    random_part: str = Field(description="Digits 7–12, leading zeros kept")

    @classmethod
    def of(cls, decoded: DecodedPin, lang: Lang) -> DecodedPinOut:
        return cls(
            pin=decoded.pin,
            prefix=decoded.prefix,
            place_kind=decoded.place_kind,
            place_name=decoded.place_name,
            century_digit=decoded.century_digit,
            sex=decoded.sex,
            sex_label=t(f"pin.sex.{decoded.sex.value}", lang),
            birth_year=decoded.birth_year,
            random_part=f"{decoded.random_part:06d}",
        )


class PinWarningOut(BaseModel):
    code: PinWarningCode
    field: str = Field(description="The record field that disagrees with the PIN")
    pin_value: str
    record_value: str
    message: str

    @classmethod
    def of(cls, warning: PinWarning, lang: Lang) -> PinWarningOut:
        return cls(
            code=warning.code,
            field=warning.field,
            pin_value=warning.pin_value,
            record_value=warning.record_value,
            message=t(warning.code.message_key, lang),
        )


class PinValidateIn(BaseModel):
    """A PIN and, optionally, the record it should match; absent record fields are not checked."""

    model_config = ConfigDict(extra="forbid")
    # Left unconstrained here so that the rules, not pydantic, name what is wrong with it.
    pin: str
    sex: Sex | None = None
    birth_year: int | None = Field(default=None, ge=1, le=9999)
    birth_registration_prefix: str | None = Field(
        default=None,
        description="PIN prefix (pre-2025 province or country) of the record's birth registration",
    )


class PinValidateOut(BaseModel):
    valid: bool = Field(description="The PIN is well formed; warnings do not make it invalid")
    decoded: DecodedPinOut
    warnings: list[PinWarningOut]
