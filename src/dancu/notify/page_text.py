"""Page texts of the templates (labels, headings, buttons, hints): Vietnamese first."""

from __future__ import annotations

# notify/templates/outbox.html
_OUTBOX_TEXT: dict[str, dict[str, str]] = {
    "outbox_text.no_messages_yet": {"vi": "Chưa có tin nhắn nào.", "en": "No messages yet."},
    "outbox_text.outbox_development": {"vi": "Hộp thư đi (phát triển)", "en": "Outbox (development)"},
    "outbox_text.outbox_for_development_only": {
        "vi": "Hộp thư đi — chỉ dùng khi phát triển",
        "en": "Outbox — for development only",
    },
}


PAGE_TEXT: dict[str, dict[str, str]] = {**_OUTBOX_TEXT}
