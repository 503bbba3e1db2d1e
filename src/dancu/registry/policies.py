"""Who may act on whom: roles give permissions, units give territory (NĐ 70 Điều 4, 5)."""

from __future__ import annotations

from dataclasses import dataclass

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.errors import FieldProblem, Forbidden
from dancu.geo.enums import CodeTable
from dancu.geo.queries import current_province_code, map_commune_to_2025
from dancu.registry.models import Citizen

NATIONWIDE = frozenset({OfficerRole.IDENTITY_AGENCY})


def _commune_2025(unit_code: str, table: CodeTable) -> str | None:
    if table is CodeTable.FROM_2025:
        return unit_code
    mapped = map_commune_to_2025(unit_code)
    return mapped.code if mapped else None


def unit_in_territory(actor: Actor, *, unit_code: str | None, unit_version: str | None) -> bool:
    """Is an administrative unit (as stored, with its table version) inside the actor's territory?"""
    if actor.role is None or actor.role in NATIONWIDE:
        return True  # system actors and the ministry's identity agency act nationwide
    if unit_code is None or unit_version is None or actor.unit_code is None:
        return False
    table = CodeTable(unit_version)
    if actor.role is OfficerRole.PROVINCIAL_POLICE:
        return current_province_code(unit_code, table) == actor.unit_code
    if actor.role is OfficerRole.COMMUNE_POLICE:
        return _commune_2025(unit_code, table) == actor.unit_code
    return False


def citizen_in_territory(actor: Actor, citizen: Citizen) -> bool:
    return unit_in_territory(
        actor, unit_code=citizen.residence_unit_code, unit_version=citizen.residence_unit_version
    )


def ensure_citizen_in_territory(actor: Actor, citizen: Citizen, *, field: str | None = None) -> None:
    """403 unless the person is inside the actor's territory; ``field`` names the input that named
    them when it is not the path (a relative's PIN, a parent's PIN), so the officer knows which."""
    # Out-of-territory looks like "not found" would leak less, but officers need to know why they
    # cannot act, and the PIN they typed is already theirs to know.
    if not citizen_in_territory(actor, citizen):
        problems = [FieldProblem(field, "auth.out_of_territory")] if field else None
        raise Forbidden("auth.out_of_territory", problems=problems)


def ensure_unit_in_territory(actor: Actor, *, unit_code: str, unit_version: str) -> None:
    if not unit_in_territory(actor, unit_code=unit_code, unit_version=unit_version):
        raise Forbidden("auth.out_of_territory")


@dataclass(frozen=True)
class Territory:
    """Where a search may look: a province (2025 code), a commune (2025 code), or the whole country.

    A required argument of the register's search, so a caller cannot forget it and search
    nationwide by default; only :data:`NATIONWIDE` (for roles that act nationwide) has neither.
    """

    province_code: str | None = None
    unit_code: str | None = None


NATIONWIDE_TERRITORY = Territory()


def territory_of(actor: Actor) -> Territory:
    """The territory that keeps a search inside what the actor may see."""
    if actor.role is OfficerRole.PROVINCIAL_POLICE and actor.unit_code:
        return Territory(province_code=actor.unit_code)
    if actor.role is OfficerRole.COMMUNE_POLICE and actor.unit_code:
        return Territory(unit_code=actor.unit_code)
    if actor.role is None or actor.role in NATIONWIDE:
        return NATIONWIDE_TERRITORY
    raise Forbidden("auth.out_of_territory")
