"""The register's form pieces: where a saved form leads, the address widget, the dossier fields and
the options of the select boxes. The page context and error handling every console page shares are
in ``dancu.web.pages``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fastapi.responses import RedirectResponse

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.codes import queries as codes
from dancu.enums.registry import Item
from dancu.errors import DomainError
from dancu.geo import queries as geo
from dancu.geo.enums import CodeTable
from dancu.i18n import Lang, t
from dancu.registry import items, policies
from dancu.registry.models import Citizen
from dancu.web.pages import Form, Options, present


def after_change(actor: Actor, citizen: Citizen, notice: str) -> RedirectResponse:
    """Where a saved form leads: the person page, or the console home with the notice (and the PIN)
    when the person is not, or no longer, in the officer's territory (no residence there: a DC01
    without residence, a death, a removal), which the person page would refuse."""
    if policies.citizen_in_territory(actor, citizen):
        return RedirectResponse(f"/officer/citizens/{citizen.pin}?notice={notice}", status_code=303)
    return RedirectResponse(f"/officer/citizens?notice={notice}&person={citizen.pin}", status_code=303)


def address_input(form: Form, prefix: str, *, detail: bool = True) -> dict[str, str] | None:
    """An address widget: a unit chosen from the list or typed as a code (the typed code wins)."""
    code = form.get(f"{prefix}.code") or form.get(f"{prefix}.unit", "")
    text = form.get(f"{prefix}.detail", "") if detail else ""
    if not code and not text:
        return None
    address = {"unit_code": code, "unit_version": form.get(f"{prefix}.version") or CodeTable.FROM_2025.value}
    if detail:
        address["detail"] = text
    return present(address)


def address_values(prefix: str, value: Mapping[str, Any] | None, choices: Options) -> Form:
    """Form values that show a stored address in the widget."""
    if not value:
        return {}
    code = str(value.get("unit_code") or "")
    listed = any(code == option for option, _ in choices)
    return {
        f"{prefix}.unit" if listed else f"{prefix}.code": code,
        f"{prefix}.version": str(value.get("unit_version") or CodeTable.FROM_2025.value),
        f"{prefix}.detail": str(value.get("detail") or ""),
    }


def address_keys(prefix: str) -> list[str]:
    return [prefix, f"{prefix}.detail"]


def dossier(form: Form) -> dict[str, str]:
    return {"legal_basis": form.get("legal_basis", ""), "dossier_number": form.get("dossier_number", "")}


DOSSIER_KEYS = ["legal_basis", "dossier_number"]


def unit_options(actor: Actor) -> Options:
    """Communes of the officer's province (2025 table); the provinces for a nationwide officer."""
    own = geo.get_unit(actor.unit_code, CodeTable.FROM_2025) if actor.unit_code else None
    if own is None:
        return [(u.code, f"{u.name} ({u.code})") for u in geo.provinces(CodeTable.FROM_2025)]
    return [(u.code, f"{u.name} ({u.code})") for u in geo.communes(own.province_code, CodeTable.FROM_2025)]


def own_commune(actor: Actor) -> str:
    """The officer's own commune (2025 code) when the officer belongs to one, else ''."""
    if actor.role is OfficerRole.COMMUNE_POLICE and actor.unit_code:
        return actor.unit_code
    return ""


def code_options(entries: Iterable[codes.CodeEntry], lang: Lang) -> Options:
    return [(e.code, e.name_en if lang is Lang.EN and e.name_en else e.name_vi) for e in entries]


def blood_group_options(lang: Lang) -> Options:
    """Blood groups of the code list that the register accepts for item 12."""
    accepted = []
    for entry in codes.blood_groups():
        try:
            items.validate(Item.BLOOD_GROUP, entry.code)
        except DomainError:
            continue
        accepted.append(entry)
    return code_options(accepted, lang)


def choices(lang: Lang, actor: Actor) -> dict[str, Options]:
    """Every select box the register's forms use."""
    return {
        "units": unit_options(actor),
        "versions": [
            (CodeTable.FROM_2025.value, "2025"),
            (CodeTable.PRE_2025.value, t("registry_display.before_2025", lang)),
        ],
        "ethnicities": code_options(codes.ethnicities(), lang),
        "religions": code_options(codes.religions(), lang),
        "countries": code_options(codes.countries(), lang),
        "blood_groups": blood_group_options(lang),
    }
