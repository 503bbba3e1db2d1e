"""Messages of organisations: its pages' text, Vietnamese first."""

from __future__ import annotations

# Page text of the templates (labels, headings, buttons, hints): Vietnamese first.
_TEXT: dict[str, dict[str, str]] = {
    "organisations_text.organisation_account_requests": {
        "vi": "Đề nghị tài khoản tổ chức",
        "en": "Organisation account requests",
    },
    "organisations_text.requests_for_organisation_accounts_k2_k3": {
        "vi": "Đề nghị cấp tài khoản cho tổ chức (k2, k3)",
        "en": "Requests for organisation accounts (k2, k3)",
    },
    "organisations_text.approved_the_organisation_s_account_is": {
        "vi": "Đã chấp thuận và tạo tài khoản tổ chức",
        "en": "Approved; the organisation's account is created",
    },
    "organisations_text.request_refused": {"vi": "Đã từ chối đề nghị", "en": "Request refused"},
    "organisations_text.no_requests_are_waiting": {
        "vi": "Không có đề nghị nào đang chờ.",
        "en": "No requests are waiting.",
    },
    "organisations_text.tax_code": {"vi": "Mã số thuế:", "en": "Tax code:"},
    "organisations_text.address": {"vi": "· Địa chỉ:", "en": "· Address:"},
    "organisations_text.representative": {"vi": "· Người đại diện:", "en": "· Representative:"},
    "organisations_text.administrator_account": {
        "vi": "· Tài khoản quản trị:",
        "en": "· Administrator account:",
    },
    "organisations_text.items_it_may_request_codes_separated": {
        "vi": "Thông tin được phép đề nghị (mã, cách nhau dấu phẩy)",
        "en": "Items it may request (codes, separated by commas)",
    },
    "organisations_text.legal_basis": {"vi": "Căn cứ pháp lý", "en": "Legal basis"},
    "organisations_text.approve": {"vi": "Chấp thuận", "en": "Approve"},
    "organisations_text.reason_for_refusal": {"vi": "Lý do từ chối", "en": "Reason for refusal"},
    "organisations_text.refuse": {"vi": "Từ chối", "en": "Refuse"},
}

MESSAGES: dict[str, dict[str, str]] = {**_TEXT}
