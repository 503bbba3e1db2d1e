"""Messages of QCVN 109 message exchange (error codes and validation rules), Vietnamese first."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "qcvn109.invalid_message": {
        "vi": "Thông điệp dữ liệu công dân không hợp lệ",
        "en": "The citizen data message is invalid",
    },
    "qcvn109.unsupported_media_type": {
        "vi": "Thông điệp phải là XML (application/xml)",
        "en": "The message must be XML (application/xml)",
    },
    "rule.qcvn109.empty": {"vi": "Thông điệp rỗng", "en": "The message is empty"},
    "rule.qcvn109.too_large": {
        "vi": "Thông điệp vượt quá {limit} byte",
        "en": "The message is larger than {limit} bytes",
    },
    "rule.qcvn109.not_well_formed": {
        "vi": "XML không đúng cú pháp (dòng {line}): {detail}",
        "en": "The XML is not well-formed (line {line}): {detail}",
    },
    "rule.qcvn109.doctype_forbidden": {
        "vi": "Thông điệp không được chứa khai báo DOCTYPE hay thực thể (entity)",
        "en": "The message may not contain a DOCTYPE or entity declarations",
    },
    "rule.qcvn109.schema": {
        "vi": "{field} (dòng {line}) không đúng lược đồ: {detail}",
        "en": "{field} (line {line}) does not match the schema: {detail}",
    },
    "rule.qcvn109.unknown_code": {
        "vi": "{field}: mã {code} không có trong bảng mã",
        "en": "{field}: code {code} is not in the code table",
    },
    "rule.qcvn109.unknown_attribute": {
        "vi": "{field}: {code} không có trong danh mục thông tin khác",
        "en": "{field}: {code} is not in the catalogue of other information",
    },
    "rule.qcvn109.extra_type": {
        "vi": "{field}: giá trị phải có kiểu {type}",
        "en": "{field}: the value must be of type {type}",
    },
    "rule.qcvn109.unknown_household": {
        "vi": "{field}: không có hộ gia đình số {number}",
        "en": "{field}: there is no household number {number}",
    },
    "rule.qcvn109.unknown_pin": {
        "vi": "{field}: không có công dân mang số định danh {pin}",
        "en": "{field}: no citizen holds PIN {pin}",
    },
    "rule.qcvn109.item_has_own_procedure": {
        "vi": "{field}: thông tin này chỉ được thay đổi qua thủ tục riêng, không qua thông điệp",
        "en": "{field}: this item changes only through its own procedure, not by a message",
    },
}
