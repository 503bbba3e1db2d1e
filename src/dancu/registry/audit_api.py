"""Access-log API: the citizen's Data Tracker and proofs that no entry about a person was removed.

The log itself (``dancu.audit``) sits below the register, which writes to it; this API resolves a
PIN to a person, so it lives with the register, above the log."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.audit import proof as proofs
from dancu.audit import queries
from dancu.audit.actions import record_read
from dancu.audit.schemas import ProofOut, TrackerEntryOut, TrackerOut
from dancu.clock import now_utc, today_vn
from dancu.errors import Forbidden
from dancu.registry.queries import citizen_by_pin
from dancu.web.deps import DbSession, Requires
from dancu.web.params import RowId
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/api/v1/audit", tags=["audit"])

PinPath = Annotated[str, Path(pattern=r"^[0-9]{12}$", description="Số định danh cá nhân (12 chữ số)")]
AUDITOR = Requires(Permission.AUDIT_VERIFY)
OWNER = Requires(Permission.OWN_TRACKER_READ)
AUDIT_PURPOSE = "Kiểm tra nhật ký truy cập (Luật Căn cước Điều 8 khoản 3)"
LOG_FIELDS = ["access_log"]


def _own_citizen(actor: Actor) -> int:
    if actor.citizen_id is None:
        raise Forbidden("audit.not_a_citizen")
    return actor.citizen_id


@router.get("/tracker", response_model=TrackerOut)
async def tracker(
    session: DbSession,
    actor: Annotated[Actor, Depends(OWNER)],
    before: Annotated[RowId | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = queries.DEFAULT_PAGE,
) -> TrackerOut:
    """Every access to the caller's own data, newest first (deferred entries once their date passes)."""
    citizen_id = _own_citizen(actor)
    entries = await queries.tracker(
        session, citizen_id, now=now_utc(), before_id=before, limit=limit, own_account_id=actor.account_id
    )
    await record_read(session, actor=actor, citizen_id=citizen_id, fields=LOG_FIELDS, purpose=AUDIT_PURPOSE)
    return TrackerOut(
        entries=[TrackerEntryOut(**dataclasses.asdict(e)) for e in entries],
        next_before=entries[-1].id if len(entries) == limit else None,
    )


@router.get("/proof", response_model=ProofOut)
async def own_proof(session: DbSession, actor: Annotated[Actor, Depends(OWNER)]) -> ProofOut:
    """The caller's own proof; entries under deferred disclosure show only their hashes."""
    citizen_id = _own_citizen(actor)
    proof = await proofs.build_proof(session, citizen_id, redact_before=today_vn())
    keys = await proofs.public_keys(session)
    await record_read(session, actor=actor, citizen_id=citizen_id, fields=LOG_FIELDS, purpose=AUDIT_PURPOSE)
    return ProofOut(proof=proof, public_keys=keys)


@router.get("/proof/{pin}", response_model=ProofOut)
async def proof_for(pin: PinPath, session: DbSession, actor: Annotated[Actor, Depends(AUDITOR)]) -> ProofOut:
    """An auditor's proof for a person: every entry about them, unredacted."""
    citizen = await citizen_by_pin(session, pin)
    proof = await proofs.build_proof(session, citizen.id)
    keys = await proofs.public_keys(session)
    await record_read(session, actor=actor, citizen_id=citizen.id, fields=LOG_FIELDS, purpose=AUDIT_PURPOSE)
    return ProofOut(proof=proof, public_keys=keys)
