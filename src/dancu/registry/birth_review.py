"""The review step of a birth registration on the officer console: everything the form says, in
words, before it is recorded and a PIN is issued (GOV.UK's "check your answers", OpenCRVS's review).

Nothing is written here; the review page carries the form's values as hidden fields, and only its
"record" button registers the birth.
"""

from __future__ import annotations

from typing import Any

from dancu.geo import queries as geo
from dancu.i18n import Lang, t
from dancu.registry.items import Address, BirthRegistrationPlace, Place
from dancu.registry.schemas import BirthIn, ParentIn
from dancu.web.dates import shown
from dancu.web.pages import Options

Row = tuple[str, str]


def _address(value: Address | BirthRegistrationPlace | Place | None, countries: Options | None = None) -> str:
    if isinstance(value, Place) and value.country is not None:  # born, or from a family, abroad
        return ", ".join(p for p in (value.detail, _named(value.country, countries or [])) if p)
    if value is None or value.unit_code is None or value.unit_version is None:
        return "—"
    return geo.display_address(value.unit_code, value.unit_version, value.detail)  # 404 for an unknown unit


def _named(code: str | None, options: Options) -> str:
    return next((name for value, name in options if value == code), code or "—")


def _parent(parent: ParentIn | None, countries: Options) -> str:
    if parent is None:
        return "—"
    who = parent.full_name or ""
    if parent.pin:
        who = f"{who} ({parent.pin})" if who else parent.pin
    return f"{who} · {_named(parent.nationality, countries)}"


def review_rows(body: BirthIn, options: dict[str, Options], lang: Lang) -> list[tuple[str, list[Row]]]:
    """The sections of the review page, each a list of (label, value in words)."""
    name = " ".join(p for p in (body.full_name.family, body.full_name.middle, body.full_name.given) if p)
    countries = options["countries"]
    child: list[Row] = [
        (t("field.full_name", lang), name),
        (t("field.date_of_birth", lang), shown(body.date_of_birth)),
        (t("field.sex", lang), t(f"enum.sex.{body.sex.value}", lang)),
        (t("field.place_of_birth", lang), _address(body.place_of_birth, countries)),
        (t("field.hometown", lang), _address(body.hometown, countries)),
        (t("field.ethnicity", lang), _named(body.ethnicity, options["ethnicities"])),
        (t("field.religion", lang), _named(body.religion, options["religions"])),
        (t("field.nationality", lang), ", ".join(_named(c, countries) for c in body.nationality)),
    ]
    parents: list[Row] = [
        (t("field.father", lang), _parent(body.father, countries)),
        (t("field.mother", lang), _parent(body.mother, countries)),
    ]
    if body.legal_representative is not None:
        parents.append((t("field.legal_representative", lang), _parent(body.legal_representative, countries)))
    if body.parents_unknown:
        parents.append((t("field.parents_unknown", lang), "✓"))
    registration: list[Row] = [
        (t("field.birth_registration_place", lang), _address(body.birth_registration_place)),
        (t("field.permanent_residence", lang), _address(body.permanent_residence)),
    ]
    if body.household_number:
        relation = (
            t(f"enum.household_relation.{body.relation_to_head}", lang) if body.relation_to_head else "—"
        )
        registration.append((t("field.household_number", lang), f"{body.household_number} · {relation}"))
    registration += [
        (t("field.dossier_number", lang), body.dossier_number),
        (t("field.legal_basis", lang), body.legal_basis),
    ]
    return [
        (t("birth_review.child", lang), child),
        (t("birth_review.parents", lang), parents),
        (t("birth_review.registration", lang), registration),
    ]


def carried(form: dict[str, str]) -> list[tuple[str, Any]]:
    """The form's values, carried by the review page as hidden fields (not the token, not the step)."""
    return [(key, value) for key, value in form.items() if key not in ("csrf_token", "step") and value]
