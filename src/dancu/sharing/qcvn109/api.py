"""QCVN 109 citizen messages over the API: export (a logged read), validation, import.

The schema is dancu's model of QCVN 109:2017/BTTTT, not the official one [M]: answers say so in
their ``schema_version`` and the docs (docs/qcvn109.md).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.errors import DomainError
from dancu.registry import queries
from dancu.sharing.qcvn109 import actions, mapping, xmlio
from dancu.sharing.qcvn109.schemas import ImportedOut, ImportOut, ValidOut
from dancu.web.deps import DbSession, Requires
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1/qcvn109", tags=["qcvn109"])

PinPath = Annotated[str, Path(pattern=r"^[0-9]{12}$", description="Số định danh cá nhân (12 chữ số)")]
XML_TYPES = ("application/xml", "text/xml")
_XML_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {t: {"schema": {"type": "string"}} for t in XML_TYPES},
    }
}


async def _xml_body(request: Request) -> bytes:
    """The raw message, read with a size limit (the parser never sees more than the limit)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in XML_TYPES:
        raise DomainError("qcvn109.unsupported_media_type", status=415)
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > xmlio.MAX_BYTES:
            raise xmlio.refused("too_large", limit=xmlio.MAX_BYTES)
    return bytes(data)


@router.get(
    "/citizens/{pin}",
    response_class=Response,
    responses={200: {"content": {"application/xml": {"schema": {"type": "string"}}}}},
)
async def export_citizen(
    pin: PinPath,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_READ))],
) -> Response:
    """The citizen's record today as a ``ThongDiep`` message (dancu's model of QCVN 109)."""
    citizen = await queries.citizen_by_pin(session, pin)
    content = await actions.export_citizen(session, citizen, actor=actor)
    return Response(content=content, media_type="application/xml")


@router.post("/validate", response_model=ValidOut, openapi_extra=_XML_BODY)
async def validate_message(
    request: Request, actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_READ))]
) -> ValidOut:
    """Schema and code-list check of an uploaded message; nothing is stored, nothing is logged
    about anyone (the message's people are not looked up)."""
    message_id, citizens = actions.read(await _xml_body(request))
    return ValidOut(valid=True, message_id=message_id, citizens=len(citizens), schema_version=mapping.VERSION)


@router.post("/imports", response_model=ImportOut, openapi_extra=_XML_BODY)
async def import_message(
    request: Request,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.CITIZEN_UPDATE))],
    legal_basis: Annotated[str, Query(min_length=3, max_length=300)],
    dossier_number: Annotated[str, Query(min_length=1, max_length=60)],
) -> ImportOut:
    """Collect (no PIN in the message) or update (a known PIN) each citizen through the register's
    own actions; every change is an event and a new version. All or nothing."""
    message_id, results = await actions.import_message(
        session,
        await _xml_body(request),
        legal_basis=legal_basis,
        dossier_number=dossier_number,
        actor=actor,
    )
    return ImportOut(
        message_id=message_id,
        results=[ImportedOut(index=r.index, pin=r.pin, outcome=r.outcome, items=r.items) for r in results],
    )
