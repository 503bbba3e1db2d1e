"""How the officer console shows the register: item values as text (addresses with unit names,
codes as names, partial dates as written in Viet Nam), the record in sections, and the timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dancu.clock import VN_TZ
from dancu.codes import queries as codes
from dancu.enums.registry import Item
from dancu.errors import DomainError
from dancu.geo.queries import display_address
from dancu.i18n import Lang, t
from dancu.pin import rules as pin_rules
from dancu.registry.catalogue import attributes
from dancu.registry.models import Fact
from dancu.registry.partial_date import PartialDate
from dancu.registry.schemas import RecordOut


def item_label(item: Item, lang: Lang) -> str:
    return item.label_vi if lang is Lang.VI else t(f"item.{item.value}", lang)


def partial_date(text: str | None) -> str:
    if not text:
        return ""
    try:
        return PartialDate.parse(text).display_vi()
    except ValueError:
        return text


def date_vi(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def instant_vi(moment: dt.datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")


def address(value: dict[str, Any]) -> str:
    code, version, detail = value.get("unit_code"), value.get("unit_version"), value.get("detail")
    if value.get("country"):  # a place of birth or hometown abroad
        country = codes.get_country(value["country"])
        return ", ".join(p for p in (detail, country.name_vi if country else value["country"]) if p)
    if not code or not version:
        return str(detail or "")
    try:
        return display_address(code, version, detail)
    except DomainError:  # a unit missing from the shipped tables: show what is stored
        return ", ".join(p for p in (detail, f"mã {code} ({version})") if p)


def _code(lookup: Callable[[str], codes.CodeEntry | None], code: str, lang: Lang) -> str:
    entry = lookup(code)
    if entry is None:
        return code
    return entry.name_en if lang is Lang.EN and entry.name_en else entry.name_vi


def _registration_place(value: dict[str, Any], lang: Lang) -> str:
    country = value.get("country_pin_code")
    if country:
        place = pin_rules.places().get(country)
        return place.name if place else country
    return address(value)


def _full_name(value: dict[str, Any], lang: Lang) -> str:
    return " ".join(str(value.get(p) or "") for p in ("family", "middle", "given") if value.get(p))


def _card(value: dict[str, Any], lang: Lang) -> str:
    text = t(
        "registry_display.card",
        lang,
        kind=t("enum.card_kind." + str(value.get("kind")), lang),
        number=value.get("number"),
        issued_on=partial_date(value.get("issued_on")),
        issued_by=value.get("issued_by"),
    )
    if value.get("expires_on"):
        text += t("registry_display.card_expires", lang, expires_on=partial_date(value["expires_on"]))
    return text


def _relation(value: dict[str, Any], lang: Lang) -> str:
    text = f"{t('enum.relation_role.' + str(value.get('role')), lang)}: {value.get('full_name')}"
    if value.get("pin"):
        text += f" ({value['pin']})"
    if value.get("nationality") and value["nationality"] != "VN":
        text += f", {_code(codes.get_country, value['nationality'], lang)}"
    return text


def _household(value: dict[str, Any], lang: Lang) -> str:
    relation = t(f"enum.household_relation.{value.get('relation_to_head')}", lang)
    return t("registry_display.household", lang, number=value.get("household_number"), relation=relation)


def _absence(value: dict[str, Any], lang: Lang) -> str:
    text = t(
        "registry_display.absence", lang, destination=value.get("destination"), reason=value.get("reason")
    )
    if value.get("subject_kind"):
        text += t("registry_display.absence_subject", lang, kind=value["subject_kind"])
    return text


def _death(value: dict[str, Any], lang: Lang) -> str:
    return f"{t('enum.life_status.' + str(value.get('status')), lang)}: {partial_date(value.get('date'))}"


def _extra(value: dict[str, Any], lang: Lang) -> str:
    shown = value.get("value")
    if isinstance(shown, bool):
        shown = t("registry_display.yes" if shown else "registry_display.no", lang)
    verified = t("enum.verification." + ("verified" if value.get("verified") else "unverified"), lang)
    return t(
        "registry_display.extra",
        lang,
        value=shown,
        source=value.get("source_system"),
        verified=verified.lower(),
    )


_SHOW: dict[Item, Callable[[Any, Lang], str]] = {
    Item.FULL_NAME: _full_name,
    Item.OTHER_NAMES: lambda v, lang: ", ".join(v),
    Item.DATE_OF_BIRTH: lambda v, lang: partial_date(v),
    Item.SEX: lambda v, lang: t(f"enum.sex.{v}", lang),
    Item.PLACE_OF_BIRTH: lambda v, lang: address(v),
    Item.BIRTH_REGISTRATION_PLACE: _registration_place,
    Item.HOMETOWN: lambda v, lang: address(v),
    Item.ETHNICITY: lambda v, lang: _code(codes.get_ethnicity, v, lang),
    Item.RELIGION: lambda v, lang: _code(codes.get_religion, v, lang),
    Item.NATIONALITY: lambda v, lang: ", ".join(_code(codes.get_country, c, lang) for c in v),
    Item.BLOOD_GROUP: lambda v, lang: _code(codes.get_blood_group, v, lang),
    Item.CARD: _card,
    Item.RELATION: _relation,
    Item.PERMANENT_RESIDENCE: lambda v, lang: address(v),
    Item.TEMPORARY_RESIDENCE: lambda v, lang: address(v),
    Item.CURRENT_PLACE: lambda v, lang: address(v),
    Item.TEMPORARY_ABSENCE: _absence,
    Item.MARITAL_STATUS: lambda v, lang: t(f"enum.marital_status.{v}", lang),
    Item.HOUSEHOLD: _household,
    Item.DEATH: _death,
    Item.EXTRA: _extra,
}


def show(item: Item, value: Any, lang: Lang) -> str:
    """An item's value as an officer reads it; never fails on an unexpected stored shape."""
    if value is None:
        return t("page.none", lang)
    handler = _SHOW.get(item)
    try:
        return handler(value, lang) if handler else str(value)
    except (AttributeError, KeyError, TypeError, ValueError):
        return str(value)


# --- The record in sections ----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    text: str
    href: str | None = None


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)


SECTIONS: list[tuple[str, tuple[Item, ...]]] = [
    (
        "registry_section.identity",
        (
            Item.FULL_NAME,
            Item.OTHER_NAMES,
            Item.PIN,
            Item.DATE_OF_BIRTH,
            Item.SEX,
            Item.ETHNICITY,
            Item.RELIGION,
            Item.NATIONALITY,
            Item.BLOOD_GROUP,
            Item.MARITAL_STATUS,
            Item.CMND9,
        ),
    ),
    ("registry_section.birth", (Item.PLACE_OF_BIRTH, Item.BIRTH_REGISTRATION_PLACE, Item.HOMETOWN)),
    (
        "registry_section.residence",
        (
            Item.PERMANENT_RESIDENCE,
            Item.TEMPORARY_RESIDENCE,
            Item.CURRENT_PLACE,
            Item.TEMPORARY_ABSENCE,
            Item.RESIDENCE_FILE_NUMBER,
        ),
    ),
    ("registry_section.family", (Item.RELATION,)),
    ("registry_section.household", (Item.HOUSEHOLD,)),
    ("registry_section.card", (Item.CARD,)),
    ("registry_section.contact", (Item.MOBILE, Item.EMAIL)),
    ("registry_section.other", (Item.DEATH, Item.EXTRA)),
]


def _keyed_rows(item: Item, entries: dict[str, Any], lang: Lang) -> list[Row]:
    rows = []
    for key, value in sorted(entries.items()):
        if item is Item.RELATION:
            role = t(f"enum.relation_role.{value.get('role')}", lang)
            pin = value.get("pin")
            text = value.get("full_name", "") + (f" ({pin})" if pin else "")
            rows.append(Row(role, text, f"/officer/citizens/{pin}" if pin else None))
        elif item is Item.EXTRA:
            attribute = attributes().get(key)
            name = (attribute.label_vi if lang is Lang.VI else attribute.label_en) if attribute else key
            rows.append(Row(name, show(item, value, lang)))
        else:
            rows.append(Row(item_label(item, lang), show(item, value, lang)))
    return rows


def sections(record: RecordOut, lang: Lang) -> list[Section]:
    """The record grouped for reading; empty groups are left out."""
    result = []
    for title, members in SECTIONS:
        rows: list[Row] = []
        for item in members:
            if item.multi_valued:
                rows.extend(_keyed_rows(item, record.keyed.get(item.value, {}), lang))
            elif item.value in record.items:
                rows.append(Row(item_label(item, lang), show(item, record.items[item.value], lang)))
        if rows:
            result.append(Section(t(title, lang), rows))
    return result


# --- The timeline --------------------------------------------------------------------------------


# Shorter names for the timeline, where the law's wording of the item is a whole sentence.
_SHORT_VI = {
    Item.RELATION: "Quan hệ gia đình",
    Item.CARD: "Thẻ căn cước đã cấp",
    Item.HOUSEHOLD: "Hộ gia đình",
    Item.DEATH: "Chết, mất tích",
}


@dataclass(frozen=True)
class TimelineChange:
    item: str
    key: str
    old: str | None
    new: str
    period: str


@dataclass(frozen=True)
class TimelineEntry:
    """One recorded change (one event): its provenance and the items it set."""

    recorded_at: str
    kind: str
    kind_label: str
    source: str
    legal_basis: str
    dossier_number: str
    reason: str
    officer: str
    known_later: bool
    changes: list[TimelineChange]


def _period(fact: Fact, lang: Lang) -> str:
    last = date_vi(fact.valid_to - dt.timedelta(days=1)) if fact.valid_to else ""
    if fact.valid_from and fact.valid_to:
        return t("registry_display.period", lang, start=date_vi(fact.valid_from), end=last)
    if fact.valid_from:
        return t("registry_display.period_from", lang, start=date_vi(fact.valid_from))
    if fact.valid_to:
        return t("registry_display.period_until", lang, end=last)
    return ""


def _key_label(fact: Fact, lang: Lang) -> str:
    if not fact.key:
        return ""
    role = fact.key.split(":")[0]
    if fact.item is Item.RELATION:
        return t(f"enum.relation_role.{role}", lang)
    if fact.item is Item.EXTRA:
        attribute = attributes().get(fact.key)
        return (attribute.label_vi if lang is Lang.VI else attribute.label_en) if attribute else fact.key
    return fact.key


def _shown(fact: Fact, value: Any, lang: Lang) -> str:
    if fact.item is Item.RELATION and isinstance(value, dict):  # the role is already in the key
        pin = value.get("pin")
        return str(value.get("full_name", "")) + (f" ({pin})" if pin else "")
    return show(fact.item, value, lang)


def _change(fact: Fact, before: Fact | None, lang: Lang) -> TimelineChange:
    label = _SHORT_VI.get(fact.item) if lang is Lang.VI else None
    return TimelineChange(
        item=label or item_label(fact.item, lang),
        key=_key_label(fact, lang),
        old=_shown(before, before.value, lang) if before is not None else None,
        new=_shown(fact, fact.value, lang),
        period=_period(fact, lang),
    )


def _entry(
    facts: list[Fact], changes: list[TimelineChange], officers: dict[int, str], lang: Lang, later: bool
) -> TimelineEntry:
    fact = facts[0]
    return TimelineEntry(
        recorded_at=instant_vi(fact.recorded_at),
        kind=fact.change_kind.value,
        kind_label=t(f"enum.change_kind.{fact.change_kind.value}", lang),
        source=t(f"enum.source.{fact.source.value}", lang),
        legal_basis=fact.legal_basis or "",
        dossier_number=fact.dossier_number or "",
        reason=fact.reason or "",
        officer=officers.get(fact.officer_account_id or 0, ""),
        known_later=later,
        changes=changes,
    )


def timeline(
    facts: Sequence[Fact], officers: dict[int, str], lang: Lang, *, known_at: dt.datetime | None = None
) -> list[TimelineEntry]:
    """Every change, newest first, one entry per recorded event, each item with the value it
    replaced: for an adjustment both the wrong and the corrected value. ``facts`` come newest
    first, as :func:`queries.timeline` returns them."""
    previous: dict[tuple[Item, str], Fact] = {}
    changes: dict[int, list[tuple[Fact, TimelineChange]]] = {}
    for fact in reversed(facts):  # oldest first, to know what each fact replaced
        change = _change(fact, previous.get((fact.item, fact.key)), lang)
        previous[(fact.item, fact.key)] = fact
        changes.setdefault(fact.event_id, []).append((fact, change))
    entries = []
    for group in reversed(changes.values()):
        group.sort(key=lambda pair: (list(Item).index(pair[0].item), pair[0].key))
        members = [f for f, _ in group]
        later = known_at is not None and members[0].recorded_at > known_at
        entries.append(_entry(members, [c for _, c in group], officers, lang, later))
    return entries
