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


# Page text of the templates (labels, headings, buttons, hints): Vietnamese first.
_TEXT: dict[str, dict[str, str]] = {
    "lookup_text.look_up_a_citizen_s_information": {
        "vi": "Tra cứu thông tin công dân",
        "en": "Look up a citizen's information",
    },
    "lookup_text.lookup_result": {"vi": "Kết quả tra cứu", "en": "Lookup result"},
    "lookup_text.access_log_receipt": {"vi": "Mã biên nhận nhật ký truy cập:", "en": "Access log receipt:"},
    "lookup_text.information": {"vi": "Thông tin", "en": "Information"},
    "lookup_text.value": {"vi": "Giá trị", "en": "Value"},
    "lookup_text.the_register_holds_no_value_for": {
        "vi": "Sổ không có giá trị cho các thông tin đã chọn.",
        "en": "The register holds no value for the chosen items.",
    },
    "lookup_text.enter_the_person_s_full_name": {
        "vi": "Nhập đủ họ, chữ đệm và tên, ngày sinh và số định danh cá nhân của người cần tra cứu "
        "(Nghị định 70/2024/NĐ-CP Điều 10 khoản 1). Mỗi lần tra cứu được ghi vào nhật ký truy "
        "cập và công dân xem được.",
        "en": "Enter the person's full name, date of birth and personal identification number (Decree"
        " 70/2024/NĐ-CP Article 10 clause 1). Every lookup is written to the access log, which "
        "the citizen can see.",
    },
    "lookup_text.the_lookup_could_not_be_done": {
        "vi": "Chưa tra cứu được",
        "en": "The lookup could not be done",
    },
    "lookup_text.full_name_family_middle_and_given": {
        "vi": "Họ, chữ đệm và tên",
        "en": "Full name (family, middle and given names)",
    },
    "lookup_text.date_of_birth": {"vi": "Ngày sinh", "en": "Date of birth"},
    "lookup_text.personal_identification_number": {
        "vi": "Số định danh cá nhân",
        "en": "Personal identification number",
    },
    "lookup_text.purpose_of_the_lookup": {"vi": "Mục đích tra cứu", "en": "Purpose of the lookup"},
    "lookup_text.say_what_the_information_is_needed": {
        "vi": "Ghi rõ công việc cần thông tin (ít nhất 3 ký tự)",
        "en": "Say what the information is needed for (at least 3 characters)",
    },
    "lookup_text.information_wanted_within_your_permitted_scope": {
        "vi": "Thông tin cần nhận (trong phạm vi được giao)",
        "en": "Information wanted (within your permitted scope)",
    },
    "lookup_text.choose_none_to_receive_everything_within": {
        "vi": "Không chọn mục nào: nhận mọi thông tin trong phạm vi được giao.",
        "en": "Choose none to receive everything within your permitted scope.",
    },
    "lookup_text.look_up": {"vi": "Tra cứu", "en": "Look up"},
    "lookup_text.verify_information": {"vi": "Xác thực thông tin", "en": "Verify information"},
    "lookup_text.results": {"vi": "Kết quả", "en": "Results"},
    "lookup_text.yes": {"vi": "Có", "en": "Yes"},
    "lookup_text.no": {"vi": "Không", "en": "No"},
    "lookup_text.the_answer_is_only_yes_or": {
        "vi": "Câu trả lời chỉ là “Có” hoặc “Không”, không kèm dữ liệu. Câu hỏi được ghi vào nhật ký "
        "truy cập như mọi lần truy cập.",
        "en": "The answer is only “Yes” or “No”, with no data. The question is written to the access "
        "log like every access.",
    },
    "lookup_text.the_verification_could_not_be_done": {
        "vi": "Chưa xác thực được",
        "en": "The verification could not be done",
    },
    "lookup_text.question": {"vi": "Câu hỏi", "en": "Question"},
    "lookup_text.name_and_date_of_birth_match": {
        "vi": "Họ tên và ngày sinh khớp với số định danh",
        "en": "Name and date of birth match the identification number",
    },
    "lookup_text.old_enough": {"vi": "Đủ tuổi", "en": "Old enough"},
    "lookup_text.age": {"vi": "Số tuổi", "en": "Age"},
    "lookup_text.as_of": {"vi": "Tính đến ngày", "en": "As of"},
    "lookup_text.empty_today": {"vi": "Để trống: hôm nay", "en": "Empty: today"},
    "lookup_text.permanent_residence_in_an_administrative_unit": {
        "vi": "Thường trú tại đơn vị hành chính",
        "en": "Permanent residence in an administrative unit",
    },
    "lookup_text.administrative_unit_code": {"vi": "Mã đơn vị hành chính", "en": "Administrative unit code"},
    "lookup_text.code_table": {"vi": "Bảng mã", "en": "Code table"},
    "lookup_text.before_2025": {"vi": "Trước 2025", "en": "Before 2025"},
    "lookup_text.purpose": {"vi": "Mục đích", "en": "Purpose"},
    "lookup_text.verify": {"vi": "Xác thực", "en": "Verify"},
    "lookup_text.verification_request": {"vi": "Yêu cầu xác thực —", "en": "Verification request —"},
    "lookup_text.asks_to_verify_your_information": {
        "vi": "đề nghị xác thực thông tin của bạn",
        "en": "asks to verify your information",
    },
    "lookup_text.only_a_yes_or_no_to": {
        "vi": "Chỉ trả lời “có” hoặc “không” cho một câu hỏi này; không cung cấp giá trị thông tin. "
        "Mỗi câu hỏi cần sự đồng ý riêng (Nghị định 70/2024/NĐ-CP Điều 9 khoản 5).",
        "en": "Only a “yes” or “no” to this one question; no values are given. Each question needs "
        "its own consent (Decree 70/2024/NĐ-CP Article 9 clause 5).",
    },
    "lookup_text.information_checked": {"vi": "Thông tin được đối chiếu", "en": "Information checked"},
    "lookup_text.permit": {"vi": "Giấy phép khai thác", "en": "Permit"},
    "lookup_text.answer_by": {"vi": "Hạn trả lời", "en": "Answer by"},
    "lookup_text.request_code": {"vi": "Mã yêu cầu", "en": "Request code"},
    "lookup_text.status": {"vi": "Trạng thái", "en": "Status"},
    "lookup_text.consent_to_this_question": {
        "vi": "Đồng ý cho câu hỏi này",
        "en": "Consent to this question",
    },
    "lookup_text.refuse": {"vi": "Không đồng ý", "en": "Refuse"},
}

MESSAGES |= _TEXT

MESSAGES |= {
    "lookup_notice.approve": {
        "vi": "Đã ghi nhận sự đồng ý của bạn cho câu hỏi này.",
        "en": "Your consent to this question is recorded.",
    },
    "lookup_notice.decline": {
        "vi": "Đã ghi nhận: bạn không đồng ý; câu hỏi sẽ không được trả lời.",
        "en": "Recorded: you refuse; the question will not be answered.",
    },
}

MESSAGES |= {
    "lookup_question.identity_match": {
        "vi": "Họ tên và ngày sinh có khớp với số định danh cá nhân không?",
        "en": "Do the name and date of birth match the personal identification number?",
    },
    "lookup_question.age_at_least": {
        "vi": "Người này đã đủ số tuổi không?",
        "en": "Has this person reached the age?",
    },
    "lookup_question.permanent_residence_in": {
        "vi": "Người này có nơi thường trú tại đơn vị hành chính không?",
        "en": "Is this person's permanent residence in the administrative unit?",
    },
}
