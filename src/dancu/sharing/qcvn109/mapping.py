"""The one place that knows the message's element names and code mappings [M].

The official QCVN 109:2017/BTTTT schema files are not available to dancu (domain.md §8), so every
name below is an assumption modelled on the standard's published structure. Swapping in the
official schema means replacing the files in ``schema/`` and editing the tables here; the export
and import code only walks these tables.

Each item of Luật Căn cước Điều 9 that the message carries has one :class:`ItemSpec`: the element,
whether it sits in the extension (``MoRong``: items the 2023 law added), its shape, and for
structured values which key of the register's value goes to which child element.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from dancu.enums.registry import (
    CardKind,
    HouseholdRelation,
    Item,
    LifeStatus,
    MaritalStatus,
    RelationRole,
)

NAMESPACE = "urn:dancu:qcvn109-mo-hinh:2017"
SCHEMA_DIR = Path(__file__).parent / "schema"
MESSAGE_SCHEMA = SCHEMA_DIR / "ThongDiep.xsd"
# Written into every header: readers must know this is dancu's model, not the official schema.
VERSION = "QCVN109:2017-mo-hinh-dancu-1"
SENDER = "dancu"
MESSAGE_KIND = "CongDan"

# Envelope (Phụ lục D as modelled).
MESSAGE = "ThongDiep"
HEADER = "TieuDe"
MESSAGE_ID = "MaThongDiep"
KIND = "LoaiThongDiep"
VERSION_ELEMENT = "PhienBan"
SENDER_ELEMENT = "NoiGui"
RECIPIENT = "NoiNhan"
SENT_AT = "ThoiGianGui"
BODY = "NoiDung"
CITIZEN = "CongDan"
EXTENSION = "MoRong"


class Shape(StrEnum):
    TEXT = "text"  # one element, text content
    LIST = "list"  # the element repeated, text content (nationalities, other names)
    STRUCT = "struct"  # one element with children
    KEYED = "keyed"  # the element repeated, with children (one per key of the item)


@dataclass(frozen=True)
class Child:
    """One key of the register's value and the child element that carries it."""

    key: str
    element: str
    codes: dict[str, str] | None = None  # register value → message code
    optional: bool = True
    kind: str = "text"  # "text" or "bool"; item 26's value is typed by its catalogue


@dataclass(frozen=True)
class ItemSpec:
    item: Item
    element: str
    shape: Shape
    extension: bool = False
    codes: dict[str, str] | None = None
    children: tuple[Child, ...] = field(default_factory=tuple)
    # KEYED items: the child element carrying the key when the key is not part of the value.
    key_element: str | None = None


# Code lists with no published QCVN 109 appendix available to dancu: dancu's own numbering [M].
MARITAL_STATUS = {
    MaritalStatus.SINGLE: "01",
    MaritalStatus.MARRIED: "02",
    MaritalStatus.DIVORCED: "03",
    MaritalStatus.WIDOWED: "04",
}
HOUSEHOLD_RELATION = {
    HouseholdRelation.HEAD: "01",
    HouseholdRelation.SPOUSE: "02",
    HouseholdRelation.CHILD: "03",
    HouseholdRelation.PARENT: "04",
    HouseholdRelation.GRANDCHILD: "05",
    HouseholdRelation.SIBLING: "06",
    HouseholdRelation.OTHER_RELATIVE: "07",
    HouseholdRelation.OTHER: "08",
}
RELATION_ROLE = {
    RelationRole.FATHER: "01",
    RelationRole.MOTHER: "02",
    RelationRole.WIFE: "03",
    RelationRole.HUSBAND: "04",
    RelationRole.CHILD: "05",  # the 2014 law listed no children: code added with the 2023 items
    RelationRole.LEGAL_REPRESENTATIVE: "06",
    RelationRole.REPRESENTED_PERSON: "07",  # likewise new in 2023
}
CARD_KIND = {
    CardKind.CMND12: "01",
    CardKind.CCCD: "02",
    CardKind.CAN_CUOC: "03",
    CardKind.IDENTITY_CERTIFICATE: "04",
}
LIFE_STATUS = {LifeStatus.DEAD: "1", LifeStatus.MISSING: "2"}


def _codes(table: Mapping[Any, str]) -> dict[str, str]:
    return {str(k): v for k, v in table.items()}


ADDRESS = (
    Child("unit_code", "MaDonViHanhChinh", optional=False),
    Child("unit_version", "PhienBanDanhMuc", optional=False),
    Child("detail", "ChiTiet"),
)

# In the order of the schema's sequences: the main body first, then the extension.
SPECS: tuple[ItemSpec, ...] = (
    ItemSpec(Item.PIN, "SoDinhDanh", Shape.TEXT),
    ItemSpec(
        Item.FULL_NAME,
        "HoVaTen",
        Shape.STRUCT,
        children=(
            Child("family", "Ho", optional=False),
            Child("middle", "ChuDem"),
            Child("given", "Ten", optional=False),
        ),
    ),
    ItemSpec(Item.DATE_OF_BIRTH, "NgaySinh", Shape.TEXT),
    ItemSpec(Item.SEX, "GioiTinh", Shape.TEXT),  # the register already keeps 0/1/2
    ItemSpec(
        Item.BIRTH_REGISTRATION_PLACE,
        "NoiDangKyKhaiSinh",
        Shape.STRUCT,
        children=(
            Child("unit_code", "MaDonViHanhChinh"),
            Child("unit_version", "PhienBanDanhMuc"),
            Child("country_pin_code", "MaQuocGiaDinhDanh"),
            Child("detail", "ChiTiet"),
        ),
    ),
    ItemSpec(Item.HOMETOWN, "QueQuan", Shape.STRUCT, children=ADDRESS),
    ItemSpec(Item.ETHNICITY, "DanToc", Shape.TEXT),
    ItemSpec(Item.RELIGION, "TonGiao", Shape.TEXT),
    ItemSpec(Item.NATIONALITY, "QuocTich", Shape.LIST),
    ItemSpec(Item.BLOOD_GROUP, "NhomMau", Shape.TEXT),
    ItemSpec(Item.CMND9, "SoCMND", Shape.TEXT),
    ItemSpec(Item.MARITAL_STATUS, "TinhTrangHonNhan", Shape.TEXT, codes=_codes(MARITAL_STATUS)),
    ItemSpec(Item.PERMANENT_RESIDENCE, "NoiThuongTru", Shape.STRUCT, children=ADDRESS),
    ItemSpec(Item.CURRENT_PLACE, "NoiOHienTai", Shape.STRUCT, children=ADDRESS),
    ItemSpec(
        Item.RELATION,
        "ThanNhan",
        Shape.KEYED,
        children=(
            Child("role", "QuanHe", codes=_codes(RELATION_ROLE), optional=False),
            Child("full_name", "HoVaTen", optional=False),
            Child("pin", "SoDinhDanh"),
            Child("cmnd9", "SoCMND"),
            Child("nationality", "QuocTich", optional=False),
        ),
    ),
    ItemSpec(
        Item.HOUSEHOLD,
        "HoGiaDinh",
        Shape.STRUCT,
        children=(
            Child("household_number", "SoHo", optional=False),
            Child("relation_to_head", "QuanHeVoiChuHo", codes=_codes(HOUSEHOLD_RELATION), optional=False),
        ),
    ),
    ItemSpec(
        Item.DEATH,
        "NgayChet",
        Shape.STRUCT,
        children=(
            Child("status", "TrangThai", codes=_codes(LIFE_STATUS), optional=False),
            Child("date", "Ngay", optional=False),
        ),
    ),
    # Extension: items of the 2023 law that the 2017 standard predates (docs/qcvn109.md).
    ItemSpec(Item.OTHER_NAMES, "TenGoiKhac", Shape.LIST, extension=True),
    ItemSpec(Item.PLACE_OF_BIRTH, "NoiSinh", Shape.STRUCT, extension=True, children=ADDRESS),
    ItemSpec(
        Item.CARD,
        "TheCanCuoc",
        Shape.KEYED,
        extension=True,
        children=(
            Child("kind", "LoaiThe", codes=_codes(CARD_KIND), optional=False),
            Child("number", "SoThe", optional=False),
            Child("issued_on", "NgayCap", optional=False),
            Child("issued_by", "NoiCap", optional=False),
            Child("expires_on", "NgayHetHan"),
        ),
    ),
    ItemSpec(Item.TEMPORARY_RESIDENCE, "NoiTamTru", Shape.STRUCT, extension=True, children=ADDRESS),
    ItemSpec(
        Item.TEMPORARY_ABSENCE,
        "TamVang",
        Shape.STRUCT,
        extension=True,
        children=(
            Child("destination", "NoiDen", optional=False),
            Child("reason", "LyDo", optional=False),
            Child("subject_kind", "DoiTuong"),
        ),
    ),
    ItemSpec(Item.RESIDENCE_FILE_NUMBER, "SoHoSoCuTru", Shape.TEXT, extension=True),
    ItemSpec(Item.MOBILE, "SoDienThoai", Shape.TEXT, extension=True),
    ItemSpec(Item.EMAIL, "ThuDienTu", Shape.TEXT, extension=True),
    ItemSpec(
        Item.EXTRA,
        "ThongTinKhac",
        Shape.KEYED,
        extension=True,
        key_element="Ma",
        children=(
            Child("value", "GiaTri", optional=False),
            Child("source_system", "HeThongNguon", optional=False),
            Child("verified", "DaXacThuc", optional=False, kind="bool"),
        ),
    ),
)

BY_ITEM = {spec.item: spec for spec in SPECS}
