"""Messages of this package (error codes and validation rules), Vietnamese first."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "geo.unknown_unit": {
        "vi": "Không có đơn vị hành chính mã {unit} trong bảng mã {table}",
        "en": "No administrative unit has code {unit} in code table {table}",
    },
    "geo.no_district_level": {
        "vi": "Bảng mã {table} không có cấp huyện (chính quyền địa phương hai cấp từ 01/07/2025)",
        "en": "Code table {table} has no district level (two-level local government from 1 July 2025)",
    },
    # Validation rules: looked up as "rule.<rule>" with the field name.
    "rule.geo.unknown_table": {
        "vi": "{field}: không có bảng mã đơn vị hành chính {table} (chỉ có pre2025 và 2025)",
        "en": "{field}: there is no administrative-unit code table {table} (only pre2025 and 2025)",
    },
    "rule.geo.unknown_unit": {
        "vi": "{field}: không có đơn vị hành chính mã {code} trong bảng mã {table}",
        "en": "{field}: no administrative unit has code {code} in code table {table}",
    },
    "rule.geo.not_province": {
        "vi": "{field} phải là mã tỉnh, thành phố (2 chữ số); {code} không phải",
        "en": "{field} must be a province code (2 digits); {code} is not",
    },
    "rule.geo.not_district": {
        "vi": "{field} phải là mã quận, huyện (3 chữ số, bảng mã trước 2025); {code} không phải",
        "en": "{field} must be a district code (3 digits, pre-2025 table); {code} is not",
    },
    "rule.geo.not_commune": {
        "vi": "{field} phải là mã xã, phường, đặc khu (5 chữ số); {code} không phải",
        "en": "{field} must be a commune, ward or special-zone code (5 digits); {code} is not",
    },
}
