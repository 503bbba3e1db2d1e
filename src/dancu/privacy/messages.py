"""Messages of the data subject's rights, breaches and retention (Vietnamese first)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "privacy.not_found": {"vi": "Không tìm thấy yêu cầu {reference}", "en": "Request {reference} not found"},
    "privacy.breach_not_found": {
        "vi": "Không tìm thấy vụ vi phạm {reference}",
        "en": "Breach {reference} not found",
    },
    "privacy.transition_not_allowed": {
        "vi": "Yêu cầu đang ở trạng thái {status_from}, không thể chuyển sang {status_to}",
        "en": "The request is {status_from} and cannot become {status_to}",
    },
    "privacy.restriction_not_found": {"vi": "Không tìm thấy hạn chế xử lý", "en": "Restriction not found"},
    "privacy.restriction_lifted": {
        "vi": "Hạn chế xử lý này đã được bãi bỏ",
        "en": "This restriction has already been lifted",
    },
    "privacy.closed": {"vi": "Yêu cầu {reference} đã kết thúc", "en": "Request {reference} is closed"},
    "privacy.already_extended": {
        "vi": "Yêu cầu {reference} đã được gia hạn một lần",
        "en": "Request {reference} has already been extended once",
    },
    "privacy.breach_already_notified": {
        "vi": "Vụ vi phạm {reference} đã được thông báo",
        "en": "Breach {reference} has already been notified",
    },
    "privacy.breach_is_closed": {
        "vi": "Vụ vi phạm {reference} đã kết thúc",
        "en": "Breach {reference} is closed",
    },
    "privacy.withdrawn_text": {
        "vi": "Chủ thể dữ liệu đã rút yêu cầu; yêu cầu kết thúc, không có xử lý nào được thực hiện.",
        "en": "The data subject withdrew the request; it ends and nothing was done.",
    },
    "privacy.notice_filed": {
        "vi": "Đã tiếp nhận yêu cầu {reference}; hạn trả lời: {due_on}",
        "en": "Request {reference} received; reply due by {due_on}",
    },
    "privacy.notice_acknowledged": {
        "vi": "Yêu cầu {reference} đã được xác nhận và đang giải quyết; hạn trả lời: {due_on}",
        "en": "Request {reference} is acknowledged and in progress; reply due by {due_on}",
    },
    "privacy.notice_extended": {
        "vi": "Yêu cầu {reference} được gia hạn đến {due_on}",
        "en": "Request {reference} is extended to {due_on}",
    },
    "privacy.notice_granted": {
        "vi": "Yêu cầu {reference} đã được thực hiện; xem văn bản trả lời",
        "en": "Request {reference} was granted; see the written reply",
    },
    "privacy.notice_refused": {
        "vi": "Yêu cầu {reference} không được chấp nhận; xem văn bản trả lời nêu rõ lý do",
        "en": "Request {reference} was refused; see the written reply with reasons",
    },
    "rule.privacy.not_grantable": {
        "vi": "{field}: yêu cầu loại {kind} đối với phạm vi {scope} không thực hiện được theo luật; "
        "hãy từ chối bằng văn bản nêu rõ lý do",
        "en": "{field}: a {kind} request about {scope} cannot be carried out under the law; "
        "refuse it in writing with reasons",
    },
    "rule.privacy.not_own": {
        "vi": "{field}: đây không phải yêu cầu của bạn",
        "en": "{field}: this is not your request",
    },
    "rule.privacy.subject_unknown": {
        "vi": "{field}: không tìm thấy công dân với số định danh này",
        "en": "{field}: no citizen has this PIN",
    },
    "rule.privacy.subject_mismatch": {
        "vi": "{field}: họ tên không khớp với số định danh",
        "en": "{field}: the name does not match the PIN",
    },
    "rule.privacy.late_reason_required": {
        "vi": "{field}: thông báo sau 72 giờ phải nêu lý do chậm",
        "en": "{field}: a notification after 72 hours must give the reason for the delay",
    },
    "rule.privacy.notify_before_closing": {
        "vi": "{field}: vụ vi phạm có nguy cơ gây hại phải được thông báo trước khi kết thúc",
        "en": "{field}: a breach that may cause harm must be notified before it is closed",
    },
    "rule.privacy.detected_in_future": {
        "vi": "{field}: thời điểm không được ở tương lai",
        "en": "{field}: the time cannot be in the future",
    },
    "rule.privacy.occurred_after_detected": {
        "vi": "{field}: thời điểm xảy ra phải trước thời điểm phát hiện",
        "en": "{field}: the breach must occur before it is detected",
    },
    "rule.datetime_parsing": {
        "vi": "{field} phải là ngày giờ hợp lệ",
        "en": "{field} must be a valid date and time",
    },
    "rule.timezone_aware": {
        "vi": "{field} phải ghi rõ múi giờ (ví dụ +07:00)",
        "en": "{field} must carry a time zone (for example +07:00)",
    },
    "rule.datetime_from_date_parsing": {
        "vi": "{field} phải là ngày giờ hợp lệ",
        "en": "{field} must be a valid date and time",
    },
    "enum.right_kind.access": {"vi": "Xem, cung cấp dữ liệu", "en": "Access"},
    "enum.right_kind.correction": {"vi": "Chỉnh sửa dữ liệu", "en": "Correction"},
    "enum.right_kind.deletion": {"vi": "Xóa dữ liệu", "en": "Deletion"},
    "enum.right_kind.restriction": {"vi": "Hạn chế xử lý dữ liệu", "en": "Restriction of processing"},
    "enum.right_kind.objection": {"vi": "Phản đối xử lý dữ liệu", "en": "Objection to processing"},
    "enum.data_scope.register": {
        "vi": "Thông tin trong Cơ sở dữ liệu quốc gia về dân cư",
        "en": "Information in the National Population Database",
    },
    "enum.data_scope.access_log": {"vi": "Nhật ký truy cập, khai thác", "en": "The access log"},
    "enum.data_scope.consent_provision": {
        "vi": "Cung cấp thông tin cho tổ chức, cá nhân khi có sự đồng ý",
        "en": "Provision to organisations and individuals on consent",
    },
    "enum.data_scope.notifications": {
        "vi": "Thông báo trong ứng dụng định danh",
        "en": "Notifications in the identity app",
    },
    "enum.right_status.submitted": {"vi": "Đã tiếp nhận", "en": "Received"},
    "enum.right_status.acknowledged": {"vi": "Đang giải quyết", "en": "Acknowledged"},
    "enum.right_status.granted": {"vi": "Đã thực hiện", "en": "Granted"},
    "enum.right_status.refused": {"vi": "Từ chối, có lý do", "en": "Refused with reasons"},
    "enum.right_status.withdrawn": {"vi": "Đã rút yêu cầu", "en": "Withdrawn"},
    "enum.right_refusal_ground.statutory_register": {
        "vi": "Thông tin trong Cơ sở dữ liệu quốc gia về dân cư được lưu giữ đầy đủ theo luật "
        "(Luật Căn cước Điều 8 khoản 6)",
        "en": "The register keeps its information in full by law (Identity Law Art. 8(6))",
    },
    "enum.right_refusal_ground.required_by_law": {
        "vi": "Việc xử lý dữ liệu do luật quy định (Luật Bảo vệ dữ liệu cá nhân Điều 14 khoản 2, Điều 19)",
        "en": "The processing is required by law (PDP Law Art. 14(2), Art. 19)",
    },
    "enum.right_refusal_ground.own_procedure": {
        "vi": "Yêu cầu được giải quyết theo thủ tục riêng "
        "(điều chỉnh thông tin DC02; khai thác thông tin của mình)",
        "en": "The request has its own procedure (DC02 correction; own-data exploitation)",
    },
    "enum.right_refusal_ground.not_established": {
        "vi": "Không xác định được nội dung yêu cầu hoặc người yêu cầu",
        "en": "The request or the requester could not be established",
    },
    "enum.right_refusal_ground.other": {"vi": "Lý do khác", "en": "Other reason"},
    "enum.breach_status.open": {"vi": "Đang xử lý", "en": "Open"},
    "enum.breach_status.notified": {"vi": "Đã thông báo", "en": "Notified"},
    "enum.breach_status.closed": {"vi": "Đã kết thúc", "en": "Closed"},
}


# Page text of the templates (labels, headings, buttons, hints): Vietnamese first.
_TEXT: dict[str, dict[str, str]] = {
    "privacy_text.your_data_rights": {"vi": "Quyền của chủ thể dữ liệu", "en": "Your data rights"},
    "privacy_text.your_rights_over_your_personal_data": {
        "vi": "Quyền của chủ thể dữ liệu cá nhân",
        "en": "Your rights over your personal data",
    },
    "privacy_text.you_may_ask_to_see_correct": {
        "vi": "Bạn có quyền yêu cầu xem, chỉnh sửa, xóa, hạn chế xử lý hoặc phản đối xử lý dữ liệu cá"
        " nhân của mình (Luật Bảo vệ dữ liệu cá nhân 91/2025 Điều 4). Yêu cầu được xác nhận "
        "trong 02 ngày làm việc và trả lời bằng văn bản. Thông tin trong Cơ sở dữ liệu quốc gia"
        " về dân cư được lưu giữ đầy đủ theo Luật Căn cước: để sửa thông tin sai, hãy dùng",
        "en": "You may ask to see, correct, erase, restrict or object to the processing of your "
        "personal data (Personal Data Protection Law 91/2025 Article 4). A request is "
        "acknowledged within 2 working days and answered in writing. The National Population "
        "Database keeps its information in full under the Law on Identification: to correct "
        "wrong information, use",
    },
    "privacy_text.ask_for_a_correction": {"vi": "đề nghị điều chỉnh", "en": "ask for a correction"},
    "privacy_text.in_force_organisations_and_people_asking": {
        "vi": "Đang có hiệu lực — tổ chức, cá nhân đề nghị khai thác thông tin của bạn khi cần sự "
        "đồng ý sẽ bị từ chối:",
        "en": "In force — organisations and people asking to use your information where consent is "
        "needed will be refused:",
    },
    "privacy_text.lift": {"vi": "Bãi bỏ", "en": "Lift"},
    "privacy_text.the_request_could_not_be_sent": {
        "vi": "Chưa gửi được yêu cầu",
        "en": "The request could not be sent",
    },
    "privacy_text.kind_of_request": {"vi": "Loại yêu cầu", "en": "Kind of request"},
    "privacy_text.scope": {"vi": "Phạm vi", "en": "Scope"},
    "privacy_text.what_you_ask": {"vi": "Nội dung yêu cầu", "en": "What you ask"},
    "privacy_text.send_the_request": {"vi": "Gửi yêu cầu", "en": "Send the request"},
    "privacy_text.my_requests": {"vi": "Các yêu cầu của tôi", "en": "My requests"},
    "privacy_text.no": {"vi": "Số", "en": "No."},
    "privacy_text.received_on": {"vi": "Ngày tiếp nhận", "en": "Received on"},
    "privacy_text.answer_by": {"vi": "Hạn trả lời", "en": "Answer by"},
    "privacy_text.status": {"vi": "Trạng thái", "en": "Status"},
    "privacy_text.you_have_no_requests": {"vi": "Bạn chưa có yêu cầu nào.", "en": "You have no requests."},
    "privacy_text.request": {"vi": "Yêu cầu", "en": "Request"},
    "privacy_text.request_sent": {"vi": "Đã gửi yêu cầu", "en": "Request sent"},
    "privacy_text.answer_due_by": {"vi": ". Hạn trả lời:", "en": ". Answer due by:"},
    "privacy_text.your_data_rights_2": {"vi": "← Quyền của chủ thể dữ liệu", "en": "← Your data rights"},
    "privacy_text.content": {"vi": "Nội dung", "en": "Content"},
    "privacy_text.extended": {"vi": "(đã gia hạn)", "en": "(extended)"},
    "privacy_text.grounds_for_refusal": {"vi": "Căn cứ từ chối", "en": "Grounds for refusal"},
    "privacy_text.answer": {"vi": "Nội dung trả lời", "en": "Answer"},
    "privacy_text.written_answer": {"vi": "Văn bản trả lời", "en": "Written answer"},
    "privacy_text.see_it_under_documents": {"vi": "Xem trong mục Giấy tờ", "en": "See it under Documents"},
    "privacy_text.withdraw_the_request": {"vi": "Rút yêu cầu", "en": "Withdraw the request"},
}

MESSAGES |= _TEXT
