"""Messages of the competent-person rules (Vietnamese first)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "competence.staff_cannot_decide": {
        "vi": (
            "Cán bộ ({position}) không có thẩm quyền quyết định: {kind}. Theo {rule}, cán bộ lập "
            "đề xuất và báo cáo Thủ trưởng (Trưởng Công an cấp xã, Giám đốc Công an cấp tỉnh, "
            "Thủ trưởng cơ quan quản lý căn cước) phê duyệt ({legal_basis})"
        ),
        "en": (
            "Staff ({position}) may not decide: {kind}. Under {rule}, staff prepare a proposal and "
            "the head approves ({legal_basis})"
        ),
    },
    "competence.no_delegation": {
        "vi": (
            "Cấp phó chỉ được quyết định ({kind}) khi có quyết định giao quyền của Thủ trưởng "
            "còn hiệu lực và bao gồm việc này ({rule})"
        ),
        "en": (
            "A deputy decides ({kind}) only under the head's written delegation in force "
            "that covers it ({rule})"
        ),
    },
    "competence.only_head_delegates": {
        "vi": (
            "Chỉ Thủ trưởng đơn vị được giao quyền hoặc thu hồi giao quyền; "
            "cấp phó không được giao lại ({rule})"
        ),
        "en": "Only the head of the unit gives or revokes a delegation; a deputy may not pass it on ({rule})",
    },
    "competence.may_not_propose": {
        "vi": "Tài khoản này không lập đề xuất cho việc: {kind}",
        "en": "This account does not make proposals for: {kind}",
    },
    "competence.proposal_required": {
        "vi": "Chưa có đề xuất của cán bộ xử lý hồ sơ ({rule})",
        "en": "No staff proposal has been made on this dossier ({rule})",
    },
    "competence.approver_is_proposer": {
        "vi": (
            "Người lập đề xuất số {proposal_id} không được tự phê duyệt đề xuất của mình; "
            "đề xuất phải do Thủ trưởng hoặc cấp phó được giao quyền khác quyết định ({rule})"
        ),
        "en": (
            "Whoever made proposal {proposal_id} may not approve it; the head or another delegated "
            "deputy decides ({rule})"
        ),
    },
    "competence.delegation_not_found": {
        "vi": "Không tìm thấy quyết định giao quyền",
        "en": "Delegation not found",
    },
    "competence.delegation_revoked": {
        "vi": "Quyết định giao quyền đã bị thu hồi",
        "en": "The delegation has already been revoked",
    },
    "competence.officer_not_found": {"vi": "Không tìm thấy cán bộ {username}", "en": "No officer {username}"},
    "rule.competence.deputy_not_in_unit": {
        "vi": "{field}: người được giao quyền phải là cấp phó đang công tác của chính đơn vị",
        "en": "{field}: the delegate must be an active deputy of the same unit",
    },
    "rule.competence.not_a_deputy": {
        "vi": "{field}: chỉ giao quyền cho cấp phó (TT 117/2026 Điều 3 khoản 6)",
        "en": "{field}: only a deputy may receive a delegation (TT 117/2026 Điều 3 khoản 6)",
    },
    "rule.competence.scope_required": {
        "vi": "{field}: quyết định giao quyền phải xác định rõ phạm vi",
        "en": "{field}: the delegation must state its scope",
    },
    "rule.competence.term_reversed": {
        "vi": "{field}: ngày hết hiệu lực trước ngày bắt đầu",
        "en": "{field}: the term ends before it starts",
    },
    "enum.position.head": {"vi": "Thủ trưởng (Trưởng / Giám đốc)", "en": "Head"},
    "enum.position.deputy": {"vi": "Cấp phó", "en": "Deputy head"},
    "enum.position.staff": {"vi": "Cán bộ", "en": "Staff"},
}
