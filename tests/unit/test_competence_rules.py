"""Who decides is data (issue 12 point 2; domain.md §3.3), checked when it is read."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.access.positions import DecisionKind, Position, title
from dancu.competence import policies
from dancu.errors import Forbidden


def _officer(position: Position, role: OfficerRole = OfficerRole.COMMUNE_POLICE) -> Actor:
    return Actor.officer(
        account_id=1, label="Cán bộ A", role=role, unit_code="00070", unit_version="2025", position=position
    )


def test_the_packaged_file_names_every_decision_kind_and_lets_only_the_head_decide_alone() -> None:
    """TT 117/2026 Điều 17 khoản 4: "Thủ trưởng cơ quan quản lý căn cước, Trưởng Công an cấp xã … quyết
    định"; Điều 3 khoản 6: a deputy by delegation. Every kind the issue names is in the file."""
    rules = policies.rules()
    assert set(rules.kinds) == set(DecisionKind)
    for rule in rules.kinds.values():
        assert rule.decide == {Position.HEAD} and rule.by_delegation == {Position.DEPUTY}
        assert "TT 117" in rule.legal_basis or "NĐ 70" in rule.legal_basis


def test_a_file_letting_staff_decide_or_missing_a_kind_is_refused() -> None:
    """TT 117/2026 Điều 17 khoản 3: staff "lập đề xuất … báo cáo … phê duyệt" — configuration may not
    turn them into deciders."""
    raw: dict[str, Any] = policies._raw()
    bad = copy.deepcopy(raw)
    bad["kinds"]["correction"]["decide"] = ["head", "staff"]
    with pytest.raises(ValueError, match="staff may propose, never decide"):
        policies.parse_rules(bad)
    missing = copy.deepcopy(raw)
    del missing["kinds"]["pin"]
    with pytest.raises(ValueError, match=r"kinds\.pin: is missing"):
        policies.parse_rules(missing)
    unknown = copy.deepcopy(raw)
    unknown["kinds"]["pin"]["by_delegation"] = ["chief"]
    with pytest.raises(ValueError, match="positions must be among"):
        policies.parse_rules(unknown)


def test_staff_are_refused_naming_the_rule_and_a_deputy_needs_a_delegation() -> None:
    """TT 117/2026 Điều 17 khoản 3–4 and Điều 3 khoản 6."""
    assert policies.needs_delegation(_officer(Position.HEAD), DecisionKind.CORRECTION) is False
    assert policies.needs_delegation(_officer(Position.DEPUTY), DecisionKind.CORRECTION) is True
    with pytest.raises(Forbidden) as refused:
        policies.needs_delegation(_officer(Position.STAFF), DecisionKind.COLLECTION)
    assert refused.value.code == "competence.staff_cannot_decide"
    assert refused.value.params["rule"] == "TT 117/2026/TT-BCA Điều 17 khoản 3–4"
    assert "Điều 5" in refused.value.params["legal_basis"]


def test_titles_and_the_signature_line_name_the_delegation() -> None:
    """domain.md §3.3: "letters and logs show the approver's title and name (deputy: + delegation)"."""
    assert title(OfficerRole.PROVINCIAL_POLICE, Position.HEAD) == "Giám đốc Công an cấp tỉnh"
    assert title(OfficerRole.PROVINCIAL_POLICE, Position.DEPUTY) == "Phó giám đốc Công an cấp tỉnh"
    assert (
        title(OfficerRole.IDENTITY_AGENCY, Position.HEAD) == "Thủ trưởng cơ quan quản lý căn cước Bộ Công an"
    )

    deputy = _officer(Position.DEPUTY, OfficerRole.PROVINCIAL_POLICE)
    ref = policies.DelegationRef(3, "12/QĐ-CAT", dt.date(2026, 7, 1), "Giám đốc B")
    approval = policies.approval_of(deputy, DecisionKind.EXPLOITATION, delegation=ref)
    assert approval.signature() == (
        "KT. Giám đốc Công an cấp tỉnh, Phó giám đốc Công an cấp tỉnh: Cán bộ A "
        "(theo Quyết định giao quyền số 12/QĐ-CAT ngày 01/07/2026)"
    )
    assert approval.event_data()["delegation_date"] == "2026-07-01"
