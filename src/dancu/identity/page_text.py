"""Page texts of the templates (labels, headings, buttons, hints): Vietnamese first."""

from __future__ import annotations

# identity/templates/delegations.html
_DELEGATIONS_TEXT: dict[str, dict[str, str]] = {
    "delegations_text.content_of_the_delegation": {
        "vi": "Nội dung giao quyền",
        "en": "Content of the delegation",
    },
    "delegations_text.decision_number": {"vi": "Số quyết định", "en": "Decision number"},
    "delegations_text.delegations": {"vi": "Quyết định giao quyền", "en": "Delegations"},
    "delegations_text.delegations_to_deputies": {
        "vi": "Quyết định giao quyền cho cấp phó",
        "en": "Delegations to deputies",
    },
    "delegations_text.deputy": {"vi": "Cấp phó", "en": "Deputy"},
    "delegations_text.deputy_s_username": {"vi": "Tên đăng nhập của cấp phó", "en": "Deputy's username"},
    "delegations_text.in_force": {"vi": "Đang có hiệu lực", "en": "In force"},
    "delegations_text.in_force_from": {"vi": "Hiệu lực từ ngày", "en": "In force from"},
    "delegations_text.not_in_force_today": {"vi": "Không có hiệu lực hôm nay", "en": "Not in force today"},
    "delegations_text.not_saved": {"vi": "Chưa lưu", "en": "Not saved"},
    "delegations_text.number_date": {"vi": "Số, ngày", "en": "Number, date"},
    "delegations_text.reason_for_revoking": {"vi": "Lý do thu hồi", "en": "Reason for revoking"},
    "delegations_text.record_a_delegation": {"vi": "Ghi quyết định giao quyền", "en": "Record a delegation"},
    "delegations_text.record_the_decision": {"vi": "Ghi quyết định", "en": "Record the decision"},
    "delegations_text.revoke": {"vi": "Thu hồi", "en": "Revoke"},
    "delegations_text.revoked": {"vi": "Đã thu hồi:", "en": "Revoked:"},
    "delegations_text.scope": {"vi": "Phạm vi", "en": "Scope"},
    "delegations_text.scope_of_the_delegation": {"vi": "Phạm vi giao quyền", "en": "Scope of the delegation"},
    "delegations_text.signed_on": {"vi": "Ngày ký", "en": "Signed on"},
    "delegations_text.status": {"vi": "Tình trạng", "en": "Status"},
    "delegations_text.term": {"vi": "Thời hạn", "en": "Term"},
    "delegations_text.the_head_may_delegate_deciding_and_approving": {
        "vi": ": Thủ trưởng có thể giao quyền cho cấp phó giải quyết, phê duyệt; quyết định xác định "
        "rõ phạm vi, nội dung, thời hạn; cấp phó không được giao quyền cho người khác. Cán bộ "
        "lập đề xuất, không tự phê duyệt.",
        "en": ": the head may delegate deciding and approving to a deputy; the decision states its "
        "scope, content and term; a deputy may not delegate further. Staff draw up proposals "
        "and do not approve them.",
    },
    "delegations_text.the_unit_has_no_delegation_yet": {
        "vi": "Đơn vị chưa có quyết định giao quyền nào.",
        "en": "The unit has no delegation yet.",
    },
    "delegations_text.until": {"vi": "Đến ngày", "en": "Until"},
    "delegations_text.your_position": {"vi": "Chức vụ của bạn:", "en": "Your position:"},
}


# identity/oidc/templates/consent.html
_OIDC_TEXT: dict[str, dict[str, str]] = {
    "oidc_text.unknown_organisation": {"vi": "tổ chức không xác định", "en": "unknown organisation"},
}


# The outcome a redirect names (?notice=…)
_NOTICE_TEXT: dict[str, dict[str, str]] = {
    "delegations_text.notice_given": {
        "vi": "Đã ghi quyết định giao quyền",
        "en": "The delegation was recorded",
    },
    "delegations_text.notice_revoked": {
        "vi": "Đã thu hồi quyết định giao quyền",
        "en": "The delegation was revoked",
    },
}


# The tracker's line for a document read, and the claims an application asks for (OIDC consent)
_APP_WORDS: dict[str, dict[str, str]] = {
    "identity_text.document_of_kind": {"vi": "Văn bản: {kind}", "en": "Document: {kind}"},
    "enum.claim.name": {"vi": "Họ, chữ đệm và tên khai sinh", "en": "Full name at birth registration"},
    "enum.claim.birthdate": {"vi": "Ngày, tháng, năm sinh", "en": "Date of birth"},
    "enum.claim.gender": {"vi": "Giới tính", "en": "Sex"},
    "enum.claim.pin": {"vi": "Số định danh cá nhân", "en": "Personal identification number"},
    "enum.claim.address": {"vi": "Nơi thường trú", "en": "Permanent residence"},
}

# Outcomes of the officer's e-ID page (?notice=…)
_EID_OUTCOMES: dict[str, dict[str, str]] = {
    "eid_text.notice_upgraded": {
        "vi": "Đã nâng tài khoản lên mức độ 2",
        "en": "The account was upgraded to level 2",
    },
    "eid_text.notice_locked": {"vi": "Đã khóa tài khoản", "en": "The account was locked"},
    "eid_text.notice_unlocked": {"vi": "Đã mở khóa tài khoản", "en": "The account was unlocked"},
}

# Why the sign-in (OIDC) pages refuse a request, shown to the person
_OIDC_ERRORS: dict[str, dict[str, str]] = {
    "oidc_error.unknown_client": {
        "vi": "Ứng dụng yêu cầu đăng nhập không được đăng ký hoặc đã bị ngừng hoạt động.",
        "en": "The application asking you to log in is not registered or has been disabled.",
    },
    "oidc_error.redirect_mismatch": {
        "vi": "Địa chỉ chuyển hướng (redirect_uri) không khớp với địa chỉ ứng dụng đã đăng ký.",
        "en": "The redirect address (redirect_uri) does not match the application's registered address.",
    },
    "oidc_error.parameter_too_long": {
        "vi": "Yêu cầu đăng nhập không hợp lệ (tham số quá dài).",
        "en": "The login request is invalid (a parameter is too long).",
    },
    "oidc_error.level2_required": {
        "vi": "{client} yêu cầu tài khoản định danh điện tử mức độ 2. Tài khoản của bạn đang ở mức độ 1: "
        "hãy đến cơ quan công an để được nâng cấp lên mức độ 2 (Nghị định 69/2024/NĐ-CP Điều 10).",
        "en": "{client} requires a level-2 electronic identity account. Yours is at level 1: visit a police "
        "office to have it upgraded to level 2 (Decree 69/2024/NĐ-CP Article 10).",
    },
    "oidc_error.browser_needed": {
        "vi": "Hãy đăng nhập bằng trình duyệt để đồng ý chia sẻ thông tin.",
        "en": "Log in with a browser to consent to sharing information.",
    },
    "oidc_error.invalid_request": {
        "vi": "Yêu cầu đăng nhập không hợp lệ ({detail}).",
        "en": "The login request is invalid ({detail}).",
    },
    "oidc_error.bad_id_token_hint": {
        "vi": "id_token_hint không hợp lệ.",
        "en": "The id_token_hint is invalid.",
    },
    "oidc_error.foreign_id_token_hint": {
        "vi": "id_token_hint không phải mã định danh (ID token) do hệ thống này cấp.",
        "en": "The id_token_hint is not an ID token this system issued.",
    },
    "oidc_error.logout_parameter_too_long": {
        "vi": "Yêu cầu đăng xuất không hợp lệ (tham số quá dài).",
        "en": "The logout request is invalid (a parameter is too long).",
    },
    "oidc_error.client_id_mismatch": {
        "vi": "client_id không khớp với id_token_hint.",
        "en": "The client_id does not match the id_token_hint.",
    },
    "oidc_error.logout_unknown_client": {
        "vi": "Ứng dụng yêu cầu đăng xuất không được đăng ký hoặc đã ngừng hoạt động.",
        "en": "The application asking you to log out is not registered or has been disabled.",
    },
    "oidc_error.logout_redirect_mismatch": {
        "vi": "Địa chỉ chuyển hướng sau khi đăng xuất không khớp với địa chỉ ứng dụng đã đăng ký.",
        "en": "The address to return to after logging out does not match the application's "
        "registered address.",
    },
}

PAGE_TEXT: dict[str, dict[str, str]] = {
    **_OIDC_ERRORS,
    **_EID_OUTCOMES,
    **_APP_WORDS,
    **_DELEGATIONS_TEXT,
    **_OIDC_TEXT,
    **_NOTICE_TEXT,
}
