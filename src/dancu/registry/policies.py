"""Who may act on whom: roles give permissions, units give territory (NĐ 70 Điều 4, 5)."""

from __future__ import annotations

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.errors import Forbidden
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


def ensure_citizen_in_territory(actor: Actor, citizen: Citizen) -> None:
    # Out-of-territory looks like "not found" would leak less, but officers need to know why they
    # cannot act, and the PIN they typed is already theirs to know.
    if not citizen_in_territory(actor, citizen):
        raise Forbidden("auth.out_of_territory")


def ensure_unit_in_territory(actor: Actor, *, unit_code: str, unit_version: str) -> None:
    if not unit_in_territory(actor, unit_code=unit_code, unit_version=unit_version):
        raise Forbidden("auth.out_of_territory")


def search_scope(actor: Actor) -> dict[str, str | None]:
    """Filters that keep a search inside the actor's territory."""
    if actor.role is OfficerRole.PROVINCIAL_POLICE:
        return {"province_code": actor.unit_code}
    if actor.role is OfficerRole.COMMUNE_POLICE:
        return {"unit_code": actor.unit_code}
    if actor.role is None or actor.role in NATIONWIDE:
        return {}
    raise Forbidden("auth.out_of_territory")
