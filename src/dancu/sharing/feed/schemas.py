"""API contract of subscriptions and the change feed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dancu.access.models import SecurityCheckBasis, SecurityCheckResult
from dancu.sharing.feed.models import FeedKind


class SubscriptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kinds: list[FeedKind] = Field(min_length=1)
    # Optional: events are always available from the pull feed; a URL also pushes them.
    webhook_url: str | None = Field(default=None, max_length=500)

    @field_validator("kinds")
    @classmethod
    def _unique(cls, value: list[FeedKind]) -> list[FeedKind]:
        if len(set(value)) != len(value):
            raise ValueError("sharing.duplicate_kinds")
        return sorted(value, key=list(FeedKind).index)


class SubscriptionOut(BaseModel):
    subscription_id: int
    kinds: list[FeedKind]
    webhook_url: str | None
    start_seq: int
    created_at: dt.datetime
    # Present only in the answer that creates the subscription: the HMAC key of the signatures.
    webhook_secret: str | None = None


class ChangeOut(BaseModel):
    item: str
    key: str
    value: Any
    valid_from: dt.date | None
    valid_to: dt.date | None


class FeedEventOut(BaseModel):
    seq: int
    kind: FeedKind
    event_time: dt.datetime
    pin: str
    previous_pin: str | None = None
    changes: list[ChangeOut]


class FeedPageOut(BaseModel):
    events: list[FeedEventOut]
    # Pass as ``after`` next time; it moves past entries this system does not receive too.
    next_cursor: int


class SecurityCheckIn(BaseModel):
    """The written confirmation of A05's cyber-security check (TT 117/2026 Điều 11 khoản 4 điểm a),
    or the exemption of a system already connected to the e-identification platform."""

    model_config = ConfigDict(extra="forbid")

    basis: SecurityCheckBasis
    result: SecurityCheckResult = SecurityCheckResult.CONFIRMED
    document_number: str = Field(min_length=1, max_length=60)
    document_date: dt.date
    valid_until: dt.date | None = None
