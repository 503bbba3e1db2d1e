"""Page texts of the templates (labels, headings, buttons, hints): Vietnamese first."""

from __future__ import annotations

# organisations/templates/portal_request.html
_ORG_REQUEST_TEXT: dict[str, dict[str, str]] = {
    "orgrequest_text.10_digits_or_10_digits_3_digits": {
        "vi": "10 chữ số, hoặc 10 chữ số-3 chữ số cho chi nhánh",
        "en": "10 digits, or 10 digits-3 digits for a branch",
    },
    "orgrequest_text.account_for_an_organisation": {
        "vi": "Đề nghị tài khoản cho tổ chức",
        "en": "Account for an organisation",
    },
    "orgrequest_text.administrator_password_at_least_12_characters": {
        "vi": "Mật khẩu quản trị (ít nhất 12 ký tự)",
        "en": "Administrator password (at least 12 characters)",
    },
    "orgrequest_text.approved_log_in_with_the_account": {
        "vi": "Đã chấp thuận — đăng nhập bằng tài khoản",
        "en": "Approved — log in with the account",
    },
    "orgrequest_text.for_example_director_general_director": {
        "vi": "Ví dụ: Giám đốc, Tổng Giám đốc",
        "en": "For example: Director, General Director",
    },
    "orgrequest_text.group": {"vi": "Nhóm", "en": "Group"},
    "orgrequest_text.head_office_address": {"vi": "Địa chỉ trụ sở", "en": "Head office address"},
    "orgrequest_text.k2_credit_payments_telecoms_electronic_authentication": {
        "vi": "k2 — tín dụng, thanh toán, viễn thông, xác thực điện tử…",
        "en": "k2 — credit, payments, telecoms, electronic authentication…",
    },
    "orgrequest_text.k3_other_organisations": {"vi": "k3 — tổ chức khác", "en": "k3 — other organisations"},
    "orgrequest_text.level_needed": {
        "vi": "Cần tài khoản định danh điện tử mức độ 2; tài khoản của bạn đang ở mức độ {level}. "
        "Hãy đến cơ quan Công an để được nâng cấp.",
        "en": "A level-2 electronic identity account is needed; yours is at level {level}. Visit a "
        "police office to have it upgraded.",
    },
    "orgrequest_text.my_requests": {"vi": "Đề nghị của tôi", "en": "My requests"},
    "orgrequest_text.name_of_the_organisation": {"vi": "Tên tổ chức", "en": "Name of the organisation"},
    "orgrequest_text.organisation": {"vi": "Tổ chức", "en": "Organisation"},
    "orgrequest_text.refused": {"vi": "Từ chối:", "en": "Refused:"},
    "orgrequest_text.representative_s_title": {
        "vi": "Chức danh của người đại diện",
        "en": "Representative's title",
    },
    "orgrequest_text.request_an_account_for_an_organisation": {
        "vi": "Đề nghị cấp tài khoản cho tổ chức",
        "en": "Request an account for an organisation",
    },
    "orgrequest_text.send_the_request": {"vi": "Gửi đề nghị", "en": "Send the request"},
    "orgrequest_text.status": {"vi": "Tình trạng", "en": "Status"},
    "orgrequest_text.tax_code": {"vi": "Mã số thuế", "en": "Tax code"},
    "orgrequest_text.tax_code_enterprise_code": {
        "vi": "Mã số thuế / mã số doanh nghiệp",
        "en": "Tax code / enterprise code",
    },
    "orgrequest_text.the_organisation_s_administrator_username": {
        "vi": "Tên đăng nhập quản trị của tổ chức",
        "en": "The organisation's administrator username",
    },
    "orgrequest_text.the_organisation_s_legal_representative_groups_k2": {
        "vi": "Người đại diện theo pháp luật của tổ chức (nhóm k2, k3) đề nghị bằng tài khoản định "
        "danh điện tử mức độ 2 của mình (Nghị định 69/2024/NĐ-CP Điều 12). Cá nhân (k4) dùng "
        "chính tài khoản định danh điện tử của mình, không cần đề nghị.",
        "en": "The organisation's legal representative (groups k2, k3) makes the request with their "
        "own level-2 electronic identity account (Decree 69/2024/NĐ-CP Article 12). "
        "Individuals (k4) use their own electronic identity account and need not ask.",
    },
    "orgrequest_text.the_request_was_not_sent": {
        "vi": "Chưa gửi được đề nghị",
        "en": "The request was not sent",
    },
    "orgrequest_text.the_request_was_sent_the_identity_management": {
        "vi": "Đã gửi đề nghị; cơ quan quản lý căn cước sẽ xem xét.",
        "en": "The request was sent; the identity management agency will consider it.",
    },
    "orgrequest_text.waiting_to_be_processed": {"vi": "Đang chờ xử lý", "en": "Waiting to be processed"},
}


PAGE_TEXT: dict[str, dict[str, str]] = {**_ORG_REQUEST_TEXT}
