"""Synthetic people for demonstrations and benchmarks — never real data.

A deterministic generator (``random.Random`` seeded from the seed and the shard; the global RNG is
never touched) of Vietnamese households. Names are in Vietnamese order (family, middle, given) with
realistic family-name frequencies; households have one head, spouses of similar age, children 18–45
years younger than their parents and taking the father's family name, sometimes a grandparent;
residences are 2025 communes in provinces weighted by population; PINs encode the record's
birth-registration province, sex and year.

The output is plain dataclasses; :mod:`dancu.seed` turns them into facts. Frequencies and
population figures live in ``registry/data/*.json`` and are approximate by design.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, Generic, TypeVar, cast

from dancu.enums.registry import HouseholdRelation, MaritalStatus, Sex
from dancu.geo.enums import CodeTable, UnitLevel
from dancu.geo.queries import Unit, communes, get_unit, provinces
from dancu.pin import rules
from dancu.registry.synthetic_pins import PinAllocator

T = TypeVar("T")

# Ages are counted to a fixed day, not to today, so that a seed gives the same people every day.
REFERENCE_DATE = dt.date(2025, 7, 1)
YEAR_DAYS = 365.2425
# Legacy records of old people sometimes keep only the year of birth (domain §1.1 item 4).
OLD_AGE = 60
YEAR_ONLY_SHARE_OF_OLD = 0.01
# Parents are 18–45 years older than their children (in birth years); older children have left home.
MIN_PARENT_GAP, MAX_PARENT_GAP, MAX_CHILD_AT_HOME = 18, 45, 30
# Minimum marriage ages (Luật Hôn nhân và gia đình 2014 Điều 8): men 20, women 18.
MARRIAGE_AGE = {Sex.MALE: 20, Sex.FEMALE: 18}


class _Kind(StrEnum):
    SINGLE = "single"
    COUPLE = "couple"  # no children at home
    NUCLEAR = "nuclear"  # a couple and their children
    THREE_GENERATIONS = "three_generations"  # … and one or two grandparents
    SINGLE_PARENT = "single_parent"


# Shares tuned so that the mean household size is about 3.5 (2019 census: 3.5).
_KINDS = ((_Kind.SINGLE, 8), (_Kind.COUPLE, 10), (_Kind.NUCLEAR, 54),
          (_Kind.THREE_GENERATIONS, 20), (_Kind.SINGLE_PARENT, 8))  # fmt: skip
_CHILDREN_PLANNED = ((1, 28), (2, 45), (3, 19), (4, 8))
# Husband's age minus wife's age, in years: spouses of similar age, husbands usually a little older.
_SPOUSE_GAP = ((-2, 3), (-1, 5), (0, 10), (1, 12), (2, 14), (3, 14), (4, 12), (5, 10), (6, 7), (7, 5), (8, 4))


@dataclass(frozen=True, slots=True)
class _Weighted(Generic[T]):
    items: tuple[T, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, pairs: Sequence[tuple[T, float]]) -> _Weighted[T]:
        total, cumulative = 0.0, []
        for _, weight in pairs:
            total += weight
            cumulative.append(total)
        return cls(tuple(item for item, _ in pairs), tuple(cumulative))

    def pick(self, rng: random.Random) -> T:
        # random() < 1, so the index is always in range.
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def share(self, item: T) -> float:
        """The probability of ``item`` (tests compare generated frequencies with it)."""
        index = self.items.index(item)
        previous = self.cumulative[index - 1] if index else 0.0
        return (self.cumulative[index] - previous) / self.cumulative[-1]


@dataclass(frozen=True, slots=True)
class Commune:
    code: str
    province_code: str
    urban: bool  # phường or đặc khu: addresses name a residential group rather than a village


@dataclass(frozen=True)
class Tables:
    """The frequency tables, loaded once from ``registry/data``."""

    family: _Weighted[str]
    middle: dict[Sex, _Weighted[str]]
    traditional_middle: dict[Sex, str]
    given: dict[Sex, _Weighted[str]]
    ethnicity: _Weighted[str]
    religion: _Weighted[str]
    mobile_prefixes: tuple[str, ...]
    provinces: _Weighted[str]
    communes: dict[str, tuple[Commune, ...]]


def _read(name: str) -> dict[str, Any]:
    text = resources.files("dancu.registry").joinpath("data", name).read_text(encoding="utf-8")
    return cast(dict[str, Any], json.loads(text))


def _pairs(raw: list[list[Any]], value: int = 0, weight: int = 1) -> list[tuple[str, float]]:
    pairs = [(str(row[value]), float(row[weight])) for row in raw]
    for name, _ in pairs:  # the fast loader writes these into JSON and COPY text without escaping
        if '"' in name or "\\" in name or not name.isprintable() or not name.strip():
            raise ValueError(f"not usable in synthetic data: {name!r}")
    return pairs


def _commune(unit: Unit) -> Commune:
    return Commune(unit.code, unit.province_code, urban=not unit.name.startswith("Xã"))


@cache
def tables() -> Tables:
    names, demography = _read("names.json"), _read("demography.json")
    population = _read("population-2025.json")["provinces"]
    sexes = {Sex.MALE: "male", Sex.FEMALE: "female"}
    communes_by_province = {
        p.code: tuple(map(_commune, communes(p.code, CodeTable.FROM_2025)))
        for p in provinces(CodeTable.FROM_2025)
    }
    if set(population) != set(communes_by_province):
        raise ValueError("population-2025.json must list exactly the 34 provinces of the 2025 table")
    return Tables(
        family=_Weighted.of(_pairs(names["family"])),
        middle={sex: _Weighted.of(_pairs(names["middle"][word])) for sex, word in sexes.items()},
        traditional_middle={Sex(k): v for k, v in names["middle"]["traditional"].items()},
        given={sex: _Weighted.of(_pairs(names["given"][sex.value])) for sex in sexes},
        ethnicity=_Weighted.of(_pairs(demography["ethnicity"], 0, 2)),
        religion=_Weighted.of(_pairs(demography["religion"], 0, 2)),
        mobile_prefixes=tuple(demography["mobile_prefixes"]),
        provinces=_Weighted.of([(code, float(n)) for code, n in sorted(population.items())]),
        communes=communes_by_province,
    )


@dataclass(slots=True)
class Person:
    """One synthetic person. ``index`` counts from 0 in the run; relatives are referred to by index."""

    index: int
    household: int
    sex: Sex
    family: str
    middle: str
    given: str
    dob: str  # "YYYY-MM-DD", or "YYYY" for the few old people whose record keeps only the year
    born_on: dt.date | None  # None when the date of birth is partial
    birth_year: int
    ethnicity: str
    religion: str
    hometown: str  # 2025 commune code
    pin: str
    mobile: str | None
    marital_status: MaritalStatus
    marital_since: dt.date | None
    relation_to_head: HouseholdRelation
    resident_since: dt.date
    father: int | None = None
    mother: int | None = None
    spouse: int | None = None
    married_on: dt.date | None = None
    children: list[int] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.family, self.middle, self.given) if part)


@dataclass(slots=True)
class HouseholdPlan:
    """A household: its place (2025 commune), address line, and members (the head first is not promised)."""

    index: int
    province_code: str
    commune_code: str
    detail: str
    formed_on: dt.date
    members: list[Person]

    @property
    def head(self) -> Person:
        return next(p for p in self.members if p.relation_to_head is HouseholdRelation.HEAD)

    def member(self, index: int) -> Person:
        """A member by run index (members have consecutive indices)."""
        return self.members[index - self.members[0].index]


@dataclass(slots=True)
class _Slot:
    """A member being planned: sex, birth (date ordinal), links by position in the household."""

    sex: Sex
    birth: int
    line: int  # which family line (family name, home town, ethnicity) the member carries
    father: int | None = None
    mother: int | None = None
    spouse: int | None = None
    married_on: int | None = None
    marital: MaritalStatus = MaritalStatus.SINGLE
    marital_since: int | None = None


class _Days(dict[int, dt.date]):
    """Dates by ordinal, made on first use."""

    def __missing__(self, ordinal: int) -> dt.date:
        day = self[ordinal] = dt.date.fromordinal(ordinal)
        return day


class _Planner:
    """Plans one household's members (sex, birth, family links) before anyone is named."""

    def __init__(self, rng: random.Random, reference: dt.date) -> None:
        self.rng, self.ref = rng, reference.toordinal()
        # A run touches a few tens of thousands of distinct days; ``days[ordinal]`` is a plain
        # subscript when the day is known (most of the time), no Python call.
        self.days = _Days()
        self.kinds = _Weighted.of(_KINDS)
        self.planned = _Weighted.of(_CHILDREN_PLANNED)
        self.gap = _Weighted.of(_SPOUSE_GAP)

    def born(self, age: float) -> int:
        return self.ref - int(age * YEAR_DAYS)

    def later(self, ordinal: int, low: float, high: float) -> int:
        """A day ``low``–``high`` years after ``ordinal``, never after the reference date."""
        return min(self.ref, ordinal + int(self.rng.uniform(low, high) * YEAR_DAYS))

    def age(self, ordinal: int) -> float:
        return (self.ref - ordinal) / YEAR_DAYS

    def parent_gap_ok(self, parent: _Slot, child_birth: int) -> bool:
        days = self.days
        gap = days[child_birth].year - days[parent.birth].year
        return MIN_PARENT_GAP <= gap <= MAX_PARENT_GAP

    def plan(self) -> tuple[list[_Slot], int]:
        """The members and the position of the head."""
        kind = self.kinds.pick(self.rng)
        if kind is _Kind.SINGLE:
            return [self.single()], 0
        if kind is _Kind.SINGLE_PARENT:
            return self.single_parent()
        wife_age = self.wife_age(kind)
        slots = self.couple(wife_age)
        if kind is not _Kind.COUPLE:
            self.children(slots, father=0, mother=1, line=0)
        if kind is _Kind.THREE_GENERATIONS:
            return slots, self.grandparents(slots)
        return slots, 0 if self.rng.random() < 0.8 else 1

    def wife_age(self, kind: _Kind) -> float:
        rng = self.rng
        if kind is _Kind.COUPLE:  # newly-weds, or parents whose children have left
            return rng.uniform(20, 32) if rng.random() < 0.3 else rng.triangular(50, 85, 55)
        if kind is _Kind.THREE_GENERATIONS:
            return rng.uniform(24, 50)
        # Bands weighted so that children and parents together give a pyramid close to Viet Nam's.
        low = rng.choices((22, 27, 32, 37, 42, 47, 52), weights=(7, 12, 17, 17, 15, 13, 13))[0]
        return rng.uniform(low, low + 5 if low < 52 else 60)

    def single(self) -> _Slot:
        rng, r = self.rng, self.rng.random()
        if r < 0.35:
            slot = _Slot(Sex.MALE if rng.random() < 0.5 else Sex.FEMALE, self.born(rng.uniform(18, 35)), 0)
        elif r < 0.6:
            slot = _Slot(Sex.MALE if rng.random() < 0.5 else Sex.FEMALE, self.born(rng.uniform(35, 60)), 0)
            slot.marital = MaritalStatus.SINGLE if rng.random() < 0.6 else MaritalStatus.DIVORCED
        else:  # old people living alone are mostly widows
            slot = _Slot(
                Sex.FEMALE if rng.random() < 0.65 else Sex.MALE, self.born(rng.triangular(60, 92, 62)), 0
            )
            slot.marital = MaritalStatus.WIDOWED if rng.random() < 0.8 else MaritalStatus.SINGLE
        if slot.marital is not MaritalStatus.SINGLE:
            slot.marital_since = self.later(slot.birth, 25, 60)
        return slot

    def couple(self, wife_age: float) -> list[_Slot]:
        husband_age = max(wife_age + self.gap.pick(self.rng) + self.rng.uniform(-0.5, 0.5), 20.5)
        husband = _Slot(Sex.MALE, self.born(husband_age), 0, spouse=1, marital=MaritalStatus.MARRIED)
        wife = _Slot(Sex.FEMALE, self.born(wife_age), 1, spouse=0, marital=MaritalStatus.MARRIED)
        self.marry(husband, wife, first_child=None)
        return [husband, wife]

    def marry(self, husband: _Slot, wife: _Slot, *, first_child: int | None) -> None:
        legal = max(
            husband.birth + int(MARRIAGE_AGE[Sex.MALE] * YEAR_DAYS),
            wife.birth + int(MARRIAGE_AGE[Sex.FEMALE] * YEAR_DAYS),
        )
        if first_child is None:
            wanted = self.later(wife.birth, 20, 28)
        else:
            wanted = first_child - int(self.rng.uniform(0.5, 2.5) * YEAR_DAYS)
        husband.married_on = wife.married_on = min(max(legal, wanted), self.ref)
        husband.marital_since = wife.marital_since = husband.married_on

    def children(self, slots: list[_Slot], *, father: int | None, mother: int, line: int) -> None:
        rng, mum = self.rng, slots[mother]
        at_birth = rng.uniform(20, 32)
        for number in range(self.planned.pick(rng)):
            at_birth += rng.uniform(1.5, 6) if number else 0
            birth = mum.birth + int(at_birth * YEAR_DAYS)
            if birth > self.ref:
                break
            parents = [slots[p] for p in (father, mother) if p is not None]
            if self.age(birth) > MAX_CHILD_AT_HOME or not all(self.parent_gap_ok(p, birth) for p in parents):
                continue
            sex = Sex.MALE if rng.random() < 0.51 else Sex.FEMALE
            slots.append(_Slot(sex, birth, line, father=father, mother=mother, marital_since=birth))
        first = min((s.birth for s in slots if s.mother == mother), default=None)
        if father is not None and first is not None:
            self.marry(slots[father], mum, first_child=first)

    def single_parent(self) -> tuple[list[_Slot], int]:
        rng = self.rng
        sex = Sex.FEMALE if rng.random() < 0.8 else Sex.MALE
        parent = _Slot(sex, self.born(rng.uniform(25, 58)), 0)
        parent.marital = MaritalStatus.WIDOWED if rng.random() < 0.4 else MaritalStatus.DIVORCED
        slots = [parent]
        # A mother's children carry their (absent) father's family line, a father's children his own.
        self.children(slots, father=None, mother=0, line=2 if sex is Sex.FEMALE else 0)
        if sex is Sex.MALE:
            for child in slots[1:]:
                child.father, child.mother = 0, None
        last = max(s.birth for s in slots)
        parent.marital_since = self.later(max(last, parent.birth + int(20 * YEAR_DAYS)), 0.5, 5)
        return slots, 0

    def grandparents(self, slots: list[_Slot]) -> int:
        """Add one or two parents of the husband (mostly) or the wife; returns the head's position."""
        rng = self.rng
        child_pos = 0 if rng.random() < 0.7 else 1
        child = slots[child_pos]
        grandma = _Slot(Sex.FEMALE, child.birth - int(rng.uniform(20, 38) * YEAR_DAYS), 3)
        if self.age(grandma.birth) > 98 or not self.parent_gap_ok(grandma, child.birth):
            return 0
        grandpa = _Slot(Sex.MALE, grandma.birth - int((self.gap.pick(rng) + 0.3) * YEAR_DAYS), child.line)
        grandpa_fits = self.age(grandpa.birth) <= 100 and self.parent_gap_ok(grandpa, child.birth)
        if grandpa_fits and rng.random() < 0.4:
            slots.extend((grandpa, grandma))
            grandpa.spouse, grandma.spouse = len(slots) - 1, len(slots) - 2
            grandpa.marital = grandma.marital = MaritalStatus.MARRIED
            self.marry(grandpa, grandma, first_child=child.birth)
            child.father, child.mother = len(slots) - 2, len(slots) - 1
            return len(slots) - 2 if rng.random() < 0.4 else 0
        lone = grandpa if grandpa_fits and rng.random() < 0.35 else grandma
        lone.marital, lone.marital_since = MaritalStatus.WIDOWED, self.later(child.birth, 20, 50)
        slots.append(lone)
        if lone.sex is Sex.MALE:
            child.father = len(slots) - 1
        else:
            child.mother = len(slots) - 1
        return 0


def _relation_to_head(slots: list[_Slot], head: int, position: int) -> HouseholdRelation:
    me, boss = slots[position], slots[head]
    my_parents = {p for p in (me.father, me.mother) if p is not None}
    if position == head:
        return HouseholdRelation.HEAD
    if boss.spouse == position:
        return HouseholdRelation.SPOUSE
    if head in my_parents:
        return HouseholdRelation.CHILD
    if position in (boss.father, boss.mother):
        return HouseholdRelation.PARENT
    if any(head in (slots[p].father, slots[p].mother) for p in my_parents):
        return HouseholdRelation.GRANDCHILD
    if my_parents & {p for p in (boss.father, boss.mother) if p is not None}:
        return HouseholdRelation.SIBLING
    return HouseholdRelation.OTHER_RELATIVE  # in-laws: everyone planned here is family


def _truncate(slots: list[_Slot], head: int, room: int) -> tuple[list[_Slot], int]:
    """The last household of a run may have to lose members so the run has exactly N people."""
    if len(slots) <= room:
        return slots, head
    kept = slots[:room]
    for slot in kept:
        slot.father = slot.father if slot.father is not None and slot.father < room else None
        slot.mother = slot.mother if slot.mother is not None and slot.mother < room else None
        slot.spouse = slot.spouse if slot.spouse is not None and slot.spouse < room else None
    return kept, head if head < room else 0


@dataclass(frozen=True, slots=True)
class _Line:
    """What a family line passes on: family name, home town (quê quán), ethnicity, religion."""

    family: str
    hometown: str
    ethnicity: str
    religion: str


@dataclass
class _Draft:
    """A household between planning and naming: its members' slots and what they share."""

    number: int
    start: int  # run index of the first member
    slots: list[_Slot]
    head: int
    commune: Commune
    formed: int  # date ordinal from which the household lives at its address
    lines: dict[int, _Line]
    given_used: set[str] = field(default_factory=set)


class _Generator:
    def __init__(self, seed: int, options: _Options) -> None:
        # Each shard its own stream, seeded by text (hashed with SHA-512: the same in every process).
        self.rng = random.Random(f"{seed}/{options.shard}")  # noqa: S311 -- reproducible demo data
        self.tables, self.options = tables(), options
        self.planner = _Planner(self.rng, options.reference_date)
        self.pins = PinAllocator(seed, options.taken_pins, shard=options.shard, shards=options.shards)
        self.prefixes = {code: rules.prefix_for_province(code) for code in self.tables.communes}
        # By the member's identity: hashing an Enum member runs Python code, looking up id() does not.
        t = self.tables
        self.names_by_sex = {
            id(sex): (t.traditional_middle[sex], t.middle[sex], t.given[sex]) for sex in t.given
        }
        unit = get_unit(options.focus_commune, CodeTable.FROM_2025) if options.focus_commune else None
        if options.focus_commune and (unit is None or unit.level is not UnitLevel.COMMUNE):
            raise ValueError(f"unknown 2025 commune {options.focus_commune}")
        self.focus = None if unit is None else _commune(unit)

    def households(self, citizens: int) -> Iterator[HouseholdPlan]:
        """The shard's households: its share of the people, indexed after the shards before it;
        household k of shard s is household k × shards + s of the run (interleaved: disjoint)."""
        shard, shards = self.options.shard, self.options.shards
        index, end = shard_range(citizens, shard, shards)
        local = 0
        while index < end:
            slots, head = _truncate(*self.planner.plan(), end - index)
            plan = self._realise(local, local * shards + shard, index, slots, head)
            yield plan
            index += len(plan.members)
            local += 1

    def _anywhere(self) -> Commune:
        """A commune of a province drawn by population, uniform within the province."""
        return self.rng.choice(self.tables.communes[self.tables.provinces.pick(self.rng)])

    def _hometown(self, home: Commune | None) -> str:
        if home is not None and self.rng.random() < 0.65:
            return self.rng.choice(self.tables.communes[home.province_code]).code
        return self._anywhere().code

    def _lines(self, slots: list[_Slot], home: Commune) -> dict[int, _Line]:
        t, rng = self.tables, self.rng
        first = _Line(t.family.pick(rng), self._hometown(home), t.ethnicity.pick(rng), t.religion.pick(rng))
        lines = {0: first}
        for line in sorted({s.line for s in slots} - {0}):
            # Spouses mostly share the household's ethnicity and religion.
            ethnicity = first.ethnicity if rng.random() < 0.9 else t.ethnicity.pick(rng)
            religion = first.religion if rng.random() < 0.9 else t.religion.pick(rng)
            lines[line] = _Line(t.family.pick(rng), self._hometown(None), ethnicity, religion)
        return lines

    def _realise(self, local: int, number: int, start: int, slots: list[_Slot], head: int) -> HouseholdPlan:
        rng = self.rng  # the focus households are the first shard's first ones
        focused = self.focus is not None and self.options.shard == 0 and local < self.options.focus_households
        commune = self.focus if focused and self.focus is not None else self._anywhere()
        detail = (
            f"Số {rng.randint(1, 300)}, Tổ dân phố {rng.randint(1, 40)}"
            if commune.urban
            else f"Thôn {rng.randint(1, 25)}"
        )
        head_age = self.planner.age(slots[head].birth)
        formed = self.planner.ref - int(rng.uniform(0, max(0.0, min(25.0, head_age - 18))) * YEAR_DAYS)
        draft = _Draft(number, start, slots, head, commune, formed, self._lines(slots, commune))
        members = [self._person(draft, position) for position in range(len(slots))]
        for person in members:
            for parent in (person.father, person.mother):
                if parent is not None:
                    members[parent - start].children.append(person.index)
        when = self.planner.days[formed]
        return HouseholdPlan(number, commune.province_code, commune.code, detail, when, members)

    def _names(self, sex: Sex, year: int, used: set[str]) -> tuple[str, str]:
        rng = self.rng
        usual, middles, givens = self.names_by_sex[id(sex)]
        # "Văn" and "Thị" were the usual middle names; younger generations choose more freely.
        traditional = 0.75 if year < 1970 else 0.55 if year < 1990 else 0.35 if year < 2005 else 0.2
        middle = usual if rng.random() < traditional else middles.pick(rng)
        given = givens.pick(rng)
        for _ in range(3):  # siblings rarely share a given name
            if given not in used:
                break
            given = givens.pick(rng)
        used.add(given)
        return middle, given

    def _dob(self, birth: int) -> tuple[str, dt.date | None]:
        day = self.planner.days[birth]
        if self.planner.age(birth) >= OLD_AGE and self.rng.random() < YEAR_ONLY_SHARE_OF_OLD:
            return f"{day.year:04d}", None
        return day.isoformat(), day

    def _mobile(self, birth: int) -> str | None:
        if self.planner.age(birth) < 18:
            return None
        return f"0{self.rng.choice(self.tables.mobile_prefixes)}{self.rng.randrange(10_000_000):07d}"

    def _person(self, draft: _Draft, position: int) -> Person:
        slot, start, days = draft.slots[position], draft.start, self.planner.days
        line, year = draft.lines[slot.line], days[slot.birth].year
        dob, born_on = self._dob(slot.birth)
        middle, given = self._names(slot.sex, year, draft.given_used)
        since = slot.marital_since
        if since is not None and since == slot.birth and born_on is None:
            since = None  # single since birth, but the birth date is not known
        return Person(
            index=start + position,
            household=draft.number,
            sex=slot.sex,
            family=line.family,
            middle=middle,
            given=given,
            dob=dob,
            born_on=born_on,
            birth_year=year,
            ethnicity=line.ethnicity,
            religion=line.religion,
            hometown=line.hometown,
            pin=self.pins.draw(self.prefixes[draft.commune.province_code], slot.sex, year),
            mobile=self._mobile(slot.birth),
            marital_status=slot.marital,
            marital_since=None if since is None else days[since],
            relation_to_head=_relation_to_head(draft.slots, draft.head, position),
            resident_since=days[max(draft.formed, slot.birth)],
            father=None if slot.father is None else start + slot.father,
            mother=None if slot.mother is None else start + slot.mother,
            spouse=None if slot.spouse is None else start + slot.spouse,
            married_on=None if slot.married_on is None else days[slot.married_on],
        )


@dataclass(frozen=True)
class _Options:
    taken_pins: AbstractSet[str]
    focus_commune: str | None
    focus_households: int
    reference_date: dt.date
    shard: int
    shards: int


def shard_range(citizens: int, shard: int, shards: int) -> tuple[int, int]:
    """The run indices [first, end) of a shard's people: equal shares, the first shards one more."""
    share, rest = divmod(citizens, shards)
    first = shard * share + min(shard, rest)
    return first, first + share + (shard < rest)


def generate(
    citizens: int,
    *,
    seed: int,
    taken_pins: AbstractSet[str] = frozenset(),
    focus_commune: str | None = None,
    focus_households: int = 0,
    reference_date: dt.date = REFERENCE_DATE,
    shard: int = 0,
    shards: int = 1,
) -> Iterator[HouseholdPlan]:
    """Households totalling exactly ``citizens`` people, the same for the same arguments.

    ``taken_pins`` are numbers already in the register (never drawn again); the first
    ``focus_households`` households live in the 2025 commune ``focus_commune`` (the demo needs residents
    in a known ward). Ages are counted to ``reference_date``.

    With ``shards`` > 1 this is shard ``shard``'s part of the run: its share of the people
    (:func:`shard_range`), from a random stream of its own, so that the shards can be generated at
    once in separate processes; together they are the run, and no two shards share a PIN or a
    household index. The people depend on ``shards``: the same seed and shard count give the same run.
    """
    if citizens < 0:
        raise ValueError("citizens must not be negative")
    if not 0 <= shard < shards:
        raise ValueError("shard must be in 0 … shards - 1")
    options = _Options(taken_pins, focus_commune, focus_households, reference_date, shard, shards)
    return _Generator(seed, options).households(citizens)
