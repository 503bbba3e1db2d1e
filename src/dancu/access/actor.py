"""Who is acting: an officer from a web session, or a named system actor (CLI, seed, jobs)."""

from __future__ import annotations

from dataclasses import dataclass, field

from dancu.access.permissions import ROLE_PERMISSIONS, OfficerRole, Permission


@dataclass(frozen=True)
class Actor:
    label: str
    account_id: int | None = None
    role: OfficerRole | None = None
    unit_code: str | None = None
    unit_version: str | None = None
    permissions: frozenset[Permission] = field(default_factory=frozenset)

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
    ) -> Actor:
        return cls(
            label=label,
            account_id=account_id,
            role=role,
            unit_code=unit_code,
            unit_version=unit_version,
            permissions=ROLE_PERMISSIONS[role],
        )

    @classmethod
    def system(cls, label: str) -> Actor:
        """A trusted local actor (CLI run by the operator, the seeder): all register permissions."""
        return cls(label=label, permissions=frozenset(Permission))
