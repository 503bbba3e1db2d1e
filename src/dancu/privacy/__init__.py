"""The data subject's rights and the operator's duties under Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15
and Nghị định 356/2025/NĐ-CP: requests (access, correction, deletion, restriction, objection), the
breach register with its 72-hour clock, and retention schedules with their sweep."""
