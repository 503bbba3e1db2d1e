"""The correction procedure's rules without a database: transitions, what may be corrected, who decides."""

from __future__ import annotations

import pytest

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.corrections import policies
from dancu.corrections.models import CorrectionStatus as S
from dancu.enums.registry import Item
from dancu.errors import Conflict, Forbidden


def test_only_a_submitted_request_moves_and_only_once() -> None:
    assert policies.ensure_move(S.SUBMITTED, S.APPROVED) is S.APPROVED
    assert policies.ensure_move(S.SUBMITTED, S.REFUSED) is S.REFUSED
    assert policies.ensure_move(S.SUBMITTED, S.WITHDRAWN) is S.WITHDRAWN
    for final in (S.APPROVED, S.REFUSED, S.WITHDRAWN):
        for target in S:
            assert not policies.can_move(final, target)
            with pytest.raises(Conflict):
                policies.ensure_move(final, target)
    assert not policies.can_move(S.SUBMITTED, S.SUBMITTED)
    assert {S.SUBMITTED} == policies.OPEN


def test_every_status_has_a_row_in_the_table() -> None:
    assert set(policies.TRANSITIONS) == set(S)


def test_items_with_their_own_procedure_are_not_correctable_here() -> None:
    for item in (Item.PIN, Item.HOUSEHOLD, Item.RELATION, Item.DEATH, Item.CARD, Item.PERMANENT_RESIDENCE):
        assert item not in policies.CORRECTABLE
    for item in (Item.FULL_NAME, Item.DATE_OF_BIRTH, Item.ETHNICITY, Item.HOMETOWN, Item.MOBILE):
        assert item in policies.CORRECTABLE


def _officer(role: OfficerRole, unit: str | None) -> Actor:
    return Actor.officer(account_id=1, label="x", role=role, unit_code=unit, unit_version="2025")


def test_only_the_commune_police_of_the_commune_decide() -> None:
    policies.ensure_decides(_officer(OfficerRole.COMMUNE_POLICE, "00070"), "00070")
    for actor in (
        _officer(OfficerRole.COMMUNE_POLICE, "00004"),
        _officer(OfficerRole.PROVINCIAL_POLICE, "01"),
        _officer(OfficerRole.IDENTITY_AGENCY, None),
    ):
        with pytest.raises(Forbidden):
            policies.ensure_decides(actor, "00070")


def test_routing_to_the_2025_commune() -> None:
    assert policies.commune_2025("00070", "2025") == "00070"
    assert policies.commune_2025("01", "2025") is None  # a province is not a commune police
