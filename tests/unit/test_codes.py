"""The shared code lists: ethnicities, religions, countries, blood groups."""

from __future__ import annotations

import re

import pytest

from dancu.codes import queries
from dancu.codes.enums import CodeList
from dancu.codes.messages import MESSAGES
from dancu.errors import DomainError


@pytest.mark.parametrize("code_list", list(CodeList))
def test_every_list_has_unique_codes_names_and_evidence(code_list: CodeList) -> None:
    entries = queries.entries(code_list)
    assert entries
    assert len({e.code for e in entries}) == len(entries)
    assert len({e.name_vi for e in entries}) == len(entries)
    assert all(e.name_vi.strip() == e.name_vi and e.name_en for e in entries)
    meta = queries.metadata(code_list)
    assert meta["title_vi"] and meta["title_en"] and meta["evidence"] == "M"


def test_the_54_ethnic_groups_of_the_general_statistics_office() -> None:
    groups = queries.ethnicities()
    assert [e.code for e in groups] == [f"{n:02d}" for n in range(1, 55)]
    assert (groups[0].name_vi, groups[-1].name_vi) == ("Kinh", "Rơ Măm")
    names = {e.code: e.name_vi for e in groups}
    assert (names["04"], names["05"], names["08"], names["11"], names["53"]) == (
        "Hoa",
        "Khmer",
        "Mông",
        "Ngái",
        "Ơ Đu",
    )
    assert queries.get_ethnicity("01") == queries.CodeEntry("01", "Kinh", "Kinh (Viet)")
    assert queries.get_ethnicity("55") is None and queries.get_ethnicity("1") is None


def test_religions_start_with_none_and_follow_phu_luc_g() -> None:
    religions = {e.code: e.name_vi for e in queries.religions()}
    assert religions["00"] == "Không"
    assert (religions["01"], religions["02"], religions["03"], religions["08"], religions["14"]) == (
        "Phật giáo",
        "Công giáo",
        "Phật giáo Hòa Hảo",
        "Tin Lành",
        "Mặc Môn",
    )
    assert queries.get_religion("99") is None


def test_countries_are_iso_alpha_2_with_vietnamese_names() -> None:
    countries = queries.countries()
    assert len(countries) >= 190
    assert all(re.fullmatch(r"[A-Z]{2}", c.code) for c in countries)
    assert [c.code for c in countries] == sorted(c.code for c in countries)
    expected = {"VN": "Việt Nam", "LA": "Lào", "KH": "Campuchia", "CN": "Trung Quốc", "US": "Hoa Kỳ"}
    for code, name in expected.items():
        entry = queries.get_country(code)
        assert entry is not None and entry.name_vi == name
    assert queries.get_country("VN") == queries.CodeEntry("VN", "Việt Nam", "Viet Nam")
    assert queries.get_country("vn") is None  # codes are exact: ISO alpha-2 is upper case
    assert queries.get_country("XK") is None  # Kosovo has no ISO 3166-1 code


def test_blood_groups() -> None:
    codes = [e.code for e in queries.blood_groups()]
    for group in ("A", "B", "AB", "O"):
        assert f"{group}+" in codes and f"{group}-" in codes
    assert "unknown" in codes
    o_negative = queries.get_blood_group("O-")
    assert o_negative is not None and o_negative.name_vi == "Nhóm máu O, Rh âm tính"


def test_validate_code_names_the_field_and_the_list() -> None:
    assert queries.validate_code(CodeList.COUNTRIES, "JP", field="nationality").name_vi == "Nhật Bản"
    with pytest.raises(DomainError) as caught:
        queries.validate_code(CodeList.COUNTRIES, "ZZ", field="nationality")
    assert caught.value.status == 422
    problem = caught.value.problems[0]
    assert (problem.field, problem.rule, problem.params) == (
        "nationality",
        "codes.unknown_countries",
        {"code": "ZZ"},
    )


@pytest.mark.parametrize("code_list", list(CodeList))
def test_each_list_has_its_rule_message_in_both_languages(code_list: CodeList) -> None:
    entry = MESSAGES[f"rule.codes.unknown_{code_list.name.lower()}"]
    assert entry["vi"] and entry["en"]
    assert "{field}" in entry["vi"] and "{code}" in entry["en"]
