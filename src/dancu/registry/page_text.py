"""Page texts of the templates (labels, headings, buttons, hints): Vietnamese first."""

from __future__ import annotations

# registry/templates/collect.html
_COLLECT_TEXT: dict[str, dict[str, str]] = {
    "collect_text.draw_up_a_proposal": {"vi": "lập đề xuất", "en": "draw up a proposal"},
    "collect_text.for_the_head_of_the_commune_police": {
        "vi": "để Trưởng Công an cấp xã (hoặc cấp phó được giao quyền) phê duyệt (TT 117/2026 Điều 5 "
        "khoản 3 điểm a, khoản 5).",
        "en": "for the head of the commune police (or a deputy with a delegation) to approve "
        "(Circular 117/2026 Article 5(3)(a) and (5)).",
    },
    "collect_text.staff_may_not_approve": {
        "vi": "Cán bộ không có thẩm quyền phê duyệt:",
        "en": "Staff may not approve:",
    },
}


# registry/templates/proposal.html
_PROPOSAL_TEXT: dict[str, dict[str, str]] = {
    "proposal_text.collect_information_dc01": {
        "vi": "← Thu thập thông tin (DC01)",
        "en": "← Collect information (DC01)",
    },
    "proposal_text.dc01_dossier_number": {"vi": "Số hồ sơ DC01", "en": "DC01 dossier number"},
    "proposal_text.decided": {"vi": "(đã quyết định:", "en": "(decided:"},
    "proposal_text.draw_up_a_proposal": {"vi": "Lập đề xuất", "en": "Draw up a proposal"},
    "proposal_text.proposal_no": {"vi": "Đề xuất số", "en": "Proposal no."},
    "proposal_text.proposal_to_approve_a_collection_dc01": {
        "vi": "Đề xuất phê duyệt thu thập (DC01)",
        "en": "Proposal to approve a collection (DC01)",
    },
    "proposal_text.proposal_to_cancel_and_re_establish_a": {
        "vi": "Đề xuất hủy, xác lập lại số định danh cá nhân",
        "en": "Proposal to cancel and re-establish a personal identification number",
    },
    "proposal_text.proposals_by_the_officers_handling_it": {
        "vi": "Đề xuất của cán bộ xử lý",
        "en": "Proposals by the officers handling it",
    },
    "proposal_text.proposes_approval": {"vi": "đề xuất chấp thuận", "en": "proposes approval"},
    "proposal_text.proposes_refusal": {"vi": "đề xuất từ chối", "en": "proposes refusal"},
    "proposal_text.recommendation": {"vi": "Đề xuất", "en": "Recommendation"},
    "proposal_text.report_the_proposal": {"vi": "Báo cáo đề xuất", "en": "Report the proposal"},
    "proposal_text.staff_propose_collection": {
        "vi": "Cán bộ lập đề xuất và báo cáo Thủ trưởng (hoặc cấp phó được giao quyền) phê duyệt; "
        "người lập đề xuất không tự phê duyệt "
        "(TT 117/2026 Điều 17 khoản 3–4; Điều 5 khoản 3 điểm a, khoản 5).",
        "en": "Staff draw up a proposal and report it to the head (or a deputy with a delegation) to "
        "approve; whoever proposes does not approve it (Circular 117/2026 Article 17(3)–(4); Article 5(3)(a) "
        "and (5)).",
    },
    "proposal_text.staff_propose_pin": {
        "vi": "Cán bộ lập đề xuất và báo cáo Thủ trưởng (hoặc cấp phó được giao quyền) phê duyệt; "
        "người lập đề xuất không tự phê duyệt (TT 117/2026 Điều 17 khoản 3–4; NĐ 70/2024 Điều 11).",
        "en": "Staff draw up a proposal and report it to the head (or a deputy with a delegation) to "
        "approve; whoever proposes does not approve it (Circular 117/2026 Article 17(3)–(4); Decree 70/2024 "
        "Article 11).",
    },
    "proposal_text.text_of_the_proposal": {"vi": "Nội dung đề xuất", "en": "Text of the proposal"},
}


# The proposal form's choices and its one rule of its own
_PROPOSAL_MORE: dict[str, dict[str, str]] = {
    "proposal_text.recommend_approve": {"vi": "Đề xuất chấp thuận", "en": "Propose approval"},
    "proposal_text.recommend_refuse": {"vi": "Đề xuất từ chối", "en": "Propose refusal"},
    "rule.no_slash": {"vi": "{field} không được chứa dấu «/»", "en": "{field} must not contain «/»"},
}


# How the record and its history say a value (periods, households, absences, other information)
_DISPLAY_TEXT: dict[str, dict[str, str]] = {
    "registry_display.household": {
        "vi": "Hộ số {number} — {relation}",
        "en": "Household {number} — {relation}",
    },
    "registry_display.absence": {
        "vi": "Nơi đến: {destination}; lý do: {reason}",
        "en": "Destination: {destination}; reason: {reason}",
    },
    "registry_display.absence_subject": {"vi": "; đối tượng: {kind}", "en": "; category: {kind}"},
    "registry_display.yes": {"vi": "Có", "en": "Yes"},
    "registry_display.before_2025": {"vi": "Trước 2025", "en": "Before 2025"},
    "registry_display.no": {"vi": "Không", "en": "No"},
    "registry_display.extra": {
        "vi": "{value} (nguồn: {source}; {verified})",
        "en": "{value} (source: {source}; {verified})",
    },
    "registry_display.period": {"vi": "từ {start} đến {end}", "en": "from {start} to {end}"},
    "registry_display.period_from": {"vi": "từ {start}", "en": "from {start}"},
    "registry_display.period_until": {"vi": "đến {end}", "en": "until {end}"},
    "registry_display.known_end_of_day": {"vi": "hết ngày {day}", "en": "the end of {day}"},
    "registry_display.known_now": {"vi": "thời điểm hiện tại ({instant})", "en": "now ({instant})"},
    "registry_display.as_of_banner": {
        "vi": "Hồ sơ có hiệu lực ngày {valid_on}, theo dữ liệu cơ sở dữ liệu đã biết đến {known}.",
        "en": "The record in force on {valid_on}, as the database knew it at {known}.",
    },
}

PAGE_TEXT: dict[str, dict[str, str]] = {**_DISPLAY_TEXT, **_COLLECT_TEXT, **_PROPOSAL_TEXT, **_PROPOSAL_MORE}
