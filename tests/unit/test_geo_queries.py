"""Administrative units: counts, the reused-code trap, the province merger map, mapping and addresses."""

from __future__ import annotations

from datetime import date

import pytest

from dancu.errors import DomainError, NotFound
from dancu.geo import queries
from dancu.geo.enums import CodeTable, UnitLevel
from dancu.i18n import Lang, t

OLD = CodeTable.PRE_2025
NEW = CodeTable.FROM_2025

# NQ 202/2025/QH15 as listed in domain.md §1.5, written out by code so the data file is checked against
# an independent copy: old province -> 2025 province.
EXPECTED_SUCCESSOR = {
    "01": "01", "02": "08", "04": "04", "06": "19", "08": "08", "10": "15", "11": "11", "12": "12",
    "14": "14", "15": "15", "17": "25", "19": "19", "20": "20", "22": "22", "24": "24", "25": "25",
    "26": "25", "27": "24", "30": "31", "31": "31", "33": "33", "34": "33", "35": "37", "36": "37",
    "37": "37", "38": "38", "40": "40", "42": "42", "44": "44", "45": "44", "46": "46", "48": "48",
    "49": "48", "51": "51", "52": "52", "54": "66", "56": "56", "58": "56", "60": "68", "62": "51",
    "64": "52", "66": "66", "67": "68", "68": "68", "70": "75", "72": "80", "74": "79", "75": "75",
    "77": "79", "79": "79", "80": "80", "82": "82", "83": "86", "84": "86", "86": "86", "87": "82",
    "89": "91", "91": "91", "92": "92", "93": "92", "94": "92", "95": "96", "96": "96",
}  # fmt: skip

# The trap: the same two digits name different provinces in the two tables.
TRAP = [
    ("24", "Tỉnh Bắc Ninh", "Tỉnh Bắc Giang"),
    ("15", "Tỉnh Lào Cai", "Tỉnh Yên Bái"),
    ("44", "Tỉnh Quảng Trị", "Tỉnh Quảng Bình"),
    ("52", "Tỉnh Gia Lai", "Tỉnh Bình Định"),
    ("80", "Tỉnh Tây Ninh", "Tỉnh Long An"),
    ("82", "Tỉnh Đồng Tháp", "Tỉnh Tiền Giang"),
    ("91", "Tỉnh An Giang", "Tỉnh Kiên Giang"),
]

NAME_TYPES = {
    UnitLevel.PROVINCE: ("Thành phố ", "Tỉnh "),
    UnitLevel.DISTRICT: ("Quận ", "Huyện ", "Thị xã ", "Thành phố "),
    UnitLevel.COMMUNE: ("Xã ", "Phường ", "Thị trấn ", "Đặc khu "),
}
CODE_LENGTH = {UnitLevel.PROVINCE: 2, UnitLevel.DISTRICT: 3, UnitLevel.COMMUNE: 5}


def all_units(table: CodeTable) -> list[queries.Unit]:
    units = list(queries.provinces(table))
    for province in queries.provinces(table):
        if table is OLD:
            units += queries.districts(province.code)
        units += queries.communes(province.code, table)
    return units


def test_counts_of_the_two_tables() -> None:
    assert len(queries.provinces(OLD)) == 63
    assert len(queries.provinces(NEW)) == 34
    assert sum(len(queries.districts(p.code)) for p in queries.provinces(OLD)) == 696
    assert sum(len(queries.communes(p.code, OLD)) for p in queries.provinces(OLD)) == 10_051
    assert sum(len(queries.communes(p.code, NEW)) for p in queries.provinces(NEW)) == 3_321
    counts = {info.table: info.counts for info in queries.tables()}
    assert counts[NEW] == {"provinces": 34, "districts": 0, "communes": 3_321}
    assert counts[OLD] == {"provinces": 63, "districts": 696, "communes": 10_051}


def test_the_2025_provinces_are_the_34_of_qd_19_2025() -> None:
    listed = (
        "01 Hà Nội, 04 Cao Bằng, 08 Tuyên Quang, 11 Điện Biên, 12 Lai Châu, 14 Sơn La, 15 Lào Cai, "
        "19 Thái Nguyên, 20 Lạng Sơn, 22 Quảng Ninh, 24 Bắc Ninh, 25 Phú Thọ, 31 Hải Phòng, 33 Hưng Yên, "
        "37 Ninh Bình, 38 Thanh Hóa, 40 Nghệ An, 42 Hà Tĩnh, 44 Quảng Trị, 46 Huế, 48 Đà Nẵng, "
        "51 Quảng Ngãi, 52 Gia Lai, 56 Khánh Hòa, 66 Đắk Lắk, 68 Lâm Đồng, 75 Đồng Nai, 79 Hồ Chí Minh, "
        "80 Tây Ninh, 82 Đồng Tháp, 86 Vĩnh Long, 91 An Giang, 92 Cần Thơ, 96 Cà Mau"
    )  # domain.md §1.5
    expected = [item.split(" ", 1) for item in listed.split(", ")]
    actual = queries.provinces(NEW)
    assert [p.code for p in actual] == [code for code, _ in expected]
    for unit, (_, short_name) in zip(actual, expected, strict=True):
        assert unit.name.endswith(" " + short_name), unit


@pytest.mark.parametrize(("code", "new_name", "old_name"), TRAP)
def test_reused_province_codes_mean_different_provinces(code: str, new_name: str, old_name: str) -> None:
    new, old = queries.get_unit(code, NEW), queries.get_unit(code, OLD)
    assert new is not None and new.name == new_name
    assert old is not None and old.name == old_name
    assert new != old


@pytest.mark.parametrize(("old_code", "new_code"), sorted(EXPECTED_SUCCESSOR.items()))
def test_every_old_province_has_its_successor(old_code: str, new_code: str) -> None:
    assert queries.province_successor(old_code).code == new_code
    assert queries.current_province_code(old_code, OLD) == new_code


def test_the_merger_map_covers_both_tables_exactly() -> None:
    assert {p.code for p in queries.provinces(OLD)} == set(EXPECTED_SUCCESSOR)
    assert {p.code for p in queries.provinces(NEW)} == set(EXPECTED_SUCCESSOR.values())


def test_old_bac_giang_lies_in_new_bac_ninh_and_so_does_old_bac_ninh() -> None:
    bac_giang_commune = queries.communes("24", OLD)[0]
    bac_ninh_commune = queries.communes("27", OLD)[0]
    assert queries.current_province_code(bac_giang_commune.code, OLD) == "24"
    assert queries.current_province_code(bac_ninh_commune.code, OLD) == "24"
    assert queries.get_unit("27", NEW) is None


def test_current_province_code_of_a_2025_unit_and_of_nothing() -> None:
    assert queries.current_province_code("00070", NEW) == "01"
    assert queries.current_province_code("99999", OLD) is None
    assert queries.current_province_code("01", "1990") is None


@pytest.mark.parametrize("table", [OLD, NEW])
def test_codes_are_zero_padded_and_names_carry_their_division_type(table: CodeTable) -> None:
    for unit in all_units(table):
        assert len(unit.code) == CODE_LENGTH[unit.level] and unit.code.isdigit(), unit
        assert unit.name.startswith(NAME_TYPES[unit.level]), unit
        assert unit.name == " ".join(unit.name.split()), unit


def test_units_know_their_province_and_district() -> None:
    hang_trong = queries.get_unit("00070", OLD)
    assert hang_trong is not None
    assert (hang_trong.level, hang_trong.name) == (UnitLevel.COMMUNE, "Phường Hàng Trống")
    assert hang_trong.province.name == "Thành phố Hà Nội"
    assert hang_trong.district is not None and hang_trong.district.name == "Quận Hoàn Kiếm"
    hoan_kiem = queries.get_unit("00070", NEW)
    assert hoan_kiem is not None and hoan_kiem.district is None and hoan_kiem.parent_code == "01"
    assert hoan_kiem.province.code == "01"


def test_a_commune_merged_whole_has_one_successor() -> None:
    # Phường Phúc Xá went whole into Phường Hồng Hà (Hà Nội), whose code is not its own.
    mapped = queries.map_commune_to_2025("00001")
    assert mapped is not None and (mapped.table, mapped.code, mapped.name) == (NEW, "00097", "Phường Hồng Hà")
    assert [u.code for u in queries.commune_successors("00001")] == ["00097"]


def test_a_split_commune_has_candidates_but_no_guessed_successor() -> None:
    # Phường Hàng Trống was divided between Phường Hoàn Kiếm and Phường Cửa Nam.
    assert queries.map_commune_to_2025("00070") is None
    assert [u.name for u in queries.commune_successors("00070")] == ["Phường Hoàn Kiếm", "Phường Cửa Nam"]
    # Hải Dương's Phường Trần Liễu was divided too, inside the merged Hải Phòng.
    assert {u.province_code for u in queries.commune_successors("10729")} == {"31"}


def test_commune_mapping_answers_none_rather_than_guessing() -> None:
    assert queries.map_commune_to_2025("26732") is None  # a code new in 2025, not an old commune
    assert queries.commune_successors("26732") == ()
    assert queries.map_commune_to_2025("01") is None
    assert queries.map_commune_to_2025("nope") is None
    # Phường 14, Quận Bình Thạnh was dissolved into a neighbour before 1 July 2025: no successor here.
    assert queries.get_unit("26935", OLD) is not None
    assert queries.commune_successors("26935") == ()


def test_every_old_commune_but_the_dissolved_has_successors_inside_its_successor_province() -> None:
    old_communes = [u for u in all_units(OLD) if u.level is UnitLevel.COMMUNE]
    without = []
    for commune in old_communes:
        successors = queries.commune_successors(commune.code)
        if not successors:
            without.append(commune.code)
        expected = queries.province_successor(commune.province_code).code
        assert all(unit.table is NEW and unit.province_code == expected for unit in successors), commune
    assert len(old_communes) == 10_051
    assert len(without) == 26


def test_mapping_to_2025_of_each_level() -> None:
    commune = queries.mapping_to_2025("00070")
    assert commune.province.code == "01" and commune.commune is None
    assert [u.code for u in commune.candidates] == ["00070", "00073"]
    assert commune.commune_basis is not None and "vietnamadminunits" in commune.commune_basis
    assert commune.commune_mapping_complete is False  # 26 communes dissolved before 1 July 2025
    province = queries.mapping_to_2025("24")
    assert (province.province.name, province.commune, province.commune_basis) == ("Tỉnh Bắc Ninh", None, None)
    assert province.candidates == ()
    with pytest.raises(NotFound):
        queries.mapping_to_2025("98")


def test_display_address_2025() -> None:
    address = queries.display_address("00070", NEW, "số 5 Tràng Tiền")
    assert address == "số 5 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội"


def test_display_address_pre_2025_includes_the_district() -> None:
    address = queries.display_address("00070", OLD, "  số 5   Tràng Tiền ")
    assert address == "số 5 Tràng Tiền, Phường Hàng Trống, Quận Hoàn Kiếm, Thành phố Hà Nội"


def test_display_address_without_detail_and_of_higher_levels() -> None:
    assert queries.display_address("00070", NEW, None) == "Phường Hoàn Kiếm, Thành phố Hà Nội"
    assert queries.display_address("00070", NEW, "   ") == "Phường Hoàn Kiếm, Thành phố Hà Nội"
    assert queries.display_address("002", OLD, None) == "Quận Hoàn Kiếm, Thành phố Hà Nội"
    assert queries.display_address("24", NEW, "") == "Tỉnh Bắc Ninh"


def test_display_address_of_an_unknown_unit_is_a_404() -> None:
    with pytest.raises(NotFound) as caught:
        queries.display_address("99999", NEW, "số 1")
    assert caught.value.code == "geo.unknown_unit"
    assert caught.value.params == {"unit": "99999", "table": "2025"}
    with pytest.raises(NotFound):
        queries.display_address("002", NEW, None)  # districts exist only in the pre-2025 table


def test_get_unit_is_strict_about_codes_and_tables() -> None:
    assert queries.get_unit("1", NEW) is None  # codes are zero-padded strings
    assert queries.get_unit("01", "2025") == queries.get_unit("01", NEW)
    assert queries.get_unit("01", "2024") is None
    assert queries.province_successor("02").name == "Tỉnh Tuyên Quang"
    with pytest.raises(NotFound):
        queries.province_successor("03")


def test_validate_unit_accepts_and_names_the_field_when_it_refuses() -> None:
    assert queries.validate_unit("00070", NEW, level=UnitLevel.COMMUNE).name == "Phường Hoàn Kiếm"
    with pytest.raises(DomainError) as caught:
        queries.validate_unit("00001", NEW, field="residence.unit_code")
    error = caught.value
    assert (error.status, error.code) == (422, "validation.failed")
    problem = error.problems[0]
    assert (problem.field, problem.rule) == ("residence.unit_code", "geo.unknown_unit")
    assert problem.params == {"code": "00001", "table": "2025"}


@pytest.mark.parametrize(
    ("code", "table", "level", "rule"),
    [
        ("01", NEW, UnitLevel.COMMUNE, "geo.not_commune"),
        ("00070", NEW, UnitLevel.PROVINCE, "geo.not_province"),
        ("00070", OLD, UnitLevel.DISTRICT, "geo.not_district"),
        ("01", "1975", None, "geo.unknown_table"),
        ("", NEW, None, "geo.unknown_unit"),
    ],
)
def test_validate_unit_rules(code: str, table: CodeTable | str, level: UnitLevel | None, rule: str) -> None:
    with pytest.raises(DomainError) as caught:
        queries.validate_unit(code, table, level=level)
    assert caught.value.problems[0].rule == rule


@pytest.mark.parametrize(
    "rule",
    ["geo.unknown_unit", "geo.unknown_table", "geo.not_province", "geo.not_district", "geo.not_commune"],
)
def test_rule_messages_exist_in_both_languages(rule: str) -> None:
    for lang in (Lang.VI, Lang.EN):
        text = t(f"rule.{rule}", lang, field="unit_code", code="00001", table="2025")
        assert text != f"rule.{rule}" and "{" not in text and "unit_code" in text


def test_error_messages_render() -> None:
    assert t("geo.unknown_unit", Lang.VI, unit="99", table="2025") == (
        "Không có đơn vị hành chính mã 99 trong bảng mã 2025"
    )
    assert "{" not in t("geo.no_district_level", Lang.EN, table="2025")


def test_table_in_force_switches_on_1_july_2025() -> None:
    assert queries.table_in_force(date(2025, 6, 30)) is OLD
    assert queries.table_in_force(date(2025, 7, 1)) is NEW
    info = {i.table: i for i in queries.tables()}
    assert info[OLD].in_force_until == date(2025, 6, 30)
    assert info[NEW].in_force_from == date(2025, 7, 1)


def test_lists_are_sorted_by_code_and_are_copies() -> None:
    for table in (OLD, NEW):
        codes = [p.code for p in queries.provinces(table)]
        assert codes == sorted(codes)
    communes = queries.communes("01", NEW)
    assert [c.code for c in communes] == sorted(c.code for c in communes)
    communes.clear()
    assert queries.communes("01", NEW)
    assert queries.communes("002", OLD) == []  # a district code is not a province code
    assert queries.districts("99") == [] and queries.district_communes("01") == []
