"""Who may hold which fields, and who may manage whose accounts (Luật Điều 10 khoản 6; NĐ 70 Điều 10 khoản 1).

Pure rules over values, so they are tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup
from dancu.enums.registry import Item
from dancu.errors import DomainError, FieldProblem, Forbidden, NotFound

# Sensitive personal data under the personal-data law (NĐ 13/2023 Điều 2 khoản 4; Luật BVDLCN 2025):
# racial/ethnic origin and religious belief. They are never implied by a broader grant.
SENSITIVE_ITEMS = frozenset({Item.ETHNICITY.value, Item.RELIGION.value})
# k2/k3 organisations act through their legal representative's level-2 e-ID (NĐ 69 Điều 12).
NEEDS_REPRESENTATIVE = frozenset({ActorGroup.K2, ActorGroup.K3})
ORGANISATION_GROUPS = frozenset({ActorGroup.K1, ActorGroup.K2, ActorGroup.K3, ActorGroup.K4})


def added_sensitive(old: Iterable[str], new: Iterable[str]) -> list[str]:
    """Sensitive items present in ``new`` but not in ``old`` (sorted)."""
    return sorted((set(new) - set(old)) & SENSITIVE_ITEMS)


def check_mandate(mandate: list[str], *, old: Iterable[str] = (), sensitive_basis: str | None) -> None:
    """A mandate that adds ethnicity or religion must state the legal basis for that sensitive data."""
    added = added_sensitive(old, mandate)
    if added and not (sensitive_basis or "").strip():
        raise DomainError(
            "validation.failed",
            status=422,
            problems=[
                FieldProblem(
                    "sensitive_basis", "access.sensitive_basis_required", {"items": ", ".join(added)}
                )
            ],
        )


def check_scope(scope: list[str] | None, mandate: Iterable[str]) -> None:
    """A sub-account's scope is a subset of its organisation's mandate; 422 naming the excess."""
    if scope is None:
        return
    excess = sorted(set(scope) - set(mandate))
    if excess:
        raise DomainError(
            "validation.failed",
            status=422,
            problems=[
                FieldProblem("field_scope", "access.scope_outside_mandate", {"items": ", ".join(excess)})
            ],
        )


def ensure_own_organisation(actor: Actor, organisation_id: int) -> None:
    """An organisation's admin manages only its own accounts; any other organisation looks absent."""
    if actor.organisation_id is None:
        raise Forbidden("access.not_an_organisation_member")
    if actor.organisation_id != organisation_id:
        raise NotFound("access.organisation_not_found")


def fields_outside(allowed: Iterable[str] | None, requested: Iterable[str]) -> list[str]:
    """The requested fields a release to this caller may not hold (sorted).

    The one field rule for every channel and actor group (lookup, requests, reconciliation):
    ``allowed`` is the caller's fields — the organisation's mandate, narrowed by a staff
    sub-account's scope — and sensitive items (ethnicity, religion) are checked against it like
    any other: a group that may receive them still needs them in its own mandate and scope.
    ``None`` means the caller has no mandate to cut to (a citizen asking about themselves).
    """
    if allowed is None:
        return []
    return sorted(set(requested) - set(allowed))


def fields_for(actor: Actor, requested: Iterable[str] | None) -> frozenset[str]:
    """The fields an answer may hold: the request cut to the actor's fields (mandate ∩ scope).

    Asking for a field outside them is refused (403, naming the fields) rather than silently
    trimmed, so an integrating system learns of its misconfiguration.
    """
    allowed = actor.fields or frozenset()
    if requested is None:
        return allowed
    wanted = frozenset(requested)
    outside = fields_outside(allowed, wanted)
    if outside:
        raise Forbidden("access.fields_outside_scope", items=", ".join(outside))
    return wanted


LEVEL_2 = "2"


def ensure_level2(eid_level: str | None) -> None:
    """Acts the law reserves to a level-2 e-ID (NĐ 69/2024 Điều 12, 13): 403 naming the level held."""
    if eid_level != LEVEL_2:
        raise Forbidden("eid.level2_required", level=eid_level or "1")


def ensure_eid_level2(actor: Actor) -> None:
    """The actor is a citizen with a level-2 e-ID (anyone else has no e-ID level at all)."""
    if actor.group is not ActorGroup.CITIZEN:
        raise Forbidden("eid.level2_required", level="-")
    ensure_level2(actor.eid_level)


# eKYC (banks, telecoms: k2) receives identity data only from a level-2 e-ID (NĐ 69/2024 Điều 13).
EKYC_GROUPS = frozenset({ActorGroup.K2})
