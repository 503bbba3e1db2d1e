"""API contract of the register: what officers send for each procedure, and what they get back."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from dancu.clock import today_vn
from dancu.enums.registry import (
    ChangeKind,
    HouseholdRelation,
    Item,
    LifeStatus,
    RelationRole,
    ResidenceRemovalReason,
    Sex,
    Source,
    Verification,
)
from dancu.registry.items import Address, BirthRegistrationPlace, Card, FullName, Place
from dancu.registry.partial_date import PartialDate

Pin12 = Field(pattern=r"^[0-9]{12}$")
# The nationality code of a person of Vietnamese origin whose nationality is undetermined (codes data).
UNDETERMINED_NATIONALITY = "XX"
# NĐ 70 Điều 24 khoản 7 as amended by NĐ 58/2026: the PIN within 15 days of the NPD update.
UNDETERMINED_PIN_DAYS = 15
PinKey = Annotated[str, Field(pattern=r"^[0-9]{12}$")]


def _partial(value: str) -> str:
    return str(PartialDate.parse(value))  # ValueError("partial_date") becomes a 422 naming the field


PartialDateText = Annotated[
    str,
    Field(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", description="YYYY, YYYY-MM or YYYY-MM-DD"),
    AfterValidator(_partial),
]


def _future() -> PydanticCustomError:
    today = today_vn()
    return PydanticCustomError("date_in_future", "date in the future", {"today": today.strftime("%d/%m/%Y")})


def _not_future(value: dt.date) -> dt.date:
    if value > today_vn():
        raise _future()
    return value


def _partial_not_future(value: str) -> str:
    if PartialDate.parse(value).earliest > today_vn():
        raise _future()
    return value


# Facts that have happened by the time they are recorded (a birth, a death, the start of a
# residence, a card's issue): a date after today in Viet Nam is a typing error, refused by name.
PastDate = Annotated[dt.date, AfterValidator(_not_future)]
PastPartialDateText = Annotated[PartialDateText, AfterValidator(_partial_not_future)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Dossier(_In):
    """Legal basis and dossier of a procedure (kept on every fact it writes)."""

    legal_basis: str = Field(min_length=3, max_length=300)
    dossier_number: str = Field(min_length=1, max_length=60)


class ParentIn(_In):
    """A parent or legal representative: by PIN when in the register, else by name and nationality."""

    pin: str | None = Field(default=None, pattern=r"^[0-9]{12}$")
    full_name: str | None = Field(default=None, min_length=1, max_length=300)
    nationality: str = Field(default="VN", pattern=r"^[A-Z]{2}$")

    @model_validator(mode="after")
    def _pin_or_name(self) -> ParentIn:
        if not self.pin and not self.full_name:
            raise ValueError("parent_pin_or_name")
        return self


class BirthIn(Dossier):
    """Đăng ký khai sinh → the register assigns the PIN (NĐ 70 Điều 11 khoản 2 as amended)."""

    full_name: FullName
    date_of_birth: PastDate
    sex: Sex = Field(description="1 nam, 2 nữ")
    place_of_birth: Place
    birth_registration_place: BirthRegistrationPlace
    hometown: Place
    ethnicity: str = Field(pattern=r"^[0-9]{2}$")
    religion: str = Field(default="00", pattern=r"^[0-9]{2}$")
    nationality: list[str] = Field(default_factory=lambda: ["VN"], min_length=1, max_length=5)
    father: ParentIn | None = None
    mother: ParentIn | None = None
    legal_representative: ParentIn | None = None
    parents_unknown: bool = False
    permanent_residence: Address | None = None
    household_number: str | None = Field(default=None, min_length=1, max_length=20)
    relation_to_head: HouseholdRelation | None = None

    @model_validator(mode="after")
    def _rules(self) -> BirthIn:
        if self.sex is Sex.UNKNOWN:
            raise ValueError("birth.sex_required")
        if not (self.father or self.mother or self.legal_representative or self.parents_unknown):
            raise ValueError("birth.parent_required")
        if self.household_number and not self.relation_to_head:
            raise ValueError("household.relation_required")
        return self


class CollectIn(Dossier):
    """Phiếu thu thập thông tin dân cư (DC01): a person already registered but without a PIN."""

    full_name: FullName
    date_of_birth: PastPartialDateText
    sex: Sex
    birth_registration_place: BirthRegistrationPlace
    place_of_birth: Place | None = None
    hometown: Place | None = None
    ethnicity: str = Field(pattern=r"^[0-9]{2}$")
    religion: str = Field(default="00", pattern=r"^[0-9]{2}$")
    nationality: list[str] = Field(default_factory=lambda: ["VN"], min_length=1, max_length=5)
    cmnd9: str | None = Field(default=None, pattern=r"^[0-9]{9}$")
    permanent_residence: Address | None = None
    permanent_residence_since: PastDate | None = None
    other_items: dict[Item, Any] = Field(default_factory=dict, description="Any further item of Điều 9")
    # A person of Vietnamese origin with undetermined nationality (nationality "XX") brings the
    # papers of NĐ 70 Điều 24 khoản 2 as amended by NĐ 58/2026: a Vietnamese paper with name and date
    # of birth (a), and proof of descent from a (former) Vietnamese citizen (b). Their references.
    papers: list[Annotated[str, Field(min_length=3, max_length=200)]] = Field(
        default_factory=list, max_length=20
    )

    @model_validator(mode="after")
    def _undetermined_papers(self) -> CollectIn:
        if UNDETERMINED_NATIONALITY in self.nationality:
            if self.nationality != [UNDETERMINED_NATIONALITY]:
                raise ValueError("collect.undetermined_alone")
            if len(self.papers) < 2:
                raise ValueError("collect.undetermined_papers")
        return self


class ItemChangeIn(Dossier):
    """Cập nhật (the world changed) or điều chỉnh (the register was wrong) of one item."""

    item: Item
    key: str = Field(default="", max_length=80)
    value: Any = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: Source = Source.DC02
    verification: Verification = Verification.VERIFIED
    reason: str | None = Field(default=None, max_length=1000)


class AdjustIn(ItemChangeIn):
    reason: str = Field(min_length=5, max_length=1000)
    proof: str = Field(min_length=3, max_length=300, description="Giấy tờ chứng minh")


class DeathIn(Dossier):
    status: LifeStatus
    date: PastPartialDateText
    source: Source = Source.CIVIL_STATUS


class ResidenceIn(Dossier):
    address: Address
    start: PastDate
    end: dt.date | None = None
    residence_file_number: str | None = Field(default=None, min_length=1, max_length=30)


class ResidenceRemovalIn(Dossier):
    kind: Item = Field(description="permanent_residence or temporary_residence")
    on: dt.date
    reason: ResidenceRemovalReason
    note: str | None = Field(default=None, max_length=1000)


class AbsenceIn(Dossier):
    start: dt.date
    end: dt.date
    destination: str = Field(min_length=1, max_length=300)
    reason: str = Field(min_length=1, max_length=300)
    subject_kind: str = Field(default="", max_length=100)

    @field_validator("end")
    @classmethod
    def _period(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError("period_end_before_start")
        return end


class MemberMoveIn(Dossier):
    pin: str = Pin12
    relation_to_head: HouseholdRelation
    on: dt.date


class HeadChangeIn(Dossier):
    new_head_pin: str = Pin12
    old_head_relation: HouseholdRelation
    on: dt.date


class SplitIn(Dossier):
    new_head_pin: str = Pin12
    members: dict[PinKey, HouseholdRelation] = Field(
        default_factory=dict, description="PIN → relation to the new head"
    )
    on: dt.date


class NewHouseholdIn(Dossier):
    head_pin: str = Pin12
    on: dt.date


class RelationIn(Dossier):
    role: RelationRole
    relative_pin: str | None = Field(default=None, pattern=r"^[0-9]{12}$")
    full_name: str | None = Field(default=None, min_length=1, max_length=300)
    nationality: str = Field(default="VN", pattern=r"^[A-Z]{2}$")
    cmnd9: str | None = Field(default=None, pattern=r"^[0-9]{9}$")
    valid_from: dt.date | None = None


class CardIn(Dossier):
    card: Card


class NationalityAcquiredIn(Dossier):
    """A person of Vietnamese origin with undetermined nationality has been found to hold, or has
    acquired, a nationality: their PIN is cancelled (NĐ 70/2024 Điều 36 khoản 4)."""

    nationality: list[str] = Field(min_length=1, max_length=5)
    decision: str = Field(min_length=3, max_length=200, description="The nationality decision or paper")


class ScannedDocumentIn(_In):
    """A scanned or electronic paper (PDF, JPEG or PNG), base64-encoded."""

    filename: str = Field(min_length=1, max_length=200)
    media_type: str = Field(pattern=r"^(application/pdf|image/jpeg|image/png)$")
    content_base64: str = Field(min_length=4, max_length=14_000_000)


class CitizenRequestIn(_In):
    """The citizen's own written request (NĐ 70 Điều 11 khoản 8 "theo nhu cầu của công dân"):
    the reference of the form in the dossier, the day it was received and its scan."""

    reference: str = Field(min_length=3, max_length=60)
    received_on: dt.date
    document: ScannedDocumentIn


class PinChangeIn(Dossier):
    """Hủy, xác lập lại số định danh cá nhân. ``ground`` is a code of the grounds data
    (``dancu/pin/data/cancellation_grounds.json``), checked against the day of the act."""

    ground: str = Field(pattern=r"^[a-z_]{3,40}$")
    citizen_request: CitizenRequestIn | None = None
    note: str | None = Field(default=None, max_length=1000)


class FactOut(BaseModel):
    id: int
    item: Item
    key: str
    value: Any
    valid_from: dt.date | None
    valid_to: dt.date | None
    recorded_at: dt.datetime
    change_kind: ChangeKind
    source: Source
    verification: Verification
    legal_basis: str | None
    dossier_number: str | None
    reason: str | None
    event_id: int


class ItemOut(BaseModel):
    item: Item
    key: str
    valid_on: dt.date
    known_at: dt.datetime
    value: Any
    fact: FactOut | None


class RecordOut(BaseModel):
    citizen_id: int
    pin: str
    valid_on: dt.date
    known_at: dt.datetime
    items: dict[str, Any]
    keyed: dict[str, dict[str, Any]]
    warnings: list[dict[str, str]] = Field(default_factory=list)


class CitizenSummary(BaseModel):
    citizen_id: int
    pin: str
    full_name: str
    dob: str
    sex: Sex
    status: LifeStatus
    residence_province_code: str | None


class SearchOut(BaseModel):
    results: list[CitizenSummary]
    next_after: int | None


class CreatedOut(BaseModel):
    citizen_id: int
    pin: str
    # Undetermined nationality: the last day for the PIN (15 days from the update) and the day it came.
    pin_due_on: dt.date | None = None
    pin_established_on: dt.date | None = None


class PinCancelledOut(BaseModel):
    citizen_id: int
    cancelled_pin: str
    new_pin: str | None  # established when the nationality acquired is Vietnamese


class HouseholdMemberOut(BaseModel):
    pin: str
    full_name: str
    relation_to_head: HouseholdRelation


class HouseholdOut(BaseModel):
    number: str
    members: list[HouseholdMemberOut]
