"""What the routes and pages call: each write is checked against the officer's unit by its action;
each read logs every person it shows who is in the register (a dossier before its acceptance names
nobody the register holds: its declaration is the dossier's own)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.groups import Channel
from dancu.access.permissions import OfficerRole
from dancu.access.positions import DecisionKind
from dancu.audit.actions import lock_chains, record_read
from dancu.calendar.queries import WorkCalendar
from dancu.clock import today_vn
from dancu.competence import queries as competence_queries
from dancu.competence.models import Proposal, Recommendation
from dancu.errors import Conflict, Forbidden, NotFound
from dancu.registry import queries as registry
from dancu.registry.models import Citizen
from dancu.undetermined import actions, certificates, policies, queries
from dancu.undetermined.models import IdentityCertificate, UndeterminedDossier
from dancu.undetermined.queries import Due, ReplyFile
from dancu.undetermined.schemas import (
    ComparisonAnswerIn,
    DeclarationIn,
    ExtensionIn,
    HandOverIn,
    RefusalIn,
    RenewalIn,
    ReplyHandOverIn,
    ResidenceCheckIn,
)

OFFICER_PURPOSE = "Giải quyết hồ sơ người gốc Việt Nam chưa xác định được quốc tịch (NĐ 70 Điều 24)"
OWN_PURPOSE = "Công dân xem giấy chứng nhận căn cước của mình (NĐ 70 Điều 24 khoản 8)"
NAMED = ["full_name", "pin"]
CERTIFICATE_FIELDS = ["pin", "identity_certificate"]


@dataclass(frozen=True)
class DossierView:
    dossier: UndeterminedDossier
    pin: str | None
    certificates: list[IdentityCertificate]
    due: Due | None
    proposals: Sequence[Proposal] = ()

    def overdue(self) -> bool:
        return self.due is not None and self.due.overdue(today_vn())


def _sees(actor: Actor, dossier: UndeterminedDossier) -> None:
    """The receiving unit sees its dossiers; the MPS identity agency sees the accepted ones and those
    whose information was sent to it for comparison (khoản 5)."""
    shared = dossier.citizen_id is not None or dossier.comparison_sent_at is not None
    if actor.role is OfficerRole.IDENTITY_AGENCY and shared:
        return
    policies.ensure_holds(actor, dossier.unit_code, dossier.unit_role)


async def _views(
    session: AsyncSession, found: Sequence[UndeterminedDossier], actor: Actor
) -> list[DossierView]:
    people = [d.citizen_id for d in found if d.citizen_id is not None]
    certs = await queries.certificates_of(session, people)
    if people:
        await lock_chains(session, subject_ids=people, actor=actor)
    views = []
    for dossier in found:
        pin = None
        listed = certs.get(dossier.citizen_id, []) if dossier.citizen_id is not None else []
        if dossier.citizen_id is not None:
            pin = (await registry.citizen_by_id(session, dossier.citizen_id)).pin
            await record_read(
                session,
                actor=actor,
                citizen_id=dossier.citizen_id,
                fields=[*NAMED, "identity_certificate"],
                purpose=OFFICER_PURPOSE,
                request_ref=dossier.reference,
            )
        due = queries.waiting_on(dossier, certified=queries.certified(listed))
        views.append(DossierView(dossier, pin, listed, due))
    return views


async def officer_queue(session: AsyncSession, *, include_decided: bool, actor: Actor) -> list[DossierView]:
    """The work queue: the most urgent deadline first, overdue ones at the top; each person shown
    who is in the register is logged as read."""
    found = await queries.queue(session, actor, include_decided=include_decided)
    views = await _views(session, found, actor)
    if not include_decided:
        views = [v for v in views if v.due is not None or not queries.handed_over(v.certificates)]
    far = today_vn().replace(year=9999)
    return sorted(views, key=lambda v: (v.due is None, v.due.on if v.due else far, v.dossier.id))


async def officer_dossier(session: AsyncSession, reference: str, *, actor: Actor) -> DossierView:
    dossier = await queries.by_reference(session, reference)
    _sees(actor, dossier)
    view = (await _views(session, [dossier], actor))[0]
    proposals = await competence_queries.proposals_of(session, DecisionKind.COLLECTION, reference)
    return DossierView(view.dossier, view.pin, view.certificates, view.due, proposals)


async def _held(session: AsyncSession, reference: str, actor: Actor) -> UndeterminedDossier:
    dossier = await queries.by_reference(session, reference)
    policies.ensure_holds(actor, dossier.unit_code, dossier.unit_role)
    return dossier


async def open_dossier(
    session: AsyncSession, body: DeclarationIn, *, actor: Actor, calendar: WorkCalendar
) -> DossierView:
    dossier = await actions.open_dossier(session, body, actor=actor, calendar=calendar)
    return DossierView(dossier, None, [], queries.waiting_on(dossier, certified=False))


async def start(session: AsyncSession, reference: str, *, actor: Actor) -> DossierView:
    await actions.start_verification(session, await _held(session, reference, actor), actor=actor)
    return await officer_dossier(session, reference, actor=actor)


async def residence_check(
    session: AsyncSession, reference: str, body: ResidenceCheckIn, *, actor: Actor
) -> DossierView:
    await actions.record_residence_check(session, await _held(session, reference, actor), body, actor=actor)
    return await officer_dossier(session, reference, actor=actor)


async def extend(session: AsyncSession, reference: str, body: ExtensionIn, *, actor: Actor) -> DossierView:
    await actions.extend(session, await _held(session, reference, actor), body, actor=actor)
    return await officer_dossier(session, reference, actor=actor)


async def accept(session: AsyncSession, reference: str, *, actor: Actor) -> DossierView:
    await actions.accept(session, await _held(session, reference, actor), actor=actor)
    return await officer_dossier(session, reference, actor=actor)


async def refuse(session: AsyncSession, reference: str, body: RefusalIn, *, actor: Actor) -> DossierView:
    await actions.refuse(session, await _held(session, reference, actor), body, actor=actor)
    return await officer_dossier(session, reference, actor=actor)


async def send_comparison(session: AsyncSession, reference: str, *, actor: Actor) -> DossierView:
    await actions.send_comparison(session, await _held(session, reference, actor), actor=actor)
    return await officer_dossier(session, reference, actor=actor)


async def answer_comparison(
    session: AsyncSession, reference: str, body: ComparisonAnswerIn, *, actor: Actor
) -> DossierView:
    """Khoản 5: C06 answers; the action checks the officer is of the MPS identity agency."""
    dossier = await queries.by_reference(session, reference)
    await actions.answer_comparison(session, dossier, body, actor=actor)
    return await officer_dossier(session, reference, actor=actor)


async def propose(
    session: AsyncSession, reference: str, *, recommendation: Recommendation, text: str, actor: Actor
) -> Proposal:
    dossier = await _held(session, reference, actor)
    return await actions.propose(session, dossier, recommendation=recommendation, text=text, actor=actor)


async def hand_over_reply(
    session: AsyncSession, reference: str, body: ReplyHandOverIn, *, actor: Actor
) -> DossierView:
    await actions.hand_over_reply(session, await _held(session, reference, actor), body, actor=actor)
    return await officer_dossier(session, reference, actor=actor)


async def reply_file(session: AsyncSession, reference: str, *, actor: Actor) -> ReplyFile:
    """The signed refusal reply, for officers of the unit that holds the dossier (the declarant gets
    it printed, at the unit). The declarant is not in the register: no person's log to write."""
    return await queries.reply_file(session, await _held(session, reference, actor))


async def _accepted_person(session: AsyncSession, dossier: UndeterminedDossier) -> Citizen:
    if dossier.citizen_id is None:
        raise Conflict("undetermined.not_accepted", reference=dossier.reference)
    return await registry.citizen_by_id(session, dossier.citizen_id)


async def issue_certificate(session: AsyncSession, reference: str, *, actor: Actor) -> DossierView:
    dossier = await queries.by_reference(session, reference)
    if not policies.issues_certificates(actor):
        raise Forbidden("undetermined.certificate_by_c06")
    await certificates.issue(session, dossier, await _accepted_person(session, dossier), actor=actor)
    return await officer_dossier(session, reference, actor=actor)


async def _log_certificates(
    session: AsyncSession, found: Sequence[IdentityCertificate], actor: Actor
) -> None:
    people = sorted({c.citizen_id for c in found})
    if people:
        await lock_chains(session, subject_ids=people, actor=actor)
    for citizen_id in people:
        await record_read(
            session, actor=actor, citizen_id=citizen_id, fields=CERTIFICATE_FIELDS, purpose=OFFICER_PURPOSE
        )


async def send_certificate(session: AsyncSession, number: str, *, actor: Actor) -> IdentityCertificate:
    """Khoản 8: C06 sends a certificate (a first one or a renewal) to the unit that returns it."""
    certificate = await queries.certificate_by_number(session, number)
    await certificates.send(session, certificate, actor=actor)
    await _log_certificates(session, [certificate], actor)
    return certificate


async def hand_over(
    session: AsyncSession, number: str, body: HandOverIn, *, actor: Actor
) -> IdentityCertificate:
    """Khoản 8: the unit it was sent to records its return to the person."""
    certificate = await queries.certificate_by_number(session, number)
    await certificates.hand_over(session, certificate, body, actor=actor)
    await _log_certificates(session, [certificate], actor)
    return certificate


async def pending_certificates(session: AsyncSession, *, actor: Actor) -> list[IdentityCertificate]:
    """The certificate's side of the work queue: for C06 those issued and not yet sent, for a unit
    those sent to it and not yet handed over (renewals included); each person is logged as read."""
    found = await queries.pending_certificates(session, actor)
    await _log_certificates(session, found, actor)
    return found


async def person_certificates(
    session: AsyncSession, citizen: Citizen, *, actor: Actor
) -> list[IdentityCertificate]:
    """A person's certificates as their record shows them (the record's read is logged by the
    record page; this adds the certificate)."""
    found = (await queries.certificates_of(session, [citizen.id]))[citizen.id]
    if found:
        await record_read(
            session, actor=actor, citizen_id=citizen.id, fields=CERTIFICATE_FIELDS, purpose=OFFICER_PURPOSE
        )
    return found


async def certificates_by_pin(
    session: AsyncSession, pin: str, *, actor: Actor
) -> tuple[Citizen, list[IdentityCertificate]]:
    """A person's certificates by PIN (any unit may renew one: Điều 26 khoản 1); the read is logged.
    A person without one is "not found": the route reaches no one else, whatever the territory."""
    citizen = await _certificate_holder(session, pin)
    found = (await queries.certificates_of(session, [citizen.id]))[citizen.id]
    if not found:
        raise NotFound("undetermined.no_certificate")
    await record_read(
        session, actor=actor, citizen_id=citizen.id, fields=CERTIFICATE_FIELDS, purpose=OFFICER_PURPOSE
    )
    return citizen, found


async def _certificate_holder(session: AsyncSession, pin: str) -> Citizen:
    """The person a PIN names, for the routes any unit may use: an unknown PIN gets the same answer
    as a person without a certificate, so they cannot tell, outside their territory, who exists."""
    try:
        return await registry.citizen_by_pin(session, pin)
    except NotFound:
        raise NotFound("undetermined.no_certificate") from None


async def renew(
    session: AsyncSession, pin: str, body: RenewalIn, *, actor: Actor
) -> list[IdentityCertificate]:
    """Điều 26 khoản 1: renewed anywhere; the person is resolved by PIN (an old PIN resolves too).
    Returns the person's certificates, the new one first."""
    citizen = await _certificate_holder(session, pin)
    await certificates.renew(session, citizen, body, actor=actor)
    await record_read(
        session, actor=actor, citizen_id=citizen.id, fields=CERTIFICATE_FIELDS, purpose=OFFICER_PURPOSE
    )
    return (await queries.certificates_of(session, [citizen.id]))[citizen.id]


async def own_certificates(session: AsyncSession, *, actor: Actor) -> list[IdentityCertificate]:
    """The citizen's own certificates (the identity app's documents); logged as their own read."""
    if actor.citizen_id is None:
        raise Forbidden("audit.not_a_citizen")
    found = (await queries.certificates_of(session, [actor.citizen_id]))[actor.citizen_id]
    if found:
        await record_read(
            session,
            actor=actor,
            citizen_id=actor.citizen_id,
            fields=CERTIFICATE_FIELDS,
            purpose=OWN_PURPOSE,
            channel=Channel.IDENTITY_APP,
        )
    return found
