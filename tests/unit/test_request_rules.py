"""Pure rules of the exploitation procedure: the state machine, routing, the validation matrix."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.access.permissions import OfficerRole
from dancu.calendar.queries import load_calendar
from dancu.errors import Conflict, DomainError, Forbidden, NotFound
from dancu.exploitation.requests import policies, workflow
from dancu.exploitation.requests.deadlines import escalation_due, working_days_left
from dancu.exploitation.requests.enums import RequestStatus as S
from dancu.exploitation.requests.policies import Tier

LEGAL = {
    (S.SUBMITTED, S.CONSENT_PENDING),
    (S.SUBMITTED, S.ROUTED),
    (S.SUBMITTED, S.REFUSED),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.CONSENT_PENDING, S.ROUTED),
    (S.CONSENT_PENDING, S.REFUSED),
    (S.CONSENT_PENDING, S.WITHDRAWN),
    (S.CONSENT_PENDING, S.EXPIRED),
    (S.ROUTED, S.CLARIFICATION_REQUESTED),
    (S.ROUTED, S.APPROVED),
    (S.ROUTED, S.REFUSED),
    (S.ROUTED, S.WITHDRAWN),
    (S.CLARIFICATION_REQUESTED, S.ROUTED),
    (S.CLARIFICATION_REQUESTED, S.REFUSED),
    (S.CLARIFICATION_REQUESTED, S.WITHDRAWN),
    (S.CLARIFICATION_REQUESTED, S.EXPIRED),
    (S.APPROVED, S.DELIVERED),
    (S.APPROVED, S.EXPIRED),
}


@pytest.mark.parametrize(("current", "target"), sorted(itertools.product(S, S)))
def test_every_transition_is_exactly_as_the_table_says(current: S, target: S) -> None:
    if (current, target) in LEGAL:
        workflow.ensure_move(current, target)
        return
    with pytest.raises(Conflict) as refused:
        workflow.ensure_move(current, target)
    assert refused.value.code == "request.illegal_transition"
    assert refused.value.params == {"current": current.value, "target": target.value}


def test_closed_states_lead_nowhere() -> None:
    for closed in (S.DELIVERED, S.REFUSED, S.WITHDRAWN, S.EXPIRED):
        assert workflow.TRANSITIONS[closed] == frozenset()


@pytest.mark.parametrize(
    ("group", "unit", "version", "expected"),
    [
        (ActorGroup.K1, None, None, Tier(OfficerRole.IDENTITY_AGENCY, None)),
        (ActorGroup.K1, "01", "2025", Tier(OfficerRole.PROVINCIAL_POLICE, "01")),
        (ActorGroup.K1, "00070", "2025", Tier(OfficerRole.COMMUNE_POLICE, "00070")),
        (ActorGroup.K2, None, None, Tier(OfficerRole.IDENTITY_AGENCY, None)),
        (ActorGroup.K2, "01", "2025", Tier(OfficerRole.PROVINCIAL_POLICE, "01")),
        (ActorGroup.K2, "00070", "2025", Tier(OfficerRole.PROVINCIAL_POLICE, "01")),
        (ActorGroup.K3, "00070", "2025", Tier(OfficerRole.COMMUNE_POLICE, "00070")),
        (ActorGroup.K4, "00070", "2025", Tier(OfficerRole.COMMUNE_POLICE, "00070")),
        (ActorGroup.CITIZEN, "00004", "2025", Tier(OfficerRole.COMMUNE_POLICE, "00004")),
    ],
)
def test_routing_table(group: ActorGroup, unit: str | None, version: str | None, expected: Tier) -> None:
    assert policies.route(group, unit_code=unit, unit_version=version) == expected


def test_an_individual_without_a_residence_has_no_competent_officer() -> None:
    with pytest.raises(DomainError) as refused:
        policies.route(ActorGroup.K4, unit_code=None, unit_version=None)
    assert refused.value.code == "request.no_competent_officer"


def test_superiors_go_commune_province_ministry() -> None:
    commune = Tier(OfficerRole.COMMUNE_POLICE, "00070")
    province = policies.superior(commune)
    assert province == Tier(OfficerRole.PROVINCIAL_POLICE, "01")
    assert policies.superior(province) == Tier(OfficerRole.IDENTITY_AGENCY, None)
    assert policies.superior(Tier(OfficerRole.IDENTITY_AGENCY, None)) == Tier(
        OfficerRole.IDENTITY_AGENCY, None
    )


@pytest.mark.parametrize(
    ("group", "channel", "allowed"),
    [
        (ActorGroup.K1, Channel.DIRECT, True),
        (ActorGroup.K2, Channel.DIRECT, False),
        (ActorGroup.K2, Channel.PORTAL, True),
        (ActorGroup.K2, Channel.EID_PLATFORM, True),
        (ActorGroup.K3, Channel.DIRECT, False),
        (ActorGroup.K3, Channel.EID_PLATFORM, False),
        (ActorGroup.K3, Channel.PORTAL, True),
        (ActorGroup.K4, Channel.DIRECT, False),
        (ActorGroup.K4, Channel.IDENTITY_APP, True),
        (ActorGroup.CITIZEN, Channel.IDENTITY_APP, True),
        (ActorGroup.CITIZEN, Channel.EID_PLATFORM, False),
        # A written request is registered by an officer, never filed electronically as "written".
        (ActorGroup.K2, Channel.WRITTEN, False),
        (ActorGroup.K2, Channel.OFFICER_CONSOLE, False),
    ],
)
def test_channel_matrix(group: ActorGroup, channel: Channel, allowed: bool) -> None:
    if allowed:
        policies.check_channel(group, channel)
        return
    with pytest.raises(Forbidden) as refused:
        policies.check_channel(group, channel)
    assert refused.value.code == "request.channel_not_allowed"


def test_written_channel_only_through_registration() -> None:
    policies.check_channel(ActorGroup.K4, Channel.WRITTEN, written=True)
    with pytest.raises(Forbidden):
        policies.check_channel(ActorGroup.K4, Channel.PORTAL, written=True)


@pytest.mark.parametrize("group", [ActorGroup.K2, ActorGroup.K3, ActorGroup.K4])
def test_sensitive_fields_refused_outside_k1_and_own_data(group: ActorGroup) -> None:
    with pytest.raises(DomainError) as refused:
        policies.check_fields(group, ["full_name", "religion"], mandate=["full_name", "religion"])
    assert refused.value.code == "request.field_not_allowed"
    assert [(p.field, p.rule) for p in refused.value.problems] == [
        ("fields", "request.sensitive_not_allowed")
    ]
    assert refused.value.problems[0].params == {"items": "religion"}


def test_sensitive_fields_allowed_for_k1_and_own_data() -> None:
    policies.check_fields(ActorGroup.K1, ["ethnicity"], mandate=["ethnicity"])
    policies.check_fields(ActorGroup.CITIZEN, ["ethnicity", "religion"], mandate=None)


def test_fields_outside_the_mandate_are_named() -> None:
    with pytest.raises(DomainError) as refused:
        policies.check_fields(ActorGroup.K2, ["full_name", "sex", "email"], mandate=["full_name"])
    assert refused.value.problems[0].rule == "request.outside_mandate"
    assert refused.value.problems[0].params == {"items": "email, sex"}


def _officer(role: OfficerRole, unit: str | None) -> Actor:
    return Actor.officer(account_id=1, label="x", role=role, unit_code=unit, unit_version="2025")


def test_officers_see_only_their_tier_and_unit() -> None:
    routed = Tier(OfficerRole.PROVINCIAL_POLICE, "01")
    assert policies.officer_sees(
        _officer(OfficerRole.PROVINCIAL_POLICE, "01"), competent=routed, escalated_to=None
    )
    for other in (
        _officer(OfficerRole.PROVINCIAL_POLICE, "79"),
        _officer(OfficerRole.COMMUNE_POLICE, "00070"),
        _officer(OfficerRole.IDENTITY_AGENCY, None),
        _officer(OfficerRole.AUDITOR, None),
    ):
        with pytest.raises(NotFound):
            policies.ensure_officer_sees(other, competent=routed, escalated_to=None)
    superior = Tier(OfficerRole.IDENTITY_AGENCY, None)
    assert policies.officer_sees(
        _officer(OfficerRole.IDENTITY_AGENCY, None), competent=routed, escalated_to=superior
    )


def test_escalation_window_and_days_left_on_the_calendar() -> None:
    cal = load_calendar()
    # Friday 2026-11-27: the next working day is Monday 30/11.
    friday = dt.date(2026, 11, 27)
    assert escalation_due(dt.date(2026, 11, 30), friday, calendar=cal)
    assert not escalation_due(dt.date(2026, 12, 1), friday, calendar=cal)
    assert working_days_left(friday, dt.date(2026, 12, 1), calendar=cal) == 2
    assert working_days_left(dt.date(2026, 12, 2), dt.date(2026, 12, 1), calendar=cal) == -1
