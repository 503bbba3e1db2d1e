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


# Page text of the templates (labels, headings, buttons, hints): Vietnamese first.
_MORE_TEXT: dict[str, dict[str, str]] = {
    "corrections_text.requests_to_correct_information_2": {
        "vi": "Đề nghị điều chỉnh thông tin",
        "en": "Requests to correct information",
    },
    "corrections_text.correction_requests": {"vi": "← Đề nghị điều chỉnh", "en": "← Correction requests"},
    "corrections_text.request_to_correct_information_form_dc02": {
        "vi": "Phiếu đề nghị điều chỉnh thông tin (DC02)",
        "en": "Request to correct information (form DC02)",
    },
    "corrections_text.information_to_correct": {
        "vi": "Thông tin cần điều chỉnh",
        "en": "Information to correct",
    },
    "corrections_text.choose_another_item": {"vi": "Chọn thông tin khác", "en": "Choose another item"},
    "corrections_text.continue": {"vi": "Tiếp tục", "en": "Continue"},
    "corrections_text.information_held": {"vi": "Thông tin đang lưu:", "en": "Information held:"},
    "corrections_text.none": {"vi": "chưa có", "en": "none"},
    "corrections_text.the_request_was_not_sent_please": {
        "vi": "Đề nghị chưa được gửi, hãy kiểm tra lại",
        "en": "The request was not sent; please check it",
    },
    "corrections_text.correct_information": {"vi": "Thông tin đúng: ", "en": "Correct information: "},
    "corrections_text.one_name_per_line": {"vi": " (mỗi dòng một tên)", "en": " (one name per line)"},
    "corrections_text.reason_for_the_correction": {
        "vi": "Lý do đề nghị điều chỉnh",
        "en": "Reason for the correction",
    },
    "corrections_text.at_least_5_characters_e_g": {
        "vi": "Ít nhất 5 ký tự, vd. “Tên bị sai dấu so với giấy khai sinh”",
        "en": "At least 5 characters, e.g. “The name's tone marks differ from the birth certificate”",
    },
    "corrections_text.supporting_document_pdf_jpeg_or_png": {
        "vi": "Giấy tờ chứng minh (PDF, JPEG hoặc PNG; không bắt buộc)",
        "en": "Supporting document (PDF, JPEG or PNG; optional)",
    },
    "corrections_text.send_the_request": {"vi": "Gửi đề nghị", "en": "Send the request"},
    "corrections_text.cancel": {"vi": "Hủy", "en": "Cancel"},
    "corrections_text.request": {"vi": "Đề nghị", "en": "Request"},
    "corrections_text.request_sent": {"vi": "Đã gửi đề nghị", "en": "Request sent"},
    "corrections_text.due_by_2": {"vi": ". Hạn giải quyết:", "en": ". Due by:"},
    "corrections_text.correction_request": {"vi": "Đề nghị điều chỉnh", "en": "Correction request"},
    "corrections_text.status_2": {"vi": "Trạng thái", "en": "Status"},
    "corrections_text.received_on_2": {"vi": "Ngày tiếp nhận", "en": "Received on"},
    "corrections_text.due_by_3": {"vi": "Hạn giải quyết", "en": "Due by"},
    "corrections_text.overdue_2": {"vi": "(quá hạn)", "en": "(overdue)"},
    "corrections_text.reason": {"vi": "Lý do", "en": "Reason"},
    "corrections_text.decided_on": {"vi": "Ngày giải quyết", "en": "Decided on"},
    "corrections_text.grounds_for_refusal": {"vi": "Căn cứ từ chối", "en": "Grounds for refusal"},
    "corrections_text.reason_for_refusal": {"vi": "Lý do từ chối", "en": "Reason for refusal"},
    "corrections_text.information_to_be_corrected": {
        "vi": "Thông tin đề nghị điều chỉnh",
        "en": "Information to be corrected",
    },
    "corrections_text.information_2": {"vi": "Thông tin", "en": "Information"},
    "corrections_text.held_when_requested": {"vi": "Đang lưu khi đề nghị", "en": "Held when requested"},
    "corrections_text.held": {"vi": "Đang lưu", "en": "Held"},
    "corrections_text.attached_documents": {"vi": "Giấy tờ kèm theo", "en": "Attached documents"},
    "corrections_text.withdraw_the_request": {"vi": "Rút đề nghị", "en": "Withdraw the request"},
}

MESSAGES |= _MORE_TEXT


# Page text of the templates (labels, headings, buttons, hints): Vietnamese first.
_OFFICER_TEXT: dict[str, dict[str, str]] = {
    "corrections_text.request_2": {"vi": "Đề nghị", "en": "Request"},
    "corrections_text.requests": {"vi": "← Danh sách đề nghị", "en": "← Requests"},
    "corrections_text.correction_request_2": {"vi": "Đề nghị điều chỉnh", "en": "Correction request"},
    "corrections_text.personal_identification_number": {
        "vi": "· Số định danh cá nhân",
        "en": "· Personal identification number",
    },
    "corrections_text.status_3": {"vi": "Trạng thái", "en": "Status"},
    "corrections_text.received_on_3": {"vi": "Ngày tiếp nhận", "en": "Received on"},
    "corrections_text.due_by_4": {"vi": "Hạn giải quyết", "en": "Due by"},
    "corrections_text.overdue_3": {"vi": "(quá hạn)", "en": "(overdue)"},
    "corrections_text.the_citizen_s_reason": {"vi": "Lý do của công dân", "en": "The citizen's reason"},
    "corrections_text.decided_on_2": {"vi": "Ngày giải quyết", "en": "Decided on"},
    "corrections_text.assigned_to_the_commune_police": {
        "vi": "Giao cho Công an cấp xã",
        "en": "Assigned to the commune police",
    },
    "corrections_text.from_the_provincial_police": {
        "vi": "(từ Công an tỉnh",
        "en": "(from the provincial police",
    },
    "corrections_text.grounds_for_refusal_2": {"vi": "Căn cứ từ chối", "en": "Grounds for refusal"},
    "corrections_text.reason_for_refusal_2": {"vi": "Lý do từ chối", "en": "Reason for refusal"},
    "corrections_text.information_to_be_corrected_2": {
        "vi": "Thông tin đề nghị điều chỉnh",
        "en": "Information to be corrected",
    },
    "corrections_text.information_3": {"vi": "Thông tin", "en": "Information"},
    "corrections_text.held_when_requested_2": {"vi": "Đang lưu khi đề nghị", "en": "Held when requested"},
    "corrections_text.held_2": {"vi": "Đang lưu", "en": "Held"},
    "corrections_text.attached_documents_2": {"vi": "Giấy tờ kèm theo", "en": "Attached documents"},
    "corrections_text.the_handling_officer_s_proposal": {
        "vi": "Đề xuất của cán bộ xử lý",
        "en": "The handling officer's proposal",
    },
    "corrections_text.proposes_to_approve": {"vi": "đề xuất chấp thuận", "en": "proposes to approve"},
    "corrections_text.proposes_to_refuse": {"vi": "đề xuất từ chối", "en": "proposes to refuse"},
    "corrections_text.decided": {"vi": "(đã quyết định:", "en": "(decided:"},
    "corrections_text.assign_to_the_commune_police": {
        "vi": "Giao Công an cấp xã giải quyết",
        "en": "Assign to the commune police",
    },
    "corrections_text.the_citizen_s_old_commune_was": {
        "vi": "Xã cũ nơi công dân cư trú đã bị chia tách hoặc chưa có trong bảng chuyển đổi: chọn "
        "Công an cấp xã nơi công dân cư trú (không suy đoán).",
        "en": "The citizen's old commune was split or is not in the conversion table: choose the "
        "commune police where the citizen lives (no guessing).",
    },
    "corrections_text.not_assigned": {"vi": "Chưa giao", "en": "Not assigned"},
    "corrections_text.basis_for_the_commune_address_document": {
        "vi": "Căn cứ xác định xã (địa chỉ, văn bản)",
        "en": "Basis for the commune (address, document)",
    },
    "corrections_text.the_decision_was_not_saved": {
        "vi": "Chưa lưu quyết định",
        "en": "The decision was not saved",
    },
    "corrections_text.write_a_proposal": {"vi": "Lập đề xuất", "en": "Write a proposal"},
    "corrections_text.the_receiving_officer_reports_a_proposal": {
        "vi": "Cán bộ tiếp nhận báo cáo đề xuất Trưởng Công an cấp xã (hoặc cấp phó được giao quyền) "
        "phê duyệt (TT 117/2026 Điều 8 khoản 1 điểm c, khoản 3).",
        "en": "The receiving officer reports a proposal to the head of the commune police (or a "
        "delegated deputy) for approval (Circular 117/2026 Article 8 clause 1 point c, clause "
        "3).",
    },
    "corrections_text.proposal": {"vi": "Đề xuất", "en": "Proposal"},
    "corrections_text.content_of_the_proposal": {"vi": "Nội dung đề xuất", "en": "Content of the proposal"},
    "corrections_text.report_the_proposal": {"vi": "Báo cáo đề xuất", "en": "Report the proposal"},
    "corrections_text.approve": {"vi": "Chấp thuận", "en": "Approve"},
    "corrections_text.the_information_is_corrected_in_the": {
        "vi": "Thông tin được điều chỉnh trong Cơ sở dữ liệu (loại “điều chỉnh”); giá trị cũ vẫn được"
        " giữ trong lịch sử.",
        "en": "The information is corrected in the database (kind “correction”); the old value stays "
        "in the history.",
    },
    "corrections_text.approve_and_correct": {"vi": "Chấp thuận và điều chỉnh", "en": "Approve and correct"},
    "corrections_text.refuse": {"vi": "Từ chối", "en": "Refuse"},
    "corrections_text.reason_sent_to_the_citizen": {
        "vi": "Lý do được gửi cho công dân",
        "en": "Reason sent to the citizen",
    },
}

MESSAGES |= _OFFICER_TEXT


# Outcomes named by a redirect (?notice=…), the proposal's choices, the item picker's messages
_OUTCOMES: dict[str, dict[str, str]] = {
    "corrections_text.notice_approved": {
        "vi": "Đã chấp thuận và điều chỉnh thông tin",
        "en": "Approved; the information was corrected",
    },
    "corrections_text.notice_refused": {"vi": "Đã từ chối đề nghị", "en": "The request was refused"},
    "corrections_text.notice_proposed": {
        "vi": "Đã lập đề xuất và báo cáo Trưởng Công an cấp xã phê duyệt",
        "en": "The proposal was drawn up and reported to the head of the commune police",
    },
    "corrections_text.notice_assigned": {
        "vi": "Đã giao đề nghị cho Công an cấp xã",
        "en": "The request was assigned to the commune police",
    },
    "corrections_text.recommend_approve": {"vi": "Đề xuất chấp thuận", "en": "Propose approval"},
    "corrections_text.recommend_refuse": {"vi": "Đề xuất từ chối", "en": "Propose refusal"},
    "corrections_text.choose_an_item_in_the_list": {
        "vi": "Hãy chọn một thông tin trong danh sách",
        "en": "Choose an item from the list",
    },
    "corrections_text.choose_an_item": {"vi": "Hãy chọn một thông tin", "en": "Choose an item"},
}
MESSAGES |= _OUTCOMES
