"""Messages of this package (error codes and validation rules), Vietnamese first.

Validation rules are looked up as ``rule.<rule>`` with ``{field}`` (and ``{prefix}`` for
``pin.unknown_prefix``); cross-check warnings as ``pin.warning.<code>``, without parameters.
"""

from __future__ import annotations

_KHOAN_8_VI = "được phép giữ số định danh cũ theo Nghị định 70/2024/NĐ-CP Điều 11 khoản 8"
_KHOAN_8_EN = "the citizen may keep the existing PIN (Decree 70/2024 Article 11(8))"

MESSAGES: dict[str, dict[str, str]] = {
    # Validation rules (dancu.pin.rules.Rule).
    "rule.pin.not_12_digits": {
        "vi": "{field} phải gồm đúng 12 chữ số (0–9), không có dấu cách, dấu chấm hay chữ cái",
        "en": "{field} must be exactly 12 digits (0–9), with no spaces, dots or letters",
    },
    "rule.pin.looks_like_cmnd9": {
        "vi": "{field} có 9 chữ số: đây là số chứng minh nhân dân cũ, không phải số định danh cá nhân "
        "12 chữ số",
        "en": "{field} has 9 digits: this is an old identity card (CMND) number, not the 12-digit "
        "personal identification number",
    },
    "rule.pin.unknown_prefix": {
        "vi": "{field}: mã {prefix} không phải mã tỉnh, thành phố (trước năm 2025) hay mã quốc gia "
        "nơi đăng ký khai sinh",
        "en": "{field}: {prefix} is not the code of a (pre-2025) province or of a country of birth "
        "registration",
    },
    "rule.pin.prefix_not_3_digits": {
        "vi": "{field} phải gồm đúng 3 chữ số (mã tỉnh hoặc mã quốc gia nơi đăng ký khai sinh)",
        "en": "{field} must be exactly 3 digits (province or country code of birth registration)",
    },
    "rule.pin.unknown_province": {
        "vi": "{field} không phải mã tỉnh, thành phố gồm 2 chữ số trong danh mục 63 tỉnh trước năm 2025",
        "en": "{field} is not a 2-digit code of the 63 pre-2025 provinces",
    },
    "rule.pin.unknown_country": {
        "vi": "{field} không có trong danh mục mã quốc gia dùng cho số định danh cá nhân",
        "en": "{field} is not in the table of country codes used in personal identification numbers",
    },
    "rule.pin.sex_required": {
        "vi": "{field} phải là nam (1) hoặc nữ (2) để lập số định danh cá nhân",
        "en": "{field} must be male (1) or female (2) to compose a personal identification number",
    },
    "rule.pin.birth_year_out_of_range": {
        "vi": "{field} phải từ năm {min} đến năm {max}",
        "en": "{field} must be between {min} and {max}",
    },
    "rule.pin.random_part_out_of_range": {
        "vi": "{field} phải từ 0 đến {max}",
        "en": "{field} must be between 0 and {max}",
    },
    # Cross-check warnings (dancu.pin.rules.PinWarningCode). No placeholders: the values travel as
    # the warning's pin_value and record_value, and a caller that renders only the code stays correct.
    "pin.warning.sex_mismatch": {
        "vi": f"Giới tính thể hiện trong số định danh cá nhân khác giới tính trong hồ sơ; {_KHOAN_8_VI}",
        "en": f"The sex encoded in the personal identification number differs from the record; {_KHOAN_8_EN}",
    },
    "pin.warning.birth_year_mismatch": {
        "vi": f"Năm sinh thể hiện trong số định danh cá nhân khác năm sinh trong hồ sơ; {_KHOAN_8_VI}",
        "en": f"The year of birth encoded in the personal identification number differs from the record; "
        f"{_KHOAN_8_EN}",
    },
    "pin.warning.birth_registration_mismatch": {
        "vi": f"Nơi đăng ký khai sinh thể hiện trong số định danh cá nhân khác nơi đăng ký khai sinh trong "
        f"hồ sơ; {_KHOAN_8_VI}",
        "en": f"The place of birth registration encoded in the personal identification number differs from "
        f"the record; {_KHOAN_8_EN}",
    },
    # Grounds to cancel and re-establish a PIN (dancu.pin.grounds, data/cancellation_grounds.json).
    "rule.pin.unknown_ground": {
        "vi": "{field} không phải căn cứ hủy, xác lập lại số định danh cá nhân trong danh mục",
        "en": "{field} is not a ground to cancel and re-establish a PIN in the grounds list",
    },
    "rule.pin.ground_closed": {
        "vi": "{field}: căn cứ này không còn áp dụng cho việc hủy, xác lập lại mới (hết hiệu lực sau "
        "ngày {until}; Nghị định 58/2026/NĐ-CP)",
        "en": "{field}: this ground no longer applies to new cancellations (closed after {until}; "
        "Decree 58/2026)",
    },
    "rule.pin.ground_not_reestablishing": {
        "vi": "{field}: căn cứ này chỉ hủy số định danh cá nhân, không xác lập lại",
        "en": "{field}: this ground cancels the PIN without establishing a new one",
    },
    "rule.pin.no_prefix_rule": {
        "vi": "{field}: chưa có quy tắc mã nơi đăng ký khai sinh cho bảng mã này vào ngày hiện tại",
        "en": "{field}: no prefix rule covers this code table today",
    },
    "rule.pin.citizen_request_required": {
        "vi": "{field}: căn cứ này chỉ thực hiện theo nhu cầu của công dân — cần văn bản đề nghị của "
        "công dân (số, ngày nhận và bản quét) (Nghị định 70/2024/NĐ-CP Điều 11 khoản 8)",
        "en": "{field}: this ground applies only at the citizen's wish — the citizen's written request "
        "(reference, date received and scan) is required (Decree 70/2024 Article 11(8))",
    },
    "rule.pin.request_base64": {
        "vi": "{field} không phải dữ liệu base64 hợp lệ",
        "en": "{field} is not valid base64",
    },
    "rule.pin.request_too_large": {
        "vi": "{field} vượt quá {max_bytes} byte",
        "en": "{field} is larger than {max_bytes} bytes",
    },
    "rule.pin.request_type": {
        "vi": "{field}: nội dung tệp không phải PDF, JPEG hay PNG như đã khai",
        "en": "{field}: the file is not the PDF, JPEG or PNG it claims to be",
    },
    "rule.pin.request_in_future": {
        "vi": "{field} không được sau ngày hôm nay",
        "en": "{field} cannot be after today",
    },
    "pin.not_undetermined_nationality": {
        "vi": "Chỉ hủy số định danh cá nhân theo Điều 36 khoản 4 với người chưa xác định được quốc tịch",
        "en": "Article 36(4) cancels only the PIN of a person of undetermined nationality",
    },
    "rule.pin.nationality_still_undetermined": {
        "vi": "{field}: ghi quốc tịch đã được xác định, không phải XX",
        "en": "{field}: give the nationality acquired, not XX",
    },
    # Labels used when a decoded PIN is shown.
    "pin.sex.1": {"vi": "Nam", "en": "Male"},
    "pin.sex.2": {"vi": "Nữ", "en": "Female"},
    "pin.place_kind.province": {"vi": "Tỉnh, thành phố", "en": "Province"},
    "pin.place_kind.country": {
        "vi": "Quốc gia (đăng ký khai sinh ở nước ngoài)",
        "en": "Country (birth registered abroad)",
    },
}
