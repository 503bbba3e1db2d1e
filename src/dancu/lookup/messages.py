"""Messages of the direct-connection lookup and verification (validation rules), Vietnamese first."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "rule.lookup.staff_id_required": {
        "vi": "{field}: hệ thống kết nối trực tiếp phải ghi mã cán bộ của cơ quan thực hiện tra cứu",
        "en": "{field}: a directly connected system must name the agency's staff member who asks",
    },
}
