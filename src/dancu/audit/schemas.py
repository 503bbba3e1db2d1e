"""API contract of the access log: Data Tracker entries and proofs."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from dancu.access.groups import ActorGroup, Channel
from dancu.audit.models import EventType, known_type
from dancu.audit.queries import TrackerEntry


class TrackerEntryOut(BaseModel):
    id: int
    occurred_at: dt.datetime
    event_type: EventType | None = Field(
        description="What happened. null when this version of the service does not know the type the "
        "entry was logged with (a later version logged it, then the service was rolled back): "
        "event_type_raw then says it as stored."
    )
    event_type_raw: str = Field(
        description="The type as stored in the log (the entry's hash covers it): equal to event_type "
        "when that is known, the only name of the type when event_type is null."
    )
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

    @classmethod
    def of(cls, entry: TrackerEntry) -> TrackerEntryOut:
        # Field by field, not dataclasses.asdict: that would turn an UnknownEventType into a dict.
        values = {field.name: getattr(entry, field.name) for field in dataclasses.fields(entry)}
        known = known_type(entry.event_type)
        return cls(**values | {"event_type": known, "event_type_raw": entry.event_type.value})


class TrackerOut(BaseModel):
    entries: list[TrackerEntryOut]
    # The next page: pass both back as ``before`` and ``before_at`` (keyset by time, docs/adr/0018).
    next_before: int | None
    next_before_at: dt.datetime | None = None


class ProofOut(BaseModel):
    """A proof as :func:`dancu.audit.proof.verify_proof` takes it, plus the public keys to check it."""

    proof: dict[str, Any]
    public_keys: dict[str, str]
