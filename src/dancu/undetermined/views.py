"""The API's view of a dossier and of a certificate, and the rows the pages render of certificates."""

from __future__ import annotations

from typing import Any

from dancu.i18n import Lang, t
from dancu.undetermined.models import IdentityCertificate, UndeterminedDossier
from dancu.undetermined.schemas import CertificateOut, ComparisonOut, DossierOut, ReplyOut, ResidenceCheckOut
from dancu.undetermined.use_cases import DossierView


def certificate_out(
    certificate: IdentityCertificate, numbers: dict[int, str] | None = None
) -> CertificateOut:
    superseded = (numbers or {}).get(certificate.supersedes_id) if certificate.supersedes_id else None
    return CertificateOut(
        number=certificate.number,
        pin=certificate.pin,
        issuing_body=certificate.issuing_body,
        issued_on=certificate.issued_on,
        status=certificate.status,
        send_to_unit_code=certificate.send_to_unit_code,
        send_to_role=certificate.send_to_role,
        sent_at=certificate.sent_at,
        handed_over_on=certificate.handed_over_on,
        supersedes=superseded,
        renewal_reason=certificate.renewal_reason,
    )


def certificates_out(certificates: list[IdentityCertificate]) -> list[CertificateOut]:
    numbers = {c.id: c.number for c in certificates}
    return [certificate_out(c, numbers) for c in certificates]


API_REPLY = "/api/v1/undetermined/{reference}/reply/pdf"


def comparison_out(d: UndeterminedDossier) -> ComparisonOut | None:
    if d.comparison_sent_at is None:
        return None
    return ComparisonOut(
        sent_at=d.comparison_sent_at,
        sent_by_account_id=d.comparison_sent_by_account_id,
        answered_at=d.comparison_answered_at,
        answered_by_account_id=d.comparison_answered_by_account_id,
        match_found=d.comparison_match,
        note=d.comparison_note,
    )


def reply_out(d: UndeterminedDossier) -> ReplyOut | None:
    if d.reply_document_number is None:
        return None
    return ReplyOut(
        number=d.reply_document_number,
        download=API_REPLY.format(reference=d.reference),
        handed_over_on=d.reply_handed_over_on,
    )


def dossier_out(view: DossierView) -> DossierOut:
    d = view.dossier
    check = (
        ResidenceCheckOut(
            agency=d.residence_agency or "",
            since=d.residence_since,
            continuous=bool(d.residence_continuous),
            note=d.residence_note,
            checked_at=d.residence_checked_at,
            checked_by_account_id=d.residence_checked_by_account_id,
        )
        if d.residence_checked_at is not None and d.residence_since is not None
        else None
    )
    return DossierOut(
        reference=d.reference,
        full_name=d.full_name,
        status=d.status,
        unit_code=d.unit_code,
        unit_role=d.unit_role,
        province_code=d.province_code,
        received_on=d.received_on,
        start_due_on=d.start_due_on,
        verification_started_on=d.verification_started_on,
        verification_due_on=d.verification_due_on,
        extension_reason=d.extension_reason,
        residence_check=check,
        comparison=comparison_out(d),
        decided_at=d.decided_at,
        decision_text=d.decision_text,
        reply_document_number=d.reply_document_number,
        reply=reply_out(d),
        pin=view.pin,
        updated_on=d.updated_on,
        pin_due_on=d.pin_due_on,
        stage=view.due.stage if view.due else None,
        due_on=view.due.on if view.due else None,
        overdue=view.overdue(),
        certificates=certificates_out(view.certificates),
    )


def certificate_rows(certificates: list[IdentityCertificate], lang: Lang) -> list[dict[str, Any]]:
    numbers = {c.id: c.number for c in certificates}
    return [
        {
            "number": c.number,
            "path": c.number.replace("/", "-"),
            "pin": c.pin,
            "issued_on": c.issued_on,
            "issuing_body": c.issuing_body,
            "status": c.status.value,
            "status_label": t(f"enum.certificate_status.{c.status.value}", lang),
            "send_to": f"{c.send_to_unit_code} ({t(f'enum.officer_role.{c.send_to_role.value}', lang)})",
            "send_to_unit_code": c.send_to_unit_code,
            "send_to_role": c.send_to_role.value,
            "handed_over_on": c.handed_over_on,
            "supersedes": numbers.get(c.supersedes_id) if c.supersedes_id else None,
        }
        for c in certificates
    ]
