"""The PIN rules: structure, prefix tables, decode/compose, cross-checks (domain reference §2, App. A)."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dancu.enums.registry import Sex
from dancu.errors import DomainError
from dancu.messages import CATALOGUE
from dancu.pin import rules
from dancu.pin.rules import PinWarningCode, PlaceKind, Rule

ALL_PREFIXES = sorted(rules.places())
BINARY_SEXES = st.sampled_from([Sex.MALE, Sex.FEMALE])
YEARS = st.integers(rules.MIN_BIRTH_YEAR, rules.MAX_BIRTH_YEAR)
RANDOM_PARTS = st.integers(0, rules.MAX_RANDOM_PART)
VALID_PINS = st.builds(
    lambda prefix, g, yy, rnd: f"{prefix}{g}{yy:02d}{rnd:06d}",
    st.sampled_from(ALL_PREFIXES),
    st.integers(0, 9),
    st.integers(0, 99),
    RANDOM_PARTS,
)


def rule_of(exc: pytest.ExceptionInfo[DomainError]) -> tuple[str, str]:
    assert exc.value.status == 422
    assert exc.value.code == "validation.failed"
    problem = exc.value.problems[0]
    return problem.field, problem.rule


# --- Prefix tables -------------------------------------------------------------------------------


def test_province_table_is_the_63_pre_2025_provinces() -> None:
    provinces = {p.prefix: p.name for p in rules.places().values() if p.kind == PlaceKind.PROVINCE}
    assert len(provinces) == 63
    assert provinces["001"] == "Hà Nội"
    assert provinces["079"] == "Hồ Chí Minh"
    assert provinces["096"] == "Cà Mau"
    assert provinces["046"] == "Thừa Thiên Huế"
    assert provinces["077"] == "Bà Rịa – Vũng Tàu"
    # Codes are "0" + the 2-digit code of QĐ 124/2004, which has gaps (no 003, 097...).
    assert all(re.fullmatch(r"0[0-9]{2}", code) for code in provinces)
    assert "003" not in provinces
    assert max(provinces) == "096"


def test_country_table_is_appendix_a_101_to_295() -> None:
    countries = {p.prefix: p.name for p in rules.places().values() if p.kind == PlaceKind.COUNTRY}
    assert sorted(countries) == [str(n) for n in range(101, 296)]
    assert countries["101"] == "Afghanistan"
    assert countries["175"] == "Hoa Kỳ"
    assert countries["279"] == "Trung Quốc"
    assert countries["295"] == "Zimbabwe"


def test_table_metadata_carries_source_evidence_and_duplicates() -> None:
    countries = rules.table_metadata(PlaceKind.COUNTRY)
    assert countries["evidence"] == "S"
    assert "hongquan/vietnam-personal-id" in countries["source"]
    assert [d["codes"] for d in countries["duplicates"]] == [["113", "114"], ["147", "148"]]
    provinces = rules.table_metadata(PlaceKind.PROVINCE)
    assert "07/2016/TT-BCA" in provinces["legal_basis"]
    assert provinces["evidence"] == "V"


# --- Explicit decoding cases ---------------------------------------------------------------------


def test_decodes_a_hanoi_man_born_1999() -> None:
    decoded = rules.parse("001099012345")
    assert decoded == rules.DecodedPin(
        pin="001099012345",
        prefix="001",
        place_kind=PlaceKind.PROVINCE,
        place_name="Hà Nội",
        century_digit=0,
        sex=Sex.MALE,
        birth_year=1999,
        random_part=12345,
    )


@pytest.mark.parametrize(
    ("digit", "sex", "century_start"),
    [
        (0, Sex.MALE, 1900),
        (1, Sex.FEMALE, 1900),
        (2, Sex.MALE, 2000),
        (3, Sex.FEMALE, 2000),
        (4, Sex.MALE, 2100),
        (5, Sex.FEMALE, 2100),
        (6, Sex.MALE, 2200),
        (7, Sex.FEMALE, 2200),
        (8, Sex.MALE, 2300),
        (9, Sex.FEMALE, 2300),
    ],
)
def test_century_and_sex_digit_table(digit: int, sex: Sex, century_start: int) -> None:
    decoded = rules.parse(f"079{digit}05000001")
    assert (decoded.sex, decoded.birth_year) == (sex, century_start + 5)


def test_decodes_a_birth_registered_abroad() -> None:
    decoded = rules.parse("175301000000")
    assert (decoded.place_kind, decoded.place_name) == (PlaceKind.COUNTRY, "Hoa Kỳ")
    assert (decoded.sex, decoded.birth_year, decoded.random_part) == (Sex.FEMALE, 2001, 0)


def test_leading_zeros_are_significant() -> None:
    assert rules.parse("001200000007").random_part == 7
    assert rules.compose(prefix="001", sex=Sex.MALE, birth_year=2000, random_part=7) == "001200000007"


@pytest.mark.parametrize(
    "pin",
    [
        "12345",
        "",
        "0010990123456",  # 13 digits
        "00109901234",  # 11 digits
        " 001099012345",
        "001099012345 ",
        "001099012345\n",
        "001 099 012 345",
        "001.099.012.345",
        "00109901234A",
        "-01099012345",
        "+01099012345",
        "٠٠١٠٩٩٠١٢٣٤٥",  # Arabic-Indic digits: str.isdigit() would accept these
        "００１０９９０１２３４５",  # full-width digits
    ],
)
def test_not_twelve_ascii_digits_is_rejected(pin: str) -> None:
    with pytest.raises(DomainError) as exc:
        rules.parse(pin)
    assert rule_of(exc) == ("pin", Rule.NOT_12_DIGITS)


@pytest.mark.parametrize("cmnd", ["123456789", "012345678", " 123456789 "])
def test_nine_digits_are_reported_as_an_old_cmnd(cmnd: str) -> None:
    with pytest.raises(DomainError) as exc:
        rules.parse(cmnd)
    assert rule_of(exc) == ("pin", Rule.LOOKS_LIKE_CMND9)


@pytest.mark.parametrize(
    "pin", ["000099012345", "003099012345", "097099012345", "100099012345", "296099012345"]
)
def test_unknown_prefix_is_rejected(pin: str) -> None:
    with pytest.raises(DomainError) as exc:
        rules.parse(pin)
    assert rule_of(exc) == ("pin", Rule.UNKNOWN_PREFIX)
    assert exc.value.problems[0].params == {"prefix": pin[:3]}


def test_is_valid() -> None:
    assert rules.is_valid("001099012345")
    assert not rules.is_valid("12345")
    assert not rules.is_valid("999099012345")


def test_there_is_no_checksum() -> None:
    # Every random part is accepted: no digit is derived from the others (domain reference §2.4 rule 6).
    assert all(rules.is_valid(f"00109901234{d}") for d in range(10))


# --- Properties ----------------------------------------------------------------------------------


@given(prefix=st.sampled_from(ALL_PREFIXES), sex=BINARY_SEXES, birth_year=YEARS, random_part=RANDOM_PARTS)
@example(prefix="001", sex=Sex.MALE, birth_year=1900, random_part=0)
@example(prefix="295", sex=Sex.FEMALE, birth_year=2399, random_part=999_999)
def test_compose_then_parse_round_trips(prefix: str, sex: Sex, birth_year: int, random_part: int) -> None:
    pin = rules.compose(prefix=prefix, sex=sex, birth_year=birth_year, random_part=random_part)
    assert re.fullmatch(r"[0-9]{12}", pin)
    decoded = rules.parse(pin)
    assert (decoded.prefix, decoded.sex, decoded.birth_year, decoded.random_part) == (
        prefix,
        sex,
        birth_year,
        random_part,
    )
    assert decoded.place_name == rules.places()[prefix].name


@given(VALID_PINS)
def test_parse_then_compose_round_trips(pin: str) -> None:
    decoded = rules.parse(pin)
    again = rules.compose(
        prefix=decoded.prefix, sex=decoded.sex, birth_year=decoded.birth_year, random_part=decoded.random_part
    )
    assert again == pin


@given(VALID_PINS)
def test_year_and_sex_match_the_century_digit(pin: str) -> None:
    decoded = rules.parse(pin)
    g = int(pin[3])
    assert decoded.century_digit == g
    assert decoded.birth_year // 100 == 19 + g // 2
    assert decoded.birth_year % 100 == int(pin[4:6])
    assert decoded.sex == (Sex.MALE if g % 2 == 0 else Sex.FEMALE)
    assert rules.MIN_BIRTH_YEAR <= decoded.birth_year <= rules.MAX_BIRTH_YEAR


@given(st.text())
@example("00109901234")
@example("0010990123456")
@example("00109901234\n")
def test_any_string_that_is_not_12_ascii_digits_is_rejected(text: str) -> None:
    if re.fullmatch(r"[0-9]{12}", text):
        return  # the shape is right; prefixes are covered by the tests above
    with pytest.raises(DomainError) as exc:
        rules.parse(text)
    assert rule_of(exc)[1] in (Rule.NOT_12_DIGITS, Rule.LOOKS_LIKE_CMND9)


@given(st.from_regex(r"\A[0-9]{0,11}\Z|\A[0-9]{13,20}\Z"))
def test_digit_strings_of_the_wrong_length_are_rejected(digits: str) -> None:
    assert not rules.is_valid(digits)


@given(st.text(alphabet=st.characters(exclude_categories=["Nd"]), min_size=1, max_size=3), VALID_PINS)
def test_a_valid_pin_with_anything_added_is_rejected(junk: str, pin: str) -> None:
    assert not rules.is_valid(junk + pin)
    assert not rules.is_valid(pin + junk)
    assert not rules.is_valid(pin[:6] + junk + pin[6:])


# --- Composing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field", "rule"),
    [
        ({"prefix": "097"}, "prefix", Rule.UNKNOWN_PREFIX),
        ({"prefix": "1"}, "prefix", Rule.PREFIX_NOT_3_DIGITS),
        ({"sex": Sex.UNKNOWN}, "sex", Rule.SEX_REQUIRED),
        ({"birth_year": 1899}, "birth_year", Rule.BIRTH_YEAR_OUT_OF_RANGE),
        ({"birth_year": 2400}, "birth_year", Rule.BIRTH_YEAR_OUT_OF_RANGE),
        ({"random_part": -1}, "random_part", Rule.RANDOM_PART_OUT_OF_RANGE),
        ({"random_part": 1_000_000}, "random_part", Rule.RANDOM_PART_OUT_OF_RANGE),
    ],
)
def test_compose_validates_its_inputs(kwargs: dict[str, object], field: str, rule: Rule) -> None:
    arguments: dict[str, object] = {"prefix": "001", "sex": Sex.MALE, "birth_year": 1999, "random_part": 1}
    with pytest.raises(DomainError) as exc:
        rules.compose(**(arguments | kwargs))  # type: ignore[arg-type]
    assert rule_of(exc) == (field, rule)


def test_compose_encodes_the_century_sex_digit() -> None:
    assert rules.compose(prefix="079", sex=Sex.FEMALE, birth_year=2005, random_part=123) == "079305000123"
    assert rules.compose(prefix="001", sex=Sex.MALE, birth_year=1999, random_part=12345) == "001099012345"


def test_prefix_for_province() -> None:
    assert rules.prefix_for_province("01") == "001"
    assert rules.prefix_for_province("79") == "079"
    for bad in ("03", "97", "1", "001", "ab", ""):
        with pytest.raises(DomainError) as exc:
            rules.prefix_for_province(bad)
        assert rule_of(exc) == ("province_code", Rule.UNKNOWN_PROVINCE)


def test_prefix_for_country() -> None:
    assert rules.prefix_for_country("Hoa Kỳ") == "175"
    assert rules.prefix_for_country("  hoa   kỳ ") == "175"
    assert rules.prefix_for_country("Hoa Kỳ (Mỹ)") == "175"  # the source's full label
    assert rules.prefix_for_country("Azerbaijan") == "113"
    assert rules.prefix_for_country("Cộng hòa Azerbaijan") == "114"
    with pytest.raises(DomainError) as exc:
        rules.prefix_for_country("Atlantis")
    assert rule_of(exc) == ("country", Rule.UNKNOWN_COUNTRY)


# --- Cross-checks --------------------------------------------------------------------------------


def test_a_matching_record_has_no_warnings() -> None:
    assert (
        rules.cross_check("001099012345", sex=Sex.MALE, birth_year=1999, birth_registration_prefix="001")
        == []
    )
    assert rules.cross_check("001099012345") == []


def test_unknown_sex_in_the_record_is_not_a_mismatch() -> None:
    assert rules.cross_check("001099012345", sex=Sex.UNKNOWN) == []


def test_each_disagreement_is_a_warning_not_an_error() -> None:
    warnings = rules.cross_check(
        "001099012345", sex=Sex.FEMALE, birth_year=1998, birth_registration_prefix="079"
    )
    assert warnings == [
        rules.PinWarning(PinWarningCode.SEX_MISMATCH, "sex", "1", "2"),
        rules.PinWarning(PinWarningCode.BIRTH_YEAR_MISMATCH, "birth_year", "1999", "1998"),
        rules.PinWarning(
            PinWarningCode.BIRTH_REGISTRATION_MISMATCH, "birth_registration_prefix", "001", "079"
        ),
    ]


def test_cross_check_accepts_a_decoded_pin() -> None:
    decoded = rules.parse("079305000123")
    assert [w.code for w in rules.cross_check(decoded, birth_year=2006)] == [
        PinWarningCode.BIRTH_YEAR_MISMATCH
    ]


def test_cross_check_rejects_an_invalid_pin_or_record_prefix() -> None:
    with pytest.raises(DomainError) as exc:
        rules.cross_check("12345", sex=Sex.MALE)
    assert rule_of(exc) == ("pin", Rule.NOT_12_DIGITS)
    with pytest.raises(DomainError) as exc:
        rules.cross_check("001099012345", birth_registration_prefix="097")
    assert rule_of(exc) == ("birth_registration_prefix", Rule.UNKNOWN_PREFIX)


# --- Messages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", list(Rule))
def test_every_rule_has_both_languages(rule: Rule) -> None:
    entry = CATALOGUE[f"rule.{rule}"]
    assert entry["vi"] and entry["en"]
    assert "{field}" in entry["vi"] and "{field}" in entry["en"]


@pytest.mark.parametrize("code", list(PinWarningCode))
def test_every_warning_has_both_languages_and_needs_no_parameters(code: PinWarningCode) -> None:
    # Callers may render a warning from its code alone: a placeholder would then show up raw.
    entry = CATALOGUE[code.message_key]
    assert entry["vi"] and entry["en"] and entry["vi"] != entry["en"]
    assert all("{" not in text for text in entry.values())
    assert "khoản 8" in entry["vi"]


def test_grounds_are_data_checked_against_decree_58() -> None:
    """NĐ 58/2026 Điều 5: khoản 9 Điều 11 now covers "các trường hợp quy định tại điểm c, điểm d
    khoản 7", and "điểm a, điểm b khoản 7" are repealed; NĐ 70 Điều 11 khoản 8: a and b only "theo
    nhu cầu của công dân". The grounds list says so as data: a/b closed from 15/03/2026 and needing
    the citizen's request; c/d open."""
    import datetime as dt

    from dancu.pin import grounds

    table = grounds.grounds()
    for code in ("sex_or_birth_year_changed", "collection_error"):
        assert table[code].needs_citizen_request
        assert table[code].open_on(dt.date(2026, 3, 14)) and not table[code].open_on(dt.date(2026, 3, 15))
    for code in ("forged_documents", "birth_certificate_revoked"):
        assert not table[code].needs_citizen_request and table[code].open_on(dt.date(2026, 12, 5))
    assert not table["nationality_acquired"].reestablish
    assert grounds.prefix_mode("2025", on=dt.date(2026, 12, 5)) == "zero_plus_province"
