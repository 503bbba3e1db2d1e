"""Pure access rules: mandates, scopes, the three-key match, and the yes/no answers."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dancu.access import policies
from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.errors import DomainError, Forbidden, NotFound
from dancu.geo.enums import CodeTable
from dancu.geo.queries import require_unit
from dancu.lookup import answers, matching
from dancu.registry.history import RecordView


def _member(fields: set[str], organisation_id: int = 1) -> Actor:
    return Actor.org_member(
        account_id=7,
        label="cb",
        group=ActorGroup.K1,
        organisation_id=organisation_id,
        organisation_name="Sở",
        fields=frozenset(fields),
        channel=Channel.PORTAL,
    )


def test_adding_a_sensitive_item_needs_a_basis_but_keeping_one_does_not() -> None:
    with pytest.raises(DomainError) as error:
        policies.check_mandate(["full_name", "religion"], old=["full_name"], sensitive_basis=" ")
    assert error.value.problems[0].params == {"items": "religion"}
    policies.check_mandate(["full_name", "religion"], old=["religion"], sensitive_basis=None)
    policies.check_mandate(["ethnicity"], sensitive_basis="Luật BVDLCN 2025")


def test_scope_outside_the_mandate_names_every_excess_field() -> None:
    policies.check_scope(None, ["full_name"])
    policies.check_scope(["full_name"], ["full_name", "pin"])
    with pytest.raises(DomainError) as error:
        policies.check_scope(["pin", "religion", "ethnicity"], ["pin"])
    assert error.value.problems[0].params == {"items": "ethnicity, religion"}


def test_fields_for_refuses_what_the_member_may_not_see() -> None:
    actor = _member({"full_name", "pin"})
    assert policies.fields_for(actor, None) == {"full_name", "pin"}
    assert policies.fields_for(actor, ["pin"]) == {"pin"}
    with pytest.raises(Forbidden):
        policies.fields_for(actor, ["pin", "ethnicity"])


def test_an_admin_manages_only_its_own_organisation() -> None:
    policies.ensure_own_organisation(_member(set(), organisation_id=3), 3)
    with pytest.raises(NotFound):
        policies.ensure_own_organisation(_member(set(), organisation_id=3), 4)
    with pytest.raises(Forbidden):
        policies.ensure_own_organisation(Actor.system("cli"), 3)


@pytest.mark.parametrize(
    ("given_name", "expected"),
    [
        ("Nguyễn Văn An", True),
        ("NGUYỄN VĂN AN", True),
        (" Nguyễn  Văn\tAn ", True),
        (unicodedata.normalize("NFD", "Nguyễn Văn An"), True),
        ("Nguyen Van An", False),
        ("Nguyễn An", False),
    ],
)
def test_name_rule(given_name: str, expected: bool) -> None:
    assert matching.name_matches(given_name, "Nguyễn Văn An") is expected


@pytest.mark.parametrize(
    ("given_name", "expected"),
    [("Hồ Thuỳ Thoa", True), ("HỒ THÙY THOA", True), ("Ho Thuy Thoa", False), ("Hồ Thúy Thoa", False)],
)
def test_name_rule_ignores_only_where_the_tone_mark_sits(given_name: str, expected: bool) -> None:
    assert matching.name_matches(given_name, "Hồ Thùy Thoa") is expected


@given(st.text(min_size=1))
def test_a_name_always_matches_itself_and_never_an_empty_register(name: str) -> None:
    assert matching.name_matches(name, name) is bool(name.split())
    assert matching.name_matches(name, "") is False


def test_date_of_birth_must_be_as_precise_as_the_register() -> None:
    assert matching.dob_matches("1948", "1948")
    assert not matching.dob_matches("1948-01-01", "1948")
    assert not matching.dob_matches("1948", "1948-01-01")


@pytest.mark.parametrize(
    ("dob", "years", "on", "expected"),
    [
        ("2008-07-07", 18, dt.date(2026, 7, 7), True),
        ("2008-07-07", 18, dt.date(2026, 7, 6), False),
        ("2008-02-29", 18, dt.date(2026, 2, 28), False),
        ("2008-02-29", 18, dt.date(2026, 3, 1), True),
        ("2008-07", 18, dt.date(2026, 7, 30), False),  # could be born on 31 July
        ("2008-12", 18, dt.date(2026, 12, 31), True),
        ("2008", 18, dt.date(2026, 12, 30), False),
        ("2008", 18, dt.date(2026, 12, 31), True),
        (None, 0, dt.date(2026, 1, 1), False),
    ],
)
def test_age_at_least_is_proved_not_guessed(dob: str | None, years: int, on: dt.date, expected: bool) -> None:
    assert answers.age_at_least(dob, years, on) is expected


def test_unit_contains_same_table_and_across_tables() -> None:
    hoan_kiem = {"unit_code": "00070", "unit_version": "2025"}
    assert answers.unit_contains(require_unit("00070", CodeTable.FROM_2025), hoan_kiem)
    assert answers.unit_contains(require_unit("01", CodeTable.FROM_2025), hoan_kiem)
    assert not answers.unit_contains(require_unit("79", CodeTable.FROM_2025), hoan_kiem)
    assert not answers.unit_contains(require_unit("01", CodeTable.FROM_2025), None)
    old = {"unit_code": "00070", "unit_version": "pre2025"}
    # A pre-2025 residence is inside its 2025 province whatever happened to its commune.
    assert answers.unit_contains(require_unit("01", CodeTable.FROM_2025), old)
    assert answers.unit_contains(require_unit("01", CodeTable.PRE_2025), old)


def test_project_keeps_only_the_named_fields_in_article_order() -> None:
    view = RecordView(
        valid_on=dt.date(2026, 1, 1),
        known_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        single={},
    )
    assert answers.project(view, ["pin"]) == {}
