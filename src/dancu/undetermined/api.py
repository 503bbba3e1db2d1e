"""The undetermined-nationality procedure over the API (/api/v1/undetermined): the receiving police
open and verify dossiers and decide them; the MPS identity agency issues and sends the identity
certificate; the receiving unit hands it over; a certificate is renewed anywhere."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from dancu.access.actor import Actor
from dancu.access.permissions import Permission
from dancu.calendar.queries import load_calendar
from dancu.competence.schemas import ProposalIn, ProposalOut, proposal_out
from dancu.undetermined import use_cases
from dancu.undetermined.schemas import (
    CertificateList,
    CertificateOut,
    ComparisonAnswerIn,
    DeclarationIn,
    DossierList,
    DossierOut,
    ExtensionIn,
    HandOverIn,
    RefusalIn,
    RenewalIn,
    ReplyHandOverIn,
    ResidenceCheckIn,
)
from dancu.undetermined.views import certificate_out, certificates_out, dossier_out
from dancu.web.deps import DbSession, Requires
from dancu.web.transaction import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["undetermined"])

Reference = Annotated[str, Path(pattern=r"^XX-[0-9]{4}-[0-9]{6,}$")]
Number = Annotated[str, Path(pattern=r"^[0-9]{9}-[0-9]{4}-[A-Z]{2,10}$", description="000000001-2026-GCNCC")]
PinPath = Annotated[str, Path(pattern=r"^[0-9]{12}$")]
HANDLE = Depends(Requires(Permission.UNDETERMINED_HANDLE))
ISSUE = Depends(Requires(Permission.CERTIFICATE_ISSUE))
RENEW = Depends(Requires(Permission.CERTIFICATE_RENEW))
BASE = "/api/v1/undetermined"


def number_of(path: str) -> str:
    """Certificate numbers print as 000000001/2026/GCNCC; the path carries them with hyphens."""
    return path.replace("-", "/")


@router.get(BASE, response_model=DossierList)
async def queue(
    session: DbSession, actor: Annotated[Actor, HANDLE], include_decided: bool = False
) -> DossierList:
    """The work queue: the deadline each dossier waits on, the most urgent first, overdue flagged."""
    found = await use_cases.officer_queue(session, include_decided=include_decided, actor=actor)
    return DossierList(items=[dossier_out(v) for v in found])


@router.post(BASE, status_code=201, response_model=DossierOut)
async def open_dossier(
    body: DeclarationIn, request: Request, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> DossierOut:
    """Khoản 1–3: the declaration opens a dossier; nothing enters the register yet."""
    calendar = load_calendar(request.app.state.settings.calendar_file)
    view = await use_cases.open_dossier(session, body, actor=actor, calendar=calendar)
    return dossier_out(view)


@router.get(BASE + "/{reference}", response_model=DossierOut)
async def show(reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]) -> DossierOut:
    return dossier_out(await use_cases.officer_dossier(session, reference, actor=actor))


@router.post(BASE + "/{reference}/verification", response_model=DossierOut)
async def start(reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]) -> DossierOut:
    return dossier_out(await use_cases.start(session, reference, actor=actor))


@router.post(BASE + "/{reference}/residence-check", response_model=DossierOut)
async def residence_check(
    reference: Reference, body: ResidenceCheckIn, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> DossierOut:
    return dossier_out(await use_cases.residence_check(session, reference, body, actor=actor))


@router.post(BASE + "/{reference}/extension", response_model=DossierOut)
async def extend(
    reference: Reference, body: ExtensionIn, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> DossierOut:
    return dossier_out(await use_cases.extend(session, reference, body, actor=actor))


@router.post(BASE + "/{reference}/comparison", response_model=DossierOut)
async def send_comparison(
    reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> DossierOut:
    """Khoản 5: the person's information goes to the MPS identity agency to be compared against the
    NPD and the Identity DB; acceptance waits for its answer."""
    return dossier_out(await use_cases.send_comparison(session, reference, actor=actor))


@router.post(BASE + "/{reference}/comparison/answer", response_model=DossierOut)
async def answer_comparison(
    reference: Reference, body: ComparisonAnswerIn, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> DossierOut:
    """Khoản 5: a C06 officer records the outcome (match found or not, with a note)."""
    return dossier_out(await use_cases.answer_comparison(session, reference, body, actor=actor))


@router.post(BASE + "/{reference}/proposal", status_code=201, response_model=ProposalOut)
async def propose(
    reference: Reference, body: ProposalIn, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> ProposalOut:
    """TT 117/2026 Điều 17 khoản 3: staff propose acceptance or refusal; the head decides."""
    proposal = await use_cases.propose(
        session, reference, recommendation=body.recommendation, text=body.text, actor=actor
    )
    return proposal_out(proposal)


@router.post(BASE + "/{reference}/acceptance", response_model=DossierOut)
async def accept(reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]) -> DossierOut:
    """Khoản 6: collected into the register through DC01 (the head approves)."""
    return dossier_out(await use_cases.accept(session, reference, actor=actor))


@router.post(BASE + "/{reference}/refusal", response_model=DossierOut)
async def refuse(
    reference: Reference, body: RefusalIn, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> DossierOut:
    """Khoản 6: refused with reasons, in a signed written reply."""
    return dossier_out(await use_cases.refuse(session, reference, body, actor=actor))


@router.get(BASE + "/{reference}/reply/pdf", response_class=Response)
async def reply_pdf(reference: Reference, session: DbSession, actor: Annotated[Actor, HANDLE]) -> Response:
    """Khoản 6: the signed written reply, for the unit to print and hand to the declarant."""
    found = await use_cases.reply_file(session, reference, actor=actor)
    disposition = f'attachment; filename="{found.filename}"'
    return Response(found.pdf, media_type="application/pdf", headers={"Content-Disposition": disposition})


@router.post(BASE + "/{reference}/reply/hand-over", response_model=DossierOut)
async def hand_over_reply(
    reference: Reference, body: ReplyHandOverIn, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> DossierOut:
    """Khoản 6: the day the printed reply was handed to the declarant."""
    return dossier_out(await use_cases.hand_over_reply(session, reference, body, actor=actor))


@router.post(BASE + "/{reference}/certificate", status_code=201, response_model=DossierOut)
async def issue(reference: Reference, session: DbSession, actor: Annotated[Actor, ISSUE]) -> DossierOut:
    """Khoản 7: the MPS identity agency issues the identity certificate under the PIN."""
    return dossier_out(await use_cases.issue_certificate(session, reference, actor=actor))


CERTIFICATES = "/api/v1/identity-certificates"


@router.get(CERTIFICATES, response_model=CertificateList)
async def pending(session: DbSession, actor: Annotated[Actor, HANDLE]) -> CertificateList:
    """The certificates waiting on the caller: C06 sends, the receiving unit hands over (khoản 8)."""
    return CertificateList(items=certificates_out(await use_cases.pending_certificates(session, actor=actor)))


@router.post(CERTIFICATES + "/{number}/dispatch", response_model=CertificateOut)
async def dispatch(number: Number, session: DbSession, actor: Annotated[Actor, ISSUE]) -> CertificateOut:
    """Khoản 8: sent to the receiving unit to be returned to the person."""
    return certificate_out(await use_cases.send_certificate(session, number_of(number), actor=actor))


@router.post(CERTIFICATES + "/{number}/hand-over", response_model=CertificateOut)
async def hand_over(
    number: Number, body: HandOverIn, session: DbSession, actor: Annotated[Actor, HANDLE]
) -> CertificateOut:
    """Khoản 8: the unit it was sent to records the day it was handed to the person, and who did."""
    return certificate_out(await use_cases.hand_over(session, number_of(number), body, actor=actor))


@router.post(
    "/api/v1/registry/citizens/{pin}/identity-certificate/renewal",
    status_code=201,
    response_model=CertificateOut,
)
async def renew(
    pin: PinPath, body: RenewalIn, session: DbSession, actor: Annotated[Actor, RENEW]
) -> CertificateOut:
    """Điều 26 khoản 1: renewed anywhere; the new certificate supersedes the old."""
    return certificates_out(await use_cases.renew(session, pin, body, actor=actor))[0]
