"""The message catalogue, gathered from the feature packages' own ``messages`` modules."""

from __future__ import annotations

from dancu.access.messages import MESSAGES as ACCESS
from dancu.audit.messages import MESSAGES as AUDIT
from dancu.calendar.messages import MESSAGES as CALENDAR
from dancu.codes.messages import MESSAGES as CODES
from dancu.competence.messages import MESSAGES as COMPETENCE
from dancu.corrections.messages import MESSAGES as CORRECTIONS
from dancu.exploitation.documents.messages import MESSAGES as DOCUMENTS
from dancu.exploitation.fees.messages import MESSAGES as FEES
from dancu.exploitation.fees.page_text import PAGE_TEXT as FEES_PAGES
from dancu.exploitation.requests.messages import MESSAGES as REQUESTS
from dancu.exploitation.requests.page_text import PAGE_TEXT as REQUESTS_PAGES
from dancu.exploitation.requests.paper_messages import MESSAGES as PAPER_CONSENTS
from dancu.exploitation.requests.portal_messages import MESSAGES as REQUEST_PORTAL
from dancu.geo.messages import MESSAGES as GEO
from dancu.identity.child_messages import MESSAGES as CHILD_ACCOUNTS
from dancu.identity.messages import MESSAGES as IDENTITY
from dancu.identity.page_text import PAGE_TEXT as IDENTITY_PAGES
from dancu.lookup.messages import MESSAGES as LOOKUP
from dancu.notify.messages import MESSAGES as NOTIFY
from dancu.notify.page_text import PAGE_TEXT as NOTIFY_PAGES
from dancu.ops.messages import MESSAGES as OPS
from dancu.organisations.messages import MESSAGES as ORGANISATIONS
from dancu.organisations.page_text import PAGE_TEXT as ORGANISATIONS_PAGES
from dancu.pin.messages import MESSAGES as PIN
from dancu.privacy.messages import MESSAGES as PRIVACY
from dancu.privacy.page_text import PAGE_TEXT as PRIVACY_PAGES
from dancu.registry.messages import MESSAGES as REGISTRY
from dancu.registry.page_text import PAGE_TEXT as REGISTRY_PAGES
from dancu.sharing.feed.messages import MESSAGES as SHARING_FEED
from dancu.sharing.feed.page_text import PAGE_TEXT as SHARING_FEED_PAGES
from dancu.sharing.qcvn109.messages import MESSAGES as QCVN109
from dancu.sharing.reconcile.messages import MESSAGES as RECONCILE
from dancu.undetermined.messages import MESSAGES as UNDETERMINED
from dancu.web.messages import MESSAGES as WEB

COMMON: dict[str, dict[str, str]] = {
    "validation.failed": {"vi": "Dữ liệu gửi lên không hợp lệ", "en": "The submitted data is invalid"},
    "http.not_found": {"vi": "Không tìm thấy", "en": "Not found"},
    "http.method_not_allowed": {"vi": "Phương thức không được phép", "en": "Method not allowed"},
    "http.payload_too_large": {
        "vi": "Dữ liệu gửi lên quá lớn (tối đa {limit} byte)",
        "en": "The request body is too large (at most {limit} bytes)",
    },
    "http.too_many_requests": {
        "vi": "Quá nhiều yêu cầu; hãy thử lại sau {retry_after} giây",
        "en": "Too many requests; try again in {retry_after} seconds",
    },
    "http.error": {"vi": "Yêu cầu không thể xử lý", "en": "The request could not be processed"},
    "attachment.altered": {
        "vi": "Tệp đính kèm {attachment_id} đã bị thay đổi sau khi lưu (không khớp kiểm tra toàn vẹn); "
        "không thể cung cấp tệp này",
        "en": "Attachment {attachment_id} was altered after it was stored (its integrity check fails); "
        "it cannot be served",
    },
    "sealing.no_keys": {
        "vi": "Chưa cấu hình khóa niêm phong bí mật (DANCU_SEALING_KEYS_FILE)",
        "en": "No sealing keys are configured (DANCU_SEALING_KEYS_FILE)",
    },
    "sealing.keys_file_unreadable": {
        "vi": "Không đọc được tệp khóa niêm phong {path}",
        "en": "The sealing keys file {path} cannot be read",
    },
    "sealing.bad_keys_file": {
        "vi": "Tệp khóa niêm phong {source} sai định dạng (dòng {line}): "
        "mỗi dòng '<mã khóa> <base64 32 byte>'",
        "en": "The sealing keys file {source} is malformed (line {line}): "
        "each line '<key id> <base64 of 32 bytes>'",
    },
    "sealing.bad_key_id": {
        "vi": "Mã khóa {key_id} không hợp lệ (1-16 ký tự chữ, số, '-' hoặc '_')",
        "en": "The key id {key_id} is invalid (1-16 letters, digits, '-' or '_')",
    },
    "sealing.unknown_key": {
        "vi": "Dữ liệu được niêm phong bằng khóa {key_id} không có trong tệp khóa",
        "en": "A value is sealed with key {key_id}, which the keys file does not hold",
    },
    "sealing.not_sealed": {
        "vi": "Giá trị bí mật ({purpose}) không được niêm phong",
        "en": "A secret value ({purpose}) is not sealed",
    },
    "sealing.altered": {
        "vi": "Giá trị bí mật ({purpose}) đã bị thay đổi và không mở được",
        "en": "A secret value ({purpose}) was altered and cannot be opened",
    },
    "cli.database_error": {
        "vi": "Không làm việc được với cơ sở dữ liệu: {detail}. Đã chạy `dancu db upgrade` chưa?",
        "en": "The database could not be used: {detail}. Has `dancu db upgrade` been run?",
    },
    "http.internal": {
        "vi": "Lỗi hệ thống; yêu cầu chưa được thực hiện, không có dữ liệu nào bị thay đổi",
        "en": "Internal error; the request was not carried out and nothing was changed",
    },
    "auth.required": {"vi": "Cần đăng nhập", "en": "Login required"},
    "auth.invalid_credentials": {
        "vi": "Tên đăng nhập hoặc mật khẩu không đúng",
        "en": "Wrong username or password",
    },
    "auth.locked": {
        "vi": "Tài khoản tạm khóa do đăng nhập sai nhiều lần; thử lại sau {seconds} giây",
        "en": "Account temporarily locked after repeated failures; try again in {seconds} seconds",
    },
    "auth.permission_denied": {
        "vi": "Bạn không có quyền thực hiện thao tác này ({permission})",
        "en": "You do not have permission for this action ({permission})",
    },
    "auth.csrf_failed": {
        "vi": "Phiên làm việc không hợp lệ (CSRF); hãy tải lại trang",
        "en": "Invalid session token (CSRF); reload the page",
    },
    "auth.second_factor_required": {
        "vi": "Cần xác thực bước hai (mã một lần)",
        "en": "Second factor required (one-time code)",
    },
    "auth.session_required": {
        "vi": "Thao tác này chỉ thực hiện được trong phiên đăng nhập của chính chủ tài khoản",
        "en": "This action needs the account holder's own login session",
    },
    "auth.account_not_active": {
        "vi": "Tài khoản không sử dụng được: {status_vi}",
        "en": "The account cannot be used: {status_en}",
    },
    "auth.organisation_inactive": {
        "vi": "Tổ chức của tài khoản không còn hoạt động",
        "en": "The account's organisation is not active",
    },
    "access.channel_not_allowed": {
        "vi": "Nhóm {group} không được khai thác thông tin qua phương thức {channel}",
        "en": "Group {group} may not use the {channel} channel",
    },
    "auth.out_of_territory": {
        "vi": "Công dân không thuộc địa bàn quản lý của đơn vị bạn",
        "en": "This citizen is outside your unit's territory",
    },
    "rule.auth.out_of_territory": {
        "vi": "{field}: người này không thuộc địa bàn quản lý của đơn vị bạn",
        "en": "{field}: this person is outside your unit's territory",
    },
    # Validation rules (pydantic error types and our own rule keys).
    "rule.missing": {"vi": "Trường {field} là bắt buộc", "en": "{field} is required"},
    "rule.string_too_short": {
        "vi": "{field} phải có ít nhất {min_length} ký tự",
        "en": "{field} must have at least {min_length} characters",
    },
    "rule.string_too_long": {
        "vi": "{field} không được dài quá {max_length} ký tự",
        "en": "{field} must have at most {max_length} characters",
    },
    "rule.string_pattern_mismatch": {
        "vi": "{field} không đúng định dạng ({pattern})",
        "en": "{field} does not match the required format ({pattern})",
    },
    "rule.string_type": {"vi": "{field} phải là chuỗi ký tự", "en": "{field} must be a string"},
    "rule.control_character": {
        "vi": "{field} chứa ký tự điều khiển (ví dụ NUL) không được phép",
        "en": "{field} contains a control character (such as NUL), which is not allowed",
    },
    "rule.int_parsing": {"vi": "{field} phải là số nguyên", "en": "{field} must be an integer"},
    "rule.int_type": {"vi": "{field} phải là số nguyên", "en": "{field} must be an integer"},
    "rule.greater_than_equal": {"vi": "{field} phải ≥ {ge}", "en": "{field} must be ≥ {ge}"},
    "rule.less_than_equal": {"vi": "{field} phải ≤ {le}", "en": "{field} must be ≤ {le}"},
    "rule.date_from_datetime_parsing": {
        "vi": "{field} phải là ngày dạng YYYY-MM-DD",
        "en": "{field} must be a date (YYYY-MM-DD)",
    },
    "rule.date_parsing": {
        "vi": "{field} phải là ngày dạng YYYY-MM-DD",
        "en": "{field} must be a date (YYYY-MM-DD)",
    },
    "rule.date_from_datetime_inexact": {
        "vi": "{field} phải là ngày dạng YYYY-MM-DD",
        "en": "{field} must be a date (YYYY-MM-DD)",
    },
    "rule.date_in_future": {
        "vi": "{field} không thể là một ngày trong tương lai (hôm nay là {today})",
        "en": "{field} cannot be in the future (today is {today})",
    },
    "rule.date_type": {
        "vi": "{field} phải là ngày dạng YYYY-MM-DD",
        "en": "{field} must be a date (YYYY-MM-DD)",
    },
    "rule.enum": {"vi": "{field} phải là một trong: {expected}", "en": "{field} must be one of: {expected}"},
    "rule.literal_error": {
        "vi": "{field} phải là một trong: {expected}",
        "en": "{field} must be one of: {expected}",
    },
    "rule.json_invalid": {"vi": "Nội dung JSON không hợp lệ", "en": "Invalid JSON body"},
    "rule.model_attributes_type": {"vi": "{field} phải là một đối tượng", "en": "{field} must be an object"},
    "rule.dict_type": {"vi": "{field} phải là một đối tượng", "en": "{field} must be an object"},
    "rule.list_type": {"vi": "{field} phải là một danh sách", "en": "{field} must be a list"},
    "rule.extra_forbidden": {"vi": "Trường {field} không được chấp nhận", "en": "Unknown field {field}"},
    "rule.bool_parsing": {"vi": "{field} phải là đúng/sai", "en": "{field} must be true or false"},
    "rule.value_error": {"vi": "{field} không hợp lệ", "en": "{field} is invalid"},
    "rule.invalid": {"vi": "{field} không hợp lệ", "en": "{field} is invalid"},
}

CATALOGUE: dict[str, dict[str, str]] = {
    **COMMON,
    **WEB,
    **ACCESS,
    **AUDIT,
    **CALENDAR,
    **CODES,
    **COMPETENCE,
    **FEES,
    **CORRECTIONS,
    **DOCUMENTS,
    **GEO,
    **IDENTITY,
    **CHILD_ACCOUNTS,
    **PIN,
    **REGISTRY,
    **REQUESTS,
    **PAPER_CONSENTS,
    **REQUEST_PORTAL,
    **SHARING_FEED,
    **RECONCILE,
    **LOOKUP,
    **QCVN109,
    **OPS,
    **PRIVACY,
    **NOTIFY,
    **ORGANISATIONS,
    **UNDETERMINED,
    # The templates' page text, kept beside each package's messages (vi first).
    **FEES_PAGES,
    **REQUESTS_PAGES,
    **IDENTITY_PAGES,
    **NOTIFY_PAGES,
    **ORGANISATIONS_PAGES,
    **PRIVACY_PAGES,
    **REGISTRY_PAGES,
    **SHARING_FEED_PAGES,
}
