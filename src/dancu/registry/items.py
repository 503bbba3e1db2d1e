"""The shape of each item's value in ``fact.value``, validated before anything is written.

Values are plain JSON (dicts, lists, strings) so that both engines store them the same way and
an export can be read without this code. ``validate(item, value)`` returns the normalised value
or raises a 422 naming the field and the rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from dancu.clock import today_vn
from dancu.codes.enums import CodeList
from dancu.codes.queries import validate_code
from dancu.enums.registry import (
    CardKind,
    HouseholdRelation,
    Item,
    LifeStatus,
    MaritalStatus,
    RelationRole,
    Sex,
)
from dancu.errors import DomainError, FieldProblem, invalid
from dancu.geo.enums import CodeTable
from dancu.geo.queries import validate_unit
from dancu.pin import rules as pin_rules
from dancu.registry.partial_date import PartialDate

# Letters (any script, with Vietnamese diacritics), spaces, apostrophes and hyphens.
_NAME_PART = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")
_MOBILE = re.compile(r"^(?:0|\+84)(?:3|5|7|8|9)[0-9]{8}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,}$")

Digits9 = Annotated[str, Field(pattern=r"^[0-9]{9}$")]
Pin12 = Annotated[str, Field(pattern=r"^[0-9]{12}$")]
Country2 = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


def nfc(text: str) -> str:
    """Vietnamese text arrives in NFC or NFD depending on the keyboard; store NFC, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _name_part(value: str, *, allow_empty: bool = False) -> str:
    value = nfc(value)
    if not value and allow_empty:
        return value
    if not _NAME_PART.match(value):
        raise ValueError("name_letters_only")
    return value


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FullName(_Value):
    family: str = Field(min_length=1, max_length=100)
    middle: str = Field(default="", max_length=100)
    given: str = Field(min_length=1, max_length=100)

    @field_validator("family", "given")
    @classmethod
    def _letters(cls, value: str) -> str:
        return _name_part(value)

    @field_validator("middle")
    @classmethod
    def _middle(cls, value: str) -> str:
        return _name_part(value, allow_empty=True)

    @property
    def full(self) -> str:
        return " ".join(part for part in (self.family, self.middle, self.given) if part)


class Address(_Value):
    """An address: an administrative unit (code + code-table version) and free text."""

    unit_code: str = Field(pattern=r"^[0-9]{2,5}$")
    unit_version: CodeTable
    detail: str = Field(default="", max_length=300)

    @field_validator("detail")
    @classmethod
    def _detail(cls, value: str) -> str:
        return nfc(value)


class Place(_Value):
    """Items 6 and 8 (nơi sinh, quê quán): a Vietnamese unit, or a foreign country (ISO 3166-1
    alpha-2) when the person was born, or their family comes from, abroad (domain.md §1.1)."""

    unit_code: str | None = Field(default=None, pattern=r"^[0-9]{2,5}$")
    unit_version: CodeTable | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    detail: str = Field(default="", max_length=300)

    @field_validator("detail")
    @classmethod
    def _detail(cls, value: str) -> str:
        return nfc(value)

    @model_validator(mode="after")
    def _unit_or_country(self) -> Place:
        in_vietnam = self.unit_code is not None or self.unit_version is not None
        if self.country is not None and (in_vietnam or self.country in ("VN", "XX")):
            raise ValueError("place.unit_or_country")
        if self.country is None and (self.unit_code is None or self.unit_version is None):
            raise ValueError("place.unit_or_country")
        return self


class BirthRegistrationPlace(_Value):
    """Item 7: a Vietnamese unit, or a foreign country (PIN country code ≥ 101) for births abroad."""

    unit_code: str | None = Field(default=None, pattern=r"^[0-9]{2,5}$")
    unit_version: CodeTable | None = None
    country_pin_code: str | None = Field(default=None, pattern=r"^[1-9][0-9]{2}$")
    detail: str = Field(default="", max_length=300)


class Card(_Value):
    kind: CardKind
    number: str = Field(pattern=r"^[0-9]{9}$|^[0-9]{12}$")
    issued_on: str
    issued_by: str = Field(min_length=1, max_length=200)
    expires_on: str | None = None

    @field_validator("issued_on", "expires_on")
    @classmethod
    def _dates(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        parsed = PartialDate.parse(value)
        if info.field_name == "issued_on" and parsed.earliest > today_vn():
            # A card is recorded after it is issued: a later date is a typing error.
            today = today_vn().strftime("%d/%m/%Y")
            raise PydanticCustomError("date_in_future", "date in the future", {"today": today})
        return str(parsed)


class Relation(_Value):
    """Item 15: a relative; may have no PIN (foreigners, the deceased, people before the register)."""

    role: RelationRole
    citizen_id: int | None = None
    full_name: str = Field(min_length=1, max_length=300)
    pin: Pin12 | None = None
    cmnd9: Digits9 | None = None
    nationality: Country2 = "VN"

    @field_validator("full_name")
    @classmethod
    def _name(cls, value: str) -> str:
        return nfc(value)


class TemporaryAbsence(_Value):
    destination: str = Field(min_length=1, max_length=300)
    reason: str = Field(min_length=1, max_length=300)
    subject_kind: str = Field(default="", max_length=100)  # đối tượng khai báo tạm vắng


class HouseholdMembership(_Value):
    household_id: int
    household_number: str = Field(min_length=1, max_length=20)
    relation_to_head: HouseholdRelation


class Death(_Value):
    status: LifeStatus
    date: str

    @field_validator("date")
    @classmethod
    def _date(cls, value: str) -> str:
        return str(PartialDate.parse(value))

    @field_validator("status")
    @classmethod
    def _status(cls, value: LifeStatus) -> LifeStatus:
        if value is LifeStatus.ALIVE:
            raise ValueError("death.status_alive")
        return value


class ExtraAttribute(_Value):
    """Item 26: a catalogue attribute shared by another database, with its source and verified flag."""

    value: str | int | bool | float
    source_system: str = Field(min_length=1, max_length=100)
    verified: bool


def _partial_date(value: str) -> str:
    return str(PartialDate.parse(value))


def _mobile(value: str) -> str:
    value = value.replace(" ", "")
    if not _MOBILE.match(value):
        raise ValueError("mobile_format")
    return "0" + value[3:] if value.startswith("+84") else value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError("email_format")
    return value.lower()


def _other_names(value: list[str]) -> list[str]:
    return [_name_part(name) for name in value]


_SCALAR_ADAPTERS: dict[Item, TypeAdapter[Any]] = {
    Item.OTHER_NAMES: TypeAdapter(
        Annotated[list[Annotated[str, Field(max_length=300)]], Field(max_length=10)]
    ),
    Item.PIN: TypeAdapter(Pin12),
    Item.DATE_OF_BIRTH: TypeAdapter(str),
    Item.SEX: TypeAdapter(Sex),
    Item.ETHNICITY: TypeAdapter(Annotated[str, Field(pattern=r"^[0-9]{2}$")]),
    Item.RELIGION: TypeAdapter(Annotated[str, Field(pattern=r"^[0-9]{2}$")]),
    Item.NATIONALITY: TypeAdapter(Annotated[list[Country2], Field(min_length=1, max_length=5)]),
    Item.BLOOD_GROUP: TypeAdapter(Annotated[str, Field(max_length=10)]),
    Item.CMND9: TypeAdapter(Digits9),
    Item.RESIDENCE_FILE_NUMBER: TypeAdapter(Annotated[str, Field(min_length=1, max_length=30)]),
    Item.MARITAL_STATUS: TypeAdapter(MaritalStatus),
    Item.MOBILE: TypeAdapter(str),
    Item.EMAIL: TypeAdapter(Annotated[str, Field(max_length=254)]),
}

_MODELS: dict[Item, type[_Value]] = {
    Item.FULL_NAME: FullName,
    Item.PLACE_OF_BIRTH: Place,
    Item.BIRTH_REGISTRATION_PLACE: BirthRegistrationPlace,
    Item.HOMETOWN: Place,
    Item.CARD: Card,
    Item.RELATION: Relation,
    Item.PERMANENT_RESIDENCE: Address,
    Item.TEMPORARY_RESIDENCE: Address,
    Item.CURRENT_PLACE: Address,
    Item.TEMPORARY_ABSENCE: TemporaryAbsence,
    Item.HOUSEHOLD: HouseholdMembership,
    Item.DEATH: Death,
    Item.EXTRA: ExtraAttribute,
}

_POST: dict[Item, Callable[[Any], Any]] = {
    Item.DATE_OF_BIRTH: _partial_date,
    Item.MOBILE: _mobile,
    Item.EMAIL: _email,
    Item.OTHER_NAMES: _other_names,
}


# Items whose values are codes of a code list (QCVN 109 appendices, kept as data in dancu.codes).
_CODE_LISTS = {
    Item.ETHNICITY: CodeList.ETHNICITIES,
    Item.RELIGION: CodeList.RELIGIONS,
    Item.BLOOD_GROUP: CodeList.BLOOD_GROUPS,
    Item.NATIONALITY: CodeList.COUNTRIES,
}


def _check_codes(item: Item, value: Any) -> None:
    code_list = _CODE_LISTS.get(item)
    if code_list is None:
        return
    for code in value if isinstance(value, list) else [value]:
        validate_code(code_list, code, field=item.value)


def _check_references(item: Item, value: dict[str, Any]) -> None:
    """Codes inside structured values must exist: units in their table, countries in their lists."""
    if item is Item.RELATION:
        validate_code(CodeList.COUNTRIES, value["nationality"], field="relation.nationality")
    if item in (Item.PLACE_OF_BIRTH, Item.HOMETOWN) and value.get("country"):
        validate_code(CodeList.COUNTRIES, value["country"], field=f"{item.value}.country")
    if "unit_code" in value and value.get("unit_version"):
        validate_unit(value["unit_code"], value["unit_version"], field=f"{item.value}.unit_code")
    if item is Item.BIRTH_REGISTRATION_PLACE:
        if value.get("country_pin_code"):
            if value["country_pin_code"] not in pin_rules.places():
                raise invalid(f"{item.value}.country_pin_code", "pin.unknown_country")
        elif not value.get("unit_code") or not value.get("unit_version"):
            raise invalid(f"{item.value}.unit_code", "missing")


def _problems(item: Item, exc: ValidationError) -> list[FieldProblem]:
    problems = []
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"])
        rule = str(err["type"])
        if rule == "value_error":
            rule = str((err.get("ctx") or {}).get("error", "invalid"))
        params = {k: v for k, v in (err.get("ctx") or {}).items() if isinstance(v, str | int | float)}
        problems.append(FieldProblem(f"{item.value}.{path}" if path else item.value, rule, params))
    return problems


def validate(item: Item, value: Any) -> Any:
    """Normalise ``value`` for ``item`` (None is always allowed: it clears the item)."""
    if value is None:
        return None
    try:
        if item in _MODELS:
            dumped = _MODELS[item].model_validate(value).model_dump(mode="json", exclude_none=True)
            _check_references(item, dumped)
            return dumped
        normalised = _SCALAR_ADAPTERS[item].validate_python(value)
        post = _POST.get(item)
        result = post(normalised) if post else normalised
        result = result.value if isinstance(result, Sex | MaritalStatus) else result
        _check_codes(item, result)
        return result
    except ValidationError as exc:
        raise DomainError("validation.failed", status=422, problems=_problems(item, exc)) from None
    except ValueError as exc:
        raise DomainError(
            "validation.failed", status=422, problems=[FieldProblem(item.value, str(exc))]
        ) from None


def full_name_of(value: dict[str, str]) -> str:
    return FullName.model_validate(value).full
