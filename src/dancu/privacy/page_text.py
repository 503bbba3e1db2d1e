"""Page texts of the templates (labels, headings, buttons, hints): Vietnamese first."""

from __future__ import annotations

# privacy/templates/queue.html
_RIGHTS_TEXT: dict[str, dict[str, str]] = {
    "rights_text.content_of_the_request": {"vi": "Nội dung yêu cầu", "en": "Content of the request"},
    "rights_text.full_name": {"vi": "Họ, chữ đệm và tên", "en": "Full name"},
    "rights_text.kind_of_request": {"vi": "Loại yêu cầu", "en": "Kind of request"},
    "rights_text.personal_identification_number": {
        "vi": "Số định danh cá nhân",
        "en": "Personal identification number",
    },
    "rights_text.register": {"vi": "Tiếp nhận", "en": "Register"},
    "rights_text.register_a_data_subject_s_request_made": {
        "vi": "Tiếp nhận yêu cầu của chủ thể dữ liệu trên giấy",
        "en": "Register a data subject's request made on paper",
    },
    "rights_text.register_a_paper_request": {
        "vi": "Tiếp nhận yêu cầu trên giấy",
        "en": "Register a paper request",
    },
    "rights_text.registered_request": {
        "vi": "Đã tiếp nhận yêu cầu {ref}.",
        "en": "Request {ref} registered.",
    },
    "rights_text.scope": {"vi": "Phạm vi", "en": "Scope"},
    "rights_text.the_request_is_passed_to_the_identity": {
        "vi": "Yêu cầu được chuyển Cơ quan quản lý căn cước Bộ Công an giải quyết; chủ thể nhận "
        "thông báo và văn bản trả lời.",
        "en": "The request is passed to the Identity Management Agency of the Ministry of Public "
        "Security to decide; the data subject receives a notice and the written reply.",
    },
    "rights_text.the_request_was_not_registered": {
        "vi": "Chưa tiếp nhận được yêu cầu",
        "en": "The request was not registered",
    },
    "rights_text.acknowledge_by": {"vi": "Hạn xác nhận", "en": "Acknowledge by"},
    "rights_text.acknowledge_extend": {"vi": "Xác nhận, gia hạn", "en": "Acknowledge, extend"},
    "rights_text.acknowledge_receipt": {"vi": "Xác nhận tiếp nhận", "en": "Acknowledge receipt"},
    "rights_text.by_law_a_request_of_this_kind": {
        "vi": "Theo luật, yêu cầu loại này đối với phạm vi này không thực hiện được; hãy trả lời từ "
        "chối bằng văn bản nêu rõ lý do.",
        "en": "By law a request of this kind cannot be carried out for this scope; reply with a "
        "written refusal stating the reasons.",
    },
    "rights_text.carry_out_and_reply": {"vi": "Thực hiện và trả lời", "en": "Carry out and reply"},
    "rights_text.carry_out_the_request": {"vi": "Thực hiện yêu cầu", "en": "Carry out the request"},
    "rights_text.content": {"vi": "Nội dung", "en": "Content"},
    "rights_text.data_subject_s_request": {
        "vi": "Yêu cầu của chủ thể dữ liệu",
        "en": "Data subject's request",
    },
    "rights_text.download_the_document": {"vi": "Tải văn bản", "en": "Download the document"},
    "rights_text.extend": {"vi": "Gia hạn", "en": "Extend"},
    "rights_text.extended": {"vi": "(đã gia hạn)", "en": "(extended)"},
    "rights_text.ground_for_refusal": {"vi": "Căn cứ từ chối", "en": "Ground for refusal"},
    "rights_text.list_of_requests": {"vi": "← Danh sách yêu cầu", "en": "← List of requests"},
    "rights_text.may_be_extended_once": {"vi": "Được gia hạn một lần", "en": "May be extended once"},
    "rights_text.overdue_2": {"vi": "(quá hạn)", "en": "(overdue)"},
    "rights_text.reason_for_the_extension": {"vi": "Lý do gia hạn", "en": "Reason for the extension"},
    "rights_text.received_on": {"vi": "Ngày tiếp nhận", "en": "Received on"},
    "rights_text.refuse": {"vi": "Từ chối", "en": "Refuse"},
    "rights_text.reply_by": {"vi": "Hạn trả lời", "en": "Reply by"},
    "rights_text.reply_document": {"vi": "Văn bản trả lời", "en": "Reply document"},
    "rights_text.request": {"vi": "Yêu cầu", "en": "Request"},
    "rights_text.specific_reasons": {"vi": "Lý do cụ thể", "en": "Specific reasons"},
    "rights_text.status": {"vi": "Trạng thái", "en": "Status"},
    "rights_text.text_of_the_reply": {"vi": "Nội dung trả lời", "en": "Text of the reply"},
    "rights_text.the_decision_was_not_saved": {
        "vi": "Chưa lưu quyết định",
        "en": "The decision was not saved",
    },
    "rights_text.what_was_done": {"vi": "Nội dung đã thực hiện", "en": "What was done"},
    "rights_text.written_into_the_reply_sent_to_the": {
        "vi": "Ghi vào văn bản trả lời gửi chủ thể dữ liệu",
        "en": "Written into the reply sent to the data subject",
    },
    "rights_text.data_subject": {"vi": "Chủ thể", "en": "Data subject"},
    "rights_text.data_subjects_requests": {
        "vi": "Yêu cầu của chủ thể dữ liệu",
        "en": "Data subjects' requests",
    },
    "rights_text.no": {"vi": "Số", "en": "No."},
    "rights_text.no_requests": {"vi": "Không có yêu cầu nào.", "en": "No requests."},
    "rights_text.overdue": {"vi": "quá hạn", "en": "overdue"},
    "rights_text.requests_from_data_subjects": {
        "vi": "Yêu cầu của chủ thể dữ liệu cá nhân",
        "en": "Requests from data subjects",
    },
    "rights_text.requests_to_see_correct_erase_restrict_or": {
        "vi": "Yêu cầu xem, chỉnh sửa, xóa, hạn chế xử lý, phản đối xử lý dữ liệu (Luật Bảo vệ dữ "
        "liệu cá nhân 91/2025 Điều 4; Nghị định 356/2025 Điều 5). Xác nhận tiếp nhận trong 02 "
        "ngày làm việc; trả lời trong thời hạn của từng loại yêu cầu. Dòng tô đỏ là đã quá hạn.",
        "en": "Requests to see, correct, erase, restrict or object to the processing of data "
        "(Personal Data Protection Law 91/2025 Article 4; Decree 356/2025 Article 5). "
        "Acknowledge receipt within 2 working days; reply within the time limit of each kind "
        "of request. Rows in red are overdue.",
    },
    "rights_text.show_closed_requests_too": {
        "vi": "Hiện cả yêu cầu đã giải quyết",
        "en": "Show closed requests too",
    },
    "rights_text.show_only_open_requests": {
        "vi": "Chỉ hiện yêu cầu chờ giải quyết",
        "en": "Show only open requests",
    },
}


# privacy/templates/breaches.html
_BREACH_TEXT: dict[str, dict[str, str]] = {
    "breach_text.breach": {"vi": "Vụ vi phạm", "en": "Breach"},
    "breach_text.close": {"vi": "Kết thúc", "en": "Close"},
    "breach_text.close_the_breach": {"vi": "Kết thúc vụ vi phạm", "en": "Close the breach"},
    "breach_text.description": {"vi": "Mô tả", "en": "Description"},
    "breach_text.detected_at": {"vi": "Phát hiện lúc", "en": "Detected at"},
    "breach_text.download_the_document": {"vi": "Tải văn bản", "en": "Download the document"},
    "breach_text.draw_up_and_send_the_notice": {
        "vi": "Lập và gửi thông báo",
        "en": "Draw up and send the notice",
    },
    "breach_text.groups_of_data_subjects": {"vi": "Nhóm chủ thể", "en": "Groups of data subjects"},
    "breach_text.hours_left_n": {"vi": "— còn {hours} giờ", "en": "— {hours} hours left"},
    "breach_text.kinds_of_data": {"vi": "Loại dữ liệu", "en": "Kinds of data"},
    "breach_text.measures": {"vi": "Biện pháp", "en": "Measures"},
    "breach_text.not_saved": {"vi": "Chưa lưu", "en": "Not saved"},
    "breach_text.notice": {"vi": "Thông báo", "en": "Notice"},
    "breach_text.notified": {"vi": "Đã thông báo", "en": "Notified"},
    "breach_text.notify_by_72_hours": {"vi": "Hạn thông báo (72 giờ)", "en": "Notify by (72 hours)"},
    "breach_text.notify_the_competent_authority": {
        "vi": "Thông báo cơ quan chuyên trách",
        "en": "Notify the competent authority",
    },
    "breach_text.overdue_2": {"vi": "(quá hạn)", "en": "(overdue)"},
    "breach_text.reason_for_notifying_after_72_hours": {
        "vi": "Lý do thông báo sau 72 giờ",
        "en": "Reason for notifying after 72 hours",
    },
    "breach_text.reason_for_the_delay": {"vi": "— lý do chậm:", "en": "— reason for the delay:"},
    "breach_text.receiving_authority": {"vi": "Cơ quan nhận", "en": "Receiving authority"},
    "breach_text.register_of_breaches": {"vi": "← Sổ theo dõi vi phạm", "en": "← Register of breaches"},
    "breach_text.save": {"vi": "Lưu", "en": "Save"},
    "breach_text.status": {"vi": "Trạng thái", "en": "Status"},
    "breach_text.update_the_measures": {"vi": "Cập nhật biện pháp", "en": "Update the measures"},
    "breach_text.description_of_the_breach": {"vi": "Mô tả vi phạm", "en": "Description of the breach"},
    "breach_text.detected_at_hanoi_time": {
        "vi": "Thời điểm phát hiện (giờ Hà Nội)",
        "en": "Detected at (Hanoi time)",
    },
    "breach_text.groups_of_data_subjects_affected_one_per": {
        "vi": "Nhóm chủ thể bị ảnh hưởng (mỗi dòng một nhóm)",
        "en": "Groups of data subjects affected (one per line)",
    },
    "breach_text.kinds_of_data_affected_one_per_line": {
        "vi": "Loại dữ liệu bị ảnh hưởng (mỗi dòng một loại)",
        "en": "Kinds of data affected (one per line)",
    },
    "breach_text.may_harm_security_and_order_or_the": {
        "vi": "Có thể gây hại cho an ninh, trật tự hoặc tính mạng, sức khỏe, danh dự, tài sản của chủ thể",
        "en": "May harm security and order or the data subjects' life, health, honour or property",
    },
    "breach_text.measures_taken": {"vi": "Biện pháp đã thực hiện", "en": "Measures taken"},
    "breach_text.not_recorded": {"vi": "Chưa ghi nhận được", "en": "Not recorded"},
    "breach_text.number_of_data_subjects_estimate": {
        "vi": "Số chủ thể (ước tính)",
        "en": "Number of data subjects (estimate)",
    },
    "breach_text.occurred_at_if_known": {"vi": "Thời điểm xảy ra (nếu biết)", "en": "Occurred at (if known)"},
    "breach_text.record": {"vi": "Ghi nhận", "en": "Record"},
    "breach_text.record_a_breach": {"vi": "Ghi nhận vụ vi phạm", "en": "Record a breach"},
    "breach_text.record_a_personal_data_breach": {
        "vi": "Ghi nhận vụ vi phạm dữ liệu cá nhân",
        "en": "Record a personal data breach",
    },
    "breach_text.detected": {"vi": "Phát hiện", "en": "Detected"},
    "breach_text.hours_left": {"vi": "Còn lại (giờ)", "en": "Hours left"},
    "breach_text.hours_left_2": {"vi": "Còn lại", "en": "Hours left"},
    "breach_text.no": {"vi": "Số", "en": "No."},
    "breach_text.no_breaches": {"vi": "Không có vụ vi phạm nào.", "en": "No breaches."},
    "breach_text.notify_by": {"vi": "Hạn thông báo", "en": "Notify by"},
    "breach_text.notify_within_hours": {
        "vi": "Thông báo cơ quan chuyên trách bảo vệ dữ liệu cá nhân của Bộ Công an chậm nhất "
        "{hours} giờ kể từ khi phát hiện vi phạm (Luật Bảo vệ dữ liệu cá nhân 91/2025 Điều 23 "
        "khoản 1). Dòng tô đỏ là đã quá hạn thông báo.",
        "en": "Notify the Ministry of Public Security's personal data protection authority within "
        "{hours} hours of detecting a breach (Personal Data Protection Law 91/2025 Article "
        "23(1)). Rows in red are past the notification deadline.",
    },
    "breach_text.overdue": {"vi": "quá hạn", "en": "overdue"},
    "breach_text.register_of_personal_data_breaches": {
        "vi": "Sổ theo dõi vi phạm dữ liệu cá nhân",
        "en": "Register of personal data breaches",
    },
    "breach_text.show_closed_breaches_too": {
        "vi": "Hiện cả vụ đã kết thúc",
        "en": "Show closed breaches too",
    },
    "breach_text.show_only_open_breaches": {
        "vi": "Chỉ hiện vụ chưa kết thúc",
        "en": "Show only open breaches",
    },
}


# The outcome a redirect names (?notice=…)
_NOTICE_TEXT: dict[str, dict[str, str]] = {
    "rights_text.notice_acknowledged": {
        "vi": "Đã xác nhận tiếp nhận và thông báo thủ tục cho chủ thể dữ liệu",
        "en": "Receipt acknowledged and the procedure explained to the data subject",
    },
    "rights_text.notice_extended": {"vi": "Đã gia hạn", "en": "Extended"},
    "rights_text.notice_granted": {
        "vi": "Đã thực hiện yêu cầu và gửi văn bản trả lời",
        "en": "The request was carried out and the reply sent",
    },
    "rights_text.notice_refused": {
        "vi": "Đã từ chối và gửi văn bản trả lời nêu rõ lý do",
        "en": "Refused; the reply stating the reasons was sent",
    },
    "rights_text.notice_filed": {
        "vi": "Đã tiếp nhận yêu cầu trên giấy",
        "en": "The paper request was registered",
    },
    "breach_text.notice_recorded": {"vi": "Đã ghi nhận vụ vi phạm", "en": "The breach was recorded"},
    "breach_text.notice_measures": {"vi": "Đã cập nhật biện pháp", "en": "The measures were updated"},
    "breach_text.notice_notified": {
        "vi": "Đã lập thông báo gửi cơ quan chuyên trách",
        "en": "The notice to the competent authority was drawn up",
    },
    "breach_text.notice_closed": {"vi": "Đã kết thúc vụ vi phạm", "en": "The breach was closed"},
}


PAGE_TEXT: dict[str, dict[str, str]] = {**_RIGHTS_TEXT, **_BREACH_TEXT, **_NOTICE_TEXT}
