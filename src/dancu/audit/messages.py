"""Names of the log's event types, as the auditor's page and the Data Tracker show them (vi, en)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "enum.event_type.registry.birth_registered": {
        "vi": "Đăng ký khai sinh",
        "en": "Birth registered",
    },
    "enum.event_type.registry.citizen_collected": {
        "vi": "Thu thập thông tin (DC01)",
        "en": "Citizen collected (DC01)",
    },
    "enum.event_type.registry.item_updated": {
        "vi": "Cập nhật thông tin",
        "en": "Information updated",
    },
    "enum.event_type.registry.item_adjusted": {
        "vi": "Điều chỉnh thông tin",
        "en": "Information adjusted",
    },
    "enum.event_type.registry.death_recorded": {
        "vi": "Ghi nhận chết",
        "en": "Death recorded",
    },
    "enum.event_type.registry.missing_recorded": {
        "vi": "Ghi nhận mất tích",
        "en": "Disappearance recorded",
    },
    "enum.event_type.registry.residence_changed": {
        "vi": "Thay đổi cư trú",
        "en": "Residence changed",
    },
    "enum.event_type.registry.household_changed": {
        "vi": "Thay đổi hộ gia đình",
        "en": "Household changed",
    },
    "enum.event_type.registry.relation_changed": {
        "vi": "Thay đổi quan hệ gia đình",
        "en": "Family relation changed",
    },
    "enum.event_type.registry.card_recorded": {
        "vi": "Ghi nhận thẻ căn cước",
        "en": "Identity card recorded",
    },
    "enum.event_type.pin.assigned": {
        "vi": "Cấp số định danh cá nhân",
        "en": "Personal identification number assigned",
    },
    "enum.event_type.pin.cancelled": {
        "vi": "Hủy số định danh cá nhân",
        "en": "Personal identification number cancelled",
    },
    "enum.event_type.pin.reestablished": {
        "vi": "Xác lập lại số định danh cá nhân",
        "en": "Personal identification number re-established",
    },
    "enum.event_type.identity.account_created": {
        "vi": "Tạo tài khoản",
        "en": "Account created",
    },
    "enum.event_type.identity.login_succeeded": {
        "vi": "Đăng nhập thành công",
        "en": "Login succeeded",
    },
    "enum.event_type.identity.login_failed": {
        "vi": "Đăng nhập không thành công",
        "en": "Login failed",
    },
    "enum.event_type.identity.logout": {
        "vi": "Đăng xuất",
        "en": "Logout",
    },
    "enum.event_type.registry.population_seeded": {
        "vi": "Nạp dữ liệu dân cư mẫu",
        "en": "Demo population loaded",
    },
    "enum.event_type.registry.citizen_viewed": {
        "vi": "Xem thông tin công dân",
        "en": "Citizen's information viewed",
    },
    "enum.event_type.identity.eid_registration_started": {
        "vi": "Bắt đầu đăng ký định danh điện tử",
        "en": "e-ID registration started",
    },
    "enum.event_type.identity.eid_registration_refused": {
        "vi": "Từ chối đăng ký định danh điện tử",
        "en": "e-ID registration refused",
    },
    "enum.event_type.identity.eid_activated": {
        "vi": "Kích hoạt tài khoản định danh điện tử",
        "en": "e-ID account activated",
    },
    "enum.event_type.identity.eid_activation_expired": {
        "vi": "Hết hạn kích hoạt định danh điện tử",
        "en": "e-ID activation expired",
    },
    "enum.event_type.identity.second_factor_passed": {
        "vi": "Xác thực lớp thứ hai thành công",
        "en": "Second factor passed",
    },
    "enum.event_type.identity.second_factor_failed": {
        "vi": "Xác thực lớp thứ hai không thành công",
        "en": "Second factor failed",
    },
    "enum.event_type.identity.totp_enrolled": {
        "vi": "Đăng ký ứng dụng xác thực (TOTP)",
        "en": "Authenticator (TOTP) enrolled",
    },
    "enum.event_type.identity.eid_upgraded": {
        "vi": "Nâng mức định danh điện tử",
        "en": "e-ID level raised",
    },
    "enum.event_type.identity.eid_locked": {
        "vi": "Khóa tài khoản định danh điện tử",
        "en": "e-ID account locked",
    },
    "enum.event_type.identity.eid_unlocked": {
        "vi": "Mở khóa tài khoản định danh điện tử",
        "en": "e-ID account unlocked",
    },
    "enum.event_type.request.submitted": {
        "vi": "Gửi đề nghị khai thác",
        "en": "Data request submitted",
    },
    "enum.event_type.request.written_registered": {
        "vi": "Tiếp nhận văn bản đề nghị",
        "en": "Written request registered",
    },
    "enum.event_type.request.consent_decided": {
        "vi": "Công dân trả lời yêu cầu đồng ý",
        "en": "Consent decided by the citizen",
    },
    "enum.event_type.request.consent_withdrawn": {
        "vi": "Công dân rút lại sự đồng ý",
        "en": "Consent withdrawn by the citizen",
    },
    "enum.event_type.request.routed": {
        "vi": "Chuyển đề nghị đến nơi giải quyết",
        "en": "Request routed",
    },
    "enum.event_type.request.clarification_asked": {
        "vi": "Yêu cầu bổ sung, làm rõ",
        "en": "Clarification asked",
    },
    "enum.event_type.request.clarification_answered": {
        "vi": "Bổ sung, làm rõ đề nghị",
        "en": "Clarification answered",
    },
    "enum.event_type.request.approved": {
        "vi": "Đồng ý cung cấp thông tin",
        "en": "Request approved",
    },
    "enum.event_type.request.refused": {
        "vi": "Từ chối cung cấp thông tin",
        "en": "Request refused",
    },
    "enum.event_type.request.withdrawn": {
        "vi": "Rút đề nghị",
        "en": "Request withdrawn",
    },
    "enum.event_type.request.escalated": {
        "vi": "Đề nghị quá hạn, báo cấp trên",
        "en": "Request escalated (overdue)",
    },
    "enum.event_type.request.expired": {
        "vi": "Đề nghị hết hạn",
        "en": "Request expired",
    },
    "enum.event_type.request.delivered": {
        "vi": "Giao thông tin",
        "en": "Information delivered",
    },
    "enum.event_type.request.paper_consent_recorded": {
        "vi": "Ghi nhận văn bản đồng ý của người đại diện hợp pháp, người thừa kế ngoài Cơ sở dữ liệu",
        "en": "Paper consent of a legal representative or heir outside the register recorded",
    },
    "enum.event_type.fees.rate_created": {
        "vi": "Tạo mức phí",
        "en": "Fee rate created",
    },
    "enum.event_type.fees.rate_changed": {
        "vi": "Thay đổi mức phí",
        "en": "Fee rate changed",
    },
    "enum.event_type.fees.rate_withdrawn": {
        "vi": "Bãi bỏ mức phí",
        "en": "Fee rate withdrawn",
    },
    "enum.event_type.fees.receipt_issued": {
        "vi": "Lập biên lai thu phí",
        "en": "Fee receipt issued",
    },
    "enum.event_type.fees.payment_recorded": {
        "vi": "Ghi nhận nộp phí",
        "en": "Fee payment recorded",
    },
    "enum.event_type.fees.receipt_adjusted": {
        "vi": "Điều chỉnh biên lai theo số trường thông tin thực tế cung cấp",
        "en": "Fee receipt adjusted to the fields actually released",
    },
    "enum.event_type.correction.filed": {
        "vi": "Gửi đề nghị điều chỉnh",
        "en": "Correction requested",
    },
    "enum.event_type.correction.approved": {
        "vi": "Chấp thuận điều chỉnh",
        "en": "Correction approved",
    },
    "enum.event_type.correction.refused": {
        "vi": "Từ chối điều chỉnh",
        "en": "Correction refused",
    },
    "enum.event_type.correction.withdrawn": {
        "vi": "Rút đề nghị điều chỉnh",
        "en": "Correction withdrawn",
    },
    "enum.event_type.documents.issued": {
        "vi": "Cấp giấy xác nhận",
        "en": "Document issued",
    },
    "enum.event_type.documents.revoked": {
        "vi": "Thu hồi giấy xác nhận",
        "en": "Document revoked",
    },
    "enum.event_type.documents.keys_created": {
        "vi": "Tạo khóa ký giấy tờ",
        "en": "Document signing keys created",
    },
    "enum.event_type.documents.key_rotated": {
        "vi": "Thay khóa ký giấy tờ",
        "en": "Document signing key rotated",
    },
    "enum.event_type.sharing.feed_subscribed": {
        "vi": "Đăng ký nhận dữ liệu thay đổi",
        "en": "Change feed subscribed",
    },
    "enum.event_type.sharing.feed_unsubscribed": {
        "vi": "Hủy nhận dữ liệu thay đổi",
        "en": "Change feed unsubscribed",
    },
    "enum.event_type.sharing.system_key_rotated": {
        "vi": "Thay khóa hệ thống kết nối",
        "en": "Connected system's key rotated",
    },
    "enum.event_type.sharing.webhook_requeued": {
        "vi": "Gửi lại thông báo thay đổi",
        "en": "Webhook delivery requeued",
    },
    "enum.event_type.sharing.reconcile_submitted": {
        "vi": "Gửi lô đối soát",
        "en": "Reconciliation batch submitted",
    },
    "enum.event_type.sharing.reconcile_compared": {
        "vi": "Đối soát dữ liệu",
        "en": "Reconciliation rows compared",
    },
    "enum.event_type.sharing.reconcile_results_taken": {
        "vi": "Nhận kết quả đối soát",
        "en": "Reconciliation results downloaded",
    },
    "enum.event_type.access.organisation_registered": {
        "vi": "Đăng ký cơ quan, tổ chức",
        "en": "Organisation registered",
    },
    "enum.event_type.access.mandate_changed": {
        "vi": "Thay đổi phạm vi khai thác",
        "en": "Mandate changed",
    },
    "enum.event_type.access.member_created": {
        "vi": "Tạo tài khoản thành viên",
        "en": "Member account created",
    },
    "enum.event_type.access.member_disabled": {
        "vi": "Vô hiệu hóa tài khoản thành viên",
        "en": "Member account disabled",
    },
    "enum.event_type.access.machine_client_registered": {
        "vi": "Đăng ký hệ thống kết nối",
        "en": "Machine client registered",
    },
    "enum.event_type.access.relying_party_registered": {
        "vi": "Đăng ký dịch vụ dùng định danh điện tử",
        "en": "Relying party registered",
    },
    "enum.event_type.identity.oidc_consent_granted": {
        "vi": "Đồng ý chia sẻ với dịch vụ",
        "en": "Consent to a service granted",
    },
    "enum.event_type.identity.oidc_consent_withdrawn": {
        "vi": "Rút đồng ý chia sẻ với dịch vụ",
        "en": "Consent to a service withdrawn",
    },
    "enum.event_type.access.portal_account_requested": {
        "vi": "Đề nghị cấp tài khoản cổng tổ chức",
        "en": "Portal account requested",
    },
    "enum.event_type.access.portal_account_approved": {
        "vi": "Cấp tài khoản cổng tổ chức",
        "en": "Portal account approved",
    },
    "enum.event_type.access.portal_account_refused": {
        "vi": "Từ chối cấp tài khoản cổng tổ chức",
        "en": "Portal account refused",
    },
    "enum.event_type.access.client_auth_failed": {
        "vi": "Hệ thống kết nối xác thực không thành công",
        "en": "Connected system's authentication failed",
    },
    "enum.event_type.audit.log_archived": {
        "vi": "Lưu trữ một tháng nhật ký truy cập ra tệp",
        "en": "A month of the access log archived to a file",
    },
    "enum.event_type.verify.consent_given": {
        "vi": "Đồng ý cho xác thực thông tin",
        "en": "Consent to a verification question given",
    },
    "enum.event_type.verify.consent_declined": {
        "vi": "Không đồng ý cho xác thực thông tin",
        "en": "Consent to a verification question declined",
    },
    "enum.event_type.request.assigned": {
        "vi": "Giao đề nghị khai thác cho Công an cấp xã",
        "en": "Request assigned to a commune police",
    },
    "enum.event_type.correction.assigned": {
        "vi": "Giao đề nghị điều chỉnh cho Công an cấp xã",
        "en": "Correction assigned to a commune police",
    },
    "enum.event_type.privacy.request_filed": {
        "vi": "Gửi yêu cầu thực hiện quyền của chủ thể dữ liệu",
        "en": "Data-subject request filed",
    },
    "enum.event_type.privacy.request_acknowledged": {
        "vi": "Xác nhận đã nhận yêu cầu của chủ thể dữ liệu",
        "en": "Data-subject request acknowledged",
    },
    "enum.event_type.privacy.request_extended": {
        "vi": "Gia hạn giải quyết yêu cầu của chủ thể dữ liệu",
        "en": "Data-subject request extended",
    },
    "enum.event_type.privacy.request_granted": {
        "vi": "Chấp thuận yêu cầu của chủ thể dữ liệu",
        "en": "Data-subject request granted",
    },
    "enum.event_type.privacy.request_refused": {
        "vi": "Từ chối yêu cầu của chủ thể dữ liệu",
        "en": "Data-subject request refused",
    },
    "enum.event_type.privacy.request_withdrawn": {
        "vi": "Rút yêu cầu của chủ thể dữ liệu",
        "en": "Data-subject request withdrawn",
    },
    "enum.event_type.privacy.processing_restricted": {
        "vi": "Hạn chế xử lý dữ liệu cá nhân",
        "en": "Processing restricted",
    },
    "enum.event_type.privacy.processing_restriction_lifted": {
        "vi": "Bỏ hạn chế xử lý dữ liệu cá nhân",
        "en": "Processing restriction lifted",
    },
    "enum.event_type.privacy.data_deleted": {
        "vi": "Xóa dữ liệu cá nhân",
        "en": "Personal data deleted",
    },
    "enum.event_type.privacy.breach_recorded": {
        "vi": "Ghi nhận vi phạm dữ liệu cá nhân",
        "en": "Personal-data breach recorded",
    },
    "enum.event_type.privacy.breach_measures_updated": {
        "vi": "Cập nhật biện pháp xử lý vi phạm dữ liệu",
        "en": "Breach measures updated",
    },
    "enum.event_type.privacy.breach_notified": {
        "vi": "Thông báo vi phạm dữ liệu cá nhân",
        "en": "Breach notified",
    },
    "enum.event_type.privacy.breach_closed": {
        "vi": "Kết thúc xử lý vi phạm dữ liệu cá nhân",
        "en": "Breach closed",
    },
    "enum.event_type.privacy.retention_swept": {
        "vi": "Xử lý dữ liệu hết thời hạn lưu trữ",
        "en": "Retention sweep",
    },
    "enum.event_type.competence.delegation_created": {
        "vi": "Giao quyền cho cấp phó",
        "en": "Delegation to a deputy given",
    },
    "enum.event_type.competence.delegation_revoked": {
        "vi": "Thu hồi giao quyền",
        "en": "Delegation revoked",
    },
    "enum.event_type.competence.proposed": {
        "vi": "Cán bộ lập đề xuất",
        "en": "Proposal made by the handling officer",
    },
    "enum.event_type.identity.officer_position_set": {
        "vi": "Xác định chức vụ cán bộ",
        "en": "Officer's position set",
    },
    "enum.event_type.correction.escalated": {
        "vi": "Báo cấp trên đề nghị điều chỉnh quá hạn",
        "en": "Overdue correction reported to the superior",
    },
    "enum.event_type.sharing.system_security_check_recorded": {
        "vi": "Ghi nhận kiểm tra an ninh hệ thống kết nối (A05)",
        "en": "Connected system's security check recorded (A05)",
    },
    "enum.event_type.undetermined.dossier_opened": {
        "vi": "Tiếp nhận kê khai của người gốc Việt Nam chưa xác định được quốc tịch",
        "en": "Declaration of a person of Vietnamese origin with undetermined nationality received",
    },
    "enum.event_type.undetermined.verification_started": {
        "vi": "Bắt đầu kiểm tra, xác minh thông tin đã kê khai",
        "en": "Verification of the declaration started",
    },
    "enum.event_type.undetermined.residence_checked": {
        "vi": "Ghi nhận kết quả xác minh thời gian sinh sống liên tục tại địa phương",
        "en": "Check of continuous residence recorded",
    },
    "enum.event_type.undetermined.verification_extended": {
        "vi": "Gia hạn kiểm tra, xác minh (trường hợp phức tạp)",
        "en": "Verification extended (complex case)",
    },
    "enum.event_type.undetermined.accepted": {
        "vi": "Đủ điều kiện: thu thập, cập nhật vào Cơ sở dữ liệu quốc gia về dân cư",
        "en": "Qualified: collected into the National Population Database",
    },
    "enum.event_type.undetermined.refused": {
        "vi": "Không thu thập, cập nhật: đã trả lời, nêu rõ lý do",
        "en": "Not collected: written reply with reasons",
    },
    "enum.event_type.undetermined.escalated": {
        "vi": "Báo cấp trên hồ sơ chưa xác định được quốc tịch quá hạn",
        "en": "Overdue undetermined-nationality dossier reported to the superior",
    },
    "enum.event_type.undetermined.comparison_sent": {
        "vi": "Chuyển thông tin tới cơ quan quản lý căn cước Bộ Công an để kiểm tra, đối sánh",
        "en": "Information sent to the MPS identity agency to be checked and compared",
    },
    "enum.event_type.undetermined.comparison_answered": {
        "vi": "Cơ quan quản lý căn cước Bộ Công an trả kết quả đối sánh thông tin",
        "en": "MPS identity agency's comparison answer recorded",
    },
    "enum.event_type.undetermined.reply_handed_over": {
        "vi": "Đã trao văn bản trả lời không thu thập cho người đề nghị",
        "en": "Written refusal reply handed to the declarant",
    },
    "enum.event_type.identity_certificate.issued": {
        "vi": "Cấp giấy chứng nhận căn cước",
        "en": "Identity certificate issued",
    },
    "enum.event_type.identity_certificate.sent": {
        "vi": "Gửi giấy chứng nhận căn cước về nơi tiếp nhận",
        "en": "Identity certificate sent to the receiving unit",
    },
    "enum.event_type.identity_certificate.handed_over": {
        "vi": "Trả giấy chứng nhận căn cước cho người được cấp",
        "en": "Identity certificate handed to its holder",
    },
    "enum.event_type.identity_certificate.renewed": {
        "vi": "Cấp đổi, cấp lại giấy chứng nhận căn cước",
        "en": "Identity certificate renewed",
    },
    # An entry a later version logged with a type this one does not know (models.UnknownEventType).
    "audit.unknown_event_type": {
        "vi": "Loại sự kiện không xác định ({raw})",
        "en": "Unknown event type ({raw})",
    },
    # An entry a later version logged with a channel this one does not know (models.UnknownChannel).
    "audit.unknown_channel": {
        "vi": "Phương thức không xác định ({raw})",
        "en": "Unknown channel ({raw})",
    },
    # Archiving sealed months of the log (docs/adr/0018).
    "audit.archive_needs_postgresql": {
        "vi": "Chỉ lưu trữ được nhật ký trên PostgreSQL "
        "(SQLite giữ nhật ký trong một bảng, không chia theo tháng)",
        "en": "Only a PostgreSQL log can be archived (SQLite keeps the log in one table, not split by month)",
    },
    "audit.archive_not_sealed": {
        "vi": "Tháng {partition} chưa được niêm phong ({reason}): tháng phải kết thúc và một điểm kiểm tra "
        "(dancu audit checkpoint) phải bao trùm mục cuối của nó trong mọi chuỗi",
        "en": "Month {partition} is not sealed ({reason}): the month must be over and one checkpoint "
        "(dancu audit checkpoint) must cover its last entry in every chain",
    },
    "rule.tracker_cursor_needs_id": {
        "vi": "Trường {field} chỉ dùng cùng before (mã của mục cuối trang trước)",
        "en": "{field} goes with before (the id of the previous page's last entry)",
    },
    "rule.tracker_cursor_needs_zone": {
        "vi": "Trường {field} phải ghi múi giờ (ví dụ +00:00), như next_before_at",
        "en": "{field} must state its time zone (e.g. +00:00), as next_before_at does",
    },
}
