"""How a correction request is shown on pages (citizen and officer): items with readable values,
statuses and grounds in words, the deadline and whether it has passed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dancu.clock import today_vn
from dancu.corrections.models import CorrectionRequest
from dancu.corrections.queries import overdue
from dancu.i18n import Lang, t
from dancu.registry.pages_display import date_vi, instant_vi, item_label, show


@dataclass(frozen=True)
class ItemRow:
    item: str
    label: str
    current: str
    proposed: str


def _shown(item: Any, value: Any, lang: Lang) -> str:
    return show(item, value, lang) if value is not None else "—"


def request_view(request: CorrectionRequest, lang: Lang) -> dict[str, Any]:
    return {
        "reference": request.reference,
        "status": request.status.value,
        "status_label": t(f"enum.correction_status.{request.status.value}", lang),
        "open": request.status.value == "submitted",
        "reason": request.reason,
        "received_on": date_vi(request.received_on),
        "due_on": date_vi(request.due_on),
        "overdue": overdue(request, today_vn()),
        "created_at": instant_vi(request.created_at),
        "decided_at": instant_vi(request.decided_at) if request.decided_at else "",
        "ground": t(f"enum.refusal_ground.{request.refusal_ground.value}", lang)
        if request.refusal_ground
        else "",
        "decision_text": request.decision_text or "",
        "items": [
            ItemRow(
                i.item.value,
                item_label(i.item, lang),
                _shown(i.item, i.current, lang),
                _shown(i.item, i.proposed, lang),
            )
            for i in request.items
        ],
        "attachments": request.attachments,
    }
