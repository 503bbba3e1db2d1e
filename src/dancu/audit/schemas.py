"""API contract of the access log: Data Tracker entries and proofs."""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from dancu.access.groups import ActorGroup, Channel
from dancu.audit.models import EventType, known_type
from dancu.audit.queries import TrackerEntry
from dancu.db.base import UnknownValue, known


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
    actor_group: ActorGroup | None = Field(
        description="The group of the one who acted (Luật Căn cước Điều 8 khoản 3). null when none was "
        "logged, or when this version of the service does not know the group the entry was logged "
        "with (a later version logged it, then the service was rolled back): actor_group_raw then "
        "says it as stored."
    )
    actor_group_raw: str | None = Field(
        description="The group as stored in the log (the entry's hash covers it): equal to actor_group "
        "when that is known, null when no group was logged, the only name of the group when "
        "actor_group is null and this is not."
    )
    organisation_id: int | None
    organisation_label: str | None
    channel: Channel | None = Field(
        description="The channel the data went through. null when none was logged, or when this "
        "version of the service does not know the channel the entry was logged with (a later version "
        "logged it, then the service was rolled back): channel_raw then says it as stored."
    )
    channel_raw: str | None = Field(
        description="The channel as stored in the log (the entry's hash covers it): equal to channel "
        "when that is known, null when no channel was logged, the only name of the channel when "
        "channel is null and this is not."
    )
    fields: list[str]
    purpose: str | None
    legal_basis: str | None
    request_ref: str | None
    permit_ref: str | None
    consent_ref: str | None
    staff_id: str | None = None

    @classmethod
    def of(cls, entry: TrackerEntry) -> TrackerEntryOut:
        # Field by field, not dataclasses.asdict: that would turn an Unknown… value into a dict. A
        # word this version does not know is null in the enum field, never a made-up member.
        values = {field.name: getattr(entry, field.name) for field in dataclasses.fields(entry)}
        return cls(
            **values
            | {
                "event_type": known_type(entry.event_type),
                "event_type_raw": entry.event_type.value,
                "actor_group": known(entry.actor_group),
                "actor_group_raw": _raw(entry.actor_group),
                "channel": known(entry.channel),
                "channel_raw": _raw(entry.channel),
            }
        )


def _raw(stored: StrEnum | UnknownValue | None) -> str | None:
    """The word as stored in the log, known or not."""
    return stored.value if stored is not None else None


class TrackerOut(BaseModel):
    entries: list[TrackerEntryOut]
    # The next page: pass both back as ``before`` and ``before_at`` (keyset by time, docs/adr/0018).
    next_before: int | None
    next_before_at: dt.datetime | None = None


class ProofOut(BaseModel):
    """A proof as :func:`dancu.audit.proof.verify_proof` takes it, plus the public keys to check it."""

    proof: dict[str, Any]
    public_keys: dict[str, str]
