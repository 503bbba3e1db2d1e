"""The synthetic population: deterministic, Vietnamese in its names, consistent in its families and PINs."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import astuple

import pytest

from dancu.enums.registry import HouseholdRelation, Item, RelationRole, Sex
from dancu.geo.enums import CodeTable
from dancu.geo.queries import get_unit
from dancu.pin import rules
from dancu.registry import items
from dancu.registry.synthetic import REFERENCE_DATE, HouseholdPlan, Person, generate, shard_range, tables
from dancu.registry.synthetic_pins import PinAllocator
from dancu.seed_rows import IdBases, RowBuilder, batches


def people(plans: list[HouseholdPlan]) -> list[Person]:
    return [person for plan in plans for person in plan.members]


@pytest.fixture(scope="module")
def population() -> list[HouseholdPlan]:
    return list(generate(20_000, seed=2025))


@pytest.fixture(scope="module")
def everyone(population: list[HouseholdPlan]) -> list[Person]:
    return people(population)


def test_same_seed_same_people_other_seed_other_people() -> None:
    first = [astuple(p) for p in people(list(generate(500, seed=42)))]
    again = [astuple(p) for p in people(list(generate(500, seed=42)))]
    other = [astuple(p) for p in people(list(generate(500, seed=43)))]
    assert first == again
    assert first != other


@pytest.mark.parametrize("citizens", [0, 1, 2, 7, 1001])
def test_exactly_the_number_asked_for(citizens: int) -> None:
    plans = list(generate(citizens, seed=1))
    assert len(people(plans)) == citizens
    assert [p.index for p in people(plans)] == list(range(citizens))
    assert all(
        len([m for m in plan.members if m.relation_to_head is HouseholdRelation.HEAD]) == 1 for plan in plans
    )


def test_names_are_family_middle_given(everyone: list[Person]) -> None:
    t = tables()
    for person in everyone:
        assert person.family in t.family.items
        assert person.given in t.given[person.sex].items
        assert person.middle in (t.traditional_middle[person.sex], *t.middle[person.sex].items)
        assert person.full_name == f"{person.family} {person.middle} {person.given}"
    middles = Counter(p.middle for p in everyone if p.sex is Sex.FEMALE)
    assert middles["Thị"] / sum(middles.values()) > 0.3
    assert len(t.given[Sex.MALE].items) >= 80 and len(t.given[Sex.FEMALE].items) >= 80


@pytest.mark.parametrize(
    ("names", "expected", "tolerance"),
    [
        (("Nguyễn",), 0.38, 0.025),
        (("Trần",), 0.11, 0.015),
        (("Lê",), 0.095, 0.015),
        (("Phạm",), 0.07, 0.012),
        (("Hoàng", "Huỳnh"), 0.05, 0.01),
        (("Phan",), 0.045, 0.01),
        (("Vũ", "Võ"), 0.039, 0.01),
        (("Đặng",), 0.021, 0.006),
        (("Bùi",), 0.02, 0.006),
    ],
)
def test_family_names_are_as_frequent_as_in_viet_nam(
    everyone: list[Person], names: tuple[str, ...], expected: float, tolerance: float
) -> None:
    share = sum(p.family in names for p in everyone) / len(everyone)
    assert share == pytest.approx(expected, abs=tolerance)


def test_about_sixty_family_names_in_use(everyone: list[Person]) -> None:
    assert len({p.family for p in everyone}) >= 50


def test_parents_are_18_to_45_years_older_and_children_take_the_fathers_name(
    population: list[HouseholdPlan],
) -> None:
    checked = 0
    for plan in population:
        for child in plan.members:
            for parent_index in (child.father, child.mother):
                if parent_index is None:
                    continue
                parent = plan.member(parent_index)
                assert 18 <= child.birth_year - parent.birth_year <= 45
                assert child.index in parent.children
                checked += 1
            if child.father is not None:
                assert child.family == plan.member(child.father).family
    assert checked > 10_000


def test_spouses_are_of_similar_age_and_married_to_each_other(population: list[HouseholdPlan]) -> None:
    for plan in population:
        for person in plan.members:
            if person.spouse is not None:
                spouse = plan.member(person.spouse)
                assert spouse.spouse == person.index and spouse.sex is not person.sex
                assert abs(person.birth_year - spouse.birth_year) <= 12
                assert person.married_on == spouse.married_on
                assert person.married_on is not None and person.married_on <= REFERENCE_DATE


def test_one_head_per_household_and_relations_agree(population: list[HouseholdPlan]) -> None:
    for plan in population:
        head = plan.head
        assert [m.relation_to_head for m in plan.members].count(HouseholdRelation.HEAD) == 1
        for member in plan.members:
            if member.relation_to_head is HouseholdRelation.SPOUSE:
                assert member.spouse == head.index
            if member.relation_to_head is HouseholdRelation.CHILD:
                assert head.index in (member.father, member.mother)


def test_households_average_about_three_and_a_half(population: list[HouseholdPlan]) -> None:
    sizes = Counter(len(plan.members) for plan in population)
    assert sum(k * v for k, v in sizes.items()) / len(population) == pytest.approx(3.5, abs=0.3)
    assert sizes[1] > 0 and max(sizes) <= 10


def test_ages_look_like_viet_nams_pyramid(everyone: list[Person]) -> None:
    ages = [REFERENCE_DATE.year - p.birth_year for p in everyone]
    children, old = sum(a < 15 for a in ages) / len(ages), sum(a >= 65 for a in ages) / len(ages)
    assert 0.18 <= children <= 0.30  # 2024: about 23 %
    assert 0.05 <= old <= 0.14  # 2024: about 9 %
    assert max(ages) <= 106 and min(ages) >= 0


def test_a_few_old_people_have_only_a_year_of_birth(everyone: list[Person]) -> None:
    partial = [p for p in everyone if len(p.dob) == 4]
    assert partial, "expected some year-only dates of birth among 20,000 people"
    assert all(p.born_on is None and REFERENCE_DATE.year - p.birth_year >= 60 for p in partial)
    assert len(partial) < 0.01 * len(everyone)
    full = [p for p in everyone if len(p.dob) == 10]
    assert all(p.born_on is not None and p.born_on.isoformat() == p.dob for p in full)


def test_pins_decode_to_the_record(population: list[HouseholdPlan]) -> None:
    pins = set()
    for plan in population:
        for person in plan.members:
            decoded = rules.parse(person.pin)
            assert decoded.sex is person.sex
            assert decoded.birth_year == person.birth_year
            assert decoded.prefix == rules.prefix_for_province(plan.province_code)
            pins.add(person.pin)
    assert len(pins) == sum(len(plan.members) for plan in population)


def test_taken_pins_are_never_drawn_again() -> None:
    first = {p.pin for p in people(list(generate(300, seed=9)))}
    second = {p.pin for p in people(list(generate(300, seed=9, taken_pins=first)))}
    assert first and second and not first & second


def test_residence_is_a_2025_commune_weighted_by_population(population: list[HouseholdPlan]) -> None:
    for plan in population[:500]:
        unit = get_unit(plan.commune_code, CodeTable.FROM_2025)
        assert unit is not None and unit.province_code == plan.province_code
    provinces = Counter(plan.province_code for plan in population)
    share = tables().provinces.share
    assert provinces["79"] / len(population) == pytest.approx(share("79"), abs=0.02)  # Hồ Chí Minh
    assert provinces["01"] / len(population) == pytest.approx(share("01"), abs=0.015)  # Hà Nội
    assert len(provinces) == 34


def test_mostly_kinh_mostly_no_religion_adults_have_a_mobile(everyone: list[Person]) -> None:
    assert sum(p.ethnicity == "01" for p in everyone) / len(everyone) == pytest.approx(0.85, abs=0.03)
    assert sum(p.religion == "00" for p in everyone) / len(everyone) > 0.8
    for person in everyone:
        adult = REFERENCE_DATE.year - person.birth_year > 18
        assert (person.mobile is not None) or not adult
        assert person.mobile is None or items.validate(Item.MOBILE, person.mobile) == person.mobile


def test_focus_commune_gets_the_first_households() -> None:
    plans = list(generate(100, seed=4, focus_commune="00070", focus_households=3))
    assert [p.commune_code for p in plans[:3]] == ["00070"] * 3
    with pytest.raises(ValueError, match="commune"):
        list(generate(5, seed=1, focus_commune="99999", focus_households=1))


def test_every_fact_value_is_valid_and_relations_are_reciprocal() -> None:
    (batch,) = batches(
        RowBuilder(IdBases(citizen=100, household=10, fact_set=1000)), generate(400, seed=8), size=400
    )
    relations: set[tuple[int, int, str]] = set()
    assert [row[1] for row in batch.sets] == [row[0] for row in batch.citizens]  # one set per person
    assert batch.facts == sum(len(json.loads(assertions)) for _, _, assertions in batch.sets)
    for _, citizen_id, assertions in batch.sets:
        for assertion in json.loads(assertions):
            item, key, parsed, ref_id = (
                assertion["i"],
                assertion.get("k", ""),
                assertion["v"],
                assertion.get("r"),
            )
            assert items.validate(Item(item), parsed) == parsed, item
            assert bool(key) == Item(item).multi_valued, assertion
            if item == Item.RELATION:
                assert parsed["citizen_id"] == ref_id and key
                relations.add((citizen_id, ref_id, parsed["role"]))
    assert relations
    back = {RelationRole.CHILD.value: (RelationRole.FATHER.value, RelationRole.MOTHER.value)}
    back |= {RelationRole.FATHER.value: ("child",), RelationRole.MOTHER.value: ("child",)}
    back |= {RelationRole.WIFE.value: ("husband",), RelationRole.HUSBAND.value: ("wife",)}
    for me, relative, role in relations:
        assert any((relative, me, reciprocal) in relations for reciprocal in back[role])
    assert batch.citizens[0][0] == 101 and batch.households[0][0] == 11 and batch.sets[0][0] == 1001


# --- Shards: one run generated in parts, one process each (docs/adr/0019, "Shards") ---------------


def _shards(citizens: int, seed: int, shards: int) -> list[list[HouseholdPlan]]:
    return [list(generate(citizens, seed=seed, shard=k, shards=shards)) for k in range(shards)]


@pytest.mark.parametrize(("citizens", "shards"), [(0, 2), (1, 2), (7, 2), (1001, 2), (1000, 3)])
def test_shards_together_are_exactly_the_run_each_its_share(citizens: int, shards: int) -> None:
    parts = _shards(citizens, seed=5, shards=shards)
    indices = [p.index for part in parts for p in people(part)]
    assert indices == list(range(citizens))  # shard by shard, contiguous, nobody twice
    for k, part in enumerate(parts):
        first, end = shard_range(citizens, k, shards)
        assert [p.index for p in people(part)] == list(range(first, end))
        assert end - first in (citizens // shards, citizens // shards + 1)
        # Household k of shard s is household k × shards + s of the run: interleaved, never shared.
        assert [plan.index for plan in part] == [n * shards + k for n in range(len(part))]
        assert all(p.household == plan.index for plan in part for p in plan.members)
        assert all(
            len([m for m in plan.members if m.relation_to_head is HouseholdRelation.HEAD]) == 1
            for plan in part
        )


def test_same_seed_same_shards_other_seed_other_people() -> None:
    first = [[astuple(p) for p in people(part)] for part in _shards(600, seed=42, shards=2)]
    again = [[astuple(p) for p in people(part)] for part in _shards(600, seed=42, shards=2)]
    other = [[astuple(p) for p in people(part)] for part in _shards(600, seed=43, shards=2)]
    assert first == again
    assert first[0] != other[0] and first[1] != other[1]
    names = [[(p.family, p.middle, p.given, p.dob) for p in people(part)] for part in _shards(600, 42, 2)]
    assert names[0] != names[1]  # each shard draws from a stream of its own


def test_shards_never_draw_the_same_pin() -> None:
    parts = _shards(40_000, seed=2025, shards=2)
    pins = [{p.pin for p in people(part)} for part in parts]
    assert len(pins[0]) == 20_000 and len(pins[1]) == 20_000
    assert not pins[0] & pins[1]
    # Many (prefix, sex, year) groups are walked by both shards: disjointness is not luck.
    groups = [{pin[:6] for pin in part} for part in pins]
    assert len(groups[0] & groups[1]) > 1_000


def test_a_shards_pins_are_its_steps_of_the_runs_one_walk() -> None:
    whole = PinAllocator(7, frozenset())
    walk = [whole.draw("001", Sex.FEMALE, 1990) for _ in range(300)]
    parts = [PinAllocator(7, frozenset(), shard=k, shards=3) for k in range(3)]
    drawn = [[part.draw("001", Sex.FEMALE, 1990) for _ in range(100)] for part in parts]
    for k in range(3):
        assert drawn[k] == walk[k::3]
    assert len(set(walk)) == 300
    taken = PinAllocator(7, frozenset(walk[:4]), shard=1, shards=2)
    assert taken.draw("001", Sex.FEMALE, 1990) == walk[5]  # walk[1] and walk[3] are taken
    with pytest.raises(ValueError, match="shard"):
        PinAllocator(7, frozenset(), shard=2, shards=2)
    with pytest.raises(ValueError, match="shard"):
        list(generate(5, seed=1, shard=1, shards=1))


def test_focus_households_are_the_first_shards() -> None:
    parts = [list(generate(200, seed=4, focus_commune="00070", focus_households=3, shard=k, shards=2))
             for k in range(2)]  # fmt: skip
    assert [plan.commune_code for plan in parts[0][:3]] == ["00070"] * 3
    assert sum(plan.commune_code == "00070" for plan in parts[1]) < 3
