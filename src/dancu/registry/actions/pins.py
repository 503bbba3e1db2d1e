"""PIN assignment (at birth registration or DC01 collection), cancellation and re-establishment."""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.positions import DecisionKind
from dancu.audit.models import EventType
from dancu.clock import now_utc, today_vn
from dancu.competence.actions import authorise
from dancu.enums.registry import ChangeKind, Item, Sex, Source
from dancu.errors import Conflict, DomainError, invalid
from dancu.geo.enums import CodeTable
from dancu.geo.queries import get_unit
from dancu.pin import grounds, rules
from dancu.registry.actions.core import Change, Provenance, write
from dancu.registry.models import Citizen, PinChange, PinRecord
from dancu.registry.partial_date import PartialDate
from dancu.registry.schemas import (
    UNDETERMINED_NATIONALITY,
    CitizenRequestIn,
    NationalityAcquiredIn,
    PinChangeIn,
)

# What a scan must start with, by its declared type (the sender's word is not enough).
_MAGIC = {"application/pdf": b"%PDF-", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
MAX_SCAN_BYTES = 10 * 1024 * 1024

# Random parts are drawn until one is free; with a million numbers per (prefix, sex, year) a
# collision is rare, and this many in a row means the range is exhausted.
MAX_ATTEMPTS = 50


def prefix_for_registration_place(place: dict[str, str]) -> str:
    """PPP: the province of birth registration (pre-2025 codes) or the foreign country (≥ 101).

    A unit in the 2025 table gives "0" + its 2025 province code: every 2025 code is also a pre-2025
    code, and which of the two the ministry uses after the merger is an open question (domain §9 q3),
    so this is the documented default [M] in docs/adr/0003-pin-prefix-after-2025.md.
    """
    if place.get("country_pin_code"):
        return place["country_pin_code"]
    unit = get_unit(place["unit_code"], CodeTable(place["unit_version"]))
    if unit is None:
        raise invalid("birth_registration_place.unit_code", "geo.unknown_unit", code=place["unit_code"])
    # The only mode the data knows today; a new one is added here when the ministry names it.
    grounds.prefix_mode(place["unit_version"], on=today_vn())
    return rules.prefix_for_province(unit.province_code)


def _compose(prefix: str, sex: Sex, birth_year: int) -> str:
    return rules.compose(
        prefix=prefix, sex=sex, birth_year=birth_year, random_part=secrets.randbelow(1_000_000)
    )


async def create_citizen_with_pin(
    session: AsyncSession, *, prefix: str, sex: Sex, birth_year: int, placeholder_name: str
) -> Citizen:
    """Insert the person and a never-used PIN together; a clash (even with a concurrent
    registration) rolls back only the savepoint and draws again."""
    for _ in range(MAX_ATTEMPTS):
        pin = _compose(prefix, sex, birth_year)
        now = now_utc()
        citizen = Citizen(
            pin=pin,
            family_name="",
            given_name="",
            full_name=placeholder_name,
            name_search="",
            dob="",
            sex=sex,
            created_at=now,
            refreshed_at=now,
        )
        try:
            async with session.begin_nested():
                session.add(citizen)
                # inside the savepoint: a PIN collision must fail here, where the loop retries
                await session.flush()
                session.add(PinRecord(pin=pin, citizen_id=citizen.id, assigned_at=now))
                # inside the savepoint: a PIN collision must fail here, where the loop retries
                await session.flush()
        except IntegrityError:
            continue
        return citizen
    raise Conflict("pin.range_exhausted", prefix=prefix, year=birth_year)


async def reserve_pin(
    session: AsyncSession, citizen: Citizen, *, prefix: str, sex: Sex, birth_year: int
) -> str:
    for _ in range(MAX_ATTEMPTS):
        pin = _compose(prefix, sex, birth_year)
        try:
            async with session.begin_nested():
                session.add(PinRecord(pin=pin, citizen_id=citizen.id, assigned_at=now_utc()))
                # inside the savepoint: a PIN collision must fail here, where the loop retries
                await session.flush()
        except IntegrityError:
            continue
        return pin
    raise Conflict("pin.range_exhausted", prefix=prefix, year=birth_year)


def _scan(request: CitizenRequestIn) -> bytes:
    field = "citizen_request.document"
    try:
        content = base64.b64decode(request.document.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise invalid(f"{field}.content_base64", "pin.request_base64") from None
    if len(content) > MAX_SCAN_BYTES:
        raise invalid(f"{field}.content_base64", "pin.request_too_large", max_bytes=MAX_SCAN_BYTES)
    if not content.startswith(_MAGIC[request.document.media_type]):
        raise invalid(f"{field}.media_type", "pin.request_type")
    return content


def _request_record(body: PinChangeIn, ground: grounds.Ground) -> dict[str, object]:
    """The citizen's request as stored, or a 422 when the ground needs one and none is recorded."""
    request = body.citizen_request
    if request is None:
        if ground.needs_citizen_request:
            raise invalid("citizen_request", "pin.citizen_request_required")
        return {}
    if request.received_on > today_vn():
        raise invalid("citizen_request.received_on", "pin.request_in_future")
    content = _scan(request)
    return {
        "request_reference": request.reference.strip(),
        "request_received_on": request.received_on,
        "request_filename": request.document.filename[:200],
        "request_media_type": request.document.media_type,
        "request_sha256": hashlib.sha256(content).hexdigest(),
        "request_content": content,
    }


async def cancel_and_reestablish(
    session: AsyncSession, citizen: Citizen, body: PinChangeIn, *, actor: Actor
) -> str:
    """NĐ 70 Điều 11 khoản 7: cancel the PIN and establish a new one from the corrected record.

    The ground must be open on the day of the act (the grounds data); a ground that serves the
    citizen's wish needs their written request on record (khoản 8). The old number stays in
    ``pin_record`` (never reused) and resolves to this person.
    """
    from dancu.registry.queries import record_as_of  # local: queries import projection, not actions

    # Only the head, or a deputy under a written delegation, decides (TT 117/2026 Điều 3 khoản 6).
    approval = await authorise(session, actor, DecisionKind.PIN, ref=citizen.pin)
    ground = grounds.ground_for_new_act(body.ground, on=today_vn())
    request = _request_record(body, ground)
    view = await record_as_of(session, citizen.id)
    place = view.get(Item.BIRTH_REGISTRATION_PLACE)
    if place is None or not view.get(Item.DATE_OF_BIRTH):
        raise DomainError("pin.record_incomplete", status=409)
    birth_year = PartialDate.parse(view.get(Item.DATE_OF_BIRTH)).year
    old_pin = citizen.pin
    new_pin = await reserve_pin(
        session,
        citizen,
        prefix=prefix_for_registration_place(place),
        sex=Sex(view.get(Item.SEX)),
        birth_year=birth_year,
    )
    session.add(
        PinChange(
            citizen_id=citizen.id,
            old_pin=old_pin,
            new_pin=new_pin,
            ground=ground.code,
            dossier_number=body.dossier_number,
            decided_at=now_utc(),
            decided_by_account_id=actor.account_id,
            **request,
        )
    )
    provenance = Provenance(
        source=Source.DC02,
        legal_basis=body.legal_basis,
        dossier_number=body.dossier_number,
        reason=body.note or f"{ground.point}: {ground.text_vi}",
    )
    await write(
        session,
        citizen,
        [Change(Item.PIN, new_pin)],
        kind=ChangeKind.ADJUSTMENT,
        provenance=provenance,
        actor=actor,
        event_type=EventType.PIN_REESTABLISHED,
        event_data={
            "old_pin": old_pin,
            "new_pin": new_pin,
            "ground": ground.code,
            "citizen_request": request.get("request_reference"),
            "citizen_request_sha256": request.get("request_sha256"),
            **approval.event_data(),
        },
    )
    return new_pin


async def cancel_on_nationality(
    session: AsyncSession, citizen: Citizen, body: NationalityAcquiredIn, *, actor: Actor
) -> str | None:
    """NĐ 70/2024 Điều 36 khoản 4: a person of undetermined nationality who acquires a nationality
    loses the PIN given under Điều 24. Vietnamese nationality makes them a citizen, whose PIN is
    established at once (a new number); a foreign one leaves the cancelled number on record only.
    Returns the new PIN, if any. The cancelled number stays in ``pin_record`` and is never reused.
    """
    from dancu.registry import items  # local: items imports pin rules, not actions
    from dancu.registry.queries import record_as_of

    # A PIN decision: the head, or a deputy under a written delegation (TT 117/2026 Điều 3 khoản 6).
    approval = await authorise(session, actor, DecisionKind.PIN, ref=citizen.pin)
    ground = grounds.ground_for_new_act("nationality_acquired", on=today_vn(), reestablish=False)
    view = await record_as_of(session, citizen.id)
    if view.get(Item.NATIONALITY) != [UNDETERMINED_NATIONALITY]:
        raise DomainError("pin.not_undetermined_nationality", status=409)
    if UNDETERMINED_NATIONALITY in body.nationality:
        raise invalid("nationality", "pin.nationality_still_undetermined")
    nationality = items.validate(Item.NATIONALITY, body.nationality)
    old_pin, new_pin = citizen.pin, None
    changes = [Change(Item.NATIONALITY, nationality)]
    if "VN" in nationality:
        place = view.get(Item.BIRTH_REGISTRATION_PLACE)
        if place is None or not view.get(Item.DATE_OF_BIRTH):
            raise DomainError("pin.record_incomplete", status=409)
        new_pin = await reserve_pin(
            session,
            citizen,
            prefix=prefix_for_registration_place(place),
            sex=Sex(view.get(Item.SEX)),
            birth_year=PartialDate.parse(view.get(Item.DATE_OF_BIRTH)).year,
        )
        changes.append(Change(Item.PIN, new_pin))
    session.add(
        PinChange(
            citizen_id=citizen.id,
            old_pin=old_pin,
            new_pin=new_pin,
            ground=ground.code,
            dossier_number=body.dossier_number,
            request_reference=body.decision.strip()[:60],
            decided_at=now_utc(),
            decided_by_account_id=actor.account_id,
        )
    )
    provenance = Provenance(
        source=Source.DC02,
        legal_basis=body.legal_basis,
        dossier_number=body.dossier_number,
        reason=f"{ground.point}: {ground.text_vi} ({body.decision.strip()})"[:1000],
    )
    await write(
        session,
        citizen,
        changes,
        kind=ChangeKind.ADJUSTMENT,
        provenance=provenance,
        actor=actor,
        # With a new number the change feed tells subscribers as for any re-establishment.
        event_type=EventType.PIN_REESTABLISHED if new_pin else EventType.PIN_CANCELLED,
        event_data={
            "old_pin": old_pin,
            "new_pin": new_pin,
            "ground": ground.code,
            "nationality": nationality,
            **approval.event_data(),
        },
    )
    return new_pin
