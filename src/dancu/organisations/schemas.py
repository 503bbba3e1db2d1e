"""API contract of organisations, mandates and sub-accounts."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dancu.access.groups import ActorGroup, OrganisationType
from dancu.enums.registry import Item
from dancu.geo.enums import CodeTable

USERNAME = r"^[a-z0-9][a-z0-9._-]{2,63}$"
PIN = r"^[0-9]{12}$"


def _unique_items(items: list[Item]) -> list[Item]:
    if len(set(items)) != len(items):
        raise ValueError("access.duplicate_items")
    return sorted(items, key=list(Item).index)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MemberIn(_In):
    username: str = Field(pattern=USERNAME)
    password: str = Field(min_length=12, max_length=200)
    display_name: str = Field(min_length=1, max_length=200)
    # None: the whole mandate. Otherwise a subset of it (NĐ 70 Điều 10 khoản 1 điểm b).
    field_scope: list[Item] | None = None

    @field_validator("field_scope")
    @classmethod
    def _scope(cls, value: list[Item] | None) -> list[Item] | None:
        return None if value is None else _unique_items(value)


class AdminIn(_In):
    username: str = Field(pattern=USERNAME)
    password: str = Field(min_length=12, max_length=200)
    display_name: str = Field(min_length=1, max_length=200)


class MandateIn(_In):
    # Items named one by one: there is no "everything" grant, so ethnicity and religion appear
    # only where they are named.
    mandate: list[Item]
    legal_basis: str = Field(min_length=3, max_length=300)
    # Required when the mandate adds ethnicity or religion (sensitive personal data).
    sensitive_basis: str | None = Field(default=None, max_length=300)

    @field_validator("mandate")
    @classmethod
    def _mandate(cls, value: list[Item]) -> list[Item]:
        return _unique_items(value)


class OrganisationIn(MandateIn):
    name: str = Field(min_length=2, max_length=300)
    actor_group: ActorGroup
    # Khoản 2 only: credit institution, telecom … (it picks the competent tier, NĐ 70 Điều 9).
    organisation_type: OrganisationType | None = None
    unit_code: str | None = Field(default=None, pattern=r"^[0-9]{2,5}$")
    unit_version: CodeTable | None = None
    legal_representative_pin: str | None = Field(default=None, pattern=PIN)
    admin: AdminIn


class MemberOut(BaseModel):
    account_id: int
    username: str
    display_name: str
    is_org_admin: bool
    field_scope: list[str] | None
    fields: list[str]
    active: bool


class OrganisationOut(BaseModel):
    organisation_id: int
    name: str
    actor_group: ActorGroup
    organisation_type: OrganisationType | None = None
    mandate: list[str]
    legal_basis: str
    unit_code: str | None
    unit_version: str | None
    has_legal_representative: bool
    active: bool
    admin: MemberOut | None = None


# --- Portal accounts of k2/k3 organisations (NĐ 69/2024 Điều 12) -----------------------------------

TAX_CODE = r"^[0-9]{10}(-[0-9]{3})?$"


class PortalRequestIn(_In):
    organisation_name: str = Field(min_length=2, max_length=300)
    tax_code: str = Field(pattern=TAX_CODE)  # mã số thuế / mã số doanh nghiệp
    actor_group: ActorGroup
    address: str = Field(min_length=5, max_length=500)
    representative_role: str = Field(min_length=2, max_length=200)  # e.g. "Giám đốc"
    admin_username: str = Field(pattern=USERNAME)
    admin_password: str = Field(min_length=12, max_length=200)

    @field_validator("actor_group")
    @classmethod
    def _group(cls, value: ActorGroup) -> ActorGroup:
        # k1 bodies are registered by the identity agency; k4 individuals use their own e-ID.
        if value not in (ActorGroup.K2, ActorGroup.K3):
            raise ValueError("access.portal_group")
        return value


class PortalApproveIn(MandateIn):
    """What the officer decides: the fields the organisation may ever ask for, and why."""

    mandate: list[Item] = Field(default_factory=list)
    organisation_type: OrganisationType | None = None


class PortalRefuseIn(_In):
    reason: str = Field(min_length=3, max_length=500)


class PortalRequestOut(BaseModel):
    request_id: int
    organisation_name: str
    tax_code: str
    actor_group: ActorGroup
    address: str
    representative_role: str
    admin_username: str
    status: str
    refusal_reason: str | None
    organisation_id: int | None
