"""API contract of the access log: Data Tracker entries and proofs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from dancu.access.groups import ActorGroup, Channel
from dancu.audit.models import EventType


class TrackerEntryOut(BaseModel):
    id: int
    occurred_at: dt.datetime
    event_type: EventType
    actor_label: str
    actor_group: ActorGroup | None
    organisation_id: int | None
    organisation_label: str | None
    channel: Channel | None
    fields: list[str]
    purpose: str | None
    legal_basis: str | None
    request_ref: str | None
    permit_ref: str | None
    consent_ref: str | None
    staff_id: str | None = None


class TrackerOut(BaseModel):
    entries: list[TrackerEntryOut]
    # The next page: pass both back as ``before`` and ``before_at`` (keyset by time, docs/adr/0018).
    next_before: int | None
    next_before_at: dt.datetime | None = None


class ProofOut(BaseModel):
    """A proof as :func:`dancu.audit.proof.verify_proof` takes it, plus the public keys to check it."""

    proof: dict[str, Any]
    public_keys: dict[str, str]
