"""Messages of the citizen e-ID flows, Vietnamese first."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "enum.account_status.pending_activation": {
        "vi": "tài khoản chưa được kích hoạt",
        "en": "the account has not been activated yet",
    },
    "enum.account_status.active": {"vi": "tài khoản đang hoạt động", "en": "the account is active"},
    "enum.account_status.locked": {
        "vi": "tài khoản đang bị khóa",
        "en": "the account is locked",
    },
    "enum.account_status.expired": {
        "vi": "đã quá thời hạn kích hoạt tài khoản",
        "en": "the activation period has expired",
    },
    "auth.account_locked_death": {
        "vi": "Tài khoản định danh điện tử đã bị khóa vì Cơ sở dữ liệu quốc gia về dân cư ghi nhận "
        "người này đã chết (Luật Căn cước Điều 34)",
        "en": "The e-ID account is locked because the National Population Database records this "
        "person as dead (Law on Identity, Article 34)",
    },
    "auth.account_locked": {
        "vi": "Tài khoản đã bị cơ quan Công an khóa; vui lòng liên hệ cơ quan Công an để mở khóa",
        "en": "The account has been locked by the police; ask them to unlock it",
    },
    "auth.account_locked_by_holder": {
        "vi": "Bạn đã tự khóa tài khoản; hãy mở khóa tại trang Mở khóa tài khoản (/app/unlock)",
        "en": "You locked this account yourself; unlock it on the unlock page (/app/unlock)",
    },
    "auth.account_pending_activation": {
        "vi": "Tài khoản chưa được kích hoạt; hãy nhập mã kích hoạt đã gửi tới số di động của bạn",
        "en": "The account is not activated yet; enter the activation code sent to your mobile",
    },
    "auth.account_expired": {
        "vi": "Đăng ký đã hết hạn kích hoạt (7 ngày); vui lòng đăng ký lại",
        "en": "The registration was not activated within 7 days; please register again",
    },
    "auth.second_factor_locked": {
        "vi": "Đã nhập sai mã xác thực bước hai quá nhiều lần; bước xác thực này tạm khóa, "
        "thử lại sau {seconds} giây",
        "en": "Too many wrong second-factor codes; this step is locked, try again in {seconds} seconds",
    },
    "auth.password_recheck_failed": {
        "vi": "Mật khẩu hiện tại không đúng",
        "en": "The current password is wrong",
    },
    "auth.login_form_expired": {
        "vi": "Biểu mẫu đăng nhập đã hết hạn hoặc không hợp lệ; vui lòng đăng nhập lại",
        "en": "The login form has expired or is not valid; please log in again",
    },
    "eid.unlock_refused_dead": {
        "vi": "Không thể mở khóa: Cơ sở dữ liệu quốc gia về dân cư ghi nhận người này đã chết "
        "(Luật Căn cước Điều 34). Chỉ khi thông tin về việc chết được điều chỉnh thì tài khoản "
        "mới có thể được mở khóa",
        "en": "Cannot unlock: the National Population Database records this person as dead (Law on "
        "Identity, Article 34). Only a correction of the death record allows the account to be unlocked",
    },
    "auth.second_factor_enrolment_required": {
        "vi": "Cán bộ và nhân viên của tổ chức phải đăng ký ứng dụng xác thực (TOTP, bước hai) trước khi "
        "sử dụng quyền của mình",
        "en": "Officers and organisation staff must enrol an authenticator app (TOTP second factor) "
        "before using their permissions",
    },
    "eid.level2_required": {
        "vi": "Thao tác này cần tài khoản định danh điện tử mức độ 2; tài khoản của bạn đang ở "
        "mức độ {level} (Nghị định 69/2024/NĐ-CP). Hãy đến cơ quan Công an để được nâng cấp",
        "en": "This needs a level-2 electronic identity account; yours is level {level} "
        "(Decree 69/2024). An in-person check at the police upgrades it",
    },
    "oidc.key_passphrase": {
        "vi": "Không mở được khóa ký của nhà cung cấp định danh (kiểm tra biến {env})",
        "en": "The identity provider's signing key cannot be opened (check {env})",
    },
    "auth.totp_not_pending": {
        "vi": "Phiên đăng nhập này không cần đăng ký ứng dụng xác thực",
        "en": "This login session has no authenticator enrolment pending",
    },
    "eid.registration_mismatch": {
        "vi": "Thông tin khai báo không khớp với Cơ sở dữ liệu quốc gia về dân cư",
        "en": "The details given do not match the National Population Database",
    },
    "eid.registration_rate_limited": {
        "vi": "Đã thử đăng ký quá nhiều lần với số định danh này; vui lòng thử lại sau một giờ",
        "en": "Too many registration attempts for this number; try again in an hour",
    },
    "eid.child_age": {
        "vi": "Tài khoản định danh điện tử theo đề nghị của người đại diện chỉ cấp cho trẻ từ đủ 06 tuổi "
        "đến dưới 14 tuổi (Nghị định 69/2024/NĐ-CP Điều 7)",
        "en": "An e-ID account on the representative's request is only for a child from 6 to under 14 "
        "(Decree 69/2024 Article 7)",
    },
    "eid.registration_minor": {
        "vi": "Người dưới 14 tuổi sử dụng tài khoản thông qua người đại diện theo pháp luật",
        "en": "People under 14 use their account through their legal representative",
    },
    "eid.no_mobile": {
        "vi": "Cơ sở dữ liệu dân cư chưa có số thuê bao di động của bạn; "
        "vui lòng đến cơ quan Công an để cập nhật rồi đăng ký lại",
        "en": "The register holds no mobile number for you; ask the police to record it, then register again",
    },
    "eid.already_registered": {
        "vi": "Bạn đã có tài khoản định danh điện tử",
        "en": "You already have an e-ID account",
    },
    "eid.code_invalid": {
        "vi": "Mã xác thực không đúng hoặc đã hết hạn",
        "en": "The code is wrong or has expired",
    },
    "eid.activation_expired": {
        "vi": "Đã quá 7 ngày kể từ khi đăng ký; vui lòng đăng ký lại",
        "en": "More than 7 days have passed since registration; please register again",
    },
    "eid.level2_checks_incomplete": {
        "vi": "Phải xác nhận đủ: xuất trình thẻ căn cước, tờ khai TK01, số di động chính chủ",
        "en": "Confirm every check: card presented, form TK01, own-name mobile",
    },
    "eid.account_not_found": {
        "vi": "Công dân chưa có tài khoản định danh điện tử đang hoạt động",
        "en": "The citizen has no active e-ID account",
    },
    "eid.already_level2": {"vi": "Tài khoản đã ở mức độ 2", "en": "The account is already level 2"},
    "eid.already_locked": {"vi": "Tài khoản đã bị khóa", "en": "The account is already locked"},
    "eid.not_locked": {"vi": "Tài khoản không bị khóa", "en": "The account is not locked"},
    "eid.unlock_needs_officer": {
        "vi": "Tài khoản bị khóa bởi cơ quan Công an; vui lòng liên hệ cơ quan Công an để mở khóa",
        "en": "The account was locked by the police; ask them to unlock it",
    },
    "eid.registration_invalid_form": {
        "vi": "Vui lòng nhập đủ họ tên, ngày sinh (YYYY-MM-DD), số định danh 12 số và số thẻ",
        "en": "Enter the full name, date of birth (YYYY-MM-DD), 12-digit PIN and card number",
    },
    "eid.activation_invalid_form": {
        "vi": "Mã gồm 6 chữ số; mật khẩu ít nhất 10 ký tự",
        "en": "The code has 6 digits; the password at least 10 characters",
    },
    "eid.reason_required": {"vi": "Vui lòng ghi lý do", "en": "Give a reason"},
    "eid.not_representative": {
        "vi": "Bạn không phải người đại diện theo pháp luật của người này",
        "en": "You are not this person's legal representative",
    },
    "eid.not_a_citizen": {
        "vi": "Trang này dành cho công dân",
        "en": "This page is for citizens",
    },
}
