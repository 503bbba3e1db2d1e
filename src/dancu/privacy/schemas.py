"""API contract of the data subject's rights and of the breach register."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from dancu.access.groups import Channel
from dancu.privacy.models import BreachStatus, DataScope, RightKind, RightRefusalGround, RightStatus

Text = Annotated[str, Field(min_length=5, max_length=2000)]
Pin = Annotated[str, Field(pattern=r"^[0-9]{12}$")]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RightRequestIn(_In):
    """A subject's request (Luật 91 Điều 4 khoản 1), filed in the identity app about themself."""

    kind: RightKind
    scope: DataScope
    details: Text = Field(description="What the subject asks for and why, in their words")


class PaperRightRequestIn(RightRequestIn):
    """The same request received on paper by an officer, for the subject named by PIN."""

    pin: Pin
    full_name: Annotated[str, Field(min_length=2, max_length=200)]


class ExtensionIn(_In):
    reason: Text


class GrantIn(_In):
    text: Text = Field(description="What was done, stated to the subject in the written reply")


class RefuseIn(_In):
    ground: RightRefusalGround
    text: Text = Field(description="The reasons, stated to the subject in the written reply")


class RightRequestOut(BaseModel):
    reference: str
    kind: RightKind
    scope: DataScope
    channel: Channel
    details: str
    status: RightStatus
    received_on: dt.date
    acknowledge_by: dt.date
    due_on: dt.date
    extended: bool
    overdue: bool
    acknowledged_at: dt.datetime | None
    decided_at: dt.datetime | None
    refusal_ground: RightRefusalGround | None
    decision_text: str | None
    reply_document_id: int | None


class OfficerRightRequestOut(RightRequestOut):
    pin: str
    full_name: str


class RestrictionOut(BaseModel):
    id: int
    kind: RightKind
    scope: DataScope
    effective_from: dt.datetime
    lifted_at: dt.datetime | None


class RightRequestList(BaseModel):
    items: list[RightRequestOut]
    restrictions: list[RestrictionOut]


class OfficerRightRequestList(BaseModel):
    items: list[OfficerRightRequestOut]


# --- Breaches ---------------------------------------------------------------------------------------

Category = Annotated[str, Field(min_length=2, max_length=100)]


class BreachIn(_In):
    """Luật 91/2025 Điều 23 [S]: what happened, when it was detected, what and whom it touches."""

    nature: Text
    detected_at: AwareDatetime
    occurred_at: AwareDatetime | None = None
    data_categories: Annotated[list[Category], Field(min_length=1, max_length=30)]
    subject_categories: Annotated[list[Category], Field(min_length=1, max_length=30)]
    subject_count: Annotated[int, Field(ge=0, le=200_000_000)]
    measures: Text
    likely_harm: bool = Field(
        description="May it harm security, order, or a subject's life, health, dignity or property?"
    )


class MeasuresIn(_In):
    measures: Text


class BreachNoticeIn(_In):
    authority: Annotated[str, Field(min_length=5, max_length=300)] | None = None
    late_reason: Text | None = Field(default=None, description="Required when notifying after 72 hours")


class BreachOut(BaseModel):
    reference: str
    status: BreachStatus
    nature: str
    occurred_at: dt.datetime | None
    detected_at: dt.datetime
    data_categories: list[str]
    subject_categories: list[str]
    subject_count: int
    measures: str
    likely_harm: bool
    notify_by: dt.datetime
    hours_left: float
    overdue: bool
    notified_at: dt.datetime | None
    authority: str | None
    late_reason: str | None
    notice_document_id: int | None
    closed_at: dt.datetime | None


class BreachList(BaseModel):
    items: list[BreachOut]
