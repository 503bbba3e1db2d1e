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


# Page text of the templates (labels, headings, buttons, hints): Vietnamese first.
_TEXT: dict[str, dict[str, str]] = {
    "identity_text.log_in": {"vi": "Đăng nhập", "en": "Log in"},
    "identity_text.officers_your_user_name_citizens_your": {
        "vi": "Cán bộ: tên đăng nhập. Công dân: số định danh cá nhân.",
        "en": "Officers: your user name. Citizens: your personal identification number.",
    },
    "identity_text.your_electronic_identity_account_is_activated": {
        "vi": "Tài khoản định danh điện tử của bạn đã được kích hoạt. Đăng nhập bằng số định danh cá "
        "nhân và mật khẩu vừa đặt; mã xác thực sẽ được gửi tới số di động của bạn.",
        "en": "Your electronic identity account is activated. Log in with your personal "
        "identification number and the password you just set; a verification code will be sent "
        "to your mobile phone.",
    },
    "identity_text.user_name": {"vi": "Tên đăng nhập", "en": "User name"},
    "identity_text.password": {"vi": "Mật khẩu", "en": "Password"},
    "identity_text.a_citizen_without_an_account_register": {
        "vi": "Công dân chưa có tài khoản? Đăng ký tài khoản định danh điện tử",
        "en": "A citizen without an account? Register for an electronic identity account",
    },
    "identity_text.two_step_verification": {"vi": "Xác thực hai lớp", "en": "Two-step verification"},
    "identity_text.enter_the_6_digit_code_from": {
        "vi": "Nhập mã 6 số từ ứng dụng xác thực của bạn.",
        "en": "Enter the 6-digit code from your authenticator app.",
    },
    "identity_text.enter_the_6_digit_code_just": {
        "vi": "Nhập mã 6 số vừa được gửi tới số di động của bạn.",
        "en": "Enter the 6-digit code just sent to your mobile phone.",
    },
    "identity_text.verification_code": {"vi": "Mã xác thực", "en": "Verification code"},
    "identity_text.confirm": {"vi": "Xác nhận", "en": "Confirm"},
    "identity_text.register_for_an_electronic_identity_account": {
        "vi": "Đăng ký tài khoản định danh điện tử",
        "en": "Register for an electronic identity account",
    },
    "identity_text.register_for_a_level_1_electronic": {
        "vi": "Đăng ký tài khoản định danh điện tử mức độ 1",
        "en": "Register for a level 1 electronic identity account",
    },
    "identity_text.the_details_must_match_the_national": {
        "vi": "Thông tin phải khớp với Cơ sở dữ liệu quốc gia về dân cư. Mã kích hoạt được gửi tới số"
        " điện thoại di động đã có trong Cơ sở dữ liệu.",
        "en": "The details must match the National Population Database. The activation code is sent "
        "to the mobile number the database holds.",
    },
    "identity_text.full_name_family_middle_and_given": {
        "vi": "Họ, chữ đệm và tên",
        "en": "Full name (family, middle and given names)",
    },
    "identity_text.date_of_birth": {"vi": "Ngày sinh", "en": "Date of birth"},
    "identity_text.personal_identification_number_12_digits": {
        "vi": "Số định danh cá nhân (12 số)",
        "en": "Personal identification number (12 digits)",
    },
    "identity_text.identity_card_number": {"vi": "Số thẻ căn cước / CCCD", "en": "Identity card number"},
    "identity_text.send_the_activation_code": {"vi": "Gửi mã kích hoạt", "en": "Send the activation code"},
    "identity_text.already_have_an_account_log_in": {
        "vi": "Đã có tài khoản? Đăng nhập",
        "en": "Already have an account? Log in",
    },
    "identity_text.activate_your_account": {"vi": "Kích hoạt tài khoản", "en": "Activate your account"},
    "identity_text.the_activation_code_was_sent_to": {
        "vi": "Mã kích hoạt đã được gửi tới số di động của bạn. Vui lòng kích hoạt trong vòng 7 ngày."
        " Bạn có thể rời trang này để đọc tin nhắn và quay lại sau tại",
        "en": "The activation code was sent to your mobile phone. Please activate within 7 days. You "
        "can leave this page to read the message and come back later at",
    },
    "identity_text.personal_identification_number_12_digits_2": {
        "vi": "Số định danh cá nhân (12 chữ số)",
        "en": "Personal identification number (12 digits)",
    },
    "identity_text.activation_code_6_digits": {
        "vi": "Mã kích hoạt (6 số)",
        "en": "Activation code (6 digits)",
    },
    "identity_text.new_password_at_least_10_characters": {
        "vi": "Mật khẩu mới (ít nhất 10 ký tự)",
        "en": "New password (at least 10 characters)",
    },
    "identity_text.activate": {"vi": "Kích hoạt", "en": "Activate"},
    "identity_text.unlock_your_account": {"vi": "Mở khóa tài khoản", "en": "Unlock your account"},
    "identity_text.your_account_has_been_locked": {
        "vi": "Tài khoản của bạn đã được khóa.",
        "en": "Your account has been locked.",
    },
    "identity_text.unlock_code_sent_to_your_mobile": {
        "vi": "Mã mở khóa (gửi tới số di động)",
        "en": "Unlock code (sent to your mobile phone)",
    },
    "identity_text.personal_identification_number": {
        "vi": "Số định danh cá nhân",
        "en": "Personal identification number",
    },
    "identity_text.continue": {"vi": "Tiếp tục", "en": "Continue"},
    "identity_text.set_up_an_authenticator_app": {
        "vi": "Đăng ký ứng dụng xác thực",
        "en": "Set up an authenticator app",
    },
    "identity_text.officers_and_the_staff_of_bodies": {
        "vi": "Cán bộ và nhân viên của cơ quan, tổ chức khai thác thông tin phải dùng xác thực hai "
        "lớp. Quét mã QR bằng ứng dụng xác thực (TOTP) trên điện thoại, hoặc nhập khóa bí mật "
        "bên dưới, rồi nhập mã 6 số mà ứng dụng hiển thị.",
        "en": "Officers and the staff of bodies that use the data must use two-step verification. "
        "Scan the QR code with an authenticator (TOTP) app on your phone, or enter the secret "
        "key below, then enter the 6-digit code the app shows.",
    },
    "identity_text.qr_code_to_set_up_the": {
        "vi": "Mã QR đăng ký ứng dụng xác thực",
        "en": "QR code to set up the authenticator app",
    },
    "identity_text.secret_key": {"vi": "Khóa bí mật:", "en": "Secret key:"},
    "identity_text.otpauth_address": {"vi": "Địa chỉ otpauth", "en": "otpauth address"},
    "identity_text.my_information": {"vi": "Thông tin của tôi", "en": "My information"},
    "identity_text.you_are_viewing_as_the_representative": {
        "vi": "Bạn đang xem với tư cách người đại diện của",
        "en": "You are viewing as the representative of",
    },
    "identity_text.back_to_my_information": {"vi": "Về thông tin của tôi", "en": "Back to my information"},
    "identity_text.history": {"vi": "Lịch sử", "en": "History"},
    "identity_text.current_information_in_the_national_population": {
        "vi": "· thông tin hiện tại trong Cơ sở dữ liệu quốc gia về dân cư",
        "en": "· current information in the National Population Database",
    },
    "identity_text.no_information_yet": {"vi": "Chưa có thông tin.", "en": "No information yet."},
    "identity_text.people_i_represent": {"vi": "Người tôi đại diện", "en": "People I represent"},
    "identity_text.parent_of_a_child_under_14": {
        "vi": "cha/mẹ của người dưới 14 tuổi",
        "en": "parent of a child under 14",
    },
    "identity_text.legal_representative": {
        "vi": "người đại diện theo pháp luật",
        "en": "legal representative",
    },
    "identity_text.information_history": {"vi": "Lịch sử thông tin", "en": "Information history"},
    "identity_text.information_and_history_item_by_item": {
        "vi": "Thông tin và lịch sử theo từng mục",
        "en": "Information and history, item by item",
    },
    "identity_text.the_current_value_of_each_item": {
        "vi": "Giá trị hiện tại của mỗi thông tin và mọi giá trị đã được ghi nhận (mới nhất trước). "
        "Nếu thông tin chưa đúng, bạn có thể",
        "en": "The current value of each item and every value ever recorded (newest first). If "
        "something is wrong, you can",
    },
    "identity_text.ask_for_a_correction": {"vi": "đề nghị điều chỉnh", "en": "ask for a correction"},
    "identity_text.current": {"vi": "Hiện tại:", "en": "Current:"},
    "identity_text.records": {"vi": "lần ghi nhận", "en": "record(s)"},
    "identity_text.value": {"vi": "Giá trị", "en": "Value"},
    "identity_text.valid_from": {"vi": "Hiệu lực từ", "en": "Valid from"},
    "identity_text.valid_until": {"vi": "Hiệu lực đến", "en": "Valid until"},
    "identity_text.recorded_at": {"vi": "Ghi nhận lúc", "en": "Recorded at"},
    "identity_text.kind": {"vi": "Loại", "en": "Kind"},
    "identity_text.reason": {"vi": "Lý do", "en": "Reason"},
    "identity_text.history_of_changes": {"vi": "Lịch sử thay đổi thông tin", "en": "History of changes"},
    "identity_text.newest_first": {"vi": "(mới nhất trước)", "en": "(newest first)"},
    "identity_text.year": {"vi": "Năm", "en": "Year"},
    "identity_text.valid": {"vi": "(hiệu lực", "en": "(valid"},
    "identity_text.source": {"vi": "Nguồn", "en": "Source"},
    "identity_text.basis": {"vi": "Căn cứ", "en": "Basis"},
    "identity_text.officer": {"vi": "Cán bộ", "en": "Officer"},
    "identity_text.no_changes_yet": {"vi": "Chưa có thay đổi nào.", "en": "No changes yet."},
    "identity_text.viewed_information": {"vi": "Xem thông tin", "en": "Viewed information"},
    "identity_text.information": {"vi": "Thông tin:", "en": "Information:"},
    "identity_text.purpose": {"vi": "Mục đích:", "en": "Purpose:"},
    "identity_text.basis_2": {"vi": "Căn cứ:", "en": "Basis:"},
    "identity_text.data_access_tracker": {"vi": "Theo dõi truy cập dữ liệu", "en": "Data access tracker"},
    "identity_text.who_has_accessed_my_data": {
        "vi": "Ai đã truy cập dữ liệu của tôi",
        "en": "Who has accessed my data",
    },
    "identity_text.no_body_organisation_or_person_has": {
        "vi": "Chưa có cơ quan, tổ chức hay cá nhân nào truy cập dữ liệu của bạn. Mọi lần truy cập sẽ"
        " được ghi lại và hiển thị tại đây.",
        "en": "No body, organisation or person has accessed your data yet. Every access is recorded "
        "and shown here.",
    },
    "identity_text.changes_to_your_information_and_account": {
        "vi": "Thay đổi thông tin và sự kiện tài khoản",
        "en": "Changes to your information and account events",
    },
    "identity_text.account_security": {"vi": "Bảo mật tài khoản", "en": "Account security"},
    "identity_text.account_level": {"vi": "Mức độ tài khoản", "en": "Account level"},
    "identity_text.level": {"vi": "Mức độ", "en": "Level"},
    "identity_text.authenticator_app_totp": {
        "vi": "Ứng dụng xác thực (TOTP)",
        "en": "Authenticator app (TOTP)",
    },
    "identity_text.code_by_sms": {"vi": "Mã qua tin nhắn SMS", "en": "Code by SMS"},
    "identity_text.set_up_an_authenticator_app_2": {
        "vi": "Cài đặt ứng dụng xác thực",
        "en": "Set up an authenticator app",
    },
    "identity_text.enter_the_following_secret_key_in": {
        "vi": "Nhập khóa bí mật sau vào ứng dụng xác thực, rồi nhập mã 6 số để xác nhận.",
        "en": "Enter the following secret key in your authenticator app, then enter the 6-digit code "
        "to confirm.",
    },
    "identity_text.code_from_the_app": {"vi": "Mã từ ứng dụng", "en": "Code from the app"},
    "identity_text.current_password": {"vi": "Mật khẩu hiện tại", "en": "Current password"},
    "identity_text.use_the_authenticator_app_instead_of": {
        "vi": "Dùng ứng dụng xác thực thay cho SMS",
        "en": "Use the authenticator app instead of SMS",
    },
    "identity_text.sessions": {"vi": "Phiên đăng nhập", "en": "Sessions"},
    "identity_text.log_out_on_every_device": {
        "vi": "Đăng xuất trên mọi thiết bị",
        "en": "Log out on every device",
    },
    "identity_text.lock_the_account": {"vi": "Khóa tài khoản", "en": "Lock the account"},
    "identity_text.locks_it_at_once_you_can": {
        "vi": "Khóa ngay lập tức; bạn có thể tự mở khóa bằng mật khẩu và mã gửi tới số di động.",
        "en": "Locks it at once; you can unlock it yourself with your password and a code sent to "
        "your mobile phone.",
    },
}

MESSAGES |= _TEXT


# Page text of the templates (labels, headings, buttons, hints): Vietnamese first.
_MORE_TEXT: dict[str, dict[str, str]] = {
    "identity_text.consent_to_share_information": {
        "vi": "Đồng ý chia sẻ thông tin",
        "en": "Consent to share information",
    },
    "identity_text.share_information_with": {"vi": "Chia sẻ thông tin với", "en": "Share information with"},
    "identity_text.the_application": {"vi": "Ứng dụng", "en": "The application"},
    "identity_text.of": {"vi": "của", "en": "of"},
    "identity_text.asks_to_identify_you_with_your": {
        "vi": "đề nghị xác thực bạn bằng tài khoản định danh điện tử (mức độ",
        "en": "asks to identify you with your electronic identity account (level",
    },
    "identity_text.and_to_receive_the_following_information": {
        "vi": "và được nhận các thông tin sau về bạn từ Cơ sở dữ liệu quốc gia về dân cư",
        "en": "and to receive the following information about you from the National Population Database",
    },
    "identity_text.information_shared_untick_what_you_do": {
        "vi": "Thông tin được chia sẻ (bỏ chọn thông tin bạn không đồng ý cung cấp)",
        "en": "Information shared (untick what you do not consent to provide)",
    },
    "identity_text.the_application_receives_only_an_identifier": {
        "vi": "Ứng dụng chỉ nhận một mã định danh riêng cho ứng dụng này, không nhận thông tin cá "
        "nhân của bạn.",
        "en": "The application receives only an identifier of its own for you, none of your personal "
        "information.",
    },
    "identity_text.you_can_withdraw_your_consent_at": {
        "vi": "Bạn có thể rút lại sự đồng ý bất cứ lúc nào (Luật Căn cước 2023 Điều 10 khoản 8; Nghị "
        "định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân). Việc chia sẻ được ghi vào nhật ký truy "
        "cập mà bạn xem được.",
        "en": "You can withdraw your consent at any time (Law on Identification 2023 Article 10 "
        "clause 8; Decree 13/2023/NĐ-CP on personal data protection). The sharing is written to"
        " the access log, which you can see.",
    },
    "identity_text.consent": {"vi": "Đồng ý", "en": "Consent"},
    "identity_text.refuse": {"vi": "Từ chối", "en": "Refuse"},
    "identity_text.log_out": {"vi": "Đăng xuất", "en": "Log out"},
    "identity_text.log_out_of_your_electronic_identity": {
        "vi": "Đăng xuất khỏi tài khoản định danh điện tử?",
        "en": "Log out of your electronic identity account?",
    },
    "identity_text.asks_to_log_you_out_of": {
        "vi": "đề nghị đăng xuất bạn khỏi dancu.",
        "en": "asks to log you out of dancu.",
    },
    "identity_text.an_application_asks_to_log_you": {
        "vi": "Một ứng dụng đề nghị đăng xuất bạn khỏi dancu.",
        "en": "An application asks to log you out of dancu.",
    },
    "identity_text.if_you_did_not_ask_for": {
        "vi": "Nếu bạn không yêu cầu việc này, hãy chọn “Ở lại”.",
        "en": "If you did not ask for this, choose “Stay”.",
    },
    "identity_text.stay": {"vi": "Ở lại", "en": "Stay"},
    "identity_text.cannot_log_in": {"vi": "Không thể đăng nhập", "en": "Cannot log in"},
    "identity_text.cannot_log_in_to_the_application": {
        "vi": "Không thể đăng nhập vào ứng dụng",
        "en": "Cannot log in to the application",
    },
    "identity_text.back_to_the_application": {"vi": "Quay lại ứng dụng", "en": "Back to the application"},
}

MESSAGES |= _MORE_TEXT


# Page text of the templates (labels, headings, buttons, hints): Vietnamese first.
_OFFICER_TEXT: dict[str, dict[str, str]] = {
    "identity_text.electronic_identity_account": {
        "vi": "Tài khoản định danh điện tử —",
        "en": "Electronic identity account —",
    },
    "identity_text.record": {"vi": "← Hồ sơ", "en": "← Record"},
    "identity_text.electronic_identity_account_2": {
        "vi": "Tài khoản định danh điện tử",
        "en": "Electronic identity account",
    },
    "identity_text.citizen": {"vi": "Công dân", "en": "Citizen"},
    "identity_text.status": {"vi": "Trạng thái", "en": "Status"},
    "identity_text.active": {"vi": "Đang hoạt động", "en": "Active"},
    "identity_text.locked": {"vi": "Đã khóa", "en": "Locked"},
    "identity_text.waiting_for_activation": {"vi": "Chờ kích hoạt", "en": "Waiting for activation"},
    "identity_text.activation_expired": {"vi": "Hết hạn kích hoạt", "en": "Activation expired"},
    "identity_text.level_2": {"vi": "Mức độ", "en": "Level"},
    "identity_text.reason_for_locking": {"vi": "Lý do khóa", "en": "Reason for locking"},
    "identity_text.the_national_population_database_records_this": {
        "vi": "Cơ sở dữ liệu quốc gia về dân cư ghi nhận người này đã chết (Luật Căn cước Điều 34)",
        "en": "The National Population Database records this person as dead (Law on Identification "
        "Article 34)",
    },
    "identity_text.no_account_yet": {"vi": "Chưa có tài khoản", "en": "No account yet"},
    "identity_text.raise_to_level_2_decree_69": {
        "vi": "Nâng lên mức độ 2 (NĐ 69/2024 Điều 10)",
        "en": "Raise to level 2 (Decree 69/2024 Article 10)",
    },
    "identity_text.confirm_the_in_person_check_at": {
        "vi": "Xác nhận kiểm tra trực tiếp tại cơ quan Công an.",
        "en": "Confirm the in-person check at the police office.",
    },
    "identity_text.the_citizen_showed_a_valid_identity": {
        "vi": "Công dân xuất trình thẻ căn cước còn hiệu lực",
        "en": "The citizen showed a valid identity card",
    },
    "identity_text.form_tk01_received": {"vi": "Đã nhận tờ khai TK01", "en": "Form TK01 received"},
    "identity_text.the_mobile_number_is_confirmed_as": {
        "vi": "Đã xác nhận số thuê bao di động chính chủ",
        "en": "The mobile number is confirmed as the citizen's own",
    },
    "identity_text.note": {"vi": "Ghi chú", "en": "Note"},
    "identity_text.raise_to_level_2": {"vi": "Nâng lên mức độ 2", "en": "Raise to level 2"},
    "identity_text.the_account_of_a_dead_person": {
        "vi": "Không thể mở khóa tài khoản của người đã chết. Chỉ khi thông tin về việc chết được "
        "điều chỉnh trong Cơ sở dữ liệu quốc gia về dân cư thì tài khoản mới có thể được mở "
        "khóa.",
        "en": "The account of a dead person cannot be unlocked. Only once the death is corrected in "
        "the National Population Database can the account be unlocked.",
    },
    "identity_text.unlock": {"vi": "Mở khóa", "en": "Unlock"},
    "identity_text.lock": {"vi": "Khóa", "en": "Lock"},
    "identity_text.the_account_law_on_identification_article": {
        "vi": "tài khoản (Luật Căn cước Điều 34)",
        "en": "the account (Law on Identification Article 34)",
    },
    "identity_text.reason_form_tk03": {"vi": "Lý do (tờ khai TK03)", "en": "Reason (form TK03)"},
}

MESSAGES |= _OFFICER_TEXT
