"""The personal identification number (số định danh cá nhân, PIN): structure, decoding and checks.

Pure rules: no database, no web (an import-linter contract holds this module to it).

Layout ``PPP G YY RRRRRR`` (NĐ 137/2015 Điều 13; code tables of Thông tư 07/2016/TT-BCA):
``PPP`` the pre-2025 province or the foreign country where the birth was registered, ``G`` century
and sex, ``YY`` the last two digits of the year of birth, ``RRRRRR`` a random range. There is no check
digit: the law defines none, so none is computed or verified here.

Since NĐ 70/2024 no decree restates this structure, and a citizen may keep a PIN whose embedded sex,
year or place no longer matches the corrected record (NĐ 70 Điều 11 khoản 8). Hence the split:
:func:`parse` rejects only what can never be a PIN; :func:`cross_check` reports disagreement with a
record as warnings, never as errors.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, cast

from dancu.enums.registry import Sex
from dancu.errors import DomainError, invalid

PIN_LENGTH = 12
MIN_BIRTH_YEAR = 1900  # G = 0/1
MAX_BIRTH_YEAR = 2399  # G = 8/9: the century digit cannot encode later years
MAX_RANDOM_PART = 999_999

# ASCII digits only: str.isdigit() and \d would accept Arabic-Indic or full-width digits.
_PIN_SHAPE = re.compile(r"[0-9]{12}")
_CMND9_SHAPE = re.compile(r"[0-9]{9}")
_PREFIX_SHAPE = re.compile(r"[0-9]{3}")
_PROVINCE_CODE_SHAPE = re.compile(r"[0-9]{2}")


class PlaceKind(StrEnum):
    """What the prefix ``PPP`` names."""

    PROVINCE = "province"  # tỉnh, thành phố trực thuộc trung ương (63, trước 01/07/2025)
    COUNTRY = "country"  # quốc gia nơi đăng ký khai sinh ở nước ngoài


class Rule(StrEnum):
    """Validation rule keys; messages live under ``rule.<key>`` in the catalogue."""

    NOT_12_DIGITS = "pin.not_12_digits"
    LOOKS_LIKE_CMND9 = "pin.looks_like_cmnd9"
    UNKNOWN_PREFIX = "pin.unknown_prefix"
    PREFIX_NOT_3_DIGITS = "pin.prefix_not_3_digits"
    UNKNOWN_PROVINCE = "pin.unknown_province"
    UNKNOWN_COUNTRY = "pin.unknown_country"
    SEX_REQUIRED = "pin.sex_required"
    BIRTH_YEAR_OUT_OF_RANGE = "pin.birth_year_out_of_range"
    RANDOM_PART_OUT_OF_RANGE = "pin.random_part_out_of_range"


class PinWarningCode(StrEnum):
    """Ways a valid PIN may disagree with its holder's record; messages under ``pin.warning.<code>``."""

    SEX_MISMATCH = "sex_mismatch"
    BIRTH_YEAR_MISMATCH = "birth_year_mismatch"
    BIRTH_REGISTRATION_MISMATCH = "birth_registration_mismatch"

    @property
    def message_key(self) -> str:
        return f"pin.warning.{self.value}"


@dataclass(frozen=True)
class Place:
    """One entry of the prefix tables."""

    prefix: str
    kind: PlaceKind
    name: str  # Vietnamese name, as in the source table


@dataclass(frozen=True)
class DecodedPin:
    pin: str
    prefix: str
    place_kind: PlaceKind
    place_name: str
    century_digit: int
    sex: Sex  # always MALE or FEMALE: every digit 0-9 encodes one of them
    birth_year: int
    random_part: int  # digits 7-12 as a number; format with :06d to get them back


@dataclass(frozen=True)
class PinWarning:
    """The record's ``field`` holds ``record_value`` where the PIN encodes ``pin_value``."""

    code: PinWarningCode
    field: str
    pin_value: str
    record_value: str


# --- Prefix tables -------------------------------------------------------------------------------

_TABLES = ((PlaceKind.PROVINCE, "provinces.json"), (PlaceKind.COUNTRY, "countries.json"))


def _load_table(filename: str) -> dict[str, Any]:
    text = resources.files("dancu.pin").joinpath("data", filename).read_text(encoding="utf-8")
    return cast(dict[str, Any], json.loads(text))


@cache
def table_metadata(kind: PlaceKind) -> Mapping[str, Any]:
    """Source, evidence tag and known duplicates of one prefix table (the ``meta`` of its JSON file)."""
    filename = dict(_TABLES)[kind]
    return MappingProxyType(_load_table(filename)["meta"])


@cache
def places() -> Mapping[str, Place]:
    """Every known prefix: the 63 pre-2025 provinces and the foreign countries, loaded once."""
    table: dict[str, Place] = {}
    for kind, filename in _TABLES:
        for entry in _load_table(filename)["entries"]:
            table[entry["code"]] = Place(prefix=entry["code"], kind=kind, name=entry["name"])
    return MappingProxyType(table)


def _normalise_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@cache
def _country_index() -> Mapping[str, str]:
    """Country names (short name and the source's full label) to prefix."""
    index: dict[str, str] = {}
    for entry in _load_table("countries.json")["entries"]:
        for label in (entry["name"], entry["source_label"]):
            index.setdefault(_normalise_name(label), entry["code"])
    return MappingProxyType(index)


# --- Decoding ------------------------------------------------------------------------------------


def _century_start(century_digit: int) -> int:
    return 1900 + 100 * (century_digit // 2)


def _sex_of(century_digit: int) -> Sex:
    return Sex.MALE if century_digit % 2 == 0 else Sex.FEMALE


def _century_digit(*, sex: Sex, birth_year: int) -> int:
    return 2 * ((birth_year - MIN_BIRTH_YEAR) // 100) + (0 if sex == Sex.MALE else 1)


def _shape_error(pin: str) -> DomainError:
    # A 9-digit number is almost always an old CMND typed into the PIN field: say so (§2.4 rule 7).
    if _CMND9_SHAPE.fullmatch(pin.strip()):
        return invalid("pin", Rule.LOOKS_LIKE_CMND9)
    return invalid("pin", Rule.NOT_12_DIGITS)


def _require_prefix(prefix: str, *, field: str) -> Place:
    if not _PREFIX_SHAPE.fullmatch(prefix):
        raise invalid(field, Rule.PREFIX_NOT_3_DIGITS)
    place = places().get(prefix)
    if place is None:
        raise invalid(field, Rule.UNKNOWN_PREFIX, prefix=prefix)
    return place


def parse(pin: str) -> DecodedPin:
    """Decode a PIN, or raise a 422 :class:`DomainError` on field ``pin``.

    Rules: ``pin.not_12_digits`` (anything but exactly twelve ASCII digits, whitespace included),
    ``pin.looks_like_cmnd9`` (nine digits), ``pin.unknown_prefix``. Leading zeros are significant.
    """
    if not _PIN_SHAPE.fullmatch(pin):
        raise _shape_error(pin)
    place = _require_prefix(pin[:3], field="pin")
    century_digit = int(pin[3])
    return DecodedPin(
        pin=pin,
        prefix=place.prefix,
        place_kind=place.kind,
        place_name=place.name,
        century_digit=century_digit,
        sex=_sex_of(century_digit),
        birth_year=_century_start(century_digit) + int(pin[4:6]),
        random_part=int(pin[6:]),
    )


def is_valid(pin: str) -> bool:
    """Whether ``pin`` is structurally a PIN (it may still disagree with a record: see cross_check)."""
    try:
        parse(pin)
    except DomainError:
        return False
    return True


# --- Cross-checks against a record ---------------------------------------------------------------


def _sex_warning(decoded: DecodedPin, sex: Sex | None) -> PinWarning | None:
    # Sex.UNKNOWN records carry no information to disagree with.
    if sex is None or sex == Sex.UNKNOWN or sex == decoded.sex:
        return None
    return PinWarning(PinWarningCode.SEX_MISMATCH, "sex", str(decoded.sex), str(sex))


def _year_warning(decoded: DecodedPin, birth_year: int | None) -> PinWarning | None:
    if birth_year is None or birth_year == decoded.birth_year:
        return None
    return PinWarning(
        PinWarningCode.BIRTH_YEAR_MISMATCH, "birth_year", str(decoded.birth_year), str(birth_year)
    )


def _place_warning(decoded: DecodedPin, prefix: str | None) -> PinWarning | None:
    if prefix is None or prefix == decoded.prefix:
        return None
    return PinWarning(
        PinWarningCode.BIRTH_REGISTRATION_MISMATCH, "birth_registration_prefix", decoded.prefix, prefix
    )


def cross_check(
    pin: str | DecodedPin,
    *,
    sex: Sex | None = None,
    birth_year: int | None = None,
    birth_registration_prefix: str | None = None,
) -> list[PinWarning]:
    """Where the record no longer matches what the PIN encodes, as warnings (NĐ 70 Điều 11 khoản 8).

    ``None`` skips a check. ``birth_registration_prefix`` is the PIN prefix of the place where the
    birth was registered, in the pre-2025 province table (see :func:`prefix_for_province`): a place
    expressed in the 2025 table must be mapped back through the merger history first, or every
    merged province will warn. Raises on an invalid PIN or an unknown record prefix.
    """
    decoded = pin if isinstance(pin, DecodedPin) else parse(pin)
    if birth_registration_prefix is not None:
        _require_prefix(birth_registration_prefix, field="birth_registration_prefix")
    checks = (
        _sex_warning(decoded, sex),
        _year_warning(decoded, birth_year),
        _place_warning(decoded, birth_registration_prefix),
    )
    return [warning for warning in checks if warning is not None]


# --- Composing -----------------------------------------------------------------------------------


def compose(*, prefix: str, sex: Sex, birth_year: int, random_part: int) -> str:
    """Build the PIN that :func:`parse` decodes back to these parts.

    Raises a 422 :class:`DomainError` naming the argument: unknown prefix, sex other than male or
    female (the structure has no digit for "unknown"), year outside 1900–2399, random part outside
    0–999999. Choosing a random part that is not yet in use is the caller's job.
    """
    _require_prefix(prefix, field="prefix")
    if sex not in (Sex.MALE, Sex.FEMALE):
        raise invalid("sex", Rule.SEX_REQUIRED)
    if not MIN_BIRTH_YEAR <= birth_year <= MAX_BIRTH_YEAR:
        raise invalid("birth_year", Rule.BIRTH_YEAR_OUT_OF_RANGE, min=MIN_BIRTH_YEAR, max=MAX_BIRTH_YEAR)
    if not 0 <= random_part <= MAX_RANDOM_PART:
        raise invalid("random_part", Rule.RANDOM_PART_OUT_OF_RANGE, max=MAX_RANDOM_PART)
    century_digit = _century_digit(sex=Sex(sex), birth_year=birth_year)
    return f"{prefix}{century_digit}{birth_year % 100:02d}{random_part:06d}"


def prefix_for_province(pre2025_province_code: str) -> str:
    """PIN prefix of a pre-2025 province: "0" + its 2-digit code of QĐ 124/2004 ("01" → "001").

    Takes the pre-2025 code only; the 34 provinces of 2025 reuse some of those codes for different
    territory, so a 2025 code must be mapped through the merger history by the caller.
    """
    if _PROVINCE_CODE_SHAPE.fullmatch(pre2025_province_code):
        place = places().get("0" + pre2025_province_code)
        if place is not None and place.kind == PlaceKind.PROVINCE:
            return place.prefix
    raise invalid("province_code", Rule.UNKNOWN_PROVINCE)


def prefix_for_country(name_vi: str) -> str:
    """PIN prefix of a foreign country, by its Vietnamese name in the table ("Hoa Kỳ" → "175").

    Matches the short name or the source's full label, ignoring case and extra spaces. Where the
    source lists a country twice (113/114 Azerbaijan, 147/148 Croatia) each label keeps its own code.
    """
    prefix = _country_index().get(_normalise_name(name_vi))
    if prefix is None:
        raise invalid("country", Rule.UNKNOWN_COUNTRY)
    return prefix
