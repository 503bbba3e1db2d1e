"""Forms that change one person's record: update (cập nhật), adjustment (điều chỉnh), death and a
card issued (item 14).

Update and adjustment share one page: first the officer picks the item (a plain GET form, so no
JavaScript is needed), then the page shows the widget for that item with its current value.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.enums.registry import CardKind, Item, LifeStatus, MaritalStatus, Sex, Source
from dancu.errors import DomainError, FieldProblem, invalid
from dancu.i18n import Lang, t
from dancu.registry.pages_common import (
    DOSSIER_KEYS,
    address_input,
    address_keys,
    address_values,
    after_change,
    choices,
    dossier,
    unit_options,
)
from dancu.registry.pages_display import item_label, show
from dancu.registry.pages_forms import NAME_KEYS, full_name
from dancu.registry.schemas import AdjustIn, CardIn, DeathIn, ItemChangeIn
from dancu.registry.use_cases import reads, writes
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import (
    Form,
    Options,
    discard,
    enum_options,
    failure,
    message,
    page,
    present,
    read_form,
    today_iso,
)
from dancu.web.transaction import UnitOfWorkRoute, commit_then_refuse

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)

PinPath = Annotated[str, Path(pattern=r"^[0-9]{12}$")]
CHANGE_LEGAL_BASIS = "NĐ 70/2024/NĐ-CP Điều 6"
DEATH_LEGAL_BASIS = "Luật Hộ tịch 2014 (khai tử); NĐ 70/2024/NĐ-CP Điều 6"
CARD_LEGAL_BASIS = "Luật Căn cước 2023 Điều 18, 24; NĐ 70/2024/NĐ-CP Điều 6"

# The items an officer may update or adjust here, and the widget each one uses.
EDITABLE: dict[Item, str] = {
    Item.FULL_NAME: "name",
    Item.DATE_OF_BIRTH: "partial_date",
    Item.SEX: "select",
    Item.ETHNICITY: "select",
    Item.RELIGION: "select",
    Item.NATIONALITY: "select",
    Item.HOMETOWN: "address",
    Item.PLACE_OF_BIRTH: "address",
    Item.BLOOD_GROUP: "select",
    Item.MARITAL_STATUS: "select",
    Item.OTHER_NAMES: "lines",
    Item.CMND9: "text",
    Item.MOBILE: "text",
    Item.EMAIL: "text",
}
SOURCES = [s.value for s in Source if s is not Source.SYNTHETIC]
CHANGE_KEYS = [
    "item",
    "reason",
    "proof",
    "source",
    "valid_from",
    *DOSSIER_KEYS,
    *NAME_KEYS,
    *[i.value for i in EDITABLE],
    *address_keys(Item.HOMETOWN.value),
    *address_keys(Item.PLACE_OF_BIRTH.value),
]
DEATH_KEYS = ["status", "date", "source", *DOSSIER_KEYS]
CARD_FIELDS = ("kind", "number", "issued_on", "issued_by", "expires_on")
CARD_KEYS = [*(f"card.{f}" for f in CARD_FIELDS), *DOSSIER_KEYS]
MODES = {
    "adjust": ("registry_mode.adjust", "adjusted"),
    "update": ("registry_mode.update", "updated"),
}


def _item(text: str) -> Item | None:
    try:
        item = Item(text)
    except ValueError:
        return None
    return item if item in EDITABLE else None


def value_of(item: Item, form: Form) -> Any:
    """The new value from the item's widget; an empty widget is an error (clearing is not offered)."""
    widget = EDITABLE[item]
    value: Any
    if widget == "name":
        value = full_name(form)
    elif widget == "address":
        value = address_input(form, item.value)
    elif widget == "lines":
        value = [n.strip() for n in form.get(item.value, "").splitlines() if n.strip()]
    elif item is Item.NATIONALITY:
        value = [form[item.value]] if form.get(item.value) else None
    else:
        value = form.get(item.value) or None
    if not value:
        raise invalid("full_name" if widget == "name" else item.value, "missing")
    return value


def value_form(item: Item, value: Any, units: Options) -> Form:
    """The form values that show ``value`` in the item's widget."""
    if value is None:
        return {}
    widget = EDITABLE[item]
    if widget == "name":
        return {f"full_name.{p}": str(value.get(p, "")) for p in ("family", "middle", "given")}
    if widget == "address":
        return address_values(item.value, value, units)
    if widget == "lines":
        return {item.value: "\n".join(value)}
    if item is Item.NATIONALITY:
        return {item.value: value[0] if value else ""}
    return {item.value: str(value)}


def _options(lang: Lang, actor: Actor) -> dict[str, Options]:
    return choices(lang, actor) | {
        "sex": enum_options("sex", [Sex.MALE.value, Sex.FEMALE.value], lang),
        "marital_status": enum_options("marital_status", [m.value for m in MaritalStatus], lang),
        "source": enum_options("source", SOURCES, lang),
        "status": enum_options("life_status", [LifeStatus.DEAD.value, LifeStatus.MISSING.value], lang),
        "items": [(i.value, item_label(i, lang)) for i in EDITABLE],
        "card_kind": enum_options("card_kind", [k.value for k in CardKind], lang),
    }


def _change_context(
    mode: str,
    person: dict[str, str],
    item: Item | None,
    values: Form,
    errors: dict[str, str],
    lang: Lang,
    actor: Actor,
) -> dict[str, Any]:
    return {
        "mode": mode,
        "title": t(MODES[mode][0], lang),
        "person": person,
        "item": item.value if item else "",
        "item_label": item_label(item, lang) if item else "",
        "widget": EDITABLE[item] if item else "",
        "values": values,
        "errors": errors,
        "options": _options(lang, actor),
    }


async def _change_form(
    request: Request, session: AsyncSession, actor: Actor, pin: str, item_text: str, *, mode: str
) -> Response:
    lang = language(request)
    item = _item(item_text)
    citizen, facts = await reads.read_for_form(session, pin, [item] if item else [], actor=actor)
    values: Form = {"source": Source.DC02.value, "legal_basis": CHANGE_LEGAL_BASIS}
    if mode == "update":
        values["valid_from"] = today_iso()
    current_text = ""
    if item is not None:
        current = facts[item]
        values |= value_form(item, current.value if current else None, unit_options(actor))
        current_text = show(item, current.value if current else None, lang)
    errors = {"item": _unknown_item(lang)} if item_text and item is None else {}
    if errors:
        # The page still shows the person's name and PIN although it answers 422: the read stays logged.
        await commit_then_refuse(session)
    person = {"pin": citizen.pin, "full_name": citizen.full_name}
    context = _change_context(mode, person, item, values, errors, lang, actor) | {"current": current_text}
    return page(request, "registry/change.html", context, status_code=422 if errors else 200)


def _unknown_item(lang: Lang) -> str:
    return message(FieldProblem("item", "item_not_editable"), lang)


def _change_body(mode: str, item: Item, form: Form) -> AdjustIn | ItemChangeIn:
    body: dict[str, Any] = {
        "item": item.value,
        "value": value_of(item, form),
        "source": form.get("source", ""),
        "reason": form.get("reason", ""),
        **dossier(form),
    }
    if mode == "adjust":
        return AdjustIn.model_validate(present(body | {"proof": form.get("proof", "")}))
    return ItemChangeIn.model_validate(present(body | {"valid_from": form.get("valid_from", "")}))


async def _change_submit(
    request: Request, session: AsyncSession, actor: Actor, pin: str, *, mode: str
) -> Response:
    lang = language(request)
    form = await read_form(request)
    item = _item(form.get("item", ""))
    try:
        if item is None:
            raise invalid("item", "item_not_editable")
        body = _change_body(mode, item, form)
        if isinstance(body, AdjustIn):
            citizen = await writes.adjust_item(session, pin, body, actor=actor)
        else:
            citizen = await writes.update_item(session, pin, body, actor=actor)
    except (DomainError, ValueError) as exc:
        await discard(request, session)
        shown = await writes.refused_subject(session, pin, actor=actor)
        person = {"pin": shown.pin, "full_name": shown.full_name}
        bad = failure(exc, CHANGE_KEYS, lang)
        context = _change_context(mode, person, item, form, bad.errors, lang, actor)
        return page(request, "registry/change.html", context, status_code=bad.status)
    return after_change(actor, citizen, MODES[mode][1])


@router.get("/officer/citizens/{pin}/adjust")
async def adjust_form(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_ADJUST))],
    item: str = "",
) -> Response:
    return await _change_form(request, session, actor, pin, item, mode="adjust")


@router.post("/officer/citizens/{pin}/adjust")
async def adjust_submit(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_ADJUST))],
) -> Response:
    return await _change_submit(request, session, actor, pin, mode="adjust")


@router.get("/officer/citizens/{pin}/update")
async def update_form(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_UPDATE))],
    item: str = "",
) -> Response:
    return await _change_form(request, session, actor, pin, item, mode="update")


@router.post("/officer/citizens/{pin}/update")
async def update_submit(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_UPDATE))],
) -> Response:
    return await _change_submit(request, session, actor, pin, mode="update")


# --- Death ----------------------------------------------------------------------------------------


def _death_context(
    person: dict[str, str], values: Form, errors: dict[str, str], lang: Lang, actor: Actor
) -> dict[str, Any]:
    return {"person": person, "values": values, "errors": errors, "options": _options(lang, actor)}


@router.get("/officer/citizens/{pin}/death")
async def death_form(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.DEATH_RECORD))],
) -> Response:
    citizen, _ = await reads.read_for_form(session, pin, actor=actor)
    person = {"pin": citizen.pin, "full_name": citizen.full_name, "status": citizen.status.value}
    values = {
        "status": LifeStatus.DEAD.value,
        "source": Source.CIVIL_STATUS.value,
        "legal_basis": DEATH_LEGAL_BASIS,
    }
    return page(request, "registry/death.html", _death_context(person, values, {}, language(request), actor))


@router.post("/officer/citizens/{pin}/death")
async def death_submit(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.DEATH_RECORD))],
) -> Response:
    lang = language(request)
    form = await read_form(request)
    try:
        body = DeathIn.model_validate(
            present(
                {
                    "status": form.get("status", ""),
                    "date": form.get("date", ""),
                    "source": form.get("source", ""),
                    **dossier(form),
                }
            )
        )
        citizen = await writes.record_death(session, pin, body, actor=actor)
    except (DomainError, ValueError) as exc:
        await discard(request, session)
        shown = await writes.refused_subject(session, pin, actor=actor)
        person = {"pin": shown.pin, "full_name": shown.full_name, "status": shown.status.value}
        bad = failure(exc, DEATH_KEYS, lang, bare_field="date")
        return page(
            request,
            "registry/death.html",
            _death_context(person, form, bad.errors, lang, actor),
            status_code=bad.status,
        )
    return after_change(actor, citizen, "death_recorded")


# --- A card issued (item 14) ----------------------------------------------------------------------


def _card_context(
    person: dict[str, str], values: Form, errors: dict[str, str], lang: Lang, actor: Actor
) -> dict[str, Any]:
    return {"person": person, "values": values, "errors": errors, "options": _options(lang, actor)}


def card_body(form: Form) -> CardIn:
    card = present({f: form.get(f"card.{f}", "") for f in CARD_FIELDS})
    return CardIn.model_validate({"card": card, **present(dossier(form))})


@router.get("/officer/citizens/{pin}/card")
async def card_form(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CARD_RECORD))],
) -> Response:
    citizen, _ = await reads.read_for_form(session, pin, actor=actor)
    person = {"pin": citizen.pin, "full_name": citizen.full_name}
    # A chip card's number is the holder's PIN (Luật Căn cước Điều 12): offered, not imposed.
    values = {
        "card.kind": CardKind.CAN_CUOC.value,
        "card.number": citizen.pin,
        "card.issued_on": today_iso(),
        "legal_basis": CARD_LEGAL_BASIS,
    }
    return page(request, "registry/card.html", _card_context(person, values, {}, language(request), actor))


@router.post("/officer/citizens/{pin}/card")
async def card_submit(
    request: Request,
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CARD_RECORD))],
) -> Response:
    lang = language(request)
    form = await read_form(request)
    try:
        citizen = await writes.record_card(session, pin, card_body(form), actor=actor)
    except (DomainError, ValueError) as exc:
        await discard(request, session)
        shown = await writes.refused_subject(session, pin, actor=actor)
        person = {"pin": shown.pin, "full_name": shown.full_name}
        bad = failure(exc, CARD_KEYS, lang, bare_field="card.issued_on")
        context = _card_context(person, form, bad.errors, lang, actor)
        return page(request, "registry/card.html", context, status_code=bad.status)
    return after_change(actor, citizen, "card_recorded")
