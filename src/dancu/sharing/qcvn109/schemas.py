"""API contract of QCVN 109 message exchange (the messages themselves are XML)."""

from __future__ import annotations

from pydantic import BaseModel

from dancu.sharing.qcvn109.actions import Outcome


class ValidOut(BaseModel):
    valid: bool
    message_id: str
    citizens: int
    schema_version: str


class ImportedOut(BaseModel):
    index: int
    pin: str
    outcome: Outcome
    items: list[str]


class ImportOut(BaseModel):
    message_id: str
    results: list[ImportedOut]
