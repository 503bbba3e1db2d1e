"""Page texts of the templates (labels, headings, buttons, hints): Vietnamese first."""

from __future__ import annotations

# sharing/feed/templates/feed_system.html
_SYSTEM_TEXT: dict[str, dict[str, str]] = {
    "systems_text.administrative_unit_code_optional": {
        "vi": "Mã đơn vị hành chính (tùy chọn)",
        "en": "Administrative unit code (optional)",
    },
    "systems_text.basis_for_ethnicity_and_religion_if_any": {
        "vi": "Căn cứ cho dân tộc, tôn giáo (nếu có)",
        "en": "Basis for ethnicity and religion (if any)",
    },
    "systems_text.connecting_client_private_key_jwt": {
        "vi": "Máy khách kết nối (private_key_jwt)",
        "en": "Connecting client (private_key_jwt)",
    },
    "systems_text.full_name": {"vi": "Họ và tên", "en": "Full name"},
    "systems_text.legal_basis_of_the_scope_of_use": {
        "vi": "Căn cứ pháp lý của phạm vi khai thác",
        "en": "Legal basis of the scope of use",
    },
    "systems_text.name_of_the_agency": {"vi": "Tên cơ quan", "en": "Name of the agency"},
    "systems_text.name_of_the_connected_system": {
        "vi": "Tên hệ thống kết nối",
        "en": "Name of the connected system",
    },
    "systems_text.password_at_least_12_characters": {
        "vi": "Mật khẩu (ít nhất 12 ký tự)",
        "en": "Password (at least 12 characters)",
    },
    "systems_text.public_key_jwk": {"vi": "Khóa công khai (JWK)", "en": "Public key (JWK)"},
    "systems_text.public_keys_only_ec_p_256_rsa": {
        "vi": "Chỉ khóa công khai: EC P-256, RSA hoặc Ed25519",
        "en": "Public keys only: EC P-256, RSA or Ed25519",
    },
    "systems_text.register": {"vi": "Đăng ký", "en": "Register"},
    "systems_text.register_a_connected_system": {
        "vi": "Đăng ký hệ thống kết nối",
        "en": "Register a connected system",
    },
    "systems_text.register_a_connected_system_an_agency_of": {
        "vi": "Đăng ký hệ thống kết nối (cơ quan nhóm khoản 1)",
        "en": "Register a connected system (an agency of group 1)",
    },
    "systems_text.scope_of_use_identity_law_article_9": {
        "vi": "Phạm vi khai thác (Luật Căn cước Điều 9)",
        "en": "Scope of use (Identity Law Article 9)",
    },
    "systems_text.the_agency_s_administrator": {
        "vi": "Quản trị viên của cơ quan",
        "en": "The agency's administrator",
    },
    "systems_text.username": {"vi": "Tên đăng nhập", "en": "Username"},
    "systems_text.attempts": {"vi": "Số lần", "en": "Attempts"},
    "systems_text.basis": {"vi": "Căn cứ", "en": "Basis"},
    "systems_text.change_subscriptions": {"vi": "Đăng ký nhận thay đổi", "en": "Change subscriptions"},
    "systems_text.client": {"vi": "Máy khách", "en": "Client"},
    "systems_text.client_authentication_refused_30_days": {
        "vi": "Xác thực máy khách bị từ chối (30 ngày)",
        "en": "Client authentication refused (30 days)",
    },
    "systems_text.clients_and_keys": {"vi": "Máy khách và khóa", "en": "Clients and keys"},
    "systems_text.connection_suspended": {"vi": "Tạm dừng kết nối", "en": "Connection suspended"},
    "systems_text.count": {"vi": "Số lượt", "en": "Count"},
    "systems_text.cybersecure": {"vi": "Bảo đảm an ninh mạng", "en": "Cybersecure"},
    "systems_text.cybersecurity_checks_and_assessments_circular_117_2026": {
        "vi": "Kiểm tra, đánh giá an ninh mạng (Thông tư 117/2026/TT-BCA Điều 11)",
        "en": "Cybersecurity checks and assessments (Circular 117/2026/TT-BCA Article 11)",
    },
    "systems_text.dated": {"vi": "ngày", "en": "dated"},
    "systems_text.day": {"vi": "Ngày", "en": "Day"},
    "systems_text.delivery": {"vi": "Lượt gửi", "en": "Delivery"},
    "systems_text.description": {"vi": "Mô tả", "en": "Description"},
    "systems_text.document_date": {"vi": "Ngày văn bản", "en": "Document date"},
    "systems_text.document_number": {"vi": "Số văn bản", "en": "Document number"},
    "systems_text.error": {"vi": "Lỗi", "en": "Error"},
    "systems_text.errors": {"vi": "Lỗi", "en": "Errors"},
    "systems_text.failed_webhook_deliveries": {
        "vi": "Webhook gửi không thành công",
        "en": "Failed webhook deliveries",
    },
    "systems_text.group": {"vi": "Nhóm", "en": "Group"},
    "systems_text.inactive": {"vi": "(ngừng)", "en": "(inactive)"},
    "systems_text.keys_in_use": {"vi": "Khóa đang dùng:", "en": "Keys in use:"},
    "systems_text.kind": {"vi": "Loại", "en": "Kind"},
    "systems_text.last_error": {"vi": "Lỗi cuối", "en": "Last error"},
    "systems_text.legal_basis": {"vi": "Căn cứ pháp lý", "en": "Legal basis"},
    "systems_text.list_of_systems": {"vi": "← Danh sách hệ thống", "en": "← List of systems"},
    "systems_text.new_public_key_jwk_the_old_key": {
        "vi": "Khóa công khai mới (JWK) — khóa cũ bị thu hồi ngay",
        "en": "New public key (JWK) — the old key is revoked at once",
    },
    "systems_text.no_document_confirms_the_system_s_cybersecurity": {
        "vi": "Chưa có văn bản xác nhận việc bảo đảm an ninh mạng: hệ thống chưa được kết nối.",
        "en": "No document confirms the system's cybersecurity yet: it is not connected.",
    },
    "systems_text.no_errors": {"vi": "Không có lỗi.", "en": "No errors."},
    "systems_text.no_subscription": {"vi": "Chưa đăng ký.", "en": "No subscription."},
    "systems_text.none": {"vi": "Không có lần nào.", "en": "None."},
    "systems_text.none_yet": {"vi": "Chưa có lượt nào.", "en": "None yet."},
    "systems_text.record": {"vi": "Ghi nhận", "en": "Record"},
    "systems_text.replace_the_key": {"vi": "Thay khóa", "en": "Replace the key"},
    "systems_text.result": {"vi": "Kết quả", "en": "Result"},
    "systems_text.scope_of_use": {"vi": "Phạm vi khai thác", "en": "Scope of use"},
    "systems_text.sequence": {"vi": "Thứ tự", "en": "Sequence"},
    "systems_text.status": {"vi": "Trạng thái", "en": "Status"},
    "systems_text.subscription": {"vi": "đăng ký", "en": "subscription"},
    "systems_text.time_utc": {"vi": "Thời điểm (UTC)", "en": "Time (UTC)"},
    "systems_text.traffic_over_30_days_information_provided_per": {
        "vi": "Lưu lượng 30 ngày (số lượt cung cấp thông tin theo ngày, giờ UTC)",
        "en": "Traffic over 30 days (information provided per day, UTC)",
    },
    "systems_text.until": {"vi": "đến", "en": "until"},
    "systems_text.valid_until": {"vi": "Có giá trị đến", "en": "Valid until"},
}


# Words of the connected systems' pages: checks, traffic, outcomes, delivery statuses
_SYSTEM_WORDS: dict[str, dict[str, str]] = {
    "systems_text.basis_a05_confirmation": {
        "vi": "Văn bản xác nhận của A05",
        "en": "A05's written confirmation",
    },
    "systems_text.basis_eid_platform": {
        "vi": "Đã kết nối nền tảng định danh, xác thực điện tử",
        "en": "Connected through the electronic identification and authentication platform",
    },
    "systems_text.checked_confirmed": {"vi": "bảo đảm an ninh mạng", "en": "cybersecure"},
    "systems_text.checked_suspended": {"vi": "tạm dừng kết nối", "en": "connection suspended"},
    "systems_text.traffic_lookup": {"vi": "Tra cứu", "en": "Lookups"},
    "systems_text.traffic_feed": {"vi": "Đọc thay đổi", "en": "Change feed reads"},
    "systems_text.traffic_webhook": {"vi": "Webhook", "en": "Webhook"},
    "systems_text.notice_registered": {
        "vi": "Đã đăng ký hệ thống kết nối",
        "en": "The connected system was registered",
    },
    "systems_text.notice_rotated": {
        "vi": "Đã thay khóa; khóa cũ bị thu hồi",
        "en": "The key was replaced; the old key is revoked",
    },
    "systems_text.notice_checked": {
        "vi": "Đã ghi nhận kết quả kiểm tra an ninh mạng",
        "en": "The cybersecurity check was recorded",
    },
    "systems_text.notice_requeued": {
        "vi": "Đã đưa lượt gửi vào hàng đợi lại",
        "en": "The delivery was queued again",
    },
    "enum.delivery_status.pending": {"vi": "Đang chờ gửi", "en": "Pending"},
    "enum.delivery_status.delivered": {"vi": "Đã gửi", "en": "Delivered"},
    "enum.delivery_status.dead": {"vi": "Gửi thất bại", "en": "Failed"},
    "enum.delivery_status.dropped": {"vi": "Đã bỏ", "en": "Dropped"},
}


PAGE_TEXT: dict[str, dict[str, str]] = {**_SYSTEM_TEXT, **_SYSTEM_WORDS}
