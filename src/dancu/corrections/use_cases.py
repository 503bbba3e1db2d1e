"""Reads of correction requests (DC02): what the citizen and the deciding officer are shown.

Each resolves the request within the caller's reach (the citizen's own; the officer's commune),
logs a read of every person it shows (every chain taken first, in one order: ADR 0004) and
returns the rows; the API, the officer pages and the identity app call these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import Channel
from dancu.audit.actions import lock_chains, record_read
from dancu.corrections import policies, queries
from dancu.corrections.models import CorrectionAttachment, CorrectionRequest
from dancu.enums.registry import Item
from dancu.errors import Forbidden
from dancu.registry.queries import item_as_of

OWN_PURPOSE = "Công dân xem đề nghị điều chỉnh thông tin của mình (Luật Căn cước Điều 10 khoản 7)"
OFFICER_PURPOSE = "Giải quyết đề nghị điều chỉnh thông tin (NĐ 70/2024 Điều 6 khoản 3)"
NAMED = ["full_name", "pin"]  # how a queue row or a request page names the person


def fields_of(request: CorrectionRequest) -> list[str]:
    return sorted({i.item.value for i in request.items})


def _own(actor: Actor) -> int:
    if actor.citizen_id is None:
        raise Forbidden("audit.not_a_citizen")
    return actor.citizen_id


async def _log_own(
    session: AsyncSession, actor: Actor, fields: list[str], *, request_ref: str | None = None
) -> None:
    if fields:
        await record_read(
            session,
            actor=actor,
            citizen_id=_own(actor),
            fields=fields,
            purpose=OWN_PURPOSE,
            channel=Channel.IDENTITY_APP,
            request_ref=request_ref,
        )


async def own_list(session: AsyncSession, *, actor: Actor) -> list[CorrectionRequest]:
    """The citizen's own requests; the items they name are logged as read."""
    found = await queries.own_requests(session, _own(actor))
    await _log_own(session, actor, sorted({f for r in found for f in fields_of(r)}))
    return found


async def own_request(session: AsyncSession, reference: str, *, actor: Actor) -> CorrectionRequest:
    """One of the citizen's own requests (another's is "not found")."""
    found = await queries.own_by_reference(session, _own(actor), reference)
    await _log_own(session, actor, fields_of(found), request_ref=found.reference)
    return found


async def own_item(session: AsyncSession, item: Item, *, actor: Actor) -> Any:
    """The current value of one of the citizen's items, shown on the filing form."""
    current = await item_as_of(session, _own(actor), item)
    await _log_own(session, actor, [item.value])
    return current.value if current else None


async def _log_officer(
    session: AsyncSession, actor: Actor, shown: Sequence[tuple[CorrectionRequest, list[str]]]
) -> None:
    await lock_chains(session, subject_ids=[r.citizen_id for r, _ in shown], actor=actor)
    for request, fields in shown:
        await record_read(
            session,
            actor=actor,
            citizen_id=request.citizen_id,
            fields=fields,
            purpose=OFFICER_PURPOSE,
            request_ref=request.reference,
        )


async def officer_queue(
    session: AsyncSession, *, include_decided: bool, actor: Actor
) -> list[CorrectionRequest]:
    """The officer's commune queue by deadline; each person named in it is logged as read."""
    found = await queries.queue(session, actor.unit_code or "", include_decided=include_decided)
    await _log_officer(session, actor, [(r, NAMED) for r in found])
    return found


async def decidable(session: AsyncSession, reference: str, *, actor: Actor) -> CorrectionRequest:
    """A request the officer decides (their commune), or 403/404; nothing is logged."""
    request = await queries.by_reference(session, reference)
    policies.ensure_decides(actor, request.commune_code)
    return request


async def assignable(session: AsyncSession, reference: str, *, actor: Actor) -> CorrectionRequest:
    """A request the province police hold and may assign to a commune, with the person and the
    items logged as read (the officer sees them to choose the commune)."""
    request = await decidable(session, reference, actor=actor)
    await log_officer_read(session, request, actor=actor)
    return request


async def officer_request(session: AsyncSession, reference: str, *, actor: Actor) -> CorrectionRequest:
    """One request with everything needed to decide it; the person and the items are logged."""
    request = await decidable(session, reference, actor=actor)
    await log_officer_read(session, request, actor=actor)
    return request


async def log_officer_read(session: AsyncSession, request: CorrectionRequest, *, actor: Actor) -> None:
    """The request page shown again (after a refused decision, for instance)."""
    await _log_officer(session, actor, [(request, [*NAMED, *fields_of(request)])])


async def officer_attachment(
    session: AsyncSession, reference: str, attachment_id: int, *, actor: Actor
) -> CorrectionAttachment:
    """The proof as the citizen sent it; a download of the items it proves."""
    request = await decidable(session, reference, actor=actor)
    stored = await queries.attachment_content(session, request, attachment_id)
    await _log_officer(session, actor, [(request, fields_of(request))])
    return stored
