"""Messages of the code lists (error codes and validation rules), Vietnamese first."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "codes.unknown_code": {
        "vi": "Không có mã {value} trong danh mục {code_list}",
        "en": "Code {value} is not in the {code_list} list",
    },
    # Validation rules: looked up as "rule.<rule>" with the field name.
    "rule.codes.unknown_ethnicities": {
        "vi": "{field}: {code} không phải mã dân tộc trong danh mục",
        "en": "{field}: {code} is not an ethnic-group code",
    },
    "rule.codes.unknown_religions": {
        "vi": "{field}: {code} không phải mã tôn giáo trong danh mục",
        "en": "{field}: {code} is not a religion code",
    },
    "rule.codes.unknown_countries": {
        "vi": "{field}: {code} không phải mã quốc gia ISO 3166-1 alpha-2 (hai chữ in hoa, ví dụ VN)",
        "en": "{field}: {code} is not an ISO 3166-1 alpha-2 country code (two capitals, e.g. VN)",
    },
    "rule.codes.unknown_blood_groups": {
        "vi": "{field}: {code} không phải mã nhóm máu (ví dụ O+, AB-, A hoặc unknown)",
        "en": "{field}: {code} is not a blood-group code (e.g. O+, AB-, A or unknown)",
    },
}
