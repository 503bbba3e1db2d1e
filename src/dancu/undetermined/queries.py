"""Reads of undetermined-nationality dossiers and identity certificates, and the deadline each
dossier waits on (for the work queue and the overdue sweep)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from dancu.access.actor import Actor
from dancu.access.permissions import OfficerRole
from dancu.errors import NotFound
from dancu.undetermined.models import IdentityCertificate, UndeterminedDossier
from dancu.undetermined.policies import OPEN, CertificateStatus, DossierStatus, Stage


@dataclass(frozen=True)
class ReplyFile:
    """The signed written reply of a refusal as the documents feature stored it."""

    number: str
    filename: str
    pdf: bytes


# Who reads the stored reply: the documents feature, above this package, registers itself at start
# (dancu.wiring), as it registers the writer of the reply.
ReplyReader = Callable[[AsyncSession, UndeterminedDossier], Awaitable[ReplyFile | None]]
_reply_readers: list[ReplyReader] = []


def on_reply_file(reader: ReplyReader) -> None:
    """Register the reader of the stored refusal reply (idempotent)."""
    if reader not in _reply_readers:
        _reply_readers.append(reader)


async def reply_file(session: AsyncSession, dossier: UndeterminedDossier) -> ReplyFile:
    """The signed reply of a refused dossier; "not found" when it has none."""
    if dossier.reply_document_number is None:
        raise NotFound("undetermined.no_reply", reference=dossier.reference)
    if not _reply_readers:
        raise RuntimeError("no refusal reply reader registered: call dancu.wiring.wire() first")
    for reader in _reply_readers:
        found = await reader(session, dossier)
        if found is not None:
            return found
    raise NotFound("undetermined.no_reply", reference=dossier.reference)


@dataclass(frozen=True)
class Due:
    stage: Stage
    on: dt.date

    def overdue(self, today: dt.date) -> bool:
        return today > self.on


def waiting_on(dossier: UndeterminedDossier, *, certified: bool) -> Due | None:
    """The deadline the dossier waits on: starting verification, ending it, or the certificate."""
    if dossier.status is DossierStatus.RECEIVED:
        return Due(Stage.START, dossier.start_due_on)
    if dossier.status is DossierStatus.VERIFYING and dossier.verification_due_on is not None:
        return Due(Stage.VERIFICATION, dossier.verification_due_on)
    if dossier.status is DossierStatus.ACCEPTED and not certified and dossier.pin_due_on is not None:
        return Due(Stage.CERTIFICATE, dossier.pin_due_on)
    return None


async def by_reference(session: AsyncSession, reference: str) -> UndeterminedDossier:
    found = await session.scalar(
        select(UndeterminedDossier).where(UndeterminedDossier.reference == reference)
    )
    if found is None:
        raise NotFound("undetermined.not_found", reference=reference)
    return found


async def certificate_by_number(session: AsyncSession, number: str) -> IdentityCertificate:
    found = await session.scalar(select(IdentityCertificate).where(IdentityCertificate.number == number))
    if found is None:
        raise NotFound("undetermined.certificate_not_found", number=number)
    return found


async def certificates_of(
    session: AsyncSession, citizen_ids: list[int]
) -> dict[int, list[IdentityCertificate]]:
    """Every certificate of these people, newest first."""
    found: dict[int, list[IdentityCertificate]] = {i: [] for i in citizen_ids}
    if not citizen_ids:
        return found
    rows = await session.scalars(
        select(IdentityCertificate)
        .where(IdentityCertificate.citizen_id.in_(citizen_ids))
        .order_by(IdentityCertificate.id.desc())
    )
    for row in rows:
        found[row.citizen_id].append(row)
    return found


def certified(certificates: list[IdentityCertificate]) -> bool:
    """A certificate has been issued (the 15-day deadline is met); a superseded one counts too."""
    return bool(certificates)


async def queue(
    session: AsyncSession, actor: Actor, *, include_decided: bool, limit: int = 200
) -> list[UndeterminedDossier]:
    """The receiving unit's dossiers (or, for the MPS identity agency, every accepted dossier: it
    issues the certificates, and every dossier waiting on its comparison); open ones first,
    then by id. The caller orders by deadline."""
    query = select(UndeterminedDossier)
    if actor.role is OfficerRole.IDENTITY_AGENCY:
        # Khoản 5: the dossiers whose information waits on its comparison.
        comparing = and_(
            UndeterminedDossier.status == DossierStatus.VERIFYING,
            UndeterminedDossier.comparison_sent_at.is_not(None),
            UndeterminedDossier.comparison_answered_at.is_(None),
        )
        query = query.where(or_(UndeterminedDossier.status == DossierStatus.ACCEPTED, comparing))
    else:
        query = query.where(
            UndeterminedDossier.unit_code == (actor.unit_code or ""),
            UndeterminedDossier.unit_role == actor.role,
        )
        if not include_decided:
            # Accepted dossiers stay until their certificate is handed over (khoản 8).
            query = query.where(UndeterminedDossier.status.in_([*OPEN, DossierStatus.ACCEPTED]))
    query = query.order_by(UndeterminedDossier.id.desc()).limit(limit)
    return list(await session.scalars(query))


def handed_over(certificates: list[IdentityCertificate]) -> bool:
    return any(c.status is CertificateStatus.HANDED_OVER for c in certificates)


async def pending_certificates(
    session: AsyncSession, actor: Actor, *, limit: int = 200
) -> list[IdentityCertificate]:
    """Certificates waiting on the actor's unit: C06 sends the issued ones (khoản 8), the unit they
    were sent to hands them over; oldest first."""
    query = select(IdentityCertificate)
    if actor.role is OfficerRole.IDENTITY_AGENCY:
        query = query.where(IdentityCertificate.status == CertificateStatus.ISSUED)
    else:
        query = query.where(
            IdentityCertificate.status == CertificateStatus.SENT,
            IdentityCertificate.send_to_unit_code == (actor.unit_code or ""),
            IdentityCertificate.send_to_role == actor.role,
        )
    return list(await session.scalars(query.order_by(IdentityCertificate.id).limit(limit)))
