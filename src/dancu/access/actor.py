"""Who is acting: an officer, a citizen, an organisation member, or a named system actor.

Everything a policy or the access log needs to know about the caller is here, so that actions
take one ``actor`` argument whatever the channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dancu.access.groups import ActorGroup, Channel
from dancu.access.permissions import (
    CITIZEN_PERMISSIONS,
    K1_MEMBER_PERMISSIONS,
    OTHER_MEMBER_PERMISSIONS,
    ROLE_PERMISSIONS,
    OfficerRole,
    Permission,
)
from dancu.access.positions import Position


@dataclass(frozen=True)
class Actor:
    label: str
    account_id: int | None = None
    group: ActorGroup = ActorGroup.OFFICER
    channel: Channel = Channel.OFFICER_CONSOLE
    role: OfficerRole | None = None
    # The officer's position in their unit: who may decide (TT 117 Điều 3 khoản 6, Điều 17 khoản 3–4).
    position: Position | None = None
    unit_code: str | None = None
    unit_version: str | None = None
    permissions: frozenset[Permission] = field(default_factory=frozenset)
    # A citizen acting for themself (or a representative acting for the person they represent).
    citizen_id: int | None = None
    eid_level: str | None = None
    # An organisation member: the organisation and the fields the member may receive
    # (the mandate narrowed by the sub-account's scope).
    organisation_id: int | None = None
    organisation_name: str | None = None
    fields: frozenset[str] | None = None
    # The organisation's legal basis (its founding act / mandate), resolved when the actor is built
    # so that logging a read needs no second read of the organisation.
    legal_basis: str | None = None

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    @classmethod
    def officer(
        cls,
        *,
        account_id: int,
        label: str,
        role: OfficerRole,
        unit_code: str | None,
        unit_version: str | None,
        position: Position | None = Position.STAFF,
    ) -> Actor:
        return cls(
            label=label,
            account_id=account_id,
            role=role,
            position=position,
            unit_code=unit_code,
            unit_version=unit_version,
            permissions=ROLE_PERMISSIONS[role],
        )

    @classmethod
    def citizen(cls, *, account_id: int, label: str, citizen_id: int, eid_level: str) -> Actor:
        return cls(
            label=label,
            account_id=account_id,
            group=ActorGroup.CITIZEN,
            channel=Channel.IDENTITY_APP,
            citizen_id=citizen_id,
            eid_level=eid_level,
            permissions=CITIZEN_PERMISSIONS,
        )

    @classmethod
    def org_member(
        cls,
        *,
        account_id: int,
        label: str,
        group: ActorGroup,
        organisation_id: int,
        organisation_name: str,
        fields: frozenset[str],
        channel: Channel,
        admin: bool = False,
        legal_basis: str | None = None,
    ) -> Actor:
        permissions = K1_MEMBER_PERMISSIONS if group is ActorGroup.K1 else OTHER_MEMBER_PERMISSIONS
        if admin:
            permissions = permissions | {Permission.ORG_MANAGE}
        return cls(
            label=label,
            account_id=account_id,
            group=group,
            channel=channel,
            organisation_id=organisation_id,
            organisation_name=organisation_name,
            fields=fields,
            permissions=permissions,
            legal_basis=legal_basis,
        )

    @classmethod
    def system(cls, label: str) -> Actor:
        """A trusted local actor (CLI run by the operator, the seeder): all officer permissions."""
        return cls(label=label, channel=Channel.CLI, permissions=frozenset(Permission))
