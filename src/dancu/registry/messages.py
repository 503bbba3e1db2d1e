"""Messages of the register, Vietnamese first: error codes, validation rules, the labels of words
(enums) and form fields, and the notices of the officer console.

Error codes are looked up as the code itself; validation rules as ``rule.<rule>`` with ``{field}``
(the pages pass the field's label, the API its dotted path).
"""

from __future__ import annotations

_CODES: dict[str, dict[str, str]] = {
    "citizen.not_found": {"vi": "Không tìm thấy công dân", "en": "Citizen not found"},
    "household.not_found": {
        "vi": "Không tìm thấy hộ gia đình số {number}",
        "en": "Household {number} not found",
    },
    "household.head_count": {
        "vi": "Hộ số {number} phải có đúng một chủ hộ (hiện có {heads})",
        "en": "Household {number} must have exactly one head (it has {heads})",
    },
    "household.head_must_be_replaced_first": {
        "vi": "Người này đang là chủ hộ của một hộ còn thành viên khác: phải thay chủ hộ trước",
        "en": "This person heads a household that has other members: change the head first",
    },
    "household.number_exhausted": {
        "vi": "Không cấp được số hộ mới; hãy thử lại",
        "en": "No new household number could be drawn; try again",
    },
    "pin.range_exhausted": {
        "vi": "Đã hết số định danh cá nhân khả dụng cho mã {prefix}, năm sinh {year}",
        "en": "No personal identification numbers left for prefix {prefix}, birth year {year}",
    },
    "pin.record_incomplete": {
        "vi": "Hồ sơ thiếu ngày sinh hoặc nơi đăng ký khai sinh: chưa thể xác lập lại số định danh",
        "en": "The record lacks the date of birth or the place of birth registration: "
        "the PIN cannot be re-established",
    },
    "account.username_taken": {
        "vi": "Tên đăng nhập {username} đã được sử dụng",
        "en": "The username {username} is already taken",
    },
}

_RULES: dict[str, dict[str, str]] = {
    "rule.name_letters_only": {
        "vi": "{field} chỉ được gồm chữ cái, dấu cách, dấu nháy và dấu gạch nối",
        "en": "{field} may contain only letters, spaces, apostrophes and hyphens",
    },
    "rule.partial_date": {
        "vi": "{field} phải là năm (YYYY), tháng và năm (YYYY-MM) hoặc ngày đầy đủ (YYYY-MM-DD) có thật",
        "en": "{field} must be a year (YYYY), a month (YYYY-MM) or a real date (YYYY-MM-DD)",
    },
    "rule.mobile_format": {
        "vi": "{field} phải là số di động Việt Nam gồm 10 chữ số (vd. 0912345678 hoặc +84912345678)",
        "en": "{field} must be a 10-digit Vietnamese mobile number (e.g. 0912345678 or +84912345678)",
    },
    "rule.collect.undetermined_alone": {
        "vi": "{field}: người chưa xác định được quốc tịch (XX) không ghi thêm quốc tịch khác",
        "en": "{field}: a person of undetermined nationality (XX) has no other nationality",
    },
    "rule.collect.undetermined_papers": {
        "vi": "{field}: người gốc Việt Nam chưa xác định được quốc tịch phải cung cấp giấy tờ có họ tên, "
        "ngày sinh do cơ quan Việt Nam cấp và giấy tờ chứng minh quan hệ huyết thống với người có hoặc "
        "đã từng có quốc tịch Việt Nam (Nghị định 70/2024/NĐ-CP Điều 24 khoản 2)",
        "en": "{field}: a person of Vietnamese origin with undetermined nationality provides a Vietnamese "
        "paper with name and date of birth and proof of descent from a (former) Vietnamese citizen "
        "(Decree 70/2024 Article 24(2))",
    },
    "rule.place.unit_or_country": {
        "vi": "{field}: ghi đơn vị hành chính (mã và bảng mã) nếu ở Việt Nam, hoặc mã quốc gia nếu ở "
        "nước ngoài — không ghi cả hai",
        "en": "{field}: give an administrative unit (code and code table) in Viet Nam, or a country code "
        "abroad — not both",
    },
    "rule.email_format": {
        "vi": "{field} không phải địa chỉ thư điện tử hợp lệ",
        "en": "{field} is not a valid e-mail address",
    },
    "rule.period_end_before_start": {
        "vi": "{field}: ngày kết thúc phải sau ngày bắt đầu",
        "en": "{field}: the end must come after the start",
    },
    "rule.key_required": {
        "vi": "{field}: cần khóa phân biệt (số thẻ, quan hệ, mã thông tin)",
        "en": "{field}: a key is required (card number, relation, attribute code)",
    },
    "rule.item_has_own_procedure": {
        "vi": "{field} được thay đổi bằng thủ tục riêng, không cập nhật trực tiếp",
        "en": "{field} is changed through its own procedure, not directly",
    },
    "rule.relation.own_ancestor": {
        "vi": "{field}: một người không thể là cha, mẹ của chính mình hay của tổ tiên mình",
        "en": "{field}: a person cannot be the parent of themselves or of an ancestor",
    },
    "rule.relation.parent_not_older": {
        "vi": "{field}: cha, mẹ phải sinh trước con",
        "en": "{field}: a parent must be born before the child",
    },
    "rule.relation.self": {
        "vi": "{field}: không thể ghi quan hệ với chính mình",
        "en": "{field}: a person cannot be related to themselves",
    },
    "rule.relation.not_found": {
        "vi": "{field}: không có quan hệ này trong hồ sơ",
        "en": "{field}: the record holds no such relation",
    },
    "rule.household.not_found": {
        "vi": "{field}: không tìm thấy hộ gia đình số {number}",
        "en": "{field}: household {number} not found",
    },
    "rule.household.not_a_member": {
        "vi": "{field}: người này không phải thành viên của hộ",
        "en": "{field}: this person is not a member of the household",
    },
    "rule.household.head_cannot_split": {
        "vi": "{field}: chủ hộ hiện tại không thể tách khỏi hộ của mình",
        "en": "{field}: the current head cannot split off from their own household",
    },
    "rule.household.old_head_stays_head": {
        "vi": "{field}: chủ hộ cũ phải có quan hệ khác với chủ hộ mới",
        "en": "{field}: the former head needs another relation to the new head",
    },
    "rule.household.head_must_be_replaced_first": {
        "vi": "{field}: người này đang là chủ hộ của hộ còn thành viên khác; phải thay chủ hộ trước",
        "en": "{field}: this person heads a household with other members; change the head first",
    },
    "rule.household.relation_required": {
        "vi": "Khi nhập số hộ, cần chọn quan hệ với chủ hộ",
        "en": "A household number needs the relation to the head of household",
    },
    "rule.birth.parent_required": {
        "vi": "Cần ít nhất cha, mẹ hoặc người đại diện hợp pháp, hoặc đánh dấu “không rõ cha, mẹ”",
        "en": "Give at least a father, a mother or a legal representative, or tick “parents unknown”",
    },
    "rule.birth.sex_required": {
        "vi": "Giới tính phải là nam hoặc nữ để đăng ký khai sinh",
        "en": "Sex must be male or female to register a birth",
    },
    "rule.parent_pin_or_name": {
        "vi": "{field}: cần số định danh cá nhân hoặc họ và tên",
        "en": "{field}: give a personal identification number or a full name",
    },
    "rule.death.status_alive": {
        "vi": "{field} phải là đã chết hoặc mất tích",
        "en": "{field} must be dead or missing",
    },
    "rule.death.already_recorded": {
        "vi": "{field}: công dân đã được ghi nhận chết hoặc mất tích",
        "en": "{field}: a death or disappearance is already recorded",
    },
    "rule.residence.kind": {
        "vi": "{field} phải là thường trú, tạm trú hoặc nơi ở hiện tại",
        "en": "{field} must be permanent residence, temporary residence or current place",
    },
    "rule.residence.temporary_needs_end": {
        "vi": "{field}: đăng ký tạm trú cần thời hạn (ngày kết thúc)",
        "en": "{field}: a temporary residence needs an end date",
    },
    "rule.extra.unknown_attribute": {
        "vi": "{field}: {key} không có trong danh mục thông tin khác",
        "en": "{field}: {key} is not in the catalogue of other information",
    },
    "rule.extra.wrong_type": {
        "vi": "{field}: giá trị của {key} phải có kiểu {type}",
        "en": "{field}: the value of {key} must be of type {type}",
    },
    "rule.item_not_editable": {
        "vi": "{field}: hãy chọn một thông tin trong danh sách",
        "en": "{field}: choose one of the listed items",
    },
    "rule.search.name_too_short": {
        "vi": "{field} phải có ít nhất 2 ký tự",
        "en": "{field} must have at least 2 characters",
    },
}

# Words of the register (StrEnum values), as the pages show them.
_ENUMS: dict[str, dict[str, str]] = {
    "enum.sex.0": {"vi": "Chưa có thông tin", "en": "Not stated"},
    "enum.sex.1": {"vi": "Nam", "en": "Male"},
    "enum.sex.2": {"vi": "Nữ", "en": "Female"},
    "enum.life_status.alive": {"vi": "Còn sống", "en": "Alive"},
    "enum.life_status.dead": {"vi": "Đã chết", "en": "Dead"},
    "enum.life_status.missing": {"vi": "Mất tích", "en": "Missing"},
    "enum.marital_status.single": {"vi": "Chưa kết hôn", "en": "Single"},
    "enum.marital_status.married": {"vi": "Đã kết hôn", "en": "Married"},
    "enum.marital_status.divorced": {"vi": "Đã ly hôn", "en": "Divorced"},
    "enum.marital_status.widowed": {"vi": "Góa", "en": "Widowed"},
    "enum.relation_role.father": {"vi": "Cha", "en": "Father"},
    "enum.relation_role.mother": {"vi": "Mẹ", "en": "Mother"},
    "enum.relation_role.wife": {"vi": "Vợ", "en": "Wife"},
    "enum.relation_role.husband": {"vi": "Chồng", "en": "Husband"},
    "enum.relation_role.child": {"vi": "Con", "en": "Child"},
    "enum.relation_role.legal_representative": {
        "vi": "Người đại diện hợp pháp",
        "en": "Legal representative",
    },
    "enum.relation_role.represented_person": {"vi": "Người được đại diện", "en": "Represented person"},
    "enum.household_relation.head": {"vi": "Chủ hộ", "en": "Head of household"},
    "enum.household_relation.spouse": {"vi": "Vợ/chồng", "en": "Spouse"},
    "enum.household_relation.child": {"vi": "Con", "en": "Child"},
    "enum.household_relation.parent": {"vi": "Cha/mẹ", "en": "Parent"},
    "enum.household_relation.grandchild": {"vi": "Cháu", "en": "Grandchild"},
    "enum.household_relation.sibling": {"vi": "Anh/chị/em", "en": "Sibling"},
    "enum.household_relation.other_relative": {"vi": "Họ hàng khác", "en": "Other relative"},
    "enum.household_relation.other": {"vi": "Khác", "en": "Other"},
    "enum.card_kind.can_cuoc": {"vi": "Thẻ căn cước", "en": "Identity card"},
    "enum.card_kind.cccd": {"vi": "Thẻ căn cước công dân", "en": "Citizen identity card"},
    "enum.card_kind.cmnd12": {"vi": "Chứng minh nhân dân 12 số", "en": "12-digit people's ID card"},
    "enum.card_kind.identity_certificate": {"vi": "Giấy chứng nhận căn cước", "en": "Identity certificate"},
    "enum.change_kind.collection": {"vi": "Thu thập", "en": "Collection"},
    "enum.change_kind.update": {"vi": "Cập nhật", "en": "Update"},
    "enum.change_kind.adjustment": {"vi": "Điều chỉnh", "en": "Adjustment"},
    "enum.source.civil_status": {"vi": "Cơ sở dữ liệu hộ tịch", "en": "Civil status database"},
    "enum.source.residence_registration": {"vi": "Đăng ký cư trú", "en": "Residence registration"},
    "enum.source.card_procedure": {"vi": "Thủ tục cấp thẻ căn cước", "en": "Identity card procedure"},
    "enum.source.dc01": {"vi": "Phiếu thu thập thông tin dân cư (DC01)", "en": "Collection form DC01"},
    "enum.source.dc02": {"vi": "Phiếu đề nghị giải quyết thủ tục (DC02)", "en": "Procedure request DC02"},
    "enum.source.archive": {"vi": "Tàng thư, hồ sơ lưu trữ", "en": "Archive"},
    "enum.source.shared_database": {"vi": "Cơ sở dữ liệu khác chia sẻ", "en": "Shared database"},
    "enum.source.synthetic": {"vi": "Dữ liệu mẫu (tổng hợp)", "en": "Synthetic demo data"},
    "enum.verification.verified": {"vi": "Đã xác thực", "en": "Verified"},
    "enum.verification.unverified": {"vi": "Chưa xác thực", "en": "Unverified"},
    "enum.residence_removal_reason.death": {"vi": "Đã chết", "en": "Died"},
    "enum.residence_removal_reason.moved": {
        "vi": "Đã đăng ký nơi cư trú mới",
        "en": "Registered a new residence",
    },
    "enum.residence_removal_reason.abroad": {"vi": "Định cư ở nước ngoài", "en": "Settled abroad"},
    "enum.residence_removal_reason.absent_12_months": {
        "vi": "Vắng mặt liên tục từ 12 tháng trở lên",
        "en": "Absent for 12 months or more",
    },
    "enum.residence_removal_reason.unlawful_registration": {
        "vi": "Đăng ký trái pháp luật",
        "en": "Unlawful registration",
    },
    "enum.residence_removal_reason.period_ended": {"vi": "Hết thời hạn", "en": "Period ended"},
    "enum.residence_removal_reason.other": {"vi": "Lý do khác", "en": "Other reason"},
    "enum.residence_kind.permanent": {"vi": "Thường trú", "en": "Permanent residence"},
    "enum.residence_kind.temporary": {"vi": "Tạm trú", "en": "Temporary residence"},
    "enum.residence_kind.current": {"vi": "Nơi ở hiện tại", "en": "Current place of living"},
}

# English names of the items (Vietnamese: ``Item.label_vi``).
_ITEMS_EN: dict[str, dict[str, str]] = {
    f"item.{key}": {"en": text}
    for key, text in {
        "full_name": "Full name at birth registration",
        "other_names": "Other names",
        "pin": "Personal identification number",
        "date_of_birth": "Date of birth",
        "sex": "Sex",
        "place_of_birth": "Place of birth",
        "birth_registration_place": "Place of birth registration",
        "hometown": "Hometown",
        "ethnicity": "Ethnicity",
        "religion": "Religion",
        "nationality": "Nationality",
        "blood_group": "Blood group",
        "cmnd9": "9-digit people's ID number",
        "card": "Identity cards issued",
        "relation": "Father, mother, spouse, children, legal representative, represented person",
        "permanent_residence": "Permanent residence",
        "temporary_residence": "Temporary residence",
        "current_place": "Current place of living",
        "temporary_absence": "Declared temporary absence",
        "residence_file_number": "Residence file number",
        "marital_status": "Marital status",
        "household": "Household and relation to its head",
        "death": "Date of death or disappearance",
        "mobile": "Mobile number",
        "email": "E-mail address",
        "extra": "Other information",
    }.items()
}

# Form fields of the officer console: the label shown beside the input and inside its messages.
_FIELDS: dict[str, dict[str, str]] = {
    "field.full_name": {"vi": "Họ, chữ đệm và tên", "en": "Full name"},
    "field.full_name.family": {"vi": "Họ", "en": "Family name"},
    "field.full_name.middle": {"vi": "Chữ đệm", "en": "Middle name"},
    "field.full_name.given": {"vi": "Tên", "en": "Given name"},
    "field.date_of_birth": {"vi": "Ngày, tháng, năm sinh", "en": "Date of birth"},
    "field.sex": {"vi": "Giới tính", "en": "Sex"},
    "field.place_of_birth": {"vi": "Nơi sinh", "en": "Place of birth"},
    "field.birth_registration_place": {"vi": "Nơi đăng ký khai sinh", "en": "Place of birth registration"},
    "field.hometown": {"vi": "Quê quán", "en": "Hometown"},
    "field.ethnicity": {"vi": "Dân tộc", "en": "Ethnicity"},
    "field.religion": {"vi": "Tôn giáo", "en": "Religion"},
    "field.nationality": {"vi": "Quốc tịch", "en": "Nationality"},
    "field.father": {"vi": "Cha", "en": "Father"},
    "field.mother": {"vi": "Mẹ", "en": "Mother"},
    "field.legal_representative": {"vi": "Người đại diện hợp pháp", "en": "Legal representative"},
    "field.pin": {"vi": "Số định danh cá nhân", "en": "Personal identification number"},
    "field.parent.pin": {"vi": "Số định danh cá nhân", "en": "Personal identification number"},
    "field.parent.full_name": {"vi": "Họ và tên", "en": "Full name"},
    "field.parent.nationality": {"vi": "Quốc tịch", "en": "Nationality"},
    "field.parents_unknown": {"vi": "Không rõ cha, mẹ", "en": "Parents unknown"},
    "field.permanent_residence": {"vi": "Nơi thường trú", "en": "Permanent residence"},
    "field.permanent_residence_since": {"vi": "Thường trú từ ngày", "en": "Permanent residence since"},
    "field.household_number": {"vi": "Số hộ (nếu nhập vào hộ)", "en": "Household number (to join)"},
    "field.relation_to_head": {"vi": "Quan hệ với chủ hộ", "en": "Relation to the head"},
    "field.legal_basis": {"vi": "Căn cứ pháp lý", "en": "Legal basis"},
    "field.dossier_number": {"vi": "Số hồ sơ", "en": "Dossier number"},
    "field.cmnd9": {"vi": "Số CMND 9 số", "en": "9-digit ID number"},
    "field.other_names": {"vi": "Tên gọi khác (mỗi dòng một tên)", "en": "Other names (one per line)"},
    "field.blood_group": {"vi": "Nhóm máu", "en": "Blood group"},
    "field.marital_status": {"vi": "Tình trạng hôn nhân", "en": "Marital status"},
    "field.mobile": {"vi": "Số thuê bao di động", "en": "Mobile number"},
    "field.email": {"vi": "Địa chỉ thư điện tử", "en": "E-mail address"},
    "field.item": {"vi": "Thông tin", "en": "Item"},
    "field.value": {"vi": "Giá trị mới", "en": "New value"},
    "field.reason": {"vi": "Lý do", "en": "Reason"},
    "field.proof": {"vi": "Giấy tờ chứng minh", "en": "Supporting document"},
    "field.source": {"vi": "Nguồn thông tin", "en": "Source"},
    "field.valid_from": {"vi": "Có hiệu lực từ ngày", "en": "Valid from"},
    "field.status": {"vi": "Tình trạng", "en": "Status"},
    "field.date": {"vi": "Ngày, tháng, năm chết hoặc mất tích", "en": "Date of death or disappearance"},
    "field.kind": {"vi": "Loại cư trú", "en": "Kind of residence"},
    "field.address": {"vi": "Địa chỉ", "en": "Address"},
    "field.start": {"vi": "Từ ngày", "en": "From"},
    "field.end": {"vi": "Đến ngày", "en": "Until"},
    "field.on": {"vi": "Ngày xóa đăng ký", "en": "Removed on"},
    "field.note": {"vi": "Ghi chú", "en": "Note"},
    "field.destination": {"vi": "Nơi đến", "en": "Destination"},
    "field.subject_kind": {"vi": "Đối tượng khai báo", "en": "Category of person"},
    "field.residence_file_number": {"vi": "Số hồ sơ cư trú", "en": "Residence file number"},
    "field.name": {"vi": "Họ và tên", "en": "Name"},
    "field.dob": {"vi": "Ngày sinh", "en": "Date of birth"},
    "field.after": {"vi": "Trang", "en": "Page"},
    "field.as_of": {"vi": "Ngày hiệu lực (D)", "en": "Valid on (D)"},
    "field.known_at": {"vi": "Theo dữ liệu đã biết đến ngày (K)", "en": "As known on (K)"},
    "field.valid_on": {"vi": "Ngày hiệu lực (D)", "en": "Valid on (D)"},
    "field.unit_code": {"vi": "Mã đơn vị hành chính", "en": "Administrative unit code"},
    "field.unit_version": {"vi": "Bảng mã đơn vị", "en": "Code table"},
    "field.country_pin_code": {"vi": "Mã quốc gia", "en": "Country code"},
    "field.detail": {"vi": "Số nhà, đường, thôn, xóm", "en": "House, street, hamlet"},
    "field.card": {"vi": "Thẻ", "en": "Card"},
    "field.card.kind": {"vi": "Loại thẻ", "en": "Kind of card"},
    "field.card.number": {"vi": "Số thẻ", "en": "Card number"},
    "field.card.issued_on": {"vi": "Ngày cấp", "en": "Issued on"},
    "field.card.issued_by": {"vi": "Nơi cấp", "en": "Issued by"},
    "field.card.expires_on": {"vi": "Có giá trị đến", "en": "Valid until"},
}

_PAGES: dict[str, dict[str, str]] = {
    "page.form_invalid": {
        "vi": "Chưa lưu: có thông tin chưa hợp lệ, xem các thông báo bên dưới",
        "en": "Not saved: some fields are invalid, see the messages below",
    },
    "page.none": {"vi": "(không có giá trị)", "en": "(no value)"},
    "page.cancelled_pin": {
        "vi": "Số {old} đã bị hủy; số định danh cá nhân hiện tại là {new}",
        "en": "Number {old} was cancelled; the current personal identification number is {new}",
    },
    "notice.birth_registered": {
        "vi": "Đã đăng ký khai sinh. Số định danh cá nhân được cấp: {pin}",
        "en": "Birth registered. Personal identification number assigned: {pin}",
    },
    "notice.proposal_reported": {
        "vi": "Đã báo cáo đề xuất; Thủ trưởng hoặc cấp phó được giao quyền quyết định",
        "en": "Proposal reported; the head or a delegated deputy decides",
    },
    "notice.collected": {
        "vi": "Đã thu thập thông tin (DC01). Số định danh cá nhân được cấp: {pin}",
        "en": "Information collected (DC01). Personal identification number assigned: {pin}",
    },
    "notice.adjusted": {"vi": "Đã điều chỉnh thông tin", "en": "Item adjusted"},
    "notice.updated": {"vi": "Đã cập nhật thông tin", "en": "Item updated"},
    "notice.residence_registered": {"vi": "Đã đăng ký cư trú", "en": "Residence registered"},
    "notice.residence_removed": {"vi": "Đã xóa đăng ký cư trú", "en": "Residence registration removed"},
    "notice.absence_declared": {"vi": "Đã khai báo tạm vắng", "en": "Temporary absence declared"},
    "notice.card_recorded": {"vi": "Đã ghi nhận thẻ được cấp", "en": "Card recorded"},
    "notice.death_recorded": {
        "vi": "Đã ghi nhận chết hoặc mất tích",
        "en": "Death or disappearance recorded",
    },
}

MESSAGES: dict[str, dict[str, str]] = {**_CODES, **_RULES, **_ENUMS, **_ITEMS_EN, **_FIELDS, **_PAGES}


# Page text of the templates (labels, headings, buttons, hints): Vietnamese first.
_TEXT: dict[str, dict[str, str]] = {
    "registry_text.find_a_citizen": {"vi": "Tra cứu công dân", "en": "Find a citizen"},
    "registry_text.identification_number": {"vi": "Số định danh", "en": "Identification number"},
    "registry_text.has_no_residence_in_your_area": {
        "vi": "không có nơi cư trú trong địa bàn quản lý của bạn nên hồ sơ không mở được tại đây.",
        "en": "has no residence in your area, so the record cannot be opened here.",
    },
    "registry_text.register_a_residence": {"vi": "Đăng ký cư trú", "en": "Register a residence"},
    "registry_text.full_name_tone_marks_optional": {
        "vi": "Họ và tên (có thể gõ không dấu)",
        "en": "Full name (tone marks optional)",
    },
    "registry_text.date_of_birth_optional": {
        "vi": "Ngày sinh (không bắt buộc)",
        "en": "Date of birth (optional)",
    },
    "registry_text.search": {"vi": "Tìm kiếm", "en": "Search"},
    "registry_text.open_a_record_by_identification_number": {
        "vi": "Mở hồ sơ theo số định danh",
        "en": "Open a record by identification number",
    },
    "registry_text.personal_identification_number": {
        "vi": "Số định danh cá nhân",
        "en": "Personal identification number",
    },
    "registry_text.12_digits": {"vi": "12 chữ số", "en": "12 digits"},
    "registry_text.open_the_record": {"vi": "Mở hồ sơ", "en": "Open the record"},
    "registry_text.results": {"vi": "Kết quả", "en": "Results"},
    "registry_text.next_page": {"vi": "(trang tiếp)", "en": "(next page)"},
    "registry_text.full_name": {"vi": "Họ và tên", "en": "Full name"},
    "registry_text.date_of_birth": {"vi": "Ngày sinh", "en": "Date of birth"},
    "registry_text.sex": {"vi": "Giới tính", "en": "Sex"},
    "registry_text.status": {"vi": "Tình trạng", "en": "Status"},
    "registry_text.no_matching_citizen_in_your_area": {
        "vi": "Không tìm thấy công dân phù hợp trong địa bàn quản lý.",
        "en": "No matching citizen in your area.",
    },
    "registry_text.first_page": {"vi": "« Trang đầu", "en": "« First page"},
    "registry_text.citizen_record": {"vi": "— Hồ sơ công dân", "en": "— Citizen record"},
    "registry_text.current_name": {"vi": "Họ tên hiện nay:", "en": "Current name:"},
    "registry_text.procedures": {"vi": "Thủ tục", "en": "Procedures"},
    "registry_text.update": {"vi": "Cập nhật", "en": "Update"},
    "registry_text.correct": {"vi": "Điều chỉnh", "en": "Correct"},
    "registry_text.residence": {"vi": "Cư trú", "en": "Residence"},
    "registry_text.record_a_card": {"vi": "Ghi nhận thẻ", "en": "Record a card"},
    "registry_text.death_missing": {"vi": "Khai tử, mất tích", "en": "Death, missing"},
    "registry_text.pin_proposal": {
        "vi": "Đề xuất hủy, xác lập lại số ĐDCN",
        "en": "Propose cancelling and re-establishing the PIN",
    },
    "registry_text.note_on_the_identification_number_not": {
        "vi": "Lưu ý về số định danh (không phải lỗi):",
        "en": "Note on the identification number (not an error):",
    },
    "registry_text.see_the_record_as_of_a": {
        "vi": "Xem hồ sơ tại một thời điểm",
        "en": "See the record as of a date",
    },
    "registry_text.information_valid_on_this_date": {
        "vi": "Thông tin có hiệu lực vào ngày này",
        "en": "Information valid on this date",
    },
    "registry_text.as_the_database_had_recorded_it": {
        "vi": "Như cơ sở dữ liệu đã ghi nhận đến hết ngày này",
        "en": "As the database had recorded it by the end of this date",
    },
    "registry_text.show_the_record": {"vi": "Xem hồ sơ", "en": "Show the record"},
    "registry_text.back_to_the_current_record": {
        "vi": "Về hồ sơ hiện tại",
        "en": "Back to the current record",
    },
    "registry_text.the_record_as_of_the_chosen": {
        "vi": "Hồ sơ tại thời điểm đã chọn.",
        "en": "The record as of the chosen date.",
    },
    "registry_text.no_information_was_valid_at_that": {
        "vi": "Không có thông tin nào có hiệu lực vào thời điểm này.",
        "en": "No information was valid at that time.",
    },
    "registry_text.history_of_changes": {"vi": "Lịch sử thay đổi", "en": "History of changes"},
    "registry_text.newest_first": {"vi": "(mới nhất trước)", "en": "(newest first)"},
    "registry_text.recorded_after_date_k": {"vi": "ghi nhận sau ngày K", "en": "recorded after date K"},
    "registry_text.recorded_wrong": {"vi": "đã ghi (sai)", "en": "recorded (wrong)"},
    "registry_text.before": {"vi": "trước", "en": "before"},
    "registry_text.corrected_to": {"vi": "điều chỉnh thành", "en": "corrected to"},
    "registry_text.valid": {"vi": "(hiệu lực", "en": "(valid"},
    "registry_text.source": {"vi": "Nguồn", "en": "Source"},
    "registry_text.basis": {"vi": "Căn cứ", "en": "Basis"},
    "registry_text.file_number": {"vi": "Số hồ sơ", "en": "File number"},
    "registry_text.reason": {"vi": "Lý do", "en": "Reason"},
    "registry_text.officer": {"vi": "Cán bộ", "en": "Officer"},
    "registry_text.register_a_birth": {"vi": "Đăng ký khai sinh", "en": "Register a birth"},
    "registry_text.the_personal_identification_number_is_issued": {
        "vi": "Cấp số định danh cá nhân khi đăng ký khai sinh (NĐ 70/2024/NĐ-CP Điều 11 khoản 2). "
        "Trường có dấu",
        "en": "The personal identification number is issued when the birth is registered (Decree "
        "70/2024/NĐ-CP Article 11 clause 2). Fields marked",
    },
    "registry_text.are_required": {"vi": "là bắt buộc.", "en": "are required."},
    "registry_text.the_child": {"vi": "Người được khai sinh", "en": "The child"},
    "registry_text.father_mother": {"vi": "Cha, mẹ", "en": "Father, mother"},
    "registry_text.legal_representative_if_any": {
        "vi": "Người đại diện hợp pháp (nếu có)",
        "en": "Legal representative (if any)",
    },
    "registry_text.registration_and_residence": {
        "vi": "Đăng ký và cư trú",
        "en": "Registration and residence",
    },
    "registry_text.if_registered_at_the_same_time": {
        "vi": " (nếu đăng ký cùng lúc)",
        "en": " (if registered at the same time)",
    },
    "registry_text.cancel": {"vi": "Hủy", "en": "Cancel"},
    "registry_text.correct_the_recorded_information_is_wrong": {
        "vi": "Điều chỉnh: thông tin đã ghi bị sai. Giá trị sai vẫn được giữ trong lịch sử; cần lý do"
        " và giấy tờ chứng minh.",
        "en": "Correct: the recorded information is wrong. The wrong value stays in the history; a "
        "reason and a supporting document are needed.",
    },
    "registry_text.update_the_information_changes_from_a": {
        "vi": "Cập nhật: thông tin thay đổi kể từ một ngày (vd. đổi tên theo quyết định, kết hôn). "
        "Giá trị cũ vẫn đúng cho thời gian trước đó.",
        "en": "Update: the information changes from a date (e.g. a change of name by decision, a "
        "marriage). The old value stays true for the time before.",
    },
    "registry_text.choose_another_item": {"vi": "Chọn thông tin khác", "en": "Choose another item"},
    "registry_text.continue": {"vi": "Tiếp tục", "en": "Continue"},
    "registry_text.current_value": {"vi": "Giá trị hiện tại:", "en": "Current value:"},
    "registry_text.one_name_per_line": {"vi": " (mỗi dòng một tên)", "en": " (one name per line)"},
    "registry_text.at_least_5_characters_e_g": {
        "vi": "Ít nhất 5 ký tự, vd. “Sai chính tả khi nhập tên”",
        "en": "At least 5 characters, e.g. “Name misspelt when typed in”",
    },
    "registry_text.e_g_original_birth_certificate_no": {
        "vi": "vd. Giấy khai sinh bản chính số 123",
        "en": "e.g. Original birth certificate no. 123",
    },
    "registry_text.optional": {"vi": " (không bắt buộc)", "en": " (optional)"},
    "registry_text.save_the_correction": {"vi": "Lưu điều chỉnh", "en": "Save the correction"},
    "registry_text.save_the_update": {"vi": "Lưu cập nhật", "en": "Save the update"},
    "registry_text.current_residence": {"vi": "Nơi cư trú hiện tại", "en": "Current residence"},
    "registry_text.no_residence_recorded_yet": {
        "vi": "Chưa có thông tin cư trú.",
        "en": "No residence recorded yet.",
    },
    "registry_text.this_citizen_is_outside_your_unit": {
        "vi": "Công dân không thuộc địa bàn quản lý của đơn vị bạn: chỉ có thể đăng ký cư trú tại một"
        " địa chỉ trong địa bàn của bạn (người chuyển đến).",
        "en": "This citizen is outside your unit's area: you can only register a residence at an "
        "address in your area (someone moving in).",
    },
    "registry_text.register_a_permanent_or_temporary_residence": {
        "vi": "Đăng ký thường trú, tạm trú, khai báo nơi ở hiện tại",
        "en": "Register a permanent or temporary residence, or declare a current address",
    },
    "registry_text.required_for_a_temporary_residence_its": {
        "vi": "Bắt buộc với tạm trú (thời hạn tạm trú)",
        "en": "Required for a temporary residence (its end date)",
    },
    "registry_text.register": {"vi": "Đăng ký", "en": "Register"},
    "registry_text.remove_a_permanent_or_temporary_registration": {
        "vi": "Xóa đăng ký thường trú, tạm trú",
        "en": "Remove a permanent or temporary registration",
    },
    "registry_text.remove_the_registration": {"vi": "Xóa đăng ký", "en": "Remove the registration"},
    "registry_text.declare_a_temporary_absence": {
        "vi": "Khai báo tạm vắng",
        "en": "Declare a temporary absence",
    },
    "registry_text.record_a_death_or_a_disappearance": {
        "vi": "Ghi nhận chết hoặc mất tích",
        "en": "Record a death or a disappearance",
    },
    "registry_text.recording_a_death_also_removes_the": {
        "vi": "Việc ghi nhận chết đồng thời xóa đăng ký thường trú, tạm trú và đưa người này ra khỏi "
        "hộ từ ngày chết (Luật Cư trú Điều 24).",
        "en": "Recording a death also removes the permanent and temporary registrations and takes the"
        " person out of the household from the date of death (Law on Residence Article 24).",
    },
    "registry_text.recorded": {"vi": "Hồ sơ đã ghi nhận:", "en": "Recorded:"},
    "registry_text.record": {"vi": "Ghi nhận", "en": "Record"},
    "registry_text.record_an_identity_card": {"vi": "Ghi nhận thẻ căn cước", "en": "Record an identity card"},
    "registry_text.record_an_issued_card": {"vi": "Ghi nhận thẻ được cấp", "en": "Record an issued card"},
    "registry_text.the_number_of_a_chip_identity": {
        "vi": "Số của thẻ căn cước và thẻ căn cước công dân gắn chip là số định danh cá nhân của "
        "người được cấp (Luật Căn cước Điều 12); mỗi thẻ là một dòng trong lịch sử.",
        "en": "The number of a chip identity card is the holder's personal identification number (Law"
        " on Identification Article 12); each card is a line in the history.",
    },
    "registry_text.9_or_12_digits": {"vi": "9 hoặc 12 chữ số", "en": "9 or 12 digits"},
    "registry_text.e_g_c_c_c_nh": {
        "vi": "vd. Cục Cảnh sát QLHC về TTXH",
        "en": "e.g. Cục Cảnh sát QLHC về TTXH (the police department for administrative management of"
        " social order)",
    },
    "registry_text.leave_empty_if_the_card_has": {
        "vi": "Để trống nếu thẻ không ghi thời hạn",
        "en": "Leave empty if the card has no expiry date",
    },
    "registry_text.collect_population_information_dc01": {
        "vi": "Thu thập thông tin dân cư (DC01)",
        "en": "Collect population information (DC01)",
    },
    "registry_text.collect_population_information_form_dc01": {
        "vi": "Thu thập thông tin dân cư (Phiếu DC01)",
        "en": "Collect population information (form DC01)",
    },
    "registry_text.for_a_person_whose_birth_is": {
        "vi": "Cho người đã đăng ký khai sinh nhưng chưa có số định danh cá nhân; cơ sở dữ liệu cấp "
        "số mới. Thông tin thu thập được ghi là",
        "en": "For a person whose birth is registered but who has no personal identification number; "
        "the database issues a new one. The information collected is recorded as",
    },
    "registry_text.not_verified": {"vi": "chưa xác thực", "en": "not verified"},
    "registry_text.identity": {"vi": "Nhân thân", "en": "Identity"},
    "registry_text.9_digits": {"vi": "9 chữ số", "en": "9 digits"},
    "registry_text.other_information": {"vi": "Thông tin khác", "en": "Other information"},
    "registry_text.collect_and_issue_the_number": {
        "vi": "Thu thập và cấp số định danh",
        "en": "Collect and issue the number",
    },
    "registry_text.full_name_family_middle_and_given": {
        "vi": "Họ, chữ đệm và tên",
        "en": "Full name (family, middle and given names)",
    },
    "registry_text.nguy_n": {"vi": "Nguyễn", "en": "Nguyễn"},
    "registry_text.v_n_th": {"vi": "Văn / Thị…", "en": "Văn / Thị…"},
    "registry_text.or_a_personal_identification_number": {
        "vi": "hoặc số định danh cá nhân",
        "en": "or a personal identification number",
    },
    "registry_text.if_already_in_the_database": {
        "vi": "Nếu đã có trong cơ sở dữ liệu",
        "en": "If already in the database",
    },
    "registry_text.file_and_legal_basis": {"vi": "Hồ sơ, căn cứ pháp lý", "en": "File and legal basis"},
    "registry_text.not_saved": {"vi": "Chưa lưu", "en": "Not saved"},
    "registry_text.citizen_record_2": {"vi": "← Hồ sơ công dân", "en": "← Citizen record"},
}

MESSAGES |= _TEXT

# The record's groups, the card line and the change forms' titles, as pages show them.
MESSAGES |= {
    "registry_section.identity": {"vi": "Nhân thân", "en": "Identity"},
    "registry_section.birth": {"vi": "Khai sinh", "en": "Birth"},
    "registry_section.residence": {"vi": "Cư trú", "en": "Residence"},
    "registry_section.family": {"vi": "Gia đình", "en": "Family"},
    "registry_section.household": {"vi": "Hộ gia đình", "en": "Household"},
    "registry_section.card": {"vi": "Thẻ căn cước", "en": "Identity card"},
    "registry_section.contact": {"vi": "Liên lạc", "en": "Contact"},
    "registry_section.other": {"vi": "Thông tin khác", "en": "Other information"},
    "registry_display.card": {
        "vi": "{kind} số {number}, cấp ngày {issued_on} bởi {issued_by}",
        "en": "{kind} number {number}, issued on {issued_on} by {issued_by}",
    },
    "registry_display.card_expires": {"vi": ", hết hạn {expires_on}", "en": ", expires on {expires_on}"},
    "registry_text.name_example": {"vi": "vd. nguyen minh khang", "en": "e.g. nguyen minh khang"},
    "registry_mode.adjust": {"vi": "Điều chỉnh thông tin", "en": "Correct information"},
    "registry_mode.update": {"vi": "Cập nhật thông tin", "en": "Update information"},
}
