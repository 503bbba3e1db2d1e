"""Messages of correction requests and citizens' notifications (Vietnamese first)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "correction.not_found": {
        "vi": "Không tìm thấy đề nghị điều chỉnh {reference}",
        "en": "Correction request {reference} not found",
    },
    "correction.attachment_not_found": {"vi": "Không tìm thấy tệp đính kèm", "en": "Attachment not found"},
    "correction.transition_not_allowed": {
        "vi": "Đề nghị đang ở trạng thái {status_from}, không thể chuyển sang {status_to}",
        "en": "The request is {status_from} and cannot become {status_to}",
    },
    "notification.not_found": {"vi": "Không tìm thấy thông báo", "en": "Notification not found"},
    "rule.correction.item_not_correctable": {
        "vi": "{field}: thông tin này không điều chỉnh qua đề nghị DC02 (có thủ tục riêng)",
        "en": "{field}: this item is not corrected through a DC02 request (it has its own procedure)",
    },
    "rule.correction.item_repeated": {
        "vi": "{field}: mỗi thông tin chỉ được đề nghị một lần trong một phiếu",
        "en": "{field}: each item may appear only once in a request",
    },
    "rule.correction.same_as_current": {
        "vi": "{field}: giá trị đề nghị trùng với thông tin đang lưu",
        "en": "{field}: the proposed value is the same as the stored one",
    },
    "rule.correction.proof_too_large": {
        "vi": "{field}: tệp quá lớn (tối đa {max_bytes} byte)",
        "en": "{field}: the file is too large (at most {max_bytes} bytes)",
    },
    "rule.correction.proof_type": {
        "vi": "{field}: chỉ nhận tệp PDF, JPEG hoặc PNG",
        "en": "{field}: only PDF, JPEG or PNG files are accepted",
    },
    "rule.correction.proof_base64": {
        "vi": "{field}: nội dung tệp phải mã hóa base64",
        "en": "{field}: the file content must be base64",
    },
    "rule.correction.no_responsible_unit": {
        "vi": "Chưa xác định được Công an cấp xã quản lý hồ sơ của bạn; hãy liên hệ trực tiếp Công an xã",
        "en": "The commune police holding your file cannot be determined; contact the commune police",
    },
    "correction.already_assigned": {
        "vi": "Đề nghị đã được giao cho Công an cấp xã {commune_code}",
        "en": "The request is already assigned to commune police {commune_code}",
    },
    "rule.correction.commune_not_assignable": {
        "vi": "{field}: chỉ được giao cho một xã kế thừa xã cũ hoặc một xã thuộc tỉnh",
        "en": "{field}: only a successor of the old commune, or a commune of the province, may be assigned",
    },
    "correction.notice_assigned": {
        "vi": "Đề nghị điều chỉnh {reference} đã được chuyển đến Công an cấp xã {commune_code} để giải quyết",
        "en": "Correction request {reference} was forwarded to commune police {commune_code} for decision",
    },
    "rule.correction.not_own": {
        "vi": "Chỉ người đề nghị mới rút được đề nghị",
        "en": "Only the requester may withdraw the request",
    },
    "correction.notice_approved": {
        "vi": "Đề nghị điều chỉnh {reference} đã được chấp thuận; thông tin của bạn đã được điều chỉnh",
        "en": "Correction request {reference} was approved; your record has been corrected",
    },
    "correction.notice_refused": {
        "vi": "Đề nghị điều chỉnh {reference} bị từ chối. Lý do: {text}",
        "en": "Correction request {reference} was refused. Reasons: {text}",
    },
    "enum.correction_status.submitted": {"vi": "Chờ giải quyết", "en": "Awaiting decision"},
    "enum.correction_status.approved": {"vi": "Đã điều chỉnh", "en": "Approved"},
    "enum.correction_status.refused": {"vi": "Từ chối", "en": "Refused"},
    "enum.correction_status.withdrawn": {"vi": "Đã rút", "en": "Withdrawn"},
    "enum.refusal_ground.proof_insufficient": {
        "vi": "Giấy tờ chứng minh không có, không đủ hoặc không hợp lệ",
        "en": "Proof missing, insufficient or invalid",
    },
    "enum.refusal_ground.matches_source": {
        "vi": "Thông tin đang lưu đã đúng với giấy tờ gốc",
        "en": "The stored information matches the source documents",
    },
    "enum.refusal_ground.other_procedure": {
        "vi": "Phải thực hiện thủ tục khác (hộ tịch, cư trú, quốc tịch)",
        "en": "Another procedure applies (civil status, residence, nationality)",
    },
    "enum.refusal_ground.not_verified": {
        "vi": "Không xác minh được thông tin đề nghị",
        "en": "The proposed information could not be verified",
    },
    "enum.refusal_ground.other": {"vi": "Lý do khác", "en": "Other reason"},
    "field.ground": {"vi": "Căn cứ từ chối", "en": "Ground"},
    "field.text": {"vi": "Lý do cụ thể", "en": "Reasons"},
    "field.citizen": {"vi": "Công dân", "en": "Citizen"},
    "field.commune_code": {"vi": "Công an cấp xã được giao", "en": "Commune police assigned"},
    "field.reason": {"vi": "Lý do giao", "en": "Reason for the assignment"},
}


# Page text of the templates (labels, headings, buttons, hints): Vietnamese first.
_TEXT: dict[str, dict[str, str]] = {
    "corrections_text.requests_to_correct_information": {
        "vi": "Đề nghị điều chỉnh thông tin",
        "en": "Requests to correct information",
    },
    "corrections_text.if_your_information_in_the_national": {
        "vi": "Nếu thông tin của bạn trong Cơ sở dữ liệu quốc gia về dân cư chưa chính xác, bạn có "
        "thể đề nghị Công an cấp xã nơi quản lý hồ sơ điều chỉnh (mẫu DC02). Đề nghị được giải "
        "quyết trong 2 ngày làm việc (Nghị định 70/2024/NĐ-CP Điều 6 khoản 3).",
        "en": "If your information in the National Population Database is not accurate, you can ask "
        "the commune police who keep your record to correct it (form DC02). The request is "
        "decided within 2 working days (Decree 70/2024/NĐ-CP Article 6 clause 3).",
    },
    "corrections_text.ask_for_a_correction": {"vi": "Tạo đề nghị điều chỉnh", "en": "Ask for a correction"},
    "corrections_text.my_requests": {"vi": "Các đề nghị của tôi", "en": "My requests"},
    "corrections_text.form_number": {"vi": "Số phiếu", "en": "Form number"},
    "corrections_text.information": {"vi": "Thông tin", "en": "Information"},
    "corrections_text.received_on": {"vi": "Ngày tiếp nhận", "en": "Received on"},
    "corrections_text.due_by": {"vi": "Hạn giải quyết", "en": "Due by"},
    "corrections_text.status": {"vi": "Trạng thái", "en": "Status"},
    "corrections_text.you_have_no_correction_requests": {
        "vi": "Bạn chưa có đề nghị điều chỉnh nào.",
        "en": "You have no correction requests.",
    },
    "corrections_text.requests_to_correct_information_dc02": {
        "vi": "Đề nghị điều chỉnh thông tin (DC02)",
        "en": "Requests to correct information (DC02)",
    },
    "corrections_text.requests_from_citizens_of_your_area": {
        "vi": "Đề nghị của công dân thuộc địa bàn, sắp xếp theo hạn giải quyết (2 ngày làm việc, Nghị"
        " định 70/2024/NĐ-CP Điều 6 khoản 3). Dòng tô đỏ là đã quá hạn.",
        "en": "Requests from citizens of your area, sorted by due date (2 working days, Decree "
        "70/2024/NĐ-CP Article 6 clause 3). Rows in red are overdue.",
    },
    "corrections_text.show_only_requests_waiting": {
        "vi": "Chỉ hiện đề nghị chờ giải quyết",
        "en": "Show only requests waiting",
    },
    "corrections_text.show_decided_requests_too": {
        "vi": "Hiện cả đề nghị đã giải quyết",
        "en": "Show decided requests too",
    },
    "corrections_text.citizen": {"vi": "Công dân", "en": "Citizen"},
    "corrections_text.overdue": {"vi": "quá hạn", "en": "overdue"},
    "corrections_text.no_requests": {"vi": "Không có đề nghị nào.", "en": "No requests."},
}

MESSAGES |= _TEXT
