"""How dancu compares Vietnamese names and place names (pure; no database, no web).

Two spellings of the same name are in everyday use: the "old style" puts the tone mark on the
first vowel of "oa, oe, uy" ("Hòa", "Thùy"), the "new style" on the second ("Hoà", "Thuỳ"). Both
are printed on real cards and typed by real clerks, and the same text may arrive composed (NFC)
or decomposed (NFD). Names that differ only in these ways are the *same* name.

* :func:`match_key` — strict on letters and on which tone a syllable carries, indifferent to the
  tone mark's placement, Unicode form, case, spacing and dash style. The k1 three-key match,
  reconciliation and code-table matching use it: "Lê" is still not "Le".
* :func:`search_key` — drops every mark (tone and vowel), đ → d: what a person types without
  a Vietnamese keyboard. Used to find *candidates*, never to confirm an identity.
"""

from __future__ import annotations

import re
import unicodedata

# The five tone marks as combining characters (huyền, sắc, ngã, hỏi, nặng). Vowel marks (â, ă, ê,
# ô, ơ, ư) are letters, not tones, and stay significant.
_TONES = frozenset({"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"})
_DASHES = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2015]\s*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})


def _syllable_key(word: str) -> str:
    """The syllable's letters (NFC, tone removed) followed by its tone, wherever it was placed."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(sorted(ch for ch in decomposed if ch in _TONES))
    letters = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return letters + tones


def _tidy(text: str) -> str:
    """NFC, case-folded, one space between words, one style of dash and apostrophe."""
    folded = unicodedata.normalize("NFC", text).casefold().translate(_APOSTROPHES)
    return " ".join(_DASHES.sub(" - ", folded).split())


def match_key(text: str) -> str:
    """A key equal for "Hồ Thùy Thoa", "HỒ THUỲ THOA" and its NFD form; different for "Ho Thuy Thoa"."""
    return " ".join(_syllable_key(word) for word in _tidy(text).split(" "))


def search_key(text: str) -> str:
    """ "Nguyễn Văn Đạt" → "nguyen van dat": no marks at all, đ → d, lower case, single spaces."""
    decomposed = unicodedata.normalize("NFD", _tidy(text).replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def same_name(given: str, registered: str) -> bool:
    """True when both are the same non-empty name under :func:`match_key`."""
    expected = match_key(registered)
    return bool(expected) and match_key(given) == expected
