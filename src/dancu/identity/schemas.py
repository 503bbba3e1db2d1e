"""API contract of the identity package."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from dancu.access.permissions import OfficerRole


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class LoginOut(BaseModel):
    token: str
    csrf_token: str
    expires_at: str


class MeOut(BaseModel):
    username: str
    display_name: str
    role: OfficerRole | None
    unit_code: str | None
    unit_version: str | None
    permissions: list[str]


class OfficerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=3, max_length=64, pattern=r"^[a-z0-9._-]+$")
    password: str = Field(min_length=12, max_length=200)
    display_name: str = Field(min_length=1, max_length=200)
    role: OfficerRole
    unit_code: str | None = Field(default=None, pattern=r"^[0-9]{2,5}$")
    unit_version: str | None = Field(default=None, max_length=20)
