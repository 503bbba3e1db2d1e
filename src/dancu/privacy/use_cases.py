"""The one door for the data subject's rights: every read and write that touches a person.

Each resolves the request within the caller's reach (the citizen's own; the deciding officer's;
a paper request for a person inside the receiving officer's territory), logs a read of every
person it shows (chains taken first, in one order: ADR 0004) and returns; the API and the pages
call these and log nothing themselves.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import Channel
from dancu.audit.actions import lock_chains, record_read
from dancu.calendar.queries import WorkCalendar
from dancu.errors import Forbidden, NotFound, invalid
from dancu.lookup import matching
from dancu.privacy import actions, policies, queries
from dancu.privacy.models import PrivacyRequest, ProcessingRestriction
from dancu.privacy.schemas import PaperRightRequestIn, RightRequestIn
from dancu.registry import policies as registry_policies
from dancu.registry.models import Citizen
from dancu.registry.queries import citizen_by_id, citizen_by_pin

OWN_PURPOSE = "Chủ thể dữ liệu xem yêu cầu thực hiện quyền của mình (Luật 91/2025 Điều 4)"
OFFICER_PURPOSE = "Giải quyết yêu cầu của chủ thể dữ liệu cá nhân (Luật 91/2025 Điều 4; NĐ 356/2025 Điều 5)"
NAMED = ["full_name", "pin"]
REQUEST_FIELD = "privacy_request"


def _own(actor: Actor) -> int:
    if actor.citizen_id is None:
        raise Forbidden("audit.not_a_citizen")
    return actor.citizen_id


async def _log_own(session: AsyncSession, actor: Actor, *, request_ref: str | None = None) -> None:
    await record_read(
        session,
        actor=actor,
        citizen_id=_own(actor),
        fields=[REQUEST_FIELD],
        purpose=OWN_PURPOSE,
        channel=Channel.IDENTITY_APP,
        request_ref=request_ref,
    )


async def own_list(
    session: AsyncSession, *, actor: Actor
) -> tuple[list[PrivacyRequest], list[ProcessingRestriction]]:
    """The citizen's requests and the restrictions they have on record."""
    found = await queries.own_requests(session, _own(actor))
    await _log_own(session, actor)
    return found, await queries.restrictions_of(session, _own(actor))


async def own_request(session: AsyncSession, reference: str, *, actor: Actor) -> PrivacyRequest:
    found = await queries.own_by_reference(session, _own(actor), reference)
    await _log_own(session, actor, request_ref=found.reference)
    return found


async def lift_own(session: AsyncSession, restriction_id: int, *, actor: Actor) -> ProcessingRestriction:
    """The subject lifts one of their restrictions or objections."""
    restriction = await queries.own_restriction(session, _own(actor), restriction_id)
    await actions.lift(session, restriction, actor=actor)
    return restriction


async def file_own(
    session: AsyncSession, body: RightRequestIn, *, actor: Actor, calendar: WorkCalendar
) -> PrivacyRequest:
    """The subject files about themself in the identity app."""
    citizen = await citizen_by_id(session, _own(actor))
    return await actions.file_request(
        session, citizen, body, actor=actor, calendar=calendar, channel=Channel.IDENTITY_APP
    )


async def _paper_subject(session: AsyncSession, body: PaperRightRequestIn, actor: Actor) -> Citizen:
    """The person named on paper, matched by PIN and name, inside the officer's territory; a
    stranger and an unknown PIN get the same answer."""
    try:
        citizen = await citizen_by_pin(session, body.pin)
    except NotFound:
        raise invalid("pin", "privacy.subject_unknown") from None
    if not registry_policies.citizen_in_territory(actor, citizen):
        raise invalid("pin", "privacy.subject_unknown")
    if not matching.name_matches(body.full_name, citizen.full_name):
        raise invalid("full_name", "privacy.subject_mismatch")
    return citizen


async def file_paper(
    session: AsyncSession, body: PaperRightRequestIn, *, actor: Actor, calendar: WorkCalendar
) -> PrivacyRequest:
    """A request received on paper by an officer for the subject (channel WRITTEN)."""
    citizen = await _paper_subject(session, body, actor)
    await lock_chains(session, subject_ids=[citizen.id], actor=actor)
    request = await actions.file_request(
        session,
        citizen,
        RightRequestIn(kind=body.kind, scope=body.scope, details=body.details),
        actor=actor,
        calendar=calendar,
        channel=Channel.WRITTEN,
    )
    await log_officer_read(session, [request], actor=actor)
    return request


async def log_officer_read(session: AsyncSession, shown: Sequence[PrivacyRequest], *, actor: Actor) -> None:
    await lock_chains(session, subject_ids=[r.citizen_id for r in shown], actor=actor)
    for request in shown:
        await record_read(
            session,
            actor=actor,
            citizen_id=request.citizen_id,
            fields=[*NAMED, REQUEST_FIELD],
            purpose=OFFICER_PURPOSE,
            request_ref=request.reference,
        )


async def officer_queue(
    session: AsyncSession, *, include_decided: bool, actor: Actor
) -> list[PrivacyRequest]:
    policies.ensure_decides(actor)
    found = await queries.queue(session, include_decided=include_decided)
    await log_officer_read(session, found, actor=actor)
    return found


async def decidable(session: AsyncSession, reference: str, *, actor: Actor) -> PrivacyRequest:
    """A request the officer decides, or 403/404; nothing is logged (the action logs its event)."""
    policies.ensure_decides(actor)
    return await queries.by_reference(session, reference)


async def officer_request(session: AsyncSession, reference: str, *, actor: Actor) -> PrivacyRequest:
    request = await decidable(session, reference, actor=actor)
    await log_officer_read(session, [request], actor=actor)
    return request
