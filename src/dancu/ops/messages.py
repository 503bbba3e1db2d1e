"""Messages of the operations endpoints and of database faults (vi first, en second)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "db.unavailable": {
        "vi": "Cơ sở dữ liệu tạm thời không phục vụ được (đang khởi động lại hoặc chuyển máy chủ chính); "
        "yêu cầu chưa được thực hiện, vui lòng thử lại sau ít giây",
        "en": "The database is temporarily unavailable (restarting or changing its primary server); "
        "the request was not carried out, please retry in a few seconds",
    },
    "ops.metrics_token_required": {
        "vi": "Cần mã truy cập của hệ thống giám sát",
        "en": "The monitoring system's bearer token is required",
    },
}
