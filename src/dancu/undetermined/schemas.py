"""API contract of the undetermined-nationality procedure: the declaration, the verification steps,
the decision, and the identity certificate."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from dancu.access.permissions import OfficerRole
from dancu.clock import today_vn
from dancu.registry.items import Address
from dancu.registry.partial_date import PartialDate
from dancu.registry.schemas import UNDETERMINED_NATIONALITY, CollectIn, PastDate
from dancu.undetermined.policies import LEGAL_BASIS, CertificateStatus, DossierStatus, Stage

IRIS_FROM_AGE = 6  # khoản 3: no iris under 06 years old


class Biometric(StrEnum):
    FINGERPRINTS = "fingerprints"  # vân tay
    IRIS = "iris"  # mống mắt
    FACE = "face"  # ảnh khuôn mặt


def _aged(born: dt.date, years: int, today: dt.date) -> bool:
    """At least ``years`` old on ``today`` (born on 29 February: the birthday is 1 March)."""
    try:
        birthday = born.replace(year=born.year + years)
    except ValueError:
        birthday = dt.date(born.year + years, 3, 1)
    return today >= birthday


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DeclarationIn(CollectIn):
    """Phiếu thu thập thông tin dân cư (DC01) of a person of Vietnamese origin with undetermined
    nationality (khoản 2), the place they live (khoản 1) and the biometrics taken (khoản 3). The
    dossier number is the procedure's own reference, given when the dossier opens."""

    nationality: list[str] = Field(
        default_factory=lambda: [UNDETERMINED_NATIONALITY], min_length=1, max_length=1
    )
    legal_basis: str = Field(default=LEGAL_BASIS, min_length=3, max_length=300)
    dossier_number: str = Field(default="HS-XX", min_length=1, max_length=60)
    residence: Address = Field(description="Nơi sinh sống (khoản 1)")
    biometrics: list[Biometric] = Field(min_length=1, max_length=3)

    @field_validator("nationality")
    @classmethod
    def _undetermined(cls, value: list[str]) -> list[str]:
        if value != [UNDETERMINED_NATIONALITY]:
            raise PydanticCustomError("undetermined.nationality_xx", "nationality must be XX")
        return value

    @field_validator("biometrics")
    @classmethod
    def _biometrics(cls, value: list[Biometric], info: ValidationInfo) -> list[Biometric]:
        """Khoản 3: fingerprints and face always; the iris too from 06 years old."""
        needed = {Biometric.FINGERPRINTS, Biometric.FACE}
        born = info.data.get("date_of_birth")
        if born is None or _aged(PartialDate.parse(born).earliest, IRIS_FROM_AGE, today_vn()):
            needed.add(Biometric.IRIS)
        if not needed <= set(value):
            raise PydanticCustomError("undetermined.biometrics_missing", "biometrics missing")
        return value


def collect_in(declaration: dict[str, Any], reference: str) -> CollectIn:
    """What the register's DC01 collection takes from a stored declaration, under the dossier's
    reference. The declaration's own rules held on the day it was received (a child may have turned
    six since: the biometrics taken then stay valid), so only the register's are checked again."""
    fields = {k: v for k, v in declaration.items() if k not in ("residence", "biometrics")}
    return CollectIn.model_validate({**fields, "dossier_number": reference, "legal_basis": LEGAL_BASIS})


class ResidenceCheckIn(_In):
    """The residence-registration agency's answer: has the person lived there continuously ≥ 6 months?"""

    agency: str = Field(min_length=3, max_length=300, description="Cơ quan đăng ký cư trú")
    since: PastDate = Field(description="Sinh sống tại địa phương từ ngày")
    continuous: bool
    note: str | None = Field(default=None, max_length=1000)


class ExtensionIn(_In):
    """A complex case: verification extended to at most 60 days from its start, with the reason."""

    days: int = Field(ge=31, le=120, description="Tổng số ngày xác minh (tối đa 60)")
    reason: str = Field(min_length=5, max_length=1000)


class RefusalIn(_In):
    text: str = Field(min_length=5, max_length=2000, description="Lý do, trả lời người đề nghị")


class ComparisonAnswerIn(_In):
    """C06's answer to the comparison against the NPD and the Identity DB (khoản 5)."""

    match_found: bool = Field(description="Có thông tin trùng khớp trong CSDLQG về dân cư, CSDL căn cước")
    note: str = Field(min_length=3, max_length=2000, description="Ghi chú kết quả đối sánh")


class ReplyHandOverIn(_In):
    on: PastDate = Field(description="Ngày trao văn bản trả lời cho người đề nghị")


class HandOverIn(_In):
    on: PastDate = Field(description="Ngày trả giấy chứng nhận cho người được cấp")


class RenewalIn(_In):
    reason: str = Field(min_length=5, max_length=1000, description="Lý do cấp đổi, cấp lại")


class CertificateOut(BaseModel):
    number: str
    pin: str
    issuing_body: str
    issued_on: dt.date
    status: CertificateStatus
    send_to_unit_code: str
    send_to_role: OfficerRole
    sent_at: dt.datetime | None
    handed_over_on: dt.date | None
    supersedes: str | None = None
    renewal_reason: str | None = None


class ResidenceCheckOut(BaseModel):
    agency: str
    since: dt.date
    continuous: bool
    note: str | None
    checked_at: dt.datetime
    checked_by_account_id: int | None


class ComparisonOut(BaseModel):
    sent_at: dt.datetime
    sent_by_account_id: int | None
    answered_at: dt.datetime | None
    answered_by_account_id: int | None
    match_found: bool | None
    note: str | None


class ReplyOut(BaseModel):
    """The signed written reply of a refusal: its number, where to download it, and its hand-over."""

    number: str
    download: str
    handed_over_on: dt.date | None


class DossierOut(BaseModel):
    reference: str
    full_name: str
    status: DossierStatus
    unit_code: str
    unit_role: OfficerRole
    province_code: str
    received_on: dt.date
    start_due_on: dt.date
    verification_started_on: dt.date | None
    verification_due_on: dt.date | None
    extension_reason: str | None
    residence_check: ResidenceCheckOut | None
    comparison: ComparisonOut | None = None
    decided_at: dt.datetime | None
    decision_text: str | None
    reply_document_number: str | None
    reply: ReplyOut | None = None
    pin: str | None
    updated_on: dt.date | None
    pin_due_on: dt.date | None
    # The deadline the dossier waits on now, its day, and whether it has passed.
    stage: Stage | None
    due_on: dt.date | None
    overdue: bool
    certificates: list[CertificateOut] = []


class DossierList(BaseModel):
    items: list[DossierOut]


class CertificateList(BaseModel):
    items: list[CertificateOut]
