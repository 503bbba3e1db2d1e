"""The identity certificate (giấy chứng nhận căn cước) of a person of undetermined nationality:
issued by the MPS identity agency within 15 days of the update (NĐ 70 Điều 24 khoản 7), sent to the
receiving unit and handed to the person (khoản 8), renewed anywhere (Điều 26 khoản 1).

Actions: each records its event in the caller's transaction and flushes.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.audit.actions import next_id, record_event
from dancu.audit.models import EventType
from dancu.calendar.queries import legal_date
from dancu.clock import now_utc
from dancu.errors import Conflict, Forbidden, NotFound, invalid
from dancu.registry.models import Citizen
from dancu.undetermined import policies
from dancu.undetermined.models import IdentityCertificate, UndeterminedDossier
from dancu.undetermined.policies import CertificateStatus, DossierStatus
from dancu.undetermined.schemas import HandOverIn, RenewalIn

LIVE = (CertificateStatus.ISSUED, CertificateStatus.SENT, CertificateStatus.HANDED_OVER)
# Where a renewal may be received ("anywhere", Điều 26 khoản 1): any police tier of the register.
RENEWING_ROLES = (OfficerRole.COMMUNE_POLICE, OfficerRole.PROVINCIAL_POLICE, OfficerRole.IDENTITY_AGENCY)


async def live_certificate(session: AsyncSession, citizen_id: int) -> IdentityCertificate | None:
    return await session.scalar(
        select(IdentityCertificate)
        .where(IdentityCertificate.citizen_id == citizen_id, IdentityCertificate.status.in_(LIVE))
        .order_by(IdentityCertificate.id.desc())
        .limit(1)
    )


async def _new(
    session: AsyncSession,
    citizen: Citizen,
    *,
    actor: Actor,
    send_to: tuple[str, OfficerRole],
    dossier_id: int | None,
) -> IdentityCertificate:
    now = now_utc()
    issued = legal_date(now)
    cert_id = await next_id(session, IdentityCertificate.__tablename__)
    rules = policies.rules()
    certificate = IdentityCertificate(
        id=cert_id,
        number=f"{cert_id:09d}/{issued.year}/{rules.certificate_symbol}",
        citizen_id=citizen.id,
        dossier_id=dossier_id,
        pin=citizen.pin,
        issuing_body=rules.issuing_body,
        issued_on=issued,
        issued_at=now,
        issued_by_account_id=actor.account_id,
        status=CertificateStatus.ISSUED,
        send_to_unit_code=send_to[0],
        send_to_role=send_to[1],
    )
    session.add(certificate)
    await session.flush()
    return certificate


async def issue(
    session: AsyncSession, dossier: UndeterminedDossier, citizen: Citizen, *, actor: Actor
) -> IdentityCertificate:
    """Khoản 7: the MPS identity agency issues the certificate of an accepted dossier, under the PIN
    the register established at the update; one live certificate per person."""
    if not policies.issues_certificates(actor):
        raise Forbidden("undetermined.certificate_by_c06")
    if dossier.status is not DossierStatus.ACCEPTED or dossier.citizen_id != citizen.id:
        raise Conflict("undetermined.not_accepted", reference=dossier.reference)
    if await live_certificate(session, citizen.id) is not None:
        raise Conflict("undetermined.certificate_exists", reference=dossier.reference)
    certificate = await _new(
        session, citizen, actor=actor, send_to=(dossier.unit_code, dossier.unit_role), dossier_id=dossier.id
    )
    late = dossier.pin_due_on is not None and certificate.issued_on > dossier.pin_due_on
    await _event(
        session,
        certificate,
        EventType.IDENTITY_CERTIFICATE_ISSUED,
        actor,
        data={"dossier": dossier.reference, "pin_due_on": str(dossier.pin_due_on), "late": late},
    )
    return certificate


async def send(session: AsyncSession, certificate: IdentityCertificate, *, actor: Actor) -> None:
    """Khoản 8: the agency sends the certificate to the receiving unit, to return it to the person."""
    if not policies.issues_certificates(actor):
        raise Forbidden("undetermined.certificate_by_c06")
    if certificate.status is not CertificateStatus.ISSUED:
        raise Conflict("undetermined.certificate_not_issued", number=certificate.number)
    certificate.status = CertificateStatus.SENT
    certificate.sent_at = now_utc()
    await session.flush()
    await _event(session, certificate, EventType.IDENTITY_CERTIFICATE_SENT, actor, data={})


async def hand_over(
    session: AsyncSession, certificate: IdentityCertificate, body: HandOverIn, *, actor: Actor
) -> None:
    """Khoản 8: the receiving unit returns the certificate to the person: on which day, by whom."""
    policies.ensure_holds(actor, certificate.send_to_unit_code, certificate.send_to_role)
    if certificate.status is not CertificateStatus.SENT or certificate.sent_at is None:
        raise Conflict("undetermined.certificate_not_sent", number=certificate.number)
    if body.on < legal_date(certificate.sent_at):
        raise invalid("on", "undetermined.handed_before_sent")
    certificate.status = CertificateStatus.HANDED_OVER
    certificate.handed_over_on = body.on
    certificate.handed_over_by_account_id = actor.account_id
    await session.flush()
    await _event(
        session,
        certificate,
        EventType.IDENTITY_CERTIFICATE_HANDED_OVER,
        actor,
        data={"on": body.on.isoformat()},
    )


async def renew(
    session: AsyncSession, citizen: Citizen, body: RenewalIn, *, actor: Actor
) -> IdentityCertificate:
    """Điều 26 khoản 1: a certificate is renewed wherever the person asks; the new one supersedes the
    old and is sent to the unit that received the request."""
    if actor.role not in RENEWING_ROLES or not actor.unit_code:
        raise Forbidden("auth.permission_denied", permission="renewal")
    old = await live_certificate(session, citizen.id)
    if old is None:
        # "Anywhere" reaches only holders of a certificate: for anyone else this route tells nothing.
        raise NotFound("undetermined.no_certificate")
    old.status = CertificateStatus.SUPERSEDED
    await session.flush()
    new = await _new(
        session, citizen, actor=actor, send_to=(actor.unit_code, actor.role), dossier_id=old.dossier_id
    )
    new.supersedes_id = old.id
    new.renewal_reason = body.reason.strip()
    await session.flush()
    await _event(
        session,
        new,
        EventType.IDENTITY_CERTIFICATE_RENEWED,
        actor,
        data={"supersedes": old.number},
        reason=new.renewal_reason,
        basis=policies.RENEWAL_BASIS,
    )
    return new


async def _event(
    session: AsyncSession,
    certificate: IdentityCertificate,
    event_type: EventType,
    actor: Actor,
    *,
    data: dict[str, object],
    reason: str | None = None,
    basis: str = policies.CERTIFICATE_BASIS,
) -> None:
    await record_event(
        session,
        event_type,
        actor=actor,
        subject_citizen_id=certificate.citizen_id,
        reason=reason,
        data={"number": certificate.number, "pin": certificate.pin, **data},
        legal_basis=basis,
    )
