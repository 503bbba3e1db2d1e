"""The rows of a synthetic population load (:mod:`dancu.seed`), built in the generator's process.

Each person's ``fact_set`` row is written straight as a COPY text line ("id, citizen_id, assertions
as JSON"): the JSON comes from templates with every constant part (item names, a household's address,
a commune's place) formatted once, so a person costs one format string and a few look-ups instead of a
serializer call per value (docs/adr/0019, "Loading"). The ORM road reads the same lines back
(:attr:`Batch.sets`) and validates every value, so a template that drifts from its item fails there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from dancu.clock import now_utc
from dancu.enums.registry import Item, LifeStatus, RelationRole, Sex
from dancu.geo.enums import CodeTable
from dancu.geo.queries import current_province_code
from dancu.names import search_key
from dancu.registry.models import ASSERTIONS_PER_SET
from dancu.registry.synthetic import HouseholdPlan, Person, generate

LEGAL_BASIS = "Dữ liệu mẫu tổng hợp (không phải dữ liệu thật)"
Row = tuple[Any, ...]
# Bytes COPY's text format gives a meaning to (backslash, CR, tab, newline) or that JSON text may not
# hold raw (every C0 control, DEL). Each line has exactly two tabs and one newline of its own.
_SPECIAL = bytes([*range(0x20), 0x5C, 0x7F])


@dataclass(frozen=True)
class IdBases:
    """The largest ids in use: new rows take the ids after them."""

    citizen: int = 0
    household: int = 0
    fact_set: int = 0


@dataclass
class Batch:
    """The rows of a run of whole households (column orders: the ``*_COLUMNS`` tuples of dancu.seed)."""

    number: int
    households: list[Row] = field(default_factory=list)
    citizens: list[Row] = field(default_factory=list)
    pins: list[Row] = field(default_factory=list)
    # One COPY text line per person, in UTF-8: "id\tcitizen_id\t[assertions as JSON]\n".
    lines: list[bytes] = field(default_factory=list)
    facts: int = 0  # assertions in the lines
    # Once rendered for the fast road (:meth:`render`): each table's rows as UTF-8 COPY text, and the
    # row lists above emptied; ``counted`` keeps what the report and the event need of them.
    copy_text: dict[str, bytes] | None = None
    counted: tuple[int, int, int, list[int]] = (0, 0, 0, [])  # citizens, households, sets, id range

    @property
    def sizes(self) -> tuple[int, int, int]:
        """Citizens, households and fact sets in the batch, rendered or not."""
        if self.copy_text is not None:
            return self.counted[:3]
        return len(self.citizens), len(self.households), len(self.lines)

    @property
    def sets(self) -> list[Row]:
        """(id, citizen_id, assertions as JSON text) per person, for the ORM road and the benches."""
        rows = []
        for line in self.lines:
            set_id, citizen_id, assertions = line[:-1].decode().split("\t", 2)
            rows.append((int(set_id), int(citizen_id), assertions))
        return rows

    def render(self) -> dict[str, bytes]:
        """Every table's rows as COPY text, in the producer process: one bytes object per table to send
        to the loader (nothing to pickle per person, nothing for the loader to encode) and to hand to
        the server as written. The sets are encoded line by line (each string is short-lived) and
        joined as bytes: cheaper than joining the wide strings and encoding once."""
        at = self.households[0][2].isoformat() if self.households else ""
        households = [f"{hid}\t{number}\t{at}\n" for hid, number, _ in self.households]
        citizens = [
            f"{cid}\t{pin}\t{family}\t{middle}\t{given}\t{full}\t{key}\t{dob}\t{sex}\t{status}\t{unit}\t"
            f"{version}\t{province}\t{hid}\t{at}\t{at}\n"
            for cid, pin, family, middle, given, full, key, dob, sex, status, unit, version, province, hid, *_
            in self.citizens
        ]  # fmt: skip
        pins = [f"{pin}\t{cid}\t{at}\n" for pin, cid, _ in self.pins]
        ids = [row[0] for row in (self.citizens[0], self.citizens[-1])] if self.citizens else []
        self.counted = (len(citizens), len(households), len(self.lines), ids)
        self.copy_text = {
            "household": _checked("".join(households).encode(), len(households), 3),
            "citizen": _checked("".join(citizens).encode(), len(citizens), 16),
            "pin_record": _checked("".join(pins).encode(), len(pins), 3),
            "fact_set": _checked(b"".join(self.lines), len(self.lines), 3),
        }
        self.households, self.citizens, self.pins, self.lines = [], [], [], []
        return self.copy_text

    def event_data(self, seed: int) -> dict[str, Any]:
        citizens, households, _ = self.sizes
        if self.copy_text is not None:
            ids = self.counted[3]
        else:
            ids = [row[0] for row in (self.citizens[0], self.citizens[-1])] if self.citizens else []
        counts = {"citizens": citizens, "households": households, "facts": self.facts}
        return {"seed": seed, "batch": self.number, "citizen_ids": ids, "note": LEGAL_BASIS} | counts


def _checked(data: bytes, rows: int, separators: int) -> bytes:
    """COPY text whose values need no escaping, or ValueError. The generated values never do (names
    are checked when read, synthetic._pairs; everything else is digits, dates and codes); checked
    again here, not assumed, in one pass: translate() deletes every special byte, and only each
    row's own tabs and newline (``separators``) may have been there."""
    if len(data) - len(data.translate(None, _SPECIAL)) != separators * rows:
        raise ValueError("synthetic data would need escaping for COPY")
    return data


# Memoised: a few thousand distinct values, each needed millions of times in a large load.
_fold = cache(search_key)  # letter by letter: the parts' keys joined equal the full name's key


@cache
def _quoted(value: str) -> str:
    return f'"{value}"'


@cache
def _place(commune: str) -> str:
    return f'{{"unit_code": "{commune}", "unit_version": "2025", "detail": ""}}'


@cache
def _province(commune: str) -> str:
    province = current_province_code(commune, CodeTable.FROM_2025)
    if province is None:  # the generator draws from the 2025 table: every commune has its province
        raise ValueError(f"unknown 2025 commune {commune}")
    return province


@cache
def _iso(day: dt.date | None) -> str:
    """A valid_from member (', "f": "YYYY-MM-DD"') or nothing: absent means unbounded."""
    return f', "f": "{day.isoformat()}"' if day is not None else ""


def _opening(item: Item) -> str:
    """An assertion up to its value: '{"i": "<item>", "v": '."""
    return f'{{"i": "{item.value}", "v": '


_BIRTH_PLACE, _DOB, _ETHNICITY = map(
    _opening, (Item.BIRTH_REGISTRATION_PLACE, Item.DATE_OF_BIRTH, Item.ETHNICITY)
)
_FULL_NAME, _HOMETOWN, _HOUSEHOLD = map(_opening, (Item.FULL_NAME, Item.HOMETOWN, Item.HOUSEHOLD))
_MARITAL, _MOBILE, _NATIONALITY = map(_opening, (Item.MARITAL_STATUS, Item.MOBILE, Item.NATIONALITY))
_RESIDENCE, _PIN, _BIRTH_PLACE_2 = map(_opening, (Item.PERMANENT_RESIDENCE, Item.PIN, Item.PLACE_OF_BIRTH))
_RELIGION, _FILE, _SEX = map(_opening, (Item.RELIGION, Item.RESIDENCE_FILE_NUMBER, Item.SEX))
_RELATION = f'{{"i": "{Item.RELATION.value}", "k": "'
_VN = '["VN"]'
_CHILD, _FATHER, _MOTHER = RelationRole.CHILD.value, RelationRole.FATHER.value, RelationRole.MOTHER.value
_HUSBAND, _WIFE = RelationRole.HUSBAND.value, RelationRole.WIFE.value
_FEMALE = Sex.FEMALE
_SEX_VALUE = {id(Sex.MALE): _quoted(Sex.MALE.value), id(Sex.FEMALE): _quoted(Sex.FEMALE.value)}
_ALIVE, _FROM_2025 = LifeStatus.ALIVE.value, CodeTable.FROM_2025.value
# Assertions every person has (11 before the relations, 3 after); a mobile number and relations add.
_FIXED_ASSERTIONS = 14


class RowBuilder:
    """Rows for households, citizens, PIN records and fact sets, each set as a COPY text line.

    The JSON is alphabetical by item, then key (the order the per-item index used to keep); the ORM
    path checks every value against :func:`dancu.registry.items.validate`.
    """

    def __init__(self, bases: IdBases) -> None:
        self.bases = bases

    def citizen_id(self, person: Person) -> int:
        return self.bases.citizen + 1 + person.index

    def add(self, batch: Batch, plan: HouseholdPlan, at: dt.datetime) -> None:
        hid = self.bases.household + 1 + plan.index
        number = f"TH{hid:010d}"  # "TH" (tổng hợp) never clashes with officers' "HO" numbers
        batch.households.append((hid, number, at))
        commune = plan.commune_code
        place, province = _place(commune), _province(commune)
        # Everything the household's members share, formatted once for all of them.
        home = f'{{"unit_code": "{commune}", "unit_version": "2025", "detail": "{plan.detail}"}}'
        membership = f'{{"household_id": {hid}, "household_number": "{number}", "relation_to_head": "'
        file_number = f'"{commune}-{hid:09d}"'
        members, base = plan.members, self.bases.citizen + 1
        first = members[0].index
        names = [" ".join(filter(None, (p.family, p.middle, p.given))) for p in members]  # Person.full_name
        # A member as a relative: '"citizen_id": …, "full_name": …, "pin": …, "nationality": "VN"}'.
        relatives = [
            f'"citizen_id": {base + p.index}, "full_name": "{name}", "pin": "{p.pin}", "nationality": "VN"}}'
            for p, name in zip(members, names, strict=True)
        ]
        citizens, pins, lines = batch.citizens, batch.pins, batch.lines
        # One set per person in a run: the set ids follow the run indices, as the citizen ids do, so
        # each shard's builder numbers its own people's sets without knowing the other shards'.
        set_id, facts = self.bases.fact_set + 1 + first, 0
        for position, person in enumerate(members):
            cid, pin, dob = base + person.index, person.pin, person.dob
            family, middle, given = person.family, person.middle, person.given
            search = " ".join(map(_fold, filter(None, (family, middle, given))))
            citizens.append((
                cid, pin, family, middle, given, names[position], search, dob,
                person.sex._value_, _ALIVE, commune, _FROM_2025, province, hid, at, at,
            ))  # fmt: skip
            pins.append((pin, cid, at))
            born, since = _iso(person.born_on), _iso(person.resident_since)
            relations = self._relations(plan, person, first, base, relatives)
            mobile = "" if person.mobile is None else f'{_MOBILE}"{person.mobile}"}}, '
            count = _FIXED_ASSERTIONS + len(relations) + (person.mobile is not None)
            if count > ASSERTIONS_PER_SET:
                raise ValueError(f"citizen {cid} would have more than {ASSERTIONS_PER_SET} assertions")
            facts += count
            line = (
                f"{set_id}\t{cid}\t["
                f'{_BIRTH_PLACE}{place}}}, {_DOB}"{dob}"}}, {_ETHNICITY}{_quoted(person.ethnicity)}}}, '
                f'{_FULL_NAME}{{"family": "{family}", "middle": "{middle}", "given": "{given}"}}{born}}}, '
                f"{_HOMETOWN}{_place(person.hometown)}}}, "
                f'{_HOUSEHOLD}{membership}{person.relation_to_head._value_}"}}, "r": {hid}{since}}}, '
                f"{_MARITAL}{_quoted(person.marital_status._value_)}{_iso(person.marital_since)}}}, "
                f"{mobile}{_NATIONALITY}{_VN}{born}}}, {_RESIDENCE}{home}{since}}}, "
                f'{_PIN}"{pin}"{born}}}, {_BIRTH_PLACE_2}{place}}}, '
                f"{''.join(relations)}{_RELIGION}{_quoted(person.religion)}{born}}}, "
                f"{_FILE}{file_number}{since}}}, {_SEX}{_SEX_VALUE[id(person.sex)]}{born}}}]\n"
            )
            lines.append(line.encode())
            set_id += 1
        batch.facts += facts

    @staticmethod
    def _relations(
        plan: HouseholdPlan, person: Person, first: int, base: int, relatives: list[str]
    ) -> list[str]:
        """Item 15 both ways, in key order (relation_key: "child:<id>" < "father" < "husband:<id>" <
        "mother" < "wife:<id>"), each followed by ", ": a child names father and mother, a parent
        each child, spouses each other."""
        members, spouse = plan.members, person.spouse
        at = (first, base, relatives)
        out = sorted(
            _relation(at, _CHILD, child, members[child - first].born_on) for child in person.children
        )
        if person.father is not None:
            out.append(_relation(at, _FATHER, person.father, person.born_on))
        husband = spouse is not None and members[spouse - first].sex is not _FEMALE
        if spouse is not None and husband:
            out.append(_relation(at, _HUSBAND, spouse, person.married_on))
        if person.mother is not None:
            out.append(_relation(at, _MOTHER, person.mother, person.born_on))
        if spouse is not None and not husband:
            out.append(_relation(at, _WIFE, spouse, person.married_on))
        return out


def _relation(at: tuple[int, int, list[str]], role: str, index: int, start: dt.date | None) -> str:
    """One relation assertion; its key is the role alone for a parent, "<role>:<id>" otherwise
    (registry.actions.relations.relation_key)."""
    first, base, relatives = at
    rid = base + index
    key = role if role is _FATHER or role is _MOTHER else f"{role}:{rid}"
    return (
        f'{_RELATION}{key}", "v": {{"role": "{role}", {relatives[index - first]}, "r": {rid}{_iso(start)}}}, '
    )


def batches(builder: RowBuilder, plans: Iterable[HouseholdPlan], *, size: int) -> Iterator[Batch]:
    """Whole households, cut into batches of at least ``size`` citizens (the last may be smaller).
    Numbered from 0 here; :func:`interleaved` numbers a sharded run's batches."""
    batch, at = Batch(0), now_utc()
    for plan in plans:
        builder.add(batch, plan, at)
        if len(batch.citizens) >= size:
            yield batch
            batch, at = Batch(batch.number + 1), now_utc()
    if batch.citizens:
        yield batch


def interleaved(shards: Sequence[Iterator[Batch]]) -> Iterator[Batch]:
    """The shards' batches taken in turn (shard 0, 1, …, 0, 1, …; a finished shard drops out) and
    numbered in that order: the order the loader writes them and records their events in, the same
    whichever shard's process happens to finish a batch first."""
    live, number = list(shards), 0
    while live:
        for stream in list(live):
            batch = next(stream, None)
            if batch is None:
                live.remove(stream)
                continue
            batch.number, number = number, number + 1
            yield batch


def sharded_batches(
    bases: IdBases, *, citizens: int, seed: int, shards: int, size: int, **options: Any
) -> Iterator[Batch]:
    """A sharded run in one process (the ORM road, platforms without fork): the same batches, in the
    same order, as the fast road's producer processes give the loader."""
    plans = [generate(citizens, seed=seed, shard=k, shards=shards, **options) for k in range(shards)]
    return interleaved([batches(RowBuilder(bases), shard, size=size) for shard in plans])
