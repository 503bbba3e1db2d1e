"""Words of the shared frame: the front door, the menus, the language switch (vi first, en second)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # The frame on every page.
    "frame.home": {"vi": "Trang chủ", "en": "Home"},
    "frame.product": {"vi": "Cơ sở dữ liệu quốc gia về dân cư", "en": "National Population Database"},
    "frame.logout": {"vi": "Đăng xuất", "en": "Log out"},
    "frame.login": {"vi": "Đăng nhập", "en": "Log in"},
    "frame.language": {"vi": "Ngôn ngữ", "en": "Language"},
    "frame.switch_to": {"vi": "Tiếng Việt", "en": "English"},
    "frame.menu": {"vi": "Menu chính", "en": "Main menu"},
    "frame.my_home": {"vi": "Trang làm việc của tôi", "en": "My start page"},
    "frame.back": {"vi": "Quay lại trang trước", "en": "Back to the previous page"},
    "frame.level": {"vi": "mức độ {level}", "en": "level {level}"},
    "frame.unread": {"vi": "{count} thông báo chưa đọc", "en": "{count} unread notifications"},
    "enum.officer_role.commune_police": {"vi": "Công an cấp xã", "en": "Commune police"},
    "enum.officer_role.provincial_police": {"vi": "Công an cấp tỉnh", "en": "Provincial police"},
    "enum.officer_role.identity_agency": {
        "vi": "Cơ quan quản lý căn cước Bộ Công an",
        "en": "Identity agency, Ministry of Public Security",
    },
    "enum.officer_role.auditor": {"vi": "Kiểm toán viên", "en": "Auditor"},
    "enum.officer_role.operator": {"vi": "Quản trị vận hành", "en": "Operator"},
    "enum.channel.direct": {"vi": "Kết nối trực tiếp", "en": "Direct connection"},
    "enum.channel.portal": {"vi": "Cổng dịch vụ công", "en": "Public service portal"},
    "enum.channel.written": {"vi": "Văn bản", "en": "In writing"},
    "enum.channel.identity_app": {"vi": "Ứng dụng định danh", "en": "Identity app"},
    "enum.channel.eid_platform": {"vi": "Nền tảng định danh điện tử", "en": "e-ID platform"},
    "enum.channel.other": {"vi": "Phương thức khác", "en": "Other channel"},
    "enum.channel.officer_console": {"vi": "Trang cán bộ", "en": "Officer console"},
    "enum.channel.cli": {"vi": "Dòng lệnh máy chủ", "en": "Server command line"},
    "frame.site": {"vi": "Trang chủ và ngôn ngữ", "en": "Home and language"},
    "frame.tabbar": {"vi": "Các trang chính của ứng dụng", "en": "The app's main pages"},
    "frame.confirm_lock": {
        "vi": "Khóa tài khoản? Bạn sẽ bị đăng xuất ngay và cần mở khóa để đăng nhập lại.",
        "en": "Lock the account? You will be logged out at once and need to unlock it to log in again.",
    },
    # Birth registration in two steps: the form, then the review before it is recorded.
    "birth_review.steps_form": {"vi": "Bước 1/2: Nhập thông tin", "en": "Step 1 of 2: Enter the details"},
    "birth_review.steps": {"vi": "Bước 2/2: Kiểm tra lại", "en": "Step 2 of 2: Check the details"},
    "birth_review.continue": {"vi": "Tiếp tục: kiểm tra lại", "en": "Continue: check the details"},
    "birth_review.title": {"vi": "Kiểm tra lại thông tin khai sinh", "en": "Check the birth details"},
    "birth_review.lead": {
        "vi": "Chưa có gì được ghi. Đối chiếu với tờ khai và giấy chứng sinh trước khi ghi.",
        "en": "Nothing has been recorded yet. Compare with the declaration and the birth certificate first.",
    },
    "birth_review.child": {"vi": "Người được khai sinh", "en": "The child"},
    "birth_review.parents": {"vi": "Cha, mẹ, người đại diện", "en": "Parents and representative"},
    "birth_review.registration": {"vi": "Đăng ký và cư trú", "en": "Registration and residence"},
    "birth_review.what_next": {
        "vi": "Khi bấm “Ghi và cấp số định danh”, hồ sơ được ghi vào Cơ sở dữ liệu quốc gia về dân cư và "
        "số định danh cá nhân được cấp ngay; sau đó chỉ sửa được bằng thủ tục điều chỉnh.",
        "en": "“Record and issue the number” writes the record to the National Population Database and "
        "issues the personal identification number at once; after that it can only be changed by an "
        "adjustment.",
    },
    "birth_review.record": {"vi": "Ghi và cấp số định danh", "en": "Record and issue the number"},
    "birth_review.edit": {"vi": "Sửa lại", "en": "Change the details"},
    # The address picker (registry/_widgets.html address).
    "address.province": {"vi": "Tỉnh, thành phố", "en": "Province or city"},
    "address.commune": {"vi": "Xã, phường, đặc khu", "en": "Commune, ward or special zone"},
    "address.choose_province_first": {"vi": "Chọn tỉnh, thành phố trước", "en": "Choose the province first"},
    "address.noscript": {
        "vi": "Danh sách xã, phường theo tỉnh đã chọn khi trang được mở; đổi tỉnh rồi gửi biểu mẫu để cập "
        "nhật danh sách.",
        "en": "The communes listed are those of the province chosen when the page opened; change the "
        "province and submit the form to update the list.",
    },
    "address.older": {
        "vi": "Địa chỉ theo đơn vị hành chính cũ (trước 01/07/2025) hoặc nhập mã",
        "en": "An address in the former units (before 1 July 2025), or by code",
    },
    "address.code": {"vi": "Mã đơn vị hành chính", "en": "Administrative unit code"},
    "address.code_hint": {
        "vi": "Chỉ khi cần: mã được dùng thay cho lựa chọn ở trên",
        "en": "Only if needed: the code is used instead of the choice above",
    },
    "address.table": {"vi": "Bảng mã của mã đã nhập", "en": "Code table of the typed code"},
    "address.table_2025": {"vi": "Hiện hành (từ 01/07/2025)", "en": "Current (from 1 July 2025)"},
    "address.table_pre2025": {"vi": "Trước 01/07/2025", "en": "Before 1 July 2025"},
    "frame.skip": {"vi": "Bỏ qua, đến nội dung chính", "en": "Skip to main content"},
    # Dates in forms: typed day/month/year (the API takes ISO 8601 and says so in rule.*).
    "form.date_hint": {"vi": "ngày/tháng/năm, vd. 28/05/1992", "en": "day/month/year, e.g. 28/05/1992"},
    "form.partial_date_hint": {
        "vi": "ngày/tháng/năm (28/05/1992); nếu không rõ: tháng/năm (05/1992) hoặc năm (1992)",
        "en": "day/month/year (28/05/1992); if not known: month/year (05/1992) or year (1992)",
    },
    "form_rule.date": {
        "vi": "{field}: nhập ngày theo dạng ngày/tháng/năm, vd. 28/05/1992",
        "en": "{field}: enter a real date as day/month/year, e.g. 28/05/1992",
    },
    "form_rule.partial_date": {
        "vi": "{field}: nhập ngày/tháng/năm (28/05/1992), tháng/năm (05/1992) hoặc năm (1992) có thật",
        "en": "{field}: enter a real day/month/year (28/05/1992), month/year (05/1992) or year (1992)",
    },
    # The officer console's menu.
    "nav.queue": {"vi": "Hàng việc cần giải quyết", "en": "Work queue"},
    "nav.corrections": {"vi": "Đề nghị điều chỉnh", "en": "Correction requests"},
    "nav.privacy": {"vi": "Yêu cầu của chủ thể dữ liệu", "en": "Data subjects' requests"},
    "nav.breaches": {"vi": "Vi phạm dữ liệu cá nhân", "en": "Personal-data breaches"},
    "nav.citizens": {"vi": "Tra cứu công dân", "en": "Find a citizen"},
    "nav.birth": {"vi": "Đăng ký khai sinh", "en": "Register a birth"},
    "nav.collect": {"vi": "Thu thập (DC01)", "en": "Collect (DC01)"},
    "nav.written": {"vi": "Tiếp nhận văn bản đề nghị", "en": "Written requests"},
    "nav.dashboard": {"vi": "Thống kê", "en": "Dashboard"},
    "nav.portal_requests": {"vi": "Tài khoản cổng tổ chức", "en": "Portal accounts"},
    "nav.systems": {"vi": "Hệ thống kết nối", "en": "Connected systems"},
    "nav.audit": {"vi": "Nhật ký truy cập", "en": "Access log"},
    "nav.delegations": {"vi": "Giao quyền", "en": "Delegations"},
    # The identity app's menu (by the link's id in dancu.web.app_frame).
    "nav.nav-home": {"vi": "Thông tin của tôi", "en": "My information"},
    "nav.nav-history": {"vi": "Lịch sử", "en": "History"},
    "nav.nav-corrections": {"vi": "Đề nghị điều chỉnh", "en": "Corrections"},
    "nav.nav-privacy": {"vi": "Quyền dữ liệu cá nhân", "en": "Personal data rights"},
    "nav.nav-tracker": {"vi": "Theo dõi truy cập", "en": "Data tracker"},
    "nav.nav-consents": {"vi": "Yêu cầu đồng ý", "en": "Consent requests"},
    "nav.nav-documents": {"vi": "Giấy tờ", "en": "Documents"},
    "nav.nav-notifications": {"vi": "Thông báo", "en": "Notifications"},
    "nav.nav-security": {"vi": "Bảo mật", "en": "Security"},
    "nav.nav-child-accounts": {"vi": "Tài khoản cho con", "en": "Children's accounts"},
    # The organisation portal's menu.
    "nav.portal_lookup": {"vi": "Tra cứu", "en": "Look up"},
    "nav.portal_verify": {"vi": "Xác thực thông tin", "en": "Verify information"},
    "nav.portal_requests_own": {"vi": "Đề nghị khai thác của tôi", "en": "My data requests"},
    "nav.portal_requests_org": {"vi": "Đề nghị khai thác", "en": "Data requests"},
    "nav.portal_new": {"vi": "Gửi đề nghị mới", "en": "New request"},
    "nav.portal_app": {"vi": "Ứng dụng định danh", "en": "Identity app"},
    # The auditor's log page.
    "audit_page.hint": {
        "vi": "Mọi thao tác và mọi lượt truy cập, mới nhất trước; "
        "mỗi dòng thuộc một chuỗi băm (chuỗi/số thứ tự).",
        "en": "Every action and every access, newest first; "
        "each entry sits in a hash chain (chain/sequence).",
    },
    "audit_page.at": {"vi": "Thời điểm", "en": "When"},
    "audit_page.type": {"vi": "Loại sự kiện", "en": "Event"},
    "audit_page.actor": {"vi": "Người thực hiện", "en": "Actor"},
    "audit_page.purpose": {"vi": "Mục đích, lý do", "en": "Purpose, reason"},
    "audit_page.chain": {"vi": "Chuỗi", "en": "Chain"},
    "audit_page.empty": {"vi": "Nhật ký chưa có mục nào.", "en": "The log has no entries yet."},
    "audit_page.older": {"vi": "Các mục cũ hơn", "en": "Older entries"},
    "audit_page.newest": {"vi": "Mới nhất", "en": "Newest"},
    # The front door.
    "front.title": {"vi": "Cơ sở dữ liệu quốc gia về dân cư", "en": "National Population Database"},
    "front.lead": {
        "vi": "Nơi lưu giữ thông tin của mỗi công dân theo Luật Căn cước 2023: công dân xem và điều chỉnh "
        "thông tin của mình, cơ quan và tổ chức khai thác theo đúng phạm vi được phép, cán bộ công an "
        "đăng ký và cập nhật, và mọi lượt truy cập đều được ghi nhật ký.",
        "en": "The register of every citizen under the 2023 Identity Law: citizens see and correct their "
        "information, agencies and organisations use it within what they are allowed, police officers "
        "register and update it, and every access is logged.",
    },
    "front.choose": {"vi": "Bạn là ai?", "en": "Who are you?"},
    "front.citizen": {"vi": "Công dân", "en": "Citizen"},
    "front.citizen_text": {
        "vi": "Xem thông tin của bạn, theo dõi ai đã truy cập, đồng ý hoặc từ chối chia sẻ, "
        "nhận giấy xác nhận.",
        "en": "See your information, who accessed it, give or refuse consent, get confirmations.",
    },
    "front.citizen_go": {"vi": "Vào ứng dụng định danh", "en": "Open the identity app"},
    "front.citizen_register": {"vi": "Chưa có tài khoản? Đăng ký", "en": "No account yet? Register"},
    "front.organisation": {"vi": "Cơ quan, tổ chức", "en": "Agency or organisation"},
    "front.organisation_text": {
        "vi": "Tra cứu, xác thực thông tin và gửi đề nghị khai thác qua cổng tổ chức.",
        "en": "Look up and verify information and file data requests through the portal.",
    },
    "front.organisation_go": {"vi": "Vào cổng tổ chức", "en": "Open the portal"},
    "front.officer": {"vi": "Cán bộ", "en": "Officer"},
    "front.officer_text": {
        "vi": "Đăng ký, cập nhật thông tin dân cư và giải quyết đề nghị (cần mã xác thực TOTP).",
        "en": "Register and update population data and decide requests (TOTP code needed).",
    },
    "front.officer_go": {"vi": "Đăng nhập trang cán bộ", "en": "Officer login"},
    "front.check": {"vi": "Kiểm tra giấy tờ", "en": "Check a document"},
    "front.check_text": {
        "vi": "Kiểm tra một giấy xác nhận do hệ thống cấp bằng mã trên giấy hoặc mã QR.",
        "en": "Check a confirmation issued by the register by the code printed on it or its QR code.",
    },
    "front.check_go": {"vi": "Kiểm tra giấy tờ", "en": "Check a document"},
    "front.signed_in": {"vi": "Bạn đang đăng nhập: {name}", "en": "You are logged in: {name}"},
    "front.continue": {"vi": "Tiếp tục làm việc", "en": "Continue"},
}
