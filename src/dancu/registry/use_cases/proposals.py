"""Staff proposals on the register's two decisions reserved to the head: PIN cancellation and
re-establishment, and DC01 collection (TT 117/2026 Điều 17 khoản 3–4; Điều 5 khoản 3 điểm a, khoản 5).

The staff member who prepared the dossier reports a proposal; the head, or a deputy under a written
delegation, then decides through the usual procedure, and :func:`dancu.competence.actions.authorise`
closes the proposal with the decider's name, so the decision's log entry names the proposal.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.positions import DecisionKind
from dancu.competence import actions as competence
from dancu.competence.models import Proposal
from dancu.competence.schemas import ProposalIn
from dancu.registry.models import Citizen
from dancu.registry.use_cases.subjects import person


async def propose_pin_change(
    session: AsyncSession, pin: str, body: ProposalIn, *, actor: Actor
) -> tuple[Citizen, Proposal]:
    """Đề xuất hủy, xác lập lại số định danh cá nhân: the person checked in the actor's territory,
    the proposal logged against them (its reference is the person's current PIN, which the decision
    looks up)."""
    citizen = await person(session, pin, actor=actor)
    proposal = await competence.propose(
        session,
        DecisionKind.PIN,
        citizen.pin,
        recommendation=body.recommendation,
        text=body.text,
        actor=actor,
        subject_citizen_id=citizen.id,
    )
    return citizen, proposal


async def propose_collection(
    session: AsyncSession, dossier_number: str, body: ProposalIn, *, actor: Actor
) -> Proposal:
    """Đề xuất phê duyệt thu thập (DC01): named by the dossier number the collection will carry; no
    person is in the register yet, so none is read or logged."""
    return await competence.propose(
        session,
        DecisionKind.COLLECTION,
        dossier_number.strip(),
        recommendation=body.recommendation,
        text=body.text,
        actor=actor,
    )
