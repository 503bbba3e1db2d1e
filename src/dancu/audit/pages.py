"""The auditor's start page: the access and change log, newest first, a page at a time.

It shows who did what, through which channel and why, and where each entry sits in its hash chain;
it names no data subject, so reading it reads no personal data (the per-person proof does that).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.audit import queries
from dancu.audit.labels import channel_label, event_type_label
from dancu.clock import VN_TZ
from dancu.web.deps import DbSession, Requires, language
from dancu.web.pages import page
from dancu.web.params import RowId
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, include_in_schema=False)
PAGE_SIZE = 50


@router.get("/officer/audit", response_class=HTMLResponse)
async def log_page(
    request: Request,
    session: DbSession,
    actor: Annotated[Actor, Depends(Requires(Permission.AUDIT_READ))],
    before: Annotated[RowId | None, Query()] = None,
) -> Response:
    entries = await queries.latest_entries(session, before=before, limit=PAGE_SIZE)
    lang = language(request)
    rows = [
        {
            "id": e.id,
            "at": e.occurred_at.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M:%S"),
            "type": e.event_type.value,
            "type_label": event_type_label(e.event_type, lang),
            "actor": e.actor_label,
            "organisation": e.organisation_label or "",
            "channel": e.channel.value if e.channel else "",
            "channel_label": channel_label(e.channel, lang) if e.channel else "",
            "purpose": e.purpose or e.reason or "",
            "chain": f"{e.chain}/{e.seq}",
            "hash": e.entry_hash[:12],
        }
        for e in entries
    ]
    older = rows[-1]["id"] if len(rows) == PAGE_SIZE else None
    return page(request, "audit/log.html", {"rows": rows, "older": older, "newest": before is not None})
