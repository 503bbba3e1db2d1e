"""The message codec alone (no database): a record view out to XML and back to the same values."""

from __future__ import annotations

import datetime as dt

import pytest

from dancu.enums.registry import Item
from dancu.errors import DomainError
from dancu.registry.history import RecordView
from dancu.sharing.qcvn109 import codec, xmlio

UNIT = {"unit_code": "00070", "unit_version": "2025", "detail": "số 5 phố Tràng Tiền"}
CARD = {
    "kind": "cccd",
    "number": "001085012345",
    "issued_on": "2021-03-04",
    "issued_by": "Cục Cảnh sát QLHC về TTXH",
    "expires_on": "2045-07-07",
}


def _view() -> RecordView:
    single = {
        Item.PIN: "001085012345",
        Item.FULL_NAME: {"family": "Nguyễn", "middle": "", "given": "Lan"},
        Item.OTHER_NAMES: ["Lan Anh"],
        Item.DATE_OF_BIRTH: "1985-07",
        Item.SEX: "2",
        Item.PLACE_OF_BIRTH: UNIT,
        Item.BIRTH_REGISTRATION_PLACE: {"country_pin_code": "101", "detail": "Tokyo"},
        Item.HOMETOWN: UNIT,
        Item.ETHNICITY: "01",
        Item.RELIGION: "00",
        Item.NATIONALITY: ["VN", "FR"],
        Item.MARITAL_STATUS: "widowed",
        Item.CURRENT_PLACE: UNIT,
        Item.TEMPORARY_ABSENCE: {"destination": "Đà Nẵng", "reason": "Công tác", "subject_kind": ""},
        Item.DEATH: {"status": "missing", "date": "2020"},
        Item.EMAIL: "lan@example.vn",
    }
    keyed = {
        Item.CARD: {CARD["number"]: CARD},
        Item.EXTRA: {
            "disability": {"value": False, "source_system": "Bộ LĐTBXH", "verified": True},
            "number_of_children": {"value": 3, "source_system": "Hộ tịch", "verified": False},
        },
    }
    now = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
    return RecordView(valid_on=now.date(), known_at=now, single=single, keyed=keyed)


def test_a_view_goes_out_and_comes_back_with_the_same_values() -> None:
    view = _view()
    data = codec.message([view], sent_at=view.known_at)
    [citizen] = codec.read_message(xmlio.parse_and_validate(data))
    assert citizen.single == view.single
    assert citizen.keyed == {
        Item.CARD: [(None, CARD)],
        Item.EXTRA: [(key, value) for key, value in sorted(view.keyed[Item.EXTRA].items())],
    }
    assert citizen.paths["sex"] == "/ThongDiep/NoiDung/CongDan[1]/GioiTinh"
    assert citizen.paths["email"] == "/ThongDiep/NoiDung/CongDan[1]/MoRong/ThuDienTu"


def test_extension_items_sit_under_morong_and_codes_are_mapped() -> None:
    text = codec.message([_view()], sent_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)).decode()
    assert "<TinhTrangHonNhan>04</TinhTrangHonNhan>" in text
    assert "<TrangThai>2</TrangThai>" in text
    assert "<MoRong>" in text and text.index("<MoRong>") < text.index("<TenGoiKhac>Lan Anh</TenGoiKhac>")
    assert "<GiaTri>false</GiaTri>" in text and "<DaXacThuc>true</DaXacThuc>" in text


def test_a_too_deep_or_huge_document_is_refused_before_the_schema() -> None:
    with pytest.raises(DomainError) as refused:
        xmlio.parse(b"<a>" * 300_000 + b"</a>" * 300_000)
    assert refused.value.problems[0].rule in ("qcvn109.not_well_formed", "qcvn109.too_large")
