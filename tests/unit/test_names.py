"""The one comparison of Vietnamese names: tone-mark placement and Unicode form do not matter."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from dancu.names import match_key, same_name, search_key

# Old-style and new-style placements of the same syllables.
PLACEMENT_PAIRS = [
    ("Hòa", "Hoà"),
    ("Thùy", "Thuỳ"),
    ("Khỏe", "Khoẻ"),
    ("Thúy", "Thuý"),
    ("Họa", "Hoạ"),
    ("Hõa", "Hoã"),
    ("Hồ Thùy Thoa", "Hồ Thuỳ Thoa"),
]


def test_both_tone_mark_placements_are_the_same_name() -> None:
    for old_style, new_style in PLACEMENT_PAIRS:
        assert match_key(old_style) == match_key(new_style), (old_style, new_style)
        assert same_name(old_style, new_style)


def test_letters_and_tones_stay_significant() -> None:
    assert not same_name("Le Van An", "Lê Văn An")  # vowel marks are letters
    assert not same_name("Hòa", "Hóa")  # another tone is another name
    assert not same_name("Tân An", "Tấn An")
    assert not same_name("", "")


def test_case_spacing_dashes_and_apostrophes_do_not_matter() -> None:
    assert same_name("  HỒ   THUỲ thoa ", "Hồ Thùy Thoa")
    assert match_key("Xã Chân Mây - Lăng Cô") == match_key("Xã Chân Mây – Lăng Cô")
    assert match_key("Xã Ea M\u2019Droh") == match_key("Xã Ea M'Droh")


def test_search_key_drops_every_mark() -> None:
    assert search_key("Nguyễn Văn Đạt") == "nguyen van dat"
    assert search_key("Hồ Thuỳ Thoa") == search_key("ho thuy thoa")


@given(st.text(alphabet="aăâeêioôơuưyAĂÂEÊOÔƠUƯYđĐhnt \u0300\u0301\u0303\u0309\u0323", max_size=30))
def test_nfc_and_nfd_forms_have_one_key(text: str) -> None:
    assert match_key(unicodedata.normalize("NFC", text)) == match_key(unicodedata.normalize("NFD", text))
    assert search_key(unicodedata.normalize("NFC", text)) == search_key(unicodedata.normalize("NFD", text))


WHITE_SPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())


@given(
    st.text(alphabet=st.sampled_from(WHITE_SPACE + "a\u0301-\u2013'\u2019Đ"), max_size=12)
    | st.text(max_size=12)
)
def test_a_key_is_empty_exactly_when_the_text_is_white_space(text: str) -> None:
    # name_matches answers a name sent as the register spells it from this, without normalising.
    assert (match_key(text) == "") is (text == "" or text.isspace())
