"""API contract of correction requests: what a citizen files, what an officer decides, what both see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from dancu.corrections.models import CorrectionStatus, RefusalGround
from dancu.enums.registry import Item

MEDIA_TYPES = {"application/pdf": b"%PDF-", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProposedItemIn(_In):
    item: Item
    value: Any = Field(description="The proposed value, in the item's shape (as officers send it)")


class ProofIn(_In):
    """A proof document for the JSON API (the app uploads it as a file)."""

    filename: str = Field(min_length=1, max_length=200)
    media_type: str = Field(pattern=r"^(application/pdf|image/jpeg|image/png)$")
    content_base64: str = Field(min_length=4)


class CorrectionIn(_In):
    """Phiếu đề nghị điều chỉnh thông tin (DC02), filed by the citizen about their own record."""

    items: list[ProposedItemIn] = Field(min_length=1, max_length=10)
    reason: str = Field(min_length=5, max_length=1000)
    proof: ProofIn | None = None


class RefusalIn(_In):
    ground: RefusalGround
    text: str = Field(min_length=5, max_length=2000, description="Reasons, stated to the citizen")


class AssignmentIn(_In):
    """The commune police a provincial officer assigns (2025 code) and why."""

    commune_code: str = Field(pattern=r"^[0-9]{5}$")
    reason: str = Field(min_length=5, max_length=1000)


class ProofFile(BaseModel):
    """A received attachment before it is stored (from the API's base64 or the app's upload)."""

    filename: str
    media_type: str
    content: bytes


class CorrectionItemOut(BaseModel):
    item: Item
    current: Any
    proposed: Any


class AttachmentOut(BaseModel):
    filename: str
    media_type: str
    size: int
    sha256: str


class CorrectionOut(BaseModel):
    reference: str
    status: CorrectionStatus
    reason: str
    items: list[CorrectionItemOut]
    attachments: list[AttachmentOut]
    received_on: dt.date
    due_on: dt.date
    overdue: bool
    created_at: dt.datetime
    decided_at: dt.datetime | None
    refusal_ground: RefusalGround | None
    decision_text: str | None


class AssignmentOut(BaseModel):
    assigned_from: str
    commune_code: str
    assigned_at: dt.datetime
    assigned_by_account_id: int | None
    reason: str | None


class CommuneChoice(BaseModel):
    code: str
    name: str


class OfficerCorrectionOut(CorrectionOut):
    pin: str
    full_name: str
    commune_code: str
    # Held by the province police until a commune is assigned: the communes it may go to.
    assignable: list[CommuneChoice] = []
    assignment: AssignmentOut | None = None


class CorrectionList(BaseModel):
    items: list[CorrectionOut]


class OfficerCorrectionList(BaseModel):
    items: list[OfficerCorrectionOut]
