"""Messages of the undetermined-nationality procedure and the identity certificate (Vietnamese first)."""

from __future__ import annotations

_ERRORS: dict[str, dict[str, str]] = {
    "undetermined.not_found": {
        "vi": "Không tìm thấy hồ sơ {reference}",
        "en": "Dossier {reference} not found",
    },
    "undetermined.certificate_not_found": {
        "vi": "Không tìm thấy giấy chứng nhận căn cước {number}",
        "en": "Identity certificate {number} not found",
    },
    "undetermined.transition_not_allowed": {
        "vi": "Hồ sơ đang ở trạng thái {status_from}, không thể chuyển sang {status_to}",
        "en": "The dossier is {status_from} and cannot become {status_to}",
    },
    "undetermined.not_accepted": {
        "vi": "Hồ sơ {reference} chưa được thu thập vào Cơ sở dữ liệu quốc gia về dân cư",
        "en": "Dossier {reference} has not been collected into the National Population Database",
    },
    "undetermined.certificate_exists": {
        "vi": "Đã cấp giấy chứng nhận căn cước cho hồ sơ {reference}; dùng cấp đổi, cấp lại",
        "en": "An identity certificate was already issued for dossier {reference}; renew it instead",
    },
    "undetermined.certificate_by_c06": {
        "vi": "Chỉ cơ quan quản lý căn cước Bộ Công an cấp, gửi giấy chứng nhận căn cước (Nghị định "
        "70/2024/NĐ-CP "
        "Điều 24 khoản 7, 8)",
        "en": "Only the MPS identity agency issues and sends identity certificates (Decree 70/2024 "
        "Article 24(7), (8))",
    },
    "undetermined.certificate_not_issued": {
        "vi": "Giấy chứng nhận {number} không ở trạng thái vừa cấp, không gửi được",
        "en": "Certificate {number} is not newly issued and cannot be sent",
    },
    "undetermined.certificate_not_sent": {
        "vi": "Giấy chứng nhận {number} chưa được gửi về đơn vị, chưa trả được",
        "en": "Certificate {number} has not been sent to the unit and cannot be handed over",
    },
    "undetermined.no_certificate": {
        "vi": "Người này chưa có giấy chứng nhận căn cước còn hiệu lực để cấp đổi, cấp lại",
        "en": "This person holds no identity certificate to renew",
    },
    "collect.undetermined_needs_verification": {
        "vi": "Người gốc Việt Nam chưa xác định được quốc tịch phải được kiểm tra, xác minh trước "
        "khi thu thập: "
        "lập hồ sơ theo Nghị định 70/2024/NĐ-CP Điều 24 (sửa đổi bởi Nghị định 58/2026/NĐ-CP)",
        "en": "A person of Vietnamese origin with undetermined nationality is verified before being "
        "collected: "
        "open a dossier under Decree 70/2024 Article 24 (as amended by Decree 58/2026)",
    },
    "rule.undetermined.nationality_xx": {
        "vi": "{field}: hồ sơ này chỉ dành cho người chưa xác định được quốc tịch (XX)",
        "en": "{field}: this dossier is only for a person of undetermined nationality (XX)",
    },
    "rule.undetermined.biometrics_missing": {
        "vi": "{field}: phải thu nhận vân tay, ảnh khuôn mặt và mống mắt (trừ người dưới 06 tuổi) — "
        "Điều 24 khoản 3",
        "en": "{field}: fingerprints, face and iris (except under 6) must be taken — Article 24(3)",
    },
    "rule.undetermined.not_verifying": {
        "vi": "{field}: hồ sơ không đang trong thời gian kiểm tra, xác minh",
        "en": "{field}: the dossier is not under verification",
    },
    "rule.undetermined.extension_too_long": {
        "vi": "{field}: trường hợp phức tạp kéo dài không quá {max_days} ngày",
        "en": "{field}: a complex case is extended to at most {max_days} days",
    },
    "rule.undetermined.extension_not_later": {
        "vi": "{field}: thời hạn gia hạn phải sau thời hạn hiện tại",
        "en": "{field}: the extension must end after the current deadline",
    },
    "rule.undetermined.residence_unchecked": {
        "vi": "{field}: chưa có kết quả xác minh của cơ quan đăng ký cư trú (Điều 24 khoản 4)",
        "en": "{field}: the residence-registration agency's check is not recorded (Article 24(4))",
    },
    "rule.undetermined.residence_too_short": {
        "vi": "{field}: chưa sinh sống liên tục từ {months} tháng trở lên tại địa phương",
        "en": "{field}: has not lived there continuously for {months} months or more",
    },
    "rule.undetermined.handed_before_sent": {
        "vi": "{field}: ngày trả không thể trước ngày gửi giấy chứng nhận",
        "en": "{field}: the hand-over cannot precede the dispatch",
    },
    "undetermined.comparison_pending": {
        "vi": "Thông tin đã được chuyển cơ quan quản lý căn cước Bộ Công an đối sánh, đang chờ kết quả",
        "en": "The information was sent to the MPS identity agency for comparison; its answer is awaited",
    },
    "undetermined.comparison_done": {
        "vi": "Đã có kết quả đối sánh không trùng khớp; không cần chuyển lại",
        "en": "The comparison found no match already; it need not be sent again",
    },
    "undetermined.comparison_by_c06": {
        "vi": "Chỉ cơ quan quản lý căn cước Bộ Công an kiểm tra, đối sánh thông tin (Nghị định 70/2024/NĐ-CP "
        "Điều 24 khoản 5)",
        "en": "Only the MPS identity agency checks and compares the information "
        "(Decree 70/2024 Article 24(5))",
    },
    "undetermined.comparison_not_sent": {
        "vi": "Hồ sơ {reference} không có thông tin đang chờ đối sánh",
        "en": "Dossier {reference} has no information waiting for comparison",
    },
    "undetermined.no_reply": {
        "vi": "Hồ sơ {reference} không có văn bản trả lời không thu thập",
        "en": "Dossier {reference} has no written refusal reply",
    },
    "undetermined.reply_handed": {
        "vi": "Văn bản trả lời của hồ sơ {reference} đã được trao",
        "en": "The written reply of dossier {reference} was already handed over",
    },
    "rule.undetermined.comparison_unanswered": {
        "vi": "{field}: chưa có kết quả kiểm tra, đối sánh của cơ quan quản lý căn cước Bộ Công an "
        "(Điều 24 khoản 5, 6)",
        "en": "{field}: the MPS identity agency has not answered the comparison (Article 24(5), (6))",
    },
    "rule.undetermined.comparison_match": {
        "vi": "{field}: đối sánh tìm thấy thông tin trùng khớp — người này có thể đã có trong Cơ sở dữ liệu; "
        "giải quyết và đối sánh lại trước khi thu thập",
        "en": "{field}: the comparison found a match — the person may already be in the register; resolve it "
        "and compare again before collecting",
    },
    "rule.undetermined.reply_before_refusal": {
        "vi": "{field}: ngày trao không thể trước ngày quyết định không thu thập",
        "en": "{field}: the hand-over cannot precede the refusal",
    },
}

_LABELS: dict[str, dict[str, str]] = {
    "notice.certificate_renewed": {
        "vi": "Đã cấp đổi, cấp lại giấy chứng nhận căn cước",
        "en": "Identity certificate renewed",
    },
    "nav.undetermined": {"vi": "Hồ sơ chưa xác định quốc tịch", "en": "Undetermined nationality"},
    "enum.undetermined_status.received": {"vi": "Chờ xác minh", "en": "Awaiting verification"},
    "enum.undetermined_status.verifying": {"vi": "Đang xác minh", "en": "Under verification"},
    "enum.undetermined_status.accepted": {"vi": "Đã thu thập", "en": "Collected"},
    "enum.undetermined_status.refused": {"vi": "Không thu thập", "en": "Not collected"},
    "enum.undetermined_stage.start": {"vi": "Bắt đầu xác minh", "en": "Start verification"},
    "enum.undetermined_stage.verification": {"vi": "Kết thúc xác minh", "en": "End verification"},
    "enum.undetermined_stage.certificate": {
        "vi": "Số định danh và giấy chứng nhận căn cước",
        "en": "PIN and identity certificate",
    },
    "enum.certificate_status.issued": {"vi": "Đã cấp", "en": "Issued"},
    "enum.certificate_status.sent": {"vi": "Đã gửi về đơn vị tiếp nhận", "en": "Sent to the receiving unit"},
    "enum.certificate_status.handed_over": {"vi": "Đã trả cho người được cấp", "en": "Handed to the holder"},
    "enum.certificate_status.superseded": {"vi": "Đã được thay thế", "en": "Superseded"},
    "enum.biometric.fingerprints": {"vi": "Vân tay", "en": "Fingerprints"},
    "enum.biometric.iris": {"vi": "Mống mắt", "en": "Iris"},
    "enum.biometric.face": {"vi": "Ảnh khuôn mặt", "en": "Face"},
    "field.residence": {"vi": "Nơi sinh sống", "en": "Place of living"},
    "field.papers": {"vi": "Giấy tờ, tài liệu (mỗi dòng một giấy tờ)", "en": "Papers (one per line)"},
    "field.biometrics": {"vi": "Sinh trắc học đã thu nhận", "en": "Biometrics taken"},
    "field.agency": {"vi": "Cơ quan đăng ký cư trú", "en": "Residence-registration agency"},
    "field.since": {"vi": "Sinh sống tại địa phương từ ngày", "en": "Living there since"},
    "field.continuous": {"vi": "Sinh sống liên tục", "en": "Continuously"},
    "field.note": {"vi": "Ghi chú", "en": "Note"},
    "field.days": {"vi": "Tổng số ngày xác minh", "en": "Total days of verification"},
    "field.on": {"vi": "Ngày trả", "en": "Handed over on"},
    "field.residence_check": {"vi": "Xác minh nơi sinh sống", "en": "Residence check"},
    "field.status": {"vi": "Trạng thái", "en": "Status"},
    "undetermined_text.title": {
        "vi": "Hồ sơ người gốc Việt Nam chưa xác định được quốc tịch",
        "en": "Dossiers of people of Vietnamese origin with undetermined nationality",
    },
    "undetermined_text.hint": {
        "vi": "Nghị định 70/2024/NĐ-CP Điều 24 (sửa đổi bởi Nghị định 58/2026/NĐ-CP): bắt đầu xác "
        "minh trong 01 "
        "ngày làm việc, xác minh trong 30 ngày (phức tạp không quá 60 ngày); số định danh cá nhân và giấy "
        "chứng nhận căn cước trong 15 ngày kể từ khi cập nhật.",
        "en": "Decree 70/2024 Article 24 (as amended by Decree 58/2026): verification starts within "
        "01 working "
        "day and takes 30 days (complex cases at most 60); the PIN and the identity certificate "
        "within 15 days "
        "of the update.",
    },
    "undetermined_text.new": {"vi": "Tiếp nhận kê khai mới", "en": "Receive a new declaration"},
    "undetermined_text.show_all": {"vi": "Hiện cả hồ sơ đã xong", "en": "Show finished dossiers too"},
    "undetermined_text.show_open": {"vi": "Chỉ hiện hồ sơ đang chờ", "en": "Show only waiting dossiers"},
    "undetermined_text.reference": {"vi": "Số hồ sơ", "en": "Dossier"},
    "undetermined_text.person": {"vi": "Người kê khai", "en": "Declarant"},
    "undetermined_text.received_on": {"vi": "Ngày tiếp nhận", "en": "Received on"},
    "undetermined_text.waiting_on": {"vi": "Việc phải làm", "en": "Next step"},
    "undetermined_text.due_by": {"vi": "Hạn", "en": "Due by"},
    "undetermined_text.overdue": {"vi": "Quá hạn", "en": "Overdue"},
    "undetermined_text.certificate": {"vi": "Giấy chứng nhận căn cước", "en": "Identity certificate"},
    "undetermined_text.no_certificate": {"vi": "Chưa cấp", "en": "Not issued"},
    "undetermined_text.empty": {"vi": "Không có hồ sơ nào", "en": "No dossiers"},
    "undetermined_text.declaration": {"vi": "Kê khai (Phiếu DC01)", "en": "Declaration (form DC01)"},
    "undetermined_text.declare_hint": {
        "vi": "Thông tin kê khai chưa được ghi vào Cơ sở dữ liệu quốc gia về dân cư: hồ sơ được "
        "kiểm tra, xác "
        "minh trước (Điều 24 khoản 4–6).",
        "en": "The declaration is not recorded in the National Population Database yet: the dossier is "
        "verified first (Article 24(4)–(6)).",
    },
    "undetermined_text.open": {"vi": "Tiếp nhận hồ sơ", "en": "Receive the dossier"},
    "undetermined_text.not_saved": {"vi": "Chưa lưu được", "en": "Not saved"},
    "undetermined_text.start": {"vi": "Bắt đầu kiểm tra, xác minh", "en": "Start verification"},
    "undetermined_text.verification": {"vi": "Kiểm tra, xác minh", "en": "Verification"},
    "undetermined_text.started_on": {"vi": "Bắt đầu xác minh ngày", "en": "Verification started on"},
    "undetermined_text.verification_due": {"vi": "Hạn kết thúc xác minh", "en": "Verification due by"},
    "undetermined_text.start_due": {"vi": "Hạn bắt đầu xác minh", "en": "Verification to start by"},
    "undetermined_text.extension": {"vi": "Gia hạn (trường hợp phức tạp)", "en": "Extension (complex case)"},
    "undetermined_text.extend": {"vi": "Gia hạn", "en": "Extend"},
    "undetermined_text.record_check": {"vi": "Ghi kết quả xác minh", "en": "Record the check"},
    "undetermined_text.yes": {"vi": "Có", "en": "Yes"},
    "undetermined_text.no": {"vi": "Không", "en": "No"},
    "undetermined_text.checked_by": {"vi": "Người ghi nhận", "en": "Recorded by"},
    "undetermined_text.decision": {"vi": "Quyết định", "en": "Decision"},
    "undetermined_text.accept": {
        "vi": "Đủ điều kiện: thu thập vào CSDLQG về dân cư",
        "en": "Qualifies: collect into the National Population Database",
    },
    "undetermined_text.accept_hint": {
        "vi": "Thu thập qua Phiếu DC01; Trưởng Công an cấp xã (hoặc cấp phó được giao quyền) phê duyệt.",
        "en": "Collected through form DC01; the head (or a delegated deputy) approves.",
    },
    "undetermined_text.refuse": {"vi": "Không thu thập, trả lời nêu rõ lý do", "en": "Refuse, with reasons"},
    "undetermined_text.reasons": {
        "vi": "Lý do (gửi cho người đề nghị)",
        "en": "Reasons (sent to the declarant)",
    },
    "undetermined_text.reply": {"vi": "Văn bản trả lời số", "en": "Written reply number"},
    "undetermined_text.pin": {"vi": "Số định danh cá nhân", "en": "Personal identification number"},
    "undetermined_text.pin_due": {"vi": "Hạn cấp giấy chứng nhận", "en": "Certificate due by"},
    "undetermined_text.issue": {"vi": "Cấp giấy chứng nhận căn cước", "en": "Issue the identity certificate"},
    "undetermined_text.dispatch": {"vi": "Gửi về đơn vị tiếp nhận", "en": "Send to the receiving unit"},
    "undetermined_text.hand_over": {"vi": "Ghi nhận đã trả", "en": "Record the hand-over"},
    "undetermined_text.number": {"vi": "Số", "en": "Number"},
    "undetermined_text.issued_on": {"vi": "Ngày cấp", "en": "Issued on"},
    "undetermined_text.issuing_body": {"vi": "Cơ quan cấp", "en": "Issuing body"},
    "undetermined_text.send_to": {"vi": "Nơi nhận để trả", "en": "Sent to"},
    "undetermined_text.handed_over_on": {"vi": "Ngày trả", "en": "Handed over on"},
    "undetermined_text.supersedes": {"vi": "Thay thế giấy số", "en": "Supersedes"},
    "undetermined_text.certificate_steps": {
        "vi": "Gửi, trả, cấp đổi giấy chứng nhận căn cước",
        "en": "Send, hand over or renew the identity certificate",
    },
    "undetermined_text.pending_certificates": {
        "vi": "Giấy chứng nhận căn cước chờ gửi hoặc chờ trả",
        "en": "Identity certificates waiting to be sent or handed over",
    },
    "undetermined_text.renew": {"vi": "Cấp đổi, cấp lại", "en": "Renew"},
    "undetermined_text.renew_hint": {
        "vi": "Được cấp đổi, cấp lại tại bất kỳ đơn vị nào (Nghị định 70/2024/NĐ-CP Điều 26 khoản 1).",
        "en": "Renewed at any unit (Decree 70/2024 Article 26(1)).",
    },
    "undetermined_text.reason": {"vi": "Lý do cấp đổi, cấp lại", "en": "Reason for renewal"},
    "undetermined_text.done_opened": {"vi": "Đã tiếp nhận hồ sơ", "en": "Dossier received"},
    "undetermined_text.done_started": {"vi": "Đã bắt đầu xác minh", "en": "Verification started"},
    "undetermined_text.done_checked": {"vi": "Đã ghi kết quả xác minh", "en": "Check recorded"},
    "undetermined_text.done_extended": {"vi": "Đã gia hạn", "en": "Extended"},
    "undetermined_text.done_accepted": {"vi": "Đã thu thập vào CSDLQG về dân cư", "en": "Collected"},
    "undetermined_text.done_refused": {"vi": "Đã trả lời không thu thập", "en": "Refusal sent"},
    "undetermined_text.done_issued": {"vi": "Đã cấp giấy chứng nhận", "en": "Certificate issued"},
    "undetermined_text.done_sent": {"vi": "Đã gửi giấy chứng nhận", "en": "Certificate sent"},
    "undetermined_text.done_handed": {"vi": "Đã ghi nhận trả giấy chứng nhận", "en": "Hand-over recorded"},
    "undetermined_text.done_renewed": {"vi": "Đã cấp đổi, cấp lại", "en": "Certificate renewed"},
    "field.comparison": {"vi": "Đối sánh thông tin (C06)", "en": "Comparison (C06)"},
    "field.match_found": {"vi": "Kết quả đối sánh", "en": "Comparison result"},
    "field.recommendation": {"vi": "Đề xuất", "en": "Proposal"},
    "undetermined_text.comparison": {
        "vi": "Kiểm tra, đối sánh trong CSDLQG về dân cư, CSDL căn cước (khoản 5)",
        "en": "Check against the NPD and the Identity DB (Article 24(5))",
    },
    "undetermined_text.send_comparison": {
        "vi": "Chuyển thông tin tới cơ quan quản lý căn cước Bộ Công an",
        "en": "Send the information to the MPS identity agency",
    },
    "undetermined_text.send_again": {
        "vi": "Đã giải quyết thông tin trùng khớp: chuyển đối sánh lại",
        "en": "Match resolved: send for comparison again",
    },
    "undetermined_text.comparison_sent": {"vi": "Đã chuyển đối sánh lúc", "en": "Sent for comparison at"},
    "undetermined_text.comparison_waiting": {"vi": "Chờ kết quả đối sánh", "en": "Awaiting the answer"},
    "undetermined_text.match": {
        "vi": "Có thông tin trùng khớp: người này có thể đã có trong Cơ sở dữ liệu",
        "en": "Match found: the person may already be in the register",
    },
    "undetermined_text.no_match": {"vi": "Không có thông tin trùng khớp", "en": "No match"},
    "undetermined_text.record_answer": {"vi": "Ghi kết quả đối sánh", "en": "Record the answer"},
    "undetermined_text.proposals": {"vi": "Đề xuất của cán bộ", "en": "Staff proposals"},
    "undetermined_text.propose": {"vi": "Lập đề xuất trình Thủ trưởng", "en": "Propose to the head"},
    "undetermined_text.propose_hint": {
        "vi": "Cán bộ lập đề xuất; Thủ trưởng (hoặc cấp phó được giao quyền) quyết định (Thông tư "
        "117/2026/TT-BCA Điều 17 khoản 3–4).",
        "en": "Staff propose; the head (or a delegated deputy) decides "
        "(Circular 117/2026 Article 17(3)–(4)).",
    },
    "undetermined_text.recommend_approve": {"vi": "Đề xuất thu thập", "en": "Propose collection"},
    "undetermined_text.recommend_refuse": {"vi": "Đề xuất không thu thập", "en": "Propose refusal"},
    "undetermined_text.proposal_text": {"vi": "Nội dung đề xuất", "en": "Proposal"},
    "undetermined_text.decided_by": {"vi": "đã quyết định", "en": "decided by"},
    "undetermined_text.download_reply": {
        "vi": "Tải văn bản trả lời (PDF, đã ký số) để in và trao cho người đề nghị",
        "en": "Download the signed reply (PDF) to print and hand to the declarant",
    },
    "undetermined_text.reply_handed_on": {"vi": "Đã trao cho người đề nghị ngày", "en": "Handed over on"},
    "undetermined_text.record_reply_hand_over": {
        "vi": "Ghi nhận đã trao văn bản trả lời",
        "en": "Record the hand-over of the reply",
    },
    "undetermined_text.done_compared": {"vi": "Đã chuyển thông tin đối sánh", "en": "Sent for comparison"},
    "undetermined_text.done_answered": {"vi": "Đã ghi kết quả đối sánh", "en": "Comparison answer recorded"},
    "undetermined_text.done_proposed": {"vi": "Đã trình đề xuất", "en": "Proposal reported"},
    "undetermined_text.done_reply_handed": {
        "vi": "Đã ghi nhận trao văn bản trả lời",
        "en": "Hand-over of the reply recorded",
    },
}

MESSAGES: dict[str, dict[str, str]] = {**_ERRORS, **_LABELS}
