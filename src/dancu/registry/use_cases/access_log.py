"""Reads of the access log about a person: the citizen's own Data Tracker and proofs that no entry
about a person was removed. Reading the log is itself logged in the person's log."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.audit import proof as proofs
from dancu.audit import queries
from dancu.audit.actions import record_read
from dancu.audit.queries import TrackerEntry
from dancu.clock import now_utc, today_vn
from dancu.errors import Forbidden
from dancu.registry.queries import citizen_by_pin

AUDIT_PURPOSE = "Kiểm tra nhật ký truy cập (Luật Căn cước Điều 8 khoản 3)"
LOG_FIELDS = ["access_log"]

Proof = tuple[dict[str, Any], dict[str, str]]


def _own_citizen(actor: Actor) -> int:
    if actor.citizen_id is None:
        raise Forbidden("audit.not_a_citizen")
    return actor.citizen_id


async def _logged(session: AsyncSession, citizen_id: int, *, actor: Actor) -> None:
    await record_read(session, actor=actor, citizen_id=citizen_id, fields=LOG_FIELDS, purpose=AUDIT_PURPOSE)


async def own_tracker(
    session: AsyncSession,
    *,
    before_id: int | None,
    limit: int,
    actor: Actor,
    before: queries.Cursor | None = None,
) -> list[TrackerEntry]:
    """Every access to the caller's own data, newest first (deferred entries once their date passes);
    ``before`` (time, id) or ``before_id`` alone: the page after that entry."""
    citizen_id = _own_citizen(actor)
    entries = await queries.tracker(
        session,
        citizen_id,
        now=now_utc(),
        before=before,
        before_id=before_id,
        limit=limit,
        own_account_id=actor.account_id,
    )
    await _logged(session, citizen_id, actor=actor)
    return entries


async def own_proof(session: AsyncSession, *, actor: Actor) -> Proof:
    """The caller's own proof and the keys to check it; entries under deferred disclosure show only
    their hashes."""
    citizen_id = _own_citizen(actor)
    proof = await proofs.build_proof(session, citizen_id, redact_before=today_vn())
    keys = await proofs.public_keys(session)
    await _logged(session, citizen_id, actor=actor)
    return proof, keys


async def proof_for(session: AsyncSession, pin: str, *, actor: Actor) -> Proof:
    """An auditor's proof for a person: every entry about them, unredacted. Auditors check the log
    nationwide, so no territory applies; the permission is the route's."""
    citizen = await citizen_by_pin(session, pin)
    proof = await proofs.build_proof(session, citizen.id)
    keys = await proofs.public_keys(session)
    await _logged(session, citizen.id, actor=actor)
    return proof, keys
