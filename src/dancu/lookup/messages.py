"""Messages of the direct-connection lookup and verification (validation rules), Vietnamese first."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "rule.lookup.staff_id_required": {
        "vi": "{field}: hệ thống kết nối trực tiếp phải ghi mã cán bộ của cơ quan thực hiện tra cứu",
        "en": "{field}: a directly connected system must name the agency's staff member who asks",
    },
    "verify.no_consent": {
        "vi": "Không có giấy phép khai thác kèm sự đồng ý của người được khai thác thông tin cho câu hỏi "
        "này (Luật Căn cước Điều 10 khoản 8; NĐ 70/2024 Điều 9 khoản 5)",
        "en": "No exploitation permit with the data subject's consent covers this question "
        "(Identity Law Article 10(8); Decree 70/2024 Article 9(5))",
    },
    "verify.limit_subject": {
        "vi": "Đã vượt số câu hỏi xác thực cho phép về một người trong kỳ",
        "en": "Too many verification questions about one person in this period",
    },
    "verify.limit_requester": {
        "vi": "Đã vượt số câu hỏi xác thực cho phép của tổ chức, cá nhân trong kỳ",
        "en": "Too many verification questions by this requester in this period",
    },
    "rule.verify.fixed_date": {
        "vi": "{field}: chỉ xác thực theo ngày hiện tại",
        "en": "{field}: verification is only on today's date",
    },
    "rule.verify.fixed_threshold": {
        "vi": "{field}: chỉ được hỏi các mốc tuổi {allowed}",
        "en": "{field}: only the age thresholds {allowed} may be asked",
    },
}
