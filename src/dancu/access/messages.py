"""Messages of the access and lookup packages (error codes and validation rules), Vietnamese first."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "access.organisation_not_found": {"vi": "Không tìm thấy tổ chức", "en": "Organisation not found"},
    "access.member_not_found": {"vi": "Không tìm thấy tài khoản", "en": "Account not found"},
    "access.not_an_organisation_member": {
        "vi": "Tài khoản không thuộc tổ chức nào",
        "en": "The account does not belong to an organisation",
    },
    "access.cannot_disable_self": {
        "vi": "Không thể tự vô hiệu hóa tài khoản của mình",
        "en": "You cannot disable your own account",
    },
    "access.fields_outside_scope": {
        "vi": "Các trường sau nằm ngoài phạm vi được phép khai thác: {items}",
        "en": "These fields are outside what you may receive: {items}",
    },
    "access.group_not_allowed": {
        "vi": "Nhóm {group} không được tra cứu trực tiếp (NĐ 70/2024 Điều 10 khoản 1)",
        "en": "Group {group} may not look people up directly (Decree 70/2024 Art. 10(1))",
    },
    "lookup.no_match": {
        "vi": "Không có công dân phù hợp với thông tin tra cứu. Cả ba thông tin phải khớp: số định danh "
        "cá nhân đủ 12 chữ số, ngày sinh đúng như đã đăng ký, và họ, chữ đệm, tên đủ các chữ và dấu "
        "(không phân biệt chữ hoa, chữ thường hay vị trí đặt dấu thanh như “Thùy”/“Thuỳ”; "
        "nhưng “Lê” khác “Le”).",
        "en": "No matching person. All three must match: the 12-digit personal identification number, "
        "the date of birth as registered, and the full name with every letter and mark (case and "
        "the placement of the tone mark, as in “Thùy”/“Thuỳ”, do not matter; “Lê” is not “Le”).",
    },
    "lookup.batch_too_large": {
        "vi": "Mỗi lần tra cứu tối đa {limit} người",
        "en": "At most {limit} people per batch",
    },
    "rule.access.sensitive_basis_required": {
        "vi": "{field}: cần nêu căn cứ pháp lý để khai thác dữ liệu nhạy cảm ({items})",
        "en": "{field}: a legal basis is required for sensitive data ({items})",
    },
    "rule.access.scope_outside_mandate": {
        "vi": "{field}: các trường sau không thuộc phạm vi của tổ chức: {items}",
        "en": "{field}: these fields are outside the organisation's mandate: {items}",
    },
    "rule.access.representative_required": {
        "vi": "{field}: tổ chức nhóm này phải có người đại diện theo pháp luật (NĐ 69/2024 Điều 12)",
        "en": "{field}: organisations of this group need a legal representative (Decree 69/2024 Art. 12)",
    },
    "rule.access.representative_unknown": {
        "vi": "{field}: không có công dân mang số định danh này",
        "en": "{field}: no person has this identification number",
    },
    "rule.access.not_an_organisation_group": {
        "vi": "{field} phải là k1, k2, k3 hoặc k4",
        "en": "{field} must be k1, k2, k3 or k4",
    },
    "rule.access.duplicate_items": {
        "vi": "{field}: có trường bị lặp",
        "en": "{field}: an item is listed twice",
    },
    "rule.lookup.unknown_unit": {
        "vi": "{field}: không có đơn vị hành chính này trong bảng mã đã nêu",
        "en": "{field}: no such unit in the given code table",
    },
    "access.portal_request_not_found": {
        "vi": "Không tìm thấy đề nghị cấp tài khoản",
        "en": "Portal account request not found",
    },
    "access.portal_request_pending": {
        "vi": "Đã có đề nghị cấp tài khoản đang chờ xử lý cho mã số thuế {tax_code} hoặc tên đăng nhập này",
        "en": "A request for tax code {tax_code} or this username is already pending",
    },
    "access.portal_request_decided": {
        "vi": "Đề nghị này đã được xử lý ({decision})",
        "en": "This request has already been decided ({decision})",
    },
    "rule.organisations.type_only_k2": {
        "vi": "{field}: chỉ tổ chức quy định tại khoản 2 Điều 8 Nghị định 70/2024 mới ghi loại tổ chức",
        "en": "{field}: only a khoản 2 organisation (Decree 70/2024 Article 8) has a type",
    },
    "rule.access.portal_group": {
        "vi": "{field}: chỉ tổ chức nhóm k2 hoặc k3 đề nghị tài khoản qua người đại diện; "
        "cá nhân (k4) dùng tài khoản định danh điện tử của mình",
        "en": "{field}: only k2 or k3 organisations ask through their representative; "
        "individuals (k4) use their own e-ID account",
    },
}

# The requester groups (NĐ 70/2024 Điều 8) as pages show them; ``ActorGroup.label_vi`` stays the
# wording the letters print.
MESSAGES |= {
    "enum.actor_group.k1": {
        "vi": "Cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội",
        "en": "State agency, political or socio-political organisation",
    },
    "enum.actor_group.k2": {
        "vi": "Tổ chức được giao cung cấp dịch vụ (tín dụng, thanh toán, viễn thông, xác thực…)",
        "en": "Organisation providing services (credit, payments, telecoms, authentication…)",
    },
    "enum.actor_group.k3": {"vi": "Tổ chức khác", "en": "Other organisation"},
    "enum.actor_group.k4": {"vi": "Cá nhân", "en": "Individual"},
    "enum.actor_group.citizen": {"vi": "Công dân (thông tin của mình)", "en": "Citizen (own information)"},
    "enum.actor_group.officer": {"vi": "Cán bộ quản lý căn cước", "en": "Identity management officer"},
}
