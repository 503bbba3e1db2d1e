"""API contract of the k1 lookup and of yes/no verification (answers release no data)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dancu.enums.registry import Item
from dancu.geo.enums import CodeTable
from dancu.registry.schemas import PartialDateText

PIN = r"^[0-9]{12}$"
BATCH_LIMIT = 100


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Subject(_In):
    """The three keys an agency must know (NĐ 70 Điều 10 khoản 1 điểm c)."""

    full_name: str = Field(min_length=1, max_length=300)
    date_of_birth: PartialDateText
    pin: str = Field(pattern=PIN)


class _Purpose(_In):
    purpose: str = Field(min_length=3, max_length=300)  # the access log keeps 300 characters
    # The agency's own identifier of the staff member on whose behalf its system asks: required of
    # machine clients (a system is not a person), optional for a person logged in with their own
    # account. Kept in the access-log entry and shown in the citizen's Data Tracker.
    staff_id: str | None = Field(default=None, min_length=1, max_length=100, pattern=r"^\S(.*\S)?$")


class LookupIn(Subject, _Purpose):
    # None: every field the caller may receive (mandate ∩ scope).
    fields: list[Item] | None = None

    @field_validator("fields")
    @classmethod
    def _fields(cls, value: list[Item] | None) -> list[Item] | None:
        return None if value is None else list(dict.fromkeys(value))


class BatchIn(_Purpose):
    subjects: list[Subject] = Field(min_length=1, max_length=BATCH_LIMIT)
    fields: list[Item] | None = None


class LookupOut(BaseModel):
    receipt: int = Field(description="Id of the access-log entry: the receipt the agency keeps")
    staff_id: str | None = Field(default=None, description="The agency's staff id, as logged")
    fields: dict[str, Any]


class BatchEntryOut(BaseModel):
    index: int
    found: bool
    receipt: int | None = None
    fields: dict[str, Any] | None = None


class BatchOut(BaseModel):
    staff_id: str | None = None
    results: list[BatchEntryOut]


class Question(StrEnum):
    IDENTITY_MATCH = "identity_match"
    AGE_AT_LEAST = "age_at_least"
    PERMANENT_RESIDENCE_IN = "permanent_residence_in"


class _Question(_Purpose):
    pin: str = Field(pattern=PIN)


class IdentityMatchIn(_Question):
    question: Literal[Question.IDENTITY_MATCH]
    full_name: str = Field(min_length=1, max_length=300)
    date_of_birth: PartialDateText


class AgeAtLeastIn(_Question):
    question: Literal[Question.AGE_AT_LEAST]
    years: int = Field(ge=0, le=150)
    on: dt.date | None = None  # default: today in Vietnam


class ResidenceInIn(_Question):
    question: Literal[Question.PERMANENT_RESIDENCE_IN]
    unit_code: str = Field(pattern=r"^[0-9]{2,5}$")
    unit_version: CodeTable


VerifyIn = Annotated[IdentityMatchIn | AgeAtLeastIn | ResidenceInIn, Field(discriminator="question")]


class VerifyOut(BaseModel):
    answer: bool
    receipt: int
    staff_id: str | None = None  # left out of the answer when the caller gave none
    # Khoản 2-4 requesters: the permit the question relied on and the SPDC01 fee receipt.
    permit: str | None = None
    fee_receipt: int | None = None


class AskState(StrEnum):
    """What the requester sees: a decline and a lapse are one state, so that a PIN nobody holds
    (whose ask always lapses) looks like any other (domain.md §3.7)."""

    PENDING = "pending"
    ANSWERED = "answered"
    REFUSED = "refused"


class AskOut(BaseModel):
    ref: str
    status: AskState
    question: Question
    permit: str
    expires_at: dt.datetime
    poll: str
    answer: bool | None = None
    receipt: int | None = None
    fee_receipt: int | None = None


class MyAskOut(BaseModel):
    ref: str
    requester: str
    question: Question
    purpose: str
    fields: list[str]
    permit: str
    expires_at: dt.datetime


class AskDecisionIn(_In):
    ref: str = Field(pattern=r"^XT-[0-9]{4}-[0-9A-F]{8}$")
    approve: bool
