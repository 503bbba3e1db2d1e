"""Access-log API: the citizen's Data Tracker and proofs that no entry about a person was removed.

The log itself (``dancu.audit``) sits below the register, which writes to it; this API resolves a
PIN to a person, so it lives with the register, above the log."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.audit import queries
from dancu.audit.schemas import ProofOut, TrackerEntryOut, TrackerOut
from dancu.errors import invalid
from dancu.registry.use_cases import access_log
from dancu.web.deps import DbSession, Requires
from dancu.web.params import RowId
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1/audit", tags=["audit"])

PinPath = Annotated[str, Path(pattern=r"^[0-9]{12}$", description="Số định danh cá nhân (12 chữ số)")]
AUDITOR = Requires(Permission.AUDIT_VERIFY)
OWNER = Requires(Permission.OWN_TRACKER_READ)


@router.get("/tracker", response_model=TrackerOut)
async def tracker(
    session: DbSession,
    actor: Annotated[Actor, Depends(OWNER)],
    before: Annotated[RowId | None, Query()] = None,
    before_at: Annotated[
        dt.datetime | None, Query(description="With `before`: the time of that entry (next_before_at)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = queries.DEFAULT_PAGE,
) -> TrackerOut:
    """Every access to the caller's own data, newest first (deferred entries once their date passes)."""
    if before_at is not None and (before is None or before_at.tzinfo is None):
        rule = "tracker_cursor_needs_id" if before is None else "tracker_cursor_needs_zone"
        raise invalid("before_at", rule)
    cursor = (before_at, before) if before_at is not None and before is not None else None
    entries = await access_log.own_tracker(session, before=cursor, before_id=before, limit=limit, actor=actor)
    full = len(entries) == limit
    return TrackerOut(
        entries=[TrackerEntryOut.of(e) for e in entries],
        next_before=entries[-1].id if full else None,
        next_before_at=entries[-1].occurred_at if full else None,
    )


@router.get("/proof", response_model=ProofOut)
async def own_proof(session: DbSession, actor: Annotated[Actor, Depends(OWNER)]) -> ProofOut:
    """The caller's own proof; entries under deferred disclosure show only their hashes."""
    proof, keys = await access_log.own_proof(session, actor=actor)
    return ProofOut(proof=proof, public_keys=keys)


@router.get("/proof/{pin}", response_model=ProofOut)
async def proof_for(pin: PinPath, session: DbSession, actor: Annotated[Actor, Depends(AUDITOR)]) -> ProofOut:
    """An auditor's proof for a person: every entry about them, unredacted."""
    proof, keys = await access_log.proof_for(session, pin, actor=actor)
    return ProofOut(proof=proof, public_keys=keys)
