"""Shared by the API and the pages: a request or a breach as the caller is shown it."""

from __future__ import annotations

from typing import Any

from dancu.clock import VN_TZ, now_utc, today_vn
from dancu.i18n import Lang, t
from dancu.privacy import policies
from dancu.privacy.models import Breach, PrivacyRequest, ProcessingRestriction
from dancu.privacy.schemas import BreachOut, OfficerRightRequestOut, RestrictionOut, RightRequestOut
from dancu.registry.models import Citizen


def request_out(request: PrivacyRequest) -> RightRequestOut:
    return RightRequestOut(
        reference=request.reference,
        kind=request.kind,
        scope=request.scope,
        channel=request.channel,
        details=request.details,
        status=request.status,
        received_on=request.received_on,
        acknowledge_by=request.acknowledge_by,
        due_on=request.due_on,
        extended=request.extended_reason is not None,
        overdue=policies.overdue(request.status, request.due_on, today_vn()),
        acknowledged_at=request.acknowledged_at,
        decided_at=request.decided_at,
        refusal_ground=request.refusal_ground,
        decision_text=request.decision_text,
        reply_document_id=request.reply_document_id,
    )


def restriction_out(restriction: ProcessingRestriction) -> RestrictionOut:
    return RestrictionOut(
        id=restriction.id,
        kind=restriction.kind,
        scope=restriction.scope,
        effective_from=restriction.effective_from,
        lifted_at=restriction.lifted_at,
    )


def officer_out(request: PrivacyRequest, citizen: Citizen) -> OfficerRightRequestOut:
    return OfficerRightRequestOut(
        **request_out(request).model_dump(), pin=citizen.pin, full_name=citizen.full_name
    )


def breach_out(breach: Breach) -> BreachOut:
    now = now_utc()
    return BreachOut(
        reference=breach.reference,
        status=breach.status,
        nature=breach.nature,
        occurred_at=breach.occurred_at,
        detected_at=breach.detected_at,
        data_categories=breach.data_categories,
        subject_categories=breach.subject_categories,
        subject_count=breach.subject_count,
        measures=breach.measures,
        likely_harm=breach.likely_harm,
        notify_by=breach.notify_by,
        hours_left=policies.hours_left(breach.notify_by, now),
        overdue=policies.breach_overdue(breach.notify_by, breach.notified_at, now),
        notified_at=breach.notified_at,
        authority=breach.authority,
        late_reason=breach.late_reason,
        notice_document_id=breach.notice_document_id,
        closed_at=breach.closed_at,
    )


def request_view(request: PrivacyRequest, lang: Lang) -> dict[str, Any]:
    """A request for a page: its words in the reader's language."""
    out = request_out(request).model_dump()
    ground = request.refusal_ground
    return out | {
        "kind_label": t(f"enum.right_kind.{request.kind.value}", lang),
        "scope_label": t(f"enum.data_scope.{request.scope.value}", lang),
        "status_label": t(f"enum.right_status.{request.status.value}", lang),
        "ground_label": t(f"enum.right_refusal_ground.{ground.value}", lang) if ground else "",
        "open": request.status in policies.OPEN,
        "grantable": policies.grantable(request.kind, request.scope),
    }


def breach_view(breach: Breach, lang: Lang) -> dict[str, Any]:
    return breach_out(breach).model_dump() | {
        "status_label": t(f"enum.breach_status.{breach.status.value}", lang),
        "notify_by_vn": breach.notify_by.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y"),
        "detected_vn": breach.detected_at.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y"),
    }
