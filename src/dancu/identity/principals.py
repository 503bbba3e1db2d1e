"""From an authenticated account to the Actor that policies and the access log see."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.access.models import Organisation
from dancu.access.permissions import OfficerRole
from dancu.access.positions import Position
from dancu.errors import Forbidden
from dancu.i18n import Lang, t
from dancu.identity.models import Account, AccountKind, AccountStatus, EidLevel


class AccountFacts(Protocol):
    """What building an actor reads of an account: the ORM's :class:`Account`, or the row the hot
    routes read on the driver (identity/driver_login.py)."""

    @property
    def id(self) -> int: ...
    @property
    def username(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def kind(self) -> AccountKind: ...
    @property
    def status(self) -> AccountStatus: ...
    @property
    def role(self) -> OfficerRole | None: ...
    @property
    def position(self) -> Position | None: ...
    @property
    def unit_code(self) -> str | None: ...
    @property
    def unit_version(self) -> str | None: ...
    @property
    def citizen_id(self) -> int | None: ...
    @property
    def eid_level(self) -> EidLevel | None: ...
    @property
    def organisation_id(self) -> int | None: ...
    @property
    def is_org_admin(self) -> bool: ...
    @property
    def field_scope(self) -> list[str] | None: ...


class OrganisationFacts(Protocol):
    """What building an organisation member's actor reads of the organisation."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def actor_group(self) -> ActorGroup: ...
    @property
    def mandate(self) -> list[str]: ...
    @property
    def legal_basis(self) -> str: ...
    @property
    def active(self) -> bool: ...


def effective_fields(mandate: list[str], scope: list[str] | None) -> frozenset[str]:
    """A member never sees more than the organisation: the scope is cut down to the mandate."""
    allowed = frozenset(mandate)
    return allowed if scope is None else allowed & frozenset(scope)


def needs_organisation(account: AccountFacts) -> bool:
    """Whether :func:`actor_of` needs the account's organisation to build its actor."""
    return (
        account.status is AccountStatus.ACTIVE
        and account.kind is AccountKind.ORG_MEMBER
        and account.organisation_id is not None
    )


async def actor_for_account(
    session: AsyncSession, account: Account, *, channel: Channel | None = None
) -> Actor:
    organisation = None
    if needs_organisation(account):
        organisation = await session.get(Organisation, account.organisation_id)
    return actor_of(account, organisation, channel=channel)


def actor_of(
    account: AccountFacts, organisation: OrganisationFacts | None, *, channel: Channel | None = None
) -> Actor:
    """The actor of an account (with its organisation when :func:`needs_organisation`); raises
    Forbidden for an account that may not act. Pure, so the session path and the hot routes' driver
    read build the same actor by the same rules."""
    label = f"{account.display_name} ({account.username})"
    if account.status is not AccountStatus.ACTIVE:
        # The status named in words from the catalogue, never its raw value ("pending_activation").
        key = f"enum.account_status.{account.status.value}"
        raise Forbidden("auth.account_not_active", status_vi=t(key, Lang.VI), status_en=t(key, Lang.EN))
    if account.kind is AccountKind.OFFICER and account.role is not None:
        return Actor.officer(
            account_id=account.id,
            label=label,
            role=account.role,
            unit_code=account.unit_code,
            unit_version=account.unit_version,
            position=account.position or Position.STAFF,
        )
    if account.kind is AccountKind.CITIZEN and account.citizen_id is not None:
        return Actor.citizen(
            account_id=account.id,
            label=label,
            citizen_id=account.citizen_id,
            eid_level=(account.eid_level or EidLevel.LEVEL_1).value,
        )
    if account.kind is AccountKind.ORG_MEMBER and account.organisation_id is not None:
        if organisation is None or not organisation.active:
            raise Forbidden("auth.organisation_inactive")
        return Actor.org_member(
            account_id=account.id,
            label=label,
            group=organisation.actor_group,
            organisation_id=organisation.id,
            organisation_name=organisation.name,
            fields=effective_fields(organisation.mandate, account.field_scope),
            channel=channel or Channel.PORTAL,
            admin=account.is_org_admin,
            legal_basis=organisation.legal_basis,
        )
    raise Forbidden("auth.permission_denied", permission="account")
