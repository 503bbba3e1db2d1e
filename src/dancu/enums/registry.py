"""Words of the register (Luật Căn cước Điều 9; NĐ 70 Điều 5, 6), one StrEnum each."""

from __future__ import annotations

from enum import StrEnum


class Item(StrEnum):
    """The items of Luật Căn cước 2023 Điều 9 (khoản number in the comment)."""

    FULL_NAME = "full_name"  # 1 Họ, chữ đệm và tên khai sinh
    OTHER_NAMES = "other_names"  # 2 Tên gọi khác
    PIN = "pin"  # 3 Số định danh cá nhân
    DATE_OF_BIRTH = "date_of_birth"  # 4 Ngày, tháng, năm sinh
    SEX = "sex"  # 5 Giới tính
    PLACE_OF_BIRTH = "place_of_birth"  # 6 Nơi sinh
    BIRTH_REGISTRATION_PLACE = "birth_registration_place"  # 7 Nơi đăng ký khai sinh
    HOMETOWN = "hometown"  # 8 Quê quán
    ETHNICITY = "ethnicity"  # 9 Dân tộc
    RELIGION = "religion"  # 10 Tôn giáo
    NATIONALITY = "nationality"  # 11 Quốc tịch
    BLOOD_GROUP = "blood_group"  # 12 Nhóm máu
    CMND9 = "cmnd9"  # 13 Số CMND 09 số
    CARD = "card"  # 14 thẻ căn cước / CCCD / CMND 12 số (one key per card)
    RELATION = "relation"  # 15 cha, mẹ, vợ, chồng, con, người đại diện, người được đại diện
    PERMANENT_RESIDENCE = "permanent_residence"  # 16 Nơi thường trú
    TEMPORARY_RESIDENCE = "temporary_residence"  # 17 Nơi tạm trú
    CURRENT_PLACE = "current_place"  # 18 Nơi ở hiện tại
    TEMPORARY_ABSENCE = "temporary_absence"  # 19 Tình trạng khai báo tạm vắng
    RESIDENCE_FILE_NUMBER = "residence_file_number"  # 20 Số hồ sơ cư trú
    MARITAL_STATUS = "marital_status"  # 21 Tình trạng hôn nhân
    HOUSEHOLD = "household"  # 22 + 23 Quan hệ với chủ hộ; chủ hộ và thành viên hộ
    DEATH = "death"  # 24 Ngày, tháng, năm chết hoặc mất tích
    MOBILE = "mobile"  # 25 Số thuê bao di động
    EMAIL = "email"  # 25 Địa chỉ thư điện tử
    EXTRA = "extra"  # 26 Thông tin khác (one key per catalogue attribute)

    @property
    def article_clause(self) -> int:
        return _CLAUSE[self]

    @property
    def label_vi(self) -> str:
        return _LABEL_VI[self]

    @property
    def multi_valued(self) -> bool:
        """Items kept as one value per key (a card, a relative, an extra attribute)."""
        return self in KEYED_ITEMS


# The items of :attr:`Item.multi_valued`, for code that asks it of every fact it resolves (a set
# lookup, without the property's call).
KEYED_ITEMS = frozenset({Item.CARD, Item.RELATION, Item.EXTRA})


_CLAUSE = {item: n for n, item in enumerate(Item, start=1)}
_CLAUSE |= {
    Item.PERMANENT_RESIDENCE: 16,
    Item.TEMPORARY_RESIDENCE: 17,
    Item.CURRENT_PLACE: 18,
    Item.TEMPORARY_ABSENCE: 19,
    Item.RESIDENCE_FILE_NUMBER: 20,
    Item.MARITAL_STATUS: 21,
    Item.HOUSEHOLD: 22,
    Item.DEATH: 24,
    Item.MOBILE: 25,
    Item.EMAIL: 25,
    Item.EXTRA: 26,
}

_LABEL_VI = {
    Item.FULL_NAME: "Họ, chữ đệm và tên khai sinh",
    Item.OTHER_NAMES: "Tên gọi khác",
    Item.PIN: "Số định danh cá nhân",
    Item.DATE_OF_BIRTH: "Ngày, tháng, năm sinh",
    Item.SEX: "Giới tính",
    Item.PLACE_OF_BIRTH: "Nơi sinh",
    Item.BIRTH_REGISTRATION_PLACE: "Nơi đăng ký khai sinh",
    Item.HOMETOWN: "Quê quán",
    Item.ETHNICITY: "Dân tộc",
    Item.RELIGION: "Tôn giáo",
    Item.NATIONALITY: "Quốc tịch",
    Item.BLOOD_GROUP: "Nhóm máu",
    Item.CMND9: "Số chứng minh nhân dân 09 số",
    Item.CARD: "Thẻ căn cước, thẻ căn cước công dân, CMND 12 số đã cấp",
    Item.RELATION: "Cha, mẹ, vợ, chồng, con, người đại diện hợp pháp, người được đại diện",
    Item.PERMANENT_RESIDENCE: "Nơi thường trú",
    Item.TEMPORARY_RESIDENCE: "Nơi tạm trú",
    Item.CURRENT_PLACE: "Nơi ở hiện tại",
    Item.TEMPORARY_ABSENCE: "Tình trạng khai báo tạm vắng",
    Item.RESIDENCE_FILE_NUMBER: "Số hồ sơ cư trú",
    Item.MARITAL_STATUS: "Tình trạng hôn nhân",
    Item.HOUSEHOLD: "Chủ hộ, thành viên hộ và quan hệ với chủ hộ",
    Item.DEATH: "Ngày, tháng, năm chết hoặc mất tích",
    Item.MOBILE: "Số thuê bao di động",
    Item.EMAIL: "Địa chỉ thư điện tử",
    Item.EXTRA: "Thông tin khác",
}


class ChangeKind(StrEnum):
    COLLECTION = "collection"  # thu thập
    UPDATE = "update"  # cập nhật: the world changed
    ADJUSTMENT = "adjustment"  # điều chỉnh: the register was wrong


class Source(StrEnum):
    """Where a value came from (NĐ 70 Điều 5; Luật Điều 16 khoản 1 by analogy)."""

    CIVIL_STATUS = "civil_status"  # Cơ sở dữ liệu hộ tịch điện tử
    RESIDENCE_REGISTRATION = "residence_registration"  # đăng ký, quản lý cư trú
    CARD_PROCEDURE = "card_procedure"  # thủ tục cấp thẻ căn cước
    DC01 = "dc01"  # Phiếu thu thập thông tin dân cư
    DC02 = "dc02"  # Phiếu đề nghị giải quyết thủ tục về căn cước
    ARCHIVE = "archive"  # tàng thư, hồ sơ lưu trữ
    SHARED_DATABASE = "shared_database"  # kết nối, chia sẻ từ cơ sở dữ liệu khác
    SYNTHETIC = "synthetic"  # generated demo population, never in production data


class Verification(StrEnum):
    VERIFIED = "verified"  # đã xác thực
    UNVERIFIED = "unverified"  # chưa xác thực


class Sex(StrEnum):
    """QCVN 109 sex codes: 0 no information, 1 male, 2 female."""

    UNKNOWN = "0"
    MALE = "1"
    FEMALE = "2"


class LifeStatus(StrEnum):
    ALIVE = "alive"
    DEAD = "dead"
    MISSING = "missing"  # bị tuyên bố mất tích


class RelationRole(StrEnum):
    FATHER = "father"
    MOTHER = "mother"
    WIFE = "wife"
    HUSBAND = "husband"
    CHILD = "child"
    LEGAL_REPRESENTATIVE = "legal_representative"
    REPRESENTED_PERSON = "represented_person"

    @property
    def reciprocal_candidates(self) -> tuple[RelationRole, ...]:
        return _RECIPROCAL[self]


_RECIPROCAL: dict[RelationRole, tuple[RelationRole, ...]] = {
    RelationRole.FATHER: (RelationRole.CHILD,),
    RelationRole.MOTHER: (RelationRole.CHILD,),
    RelationRole.CHILD: (RelationRole.FATHER, RelationRole.MOTHER),
    RelationRole.WIFE: (RelationRole.HUSBAND,),
    RelationRole.HUSBAND: (RelationRole.WIFE,),
    RelationRole.LEGAL_REPRESENTATIVE: (RelationRole.REPRESENTED_PERSON,),
    RelationRole.REPRESENTED_PERSON: (RelationRole.LEGAL_REPRESENTATIVE,),
}


class HouseholdRelation(StrEnum):
    """Quan hệ với chủ hộ (item 22)."""

    HEAD = "head"  # chủ hộ
    SPOUSE = "spouse"  # vợ/chồng
    CHILD = "child"  # con
    PARENT = "parent"  # cha/mẹ
    GRANDCHILD = "grandchild"  # cháu
    SIBLING = "sibling"  # anh/chị/em
    OTHER_RELATIVE = "other_relative"  # họ hàng khác
    OTHER = "other"  # khác


class MaritalStatus(StrEnum):
    SINGLE = "single"  # chưa kết hôn
    MARRIED = "married"  # đã kết hôn
    DIVORCED = "divorced"  # đã ly hôn
    WIDOWED = "widowed"  # góa


class ResidenceRemovalReason(StrEnum):
    """Grounds for xóa đăng ký thường trú/tạm trú (Luật Cư trú Điều 24, 29) [M: kept as data]."""

    DEATH = "death"
    MOVED = "moved"  # đã đăng ký nơi cư trú mới
    ABROAD = "abroad"  # định cư ở nước ngoài
    ABSENT_12_MONTHS = "absent_12_months"
    UNLAWFUL_REGISTRATION = "unlawful_registration"
    PERIOD_ENDED = "period_ended"
    OTHER = "other"


class CardKind(StrEnum):
    CAN_CUOC = "can_cuoc"  # thẻ căn cước (from 01/07/2024)
    CCCD = "cccd"  # thẻ căn cước công dân
    CMND12 = "cmnd12"  # chứng minh nhân dân 12 số
    IDENTITY_CERTIFICATE = "identity_certificate"  # giấy chứng nhận căn cước
