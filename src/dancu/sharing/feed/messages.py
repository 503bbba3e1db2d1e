"""Messages of the change feed, webhooks and connected systems, Vietnamese first."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "sharing.not_a_connected_system": {
        "vi": "Chỉ hệ thống của cơ quan nhà nước (nhóm khoản 1) được nhận thông tin thay đổi",
        "en": "Only a state agency's (group k1) system may receive the change feed",
    },
    "sharing.direct_channel_only": {
        "vi": (
            "Thông tin thay đổi chỉ được nhận qua kết nối, chia sẻ trực tiếp "
            "(Luật Căn cước Điều 10 khoản 5 điểm a)"
        ),
        "en": "The change feed is only available over the direct connection (Identity Law Art. 10(5)(a))",
    },
    "sharing.pin_not_in_mandate": {
        "vi": "Phạm vi khai thác không có số định danh cá nhân nên không thể đăng ký nhận thay đổi",
        "en": "The mandate does not include the personal identification number, so it cannot subscribe",
    },
    "rule.sharing.kind_outside_mandate": {
        "vi": "{field}: các loại thay đổi sau nằm ngoài phạm vi khai thác: {kinds}",
        "en": "{field}: these kinds of change are outside the mandate: {kinds}",
    },
    "rule.sharing.duplicate_kinds": {
        "vi": "{field} có loại thay đổi bị lặp",
        "en": "{field} lists a kind of change twice",
    },
    "rule.sharing.webhook_https_required": {
        "vi": "{field} phải là địa chỉ https://",
        "en": "{field} must be an https:// address",
    },
    "rule.sharing.webhook_url_plain": {
        "vi": "{field} không được chứa tên đăng nhập, mật khẩu hay phần #",
        "en": "{field} must not contain credentials or a #fragment",
    },
    "rule.sharing.webhook_address_refused": {
        "vi": "{field} chỉ được trỏ tới địa chỉ công cộng; {host} là địa chỉ nội bộ hoặc dành riêng",
        "en": "{field} must point to a public address; {host} is local, private or reserved",
    },
    "sharing.subscription_not_found": {
        "vi": "Không tìm thấy đăng ký nhận thay đổi",
        "en": "Subscription not found",
    },
    "sharing.delivery_not_found": {"vi": "Không tìm thấy lượt gửi", "en": "Delivery not found"},
    "sharing.delivery_not_dead": {
        "vi": "Chỉ gửi lại được lượt gửi đã thất bại hẳn",
        "en": "Only a dead-lettered delivery can be re-queued",
    },
    "sharing.client_not_found": {
        "vi": "Không tìm thấy máy khách kết nối",
        "en": "Machine client not found",
    },
    "rule.sharing.jwk_invalid": {
        "vi": "{field} phải là khóa công khai JWK (JSON) hợp lệ",
        "en": "{field} must be a valid public JWK (JSON)",
    },
    "rule.sharing.jwk_private": {
        "vi": "{field} chứa khóa bí mật; chỉ tải lên khóa công khai",
        "en": "{field} contains a private key; upload the public key only",
    },
    "rule.sharing.check_valid_until_before_date": {
        "vi": "{field} không được trước ngày của văn bản xác nhận",
        "en": "{field} cannot be before the date of the confirmation",
    },
    "rule.sharing.jwk_kid_taken": {
        "vi": "{field}: mã khóa (kid) đã được dùng, hãy dùng khóa mới",
        "en": "{field}: this key id (kid) is already in use; use a new key",
    },
}

# Form labels of the operator pages.
MESSAGES |= {
    "field.client_name": {"vi": "Tên hệ thống kết nối", "en": "Connected system name"},
    "field.jwk": {"vi": "Khóa công khai (JWK)", "en": "Public key (JWK)"},
    "field.kinds": {"vi": "Loại thay đổi", "en": "Kinds of change"},
    "field.webhook_url": {"vi": "Địa chỉ webhook", "en": "Webhook URL"},
}


# Page text of the templates (labels, headings, buttons, hints): Vietnamese first.
_TEXT: dict[str, dict[str, str]] = {
    "feed_text.connected_systems": {"vi": "Hệ thống kết nối", "en": "Connected systems"},
    "feed_text.systems_connected_for_direct_sharing": {
        "vi": "Hệ thống kết nối, chia sẻ trực tiếp",
        "en": "Systems connected for direct sharing",
    },
    "feed_text.register_a_new_system": {"vi": "Đăng ký hệ thống mới", "en": "Register a new system"},
    "feed_text.failed_webhook_deliveries": {"vi": "Webhook gửi thất bại", "en": "Failed webhook deliveries"},
    "feed_text.no_systems_yet": {"vi": "Chưa có hệ thống nào.", "en": "No systems yet."},
    "feed_text.body": {"vi": "Cơ quan", "en": "Body"},
    "feed_text.group": {"vi": "Nhóm", "en": "Group"},
    "feed_text.permitted_scope": {"vi": "Phạm vi khai thác", "en": "Permitted scope"},
    "feed_text.client": {"vi": "Máy khách", "en": "Client"},
    "feed_text.stopped": {"vi": "(ngừng)", "en": "(stopped)"},
    "feed_text.dead_letters_title": {"vi": "Webhook gửi thất bại", "en": "Failed webhook deliveries"},
    "feed_text.dead_letters_heading": {
        "vi": "Webhook gửi thất bại (dead letter)",
        "en": "Failed webhook deliveries (dead letters)",
    },
    "feed_text.dead_letters_none": {
        "vi": "Không có lượt gửi nào thất bại hẳn.",
        "en": "No delivery has failed for good.",
    },
    "feed_text.delivery": {"vi": "Lượt gửi", "en": "Delivery"},
    "feed_text.organisation": {"vi": "Cơ quan", "en": "Organisation"},
    "feed_text.sequence": {"vi": "Thứ tự", "en": "Sequence"},
    "feed_text.attempts": {"vi": "Số lần", "en": "Attempts"},
    "feed_text.last_error": {"vi": "Lỗi cuối", "en": "Last error"},
    "feed_text.action": {"vi": "Thao tác", "en": "Action"},
    "feed_text.subscription": {"vi": "đăng ký", "en": "subscription"},
    "feed_text.send_again": {"vi": "Gửi lại", "en": "Send again"},
}

MESSAGES |= _TEXT
