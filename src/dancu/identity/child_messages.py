"""vi/en texts of the identity app's page for a child's e-ID account (NĐ 69/2024 Điều 7)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "child_account.title": {
        "vi": "Tài khoản định danh điện tử cho con",
        "en": "An e-ID account for a child",
    },
    "child_account.intro": {
        "vi": "Cha, mẹ hoặc người đại diện theo pháp luật đề nghị cấp tài khoản định danh điện tử mức độ 1 "
        "cho trẻ từ đủ 06 tuổi đến dưới 14 tuổi (Nghị định 69/2024/NĐ-CP Điều 7). Mã kích hoạt được gửi "
        "đến số thuê bao di động của bạn trong Cơ sở dữ liệu quốc gia về dân cư.",
        "en": "A parent or legal representative asks for a level-1 e-ID account for a child from 6 to "
        "under 14 (Decree 69/2024 Article 7). The activation code goes to your mobile number in the "
        "National Population Database.",
    },
    "child_account.home_link": {
        "vi": "Đề nghị cấp tài khoản định danh điện tử cho con (từ đủ 06 đến dưới 14 tuổi)",
        "en": "Ask for an e-ID account for a child (6 to under 14)",
    },
    "child_account.not_sent": {"vi": "Đề nghị chưa được gửi:", "en": "The request was not sent:"},
    "child_account.choose_from_register": {
        "vi": "Chọn trẻ trong danh sách người bạn đại diện (theo Cơ sở dữ liệu dân cư)",
        "en": "Choose the child among the people you represent (as the register records)",
    },
    "child_account.nobody_listed": {
        "vi": "Cơ sở dữ liệu dân cư chưa ghi nhận người nào do bạn đại diện; bạn có thể nhập số định danh.",
        "en": "The register records no one you represent; you may type the child's PIN.",
    },
    "child_account.or_type_pin": {
        "vi": "Hoặc nhập số định danh cá nhân của trẻ",
        "en": "Or type the child's personal identification number",
    },
    "child_account.pin_hint": {
        "vi": "12 chữ số; nếu nhập, số này được dùng thay cho lựa chọn ở trên",
        "en": "12 digits; when typed, it is used instead of the choice above",
    },
    "child_account.submit": {"vi": "Gửi đề nghị cấp tài khoản", "en": "Ask for the account"},
    "child_account.cancel": {"vi": "Hủy", "en": "Cancel"},
    "child_account.back": {"vi": "Về trang tài khoản của con", "en": "Back to the children's accounts"},
    "child_account.accounts_heading": {
        "vi": "Tài khoản của người bạn đại diện",
        "en": "Accounts of the people you represent",
    },
    "child_account.no_account": {"vi": "chưa có tài khoản", "en": "no account yet"},
    "child_account.activate_before": {"vi": "kích hoạt trước {deadline}", "en": "activate before {deadline}"},
    "child_account.activate_link": {"vi": "Kích hoạt tài khoản", "en": "Activate the account"},
    "child_account.choose_child": {
        "vi": "Trẻ: chọn một người trong danh sách hoặc nhập số định danh cá nhân (bắt buộc)",
        "en": "Child: choose someone in the list or type the personal identification number (required)",
    },
    "child_account.pin_format": {
        "vi": "Số định danh cá nhân của trẻ: phải gồm đúng 12 chữ số",
        "en": "The child's personal identification number: must be exactly 12 digits",
    },
    "child_account.not_representative": {
        "vi": "Trẻ: bạn không phải cha, mẹ (của người dưới 14 tuổi) hoặc người đại diện theo pháp luật "
        "của người này theo Cơ sở dữ liệu dân cư (cả hai hồ sơ phải ghi nhận quan hệ)",
        "en": "Child: the register does not record you as this person's parent (of a child under 14) or "
        "legal representative (both records must state the relation)",
    },
    "child_account.child_age": {
        "vi": "Trẻ: chỉ cấp theo đề nghị của người đại diện cho trẻ từ đủ 06 tuổi đến dưới 14 tuổi; trẻ "
        "dưới 06 tuổi chưa được cấp, người từ đủ 14 tuổi tự đăng ký (Nghị định 69/2024/NĐ-CP Điều 7)",
        "en": "Child: an account on the representative's request is only for a child from 6 to under 14; "
        "a child under 6 gets none, a person of 14 or more registers themself (Decree 69/2024 Article 7)",
    },
    "child_account.already_registered": {
        "vi": "Trẻ: người này đã có tài khoản định danh điện tử (đang hoạt động hoặc đang khóa); "
        "mỗi công dân chỉ có một tài khoản",
        "en": "Child: this person already has an e-ID account (active or locked); a citizen has one account",
    },
    "child_account.no_mobile": {
        "vi": "Cơ sở dữ liệu dân cư chưa có số thuê bao di động của bạn để nhận mã kích hoạt; vui lòng "
        "đến cơ quan Công an để cập nhật",
        "en": "The register holds no mobile number of yours to receive the activation code; ask the "
        "police to record it",
    },
    "child_account.sent_title": {"vi": "Đã gửi đề nghị cấp tài khoản", "en": "The account was asked for"},
    "child_account.sent_status": {
        "vi": "Tài khoản định danh điện tử mức độ 1 của {name} đã được tạo, chờ kích hoạt. Mã kích hoạt "
        "đã gửi đến số {mobile} của bạn.",
        "en": "A level-1 e-ID account for {name} was created and waits for activation. The activation "
        "code was sent to your number {mobile}.",
    },
    "child_account.next_heading": {"vi": "Bước tiếp theo", "en": "What happens next"},
    "child_account.next_activate": {
        "vi": "Nhập mã kích hoạt cùng số định danh của trẻ trước {deadline} (7 ngày).",
        "en": "Enter the activation code with the child's PIN before {deadline} (7 days).",
    },
    "child_account.next_password": {
        "vi": "Đặt mật khẩu cho tài khoản của trẻ khi kích hoạt; bạn giữ mật khẩu này.",
        "en": "Set the child's password when activating; you keep it.",
    },
    "child_account.next_confirmation": {
        "vi": "Trẻ sử dụng tài khoản khi có sự đồng ý của bạn; bạn quản lý tài khoản thay trẻ "
        "(Nghị định 69/2024/NĐ-CP Điều 14). Tài khoản hiện trong danh sách trên trang này.",
        "en": "The child uses the account with your consent; you manage it for the child "
        "(Decree 69/2024 Article 14). The account now shows in the list on this page.",
    },
    "child_account.next_expiry": {
        "vi": "Quá hạn mà chưa kích hoạt, tài khoản hết hiệu lực; bạn có thể đề nghị lại trên trang này.",
        "en": "If not activated in time, the account lapses; you may ask again on this page.",
    },
}
