"""API contract of the identity package."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.identity.models import AccountStatus
from dancu.identity.representatives import Basis


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class LoginOut(BaseModel):
    token: str
    csrf_token: str
    expires_at: str
    # What the session still needs before it is usable: "totp" or "code" (POST /second-factor),
    # "enrol_totp" (an officer without TOTP: POST /totp/enrol then /totp/confirm), or None.
    second_factor: str | None = None


class TotpEnrolOut(BaseModel):
    secret: str
    otpauth_uri: str


class TotpConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    secret: str = Field(pattern=r"^[A-Z2-7]{16,64}$")
    code: str = Field(pattern=r"^[0-9]{6}$")


class MeOut(BaseModel):
    username: str
    display_name: str
    role: OfficerRole | None
    position: Position | None = None
    unit_code: str | None
    unit_version: str | None
    permissions: list[str]


class OfficerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=3, max_length=64, pattern=r"^[a-z0-9._-]+$")
    password: str = Field(min_length=12, max_length=200)
    display_name: str = Field(min_length=1, max_length=200)
    role: OfficerRole
    # Least privilege by default: a staff member proposes, the head decides (TT 117 Điều 17 khoản 3–4).
    position: Position = Position.STAFF
    unit_code: str | None = Field(default=None, pattern=r"^[0-9]{2,5}$")
    unit_version: str | None = Field(default=None, max_length=20)


class RegistrationIn(BaseModel):
    """Self-registration at level 1 (NĐ 69 Điều 13): every field must match the register."""

    model_config = ConfigDict(extra="forbid")
    full_name: str = Field(min_length=1, max_length=300)
    date_of_birth: dt.date
    pin: str = Field(pattern=r"^[0-9]{12}$")
    card_number: str = Field(pattern=r"^[0-9]{9}$|^[0-9]{12}$")


class ChildAccountIn(BaseModel):
    """A legal representative asks for the e-ID account of a child of 6 to under 14 (NĐ 69 Điều 7)."""

    model_config = ConfigDict(extra="forbid")
    pin: str = Field(pattern=r"^[0-9]{12}$")


class RegistrationOut(BaseModel):
    status: str
    activation_deadline: str
    sent_to: str  # the register's mobile, masked


class ActivationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pin: str = Field(pattern=r"^[0-9]{12}$")
    code: str = Field(pattern=r"^[0-9]{6}$")
    password: str = Field(min_length=10, max_length=200)


class CodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^[0-9]{6}$")


class EidAccountOut(BaseModel):
    pin: str
    status: str
    level: str | None
    second_factor: str


class Level2In(BaseModel):
    """The officer's attestation of the in-person check (NĐ 69 Điều 10); no biometrics are kept."""

    model_config = ConfigDict(extra="forbid")
    card_presented: bool
    form_tk01: bool
    mobile_confirmed: bool
    note: str = Field(default="", max_length=500)


class LockIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=500)


class UnlockStartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pin: str = Field(pattern=r"^[0-9]{12}$")
    password: str = Field(min_length=1, max_length=200)


class UnlockFinishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pin: str = Field(pattern=r"^[0-9]{12}$")
    code: str = Field(pattern=r"^[0-9]{6}$")


class RepresentedOut(BaseModel):
    """A person the caller may act for in the identity app (NĐ 69 Điều 14), and their e-ID account's
    state (None: no account yet)."""

    citizen_id: int
    full_name: str
    basis: Basis
    account_status: AccountStatus | None
    activation_deadline: dt.datetime | None
