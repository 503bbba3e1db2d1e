"""Turning a record view into what the API and pages show (PIN warnings included)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from dancu.enums.registry import Item, LifeStatus, Sex
from dancu.errors import DomainError
from dancu.pin import rules as pin_rules
from dancu.registry.history import RecordView
from dancu.registry.models import Citizen
from dancu.registry.partial_date import PartialDate
from dancu.registry.schemas import CitizenSummary, RecordOut


def pin_warnings(view: RecordView) -> list[pin_rules.PinWarning]:
    """Where the record no longer matches its PIN (allowed, NĐ 70 Điều 11 khoản 8): warn, never reject."""
    pin = view.get(Item.PIN)
    if not pin:
        return []
    try:
        decoded = pin_rules.parse(pin)  # once: the checks below take it decoded
    except DomainError:
        return []
    dob = view.get(Item.DATE_OF_BIRTH)
    place = view.get(Item.BIRTH_REGISTRATION_PLACE)
    prefix = None
    if place:
        from dancu.registry.actions.pins import prefix_for_registration_place

        try:
            prefix = prefix_for_registration_place(place)
        except DomainError:  # an unknown old unit only means no place check
            prefix = None
    sex = view.get(Item.SEX)
    return pin_rules.cross_check(
        decoded,
        sex=Sex(sex) if sex else None,
        birth_year=PartialDate.parse(dob).year if dob else None,
        birth_registration_prefix=prefix,
    )


class Identified(Protocol):
    """Who a record is about, as its answer names them (a :class:`Citizen`, or the driver path's
    :class:`dancu.registry.driver_sets.Holder`)."""

    @property
    def id(self) -> int: ...
    @property
    def pin(self) -> str: ...


def record_out(citizen: Identified, view: RecordView, lang: str) -> RecordOut:
    from dancu.i18n import t

    items: dict[str, Any] = {item.value: value for item, value in view.single.items()}
    keyed = {item.value: entries for item, entries in view.keyed.items()}
    warnings = [
        {"code": w.code.value, "message": t(f"pin.warning.{w.code.value}", lang)} for w in pin_warnings(view)
    ]
    return RecordOut(
        citizen_id=citizen.id,
        pin=citizen.pin,
        valid_on=view.valid_on,
        known_at=view.known_at,
        items=items,
        keyed=keyed,
        warnings=warnings,
    )


def summary_of_row(row: Mapping[str, Any]) -> CitizenSummary:
    """:func:`summary` from a row of :data:`dancu.registry.queries.SUMMARY_COLUMNS` (the driver path)."""
    return CitizenSummary(
        citizen_id=row["id"],
        pin=row["pin"],
        full_name=row["full_name"],
        dob=row["dob"],
        sex=Sex(row["sex"]),
        status=LifeStatus(row["status"]),
        residence_province_code=row["residence_province_code"],
    )


def summary(citizen: Citizen) -> CitizenSummary:
    return CitizenSummary(
        citizen_id=citizen.id,
        pin=citizen.pin,
        full_name=citizen.full_name,
        dob=citizen.dob,
        sex=citizen.sex,
        status=citizen.status,
        residence_province_code=citizen.residence_province_code,
    )


SUMMARY_FIELDS = [Item.FULL_NAME.value, Item.DATE_OF_BIRTH.value, Item.SEX.value, Item.PIN.value]
