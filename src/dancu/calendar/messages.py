"""Messages of the working-day calendar."""

MESSAGES: dict[str, dict[str, str]] = {
    "rule.calendar.negative_days": {
        "vi": "{field}: số ngày làm việc không được âm",
        "en": "{field}: the number of working days cannot be negative",
    },
    "rule.calendar.pause_reversed": {
        "vi": "{field}: khoảng tạm dừng kết thúc ({end}) trước khi bắt đầu ({start})",
        "en": "{field}: the pause ends ({end}) before it starts ({start})",
    },
    "rule.calendar.pause_format": {
        "vi": "{field} phải có dạng BẮT_ĐẦU:KẾT_THÚC (YYYY-MM-DD:YYYY-MM-DD)",
        "en": "{field} must be START:END (YYYY-MM-DD:YYYY-MM-DD)",
    },
    "rule.calendar.file_not_object": {
        "vi": "{field}: tệp lịch phải là một đối tượng JSON",
        "en": "{field}: the calendar file must be a JSON object",
    },
    "rule.calendar.bad_weekday": {
        "vi": "{field}: ngày nghỉ cuối tuần phải là một trong: {expected}",
        "en": "{field}: weekend days must be among: {expected}",
    },
    "rule.calendar.file_unreadable": {
        "vi": "Không đọc được tệp lịch {path}: {error}",
        "en": "Cannot read the calendar file {path}: {error}",
    },
}
