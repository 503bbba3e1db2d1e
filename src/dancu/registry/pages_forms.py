"""Forms that create a person: birth registration (đăng ký khai sinh) and DC01 collection.

The form is turned into :class:`BirthIn` / :class:`CollectIn`, the bodies the API takes, and handed
to the same actions; a rejected form comes back with the values kept and a message beside each field.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.enums.registry import HouseholdRelation, Item, MaritalStatus, Sex
from dancu.errors import DomainError
from dancu.geo.enums import CodeTable
from dancu.i18n import Lang
from dancu.registry.actions import births
from dancu.registry.birth_review import carried, review_rows
from dancu.registry.pages_common import (
    DOSSIER_KEYS,
    address_input,
    address_keys,
    after_change,
    choices,
    dossier,
    own_commune,
)
from dancu.registry.schemas import BirthIn, CollectIn
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import PARENT_ROLES, Form, discard, enum_options, failure, page, present, read_form
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)

BIRTH_LEGAL_BASIS = "Luật Hộ tịch 2014; NĐ 70/2024/NĐ-CP Điều 11 khoản 2"
COLLECT_LEGAL_BASIS = "NĐ 70/2024/NĐ-CP Điều 5; Phiếu thu thập thông tin dân cư DC01"
NAME_KEYS = ["full_name", "full_name.family", "full_name.middle", "full_name.given"]
COMMON_KEYS = [
    *NAME_KEYS,
    "date_of_birth",
    "sex",
    "birth_registration_place",
    *address_keys("place_of_birth"),
    *address_keys("hometown"),
    "ethnicity",
    "religion",
    "nationality",
    *address_keys("permanent_residence"),
    *DOSSIER_KEYS,
]
BIRTH_KEYS = [
    *COMMON_KEYS,
    *[f"{p}{s}" for p in PARENT_ROLES for s in ("", ".pin", ".full_name", ".nationality")],
    "parents_unknown",
    "household_number",
    "relation_to_head",
]
OTHER_ITEMS = (Item.MOBILE, Item.EMAIL, Item.BLOOD_GROUP, Item.MARITAL_STATUS, Item.OTHER_NAMES)
COLLECT_KEYS = [
    *COMMON_KEYS,
    "cmnd9",
    "permanent_residence_since",
    "other_items",
    *[i.value for i in OTHER_ITEMS],
]


def full_name(form: Form) -> dict[str, str]:
    return present({p: form.get(f"full_name.{p}", "") for p in ("family", "middle", "given")})


def _parent(form: Form, role: str) -> dict[str, str] | None:
    parent = present({f: form.get(f"{role}.{f}", "") for f in ("pin", "full_name", "nationality")})
    if not parent.get("pin") and not parent.get("full_name"):
        return None
    return parent


def _common(form: Form) -> dict[str, Any]:
    registration = address_input(form, "birth_registration_place", detail=False)
    nationality = form.get("nationality")
    return {
        "full_name": full_name(form),
        "date_of_birth": form.get("date_of_birth", ""),
        "sex": form.get("sex", ""),
        "birth_registration_place": registration,
        "place_of_birth": address_input(form, "place_of_birth"),
        "hometown": address_input(form, "hometown"),
        "ethnicity": form.get("ethnicity", ""),
        "religion": form.get("religion", ""),
        "nationality": [nationality] if nationality else None,
        "permanent_residence": address_input(form, "permanent_residence"),
        **dossier(form),
    }


def birth_body(form: Form) -> dict[str, Any]:
    body = _common(form) | {role: _parent(form, role) for role in PARENT_ROLES}
    body |= {
        "parents_unknown": form.get("parents_unknown", ""),
        "household_number": form.get("household_number", ""),
        "relation_to_head": form.get("relation_to_head", ""),
    }
    return present(body)


def collect_body(form: Form) -> dict[str, Any]:
    other: dict[str, Any] = {i.value: form.get(i.value, "") for i in OTHER_ITEMS}
    other[Item.OTHER_NAMES.value] = [
        n.strip() for n in other[Item.OTHER_NAMES.value].splitlines() if n.strip()
    ]
    body = _common(form) | {
        "cmnd9": form.get("cmnd9", ""),
        "permanent_residence_since": form.get("permanent_residence_since", ""),
        "other_items": present(other),
    }
    return present(body)


def _defaults(actor: Actor, legal_basis: str) -> Form:
    commune = own_commune(actor)
    values = {
        "religion": "00",
        "nationality": "VN",
        "legal_basis": legal_basis,
        "birth_registration_place.version": CodeTable.FROM_2025.value,
        "place_of_birth.version": CodeTable.FROM_2025.value,
        "hometown.version": CodeTable.FROM_2025.value,
        "permanent_residence.version": CodeTable.FROM_2025.value,
    }
    if commune:
        values["birth_registration_place.unit"] = commune
    return values


def _context(lang: Lang, actor: Actor, values: Form, errors: dict[str, str]) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "options": choices(lang, actor)
        | {
            "sex": enum_options("sex", [Sex.MALE.value, Sex.FEMALE.value], lang),
            "relation_to_head": enum_options(
                "household_relation", [r.value for r in HouseholdRelation], lang
            ),
            "marital_status": enum_options("marital_status", [m.value for m in MaritalStatus], lang),
        },
    }


async def _save(
    request: Request,
    session: AsyncSession,
    actor: Actor,
    *,
    kind: str,
) -> Response:
    """Validate and call the action (the boundary commits); or re-render the form with the messages."""
    lang = language(request)
    form = await read_form(request)
    keys = BIRTH_KEYS if kind == "birth" else COLLECT_KEYS
    step = form.get("step", "")
    if kind == "birth" and step == "edit":  # back from the review: the form again, as filled in
        return page(request, "registry/birth.html", _context(lang, actor, form, {}))
    try:
        if kind == "birth" and step == "review":
            context = _context(lang, actor, form, {})
            body = BirthIn.model_validate(birth_body(form))
            sections = review_rows(body, context["options"], lang)
            return page(
                request,
                "registry/birth_review.html",
                context | {"sections": sections, "carried": carried(form)},
            )
        if kind == "birth":
            citizen = await births.register_birth(
                session, BirthIn.model_validate(birth_body(form)), actor=actor
            )
        else:
            citizen = await births.collect(session, CollectIn.model_validate(collect_body(form)), actor=actor)
    except (DomainError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
        await discard(request, session)
        bad = failure(exc, keys, lang, bare_field="date_of_birth")
        return page(
            request, f"registry/{kind}.html", _context(lang, actor, form, bad.errors), status_code=bad.status
        )
    return after_change(actor, citizen, "birth_registered" if kind == "birth" else "collected")


@router.get("/officer/births/new")
async def birth_form(
    request: Request, actor: Annotated[Actor, Depends(Requires(Permission.BIRTH_REGISTER))]
) -> Response:
    context = _context(language(request), actor, _defaults(actor, BIRTH_LEGAL_BASIS), {})
    return page(request, "registry/birth.html", context)


@router.post("/officer/births/new")
async def birth_submit(
    request: Request,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.BIRTH_REGISTER))],
) -> Response:
    return await _save(request, session, actor, kind="birth")


@router.get("/officer/collect/new")
async def collect_form(
    request: Request, actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_COLLECT))]
) -> Response:
    context = _context(language(request), actor, _defaults(actor, COLLECT_LEGAL_BASIS), {})
    return page(request, "registry/collect.html", context)


@router.post("/officer/collect/new")
async def collect_submit(
    request: Request,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_COLLECT))],
) -> Response:
    return await _save(request, session, actor, kind="collect")
