"""Messages of reconciliation (error codes and file rules), Vietnamese first."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "reconcile.batch_not_found": {"vi": "Không tìm thấy lô đối soát", "en": "Reconciliation batch not found"},
    "reconcile.not_finished": {
        "vi": "Lô đối soát chưa xử lý xong ({done}/{total} dòng)",
        "en": "The reconciliation batch is not finished ({done}/{total} rows)",
    },
    "reconcile.group_not_allowed": {
        "vi": "Nhóm {group} không được đối soát dữ liệu; "
        "chỉ cơ quan, tổ chức theo Luật Căn cước Điều 8 khoản 1",
        "en": "Group {group} may not reconcile; only bodies of Identity Law Art. 8(1) may",
    },
    "rule.reconcile.not_utf8": {
        "vi": "Tệp phải mã hóa UTF-8 (byte không hợp lệ ở vị trí {offset})",
        "en": "The file must be UTF-8 (invalid byte at offset {offset})",
    },
    "rule.reconcile.file_too_large": {
        "vi": "Tệp vượt quá giới hạn {limit} byte",
        "en": "The file exceeds the limit of {limit} bytes",
    },
    "rule.reconcile.too_many_rows": {
        "vi": "Lô vượt quá giới hạn {limit} dòng",
        "en": "The batch exceeds the limit of {limit} rows",
    },
    "rule.reconcile.bad_quote": {
        "vi": "Dòng tiêu đề có dấu ngoặc kép không đóng hoặc sai vị trí",
        "en": "The header line has an unterminated or misplaced quote",
    },
    "rule.reconcile.line_too_long": {
        "vi": "Dòng {row} dài quá {limit} ký tự: đây không phải dòng của lô đối soát",
        "en": "Line {row} is longer than {limit} characters: it is not a row of a batch",
    },
    "rule.reconcile.empty": {"vi": "Tệp không có dòng dữ liệu nào", "en": "The file has no data rows"},
    "rule.reconcile.unknown_column": {
        "vi": "Cột không được hỗ trợ: {column} (cho phép: pin, full_name, date_of_birth, sex, "
        "permanent_residence_unit)",
        "en": "Unsupported column: {column} (allowed: pin, full_name, date_of_birth, sex, "
        "permanent_residence_unit)",
    },
    "rule.reconcile.missing_column": {
        "vi": "Thiếu cột bắt buộc: {column}",
        "en": "Required column missing: {column}",
    },
    "rule.reconcile.duplicate_column": {
        "vi": "Cột bị lặp trong dòng tiêu đề",
        "en": "A column is repeated in the header",
    },
    "rule.reconcile.column_outside_mandate": {
        "vi": "Cột {column} nằm ngoài phạm vi thông tin được phép khai thác",
        "en": "Column {column} is outside the fields you may receive",
    },
    "rule.reconcile.unsupported_type": {
        "vi": "Kiểu nội dung không được hỗ trợ ({type}); dùng text/csv hoặc application/x-ndjson",
        "en": "Unsupported content type ({type}); use text/csv or application/x-ndjson",
    },
}
