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
    "verify.no_permit": {
        "vi": "Chưa có giấy phép khai thác còn hiệu lực bao gồm câu hỏi này (NĐ 70/2024 Điều 9)",
        "en": "No exploitation permit in force covers this question (Decree 70/2024 Article 9)",
    },
    "verify.ask_not_needed": {
        "vi": "Cơ quan thuộc khoản 1 hỏi trong phạm vi chức năng, không cần xin đồng ý từng câu hỏi",
        "en": "Khoản 1 bodies ask within their mandate; no one-off consent is needed",
    },
    "verify.ask_not_found": {"vi": "Không tìm thấy yêu cầu xác thực", "en": "Verification request not found"},
    "verify.ask_closed": {
        "vi": "Yêu cầu xác thực đã được quyết định hoặc đã hết hạn ({status_now})",
        "en": "The verification request is already decided or has lapsed ({status_now})",
    },
    "verify.notice_ask": {
        "vi": "{requester} đề nghị xác thực thông tin của bạn: {question}. Mục đích: {purpose}. "
        "Đồng ý hoặc từ chối tại {link} (mã {ref})",
        "en": "{requester} asks to verify your information: {question}. Purpose: {purpose}. "
        "Agree or decline at {link} (ref {ref})",
    },
    "verify.notice_probing": {
        "vi": "{requester} đã hỏi xác thực thông tin về bạn quá {count} lần trong {hours} giờ; "
        "các câu hỏi tiếp theo bị từ chối",
        "en": "{requester} asked more than {count} verification questions about you in {hours} hours; "
        "further questions are refused",
    },
    "verify.alert_operator": {
        "vi": "{requester} chạm giới hạn câu hỏi xác thực ({rule}) trong {hours} giờ: dấu hiệu dò hỏi",
        "en": "{requester} reached a verification limit ({rule}) within {hours} hours: possible probing",
    },
    "enum.question.identity_match": {
        "vi": "Họ tên và ngày sinh có khớp",
        "en": "Name and date of birth match",
    },
    "enum.question.age_at_least": {"vi": "Đủ tuổi theo mốc", "en": "At least a given age"},
    "enum.question.permanent_residence_in": {
        "vi": "Nơi thường trú thuộc đơn vị hành chính",
        "en": "Permanent residence within a unit",
    },
    "enum.ask_status.pending": {"vi": "Chờ người được hỏi đồng ý", "en": "Waiting for the subject"},
    "enum.ask_status.answered": {"vi": "Đã trả lời", "en": "Answered"},
    "enum.ask_status.refused": {"vi": "Không được trả lời", "en": "Not answered"},
}
