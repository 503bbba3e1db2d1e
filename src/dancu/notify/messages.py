"""Messages of notify: its pages' text, Vietnamese first."""

from __future__ import annotations

# Page text of the templates (labels, headings, buttons, hints): Vietnamese first.
_TEXT: dict[str, dict[str, str]] = {
    "notify_text.notifications": {"vi": "Thông báo", "en": "Notifications"},
    "notify_text.mark_all_as_read": {"vi": "Đánh dấu tất cả là đã đọc", "en": "Mark all as read"},
    "notify_text.see_the_details": {"vi": "Xem chi tiết", "en": "See the details"},
    "notify_text.read": {"vi": "Đã đọc", "en": "Read"},
    "notify_text.no_notifications_yet": {"vi": "Chưa có thông báo nào.", "en": "No notifications yet."},
}

MESSAGES: dict[str, dict[str, str]] = {**_TEXT}
