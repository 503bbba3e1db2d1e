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
    "rule.correction.proof_required": {
        "vi": "{field}: cần tài liệu chứng minh thông tin cần điều chỉnh (Nghị định 70/2024/NĐ-CP "
        "Điều 6 khoản 3, sửa đổi bởi Nghị định 58/2026/NĐ-CP)",
        "en": "{field}: a document proving the information to correct is required (Decree 70/2024 "
        "Article 6(3) as amended by Decree 58/2026)",
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
